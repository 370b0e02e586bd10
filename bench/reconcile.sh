#!/usr/bin/env bash
# Reconcile against import, as a user meets them: the jar on PostgreSQL, one NDJSON file of
# [count] contexts (default 1,000,000) uploaded to POST /import, then the same file to
# POST /reconcile (all equal) and once more with extraInStore=true. Prints the seconds of each
# call, the ratio to the import and the service's peak RSS. Run from the project folder after
# ./mvnw package; needs curl, python3 and PostgreSQL at $BENCH_PGHOST (127.0.0.1), user postgres.
set -euo pipefail
count=${1:-1000000}
host=${BENCH_PGHOST:-127.0.0.1}
gen=${BENCH_GENERATOR:-../shared/bench/gen_contexts.py}
jar=$(pwd)/target/context-store-migration.jar
out=$(pwd)/bench/out
schema=bench_reconcile
token=bench-$(date +%s)
mkdir -p "$out"
input=$out/contexts-$count.ndjson
[ -s "$input" ] || python3 "$gen" --count "$count" --format ndjson --seed 1 > "$input"
now() { python3 -c 'import time; print(time.time())'; }
psql -h "$host" -U postgres -q -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema"
dir=$(mktemp -d "$out/reconcile.XXXX")
(cd "$dir" && MIGRATION_SECURITY_TOKENS_0_TOKEN=$token MIGRATION_SECURITY_TOKENS_0_USER=bench \
   MIGRATION_SECURITY_TOKENS_0_ROLES=admin exec java -Xmx256m -jar "$jar" --spring.profiles.active=postgres \
   "--spring.datasource.url=jdbc:postgresql://$host:5432/postgres?reWriteBatchedInserts=true" \
   --spring.datasource.hikari.schema=$schema > app.log 2>&1) &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
until [ "$(curl -s -o /dev/null -w '%{http_code}' localhost:8080/actuator/health)" = 200 ]; do sleep 0.2; done
(while kill -0 "$app" 2>/dev/null; do ps -o rss= -p "$app" >> "$dir/rss.log" || true; sleep 0.5; done) &
call() { # path extra-fields...: uploads the file, prints seconds and the answer's summary
  local path=$1; shift
  local t0 t1; t0=$(now)
  curl -sf -H "Authorization: Bearer $token" -F "file=@$input" -F dataType=contexts "$@" \
       "localhost:8080/api/data-migration/$path" > "$dir/$path.json"
  t1=$(now)
  python3 -c "print(f'{$t1 - $t0:.1f}')"
}
imported=$(call import)
reconciled=$(call reconcile)
extra=$(call reconcile -F extraInStore=true)
python3 - "$dir" "$count" "$imported" "$reconciled" "$extra" <<'PY'
import json, sys
d, count, imp, rec, extra = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
i = json.load(open(f"{d}/import.json")); r = json.load(open(f"{d}/reconcile.json"))
assert i["successfulRecords"] == count, i["status"]
assert r["equal"] == count and r["matches"], r["message"]
rss = max(int(x) for x in open(f"{d}/rss.log") if x.strip()) // 1024
print(f"{count} records: import {imp} s, reconcile {rec} s ({rec / imp:.2f} of the import), "
      f"with extraInStore {extra} s ({extra / imp:.2f}); peak RSS {rss} MB")
PY
