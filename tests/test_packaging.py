"""The wheel carries the default theme, so `pip install kabar` builds a site with no theme of its own."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_wheel_carries_the_theme_byte_for_byte(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    [wheel] = tmp_path.glob("kabar-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for folder in ("templates", "static"):
            for path in sorted((REPO / folder).rglob("*")):
                if path.is_file():
                    packed = f"kabar/theme/{folder}/{path.relative_to(REPO / folder).as_posix()}"
                    assert packed in names
                    assert archive.read(packed) == path.read_bytes()
        assert "kabar/cli.py" in names
        assert {"kabar/skeleton/README.md", "kabar/skeleton/article.md"} <= names  # what `kabar init` writes
        assert not any(name.startswith(("content/", "kabar/theme/content")) for name in names)
