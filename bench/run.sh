#!/usr/bin/env bash
# What users get, measured from outside: the packaged jar with -Xmx256m in an empty folder, start-up
# to /actuator/health 200, a file dropped into the inbox with default options until its report is
# written, a REST export (the same format, default options) with the download of its file, and the
# same export written into the answer (delivery response).
# On PostgreSQL the same records also go through psql \copy into and out of a table of the same
# shape in the same run; on H2 (the embedded default) the store's size is compared with the input
# and its import rate with PostgreSQL's for the same format in the same run.
#
#   bench/run.sh [count] [formats] [stores]   count on PostgreSQL, default 1000000; formats default
#                                             "ndjson csv xml"; stores default "postgres h2".
#                                             $BENCH_H2_COUNT: the count on H2, default 200000.
#                                             $BENCH_ARGS: more --name=value arguments for the service.
#                                             Needs python3, curl, psql and a PostgreSQL at
#                                             $BENCH_PGHOST:5432, user postgres.
set -euo pipefail
cd "$(dirname "$0")/.."
pg_count=${1:-1000000}
h2_count=${BENCH_H2_COUNT:-200000}
formats=${2:-ndjson csv xml}
stores=${3:-postgres h2}
host=${BENCH_PGHOST:-127.0.0.1}
gen=${BENCH_GENERATOR:-../shared/bench/gen_contexts.py}
schema=migration_users
out=$PWD/target/bench
jar=$PWD/target/context-store-migration.jar
token=bench-token
mkdir -p "$out"
psql_() { PGOPTIONS='-c client_min_messages=warning' psql -h "$host" -U postgres -v ON_ERROR_STOP=1 -q "$@"; }
now() { date +%s.%N; }
# the jar of the code checked out, never one left from an earlier build
./mvnw -q -B -DskipTests -DskipITs package

count_of() { if [ "$1" = postgres ]; then echo "$pg_count"; else echo "$h2_count"; fi; }
for store in $stores; do
  count=$(count_of "$store")
  for f in $formats csv; do
    [ -s "$out/contexts-$count.$f" ] || python3 "$gen" --count "$count" --format "$f" --seed 1 > "$out/contexts-$count.$f"
  done
done

app=""
rss_log=""
start() { # store folder: starts the jar, waits for health 200, writes the seconds it took to folder/startup
  local store=$1 dir=$2 args=(${BENCH_ARGS:-})
  if [ "$store" = postgres ]; then
    psql_ -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema"
    args+=(--spring.profiles.active=postgres
          "--spring.datasource.url=jdbc:postgresql://$host:5432/postgres?reWriteBatchedInserts=true"
          --spring.datasource.hikari.schema=$schema)
  fi
  local t0; t0=$(now)
  (cd "$dir" && MIGRATION_SECURITY_TOKENS_0_TOKEN=$token MIGRATION_SECURITY_TOKENS_0_USER=bench \
     MIGRATION_SECURITY_TOKENS_0_ROLES=admin exec java -Xmx256m -jar "$jar" "${args[@]}" > app.log 2>&1) &
  app=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' localhost:8080/actuator/health)" = 200 ]; do
    kill -0 "$app" 2>/dev/null || { echo "the service did not start: $dir/app.log" >&2; exit 1; }
    sleep 0.1
  done
  python3 -c "print(f'{$(now) - $t0:.1f}')" > "$dir/startup"
  rss_log=$dir/rss.log
  (while kill -0 "$app" 2>/dev/null; do ps -o rss= -p "$app" >> "$rss_log" || true; sleep 0.5; done) &
}
stop() { kill "$app"; wait "$app" 2>/dev/null || true; }

results=$out/users.tsv
: > "$results"
for store in $stores; do
  count=$(count_of "$store")
  for f in $formats; do
    dir=$(mktemp -d "$out/users-$store-$f.XXXX")
    start "$store" "$dir"
    startup=$(cat "$dir/startup")
    input=$out/contexts-$count.$f
    # the inbox takes a file once it has stopped growing: copied under a name it skips, then renamed
    cp "$input" "$dir/data/inbox/contexts/drop.$f.tmp"
    # the copy's pages on disk before the clock starts, not written back while the import runs
    sync
    t0=$(now)
    mv "$dir/data/inbox/contexts/drop.$f.tmp" "$dir/data/inbox/contexts/drop.$f"
    until [ -s "$dir/data/reports/drop.$f.report.json" ]; do sleep 0.1; done
    t1=$(now)
    stored=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(r['successfulRecords'] if r['status']=='completed' else 'failed:'+r['status'])" \
             "$dir/data/reports/drop.$f.report.json")
    # a rate counts only for an import that stored every record
    if [ "$stored" != "$count" ]; then
      echo "$store $f: the import stored $stored of $count records: $dir/data/reports/drop.$f.report.json" >&2
      stop; exit 1
    fi
    store_bytes=$(du -sb "$dir/data/store" 2>/dev/null | cut -f1 || echo 0)
    t2=$(now)
    exported=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
          -d "{\"dataType\":\"contexts\",\"options\":{\"format\":\"$f\"}}" localhost:8080/api/data-migration/export \
          | python3 -c "import json,sys; r=json.load(sys.stdin); print(r['recordCount'], r['files'][0]['url'])")
    curl -sf -H "Authorization: Bearer $token" -o /dev/null "localhost:8080${exported#* }"
    t3=$(now)
    if [ "${exported%% *}" != "$count" ]; then
      echo "$store $f: the export wrote ${exported%% *} of $count records" >&2
      stop; exit 1
    fi
    # the same export written into the answer (delivery response); a broken-off answer fails curl
    curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -o /dev/null \
          -d "{\"dataType\":\"contexts\",\"options\":{\"format\":\"$f\",\"delivery\":\"response\"}}" \
          localhost:8080/api/data-migration/export
    t4=$(now)
    streamed=$(curl -sf -H "Authorization: Bearer $token" "localhost:8080/api/data-migration/operations/history?limit=1" \
          | python3 -c "import json,sys; r=json.load(sys.stdin)[0]; print(r['processedRecords'] if r['status']=='completed' else r['status'])")
    if [ "$streamed" != "$count" ]; then
      echo "$store $f: the export into the answer wrote $streamed of $count records" >&2
      stop; exit 1
    fi
    stop
    rss=$(sort -n "$rss_log" | tail -1)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$store" "$f" "$count" "$startup" "$stored" "$t0" "$t1" "$t2" "$t3" "$t4" \
      "$store_bytes:$rss:$(stat -c %s "$input")" >> "$results"
  done
done

copy_in=0; copy_out=0
count=$pg_count
if [[ " $stores " == *" postgres "* ]]; then
  # \copy varies from run to run on a shared machine: three times each, the median counts
  ins=(); outs=()
  for round in 1 2 3; do
    psql_ -c "CREATE SCHEMA IF NOT EXISTS $schema" -c "DROP TABLE IF EXISTS $schema.copy_target" \
          -c "CREATE TABLE $schema.copy_target (LIKE $schema.contexts INCLUDING ALL)"
    sync
    c0=$(now)
    psql_ -c "\\copy $schema.copy_target (id, title, content, type, tags, session_id, created_at, updated_at, importance, metadata) FROM '$out/contexts-$count.csv' CSV HEADER"
    c1=$(now)
    psql_ -c "VACUUM ANALYZE $schema.copy_target"
    c2=$(now)
    psql_ -c "\\copy (SELECT * FROM $schema.copy_target ORDER BY id) TO '/dev/null' CSV HEADER"
    c3=$(now)
    psql_ -c "DROP TABLE $schema.copy_target"
    ins+=("$(python3 -c "print($count / ($c1 - $c0))")"); outs+=("$(python3 -c "print($count / ($c3 - $c2))")")
  done
  echo "psql \\copy FROM records/s: ${ins[*]}; \\copy TO: ${outs[*]}"
  copy_in=$(printf '%s\n' "${ins[@]}" | sort -g | sed -n 2p); copy_out=$(printf '%s\n' "${outs[@]}" | sort -g | sed -n 2p)
fi

python3 - "$results" "$pg_count" "$copy_in" "$copy_out" <<'PY'
import sys
results, pg_count, copy_in, copy_out = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
rows = [line.rstrip("\n").split("\t") for line in open(results)]
imports = {}
if copy_in:
    print(f"psql \\copy FROM: {copy_in:,.0f} records/s   \\copy TO: {copy_out:,.0f} records/s   (medians of 3, {pg_count:,} records)")
for store, fmt, count, startup, stored, t0, t1, t2, t3, t4, sizes in rows:
    count = int(count)
    store_bytes, rss_kb, input_bytes = map(int, sizes.split(":"))
    imp = count / (float(t1) - float(t0))
    exp = count / (float(t3) - float(t2))
    streamed = count / (float(t4) - float(t3))
    imports[(store, fmt)] = imp
    line = f"{store:8} {fmt:6} {count:,} records, start-up {startup} s | inbox import {imp:,.0f} records/s (stored {stored})"
    if store == "postgres" and copy_in:
        line += f" = {imp / copy_in:.2f} of \\copy FROM"
    line += f" | REST export with download {exp:,.0f} records/s"
    if store == "postgres" and copy_out:
        line += f" = {exp / copy_out:.2f} of \\copy TO"
    line += f" | REST export into the answer {streamed:,.0f} records/s"
    if store == "postgres" and copy_out:
        line += f" = {streamed / copy_out:.2f} of \\copy TO"
    if store == "h2":
        line += f" | store {store_bytes / 1e6:,.0f} MB for {input_bytes / 1e6:,.0f} MB of input"
        if ("postgres", fmt) in imports:
            line += f", import {imp / imports[('postgres', fmt)]:.2f} of PostgreSQL's"
    line += f" | peak RSS {rss_kb / 1024:,.0f} MB"
    print(line)
for store in dict.fromkeys(row[0] for row in rows):
    startups = sorted(float(row[3]) for row in rows if row[0] == store)
    print(f"{store} start-up to health 200: best {startups[0]:.1f} s, worst {startups[-1]:.1f} s of {len(startups)}")
PY
