#!/usr/bin/env python3
"""Builds the evaluation corpus of hanfix's script stage (traditional/simplified conversion)
from real Chinese text; python3 standard library only, plus OpenCC, which it installs itself.

Writes eval/script/:
  * hans.txt, hant.txt: real simplified and real traditional text, one paragraph a line
    (UTF-8, "\\n" after each), deduplicated, sources in the order listed below;
  * sources.tsv: for each source block of those two files, its first line (1-based), its
    line count, its bytes and its licence (file, source, licence, first_line, lines, bytes);
  * mixed.jsonl: mixed-script documents, one JSON object a line:
      {"id", "source", "paragraphs", "changed", "reverted", "reverted_fraction", "input",
       "expected_hant", "expected_hans", "original"}
    `original` is real simplified text (1 to 8 consecutive paragraphs of one source, joined
    with "\\n"; these paragraphs are held out of hans.txt); expected_hant = OpenCC s2t of it
    (what `--script auto` must give, the document being mostly traditional); expected_hans =
    OpenCC t2s of expected_hant (what `--script hans` must give; it differs from `original`
    where the round trip loses something). `input` is expected_hant with `reverted` of its
    `changed` characters (the positions where s2t changed a character) put back to the
    simplified original, reverted_fraction = reverted / changed, the target fraction drawn
    per document uniformly in [0.02, 0.15] (seeded). A document is skipped, and counted, when
    s2t changes its length (no character-for-character alignment) or changes fewer than
    MIN_CHANGED characters.

OpenCC (PyPI `opencc` 1.4.2, Apache-2.0, the release of the dictionaries hanfix vendors) is
installed into eval/cache/venv by scripts/openccenv.py and run there in a subprocess.

Sources, fetched once into eval/cache (git-ignored, like all of eval/) with the ordinary
clients (sha256 of each downloaded package printed):
  Debian packages (`apt-get download` + `dpkg -x`, run `apt-get update` once first):
  * manpages-zh (GFDL-1.2+): zh_CN man pages (hans only: its zh_TW pages are generated from
    the zh_CN ones with OpenCC s2twp, so they are not used);
  * libreoffice-help-zh-cn, libreoffice-help-zh-tw (MPL-2.0): LibreOffice 7.4 help, HTML;
  * libreoffice-l10n-zh-cn, libreoffice-l10n-zh-tw (MPL-2.0): LibreOffice UI catalogues (.mo);
  * debian-reference-zh-cn, debian-reference-zh-tw (GPL-2+): the Debian Reference, HTML;
  * maint-guide-zh-cn, maint-guide-zh-tw (MIT): the Debian New Maintainers' Guide, HTML;
  * fortunes-zh (GPL-3+): the modern Chinese "chinese" fortune file (hans);
  * libc-l10n (LGPL-2.1+), git (GPL-2), gcc-12-locales (GPL-3+): zh_CN / zh_TW catalogues;
  * firefox-esr-l10n-zh-cn, firefox-esr-l10n-zh-tw, thunderbird-l10n-zh-tw (MPL-2.0): the
    strings (.ftl, .properties) of their language packs.
  npm package chinese-poetry 2.0.1 (MIT), via `npm pack`, traditional text only (hant):
  * 孟子, 大學, 中庸 (dist/sishuwujing), one paragraph a line;
  * 全唐詩 (dist/quantangshi/poet.tang.<n>.json, files in numeric order), one poem a line,
    as many as it takes to bring hant.txt to TARGET_BYTES. Classical text, taken because the
    modern traditional sources above give only about 3.3 MB.
  Not used: chinese-poetry's 古文觀止 (its traditional text is converted from simplified, e.g.
  "鄭伯克段於鄢" for 于鄢), its Song and Yuan texts (simplified), zh_HK sources (none found).

A line is kept if it is prose (evalsources.is_prose: at least 3 CJK characters, a third of
the line) and clean (no control, surrogate or private-use character, no U+FFFD, no line or
paragraph separator), and not seen before in the same file; a simplified one also only if
OpenCC t2s leaves it unchanged (this drops the traditional quotations in fortunes-zh's tips;
the other simplified sources lose almost nothing). Traditional lines are not filtered that
way: OpenCC s2t changes 0.02-0.7% of their characters, variants it prefers (裏 for 裡, ...).

Usage (from the repository root; needs apt-get, npm, network to the package registries):
    python3 scripts/build-script-eval.py [--out DIR] [--cache DIR] [--seed N] [--documents N]
"""

import argparse
import json
import math
import random
import sys
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evalsources import (  # noqa: E402
    catalogue_paragraphs, fetch_debs, fetch_npm, fortune_tips, html_paragraphs, is_prose,
    langpack_paragraphs, man_paragraphs, sha256_of)
import openccenv  # noqa: E402

POETRY_VERSION = "2.0.1"
TARGET_BYTES = 5 * 1024 * 1024 + 64 * 1024
MIN_CHANGED = 10
REVERT_RANGE = (0.02, 0.15)
MAX_PARAGRAPHS = 8

# (source, licence); a source is "kind:argument" as read by paragraphs_of.
HANS_SOURCES = [
    ("man:zh_CN", "GFDL-1.2+"),
    ("html:libreoffice-help-zh-cn", "MPL-2.0"),
    ("mo:libreoffice-l10n-zh-cn:zh_CN", "MPL-2.0"),
    ("tips:fortunes-zh", "GPL-3+"),
    ("html:debian-reference-zh-cn", "GPL-2+"),
    ("html:maint-guide-zh-cn", "MIT"),
    ("mo:libc-l10n:zh_CN", "LGPL-2.1+"),
    ("mo:git:zh_CN", "GPL-2"),
    ("mo:gcc-12-locales:zh_CN", "GPL-3+"),
    ("xpi:firefox-esr-l10n-zh-cn", "MPL-2.0"),
]
HANT_SOURCES = [
    ("html:libreoffice-help-zh-tw", "MPL-2.0"),
    ("mo:libreoffice-l10n-zh-tw:zh_TW", "MPL-2.0"),
    ("html:debian-reference-zh-tw", "GPL-2+"),
    ("html:maint-guide-zh-tw", "MIT"),
    ("mo:libc-l10n:zh_TW", "LGPL-2.1+"),
    ("mo:git:zh_TW", "GPL-2"),
    ("mo:gcc-12-locales:zh_TW", "GPL-3+"),
    ("xpi:firefox-esr-l10n-zh-tw", "MPL-2.0"),
    ("xpi:thunderbird-l10n-zh-tw", "MPL-2.0"),
    ("poetry:sishuwujing", "MIT"),
    ("poetry:quantangshi", "MIT"),
]


def debian_packages():
    packages = {"manpages-zh", "fortunes-zh"}
    for source, _ in HANS_SOURCES + HANT_SOURCES:
        kind, _, argument = source.partition(":")
        if kind in ("html", "mo", "xpi"):
            packages.add(argument.split(":")[0])
    return sorted(packages)


# ---------------------------------------------------------------------------------------------
# Sources

def poetry_paragraphs(poetry: Path, part: str):
    """chinese-poetry: the 四書 prose (one paragraph a line) or the Tang poems (one a line)."""
    if part == "sishuwujing":
        out = []
        for name in ("mengzi", "daxue", "zhongyong"):
            data = json.loads((poetry / "dist" / "sishuwujing" / f"{name}.json").read_text("utf-8"))
            for chapter in data if isinstance(data, list) else [data]:
                out += chapter["paragraphs"]
        return out
    files = sorted((poetry / "dist" / "quantangshi").glob("poet.tang.*.json"),
                   key=lambda p: int(p.name.split(".")[2]))
    return ["".join(poem["paragraphs"]) for path in files
            for poem in json.loads(path.read_text("utf-8"))]


def paragraphs_of(cache: Path, poetry: Path, source: str):
    kind, _, argument = source.partition(":")
    if kind == "man":
        return man_paragraphs(cache, argument)
    if kind == "html":
        return html_paragraphs(cache, argument)
    if kind == "mo":
        return catalogue_paragraphs(cache, *argument.split(":"))
    if kind == "xpi":
        return langpack_paragraphs(cache, argument)
    if kind == "tips":
        return fortune_tips(cache)
    return poetry_paragraphs(poetry, argument)


def is_clean(line: str):
    return not any(unicodedata.category(c) in ("Cc", "Cs", "Co") or c in "\ufffd\u2028\u2029"
                   for c in line)


def pool_of(cache: Path, poetry: Path, sources):
    """[(source, paragraph)] of clean prose, deduplicated, in source order."""
    seen, out = set(), []
    for source, _ in sources:
        for line in paragraphs_of(cache, poetry, source):
            line = line.strip()
            if line not in seen and is_prose(line, True) and is_clean(line):
                seen.add(line)
                out.append((source, line))
    return out


def simplified_only(python: Path, pool):
    """Drops the paragraphs OpenCC t2s would change: traditional text quoted in a simplified
    source (fortunes-zh's tips quote classical poems in traditional characters)."""
    converted = openccenv.convert(python, "t2s", [p for _, p in pool])
    dropped = Counter(source for (source, p), q in zip(pool, converted) if p != q)
    print(f"hans: dropped as not simplified (t2s changes them): {dict(dropped) or 'none'}",
          file=sys.stderr)
    return [(source, p) for (source, p), q in zip(pool, converted) if p == q]


# ---------------------------------------------------------------------------------------------
# The mixed-script documents

def chunks_of(pool, rng):
    """Splits the pool into runs of 1..MAX_PARAGRAPHS consecutive paragraphs of one source
    (a third of them single paragraphs), as (start, end) index pairs."""
    out, start = [], 0
    while start < len(pool):
        size = 1 if rng.random() < 1 / 3 else rng.randint(2, MAX_PARAGRAPHS)
        end = start + 1
        while end < min(start + size, len(pool)) and pool[end][0] == pool[start][0]:
            end += 1
        out.append((start, end))
        start = end
    return out


def revert(original: str, hant: str, rng):
    """`hant` with a random share (REVERT_RANGE, drawn uniformly) of the characters s2t changed
    put back to their simplified original; returns (input, changed, reverted)."""
    changed = [i for i, (a, b) in enumerate(zip(original, hant)) if a != b]
    low, high = REVERT_RANGE
    # Rounded, then kept inside the range (MIN_CHANGED >= 7 leaves at least one count there).
    count = round(rng.uniform(low, high) * len(changed))
    count = min(max(count, math.ceil(low * len(changed))), math.floor(high * len(changed)))
    chars = list(hant)
    for i in rng.sample(changed, count):
        chars[i] = original[i]
    return "".join(chars), len(changed), count


def mixed_documents(python: Path, pool, count, rng):
    """Draws documents from the pool until `count` are kept; returns (records, held-out pool
    indexes, skips by reason)."""
    chunks = chunks_of(pool, rng)
    rng.shuffle(chunks)
    candidates = chunks[:count * 2]
    originals = ["\n".join(p for _, p in pool[a:b]) for a, b in candidates]
    hants = openccenv.convert(python, "s2t", originals)
    kept, held, skips = [], set(), Counter()
    for (a, b), original, hant in zip(candidates, originals, hants):
        if len(kept) == count:
            break
        if len(hant) != len(original):
            skips["length changed by s2t"] += 1
            continue
        if sum(x != y for x, y in zip(original, hant)) < MIN_CHANGED:
            skips[f"fewer than {MIN_CHANGED} characters changed by s2t"] += 1
            continue
        text, changed, reverted = revert(original, hant, rng)
        kept.append({"id": f"mixed-{len(kept):04}", "source": pool[a][0], "paragraphs": b - a,
                     "changed": changed, "reverted": reverted,
                     "reverted_fraction": round(reverted / changed, 4), "input": text,
                     "expected_hant": hant, "expected_hans": None, "original": original})
        held.update(range(a, b))
    if len(kept) < count:
        sys.exit(f"only {len(kept)} mixed documents could be made")
    for record, hans in zip(kept, openccenv.convert(python, "t2s", [r["expected_hant"] for r in kept])):
        record["expected_hans"] = hans
    return kept, held, skips


# ---------------------------------------------------------------------------------------------
# Output

def write_text(path: Path, pool, licences, sources_tsv, limit=None):
    """Writes the pool's paragraphs (up to `limit` bytes, whole lines, when given) and appends
    one row per source to sources_tsv; returns the bytes written."""
    total, blocks = 0, []
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for source, line in pool:
            if limit and total >= limit:
                break
            size = len(line.encode("utf-8")) + 1
            if not blocks or blocks[-1][0] != source:
                blocks.append([source, sum(b[2] for b in blocks) + 1, 0, 0])
            blocks[-1][2] += 1
            blocks[-1][3] += size
            total += size
            out.write(line + "\n")
    for source, first, lines, size in blocks:
        sources_tsv.append(f"{path.name}\t{source}\t{licences[source]}\t{first}\t{lines}\t{size}")
        print(f"{path.name}: {source}: {lines} lines, {size / 1e6:.3f} MB", file=sys.stderr)
    print(f"{path.name}: {total} bytes ({total / 2**20:.2f} MiB)", file=sys.stderr)
    return total


def print_mixed_stats(records, skips):
    fractions = [r["reverted_fraction"] for r in records]
    sizes = Counter(r["paragraphs"] for r in records)
    lossy = sum(r["expected_hans"] != r["original"] for r in records)
    print(f"mixed.jsonl: {len(records)} documents, skipped: {dict(skips) or 'none'}", file=sys.stderr)
    print(f"  paragraphs per document: {dict(sorted(sizes.items()))}", file=sys.stderr)
    print(f"  changed characters: {sum(r['changed'] for r in records)}, reverted: "
          f"{sum(r['reverted'] for r in records)}", file=sys.stderr)
    print(f"  reverted fraction: min {min(fractions):.3f}, mean {sum(fractions) / len(fractions):.3f}, "
          f"max {max(fractions):.3f}", file=sys.stderr)
    bins = Counter(min(int(f * 100) // 2 * 2, 16) for f in fractions)
    print("  by 2% bins: " + ", ".join(f"{b}-{b + 2}%: {n}" for b, n in sorted(bins.items())),
          file=sys.stderr)
    print(f"  t2s(s2t(original)) != original: {lossy} documents", file=sys.stderr)
    print(f"  by source: {dict(Counter(r['source'] for r in records).most_common())}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("eval/script"))
    parser.add_argument("--cache", type=Path, default=Path("eval/cache"))
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument("--documents", type=int, default=1200)
    args = parser.parse_args()
    cache = args.cache.resolve()
    cache.mkdir(parents=True, exist_ok=True)
    packages = debian_packages()
    fetch_debs(cache, packages)
    poetry = fetch_npm(cache / "npm" / "chinese-poetry", "chinese-poetry", POETRY_VERSION)
    for deb in sorted((cache / "deb").glob("*.deb")):
        if deb.name.split("_")[0] in packages:
            print(f"sha256 {sha256_of(deb)}  {deb.name}", file=sys.stderr)
    tgz = cache / "npm" / "chinese-poetry" / f"chinese-poetry-{POETRY_VERSION}.tgz"
    print(f"sha256 {sha256_of(tgz)}  {tgz.name}", file=sys.stderr)
    python = openccenv.opencc_python(cache)
    rng = random.Random(args.seed)

    hans_pool = simplified_only(python, pool_of(cache, poetry, HANS_SOURCES))
    hant_pool = pool_of(cache, poetry, HANT_SOURCES)
    records, held, skips = mixed_documents(python, hans_pool, args.documents, rng)
    hans_pool = [p for i, p in enumerate(hans_pool) if i not in held]

    args.out.mkdir(parents=True, exist_ok=True)
    rows = ["file\tsource\tlicence\tfirst_line\tlines\tbytes"]
    write_text(args.out / "hans.txt", hans_pool, dict(HANS_SOURCES), rows)
    write_text(args.out / "hant.txt", hant_pool, dict(HANT_SOURCES), rows, TARGET_BYTES)
    (args.out / "sources.tsv").write_text("\n".join(rows) + "\n", "utf-8")
    with open(args.out / "mixed.jsonl", "w", encoding="utf-8", newline="\n") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print_mixed_stats(records, skips)


if __name__ == "__main__":
    main()
