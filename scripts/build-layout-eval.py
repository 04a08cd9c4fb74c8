#!/usr/bin/env python3
"""Builds the evaluation corpus of hanfix's layout stage (pinyin ruby residue) from real
Chinese text; python3 standard library only.

Reads eval/script/hans.txt and hant.txt (real simplified and traditional paragraphs, one a
line; scripts/build-script-eval.py makes them) and writes eval/layout/:
  * ruby.jsonl: annotated documents, one JSON object a line {"id", "script", "chars",
    "style", "input", "expected"}: 1 to 8 consecutive paragraphs of one file (`expected`,
    joined with "\\n"), in which every occurrence of `chars` distinct Han characters (3 to
    72, drawn from those the document holds; the seed article has 72) is followed by one
    reading of that character in brackets, the same reading at every occurrence, as
    flattened <ruby> markup leaves it (`會(huì)`). The reading is the character's first one
    in pypinyin's dictionary, right or wrong in context, as the seed's mirror site did.
    `style` says how the reading is written, one per document: tone marks or a tone digit,
    ASCII or fullwidth brackets.
  * parens.jsonl: documents of real lines that hold parentheses ({"id", "script", "input"}),
    20 lines each, every such line of the two files once: the stage must leave them as they
    are. Their parenthetical count is printed.

Readings: pypinyin (PyPI, MIT), pinned to PYPINYIN_VERSION, downloaded with
`pip download` into eval/cache/pip (sha256 printed) and read from its pinyin_dict.json
without installing it. It packages the same Unihan-derived pinyin-data as the pinyin crate
hanfix uses, in another release.

Usage: python3 scripts/build-layout-eval.py [--docs N]   (default 1000 annotated documents)
"""

import argparse
import json
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from evalsources import sha256_of

PYPINYIN_VERSION = "0.53.0"
SEED = 20261127
ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "eval" / "script"
OUT = ROOT / "eval" / "layout"
CACHE = ROOT / "eval" / "cache"

TONE_DIGITS = {}
for plain, marked in [("a", "āáǎà"), ("e", "ēéěè"), ("i", "īíǐì"), ("o", "ōóǒò"),
                      ("u", "ūúǔù"), ("ü", "ǖǘǚǜ")]:
    for tone, c in enumerate(marked, 1):
        TONE_DIGITS[c] = (plain, tone)


def with_tone_digit(syllable):
    """`guó` as `guo2`; a neutral-tone syllable (`de`) as it is."""
    out, tone = [], None
    for c in syllable:
        if c in TONE_DIGITS:
            plain, tone = TONE_DIGITS[c]
            out.append(plain)
        else:
            out.append(c)
    return "".join(out) + (str(tone) if tone else "")


def readings():
    """{character: first reading with tone marks} from pypinyin's dictionary."""
    wheels = CACHE / "pip"
    wheels.mkdir(parents=True, exist_ok=True)
    found = sorted(wheels.glob(f"pypinyin-{PYPINYIN_VERSION}-*.whl"))
    if not found:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--only-binary", ":all:", "-d", str(wheels),
                        f"pypinyin=={PYPINYIN_VERSION}"], check=True)
        found = sorted(wheels.glob(f"pypinyin-{PYPINYIN_VERSION}-*.whl"))
    wheel = found[-1]
    print(f"sha256 {sha256_of(wheel)}  {wheel.name}", file=sys.stderr)
    with zipfile.ZipFile(wheel) as archive:
        table = json.loads(archive.read("pypinyin/pinyin_dict.json"))
    if not table:
        sys.exit(f"{wheel}: pypinyin/pinyin_dict.json holds no readings")
    return {chr(int(code)): value.split(",")[0] for code, value in table.items()}


HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def annotate(text, chosen, style):
    marks, fullwidth = style
    open_, close = ("（", "）") if fullwidth else ("(", ")")
    out = []
    for c in text:
        out.append(c)
        if c in chosen:
            reading = chosen[c] if marks else with_tone_digit(chosen[c])
            out.append(f"{open_}{reading}{close}")
    return "".join(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=1000)
    args = parser.parse_args()
    files = {"hans": SOURCE / "hans.txt", "hant": SOURCE / "hant.txt"}
    for path in files.values():
        if not path.exists():
            sys.exit(f"{path}: missing (run scripts/build-script-eval.py first)")
    lines = {name: path.read_text(encoding="utf-8").splitlines() for name, path in files.items()}
    reading = readings()
    rng = random.Random(SEED)
    OUT.mkdir(parents=True, exist_ok=True)

    # Annotated documents. A paragraph that already holds brackets, or markup the stage
    # removes on its own account (tags, references, pipes, placeholders), is left out, so
    # that the expected text is the paragraph itself.
    styles = [(True, False), (True, True), (False, False), (False, True)]
    written = 0
    with open(OUT / "ruby.jsonl", "w", encoding="utf-8") as out:
        while written < args.docs:
            script = rng.choice(sorted(files))
            pool = lines[script]
            start = rng.randrange(len(pool))
            paragraphs = pool[start:start + rng.randint(1, 8)]
            text = "\n".join(paragraphs)
            if re.search(r"[()（）<>&\[\]|]", text):
                continue
            han = sorted({c for c in text if HAN.match(c) and c in reading})
            if len(han) < 3:
                continue
            count = min(len(han), rng.randint(3, 72))
            chosen = {c: reading[c] for c in rng.sample(han, count)}
            style = rng.choice(styles)
            record = {
                "id": f"ruby-{written:04}",
                "script": script,
                "chars": count,
                "style": ("marks" if style[0] else "digits") + ("-fullwidth" if style[1] else ""),
                "input": annotate(text, chosen, style),
                "expected": text,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1

    # Real lines with parentheses, 20 to a document.
    with_parens = [(name, line) for name in sorted(files) for line in lines[name]
                   if re.search(r"[(（][^()（）]*[)）]", line)]
    parentheticals = sum(len(re.findall(r"[(（][^()（）]*[)）]", line)) for _, line in with_parens)
    after_han = sum(len(re.findall(r"[\u3400-\u9fff][(（][^()（）]*[)）]", line))
                    for _, line in with_parens)
    with open(OUT / "parens.jsonl", "w", encoding="utf-8") as out:
        for i in range(0, len(with_parens), 20):
            chunk = with_parens[i:i + 20]
            record = {"id": f"parens-{i // 20:04}", "script": chunk[0][0],
                      "input": "\n".join(line for _, line in chunk)}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{written} annotated documents; {len(with_parens)} lines with {parentheticals} "
          f"parentheticals ({after_han} right after a Han character) in "
          f"{(len(with_parens) + 19) // 20} documents; written to {OUT}")


if __name__ == "__main__":
    main()
