"""ruff finds nothing in src, tests and bench (its settings are pyproject.toml's), so "ruff clean" is the suite's."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def ruff() -> str:
    """The ruff the test extra installs (next to this Python), else one on PATH."""
    beside = Path(sys.executable).with_name("ruff")
    found = str(beside) if beside.exists() else shutil.which("ruff")
    assert found, "ruff is missing: `pip install -e '.[test]'` installs it"
    return found


def test_ruff_check_finds_nothing_in_src_tests_and_bench():
    done = subprocess.run(
        [ruff(), "check", "--no-cache", "--output-format=concise", "src", "tests", "bench"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
