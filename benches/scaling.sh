#!/usr/bin/env bash
# Thread scaling and peak memory of the command line on large inputs.
#
#   benches/scaling.sh [WORK_DIR]        (default: target/bench-corpus)
#
# Builds the release binary and the inputs (benches/make-corpus.py: a 512 MiB JSON Lines
# dump, 2,000 small files, and for memory a 2 GiB JSON Lines dump), then reports:
#   - wall time and MB/s for -j1 and -j2 on the directory and on the JSON Lines file
#     (best of 3 runs each), and the speed-up: once with output to standard output sent to
#     /dev/null (the cleaning itself), once with -o (writing the files, which on a slow disk
#     bounds the speed whatever the thread count);
#   - peak resident memory (GNU time's "Maximum resident set size") of -j2 on 2 GiB.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-target/bench-corpus}
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }
cargo build --release --quiet
bin=target/release/hanfix
[ -f "$work/big.jsonl" ] || python3 benches/make-corpus.py "$work" --jsonl-mib 512 --files 2000
[ -f "$work/huge/big.jsonl" ] || python3 benches/make-corpus.py "$work/huge" --jsonl-mib 2048 --files 0

best_seconds() { # best wall time of 3 runs of the command given
  local best=
  for _ in 1 2 3; do
    local start end t
    start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
    best=$(awk -v t="$t" -v best="${best:-$t}" 'BEGIN { print (t < best ? t : best) }')
  done
  echo "$best"
}

report() { # name, bytes, then the command without -j
  local name=$1 bytes=$2; shift 2
  rm -rf "$work/out"
  local one two
  one=$(best_seconds "$bin" --progress=never -j1 "$@")
  rm -rf "$work/out"
  two=$(best_seconds "$bin" --progress=never -j2 "$@")
  awk -v name="$name" -v bytes="$bytes" -v one="$one" -v two="$two" 'BEGIN {
    printf "%-28s -j1 %6.2f s %7.1f MB/s   -j2 %6.2f s %7.1f MB/s   speed-up %.2fx\n",
      name, one, bytes / one / 1e6, two, bytes / two / 1e6, one / two }'
}

files_bytes=$(du -sb --apparent-size "$work/files" | cut -f1)
jsonl_bytes=$(stat -c %s "$work/big.jsonl")
report "directory, to /dev/null" "$files_bytes" "$work/files"
report "JSON Lines, to /dev/null" "$jsonl_bytes" --jsonl "$work/big.jsonl"
report "directory, -o out/" "$files_bytes" "$work/files" -o "$work/out"
report "JSON Lines, -o out.jsonl" "$jsonl_bytes" --jsonl "$work/big.jsonl" -o "$work/out.jsonl"

rm -f "$work/huge/out.jsonl"
/usr/bin/time -v "$bin" --progress=never -j2 --jsonl "$work/huge/big.jsonl" -o "$work/huge/out.jsonl" \
  2> "$work/huge/time.txt"
rss_kb=$(grep 'Maximum resident set size' "$work/huge/time.txt" | awk '{print $NF}')
secs=$(grep 'Elapsed (wall clock)' "$work/huge/time.txt" | awk '{print $NF}')
printf 'peak RSS, -j2, 2 GiB JSON Lines: %d MB (wall %s)\n' "$((rss_kb / 1024))" "$secs"
