"""The environment of the peer-comparison scripts (benches/peers-*.py): they install the peers
at pinned versions into one virtualenv, target/peers-venv, re-run themselves there, and refuse
to run in CI (they install packages and time tools)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "target" / "peers-venv"


def refuse_ci(script):
    if os.environ.get("CI"):
        sys.exit(f"{script} installs packages and times tools: not for CI")


def run_in_venv(script, pinned, optional=()):
    """Creates the virtualenv, installs `pinned` (and tries `optional`), then re-runs `script`
    with the same arguments in it; returns at once when already running there."""
    python = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(pip + list(pinned), check=True)
    for spec in optional:
        if subprocess.run(pip + [spec]).returncode != 0:
            print(f"note: {spec} did not install; skipped", file=sys.stderr)
    os.execv(str(python), [str(python), str(Path(script).resolve()), *sys.argv[1:]])
