#!/usr/bin/env bash
# Start-up time of the command line converting one short line between scripts.
#
#   benches/startup.sh [RUNS]        (default: 30)
#
# Builds the release binary, then runs it RUNS times per case on one line given on standard
# input, output to a pipe, and prints the best and the median wall time in milliseconds (one
# run per case first, untimed, so every case starts with the binary in the page cache). The
# cases:
#   - --script hant, tw, and the default (hans) on a sentence each converts: the process
#     starts, reads its options, builds the conversion's automata from the tables compiled
#     into the binary (built on first use), converts and exits;
#   - --script hant on 头发和发展: five characters are too few to judge a script by, so the
#     stage leaves them as they are and no automaton is built (start-up without conversion);
#   - --steps normalize on the same line: the binary's start-up with no script stage at all;
#   - cat on the same line: the cost of starting any process from the timing loop.
# Every case's output is checked before timing. Timing is python3's perf_counter around
# subprocess.run, so each figure includes starting the process from Python.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
cargo build --release --quiet
bin=target/release/hanfix

python3 - "$bin" "$runs" <<'EOF'
import statistics
import subprocess
import sys
import time

binary, runs = sys.argv[1], int(sys.argv[2])
simplified = "他的头发很长，这个国家为什么发展得这么快？"
# (label, command, input line, expected output line)
cases = [
    ("hanfix --script hant", [binary, "--script", "hant"], simplified,
     "他的頭髮很長，這個國家爲什麼發展得這麼快？"),
    ("hanfix --script tw", [binary, "--script", "tw"], simplified,
     "他的頭髮很長，這個國家為什麼發展得這麼快？"),
    ("hanfix (hans)", [binary], "他的頭髮很長，這個國家為什麼發展得這麼快？", simplified),
    ("hanfix --script hant, 5 chars", [binary, "--script", "hant"], "头发和发展", "头发和发展"),
    ("hanfix --steps normalize", [binary, "--steps", "normalize"], "头发和发展", "头发和发展"),
    ("cat", ["cat"], "头发和发展", "头发和发展"),
]


def run(command, data):
    return subprocess.run(command, input=data, stdout=subprocess.PIPE, check=True).stdout


print(f"start-up and one short line, {runs} runs each, wall time in ms")
print(f"{'case':<30} {'best':>7} {'median':>7}  output")
for label, command, line, expected in cases:
    data = (line + "\n").encode("utf-8")
    output = run(command, data).decode("utf-8")
    if output != expected + "\n":
        sys.exit(f"{label}: gave {output!r}, expected {expected!r}")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run(command, data)
        times.append((time.perf_counter() - start) * 1e3)
    print(f"{label:<30} {min(times):7.2f} {statistics.median(times):7.2f}  {expected}",
          flush=True)
EOF
