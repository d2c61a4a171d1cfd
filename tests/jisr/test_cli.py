"""The README's test command fails when the suite would prove nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_test_command_fails_when_pytest_collects_no_test() -> None:
    result = subprocess.run(
        # One file's tests, none selected: collecting the whole suite would prove nothing more.
        [sys.executable, "-m", "jisr.cli", "test", "--no-lint", __file__, "-k", "no_test_is_named_like_this"],
        cwd=ROOT,
        # Should it set up a database, it must not be the one this run is using.
        env={**os.environ, "TEST_DATABASE_NAME": "test_jisr_cli"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
    assert "collected no tests" in result.stdout


def test_ci_runs_the_readmes_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "python3 dev.py test" in readme
    assert "exec python3 dev.py test" in ci
