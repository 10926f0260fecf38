"""While loading: the pixel size of every local image an article shows.

An article's `image:` and the <img> tags of its body get their width and height
(read from the file's header with imagesize), so a browser reserves the space
before the image arrives and nothing on the page shifts; body images also load
lazily. Images that are not local files, or cannot be read, are left as they are.
What is looked up includes each file's mtime and size: pages show the variants of
an article's image by names made from its bytes (see pictures.py), so they are made
again when the file changes, whatever its pixel size. A file with a new time and
the bytes the images stage last read of it (a checkout touched it: see
ImageFinder.same_bytes) measures as it did.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from . import urls
from .fingerprint import Stat, digest, hash_bytes, stat_of
from .models import Article, Lookups

IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
SRC = re.compile(r'\ssrc="(/[^"]*)"', re.IGNORECASE)


def measure(article: Article, finder: ImageFinder) -> tuple[Article, Lookups]:
    """ARTICLE with image sizes filled in, and what it looked up: while those give the same, so does this."""
    looked: dict[str, tuple[int, int, int, int] | None] = {}

    def size(url: str) -> tuple[int, int] | None:
        looked[url] = finder.size(url)
        return looked[url][:2] if looked[url] else None

    changes: dict = {}
    if article.image and article.image_size is None:
        found = size(article.image)
        if found:
            changes["image_size"] = found
    if "<img" in article.body_html:
        body = IMG_TAG.sub(lambda match: _sized_tag(match.group(0), size), article.body_html)
        if body != article.body_html:
            changes["html"] = body
    lookups = tuple(looked.items())
    if lookups:  # pages showing the article are made again when a size changes, as when its file does
        changes["digest"] = digest(article.digest, repr(lookups))
    return (dataclasses.replace(article, **changes) if changes else article), lookups


def still_sized(lookups: Lookups | None, finder: ImageFinder) -> bool:
    """Whether every image looked up for an article measures as it did: a file whose mtime and size are as they
    were is not opened to be measured again (a rebuild looks at every article's images), nor one only touched
    since (see ImageFinder.same_bytes). None: not known."""
    if lookups is None:
        return False
    stat_of_url = finder.stat
    for url, found in lookups:
        if found is not None and (stat := stat_of_url(url)) is not None and stat[0] == found[2] and stat[1] == found[3]:
            continue
        if found is not None and finder.same_bytes(url, (found[2], found[3])):
            continue
        if finder.size(url) != (None if found is None else tuple(found)):
            return False
    return True


def restamped(lookups: Lookups, finder: ImageFinder) -> Lookups:
    """LOOKUPS (which still_sized vouched for) with each file's mtime and size as they are now: those of a file
    only touched, kept for the next build."""
    fresh = []
    for url, found in lookups:
        stat = finder.stat(url) if found is not None else None
        fresh.append((url, found if stat is None else (found[0], found[1], *stat)))
    return tuple(fresh)


def _relative(url: str) -> str | None:
    """The path URL names within a folder of the site, if it is a path of the site that stays in one."""
    if not urls.is_site_path(url):
        return None
    if "?" in url or "#" in url or "%" in url:
        relative = unquote(url.split("?", 1)[0].split("#", 1)[0]).lstrip("/")
    else:  # most: 10,000 photos are 10,000 lookups
        relative = url.lstrip("/")
    if ".." in relative and ".." in relative.split("/"):
        return None
    return relative


def _sized_tag(tag: str, size_of: Callable[[str], tuple[int, int] | None]) -> str:
    """An <img> tag from Markdown, with width, height (when known) and lazy loading added."""
    attributes = []
    lowered = tag.lower()
    src = SRC.search(tag)
    size = size_of(src.group(1)) if src else None
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


class ImageFinder:
    """The pixel size of an image URL, and its file's mtime and size: /a/b.jpg is looked for as FOLDER/a/b.jpg,
    first folder first. SCANNED: the stat of the files the build's scan found (by path as the scan names them),
    which are not looked at again (10,000 photos are 10,000 stats); given, an image is one of those, the files the
    site publishes, not one the scan passes by (under a hidden name, say), which no reader could load."""

    def __init__(
        self,
        folders: Sequence[Path],
        scanned: Mapping[str, Stat] | None = None,
        read_before: Callable[[], Mapping[str, tuple[int, Stat, Any, str]] | None] | None = None,
    ) -> None:
        """READ_BEFORE: what the images stage last read of each image, by URL (image_sources.load), asked for only
        when a file's time changed."""
        self.folders = tuple(folders)
        self._folder_names = tuple(os.path.join(os.fspath(folder), "") for folder in self.folders)
        self._scanned = scanned or {}
        self._sizes: dict[str, tuple[int, int, int, int] | None] = {}
        self.where = cache(self._where)
        self.path = cache(self._path)
        self.stat = cache(self._stat)
        self.read_before = cache(read_before or (lambda: None))
        self._hashes: dict[str, str | None] = {}
        self.touched: set[str] = set()  # the URLs same_bytes found only touched

    def __reduce__(self):  # to a worker: the folders, not what this process found
        return (ImageFinder, (self.folders,))

    def _stat(self, url: str) -> tuple[int, int] | None:
        """The mtime and size of URL's file, if there is one."""
        path = self.path(url)
        if path is not None and (scanned := self._scanned.get(path)) is not None:
            return tuple(scanned)
        try:
            return None if path is None else tuple(stat_of(os.stat(path)))
        except OSError:
            return None

    def _path(self, url: str) -> str | None:
        """The file of the site that URL names, if there is one."""
        found = self.where(url)
        return None if found is None else found[1]

    def _where(self, url: str) -> tuple[int, str] | None:
        """Which of the folders holds the file URL names (its place among them), and the file, if there is one."""
        relative = _relative(url)
        if relative is None:
            return None
        scanned = self._scanned
        for index, folder in enumerate(self._folder_names):  # strings: a Path per lookup cost 0.03 s per 1,000 images
            name = folder + relative
            if (name in scanned) if scanned else os.path.isfile(name):
                return index, name
        return None

    def size(self, url: str) -> tuple[int, int, int, int] | None:
        """URL's width and height, and its file's mtime and size; None if it is not a file of the site, or not an
        image that can be measured."""
        try:
            return self._sizes[url]
        except KeyError:
            found = self._sizes[url] = self._size(url)
            return found

    def same_bytes(self, url: str, stat: Stat) -> bool:
        """Whether URL's file, whose mtime and size were STAT, holds the bytes it held then, though its time changed
        since: a fresh checkout (CI over a restored cache) gives every file a new one. Known when the images stage read
        it with that STAT (its hash is kept: see image_sources.py); the file is read once a build to compare."""
        known = self.read_before()
        entry = known.get(url) if known is not None else None
        if entry is None or entry[1] != stat:
            return False
        if url not in self._hashes:
            path = self.path(url)
            try:
                self._hashes[url] = None if path is None else hash_bytes(Path(path).read_bytes()).hex()
            except OSError:
                self._hashes[url] = None
        if self._hashes[url] != entry[2].digest:
            return False
        self.touched.add(url)
        return True

    def hashed(self, lookups: Lookups) -> tuple[tuple[str, str | None], ...]:
        """The hashes same_bytes took of the files of LOOKUPS' images, for another process's finder to take."""
        return tuple((url, self._hashes[url]) for url, _ in lookups if url in self._hashes)

    def take_hashes(self, hashed: Iterable[tuple[str, str | None]]) -> None:
        """Take HASHED (see hashed), what a worker read of the files, so as not to read them again."""
        self._hashes.update(hashed)

    def measured_before(self, lookups: Lookups) -> None:
        """Take the sizes LOOKUPS found (what measuring an article found last time) for those whose file's mtime
        and size are still what they were: an edited article's picture is not opened to be measured again."""
        for url, found in lookups:
            if found is not None and url not in self._sizes:
                stat = self.stat(url)
                if stat == (found[2], found[3]) or (stat is not None and self.same_bytes(url, (found[2], found[3]))):
                    self._sizes[url] = (found[0], found[1], *stat)

    def _size(self, url: str) -> tuple[int, int, int, int] | None:
        path = self.path(url)
        if path is None:
            return None
        try:
            import imagesize  # here: it imports urllib.request, 0.02 s a build that finds no image

            width, height = imagesize.get(path)
        except (OSError, ValueError):
            return None
        stat = self.stat(url)
        return (width, height, *stat) if stat and width > 0 and height > 0 else None
