"""Between load and site: the pixel size of every local image an article shows.

An article's `image:` and the <img> tags of its body get their width and height
(read from the file's header with imagesize), so a browser reserves the space
before the image arrives and nothing on the page shifts; body images also load
lazily. Images that are not local files, or cannot be read, are left as they are.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from urllib.parse import unquote

from .models import Article

IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
SRC = re.compile(r'\ssrc="(/[^"]*)"', re.IGNORECASE)


def measure_images(articles: Iterable[Article], folders: Sequence[Path]) -> tuple[Article, ...]:
    """ARTICLES with image sizes filled in; a URL /a/b.jpg is looked for as FOLDER/a/b.jpg, first folder first."""
    finder = _Finder(tuple(folders))
    return tuple(_measured(article, finder) for article in articles)


def _measured(article: Article, finder: _Finder) -> Article:
    changes: dict = {}
    if article.image and article.image_size is None:
        size = finder.size(article.image)
        if size:
            changes["image_size"] = size
    if "<img" in article.body_html:
        body = IMG_TAG.sub(lambda match: _sized_tag(match.group(0), finder), article.body_html)
        if body != article.body_html:
            changes["body_html"] = body
    return dataclasses.replace(article, **changes) if changes else article


def _sized_tag(tag: str, finder: _Finder) -> str:
    """An <img> tag from Markdown, with width, height (when known) and lazy loading added."""
    attributes = []
    lowered = tag.lower()
    src = SRC.search(tag)
    size = finder.size(src.group(1)) if src else None
    if size and " width=" not in lowered and " height=" not in lowered:
        attributes.append(f'width="{size[0]}" height="{size[1]}"')
    if " loading=" not in lowered:
        attributes.append('loading="lazy"')
    if " decoding=" not in lowered:
        attributes.append('decoding="async"')
    if not attributes:
        return tag
    end = -2 if tag.endswith("/>") else -1
    return tag[:end].rstrip() + " " + " ".join(attributes) + tag[end:]


class _Finder:
    def __init__(self, folders: tuple[Path, ...]) -> None:
        self.folders = folders
        self.size = cache(self._size)

    def _size(self, url: str) -> tuple[int, int] | None:
        if not url.startswith("/") or url.startswith("//"):
            return None
        relative = unquote(url.split("?", 1)[0].split("#", 1)[0]).lstrip("/")
        if ".." in relative.split("/"):
            return None
        for folder in self.folders:
            path = folder / relative
            if path.is_file():
                try:
                    import imagesize  # here: it imports urllib.request, 0.02 s a build that finds no image

                    width, height = imagesize.get(path)
                except (OSError, ValueError):
                    return None
                return (width, height) if width > 0 and height > 0 else None
        return None
