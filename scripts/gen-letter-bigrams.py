#!/usr/bin/env python3
"""Generates data/letter-bigrams/ from wordfreq's word-frequency lists (python3 stdlib only).

The mojibake stage tells real text in an alphabetic script from mojibake (KOI8-R read as
windows-1251 turns "Содержит" into "уПДЕТЦЙФ", UTF-8 read as ISO-8859-2 turns "über" into
"Ăźber"). This script derives the letter bigram and letter statistics it uses, for the Latin,
Cyrillic, Greek, Hebrew and Arabic scripts, from the `small_<lang>.msgpack.gz` word lists in the PyPI wheel of
wordfreq at the pinned VERSION. The wheel's sha256 must match WHEEL_SHA256, and every file read
from it must match its pinned sha256 (the script stops otherwise).

Writes, deterministically (run it twice: the outputs are byte-identical):
  data/letter-bigrams/bigrams.tsv     letter bigrams with word boundaries ("^w", "wo", "or",
                                      "rd", "d$"), pooled per script, in parts per 10^9 of the
                                      script's bigram mass; pairs that round to 0 are dropped
  data/letter-bigrams/letters.tsv     every letter, and the boundaries "^" and "$" once per
                                      script, with its count on the same scale and its script
  data/letter-bigrams/LICENSE         CC BY-SA 4.0 statement and wordfreq's attributions
  data/letter-bigrams/PROVENANCE.md   source, checksums, method, coverage, checks, limits

The wheel is fetched with `pip download --no-deps --only-binary :all: wordfreq==VERSION` into
a temporary directory (or taken from --wheel PATH when it is already on disk).

Usage:
    python3 scripts/gen-letter-bigrams.py [--wheel PATH] [--out DIR]
"""

import argparse
import decimal
import gzip
import hashlib
import math
import os
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

PACKAGE = "wordfreq"
VERSION = "3.1.1"
WHEEL_NAME = f"{PACKAGE}-{VERSION}-py3-none-any.whl"
WHEEL_SHA256 = "4b1c6ecffc6198be3396d5cf871c4423ca71c907c231348d352dd54d62b97473"
METADATA_MEMBER = f"{PACKAGE}-{VERSION}.dist-info/METADATA"
METADATA_SHA256 = "fab1698966706a4b5fbfc9e50f7b4eafd96d78b21f75d491235b477bc26081e1"
LICENSE_MEMBER = f"{PACKAGE}-{VERSION}.dist-info/LICENSE.txt"
LOADER_MEMBER = "wordfreq/__init__.py"
LOADER_SHA256 = "a50df96622a21a7bcab6a8fc8a8ce7abff8cb47e5dcf532341215640c337c1d0"

# The languages wanted, with their script and name, in output order. A language whose
# small_<lang>.msgpack.gz is missing from the wheel is skipped (and listed as skipped);
# every file that is read must have its sha256 pinned here.
LANGUAGES = [
    ("en", "Latn", "English"), ("de", "Latn", "German"), ("fr", "Latn", "French"),
    ("es", "Latn", "Spanish"), ("pt", "Latn", "Portuguese"), ("it", "Latn", "Italian"),
    ("nl", "Latn", "Dutch"), ("ca", "Latn", "Catalan"), ("sv", "Latn", "Swedish"),
    ("da", "Latn", "Danish"), ("nb", "Latn", "Norwegian Bokmål"), ("fi", "Latn", "Finnish"),
    ("is", "Latn", "Icelandic"), ("pl", "Latn", "Polish"), ("cs", "Latn", "Czech"),
    ("sk", "Latn", "Slovak"), ("sl", "Latn", "Slovenian"), ("hu", "Latn", "Hungarian"),
    ("ro", "Latn", "Romanian"), ("tr", "Latn", "Turkish"), ("lt", "Latn", "Lithuanian"),
    ("lv", "Latn", "Latvian"), ("sh", "Latn", "Serbo-Croatian (bs/hr/sr, Latin)"),
    ("id", "Latn", "Indonesian"), ("ms", "Latn", "Malay"), ("vi", "Latn", "Vietnamese"),
    ("fil", "Latn", "Filipino (Tagalog)"),
    ("ru", "Cyrl", "Russian"), ("uk", "Cyrl", "Ukrainian"), ("bg", "Cyrl", "Bulgarian"),
    ("mk", "Cyrl", "Macedonian"),
    ("el", "Grek", "Greek"),
    ("he", "Hebr", "Hebrew"),
    ("ar", "Arab", "Arabic"), ("fa", "Arab", "Persian"),
]
DATA_SHA256 = {
    "en": "f94a80cba6a3857b260d0666b5432bb7ea9b85315574dee9c306e87f61298247",
    "de": "2115b5bb4adb671a3352555a480b9c2f5b03493e9f7e4047997361d62310017a",
    "fr": "8fbbf619ff2e6ff5b3d99d41e69c105daf5795771ce8ef36529f210d571abe6e",
    "es": "ff5853040f65bcc9cb3ed3721d1d09d4405389c1741ebbf529612220829ff5af",
    "pt": "fe4e551f6da739583d66cd5ef4fca28a1ccfa2ae5a53a5cbf48aa73dd7c91e0c",
    "it": "07a4355d735d9cc864ce9fe679d94a13dee4cefa2495b6b013ecdb214b231c66",
    "nl": "ae0d64f10e9d11898b2b9481c0b20698ec40c79b8025edfdd70856bd593ad4b0",
    "ca": "13fa468e915d70f3b2991244f71fa5c160ab1d097d3f084546b8a7f15e8a5f03",
    "sv": "a7c52a3d3576db1b7d4280be47aafccabdc70f9a56c5a40bc94b9139e271adf6",
    "da": "80db682ff7bb30e7c8fd3e5dac2b9fe8c12faa206c45438f1a799a048ab10d8b",
    "nb": "f979e2d16f41758572ce8c3992047f015cbef65c012702a86e7c416ab8d83659",
    "fi": "7c33d07743908b9ae43347d96f60e4d1d30fa3529f59fdefcbf16441040183d7",
    "is": "2c4d79aa407c827278c145d394e4843c6ce3b7c7d56847fba548b9170def87a4",
    "pl": "95691a55cc2afe0719c11f187fe55a8956bef0654ec476e945af3c495b4aa285",
    "cs": "213812b32ab2b2cdb626e5e1ced308d0d89e2990ae1eb5cf183c5e1f16d52940",
    "sk": "ed772a1d7efd8125d025b2ee21736cfcf186847e059ada62ea3fd7ecf4437a71",
    "sl": "68fa0bfb6c083e90cef397435832fd744f7e7a6b90e60319ab969fb266124ae1",
    "hu": "84130f74f9ea8f097bfb25d3778d03d26449dba255df7e60f42bbef463fdc582",
    "ro": "c17fe82952ed209bb45b95c56cb5c7f077ca921a84578c3807d48ddc1dd842e2",
    "tr": "10980704ee3ac5b52f226579251905412a04ead57092a12182dd0b8be6a765df",
    "lt": "36ea5906d64376a4ad1eef03b4d03f5f86b374a50018a1ac7b45dc49dd8f2044",
    "lv": "fa1996db4bb977099205d4fb57aa9181f320573cab9ac477c89b90cf4a67c639",
    "sh": "aea3996335662bd8101383ba69d49123f7b5bc82d7f907f69f477d040bf74d89",
    "id": "6fd891027cd6395b5c038c0e6402fa7e107ffd8973f862053246b897beb1bcd3",
    "ms": "dca0d42e666ae1998b74685963570d35407fb3d7c4a4796b21b3cd33954ffc1a",
    "vi": "bde76e2846f38fc8f4ad5112493d524c0c7f5e5545072b4de773d0a83159f15f",
    "fil": "e18224d2efa12c3ca6e8eaee76ec4eae0cf4c437988545e8e8dae36a1a7a940d",
    "ru": "ddb45281a609f8c5c4bf3ece7b045c540f76fe36bb438a108e2a45c6f593a078",
    "uk": "c8cc895dd13da4a905d268d96382f2675f49fed770e89804c4f8f114a2564dec",
    "bg": "b19e0a302b7c50439af94ed72b4e3d049b5233db9956add43f16922349fca359",
    "mk": "9960970cc6ea2323ba42c2c352542c39cfd892bee3d6f89b5ab0949fdc4ccd18",
    "el": "9ec327293a1657eac51518d6506e387dda453b548e506f47ef6e720592c1d9c9",
    "he": "b68a4d94dbda037255c3992d4c3ae7250ac6a67aedcf90246afc020681a462e5",
    "ar": "a132f33543885d96dab7255ae8a4e6eab0b89cb3f79b2c7240787181ee4785cc",
    "fa": "bfb503f6b0d6bdddce720ee8154faf1c79d8b0417e6c865643da3b17b7638057",
}
SCRIPTS = [("Latn", "LATIN", "Latin"), ("Cyrl", "CYRILLIC", "Cyrillic"), ("Grek", "GREEK", "Greek"),
           ("Hebr", "HEBREW", "Hebrew"), ("Arab", "ARABIC", "Arabic")]
# Scripts without case: any letter of theirs counts (the others count lower-case letters).
CASELESS = {"Hebr", "Arab"}
BOS, EOS = "^", "$"

# Counts are parts per 10^9 of the script's total bigram mass, rounded half up; pairs that
# round to 0 are dropped. The script asserts the files stay under MAX_TOTAL_BYTES.
SCALE = 10**9
MAX_TOTAL_BYTES = 1_000_000
# Word frequencies 10^(-i/100) are held as integers scaled by 10^FREQ_EXP, and each language's
# normalized mass by 10^NORM_EXP, so that every sum is exact integer arithmetic and the output
# does not depend on the platform's floating point.
FREQ_EXP = 30
NORM_EXP = 40

# The sanity check: (real word, encoding it is written in, encoding it is misread as).
CHECKS = [
    ("Содержит", "koi8_r", "cp1251"),
    ("über", "utf-8", "iso8859_2"),
    ("implémentation", "utf-8", "cp1252"),
    ("données", "utf-8", "cp1252"),
    ("Содержит", "utf-8", "cp1252"),
    ("привет", "cp866", "cp1251"),
    ("Łódź", "utf-8", "iso8859_2"),
    ("ελληνικά", "utf-8", "cp1252"),
    ("ελληνικά", "iso8859_7", "cp1251"),
]
CODEC_NAMES = {"koi8_r": "KOI8-R", "cp1251": "windows-1251", "utf-8": "UTF-8",
               "iso8859_2": "ISO-8859-2", "cp1252": "windows-1252", "cp866": "CP866",
               "iso8859_7": "ISO-8859-7"}


def sha256(data):
    return hashlib.sha256(data).hexdigest()


# --- msgpack ------------------------------------------------------------------------------
# A minimal decoder for the subset of msgpack that wordfreq's cBpack files use: positive
# fixint, fixmap, fixarray, array 16/32, fixstr and str 8/16/32. Anything else stops the script.

def msgpack_decode(data):
    value, pos = _mp_value(data, 0)
    if pos != len(data):
        sys.exit(f"error: msgpack: {len(data) - pos} trailing bytes")
    return value


def _mp_value(b, p):
    t = b[p]
    if t <= 0x7F:                       # positive fixint
        return t, p + 1
    if 0x80 <= t <= 0x8F:               # fixmap
        return _mp_map(b, p + 1, t & 0x0F)
    if 0x90 <= t <= 0x9F:               # fixarray
        return _mp_array(b, p + 1, t & 0x0F)
    if 0xA0 <= t <= 0xBF:               # fixstr
        return _mp_str(b, p + 1, t & 0x1F)
    if t == 0xD9:                       # str 8
        return _mp_str(b, p + 2, b[p + 1])
    if t == 0xDA:                       # str 16
        return _mp_str(b, p + 3, int.from_bytes(b[p + 1:p + 3], "big"))
    if t == 0xDB:                       # str 32
        return _mp_str(b, p + 5, int.from_bytes(b[p + 1:p + 5], "big"))
    if t == 0xDC:                       # array 16
        return _mp_array(b, p + 3, int.from_bytes(b[p + 1:p + 3], "big"))
    if t == 0xDD:                       # array 32
        return _mp_array(b, p + 5, int.from_bytes(b[p + 1:p + 5], "big"))
    sys.exit(f"error: msgpack: unsupported type byte 0x{t:02x} at offset {p}")


def _mp_str(b, p, n):
    if p + n > len(b):
        sys.exit(f"error: msgpack: string at offset {p} runs past the end")
    return b[p:p + n].decode("utf-8"), p + n


def _mp_array(b, p, n):
    out = []
    for _ in range(n):
        v, p = _mp_value(b, p)
        out.append(v)
    return out, p


def _mp_map(b, p, n):
    out = {}
    for _ in range(n):
        k, p = _mp_value(b, p)
        v, p = _mp_value(b, p)
        out[k] = v
    return out, p


def read_cbpack(gz_bytes):
    """Like wordfreq.read_cBpack: a header, then bucket i = the words of frequency 10^(-i/100)."""
    data = msgpack_decode(gzip.decompress(gz_bytes))
    header = data[0]
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        sys.exit(f"error: unexpected cBpack header {header!r}")
    buckets = data[1:]
    if not all(isinstance(bk, list) and all(isinstance(w, str) for w in bk) for bk in buckets):
        sys.exit("error: cBpack buckets are not lists of strings")
    return buckets


# --- source --------------------------------------------------------------------------------

def fetch_wheel(tmp):
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
           f"{PACKAGE}=={VERSION}", "-d", tmp]
    print("+ " + " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, stdout=sys.stderr)
    path = os.path.join(tmp, WHEEL_NAME)
    if not os.path.isfile(path):
        sys.exit(f"error: pip did not produce {WHEEL_NAME} in {tmp}")
    return path


def check(name, data, expected):
    got = sha256(data)
    if got != expected:
        sys.exit(f"error: sha256 of {name} is {got}, expected {expected}; stopping")


def read_wheel(path):
    with open(path, "rb") as f:
        whl = f.read()
    check(path, whl, WHEEL_SHA256)
    src = {"lists": {}, "missing": []}
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        src["metadata"] = z.read(METADATA_MEMBER)
        check(METADATA_MEMBER, src["metadata"], METADATA_SHA256)
        loader = z.read(LOADER_MEMBER)
        check(LOADER_MEMBER, loader, LOADER_SHA256)
        src["code_license"] = z.read(LICENSE_MEMBER).decode("utf-8")
        for lang, _, _ in LANGUAGES:
            member = f"wordfreq/data/small_{lang}.msgpack.gz"
            if member not in names:
                src["missing"].append(lang)
                continue
            data = z.read(member)
            check(member, data, DATA_SHA256[lang])
            src["lists"][lang] = data
    meta = src["metadata"].decode("utf-8")
    # The licences as the wheel states them; the LICENSE written here quotes METADATA.
    if "License: Apache-2.0" not in meta.splitlines() or "Apache License" not in src["code_license"]:
        sys.exit("error: the wheel no longer declares the Apache-2.0 licence for its code")
    if "Creative Commons Attribution-ShareAlike 4.0" not in " ".join(meta.split()):
        sys.exit("error: the wheel's README no longer states the CC BY-SA 4.0 data licence")
    src["readme_sections"] = readme_sections(meta)
    return src


def readme_sections(meta):
    """The README (the METADATA long description) split into its '## ' sections, verbatim."""
    body = meta.split("\n\n", 1)[1]
    sections, name, lines = {}, None, []
    for line in body.split("\n"):
        if line.startswith("## "):
            if name is not None:
                sections[name] = "\n".join(lines).strip("\n")
            name, lines = line[3:].strip(), []
        elif name is not None:
            lines.append(line)
    if name is not None:
        sections[name] = "\n".join(lines).strip("\n")
    for want in ("License", "Citing wordfreq", "Citations to work that wordfreq is built on",
                 "Sources and supported languages"):
        if want not in sections:
            sys.exit(f"error: the wheel's README has no '## {want}' section")
    return sections


# --- counting ------------------------------------------------------------------------------

SCRIPT_OF_PREFIX = {prefix: code for code, prefix, _ in SCRIPTS}


def script_of(ch):
    """The script code of a lower-case letter (or any letter of a caseless script), else None."""
    if not ch.isalpha():
        return None
    script = SCRIPT_OF_PREFIX.get(unicodedata.name(ch, "").split(" ", 1)[0])
    return script if ch.islower() or script in CASELESS else None


def frequencies(n_buckets):
    """Integer 10^(FREQ_EXP - i/100) for each bucket i, computed exactly with decimal."""
    ctx = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN)
    out = []
    for i in range(n_buckets):
        v = ctx.power(decimal.Decimal(10), ctx.divide(decimal.Decimal(FREQ_EXP * 100 - i), 100))
        out.append(int(v.to_integral_value(rounding=decimal.ROUND_HALF_EVEN)))
    return out


def normalize_word(word, lang):
    """The word as it is counted: NFC, str.lower(), and Greek word-final sigma restored.

    wordfreq stores case-folded words, so Greek final ς is stored as σ; lower-cased Greek
    text has ς there, so a word-final σ becomes ς again. (German ß is stored as ss and cannot
    be restored.) NFC recomposes the few letters that case folding decomposes (ΐ, ΰ, ǰ)."""
    w = unicodedata.normalize("NFC", word).lower()
    if lang == "el" and w.endswith("σ"):
        w = w[:-1] + "ς"
    return w


def count_language(lang, script, buckets, freq):
    pairs, stats = {}, {"words": 0, "kept": 0, "mass": 0, "kept_mass": 0, "skipped": {}}
    for i, bucket in enumerate(buckets):
        f = freq[i]
        for word in bucket:
            stats["words"] += 1
            stats["mass"] += f
            w = normalize_word(word, lang)
            bad = [ch for ch in w if script_of(ch) != script]
            if bad or not w:
                why = ("another script" if all(script_of(ch) for ch in bad)
                       else "another script and non-letters" if any(script_of(ch) for ch in bad)
                       else "digit" if any(ch.isdigit() for ch in bad)
                       else "apostrophe/hyphen" if all(ch in "'\u2019-" for ch in bad)
                       else "other non-letter")
                stats["skipped"][why] = stats["skipped"].get(why, 0) + f
                continue
            stats["kept"] += 1
            stats["kept_mass"] += f
            seq = BOS + w + EOS
            for a, b in zip(seq, seq[1:]):
                pairs[a + b] = pairs.get(a + b, 0) + f
    return pairs, stats


def pool(src):
    n_buckets = max(len(read_cbpack(data)) for data in src["lists"].values())
    freq = frequencies(n_buckets)
    pooled = {code: {} for code, _, _ in SCRIPTS}
    lang_stats = {}
    for lang, script, _ in LANGUAGES:
        if lang not in src["lists"]:
            continue
        buckets = read_cbpack(src["lists"][lang])
        pairs, stats = count_language(lang, script, buckets, freq)
        lang_stats[lang] = stats
        # Each language's kept words sum to 1 (10^NORM_EXP) before pooling.
        total = stats["kept_mass"]
        dest = pooled[script]
        for pair, m in pairs.items():
            dest[pair] = dest.get(pair, 0) + m * 10**NORM_EXP // total
    return pooled, lang_stats


def scaled(mass, total):
    """round(SCALE * mass / total), half up, in integers."""
    return (2 * SCALE * mass + total) // (2 * total)


def build_tables(pooled):
    bigrams, letters, info = {}, [], {}
    for code, _, _ in SCRIPTS:
        pairs = pooled[code]
        if not pairs:
            continue
        total = sum(pairs.values())
        left, right = {}, {}
        for pair, m in pairs.items():
            left[pair[0]] = left.get(pair[0], 0) + m
            right[pair[1]] = right.get(pair[1], 0) + m
        kept = {p: scaled(m, total) for p, m in pairs.items()}
        dropped = {p: m for p, m in pairs.items() if kept[p] == 0}
        for p, n in kept.items():
            if n > 0:
                if p in bigrams:
                    sys.exit(f"error: pair {p!r} occurs in two scripts")
                bigrams[p] = n
        # Unigrams: each letter's row total (the mass of the pairs it begins, which is also
        # its number of occurrences), "^" likewise, "$" as the column total of "x$".
        uni = {sym: scaled(m, total) for sym, m in left.items()}
        uni[EOS] = scaled(right[EOS], total)
        for sym, n in uni.items():
            if n > 0:
                letters.append((sym, n, code))
        info[code] = {
            "pairs": len(pairs), "kept_pairs": len(pairs) - len(dropped),
            "dropped_mass_ppb": SCALE * sum(dropped.values()) / total,
            "letters": sorted(s for s in left if s != BOS),
            "zero_letters": sorted(s for s, n in uni.items() if n == 0),
            "kept_sum": sum(n for n in kept.values()),
            "bos": uni[BOS], "eos": uni[EOS],
        }
    order = {code: i for i, (code, _, _) in enumerate(SCRIPTS)}
    letters.sort(key=lambda r: (order[r[2]], -r[1], r[0]))
    return sorted(bigrams.items(), key=lambda kv: (-kv[1], kv[0])), letters, info


# --- output --------------------------------------------------------------------------------

def bigrams_tsv(rows):
    header = (f"# pair\tcount \u2014 generated by scripts/gen-letter-bigrams.py from wordfreq "
              f"{VERSION} small word lists (CC BY-SA 4.0, see LICENSE); parts per 10^9 of the "
              f"script's bigram mass; do not edit\n")
    return (header + "".join(f"{p}\t{n}\n" for p, n in rows)).encode("utf-8")


def letters_tsv(rows):
    header = (f"# letter\tcount\tscript \u2014 generated by scripts/gen-letter-bigrams.py from "
              f"wordfreq {VERSION} small word lists (CC BY-SA 4.0, see LICENSE); parts per 10^9 "
              f"of the script's bigram mass; \"^\"/\"$\" = word start/end, once per script; "
              f"do not edit\n")
    return (header + "".join(f"{s}\t{n}\t{c}\n" for s, n, c in rows)).encode("utf-8")


def license_text(sections):
    sources = sections["Sources and supported languages"]
    cut = sources.find("The following languages are supported")
    if cut < 0:
        sys.exit("error: unexpected 'Sources and supported languages' section in the README")
    sources = sources[:cut].rstrip("\n")
    return f"""The files bigrams.tsv and letters.tsv in this directory are licensed under the
Creative Commons Attribution-ShareAlike 4.0 International licence (CC BY-SA 4.0):

    https://creativecommons.org/licenses/by-sa/4.0/
    (legal code: https://creativecommons.org/licenses/by-sa/4.0/legalcode)

They are adapted material: letter bigram and letter statistics computed by
scripts/gen-letter-bigrams.py from the word-frequency lists (wordfreq/data/small_*.msgpack.gz)
of wordfreq {VERSION} by Robyn Speer (https://github.com/rspeer/wordfreq/), whose data files
are distributed under CC BY-SA 4.0. The words themselves are not reproduced, only pooled letter
pair statistics; see PROVENANCE.md for what was changed and how.

Attribution: derived from wordfreq (Robyn Speer), with the citation its README gives:

    Robyn Speer. (2022). rspeer/wordfreq: v3.0 (v3.0.2). Zenodo.
    https://doi.org/10.5281/zenodo.7199437

wordfreq's own code is licensed under Apache-2.0; no code of wordfreq is included here.

What follows is quoted verbatim from wordfreq {VERSION}'s README (the long description in the
wheel's METADATA): the sources of its data (from "Sources and supported languages"), its
"License" section, its citation, and its list of the works its data is built on; together
they carry the attributions its data sources ask for (including the SUBTLEX authors,
OpenSubtitles, and Google Books Ngrams).

------------------------------------------------------------------------------------------
## Sources and supported languages (beginning)

{sources}

------------------------------------------------------------------------------------------
## License

{sections["License"]}

------------------------------------------------------------------------------------------
## Citing wordfreq

{sections["Citing wordfreq"]}

------------------------------------------------------------------------------------------
## Citations to work that wordfreq is built on

{sections["Citations to work that wordfreq is built on"]}
"""


def parse_tables(bigrams_bytes, letters_bytes):
    """Reads the written files back the way a consumer would."""
    bigrams, letters, bos, script = {}, {}, {}, {}
    for line in bigrams_bytes.decode("utf-8").split("\n"):
        if line and not line.startswith("#"):
            p, n = line.split("\t")
            assert len(p) == 2
            bigrams[p] = int(n)
    for line in letters_bytes.decode("utf-8").split("\n"):
        if line and not line.startswith("#"):
            s, n, c = line.split("\t")
            if s == BOS:
                bos[c] = int(n)
            elif s != EOS:
                letters[s] = int(n)
                script[s] = c
    return bigrams, letters, bos, script


def bits_per_letter(text, tables):
    """Average bits per letter of text under the bigram model with add-one smoothing:
    P(b|a) = (count(ab) + 1) / (count(a) + V), V = number of symbols (letters and "$") of the
    script. The text is lower-cased; whitespace separates words, other non-letters are
    ignored (dropped). Returns (bits per letter, total bits)."""
    bigrams, letters, bos, script = tables
    vocab = {}
    for s, c in script.items():
        vocab[c] = vocab.get(c, 0) + 1
    v_all = sum(vocab.values()) + 1
    words, cur = [], ""
    for ch in text.lower():
        if ch.isalpha():
            cur += ch
        elif ch.isspace() and cur:
            words.append(cur)
            cur = ""
    if cur:
        words.append(cur)
    bits, n_letters = 0.0, 0
    for w in words:
        n_letters += len(w)
        seq = BOS + w + EOS
        for a, b in zip(seq, seq[1:]):
            if a == BOS:
                c = script.get(b)
                denom = (bos.get(c, 0) + vocab[c] + 1) if c else v_all
            else:
                c = script.get(a)
                denom = (letters.get(a, 0) + vocab[c] + 1) if c else v_all
            bits -= math.log2((bigrams.get(a + b, 0) + 1) / denom)
    return (bits / n_letters if n_letters else 0.0), bits


def shown(text):
    """text with control and other invisible characters written as \\uXXXX."""
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch)[0] in "CZ" else ch
                   for ch in text)


def sanity_rows(tables):
    rows = []
    for real, written, read in CHECKS:
        moji = real.encode(written).decode(read)
        how = f"{CODEC_NAMES[written]} read as {CODEC_NAMES[read]}"
        r, m = bits_per_letter(real, tables), bits_per_letter(moji, tables)
        rows.append((shown(real.lower()), shown(moji.lower()), how, r[0], m[0], r[1], m[1]))
    return rows


def provenance(src, lang_stats, info, letters, sizes, checks):
    langs_used = [(l, s, n) for l, s, n in LANGUAGES if l in lang_stats]
    per_lang = "\n".join(
        f"| `{l}` | {n} | {s} | {lang_stats[l]['words']} | {lang_stats[l]['kept']} | "
        f"{100.0 * lang_stats[l]['kept_mass'] / lang_stats[l]['mass']:.1f}% |"
        for l, s, n in langs_used)
    skipped_kinds = {}
    for st in lang_stats.values():
        for why, m in st["skipped"].items():
            skipped_kinds[why] = skipped_kinds.get(why, 0) + m / st["mass"]
    n = len(lang_stats)
    skipped_desc = ", ".join(f"{why} {100.0 * m / n:.2f}%"
                             for why, m in sorted(skipped_kinds.items(), key=lambda kv: -kv[1]))
    missing = ", ".join(f"`{l}`" for l in src["missing"]) or "none"
    per_script = []
    for code, _, name in SCRIPTS:
        if code not in info:
            continue
        i = info[code]
        k = sum(1 for l, s, _ in langs_used if s == code)
        per_script.append(
            f"- {name} (`{code}`, {k} language{'s' if k != 1 else ''}): {len(i['letters'])} "
            f"letters, {i['pairs']} distinct pairs, {i['kept_pairs']} kept; the dropped pairs "
            f"hold {i['dropped_mass_ppb']:.1f} parts per 10^9 of the mass; the kept counts sum "
            f"to {i['kept_sum']}. Word start `^` {i['bos']}, word end `$` {i['eos']}. "
            f"Letters: {''.join(i['letters'])}")
    lang_list = ", ".join(f"`{l}`" for l, _, _ in langs_used)
    data_sums = "\n".join(f"| `small_{l}.msgpack.gz` | `{DATA_SHA256[l]}` |" for l, _, _ in langs_used)
    check_rows = "\n".join(f"| `{r}` | `{m}` | {how} | {br:.2f} | {bm:.2f} | {tr:.1f} | {tm:.1f} |"
                           for r, m, how, br, bm, tr, tm in checks)
    return f"""# data/letter-bigrams — provenance

Generated by `scripts/gen-letter-bigrams.py`; do not edit these files by hand.
Regenerate with:

    python3 scripts/gen-letter-bigrams.py

The script is deterministic (same input, byte-identical output: all sums are exact integer
arithmetic) and uses the python3 standard library only, including its own minimal msgpack
decoder; it fetches the source with
`pip download --no-deps --only-binary :all: {PACKAGE}=={VERSION}`.

## Source

- Package: PyPI package `{PACKAGE}`, version {VERSION} (wheel `{WHEEL_NAME}`), by Robyn
  Speer: word frequencies in many languages, combined from Wikipedia, subtitles, news,
  books, web text, Twitter and Reddit (see the README's "Sources and supported languages").
- Files: `wordfreq/data/small_<lang>.msgpack.gz` for the {n} languages below, in wordfreq's
  "cBpack" format (read as `read_cBpack` in `wordfreq/__init__.py` reads it): gzip'd msgpack
  of a header `{{"format": "cB", "version": 1}}` followed by a list of buckets, bucket `i`
  holding the words whose frequency is 10^(-i/100) (the "small" lists keep the words of
  frequency at least 10^-6, i.e. buckets 0–599). The words are already normalized by wordfreq:
  NFC and case-folded.
- sha256 of `{WHEEL_NAME}`: `{WHEEL_SHA256}`
- sha256 of `{METADATA_MEMBER}` (README, licence statement): `{METADATA_SHA256}`
- sha256 of `{LOADER_MEMBER}` (the cBpack reader the format follows): `{LOADER_SHA256}`
- sha256 of each word list read:

| file | sha256 |
| --- | --- |
{data_sums}

All these checksums are pinned in the script; it stops if any differs.

## Licence

wordfreq's README ("License" section) says: wordfreq "is freely redistributable under the
Apache license (see `LICENSE.txt`), and it includes data files that may be redistributed
under a Creative Commons Attribution-ShareAlike 4.0 license
(<https://creativecommons.org/licenses/by-sa/4.0/>)", and it lists the sources of the data
and the attribution they ask for (Google Books Ngrams, the Leeds Internet Corpus, Wikipedia,
ParaCrawl, OPUS OpenSubtitles 2018 / OpenSubtitles, SUBTLEX by Marc Brysbaert et al.,
Twitter). The wheel declares `License: Apache-2.0` for the package (the code) and ships the
Apache-2.0 notice as `LICENSE.txt`; the script checks both statements.

`bigrams.tsv` and `letters.tsv` are derived from the data files, so they are licensed under
CC BY-SA 4.0 (<https://creativecommons.org/licenses/by-sa/4.0/>). `LICENSE` here states this,
gives the attribution wordfreq asks for (its Zenodo citation) and quotes verbatim the
README's "License" section and its list of citations of the works the data is built on.
No wordfreq code is included.

## What was computed

Languages used ({n}): {lang_list}. Missing from the wheel and skipped: {missing}.

For each language, each word of its list, with its frequency 10^(-i/100) from its bucket,
is NFC-normalized and lower-cased with `str.lower()` (a no-op on wordfreq's case-folded
words except for Greek: a word-final `σ` is turned back into `ς`, which case folding had
removed and lower-cased text has). A word is kept only if every character is a lower-case letter
(`str.isalpha()` and `str.islower()`) of the language's script, by Unicode character name (LATIN…,
CYRILLIC…, GREEK…): Latin for the first 27 languages (wordfreq writes Serbo-Croatian `sh`
in Latin letters), Cyrillic for `ru uk bg mk`, Greek for `el`. Words with digits,
apostrophes, hyphens or other symbols, and words in another script (English words in the
Russian list, say), are skipped. Averaged over the languages, the skipped words carry this
share of a list's frequency mass: {skipped_desc}.

The kept words of each language are weighted so that their frequencies sum to 1; the
languages of one script are then pooled with equal weight (a language with longer words
contributes more bigrams). Each word adds its weight to each of its letter bigrams,
boundaries included: `word` gives `^w`, `wo`, `or`, `rd`, `d$`. One model per script: the
three pools are scaled separately, each to 10^9 parts of its own bigram mass, and written to
one file; the scripts share no letters, so a pair never mixes two scripts (only `^` and `$`
are common to all three).

| code | language | script | words in list | words kept | frequency mass kept |
| --- | --- | --- | --- | --- | --- |
{per_lang}

{chr(10).join(per_script)}

## Format

Both files: UTF-8, LF line endings, one header comment line starting with `#`, then lines of
tab-separated fields. A symbol is one Unicode scalar value: a lower-case letter (NFC), `^`
(word start) or `$` (word end).

- `bigrams.tsv` ({sizes["bigrams.tsv"]} bytes): `pair<TAB>count`. `pair` is two symbols
  `ab`: a letter or `^`, then a letter of the same script or `$`. `count` is a positive
  integer: the pair's pooled probability within its script, in parts per 10^9 (rounded half
  up). Pairs that round to 0 are left out. Sorted by count descending, then by pair
  (code points).
- `letters.tsv` ({sizes["letters.tsv"]} bytes): `letter<TAB>count<TAB>script`, `script` one of
  `Latn`, `Cyrl`, `Grek`, `Hebr`, `Arab`. For a letter, `count` is its unigram probability within its script
  on the same scale; it equals the row total sum_x count(ax) of `bigrams.tsv` before the
  cut-off and rounding (every letter occurrence begins exactly one pair). `^` and `$` appear
  once per script: the script's word-start and word-end mass (both equal the script's word
  mass). The letters and `^` of one script sum to about 10^9. Sorted by script (`Latn`,
  `Cyrl`, `Grek`, `Hebr`, `Arab`), then count descending, then symbol.

Conditional probabilities: P(b|a) = count(ab) / count(a), with count(a) from `letters.tsv`;
for a = `^`, take the `^` line of the script of b (the row of `^` spans all the scripts in
`bigrams.tsv`). Add smoothing for the pairs that are not listed.

## Sanity check

Average bits per letter under this model with add-one smoothing, P(b|a) = (count(ab) + 1) /
(count(a) + V), V = number of letters of the script plus one; the text is lower-cased,
whitespace separates words and other non-letters are ignored (dropped), so `implã©mentation`
is scored as `implãmentation` (as computed by the script from the written files; it stops if a
mojibake sample does not cost more than its real word):

| real | mojibake | confusion | bits/letter, real | bits/letter, mojibake | total bits, real | total bits, mojibake |
| --- | --- | --- | --- | --- | --- | --- |
{check_rows}

## What the tables are for

Plausibility scoring in the mojibake stage: how typical a decoded span in an alphabetic
script is. Real words are made of letter pairs that are common in some language of their
script; mojibake puts together letters that rarely follow each other (`уП`, `ăź`) or
splits words on symbols (`Ã©`, `Ð¡`).

## Limits

- Word-frequency lists, not running text: frequencies of words of at least 10^-6 (Zipf 3)
  in each language. Rarer words, and with them long compounds and rare inflections, are
  missing, which makes long rare words cost more than they should.
- Letters only, as wordfreq case-folded them: German `ß` is stored as `ss` and is absent
  (map `ß` to `ss` before looking it up); Turkish dotted and dotless i are kept apart as
  wordfreq keeps them (`ı`, `i`). Words with apostrophes, hyphens or digits are skipped, so
  pairs around `'` (English `n't`, French `l'`) are not modelled.
- One pool per script with every language weighted equally: the model says whether text
  looks like some language of that script, not which one. Languages not listed (Estonian,
  Albanian, Azerbaijani, Belarusian, Serbian Cyrillic, Kazakh…) are only represented
  through what they share with those listed; their own letters, e.g. Serbian `ђ` `ћ`, may be
  missing or rare ({", ".join(f"{c} {letters_count(letters, c)}" for c in "ђћёў")} here).
- Vietnamese has the smallest list ({lang_stats.get("vi", {}).get("words", 0)} words), so
  its many accented vowels have thin statistics; Greek rests on one language.
- Letters only. UTF-8 read as windows-1252 turns one accented letter into `Ã` plus a symbol
  (`é` → `Ã©`): lower-cased, that is `ã`, a real letter of Portuguese and Vietnamese, and
  `mãe`-like pairs are common, so a long word changes by a few bits only (see `données`
  above). The strong evidence there is the symbol (`©`, `¨`, `¶`, `‰`…) inside a word, which
  these tables do not model: score it separately (e.g. as a pair never seen).
- A low score alone must never trigger a repair: names, abbreviations, loanwords and
  rare words score low too.
"""


def letters_count(letters, ch):
    for s, n, _ in letters:
        if s == ch:
            return n
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheel", help=f"use this {WHEEL_NAME} instead of downloading it")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  os.pardir, "data", "letter-bigrams"))
    args = ap.parse_args()

    if args.wheel:
        src = read_wheel(args.wheel)
    else:
        with tempfile.TemporaryDirectory(prefix="gen-letter-bigrams-") as tmp:
            src = read_wheel(fetch_wheel(tmp))

    pooled, lang_stats = pool(src)
    bigram_rows, letter_rows, info = build_tables(pooled)
    letter_set = {s for s, _, _ in letter_rows}
    for p, _ in bigram_rows:
        if len(p) != 2 or p[0] not in letter_set or p[1] not in letter_set:
            sys.exit(f"error: pair {p!r} has a symbol missing from letters.tsv")
    outputs = {
        "bigrams.tsv": bigrams_tsv(bigram_rows),
        "letters.tsv": letters_tsv(letter_rows),
        "LICENSE": license_text(src["readme_sections"]).encode("utf-8"),
    }
    total = sum(len(d) for d in outputs.values())
    if total > MAX_TOTAL_BYTES:
        sys.exit(f"error: the tables would be {total} bytes, over {MAX_TOTAL_BYTES}")
    sizes = {name: len(data) for name, data in outputs.items()}
    tables = parse_tables(outputs["bigrams.tsv"], outputs["letters.tsv"])
    checks = sanity_rows(tables)
    outputs["PROVENANCE.md"] = provenance(src, lang_stats, info, letter_rows, sizes,
                                          checks).encode("utf-8")

    out = os.path.normpath(args.out)
    os.makedirs(out, exist_ok=True)
    for name, data in outputs.items():
        path = os.path.join(out, name)
        with open(path, "wb") as f:
            f.write(data)
        print(f"wrote {path} ({len(data)} bytes)", file=sys.stderr)

    used = [l for l, _, _ in LANGUAGES if l in lang_stats]
    print(f"languages used ({len(used)}): {' '.join(used)}; missing: "
          f"{' '.join(src['missing']) or 'none'}", file=sys.stderr)
    for code, _, name in SCRIPTS:
        if code in info:
            i = info[code]
            print(f"{name}: {len(i['letters'])} letters, {i['kept_pairs']}/{i['pairs']} pairs "
                  f"kept, kept counts sum to {i['kept_sum']} of 10^9 (dropped mass "
                  f"{i['dropped_mass_ppb']:.1f} ppb)", file=sys.stderr)
    print(f"pairs written: {len(bigram_rows)}", file=sys.stderr)
    print("sanity check, bits per letter (total bits), real vs mojibake:", file=sys.stderr)
    bad = False
    for real, moji, how, br, bm, tr, tm in checks:
        ok = br < bm
        bad |= not ok
        print(f"  {real:16} {br:6.2f} ({tr:5.1f})   {moji:20} {bm:6.2f} ({tm:5.1f})   ({how})"
              f"{'' if ok else '  FAIL'}", file=sys.stderr)
    if bad:
        sys.exit("error: a mojibake sample does not cost clearly more than the real word")


if __name__ == "__main__":
    main()
