"""What a source's reader gives the writer: the files of a kabar site, still in memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Document:
    """One Markdown file to write: an article (under content/) or a page (under pages/)."""

    path: str  # relative to the site folder, with '/': "content/2024/03/slug.md", "pages/redaksi.md"
    front: dict[str, Any]  # front matter, in the order it is written (title first)
    body: str  # Markdown; HTML where Markdown cannot say it
    comments: list[dict[str, Any]] = field(default_factory=list)  # written beside it as <stem>.comments.yml


@dataclass
class Report:
    """What an import did (counted by kind) and what it could not do (one line each, with where)."""

    done: dict[str, int] = field(default_factory=dict)
    not_done: list[str] = field(default_factory=list)

    def count(self, kind: str, how_many: int = 1) -> None:
        self.done[kind] = self.done.get(kind, 0) + how_many

    def skip(self, where: str, message: str) -> None:
        self.not_done.append(f"{where}: {message}")

    def lines(self) -> list[str]:
        done = [f"{how_many} {kind}" for kind, how_many in self.done.items()]
        return [f"imported: {', '.join(done) or 'nothing'}", *self.not_done]


@dataclass
class Imported:
    """A whole site to write."""

    settings: dict[str, Any]  # kabar.yml, in the order it is written
    documents: list[Document] = field(default_factory=list)
    files: dict[str, Path | bytes] = field(default_factory=dict)  # site-relative path -> file to copy, or its bytes
    report: Report = field(default_factory=Report)


def unused_path(taken: set[str], folder: str, stem: str) -> str:
    """FOLDER/STEM.md, or FOLDER/STEM-2.md... when the import has a file there already; noted in TAKEN."""
    path, number = f"{folder}/{stem}.md", 1
    while path in taken:
        number += 1
        path = f"{folder}/{stem}-{number}.md"
    taken.add(path)
    return path
