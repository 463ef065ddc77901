"""Runs moto's server for driftwatch's local endpoint, with two corrections.

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

Usage: python moto_launcher.py --host 127.0.0.1 --port PORT
"""

import argparse
import copy
import json
import signal
import sys
import threading
import time

import moto
from moto.core.responses import ActionResult
from moto.dynamodb.exceptions import ERROR_TYPE_PREFIX, DynamodbException
import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table
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
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    application = SerialApplication(DomainDispatcherApplication(create_backend_app))
    print(f"moto {moto.__version__} serving on http://{args.host}:{args.port}", flush=True)
    run_simple(args.host, args.port, application, threaded=True, use_reloader=False)


if __name__ == "__main__":
    main(sys.argv[1:])
