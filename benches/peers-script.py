#!/usr/bin/env python3
"""Runs OpenCC, the reference converter for hanfix's script stage, on the corpus of
scripts/build-script-eval.py (eval/script/hans.txt, hant.txt), writes its outputs for a byte
comparison with hanfix, times it, and compares a directory of hanfix outputs with its own.

OpenCC is PyPI `opencc` 1.4.2 (scripts/openccenv.py installs it into eval/cache/venv, creating
that virtualenv if missing); the script re-runs itself with that virtualenv's interpreter.

Conversions (input file -> eval/script/opencc/<name>.txt):
  t2s, tw2s, hk2s on hant.txt; s2t, s2tw, s2hk on hans.txt; and, on text already in the
  target script, t2s on hans.txt (t2s-on-hans.txt) and s2t on hant.txt (s2t-on-hant.txt).
Outputs are the whole file converted as one string. For each it prints the lines OpenCC
changed, whether converting line by line gives the same bytes, and the throughput in MB/s
(10^6 bytes of UTF-8 input a second, one thread, best of 3 runs): the whole file as one
string, and line by line (one call a line). It also reports the lines of hans.txt for which
t2s(s2t(line)) != line, with the commonest lost characters.

--compare DIR: for each <name>.txt present in both DIR (hanfix's outputs, same names) and
eval/script/opencc/, prints identical lines / total lines, the commonest differing segments
(OpenCC's vs hanfix's) and the first N differing lines (--show N) with the differing
segments in brackets; sources.tsv tells which source a line number belongs to.

Run by hand from the repository root (never in CI):
    python3 scripts/build-script-eval.py
    python3 benches/peers-script.py [--no-speed] [--only NAME ...]
    python3 benches/peers-script.py --compare DIR [--show N] [--only NAME ...]
"""

import argparse
import difflib
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import openccenv  # noqa: E402

CACHE = ROOT / "eval" / "cache"
CORPUS = ROOT / "eval" / "script"
OUT = CORPUS / "opencc"
RUNS = 3
# output name: (OpenCC config, input file)
CONVERSIONS = {
    "t2s": ("t2s", "hant.txt"), "tw2s": ("tw2s", "hant.txt"), "hk2s": ("hk2s", "hant.txt"),
    "s2t": ("s2t", "hans.txt"), "s2tw": ("s2tw", "hans.txt"), "s2hk": ("s2hk", "hans.txt"),
    "t2s-on-hans": ("t2s", "hans.txt"), "s2t-on-hant": ("s2t", "hant.txt"),
}


def enter_venv():
    """Re-runs this script with eval/cache/venv's interpreter (OpenCC installed) unless it is
    already running there."""
    if os.environ.get("CI"):
        sys.exit("benches/peers-script.py installs packages and times tools: not for CI")
    venv = openccenv.venv_dir(CACHE).resolve()
    if Path(sys.prefix).resolve() == venv:
        return
    CACHE.mkdir(parents=True, exist_ok=True)
    python = openccenv.opencc_python(CACHE)
    os.execv(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]])


def best_seconds(function, runs=RUNS):
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def convert_all(names, speed):
    import opencc
    print(f"OpenCC {opencc.__version__} (PyPI opencc), one thread, MB = 10^6 bytes of input")
    print(f"{'output':<12} {'input':<9} {'MB':>6} {'lines':>7} {'changed':>8} {'same by line':>12}"
          + (f" {'MB/s whole':>10} {'MB/s lines':>10}" if speed else ""))
    OUT.mkdir(parents=True, exist_ok=True)
    for name in names:
        config, source = CONVERSIONS[name]
        converter = opencc.OpenCC(config)
        text = (CORPUS / source).read_text("utf-8")
        lines = text.split("\n")
        output = converter.convert(text)
        (OUT / f"{name}.txt").write_text(output, "utf-8")
        by_line = "\n".join(converter.convert(line) for line in lines)
        changed = sum(a != b for a, b in zip(lines, output.split("\n")))
        size = len(text.encode("utf-8"))
        row = (f"{name:<12} {source:<9} {size / 1e6:6.2f} {len(lines) - 1:7} {changed:8} "
               f"{'yes' if by_line == output else 'NO':>12}")
        if speed:
            whole = best_seconds(lambda: converter.convert(text))
            each = best_seconds(lambda: [converter.convert(line) for line in lines])
            row += f" {size / whole / 1e6:10.2f} {size / each / 1e6:10.2f}"
        print(row, flush=True)


def round_trip_report():
    """Lines of hans.txt that do not survive s2t then t2s, and the characters lost."""
    import opencc
    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    lines = (CORPUS / "hans.txt").read_text("utf-8").split("\n")[:-1]
    back = t2s.convert(s2t.convert("\n".join(lines))).split("\n")
    lost, examples = Counter(), []
    for number, (a, b) in enumerate(zip(lines, back), 1):
        if a != b:
            segments = differing_segments(a, b)
            lost.update(segments)
            examples.append((number, segments))
    print(f"\nhans.txt: t2s(s2t(line)) != line on {len(examples)} of {len(lines)} lines "
          f"({len(examples) / len(lines):.2%})")
    print("  commonest (original -> round trip): "
          + ", ".join(f"{a}->{b} ×{n}" for (a, b), n in lost.most_common(20)))


def differing_segments(a: str, b: str):
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(a[i1:i2], b[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]


def marked(line: str, other: str, mine_first: bool):
    """`line` with the segments that differ from `other` in brackets."""
    matcher = difflib.SequenceMatcher(None, line, other, autojunk=False) if mine_first else \
        difflib.SequenceMatcher(None, other, line, autojunk=False)
    out, last = [], 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        start, end = (i1, i2) if mine_first else (j1, j2)
        if op != "equal":
            out.append(line[last:start] + "[" + line[start:end] + "]")
            last = end
    return "".join(out) + line[last:]


def compare(directory: Path, names, show):
    for name in names:
        ours, theirs = OUT / f"{name}.txt", directory / f"{name}.txt"
        if not (ours.exists() and theirs.exists()):
            print(f"\n{name}: skipped, no {ours if not ours.exists() else theirs}")
            continue
        a = ours.read_text("utf-8").split("\n")
        b = theirs.read_text("utf-8").split("\n")
        if a and a[-1] == "" and b and b[-1] == "":
            a, b = a[:-1], b[:-1]
        differing = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        same = min(len(a), len(b)) - len(differing)
        print(f"\n{name}: identical lines {same} / {len(a)} ({same / max(len(a), 1):.3%})"
              + ("" if len(a) == len(b) else f"; line counts differ: OpenCC {len(a)}, hanfix {len(b)}"))
        segments = Counter(s for i in differing for s in differing_segments(a[i], b[i]))
        if segments:
            print("  commonest differences (OpenCC | hanfix): "
                  + ", ".join(f"{x}|{y} ×{n}" for (x, y), n in segments.most_common(30)))
        for i in differing[:show]:
            print(f"  line {i + 1}:\n    OpenCC: {marked(a[i], b[i], True)}\n"
                  f"    hanfix: {marked(b[i], a[i], False)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compare", type=Path, metavar="DIR")
    parser.add_argument("--show", type=int, default=10, metavar="N")
    parser.add_argument("--only", nargs="+", choices=sorted(CONVERSIONS), metavar="NAME")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    names = args.only or list(CONVERSIONS)
    if args.compare:
        compare(args.compare, names, args.show)
        return
    enter_venv()
    if not (CORPUS / "hans.txt").exists():
        sys.exit("no eval/script/hans.txt: run python3 scripts/build-script-eval.py first")
    convert_all(names, not args.no_speed)
    round_trip_report()


if __name__ == "__main__":
    main()
