#!/usr/bin/env python3
"""The README's two commands, for a machine with only Python 3.11+.

    python3 dev.py demo   # set up and run the platform with the demo communes
    python3 dev.py test   # set up and run ruff, mypy and the whole test suite
    python3 dev.py bench provision   # a benchmark of bench/
    python3 dev.py manage commune list   # manage.py against the local platform

Creates `.venv/`, installs the project into it (again only when
pyproject.toml changed), then hands over to the `jisr` command inside it.
Standard library only: nothing may be needed before the install.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
EXTRAS = {"demo": "", "test": "[dev]", "bench": "[dev]", "manage": ""}


def venv_python() -> Path:
    return VENV / "bin" / "python"


def install_stamp(extras: str) -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()


def ensure_environment(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs before any install, on any python3
        sys.exit(f"Jisr needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    stamp = VENV / ".installed"
    installed = stamp.read_text() if stamp.exists() else ""
    # The test install has everything the demo needs too.
    if installed in {install_stamp(extras), install_stamp(EXTRAS["test"])}:
        return
    if not venv_python().exists():
        print(f"Creating the virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing Jisr and its dependencies (the first time takes a minute or two)", flush=True)
    subprocess.run(
        [str(venv_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", f".{extras}"],
        cwd=ROOT,
        check=True,
    )
    stamp.write_text(install_stamp(extras))


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in EXTRAS:
        sys.exit(__doc__)
    command = sys.argv[1]
    ensure_environment(EXTRAS[command])
    jisr = VENV / "bin" / "jisr"
    os.execv(str(jisr), [str(jisr), *sys.argv[1:]])  # noqa: S606 - our own entry point, no shell


if __name__ == "__main__":
    main()
