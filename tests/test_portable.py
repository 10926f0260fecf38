"""kabar runs where a system lacks Linux's facilities (Windows, macOS): KABAR_PORTABLE=1 turns them all off here.

The last test runs the tests of builds, faults, the cache and the preview again in that mode, so that every
fallback (no fork, flock, pread, renameat2 or prctl) is exercised by the README's test command.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import kabar.platform
import kabar.publish.swap
from kabar.cache.store import CACHE_DIR
from kabar.errors import BuildError
from kabar.publish.lock import locked
from kabar.state import output_key

from .conftest import article, run_build
from .test_incremental import big_site, clean_build, tree

REPO = Path(__file__).resolve().parents[1]
LINUX_ONLY = ("fork", "flock", "pread", "renameat2", "prctl")
PORTABLE_RUN = os.environ.get("KABAR_PORTABLE") == "1"


def python(code: str, portable: bool = False, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = (
        {**os.environ, "KABAR_PORTABLE": "1"}
        if portable
        else {k: v for k, v in os.environ.items() if k != "KABAR_PORTABLE"}
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


FACILITIES = "import json, kabar.platform; print(json.dumps(kabar.platform.facilities()))"


def test_kabar_portable_turns_every_linux_only_facility_off():
    done = python(FACILITIES, portable=True)
    assert done.returncode == 0, done.stderr
    facilities = json.loads(done.stdout)
    assert {name: facilities[name] for name in LINUX_ONLY} == dict.fromkeys(LINUX_ONLY, False)
    assert facilities["rename_open"] is False  # so the retried renames of Windows run too
    assert facilities["nice"] is False  # pagefind runs as it does on Windows, at the build's priority


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux is the system that has them all")
def test_on_linux_every_facility_is_used():
    done = python(FACILITIES)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == dict.fromkeys((*LINUX_ONLY, "rename_open", "nice"), True)


WINDOWS_LIKE = """
import ctypes, os, sys

def no_default_library(*args, **kwargs):  # what ctypes.CDLL(None) does on Windows
    raise TypeError("LoadLibrary() argument 1 must be str, not None")

ctypes.CDLL = no_default_library
sys.modules["fcntl"] = None  # no such module on Windows
for name in ("fork", "pread", "sched_getaffinity"):
    delattr(os, name)
"""


def test_every_module_imports_and_a_site_builds_without_linuxs_facilities(tmp_path):
    """As on Windows: CDLL(None) raises TypeError, and there is no fcntl, os.fork or os.pread."""
    site = big_site(tmp_path / "site", count=40)
    code = WINDOWS_LIKE + textwrap.dedent("""
        import importlib, json, pkgutil, kabar
        for module in pkgutil.walk_packages(kabar.__path__, "kabar."):
            if module.name != "kabar.__main__":  # it runs the command
                importlib.import_module(module.name)
        from kabar.cli import main
        assert main(["build", "-q", "--jobs", "4", "--now", "2026-11-23T12:00Z"]) == 0
        print(json.dumps(kabar.platform.facilities()))
    """)
    done = python(code, cwd=site)
    assert done.returncode == 0, done.stderr
    facilities = json.loads(done.stdout)
    assert {name: facilities[name] for name in LINUX_ONLY} == dict.fromkeys(LINUX_ONLY, False)
    assert tree(site / "public") == clean_build(site, tmp_path)


# ---------------------------------------------------------------- in this process, as KABAR_PORTABLE=1 makes it


@pytest.fixture
def portable(monkeypatch) -> Iterator[None]:
    """kabar.platform as KABAR_PORTABLE=1 makes it, for this test only."""
    monkeypatch.setenv("KABAR_PORTABLE", "1")
    importlib.reload(kabar.platform)
    yield
    monkeypatch.delenv("KABAR_PORTABLE")
    importlib.reload(kabar.platform)


def test_without_fork_the_work_is_done_in_this_process(portable, tmp_path, monkeypatch):
    root = big_site(tmp_path / "site")

    def no_fork():
        raise AssertionError("forked, though there is no fork")

    monkeypatch.setattr(os, "fork", no_fork)
    run_build(root, jobs=4)
    assert tree(root / "public") == clean_build(root, tmp_path)


def kabar_build(root: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "kabar", "build", "-q", "--now", "2026-11-23T12:00Z"]
    env = {**os.environ, "KABAR_PORTABLE": "1"}
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, timeout=120)


def test_without_flock_a_second_build_is_refused_and_a_dead_builds_lock_taken_over(portable, tmp_path):
    root = big_site(tmp_path / "site", count=5)
    lock = root / CACHE_DIR / f"lock-{output_key(root / 'public', root)}"
    held = lock.with_name(lock.name + ".held")
    with locked(lock):
        refused = kabar_build(root)
        assert held.exists()
    assert refused.returncode == 1
    assert f"another kabar build (process {os.getpid()}) is writing this output folder" in refused.stderr
    assert not held.exists() and not (root / "public").exists()

    gone = python("import os; print(os.getpid())")  # a build killed with kill -9 left its lock file behind
    held.write_text(f"process {int(gone.stdout)}\nstarted 1767225600.0\n")
    assert kabar_build(root).returncode == 0
    assert not held.exists()

    held.write_text(f"process {os.getpid()}\nstarted 1767225600.0\n")  # its process id since given to another
    (root / "content/2025/berita-1.md").write_text(article(title="Berita lain", date="2025-01-01 12:15"))
    assert kabar_build(root).returncode == 0
    assert tree(root / "public") == clean_build(root, tmp_path)


def test_where_a_folder_in_use_cannot_be_renamed_the_swap_waits_or_leaves_the_site_as_it_was(
    portable, tmp_path, monkeypatch
):
    """On Windows a folder cannot be renamed while a file in it is open (the preview server sending a page)."""
    root = big_site(tmp_path / "site", count=10)
    run_build(root)
    rename, refusals = os.rename, {"left": 2}

    def in_use(source, target):
        if Path(source).name == ".public.kabar-spare" and refusals["left"]:
            refusals["left"] -= 1
            raise PermissionError(13, "The process cannot access the file", str(source))
        rename(source, target)

    monkeypatch.setattr(kabar.publish.swap.os, "rename", in_use)
    monkeypatch.setattr(kabar.publish.swap, "RENAME_TRIES", (0.0, 0.0, 0.0))
    (root / "content/2025/berita-1.md").write_text(article(title="Berita lain", date="2025-01-01 12:15"))
    run_build(root)
    assert refusals["left"] == 0
    assert tree(root / "public") == clean_build(root, tmp_path)

    before = tree(root / "public")
    refusals["left"] = 10  # in use for longer than kabar waits
    (root / "content/2025/berita-2.md").write_text(article(title="Berita ketiga", date="2025-01-01 16:15"))
    with pytest.raises(BuildError) as caught:
        run_build(root)
    assert "cannot write" in str(caught.value)
    assert tree(root / "public") == before
    assert not (root / ".public.kabar-old").exists()
    refusals["left"] = 0
    run_build(root)
    assert tree(root / "public") == clean_build(root, tmp_path)


# ---------------------------------------------------------------- the suite's own tests, with every facility off

# The tests of what the fallbacks serve: the output swap, the lock, faults, the cache, the preview's rebuilds;
# less those of the theme and settings, which no fallback touches, to keep this under a minute or so.
PORTABLE_TESTS = [
    "tests/test_faults.py",
    "tests/test_output.py",
    "tests/test_incremental.py",
    "tests/test_serve.py::test_rebuilds_after_a_change_and_tells_open_tabs_to_reload",
    "tests/test_serve.py::test_thousands_of_requests_while_an_article_changes_are_all_answered_and_leak_no_file",
]
LEFT_OUT = [
    *(
        f"tests/test_incremental.py::test_every_kind_of_change_gives_what_a_clean_build_gives[{change}]"
        for change in ("template", "words", "settings", "spelling")
    ),
    "tests/test_incremental.py::test_the_search_index_is_made_again_only_when_an_article_changes",
]


@pytest.mark.skipif(PORTABLE_RUN, reason="this whole run has KABAR_PORTABLE=1 already")
def test_the_tests_of_builds_faults_the_cache_and_the_preview_pass_with_every_facility_off(tmp_path):
    # -n 0: in one process, beside the outer run's other worker (pyproject's addopts spread a run over every core)
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-n", "0", "-m", "not slow", "-p", "no:cacheprovider"]
    command += ["--basetemp", str(tmp_path / "inner"), *PORTABLE_TESTS]
    command += [f"--deselect={test}" for test in LEFT_OUT]
    env = {**os.environ, "KABAR_PORTABLE": "1"}
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
