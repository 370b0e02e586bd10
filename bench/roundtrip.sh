#!/usr/bin/env bash
# A large round trip through every export layer on PostgreSQL with -Xmx256m: import `count`
# generated contexts from NDJSON (1,750,000 by default, about 2 GB), export them compressed
# (zstd, or the second argument), encrypted (aes-256-gcm) and split into 256 MB parts, then import
# the manifest back into an empty table. Prints records/s and peak heap of both directions.
#
#   bench/roundtrip.sh [count] [gzip|brotli|zstd]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1750000}
compression=${2:-zstd}
gen=${BENCH_GENERATOR:-../shared/bench/gen_contexts.py}
out=target/bench
mkdir -p "$out"
if [ ! -s "$out/contexts-$count.ndjson" ]; then
  python3 "$gen" --count "$count" --format ndjson --seed 1 > "$out/contexts-$count.ndjson"
fi
./mvnw -q -B test-compile
./mvnw -q -B test -Pbench -Dbench.test='**/PackagingBenchmark.java' -Dbench.compression="$compression" \
  -Dbench.input="$PWD/$out/contexts-$count.ndjson" | tee "$out/roundtrip.log" | grep '^BENCH'
