"""Golden sites: the whole output of each site under tests/sites/, compared file by file.

Any change to what kabar writes shows up here as a unified diff. When the change
is meant, run `pytest tests/test_golden.py --update-golden` and review `git diff tests/golden`.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from .conftest import GOLDEN, SITES, run_build

GOLDEN_SITES = ["basic"]


# Pagefind's search bundle is its own program's output, whose bytes change with its version; tests/test_search.py
# checks what kabar gives it.
NOT_COMPARED = ("pagefind/",)


def tree(folder: Path) -> dict[str, bytes]:
    files = (p for p in sorted(folder.rglob("*")) if p.is_file())
    found = {p.relative_to(folder).as_posix(): p for p in files}
    return {name: p.read_bytes() for name, p in found.items() if not name.startswith(NOT_COMPARED)}


@pytest.mark.parametrize("name", GOLDEN_SITES)
def test_site_builds_exactly_its_golden_output(name, tmp_path, request):
    root = tmp_path / name
    shutil.copytree(SITES / name, root)
    run_build(root)
    built, expected_dir = tree(root / "public"), GOLDEN / name
    if request.config.getoption("--update-golden"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        shutil.copytree(
            root / "public",
            expected_dir,
            ignore=lambda folder, names: ["pagefind"] if Path(folder) == root / "public" else [],
        )
        return
    expected = tree(expected_dir)
    assert sorted(built) == sorted(expected), "files differ; run with --update-golden if this is intended"
    for path in sorted(expected):
        if built[path] != expected[path]:
            diff = difflib.unified_diff(
                expected[path].decode("utf-8", "replace").splitlines(),
                built[path].decode("utf-8", "replace").splitlines(),
                f"golden/{name}/{path}",
                f"built/{path}",
                lineterm="",
            )
            pytest.fail("\n".join(diff))
