"""`kabar new`: a new article file with its front matter filled in.

It never overwrites: an existing file is an error, and the content is kept.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from . import urls
from .errors import BuildError, Problem

BODY = "Tulis beritanya di sini.\n"


def new_article(content_dir: Path, title: str, category: str, author: str | None, now: dt.datetime) -> Path:
    """Write CONTENT_DIR/YEAR/SLUG.md as a draft dated NOW; return its path."""
    slug = urls.slugify(title)
    problems = []
    if not slug:
        problems.append(
            Problem("kabar new", None, f"title {title!r} has no letters or digits to make a file name from")
        )
    if not urls.slugify(category):
        problems.append(Problem("kabar new", None, f"category {category!r} has no letters or digits"))
    if problems:
        raise BuildError(problems)
    path = content_dir / f"{now:%Y}" / f"{slug}.md"
    front = {"title": title, "date": f"{now:%Y-%m-%d %H:%M}", "category": category}
    if author:
        front["author"] = author
    front["tags"] = []
    front["draft"] = True
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + BODY
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        raise BuildError([Problem(str(path), None, "already exists; kabar new never overwrites an article")]) from None
    return path
