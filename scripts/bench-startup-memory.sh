#!/usr/bin/env bash
# Start-up and memory of the daemon as its own process (issue 7, items 4 and 5):
# preloads RECORDS new items into a fresh table on the local endpoint, PERCENT of them violating
# (default 100; the last record always violates), starts `driftwatch run`, and reports the time to
# the first stored finding (rows with a rule: not the images or the ledger), the time until every finding is stored (= the stream is drained), and
# the daemon's resident memory (VmRSS) while it works and once drained; then stops it, writes one
# more violating item and starts it again: the time to that finding is a restart's first record.
# Timings: local (the short lease timings of config/driftwatch.yaml), production (driftwatch's
# defaults: KCL's lease timings, no sleep after a shard sync), kcl (KCL's defaults, with its 60 s
# sleep after a shard sync, as driftwatch had before 2026-11-30), production-stable (production with a
# consumer.workerId kept across the restart).
#
#   scripts/bench-startup-memory.sh [RECORDS] [local|production|production-stable|kcl] [JAVA_OPTS] [PERCENT]
#   e.g. scripts/bench-startup-memory.sh 50000 local "" 1
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi
records=${1:-5000}
timings=${2:-local}
java_opts=${3:-}
percent=${4:-100}
case "$timings" in local|production|production-stable|kcl) ;;
  *) echo "timings must be local, production, production-stable or kcl, got: $timings" >&2; exit 2;; esac
[[ "$records" =~ ^[0-9]+$ ]] || { echo "RECORDS must be a whole number, got: $records" >&2; exit 2; }
[[ "$percent" =~ ^[0-9]+$ ]] && [ "$percent" -ge 1 ] && [ "$percent" -le 100 ] \
  || { echo "PERCENT must be a whole number from 1 to 100, got: $percent" >&2; exit 2; }
expected=$(( records * percent / 100 ))
project="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$project"
python=.local/venv/bin/python

./driftwatch local start >/dev/null
url=$(./driftwatch local status | awk '{print $2}')
run=$(date +%s)
config=$(mktemp --suffix .yaml)
{
  echo "endpoint: $url"
  echo "table: {name: bench-$run}"
  echo "audit: {table: bench-findings-$run}"
  echo "consumer:"
  echo "  application: bench-app-$run"
  echo "  idleBetweenReadsMillis: 200"
  if [ "$timings" = local ]; then
    printf '  failoverMillis: 5000\n  leaseAssignmentIntervalMillis: 3000\n  shardSyncIntervalMillis: 0\n  leaderLeaseMillis: 10000\n'
  fi
  if [ "$timings" = production-stable ]; then
    echo "  workerId: bench-worker-$run"
  fi
  if [ "$timings" = kcl ]; then
    echo "  shardSyncIntervalMillis: 60000"
  fi
  echo "alerts: {minSeverity: CRITICAL}"
} > "$config"
./driftwatch tables create --with-inventory --config "$config" >/dev/null

echo "preloading $records writes ($percent % violating) into bench-$run…" >&2
"$python" - "$url" "bench-$run" "$records" "$percent" <<'PY'
import sys, boto3
url, table, n, pct = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
c = boto3.client("dynamodb", endpoint_url=url, region_name="us-east-1",
                 aws_access_key_id="bench", aws_secret_access_key="bench")
batch = []
for i in range(n):
    violating = (i + 1) * pct // 100 > i * pct // 100
    batch.append({"PutRequest": {"Item": {"sku": {"S": "sku-%08d" % i},
                                          "quantity": {"N": "-1" if violating else "10"},
                                          "version": {"N": "1"}}}})
    if len(batch) == 25 or i == n - 1:
        pending = {table: batch}
        while pending:
            pending = c.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
        batch = []
    if (i + 1) % 5000 == 0:
        print("  %d/%d" % (i + 1, n), file=sys.stderr)
PY

count() {
  "$python" - "$url" "bench-findings-$run" <<'PY'
import sys, boto3
c = boto3.client("dynamodb", endpoint_url=sys.argv[1], region_name="us-east-1",
                 aws_access_key_id="bench", aws_secret_access_key="bench")
total, kwargs = 0, {}
while True:
    page = c.scan(TableName=sys.argv[2], Select="COUNT", FilterExpression="attribute_exists(#r)",
                  ExpressionAttributeNames={"#r": "rule"}, **kwargs)
    total += page["Count"]
    if "LastEvaluatedKey" not in page:
        break
    kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
print(total)
PY
}
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$1/status" 2>/dev/null || echo 0; }

start=$(date +%s.%N)
DRIFTWATCH_JAVA_OPTS="$java_opts" ./driftwatch run --config "$config" 2>"target/bench-run-$run.log" &
pid=$!
first="" peak=0
while :; do
  sleep 1
  kill -0 "$pid" 2>/dev/null || { echo "the daemon exited; see target/bench-run-$run.log" >&2; exit 1; }
  now=$(rss "$pid"); [ "$now" -gt "$peak" ] && peak=$now
  n=$(count)
  elapsed=$(echo "$(date +%s.%N) - $start" | bc)
  [ -z "$first" ] && [ "$n" -gt 0 ] && first=$elapsed
  printf '\r%6.1f s  findings %d/%d  rss %d MB ' "$elapsed" "$n" "$expected" "$now" >&2
  [ "$n" -ge "$expected" ] && break
done
drained=$elapsed
sleep 5
settled=$(rss "$pid")
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
echo >&2

# A restart: the lease table exists, one more violating write waits in the stream.
"$python" - "$url" "bench-$run" <<'PY'
import sys, boto3
c = boto3.client("dynamodb", endpoint_url=sys.argv[1], region_name="us-east-1",
                 aws_access_key_id="bench", aws_secret_access_key="bench")
c.put_item(TableName=sys.argv[2], Item={"sku": {"S": "after-restart"}, "quantity": {"N": "-1"},
                                        "version": {"N": "1"}})
PY
restart_start=$(date +%s.%N)
DRIFTWATCH_JAVA_OPTS="$java_opts" ./driftwatch run --config "$config" 2>>"target/bench-run-$run.log" &
pid=$!
while :; do
  sleep 1
  kill -0 "$pid" 2>/dev/null || { echo "the restarted daemon exited; see target/bench-run-$run.log" >&2; exit 1; }
  elapsed=$(echo "$(date +%s.%N) - $restart_start" | bc)
  printf '\r%6.1f s  after restart ' "$elapsed" >&2
  [ "$(count)" -gt "$expected" ] && break
  [ "$(echo "$elapsed > 600" | bc)" = 1 ] && { echo "no finding 600 s after the restart" >&2; kill -TERM "$pid"; exit 1; }
done
restarted=$elapsed
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
echo >&2
printf '| records | violating | timings | JAVA_OPTS | first finding after start | all stored after start | first finding after a restart | peak RSS | RSS once drained |\n'
printf '| ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |\n'
printf '| %d | %d %% | %s | %s | %.1f s | %.1f s | %.1f s | %d MB | %d MB |\n' "$records" "$percent" "$timings" "${java_opts:-(none)}" "$first" "$drained" "$restarted" "$peak" "$settled"
