"""Write an Imported site: every file or none, never over an existing file unless forced, the same bytes each time."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ..errors import BuildError, Problem
from ..options import GITIGNORE
from .model import Imported

CONFIG_FILE = "kabar.yml"


# libyaml's emitter where PyYAML has it (its wheels do): most of a large import's time went to the pure-Python one,
# which writes the same text (tests/test_import_wordpress.py compares them).
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump_yaml(data: Any, dumper: type = DUMPER) -> str:
    """DATA as block-style YAML in the order given, Unicode as it is: what an author would write by hand."""
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)


def planned_files(imported: Imported) -> dict[str, str | bytes | Path]:
    """Every file the import writes, by site-relative path: text, bytes, or a file to copy."""
    planned: dict[str, str | bytes | Path] = {CONFIG_FILE: dump_yaml(imported.settings)}
    for document in imported.documents:
        planned[document.path] = f"---\n{dump_yaml(document.front)}---\n{document.body.rstrip()}\n"
        if document.comments:
            stem = document.path.rsplit(".", 1)[0]
            planned[f"{stem}.comments.yml"] = dump_yaml(document.comments)
    planned.update(imported.files)
    return planned


def write_site(imported: Imported, into: Path, force: bool = False) -> list[str]:
    """Write IMPORTED into the folder INTO; the site-relative paths written, sorted.

    Every path is checked before anything is written: one that would leave INTO, or (without FORCE) one that
    exists already, is a problem, and then nothing is written.
    """
    planned = planned_files(imported)
    problems = []
    for relative in sorted(planned):
        parts = PurePosixPath(relative).parts
        if PurePosixPath(relative).is_absolute() or ".." in parts or not parts:
            problems.append(Problem(relative, None, "would be written outside the site; not imported"))
        elif not force and (into / relative).exists():
            problems.append(Problem(str(into / relative), None, "exists already (use --force to replace it)"))
    if problems:
        raise BuildError(problems)
    if not (into / ".gitignore").exists():  # as kabar init's: the built site and the cache are not the site's source
        planned[".gitignore"] = GITIGNORE
    _write_all(into, planned)
    return sorted(path for path in planned if path != ".gitignore")


def _write_all(into: Path, planned: dict[str, str | bytes | Path]) -> None:
    """Write PLANNED into INTO, all or nothing: each file under a temporary name beside its own, then all renamed
    into place. Stopped on the way (Ctrl-C, a full disk), the files and folders made so far are removed again; a
    large import (thousands of stories, a gigabyte of uploads) takes a while, and one left half-written would make
    the next run find its files there already."""
    made_folders: list[Path] = []
    staged: list[tuple[Path, Path, bool]] = []  # (temporary, target, whether the target is new)
    try:
        for relative in sorted(planned):
            target = into / relative
            _make_folder(target.parent, made_folders)
            temporary = target.with_name(f".{target.name}.kabar-import")
            staged.append((temporary, target, not target.exists()))
            content = planned[relative]
            if isinstance(content, Path):
                shutil.copyfile(content, temporary)
            elif isinstance(content, bytes):
                temporary.write_bytes(content)
            else:
                temporary.write_text(content, encoding="utf-8", newline="\n")
        for temporary, target, _ in staged:
            os.replace(temporary, target)
    except BaseException:
        for temporary, target, new in staged:
            temporary.unlink(missing_ok=True)
            if new:  # renamed into place already: it is this import's
                target.unlink(missing_ok=True)
        for folder in reversed(made_folders):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _make_folder(folder: Path, made: list[Path]) -> None:
    """Make FOLDER and its missing parents, noting each made in MADE (parents first)."""
    if folder.is_dir():
        return
    _make_folder(folder.parent, made)
    folder.mkdir()
    made.append(folder)
