#!/usr/bin/env bash
# Reconcile on a table older than its stream (issue 19, item 4): writes ITEMS items into a fresh table on the
# local endpoint while its stream is off, enables the stream, and runs `driftwatch reconcile` with the durable
# stream-gap state twice: the first adopts every item as the baseline (no finding); then, with the stream off
# again, CHANGED items are changed and one created, and the second reconcile finds exactly those. Prints the
# time, the peak resident memory and the cost each run printed.
#
#   scripts/bench-reconcile.sh [ITEMS] [CHANGED]
#   e.g. scripts/bench-reconcile.sh 10000 5
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi
items=${1:-10000}
changed=${2:-5}
[[ "$items" =~ ^[0-9]+$ ]] && [ "$items" -ge 1 ] || { echo "ITEMS must be a whole number from 1, got: $items" >&2; exit 2; }
[[ "$changed" =~ ^[0-9]+$ ]] && [ "$changed" -le "$items" ] \
  || { echo "CHANGED must be a whole number up to ITEMS, got: $changed" >&2; exit 2; }
project="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$project"
python=.local/venv/bin/python

./driftwatch local start >/dev/null
url=$(./driftwatch local status | awk '{print $2}')
run=$(date +%s)
config=$(mktemp --suffix .yaml)
{
  echo "endpoint: $url"
  echo "table: {name: rec-$run}"
  echo "audit: {table: rec-findings-$run, streamGapState: durable}"
} > "$config"
./driftwatch tables create --with-inventory --config "$config" >/dev/null

stream() {
  "$python" - "$url" "rec-$run" "$1" <<'PY'
import sys, boto3
c = boto3.client("dynamodb", endpoint_url=sys.argv[1], region_name="us-east-1",
                 aws_access_key_id="bench", aws_secret_access_key="bench")
spec = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"} if sys.argv[3] == "on" else {"StreamEnabled": False}
c.update_table(TableName=sys.argv[2], StreamSpecification=spec)
PY
}

write() {
  "$python" - "$url" "rec-$run" "$1" "$2" "$3" <<'PY'
import sys, boto3
url, table, first, count, quantity = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
c = boto3.client("dynamodb", endpoint_url=url, region_name="us-east-1",
                 aws_access_key_id="bench", aws_secret_access_key="bench")
batch = []
for i in range(first, first + count):
    batch.append({"PutRequest": {"Item": {"sku": {"S": "item-%08d" % i}, "quantity": {"N": quantity},
                                          "version": {"N": "1"}}}})
    if len(batch) == 25 or i == first + count - 1:
        pending = {table: batch}
        while pending:
            pending = c.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
        batch = []
PY
}

reconcile() {
  local log="target/bench-reconcile-$run-$1.log"
  /usr/bin/time -f "%e s %M KB" -o "$log.time" \
    ./driftwatch reconcile --config "$config" --settle 0s --format json >"$log.out" 2>"$log" || true
  # GNU time puts "Command exited with non-zero status 1" first when drift was found (exit 1)
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$(tail -1 "$log.time" | cut -d' ' -f1-2)" \
    "$(( $(tail -1 "$log.time" | cut -d' ' -f3) / 1024 )) MB" \
    "$(grep -E 'items scanned' "$log" | sed 's/^reconcile: //')" \
    "$(grep -E 'cost ' "$log" | sed 's/^reconcile: //'); $(grep -E 'adopted' "$log" | sed 's/^reconcile: //;s/ as the baseline.*//')"
}

echo "writing $items items with the stream off…" >&2
stream off
write 0 "$items" 10
stream on
printf '| run | time | peak RSS | result | cost, adopted |\n| --- | ---: | ---: | --- | --- |\n'
reconcile first
stream off
write 0 "$changed" 3
write "$items" 1 7
stream on
reconcile second
