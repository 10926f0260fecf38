"""`kabar import SOURCE`: find the source's kind, read it with that kind's reader, write the site."""

from __future__ import annotations

import importlib
from pathlib import Path

from .detect import source_kind
from .model import Report
from .write import write_site


def import_site(source: str, into: Path, uploads: Path | None = None, force: bool = False) -> Report:
    """Read SOURCE and write it as a kabar site into INTO; what was done and what was not.

    Each kind's reader is a module of this package with `read(source: str, uploads: Path | None) -> Imported`.
    """
    kind = source_kind(source)
    reader = importlib.import_module(f"{__package__}.{kind}")
    imported = reader.read(source, uploads)
    write_site(imported, into, force)
    return imported.report
