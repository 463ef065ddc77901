"""Runs moto's server for driftwatch's local endpoint, with five corrections.

1. Requests are served one at a time. moto's DynamoDB backend is not atomic
   per item under concurrent requests (two PutItems on one key can both read
   the same "current" item and emit stream records that do not chain, and two
   stream appends can draw the same sequence number). DynamoDB serialises
   writes per item; a single lock gives the same guarantee here.

2. TransactWriteItems rolls back item by item. moto deep-copies every table
   a transaction names before it starts (the whole table, its items and its
   stream records: a transaction on a table of 50,000 items took seconds) and
   on cancellation puts the copy in place, which also breaks running stream
   readers: writes done earlier in the transaction were already appended to
   the old stream shard, which open shard iterators keep reading, while new
   records go to the copy's shard. The wrapper makes the table copy a no-op,
   saves only the items the transaction names, and on cancellation puts them
   back and cuts the stream shard back to its length before the call, so open
   iterators stay live and never see a rolled-back write. Upstream defect: see
   docs/LOCAL-ENDPOINT.md.

3. TransactWriteItems honours ClientRequestToken. moto ignores it, so a
   retried transaction would apply twice. As in DynamoDB, a token that
   succeeded within the last ten minutes makes a repeat of the same request a
   no-op success, and a repeat with other items an
   IdempotentParameterMismatchException; a token whose call failed is free.

4. A stream has a life of its own, as in DynamoDB. moto keeps one label and
   one shard per table: a write after disabling the stream fails, enabling
   it again is refused as "already enabled", and every ARN of a table reads
   the same shard. Here disabling closes the stream's shard (it gets an
   ending sequence number, reads end there with no next iterator, and the
   stream is DISABLED but readable) and writes leave no records until a
   stream is enabled again, which makes a new stream with a new label, ARN
   and shard id, its sequence numbers above the old stream's. Deleting a
   table closes its stream the same way. Each ARN reads its own stream;
   ListStreams lists them all.

5. A write that changes nothing leaves no stream record. moto appends a
   MODIFY whose images are equal; DynamoDB writes none ("If you perform a
   PutItem or UpdateItem operation that does not change any data in an
   item, DynamoDB Streams does not write a stream record for that
   operation"). Numbers compare by value (1 and 1.0 are one number).

Usage: python moto_launcher.py --host 127.0.0.1 --port PORT
"""

import argparse
import copy
import decimal
import json
import os
import signal
import sys
import threading
import time

import moto
from moto.core.responses import ActionResult
from moto.dynamodb.exceptions import (
    ERROR_TYPE_PREFIX,
    DynamodbException,
    ResourceNotFoundException,
    StreamAlreadyEnabledException,
)
import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import StreamShard, Table
from moto.dynamodbstreams.models import DynamoDBStreamsBackend, ShardIterator
from moto.dynamodb.responses import DynamoHandler
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

PATCHED_MOTO_VERSIONS = ("5.1.", "5.2.")


class _CopyWithTablesShared:
    """moto's `copy` module as the backend sees it, except that a Table is not deep-copied."""

    def __init__(self, real):
        self._real = real

    def __getattr__(self, name):
        return getattr(self._real, name)

    def deepcopy(self, value, memo=None):
        if isinstance(value, Table):
            return value
        return self._real.deepcopy(value, memo)


def _named_item(table, source):
    """(hash, range) of the item an action names, or None when it names none we can find."""
    if not source or table.hash_key_attr not in source:
        return None
    range_value = None
    if table.range_key_attr is not None:
        if table.range_key_attr not in source:
            return None
        range_value = DynamoType(source[table.range_key_attr])
    return DynamoType(source[table.hash_key_attr]), range_value


def patch_transaction_rollback():
    if not moto.__version__.startswith(PATCHED_MOTO_VERSIONS):
        raise SystemExit(
            f"moto {moto.__version__} is not one the transaction fix was written for "
            f"({', '.join(v + 'x' for v in PATCHED_MOTO_VERSIONS)}); re-check it before use"
        )
    dynamodb_models.copy = _CopyWithTablesShared(copy)
    original = DynamoDBBackend.transact_write_items

    def transact_write_items(self, transact_items):
        saved = []  # (table, hash, range, deep copy of the item before, or None)
        shards = {}  # table name -> (shard, its length before)
        for entry in transact_items:
            _, operation = next(iter(entry.items()))
            name = operation.get("TableName")
            if not name or name not in self.tables:
                continue
            table = self.tables[name]
            if name not in shards:
                shard = table.stream_shard
                shards[name] = (shard, len(shard.items) if shard else 0)
            key = _named_item(table, operation.get("Item") or operation.get("Key"))
            if key is None:
                continue
            before = table.get_item(*key)
            saved.append((table, key[0], key[1], copy.deepcopy(before) if before is not None else None))
        try:
            return original(self, transact_items)
        except Exception:
            for table, hash_value, range_value, before in reversed(saved):
                items = table.items[hash_value] if range_value is not None else table.items
                slot = range_value if range_value is not None else hash_value
                if before is None:
                    items.pop(slot, None)
                else:
                    items[slot] = before
            for shard, length in shards.values():
                if shard is not None:
                    del shard.items[length:]
            raise

    DynamoDBBackend.transact_write_items = transact_write_items


TOKEN_LIFETIME_SECONDS = 600


class IdempotentParameterMismatch(DynamodbException):
    def __init__(self):
        super().__init__(
            ERROR_TYPE_PREFIX + "IdempotentParameterMismatchException",
            "The request uses the same client token as a previous, but non-identical request.",
        )


def patch_transaction_tokens():
    original = DynamoHandler.transact_write_items
    succeeded = {}  # token -> (fingerprint of the items, expiry); guarded by SerialApplication

    def transact_write_items(self):
        token = self.body.get("ClientRequestToken")
        if not token:
            return original(self)
        fingerprint = json.dumps(self.body.get("TransactItems"), sort_keys=True)
        now = time.monotonic()
        for expired in [t for t, (_, until) in succeeded.items() if until <= now]:
            del succeeded[expired]
        if token in succeeded:
            if succeeded[token][0] != fingerprint:
                raise IdempotentParameterMismatch()
            return ActionResult({"ConsumedCapacity": [], "ItemCollectionMetrics": {}})
        result = original(self)
        succeeded[token] = (fingerprint, now + TOKEN_LIFETIME_SECONDS)
        return result

    DynamoHandler.transact_write_items = transact_write_items


STREAMS = {}  # stream ARN -> its StreamShard (with .view_type, and .ending once closed); guarded by SerialApplication


def _close(shard):
    if shard is not None and getattr(shard, "ending", None) is None:
        shard.ending = shard.starting_sequence_number + len(shard.items) - 1


def _stream(arn):
    shard = STREAMS.get(arn)
    if shard is None:
        raise ResourceNotFoundException(f"Requested resource not found: Stream: {arn} not found")
    return shard


def patch_stream_lifecycle():
    original_set = Table.set_stream_specification

    def set_stream_specification(self, streams):
        enabling = bool(streams) and bool(streams.get("StreamEnabled") or streams.get("StreamViewType"))
        if not enabling:
            _close(getattr(self, "stream_shard", None))
            self.stream_specification = {"StreamEnabled": False}
            self.stream_shard = None
            return  # the label stays: DescribeTable keeps naming the latest stream
        earlier = [other for other in STREAMS.values() if other.table.name == self.name]
        original_set(self, streams)
        shard = self.stream_shard
        shard.id = "shardId-%020d-%s" % (int(time.time() * 1000), os.urandom(4).hex())
        if earlier:  # DynamoDB's numbers only grow: a table's new stream starts above its old ones
            shard.starting_sequence_number = 1000 + max(
                other.starting_sequence_number + len(other.items) for other in earlier
            )
        shard.view_type = self.stream_specification["StreamViewType"]
        STREAMS[f"{self.table_arn}/stream/{self.latest_stream_label}"] = shard

    def update_table_streams(self, table, stream_specification):
        enabling = stream_specification.get("StreamEnabled") or stream_specification.get("StreamViewType")
        if enabling and table.stream_shard is not None:
            raise StreamAlreadyEnabledException
        table.set_stream_specification(stream_specification)

    original_delete = DynamoDBBackend.delete_table

    def delete_table(self, name):
        table = original_delete(self, name)
        _close(getattr(table, "stream_shard", None))
        return table

    original_to_json = StreamShard.to_json

    def to_json(self):
        shard = original_to_json(self)
        if getattr(self, "ending", None) is not None:
            shard["SequenceNumberRange"]["EndingSequenceNumber"] = str(self.ending)
        return shard

    def describe_stream(self, arn):
        shard = _stream(arn)
        return {
            "StreamArn": arn,
            "StreamLabel": arn.rsplit("/", 1)[1],
            "StreamStatus": "DISABLED" if getattr(shard, "ending", None) is not None else "ENABLED",
            "StreamViewType": shard.view_type,
            "CreationRequestDateTime": shard.created_on,
            "TableName": shard.table.name,
            "KeySchema": shard.table.schema,
            "Shards": [shard.to_json()],
        }

    def list_streams(self, table_name=None):
        return [
            {"StreamArn": arn, "TableName": shard.table.name, "StreamLabel": arn.rsplit("/", 1)[1]}
            for arn, shard in STREAMS.items()
            if table_name is None or shard.table.name == table_name
        ]

    def get_shard_iterator(self, arn, shard_id, shard_iterator_type, sequence_number=None):
        shard = _stream(arn)
        if shard.id != shard_id:
            raise ResourceNotFoundException(f"Requested resource not found: Shard: {shard_id} not found")
        iterator = ShardIterator(self, shard, shard_iterator_type, sequence_number)
        self.shard_iterators[iterator.arn] = iterator
        return iterator

    original_get = ShardIterator.get

    def get(self, limit=1000):
        result = original_get(self, limit)
        ending = getattr(self.stream_shard, "ending", None)
        if ending is not None and self.streams_backend.shard_iterators[result["NextShardIterator"]].sequence_number > ending:
            del result["NextShardIterator"]  # a closed shard read to its end
        return result

    Table.set_stream_specification = set_stream_specification
    DynamoDBBackend.update_table_streams = update_table_streams
    DynamoDBBackend.delete_table = delete_table
    StreamShard.to_json = to_json
    DynamoDBStreamsBackend.describe_stream = describe_stream
    DynamoDBStreamsBackend.list_streams = list_streams
    DynamoDBStreamsBackend.get_shard_iterator = get_shard_iterator
    ShardIterator.get = get


def _comparable(value):
    """An attribute value as DynamoDB compares it: numbers by value, collections element by element."""
    if isinstance(value, dict):
        if set(value) == {"N"}:
            return ("N", decimal.Decimal(value["N"]).normalize())
        if set(value) == {"NS"}:
            return ("NS", frozenset(decimal.Decimal(n).normalize() for n in value["NS"]))
        if set(value) in ({"SS"}, {"BS"}):
            key = next(iter(value))
            return (key, frozenset(value[key]))
        return {k: _comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    return value


def patch_unchanged_writes():
    original_add = StreamShard.add

    def add(self, old, new):
        if old is not None and new is not None:
            if _comparable(old.to_json()["Attributes"]) == _comparable(new.to_json()["Attributes"]):
                return None  # nothing changed: DynamoDB Streams writes no record
        return original_add(self, old, new)

    StreamShard.add = add


class SerialApplication:
    """WSGI middleware: one request inside moto at a time."""

    def __init__(self, application):
        self.application = application
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            return list(self.application(environ, start_response))


def main(argv):
    parser = argparse.ArgumentParser(description="driftwatch local endpoint (moto)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)

    patch_transaction_rollback()
    patch_transaction_tokens()
    patch_stream_lifecycle()
    patch_unchanged_writes()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    application = SerialApplication(DomainDispatcherApplication(create_backend_app))
    print(f"moto {moto.__version__} serving on http://{args.host}:{args.port}", flush=True)
    run_simple(args.host, args.port, application, threaded=True, use_reloader=False)


if __name__ == "__main__":
    main(sys.argv[1:])
