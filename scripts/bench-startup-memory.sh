#!/usr/bin/env bash
# Start-up and memory of the daemon as its own process (issue 7, items 4 and 5):
# preloads RECORDS violating writes into a fresh table on the local endpoint, starts
# `driftwatch run`, and reports the time to the first stored finding, the time until every
# finding is stored, and the daemon's resident memory (VmRSS) while it works and once drained.
#
#   scripts/bench-startup-memory.sh [RECORDS] [local|production] [JAVA_OPTS]
#   e.g. scripts/bench-startup-memory.sh 5000 local "-Xmx256m"
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi
records=${1:-5000}
timings=${2:-local}
java_opts=${3:-}
case "$timings" in local|production) ;; *) echo "timings must be local or production, got: $timings" >&2; exit 2;; esac
[[ "$records" =~ ^[0-9]+$ ]] || { echo "RECORDS must be a whole number, got: $records" >&2; exit 2; }
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
  echo "alerts: {minSeverity: CRITICAL}"
} > "$config"
./driftwatch tables create --with-inventory --config "$config" >/dev/null

echo "preloading $records violating writes into bench-$run…" >&2
"$python" - "$url" "bench-$run" "$records" <<'PY'
import sys, boto3
url, table, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
c = boto3.client("dynamodb", endpoint_url=url, region_name="us-east-1",
                 aws_access_key_id="bench", aws_secret_access_key="bench")
for i in range(n):
    c.put_item(TableName=table, Item={"sku": {"S": "sku-%d" % i}, "quantity": {"N": "-1"}})
    if (i + 1) % 1000 == 0:
        print("  %d/%d" % (i + 1, n), file=sys.stderr)
PY

count() {
  "$python" - "$url" "bench-findings-$run" <<'PY'
import sys, boto3
c = boto3.client("dynamodb", endpoint_url=sys.argv[1], region_name="us-east-1",
                 aws_access_key_id="bench", aws_secret_access_key="bench")
total, kwargs = 0, {}
while True:
    page = c.scan(TableName=sys.argv[2], Select="COUNT", **kwargs)
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
  printf '\r%6.1f s  findings %d/%d  rss %d MB ' "$elapsed" "$n" "$records" "$now" >&2
  [ "$n" -ge "$records" ] && break
done
drained=$elapsed
sleep 5
settled=$(rss "$pid")
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
echo >&2
printf '| records | timings | JAVA_OPTS | first finding after start | all stored after start | peak RSS | RSS once drained |\n'
printf '| ---: | --- | --- | ---: | ---: | ---: | ---: |\n'
printf '| %d | %s | %s | %.1f s | %.1f s | %d MB | %d MB |\n' "$records" "$timings" "${java_opts:-(none)}" "$first" "$drained" "$peak" "$settled"
