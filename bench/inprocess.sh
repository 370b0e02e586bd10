#!/usr/bin/env bash
# Imports and exports N generated contexts through the service's routes on PostgreSQL with
# -Xmx256m, and times psql \copy of the same records into and out of a table of the same shape
# (same columns and indexes) on the same server, in the same run.
#
#   bench/inprocess.sh [count] [format]   count default 1000000; format ndjson (default), csv, xml,
#                                         yaml or json: the service imports a file in that format and
#                                         exports to it. Needs python3, psql and a PostgreSQL at $BENCH_PGHOST:5432,
#                                   user postgres, default 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}
format=${2:-ndjson}
host=${BENCH_PGHOST:-127.0.0.1}
gen=${BENCH_GENERATOR:-../shared/bench/gen_contexts.py}
out=target/bench
mkdir -p "$out"
psql_() { psql -h "$host" -U postgres -v ON_ERROR_STOP=1 -q "$@"; }

for f in "$format" csv; do
  if [ ! -s "$out/contexts-$count.$f" ]; then
    python3 "$gen" --count "$count" --format "$f" --seed 1 > "$out/contexts-$count.$f"
  fi
done

./mvnw -q -B test-compile
./mvnw -q -B test -Pbench -Dbench.input="$PWD/$out/contexts-$count.$format" \
  -Dbench.exportFormat="$format" | tee "$out/service.log" | grep '^BENCH'

# the service's run left the migration_bench schema with its tables; \copy goes to a twin of contexts
psql_ -c "DROP TABLE IF EXISTS migration_bench.copy_target" \
      -c "CREATE TABLE migration_bench.copy_target (LIKE migration_bench.contexts INCLUDING ALL)"
now() { date +%s.%N; }
t0=$(now)
psql_ -c "\\copy migration_bench.copy_target (id, title, content, type, tags, session_id, created_at, updated_at, importance, metadata) FROM '$out/contexts-$count.csv' CSV HEADER"
t1=$(now)
psql_ -c "VACUUM ANALYZE migration_bench.copy_target"   # the service's run does the same before its export
t2=$(now)
psql_ -c "\\copy (SELECT * FROM migration_bench.copy_target ORDER BY id) TO '$out/copy-out.csv' CSV HEADER"
t3=$(now)
rm -f "$out/copy-out.csv"
psql_ -c "DROP TABLE migration_bench.copy_target"

python3 - "$count" "$t0" "$t1" "$t2" "$t3" "$out/service.log" <<'PY'
import re, sys
count, t0, t1, t2, t3, log = int(sys.argv[1]), *map(float, sys.argv[2:6]), sys.argv[6]
copy_in, copy_out = count / (t1 - t0), count / (t3 - t2)
figures = {}
for line in open(log):
    m = re.match(r"BENCH (\w+) (.*)", line)
    if m:
        figures[m.group(1)] = dict(kv.split("=") for kv in m.group(2).split())
imp, exp = float(figures["import"]["records_per_s"]), float(figures["export"]["records_per_s"])
print(f"psql \\copy FROM: {copy_in:,.0f} records/s   \\copy TO: {copy_out:,.0f} records/s")
print(f"service import ({figures['import']['format']}):  {imp:,.0f} records/s = {imp / copy_in:.0%} of \\copy FROM "
      f"(peak heap {figures['import']['peak_heap_mb']} MB of {figures['import']['max_heap_mb']} MB)")
print(f"service export ({figures['export']['format']}):  {exp:,.0f} records/s = {exp / copy_out:.0%} of \\copy TO "
      f"(peak heap {figures['export']['peak_heap_mb']} MB)")
PY
