"""Write an Imported site: every file or none, never over an existing file unless forced, the same bytes each time."""

from __future__ import annotations

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
    for relative in sorted(planned):
        target = into / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        content = planned[relative]
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        elif isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="\n")
    if not (into / ".gitignore").exists():  # as kabar init's: the built site and the cache are not the site's source
        (into / ".gitignore").write_text(GITIGNORE, encoding="utf-8", newline="\n")
    return sorted(planned)
