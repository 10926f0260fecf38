"""What the images stage makes of one article image, and how pages, feeds and search show it (no Pillow here).

A Picture is the plan for one source image: its responsive widths (never wider than the source), a 16:9
thumbnail for cards and search results, a 1200x630 crop for OpenGraph and Twitter, each in the modern formats
of the settings (WebP by default) and in the source's own format as the fallback. Every file is named by KEY,
a hash of the source's bytes and the settings: a Picture's files are the folder /gambar/KEY/, which the build
publishes as one entry (see publish/), and a browser may keep them forever: a changed image or setting gives
new names.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import NamedTuple

from .models import ImageSettings

FOLDER = "/gambar/"
KEY_LENGTH = 16  # hex digits of a Picture's key, which names its folder (see variants.variant_key)
THUMB = (480, 270)  # cards and search results: 16:9
SHARE = (1200, 630)  # OpenGraph and Twitter's summary_large_image
TALLEST = 16_383  # pixels: WebP's limit (JPEG's and AVIF's are higher); a tall infographic's variants are narrowed
MIME = {"webp": "image/webp", "avif": "image/avif", "jpeg": "image/jpeg", "png": "image/png"}
EXTENSION = {"webp": "webp", "avif": "avif", "jpeg": "jpg", "png": "png"}
# How wide each role shows on a page (see static/css/kabar.css), for the browser to pick a width before layout.
SIZES = {
    "story": "(min-width: 48rem) 45rem, 100vw",
    "lead": "(min-width: 48rem) 60vw, 100vw",
}


class Source(NamedTuple):
    """What the header of a source image says: enough to plan its variants without decoding it."""

    digest: str  # of its bytes (hex)
    format: str  # Pillow's name: JPEG, PNG, GIF, WEBP...
    width: int  # as shown: after its EXIF orientation
    height: int
    alpha: bool  # has transparency


class Variant(NamedTuple):
    name: str  # the file's name in its Picture's folder
    width: int
    height: int
    format: str  # a key of MIME
    crop: tuple[int, int] | None  # the aspect ratio it is cut to, or None for the whole picture


class Image(NamedTuple):
    """One file of a Picture, as pages and feeds point to it."""

    url: str
    width: int
    height: int
    type: str  # its MIME type


class Look(NamedTuple):
    """How a page shows a Picture in one role: the fallback <img>, and a <source> per modern format."""

    src: Image
    srcset: str  # the fallback's widths ("" for a single file)
    sizes: str
    sources: tuple[tuple[str, str], ...]  # (MIME type, srcset)


class Picture(NamedTuple):
    key: str
    source: Source
    variants: tuple[Variant, ...]

    def files(self, role: str) -> list[Variant]:
        """The variants of ROLE: "full" (every width), "thumb" or "share"."""
        crop = {"full": None, "thumb": THUMB, "share": SHARE}[role]
        return [v for v in self.variants if v.crop == crop]

    @property
    def folder(self) -> str:
        return folder_of(self.key)

    def image(self, variant: Variant) -> Image:
        return Image(f"/{self.folder}/{variant.name}", variant.width, variant.height, MIME[variant.format])

    @property
    def fallback(self) -> str:
        return self.variants[-1].format  # the share crop, last, is in the fallback format only

    @property
    def largest(self) -> Image:
        """The widest variant in the fallback format: for feeds and structured data."""
        return self.image([v for v in self.files("full") if v.format == self.fallback][-1])

    @property
    def share(self) -> Image:
        return self.image(self.files("share")[0])

    @property
    def thumb(self) -> Image:
        return thumb_of(self.source, self.key)

    def look(self, role: str) -> Look:
        """How ROLE (story, lead, card, search) shows this picture."""
        files = self.files("thumb" if role in ("card", "search") else "full")
        by_format: dict[str, list[Variant]] = {}
        for variant in files:
            by_format.setdefault(variant.format, []).append(variant)
        fallback = by_format.pop(self.fallback)
        # A source narrower than the smallest width comes in one: shown at its own size, not stretched to the slot
        # `sizes` gives (a 300-pixel photo blown up to the column's 720).
        sizes = SIZES.get(role, "") if len(fallback) > 1 else ""
        sources = tuple((MIME[f], self._srcset(vs, sizes)) for f, vs in by_format.items())
        return Look(self.image(fallback[-1]), self._srcset(fallback, sizes), sizes, sources)

    def _srcset(self, variants: list[Variant], sizes: str) -> str:
        if not sizes:  # one width: the file itself
            return self.image(variants[-1]).url
        return ", ".join(f"{self.image(v).url} {v.width}w" for v in variants)


def folder_of(key: str) -> str:
    """The folder in the output of the Picture with KEY ('gambar/KEY'): one entry of the published site."""
    return FOLDER[1:] + key


class Planned(Mapping):
    """Each article image URL's Picture, planned when asked for: a build shows few of 10,000 photos anew."""

    def __init__(
        self,
        sources: Mapping[str, tuple] | None = None,
        settings: ImageSettings | None = None,
        keys: Mapping[str, str] | None = None,
    ):
        # (..., source, key) by URL: the images stage's entries as they are (a copy of each costs 10,000 photos);
        # KEYS: the key of each by URL too, as the stage has them (the search index asks for every article's)
        self._sources, self._settings, self._keys = sources or {}, settings or ImageSettings(), keys or {}
        self._planned: dict[str, Picture] = {}

    def __getitem__(self, url: str) -> Picture:
        picture = self._planned.get(url)
        if picture is None:
            *_, source, key = self._sources[url]
            picture = self._planned[url] = plan(source, key, self._settings)
        return picture

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def thumb(self, url: str) -> Image | None:
        """The thumbnail of URL's Picture, None if URL has none; without planning the rest (a search shard shows
        each of its 400 stories' thumbnail: planning every variant took an edit 0.02 s)."""
        entry = self._sources.get(url)
        return None if entry is None else thumb_of(entry[-2], entry[-1])

    def keys_of(self, urls: list[str | None]) -> list[str | None]:
        """The key of each of URLS' Picture, which names its files, without planning it; None where a URL has none."""
        return list(map(self._keys.get, urls))


def plan(source: Source, key: str, settings: ImageSettings) -> Picture:
    """The variants of SOURCE: its widths, then the thumbnail, each in every format; then the share crop."""
    fallback = fallback_format(source)
    formats = (*settings.formats, fallback)
    narrowest = max(1, TALLEST * source.width // source.height)  # the width at which a variant is TALLEST high
    widths = sorted({min(width, source.width, narrowest) for width in settings.widths})  # never wider than the source
    variants = [
        Variant(f"{w}.{EXTENSION[f]}", w, max(1, round(source.height * w / source.width)), f, None)
        for f in formats
        for w in widths
    ]
    for crop, formats_of_crop in ((THUMB, formats), (SHARE, (fallback,))):
        width, height = cropped_size(source, crop)
        for f in formats_of_crop:
            name = f"{width}x{height}.{EXTENSION[f]}"
            if any(v.name == name for v in variants):  # a tiny source cut to both crops comes out the same size
                name = f"{width}x{height}-{crop[0]}.{EXTENSION[f]}"
            variants.append(Variant(name, width, height, f, crop))
    return Picture(key, source, tuple(variants))


def thumb_of(source: Source, key: str) -> Image:
    """The thumbnail plan() makes of SOURCE in the fallback format: the first file cut to THUMB in it, which no other
    file's name can take (a width's name has no "x"; of two crops the same size, the second is renamed)."""
    width, height = cropped_size(source, THUMB)
    fallback = fallback_format(source)
    return Image(f"/{folder_of(key)}/{width}x{height}.{EXTENSION[fallback]}", width, height, MIME[fallback])


def fallback_format(source: Source) -> str:
    """The source's own format where browsers all show it (JPEG, PNG); else PNG if it is transparent, JPEG if not."""
    if source.format in ("JPEG", "PNG"):
        return source.format.lower()
    return "png" if source.alpha else "jpeg"


def cropped_size(source: Source, crop: tuple[int, int]) -> tuple[int, int]:
    """The size of SOURCE cut to CROP's aspect ratio, then made CROP's size, or smaller: never upscaled."""
    ratio = crop[0] / crop[1]
    width = min(crop[0], source.width, round(source.height * ratio))
    return max(1, width), max(1, round(width / ratio))
