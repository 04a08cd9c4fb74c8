#!/usr/bin/env python3
"""Compares hanfix's decode stage with the Python encoding detectors on eval/decode.

What it measures, for each tool, on the corpus that scripts/build-decode-eval.py builds
(the same corpus and the same scoring rules as examples/eval_decode.rs):
  (a) exact-decode rate on the single files of 200 B and more, and the same without the
      BOM-less UTF-16 files (a quarter of them, far more than scraped text holds);
  (b) exact-decode rate on the 30 B CJK snippets in legacy encodings (not UTF-8/UTF-16);
  (c) exact lines of the mixed-encoding dumps. The peers detect one encoding for the whole
      dump, the way they are used on a file; a second column gives them one detection per
      line (what a user who knows the dump is mixed would do). hanfix reads the whole dump
      and decodes it line by line itself, so it has no separate per-line figure;
  and throughput in MB/s on all the single files (30 B to 20 KB): total bytes over the wall
  time of one pass, one thread. For a peer that pass is the Python loop read file -> detect ->
  bytes.decode(detected, errors="replace"); for hanfix it is one run of the release binary
  `hanfix --steps decode -j 1 eval/decode/files > /dev/null` (process start, directory walk,
  reading, detection, decoding and writing to /dev/null included; -j 1 is one worker, the
  binary also runs a reader and a writer thread, so the table adds the CPU seconds of each
  pass, all threads counted). One pass each: on a shared machine the MB/s are indicative only.

Scoring. A peer's answer of None (or a name Python has no codec for) is a failure. The
decoded text must equal the expected text exactly; as in eval_decode, the BOM is not part of
the text: a leading U+FEFF left by a codec that keeps the BOM (Python's "utf_8") is removed.
Files and dump lines whose labelled encoding does not give the expected text under
encoding_rs (eval_decode's "corpus defects") are left out for every tool; the labelled
decoding is done by the hanfix binary with --encoding, which takes the same path as
eval_decode's oracle.

Peers: charset-normalizer (from_bytes(...).best()), chardet (detect() with its defaults, and
again with prefer_superset=True, which its docs recommend when the result is used to decode),
and faust-cchardet (detect()) if it installs. They are installed at pinned versions into the
virtualenv target/peers-venv, and the script re-runs itself there.

Run it by hand from the repository root (never in CI, never from cargo test):
    python3 scripts/build-decode-eval.py      # once, if eval/decode is missing
    python3 benches/peers-decode.py [--no-speed] [--no-line-by-line] [--no-build]
Scratch outputs go to target/peers-decode/.
"""

import argparse
import codecs
import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peerenv  # noqa: E402  (the shared virtualenv helpers, beside this file)

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "peers-decode"
BINARY = ROOT / "target" / "release" / "hanfix"
PINNED = ["charset-normalizer==3.5.3", "chardet==7.7.0"]
# Installed if it can be (it ships compiled wheels only for some platforms).
OPTIONAL = ["faust-cchardet==3.2.0"]
CJK = {"zh-Hans", "zh-Hant", "ja", "ko"}
BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# The Windows/WHATWG superset of a Python codec a peer may name (for the diagnostics only).
SUPERSETS = {"gb2312": "gbk", "shift_jis": "cp932", "euc_kr": "cp949",
             "iso8859-1": "cp1252", "ascii": "cp1252"}


# ---------------------------------------------------------------------------------------------
# Environment

def build_binary():
    """cargo build --release; a failed build falls back on an existing binary, with a note."""
    build = subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "hanfix"], cwd=ROOT)
    if build.returncode != 0:
        if not BINARY.exists():
            sys.exit("cargo build --release failed and there is no target/release/hanfix")
        print("note: cargo build --release failed; measuring the existing target/release/hanfix",
              file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# Corpus

def load_manifest(corpus: Path):
    path = corpus / "manifest.jsonl"
    if not path.exists():
        sys.exit(f"{path} missing: build the corpus first: python3 scripts/build-decode-eval.py")
    entries = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    singles = [e for e in entries if e["kind"] == "single"]
    mixed = [e for e in entries if e["kind"] == "mixed"]
    return singles, mixed


def rust_lines(text: str):
    """`str::lines()` of Rust, which eval_decode uses: split at \\n, drop one trailing \\r,
    no empty last line after a final newline."""
    parts = text.split("\n")
    if parts[-1] == "":
        parts.pop()
    return [part[:-1] if part.endswith("\r") else part for part in parts]


def mixed_records(corpus: Path, entry):
    """The dump's raw lines (split at b"\\n"), expected lines and line encodings, zipped as
    eval_decode zips them."""
    raw = (corpus / entry["file"]).read_bytes().split(b"\n")
    expected = rust_lines((corpus / entry["expected"]).read_text("utf-8"))
    encodings = rust_lines((corpus / entry["line_encodings"]).read_text("utf-8"))
    return list(zip(raw, expected, encodings))


# ---------------------------------------------------------------------------------------------
# hanfix (the release binary)

def run_hanfix(inputs, output: Path, encoding=None):
    """hanfix --steps decode on `inputs`, one thread, writing to `output`."""
    command = [str(BINARY), "--steps", "decode", "-j", "1", "--progress", "never"]
    if encoding:
        command += ["--encoding", encoding]
    command += ["-o", str(output), *map(str, inputs)]
    subprocess.run(command, stderr=subprocess.DEVNULL, check=False)


def read_output(path: Path):
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def single_defects(corpus: Path, singles):
    """Files whose labelled encoding, forced with --encoding, does not give the expected text."""
    oracle = WORK / "oracle" / "files"
    for folder in sorted({str(Path(e["file"]).parent) for e in singles}):
        label = Path(folder).name.removesuffix("-BOM")
        run_hanfix([corpus / folder], oracle / folder, encoding=label)
    defects = set()
    for entry in singles:
        got = read_output(oracle / entry["file"])
        if got != (corpus / entry["expected"]).read_text("utf-8"):
            defects.add(entry["file"])
    return defects


def mixed_defects(corpus: Path, mixed):
    """Per dump, the indices of lines whose labelled encoding does not give the expected line
    (each encoding's lines are written to a file of their own and decoded with --encoding)."""
    oracle = WORK / "oracle" / "mixed"
    oracle.mkdir(parents=True, exist_ok=True)
    defects = {}
    for entry in mixed:
        records = mixed_records(corpus, entry)
        name = Path(entry["file"]).name
        defects[entry["file"]] = set()
        for encoding in sorted({e for _, _, e in records}):
            indices = [i for i, (_, _, e) in enumerate(records) if e == encoding]
            source, output = oracle / f"{name}.{encoding}.in", oracle / f"{name}.{encoding}.out"
            source.write_bytes(b"\n".join(records[i][0] for i in indices) + b"\n")
            run_hanfix([source], output, encoding=encoding)
            lines = rust_lines(read_output(output) or "")
            for position, index in enumerate(indices):
                if position >= len(lines) or lines[position] != records[index][1]:
                    defects[entry["file"]].add(index)
    return defects


def hanfix_singles(corpus: Path, singles):
    """{file: decoded text or None} from one run over eval/decode/files."""
    out = WORK / "hanfix" / "files"
    run_hanfix([corpus / "files"], out)
    return {e["file"]: read_output(out / Path(e["file"]).relative_to("files")) for e in singles}


def hanfix_mixed(corpus: Path, mixed):
    """{dump: decoded lines} from hanfix run on each whole dump."""
    out = WORK / "hanfix" / "mixed"
    out.mkdir(parents=True, exist_ok=True)
    lines = {}
    for entry in mixed:
        target = out / Path(entry["file"]).name
        run_hanfix([corpus / entry["file"]], target)
        lines[entry["file"]] = rust_lines(read_output(target) or "")
    return lines


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def hanfix_version():
    run = subprocess.run([str(BINARY), "--version"], capture_output=True, text=True, check=True)
    return run.stdout.strip()


def time_hanfix(corpus: Path):
    """(wall, CPU) seconds of one run of the binary over all single files, output to
    /dev/null. CPU counts every thread: with -j 1 the binary still has a reader and a writer
    thread beside its one worker."""
    command = [str(BINARY), "--steps", "decode", "-j", "1", "--progress", "never",
               str(corpus / "files")]
    cpu, start = children_cpu(), time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start, children_cpu() - cpu


# ---------------------------------------------------------------------------------------------
# Peers

def peer_detectors():
    """{label: detect(bytes) -> encoding name or None} for each peer that imports."""
    import chardet
    import charset_normalizer

    def normalizer(data):
        best = charset_normalizer.from_bytes(data).best()
        return best.encoding if best else None

    peers = {
        f"charset-normalizer {charset_normalizer.__version__}": normalizer,
        f"chardet {chardet.__version__}": lambda data: chardet.detect(data)["encoding"],
        f"chardet {chardet.__version__} superset":
            lambda data: chardet.detect(data, prefer_superset=True)["encoding"],
    }
    try:
        import cchardet
        peers[f"faust-cchardet {cchardet.__version__}"] = lambda data: cchardet.detect(data)["encoding"]
    except ImportError:
        print("note: cchardet not importable; skipped", file=sys.stderr)
    return peers


def decode(data: bytes, name):
    """bytes.decode(name, errors="replace"), or None when there is no name or no such codec."""
    if name is None:
        return None
    try:
        return data.decode(name, errors="replace")
    except LookupError:
        return None


def peer_singles(detect, corpus: Path, singles):
    """One timed pass over the single files: ({file: (detected name, text)}, (wall, CPU)
    seconds)."""
    results = {}
    cpu, start = time.process_time(), time.perf_counter()
    for entry in singles:
        data = (corpus / entry["file"]).read_bytes()
        name = detect(data)
        results[entry["file"]] = (name, decode(data, name))
    return results, (time.perf_counter() - start, time.process_time() - cpu)


def peer_mixed_whole(detect, corpus: Path, mixed):
    """{dump: (detected name, decoded lines)}, one detection per dump."""
    results = {}
    for entry in mixed:
        data = (corpus / entry["file"]).read_bytes()
        name = detect(data)
        results[entry["file"]] = (name, rust_lines(decode(data, name) or ""))
    return results


def peer_mixed_per_line(detect, corpus: Path, mixed):
    """{dump: decoded lines}, one detection per line (None where detection failed)."""
    results = {}
    for entry in mixed:
        lines = []
        for raw, _, _ in mixed_records(corpus, entry):
            text = decode(raw, detect(raw))
            lines.append(strip_bom(raw, text))
        results[entry["file"]] = lines
    return results


# ---------------------------------------------------------------------------------------------
# Scoring

class Score:
    def __init__(self):
        self.ok = self.total = 0

    def add(self, ok: bool):
        self.ok += ok
        self.total += 1

    def cell(self):
        if not self.total:
            return "-"
        return f"{self.ok}/{self.total} {100 * self.ok / self.total:.1f}%"


def strip_bom(data: bytes, text):
    """The text without the U+FEFF a BOM-keeping codec leaves when the input starts with a BOM."""
    if text is not None and text.startswith("\ufeff") and data.startswith(BOMS):
        return text[1:]
    return text


def score_singles(texts, corpus: Path, singles, defects):
    """(files >= 200 B, the same without BOM-less UTF-16, 30 B CJK legacy) scores of
    {file: decoded text or None}."""
    large, large_no_bare_utf16, cjk_legacy = Score(), Score(), Score()
    for entry in singles:
        if entry["file"] in defects:
            continue
        expected = (corpus / entry["expected"]).read_text("utf-8")
        ok = texts[entry["file"]] == expected
        if entry["size"] >= 200:
            large.add(ok)
            if entry["encoding"] not in ("UTF-16LE", "UTF-16BE"):
                large_no_bare_utf16.add(ok)
        elif entry["language"] in CJK and not entry["encoding"].startswith("UTF"):
            cjk_legacy.add(ok)
    return large, large_no_bare_utf16, cjk_legacy


def score_lines(lines_by_dump, corpus: Path, mixed, defects):
    """Exact lines over all dumps of {dump: decoded lines}."""
    score = Score()
    for entry in mixed:
        got = lines_by_dump[entry["file"]]
        for index, (_, expected, _) in enumerate(mixed_records(corpus, entry)):
            if index in defects[entry["file"]]:
                continue
            score.add(index < len(got) and got[index] == expected)
    return score


def peer_texts(results, corpus: Path):
    """{file: text} from {file: (name, raw decoded text)}, BOM rule applied."""
    return {f: strip_bom((corpus / f).read_bytes()[:3], text) for f, (_, text) in results.items()}


# ---------------------------------------------------------------------------------------------
# Diagnostics

def failure_breakdown(results, texts, corpus: Path, singles, defects):
    """Why a peer failed on single files: no answer, unknown name, wrong encoding (with the
    commonest labelled -> detected pairs), and how many a superset codec would have saved."""
    reasons, pairs, saved = Counter(), Counter(), 0
    for entry in singles:
        file = entry["file"]
        if file in defects:
            continue
        expected = (corpus / entry["expected"]).read_text("utf-8")
        if texts[file] == expected:
            continue
        name, text = results[file]
        if name is None:
            reasons["no answer"] += 1
        elif text is None:
            reasons[f"no codec {name!r}"] += 1
        else:
            reasons["wrong text"] += 1
            pairs[(entry["encoding"], name)] += 1
            superset = SUPERSETS.get(codecs.lookup(name).name)
            if superset:
                data = (corpus / file).read_bytes()
                saved += strip_bom(data, data.decode(superset, errors="replace")) == expected
    return reasons, pairs, saved


def bom_rule_uses(results, texts):
    """On how many files the BOM rule removed a leading U+FEFF from the peer's text."""
    return sum(1 for f, (_, text) in results.items()
               if text is not None and text.startswith("\ufeff") and texts[f] != text)


def print_diagnostics(name, results, texts, mixed_whole, corpus, singles, defects):
    reasons, pairs, saved = failure_breakdown(results, texts, corpus, singles, defects)
    print(f"\n{name}")
    print("  single-file failures: " + (", ".join(f"{r} {n}" for r, n in reasons.items()) or "none"))
    for (labelled, detected), count in pairs.most_common(8):
        print(f"    {labelled:>14} read as {detected:<14} {count}")
    print(f"  failures a Windows/WHATWG superset of the detected codec would fix: {saved}")
    print(f"  files whose leading U+FEFF the BOM rule removed: {bom_rule_uses(results, texts)}")
    detected = Counter(detected for detected, _ in mixed_whole.values())
    print("  mixed dumps detected as: " + ", ".join(f"{d} x{n}" for d, n in detected.most_common()))


# ---------------------------------------------------------------------------------------------
# Main

def print_table(rows, total_bytes, speed):
    header = ["tool", "(a) files >= 200 B", "(a) no bare UTF-16", "(b) 30 B CJK legacy",
              "(c) mixed, whole file", "(c) mixed, per line", "MB/s", "CPU s"]
    widths = [27, 19, 19, 20, 22, 20, 7, 6]
    print("\n" + " ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths))))
    for tool, large, no_bare_utf16, cjk, whole, per_line, seconds in rows:
        wall, cpu = seconds if speed and seconds else (None, None)
        cells = [tool, large.cell(), no_bare_utf16.cell(), cjk.cell(), whole.cell(),
                 per_line.cell() if per_line else "n/a",
                 f"{total_bytes / wall / 1e6:.2f}" if wall else "-", f"{cpu:.2f}" if cpu else "-"]
        print(" ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))))
    print(f"\nMB/s: {total_bytes / 1e6:.2f} MB of single files over the wall time of one pass, one "
          "thread (hanfix: -j 1, plus its reader and writer threads; CPU s counts them all); "
          "measured once on a shared machine")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT / "eval" / "decode")
    parser.add_argument("--no-speed", action="store_true", help="print no MB/s (no timed hanfix run)")
    parser.add_argument("--no-line-by-line", action="store_true",
                        help="skip the per-line detection of mixed dumps by the peers (slow)")
    parser.add_argument("--no-build", action="store_true", help="use target/release/hanfix as it is")
    return parser.parse_args()


def main():
    peerenv.refuse_ci("benches/peers-decode.py")
    peerenv.run_in_venv(__file__, PINNED, OPTIONAL)
    args = parse_args()
    corpus = args.corpus.resolve()
    if not args.no_build:
        build_binary()
    singles, mixed = load_manifest(corpus)
    defects = single_defects(corpus, singles)
    line_defects = mixed_defects(corpus, mixed)
    print(f"corpus: {len(singles)} single files, {len(mixed)} mixed dumps; left out as corpus "
          f"defects: {len(defects)} files, {sum(map(len, line_defects.values()))} dump lines")
    print("load average (1, 5, 15 min) at the start: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))

    hanfix_texts = hanfix_singles(corpus, singles)
    rows = [(f"{hanfix_version()} (binary)",
             *score_singles(hanfix_texts, corpus, singles, defects),
             score_lines(hanfix_mixed(corpus, mixed), corpus, mixed, line_defects), None, None)]
    diagnostics = []
    for name, detect in peer_detectors().items():
        print(f"running {name} ...", file=sys.stderr)
        results, seconds = peer_singles(detect, corpus, singles)
        texts = peer_texts(results, corpus)
        whole = peer_mixed_whole(detect, corpus, mixed)
        per_line = None
        if not args.no_line_by_line:
            per_line = score_lines(peer_mixed_per_line(detect, corpus, mixed), corpus, mixed, line_defects)
        rows.append((name, *score_singles(texts, corpus, singles, defects),
                     score_lines({f: lines for f, (_, lines) in whole.items()}, corpus, mixed, line_defects),
                     per_line, seconds))
        diagnostics.append((name, results, texts, whole))
    if not args.no_speed:
        rows[0] = (*rows[0][:-1], time_hanfix(corpus))
    total_bytes = sum((corpus / e["file"]).stat().st_size for e in singles)
    print_table(rows, total_bytes, not args.no_speed)
    print("load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    for name, results, texts, whole in diagnostics:
        print_diagnostics(name, results, texts, whole, corpus, singles, defects)


if __name__ == "__main__":
    main()
