#!/usr/bin/env python3
"""Measures ftfy, the reference peer for mojibake repair, on hanfix's mojibake evaluation set
and on the inputs of hanfix's mojibake benchmark.

The corpus is the one scripts/build-mojibake-eval.py and examples/build_mojibake_eval.rs
build in eval/mojibake/ (formats: the docstrings of those two). ftfy runs three ways:
  * `ftfy.fix_encoding(text)`: encoding repair only, the fair comparison for a mojibake stage;
  * `ftfy.fix_text(text)` with its default config: what users typically call. It also uncurls
    quotes, folds fullwidth characters (，：（）！？ and the ideographic space included),
    normalizes to NFC, fixes line breaks, removes control characters and unescapes HTML,
    so it changes clean Chinese and Japanese text.

  * `fix_text` with every fix but the encoding repair turned off (ftfy's own tests call it
    this way as the equivalent of fix_encoding): it differs from fix_encoding only in that
    fix_text works line by line, so a text of several lines gets one encoding repair per
    line, while fix_encoding looks for one repair for the whole text. Column "enc/line".

What it prints, for each of the three (the measures hanfix's own runner prints):
  (1) cases.jsonl: per chain, exact restoration (output == expected, count/total and %) for
      scope paragraph, sentence and lossy; the overall % over the reversible cases (scopes
      paragraph and sentence) and the minimum chain % over them (chains with at least one
      reversible case), the lossy total, and the chains ftfy never repairs. For fix_text, also
      how many of its failures are only its own normalizations (fix_text(input) ==
      fix_text(expected)).
  (2) clean-cases.jsonl: how many come out untouched (byte-identical output), by kind
      (and lossy-clean-cases.jsonl, the same with U+FFFD put in: how many, in all)
      (prose per language, and each hard-negative kind: emoji, math, symbols, box,
      mojibake-talk), the commonest character substitutions in the changed ones, and
      examples of changed ones.
  (3) ftfy-test-cases.json (ftfy 6.3.1's tests/test_cases.json, copied by the corpus builder):
      the pass rate on the encoding cases, scored as ftfy's own test_examples_in_json.py
      scores them: fix_encoding(original) == "fixed-encoding" (or "fixed" when there is no
      "fixed-encoding"), and fix_text(original) == "fixed"; all 161 cases, split into positive
      (the encoding expectation differs from the original) and negative ones, and by ftfy's
      own expect label (pass / fail = known failure). Failing labels are listed.
  (4) throughput in MB/s, one thread: one call on all clean-case inputs joined with "\\n",
      on the clean Chinese ones alone (zh-Hans, zh-Hant, lzh prose), and on all mojibake
      inputs joined with "\\n"; UTF-8 bytes over the best wall time of 3 runs.
  (5) the same throughput, fix_encoding and fix_text, on the inputs of the "mojibake" group of
      benches/pipeline.rs (which times hanfix: `cargo bench --bench pipeline -- mojibake`),
      about 4 MiB each: clean Chinese (samples/seed-expected.txt, repeated) and that article
      all mojibake, its UTF-8 bytes read as GBK and as windows-1252 (repeated). They need no
      corpus. The script rebuilds them and times ftfy only if they are byte-identical to the
      ones the bench wrote to target/mojibake-speed/ (<name>.rust.txt; the script's own are
      <name>.python.txt), so ftfy and hanfix are timed on the same bytes; run the bench first.

ftfy is installed at a pinned version (ftfy==6.3.1, with whatever wcwidth it pulls in; the
script prints both versions) into the virtualenv target/peers-venv, shared with
benches/peers-decode.py, and the script re-runs itself there.

Run it by hand from the repository root (never in CI, never from cargo test):
    python3 scripts/build-mojibake-eval.py && cargo run --release --example build_mojibake_eval
    cargo bench --bench pipeline -- mojibake    # writes the inputs of (5)
    python3 benches/peers-mojibake.py [--no-speed | --speed-only] [--failures N] [--chain NAME]
--no-speed skips (4) and (5); --speed-only runs (5) alone (no corpus needed);
--failures N prints up to N failing cases per chain (default none) and up to N changed clean
cases per kind (default one per kind, 8 in all);
--chain NAME restricts the mojibake cases (table, failures, throughput input) to one chain.
Scratch outputs go to target/peers-mojibake/ (ftfy's outputs, as JSON Lines).
"""

import argparse
import codecs
import difflib
import hashlib
import json
import os
import platform
import re
import sys
import time
from collections import Counter, defaultdict
from itertools import cycle
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peerenv  # noqa: E402  (the shared virtualenv helpers, beside this file)

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "peers-mojibake"
CORPUS = ROOT / "eval" / "mojibake"
PINNED = ["ftfy==6.3.1"]
SCOPES = ("paragraph", "sentence", "lossy")
REVERSIBLE = ("paragraph", "sentence")
CHINESE = {"zh-Hans", "zh-Hant", "lzh"}
SPEED_RUNS = 3
# ftfy.fix_text's options, all off but the encoding repair (as in ftfy's test_examples_in_json.py).
ENCODING_ONLY = dict(unescape_html=False, remove_terminal_escapes=False, fix_character_width=False,
                     fix_latin_ligatures=False, uncurl_quotes=False, fix_line_breaks=False,
                     fix_surrogates=False, remove_control_chars=False, normalization=None)
CLEAN_EXAMPLES = 8
# (5): benches/pipeline.rs's mojibake inputs, what it names them, and where it writes them.
ARTICLE = ROOT / "samples" / "seed-expected.txt"
BENCH_SIZE = 4 << 20
BENCH_INPUTS = ROOT / "target" / "mojibake-speed"
BENCH_COMMAND = "cargo bench --bench pipeline -- mojibake"


# ---------------------------------------------------------------------------------------------
# Environment

# ---------------------------------------------------------------------------------------------
# Corpus

def read_jsonl(path: Path):
    if not path.exists():
        sys.exit(f"{path} missing: build the corpus first: python3 scripts/build-mojibake-eval.py"
                 " && cargo run --release --example build_mojibake_eval")
    return [json.loads(line) for line in path.read_text("utf-8").split("\n") if line.strip()]


def clean_kind(case):
    """"prose <lang>" for a clean paragraph, "neg <kind>" for a hard negative
    (ids clean-<lang>-N and clean-neg-<kind>-N)."""
    name = re.sub(r"-\d+$", "", case["id"]).removeprefix("clean-")
    if name.startswith("neg-"):
        return "neg " + name.removeprefix("neg-")
    return "prose " + case["lang"]


# ---------------------------------------------------------------------------------------------
# Scoring and printing helpers

class Score:
    def __init__(self):
        self.ok = self.total = 0

    def add(self, ok: bool):
        self.ok += bool(ok)
        self.total += 1

    def merge(self, other):
        self.ok += other.ok
        self.total += other.total

    def pct(self):
        return 100 * self.ok / self.total if self.total else None

    def cell(self):
        if not self.total:
            return "-"
        return f"{self.ok}/{self.total} {self.pct():.1f}%"


def row(cells, widths):
    return " ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))


def clip(text, limit=160):
    shown = repr(text)
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def first_difference(got, expected, context=40):
    """(got, expected) windows around the first differing character."""
    n = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))
    start = max(0, n - context // 2)
    return got[start:start + context], expected[start:start + context], n


def substitutions(before, after):
    """Counter of (old, new) replacements between two strings (runs of up to 3 characters
    a side; longer ones are counted as one "…"-abbreviated pair)."""
    found = Counter()
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        old, new = before[i1:i2], after[j1:j2]
        if len(old) <= 3 and len(new) <= 3:
            found[(old, new)] += 1
        else:
            found[(old[:3] + "…", new[:3] + "…")] += 1
    return found


# ---------------------------------------------------------------------------------------------
# (1) mojibake cases

def run_cases(fixers, cases):
    """{mode: [output per case]}."""
    return {mode: [fix(c["input"]) for c in cases] for mode, fix in fixers.items()}


def score_cases(cases, outputs):
    """{mode: {chain: {scope: Score}}}."""
    scores = {}
    for mode, outs in outputs.items():
        table = defaultdict(lambda: defaultdict(Score))
        for case, out in zip(cases, outs):
            table[case["chain"]][case["scope"]].add(out == case["expected"])
        scores[mode] = table
    return scores


def print_cases(cases, outputs, scores, fix_text, failures):
    modes = list(outputs)
    chains = list(dict.fromkeys(c["chain"] for c in cases))
    print("\n(1) mojibake cases (eval/mojibake/cases.jsonl): exact restoration, output == expected")
    print("    cases per scope (paragraph/sentence/lossy), then per mode: repaired count and % per scope")
    widths = [30, 10] + [10] * (len(SCOPES) * len(modes))
    print(row(["", ""] + [m if j == 0 else "" for m in modes for j in range(len(SCOPES))], widths))
    print(row(["chain", "n p/s/l"] + [s[:4] for _ in modes for s in SCOPES], widths))

    def cell(score):
        return f"{score.ok} {score.pct():.1f}" if score.total else "-"

    for chain in chains:
        counts = "/".join(str(scores[modes[0]][chain][s].total) for s in SCOPES)
        print(row([chain, counts] + [cell(scores[m][chain][s]) for m in modes for s in SCOPES], widths))

    print()
    for mode in modes:
        overall, lossy, per_chain = Score(), Score(), []
        for chain in chains:
            reversible = Score()
            for scope in REVERSIBLE:
                reversible.merge(scores[mode][chain][scope])
            overall.merge(reversible)
            lossy.merge(scores[mode][chain]["lossy"])
            if reversible.total:
                per_chain.append((reversible.pct(), chain, reversible))
        never = [chain for chain in chains
                 if sum(scores[mode][chain][s].ok for s in SCOPES) == 0]
        print(f"{mode}: overall (reversible: paragraph + sentence) {overall.cell()}; lossy {lossy.cell()}")
        if per_chain:
            low, chain, score = min(per_chain)
            print(f"  minimum chain % (reversible): {low:.1f}% ({chain}, {score.ok}/{score.total}); "
                  f"chains at >= 95%: {sum(p >= 95 for p, _, _ in per_chain)}/{len(per_chain)}")
        print(f"  chains with no case repaired ({len(never)}/{len(chains)}): " + (", ".join(never) or "none"))
        wrong = Counter(c["chain"] for c, o in zip(cases, outputs[mode])
                        if o != c["expected"] and o != c["input"])
        print(f"  failures where ftfy changed the input (to something wrong): {sum(wrong.values())}")
        totals = Counter(c["chain"] for c in cases)
        worse = [f"{chain} {wrong[chain]}/{totals[chain]}" for chain in never if wrong[chain]]
        if worse:
            print("  of which in chains it never repairs (made different, not better): " + ", ".join(worse))

    if "fix_text" in outputs:
        failed = [(c, o) for c, o in zip(cases, outputs["fix_text"]) if o != c["expected"]]
        own = sum(1 for c, o in failed if o == fix_text(c["expected"]))
        print(f"fix_text: of its {len(failed)} failures, {own} are only its own normalizations "
              "(fix_text(input) == fix_text(expected): uncurled quotes, folded widths, ...)")

    if failures:
        for mode in modes:
            print(f"\n{mode}: up to {failures} failing cases per chain")
            shown = Counter()
            for case, out in zip(cases, outputs[mode]):
                if out == case["expected"] or shown[case["chain"]] >= failures:
                    continue
                shown[case["chain"]] += 1
                got, want, at = first_difference(out, case["expected"])
                print(f"  {case['id']} ({case['lang']})" + (" [unchanged]" if out == case["input"] else ""))
                print(f"    input    {clip(case['input'])}")
                print(f"    got      {clip(got)}  (from char {at})")
                print(f"    expected {clip(want)}")


# ---------------------------------------------------------------------------------------------
# (2) clean cases

def print_clean(clean, outputs, failures):
    modes = list(outputs)
    kinds = list(dict.fromkeys(sorted((clean_kind(c) for c in clean), key=lambda k: (k.startswith("neg"), k))))
    per_kind = {m: defaultdict(Score) for m in modes}
    for mode in modes:
        for case, out in zip(clean, outputs[mode]):
            per_kind[mode][clean_kind(case)].add(out == case["input"])
    print("\n(2) clean cases (eval/mojibake/clean-cases.jsonl): untouched, output byte-identical")
    widths = [26] + [20] * len(modes)
    print(row(["kind"] + modes, widths))
    for kind in kinds:
        print(row([kind] + [per_kind[m][kind].cell() for m in modes], widths))
    totals = []
    for mode in modes:
        total = Score()
        for score in per_kind[mode].values():
            total.merge(score)
        totals.append(total.cell())
    print(row(["all"] + totals, widths))

    for mode in modes:
        changed = [(c, o) for c, o in zip(clean, outputs[mode]) if o != c["input"]]
        if not changed:
            continue
        subs = Counter()
        for case, out in changed:
            subs.update(substitutions(case["input"], out))
        print(f"\n{mode}: {len(changed)} clean cases changed; commonest substitutions (old -> new: count):")
        print("  " + ", ".join(f"{old!r}->{new!r}: {n}" for (old, new), n in subs.most_common(16)))
        chinese = [c for c, _ in changed if clean_kind(c) in {f"prose {lang}" for lang in CHINESE}]
        if chinese:
            print(f"  clean Chinese prose changed: {len(chinese)}")
        limit, shown = max(failures, 1), Counter()
        print(f"  examples (up to {limit} per kind, {CLEAN_EXAMPLES} in all):")
        count = 0
        for case, out in changed:
            kind = clean_kind(case)
            if shown[kind] >= limit or count >= max(CLEAN_EXAMPLES, failures):
                continue
            shown[kind] += 1
            count += 1
            got, was, at = first_difference(out, case["input"])
            print(f"    {case['id']} ({kind}) from char {at}: {clip(was, 70)} -> {clip(got, 70)}")


# ---------------------------------------------------------------------------------------------
# (3) ftfy's own test cases

def print_ftfy_tests(tests, ftfy):
    print("\n(3) ftfy's test cases (eval/mojibake/ftfy-test-cases.json = ftfy 6.3.1 tests/test_cases.json)")
    groups = {mode: defaultdict(Score) for mode in ("encoding", "enc/line", "text")}
    failed = {mode: [] for mode in groups}
    for test in tests:
        expected = test.get("fixed-encoding", test["fixed"])
        polarity = "positive" if expected != test["original"] else "negative"
        for mode, got, want in (("encoding", ftfy.fix_encoding(test["original"]), expected),
                                ("enc/line", ftfy.fix_text(test["original"], **ENCODING_ONLY), expected),
                                ("text", ftfy.fix_text(test["original"]), test["fixed"])):
            ok = got == want
            for key in ("all", polarity, f"expect {test['expect']}"):
                groups[mode][key].add(ok)
            if not ok:
                failed[mode].append(f"[{test['expect']}] {test['label']}")
    keys = ["all", "positive", "negative", "expect pass", "expect fail"]
    widths = [44] + [18] * len(keys)
    print(row(["measure"] + keys, widths))
    print(row(["fix_encoding == fixed-encoding (or fixed)"] + [groups["encoding"][k].cell() for k in keys], widths))
    print(row(["enc/line == fixed-encoding (or fixed)"] + [groups["enc/line"][k].cell() for k in keys], widths))
    print(row(["fix_text == fixed"] + [groups["text"][k].cell() for k in keys], widths))
    for mode, name in (("encoding", "fix_encoding"), ("enc/line", "enc/line"), ("text", "fix_text")):
        print(f"  {name} fails: " + "; ".join(failed[mode]))


# ---------------------------------------------------------------------------------------------
# (4) throughput

def best_run(fix, text):
    """(the best wall time of SPEED_RUNS calls, the output)."""
    best = None
    for _ in range(SPEED_RUNS):
        start = time.perf_counter()
        output = fix(text)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, output


def best_seconds(fix, text):
    return best_run(fix, text)[0]


def print_speed(fixers, inputs):
    print(f"\n(4) throughput, MB/s, one thread, one call on the inputs joined with \\n, best of {SPEED_RUNS}")
    widths = [40, 9] + [14] * len(fixers)
    print(row(["input", "MB"] + list(fixers), widths))
    for name, texts in inputs:
        text = "\n".join(texts)
        size = len(text.encode("utf-8"))
        cells = [name, f"{size / 1e6:.3f}"]
        for fix in fixers.values():
            cells.append(f"{size / best_seconds(fix, text) / 1e6:.2f}")
        print(row(cells, widths))


# ---------------------------------------------------------------------------------------------
# (5) throughput on the inputs of benches/pipeline.rs's "mojibake" group
#
# The bench misreads the article with encoding_rs, whose decoders are the WHATWG ones. Python's
# codecs differ: its "gbk" lacks the private-use mappings WHATWG's GBK has (WHATWG's GBK decoder
# is its gb18030 decoder), so "gb18030" is used; two differences remain, bridged by the error
# handlers below. The sha256 comparison with the bench's own files catches any other
# difference, and then nothing is reported.

def whatwg_gbk(error):
    """WHATWG's gb18030 decoder reads a lone 0x80 as the euro sign (code page 936's single byte
    for it); Python's rejects it. Anything else Python rejects becomes one U+FFFD, as in
    encoding_rs."""
    if error.object[error.start:error.end] == b"\x80":
        return "\u20ac", error.end
    return "\ufffd", error.end


def whatwg_windows_1252(error):
    """WHATWG's windows-1252 reads the five bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F,
    0x90, 0x9D) as the C1 controls of the same value, as ISO-8859-1 does; Python's rejects
    them."""
    return "".join(map(chr, error.object[error.start:error.end])), error.end


codecs.register_error("hanfix-whatwg-gbk", whatwg_gbk)
codecs.register_error("hanfix-whatwg-windows-1252", whatwg_windows_1252)


def repeated(unit):
    """Whole copies of `unit` up to at least BENCH_SIZE UTF-8 bytes, as the bench makes them."""
    return unit * -(-BENCH_SIZE // len(unit.encode("utf-8")))


def bench_inputs():
    """[(label, file name, text)], as benches/pipeline.rs's mojibake_inputs() builds them: the
    article's UTF-8 bytes read with the wrong decoder, how real mojibake arises."""
    raw = ARTICLE.read_bytes()
    return [
        ("clean Chinese", "clean-chinese", repeated(raw.decode("utf-8"))),
        ("all mojibake (UTF-8 as GBK)", "utf8-as-gbk",
         repeated(raw.decode("gb18030", "hanfix-whatwg-gbk"))),
        ("all mojibake (UTF-8 as windows-1252)", "utf8-as-windows-1252",
         repeated(raw.decode("cp1252", "hanfix-whatwg-windows-1252"))),
    ]


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def check_same_as_bench(inputs):
    """Writes each input to <name>.python.txt and exits unless it has the sha256 of the bench's
    <name>.rust.txt: ftfy's figures are only reported for hanfix's exact input bytes. Returns
    {name: sha256}."""
    BENCH_INPUTS.mkdir(parents=True, exist_ok=True)
    digests = {}
    for label, name, text in inputs:
        data = text.encode("utf-8")
        (BENCH_INPUTS / f"{name}.python.txt").write_bytes(data)
        bench_file = BENCH_INPUTS / f"{name}.rust.txt"
        if not bench_file.exists():
            sys.exit(f"{bench_file} missing: run `{BENCH_COMMAND}` first (it writes the inputs), "
                     "or pass --no-speed")
        digests[name] = sha256(data)
        if sha256(bench_file.read_bytes()) != digests[name]:
            sys.exit(f"{label}: this script's input differs from the bench's ({bench_file} vs "
                     f"{name}.python.txt beside it): refusing to report; rerun `{BENCH_COMMAND}` "
                     "if samples/seed-expected.txt changed since, else the two builders disagree")
    return digests


def lines(text):
    return text.removesuffix("\n").split("\n")


def same_but_lost(got, want):
    """Whether `got` is `want` but for characters lost before the repair, each one U+FFFD."""
    return len(got) == len(want) and all(g == w or g == "\ufffd" for g, w in zip(got, want))


def outcome(text, output, article):
    """What a fixer made of an input, as benches/pipeline.rs tells it for hanfix: a fast time
    means little for an input left as it was, or repaired wrong."""
    if output == text:
        return "unchanged"
    differing = sum(not same_but_lost(got, want) for got, want in zip(lines(output), cycle(lines(article))))
    return f"{differing} lines differ" if differing else "repaired"


def print_bench_speed(fixers, inputs, digests):
    print(f"\n(5) throughput, MB/s, one thread, one call, best of {SPEED_RUNS}, on the inputs of "
          "benches/pipeline.rs's mojibake group\n"
          f"    (same sha256 as {BENCH_INPUTS.relative_to(ROOT)}/<name>.rust.txt); in brackets the "
          "output: unchanged, repaired\n"
          "    (the article's lines, lost characters as U+FFFD), or how many lines differ from the article's")
    article = ARTICLE.read_bytes().decode("utf-8")
    widths = [38, 14, 7] + [26] * len(fixers)
    print(row(["input", "sha256", "MB"] + list(fixers), widths))
    for label, name, text in inputs:
        size = len(text.encode("utf-8"))
        cells = [label, digests[name][:12], f"{size / 1e6:.3f}"]
        for fix in fixers.values():
            seconds, output = best_run(fix, text)
            cells.append(f"{size / seconds / 1e6:.2f} ({outcome(text, output, article)})")
        print(row(cells, widths))
    print(f"hanfix on the same inputs, one thread (criterion, mojibake/mojibake <input>): {BENCH_COMMAND}")


# ---------------------------------------------------------------------------------------------
# Main

def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    speed = parser.add_mutually_exclusive_group()
    speed.add_argument("--no-speed", action="store_true", help="skip the throughput measures, (4) and (5)")
    speed.add_argument("--speed-only", action="store_true",
                       help=f"only (5), ftfy's throughput on the inputs `{BENCH_COMMAND}` writes")
    parser.add_argument("--failures", type=int, default=0, metavar="N",
                        help="print up to N failing cases per chain (and changed clean cases per kind)")
    parser.add_argument("--chain", metavar="NAME", help="only the mojibake cases of this chain")
    return parser.parse_args()


def write_outputs(name, cases, outputs):
    WORK.mkdir(parents=True, exist_ok=True)
    with open(WORK / f"{name}.jsonl", "w", encoding="utf-8") as out:
        for index, case in enumerate(cases):
            record = {"id": case["id"], **{mode: outs[index] for mode, outs in outputs.items()}}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def run_corpus(args, ftfy, fixers):
    """(1) to (4), on the evaluation corpus."""
    corpus = args.corpus.resolve()
    cases = read_jsonl(corpus / "cases.jsonl")
    clean = read_jsonl(corpus / "clean-cases.jsonl")
    tests = json.loads((corpus / "ftfy-test-cases.json").read_text("utf-8"))
    if args.chain:
        cases = [c for c in cases if c["chain"] == args.chain]
        if not cases:
            sys.exit(f"no cases of chain {args.chain!r} in {corpus / 'cases.jsonl'}")

    reversible = sum(c["scope"] in REVERSIBLE for c in cases)
    print(f"corpus {corpus}: {len(cases)} mojibake cases ({reversible} reversible, "
          f"{len(cases) - reversible} lossy) in {len({c['chain'] for c in cases})} chains; "
          f"{len(clean)} clean cases; {len(tests)} ftfy test cases")

    case_outputs = run_cases(fixers, cases)
    write_outputs("cases" if not args.chain else f"cases-{args.chain}", cases, case_outputs)
    print_cases(cases, case_outputs, score_cases(cases, case_outputs), ftfy.fix_text, args.failures)

    clean_outputs = run_cases(fixers, clean)
    write_outputs("clean-cases", clean, clean_outputs)
    print_clean(clean, clean_outputs, args.failures)

    lossy_clean = read_jsonl(corpus / "lossy-clean-cases.jsonl")
    lossy_outputs = run_cases(fixers, lossy_clean)
    print("\n(2b) the clean cases with one to three U+FFFD put in (lossy-clean-cases.jsonl): "
          "untouched, output byte-identical")
    for mode, outputs in lossy_outputs.items():
        score = Score()
        for case, out in zip(lossy_clean, outputs):
            score.add(out == case["input"])
        print(f"  {mode:<14} {score.cell()}")

    print_ftfy_tests(tests, ftfy)

    if not args.no_speed:
        mojibake_name = f"mojibake inputs ({args.chain})" if args.chain else "all mojibake inputs"
        print_speed(fixers, [
            ("all clean inputs", [c["input"] for c in clean]),
            ("clean Chinese prose (zh-Hans/Hant, lzh)",
             [c["input"] for c in clean if clean_kind(c) in {f"prose {lang}" for lang in CHINESE}]),
            (mojibake_name, [c["input"] for c in cases]),
        ])


def print_load(when):
    print(f"load average (1, 5, 15 min) at the {when}: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


def main():
    peerenv.refuse_ci("benches/peers-mojibake.py")
    peerenv.run_in_venv(__file__, PINNED)
    args = parse_args()
    import ftfy
    from importlib.metadata import version

    # Checked before the corpus runs, which take minutes, so a mismatch stops the script at once.
    bench = None if args.no_speed else bench_inputs()
    digests = check_same_as_bench(bench) if bench else None
    fixers = {"fix_encoding": ftfy.fix_encoding, "fix_text": ftfy.fix_text,
              "enc/line": lambda text: ftfy.fix_text(text, **ENCODING_ONLY)}

    print(f"ftfy {version('ftfy')} (wcwidth {version('wcwidth')}), Python {platform.python_version()}")
    print_load("start")
    if not args.speed_only:
        run_corpus(args, ftfy, fixers)
    if bench:
        print_bench_speed({mode: fixers[mode] for mode in ("fix_encoding", "fix_text")}, bench, digests)
    if not args.no_speed:
        print_load("end")


if __name__ == "__main__":
    main()
