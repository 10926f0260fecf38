"""Part of the images stage: the Pillow work. `read_source` reads what an image's header says (a Source), and
`make_variants` decodes it once and encodes every variant a Picture plans.

The bytes come from the site's authors but may be anything: a file that is not an image, a truncated one, or a
decompression bomb (a small file that claims billions of pixels). Each is an ImageProblem with a plain reason,
found from the header before any pixel is decoded where it can be, so a build never runs out of memory or hangs.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError, features

from .errors import suggestion
from .fingerprint import hash_bytes
from .models import ImageSettings
from .pictures import SHARE, TALLEST, Picture, Source, Variant

MAX_PIXELS = 40_000_000  # 40 megapixels: a camera's full frame, not a poster
ROTATED = (5, 6, 7, 8)  # EXIF orientations that turn the picture a quarter
ORIENTATION = 0x0112
SAVE = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "avif": "AVIF"}


class ImageProblem(Exception):
    """Why an image cannot be made into variants, in words for its author."""


def available_formats() -> tuple[str, ...]:
    """The modern formats this Pillow can write."""
    return tuple(name for name in ("webp", "avif") if features.check(name))


def read_source(data: bytes) -> Source:
    """What DATA's header says; ImageProblem if it is not an image Pillow reads, or too large to decode."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ImageProblem(_too_large(width, height))
                if image.getexif().get(ORIENTATION) in ROTATED:
                    width, height = height, width
                if height > TALLEST * width:  # even a variant one pixel wide would be taller than a WebP may be
                    raise ImageProblem(f"is {width}x{height} pixels, too narrow for its height: crop or widen it")
                alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
                return Source(hash_bytes(data).hex(), image.format or "", width, height, alpha)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem("claims more pixels than any photo has (a decompression bomb?): not decoded") from None
    except UnidentifiedImageError:
        raise ImageProblem("is not an image kabar can read (JPEG, PNG, WebP, GIF, AVIF...)") from None
    # Pillow's plugins raise any of these for a bad header (RuntimeError: libavif's)
    except (OSError, ValueError, SyntaxError, EOFError, RuntimeError) as exc:
        raise ImageProblem(f"cannot be read as an image: {exc}") from None


def _too_large(width: int, height: int) -> str:
    megapixels = width * height / 1_000_000
    return (
        f"is {width}x{height} pixels ({megapixels:.0f} megapixels), more than kabar makes variants of "
        f"({MAX_PIXELS // 1_000_000} megapixels): save it smaller"
    )


def make_variants(data: bytes, picture: Picture, settings: ImageSettings) -> dict[str, bytes]:
    """Every file PICTURE plans, by name, made from DATA (its source's bytes); ImageProblem if DATA is broken."""
    image = _decoded(data, picture)
    made, resized = {}, {}
    for variant in picture.variants:
        size = (variant.width, variant.height, variant.crop)  # each format of a size is encoded from one resize
        if size not in resized:
            box = _box(image, variant)
            resized[size] = image.resize(size[:2], Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
        made[variant.name] = _encoded(resized[size], variant, settings, image.info.get("icc_profile"))
    return made


def _decoded(data: bytes, picture: Picture) -> Image.Image:
    """DATA's pixels, upright, in RGB or RGBA; a JPEG is decoded at the smallest scale that covers every variant."""
    widest = max(variant.width for variant in picture.variants)
    needed = (max(widest, SHARE[0]), max(variant.height for variant in picture.variants))
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:  # checked again: the file may have changed since its Source
                raise ImageProblem(_too_large(image.width, image.height))
            if image.format == "JPEG":
                image.draft("RGB", needed if picture.source.width == image.width else needed[::-1])
            image.load()
            upright = ImageOps.exif_transpose(image)
            converted = upright.convert("RGBA" if picture.source.alpha else "RGB")
            if image.mode in ("RGB", "RGBA"):  # a CMYK or grey profile would be wrong on the converted pixels
                converted.info["icc_profile"] = image.info.get("icc_profile")
            return converted
    except ImageProblem:
        raise
    except Image.DecompressionBombError:
        raise ImageProblem("claims more pixels than any photo has (a decompression bomb?): not decoded") from None
    except (OSError, ValueError, SyntaxError, EOFError, RuntimeError) as exc:
        reason = "it is truncated" if "truncated" in str(exc) else str(exc)
        raise ImageProblem(f"cannot be decoded: {reason}") from None


def _box(image: Image.Image, variant: Variant) -> tuple[float, float, float, float]:
    """The part of IMAGE that VARIANT shows: all of it, or the middle cut to the variant's aspect ratio."""
    width, height = image.size
    if variant.crop is None:
        return (0, 0, width, height)
    ratio = variant.crop[0] / variant.crop[1]
    if width / height > ratio:  # wider than the crop: cut the sides
        kept = height * ratio
        return ((width - kept) / 2, 0, (width + kept) / 2, height)
    kept = width / ratio
    return (0, (height - kept) / 2, width, (height + kept) / 2)


def _encoded(image: Image.Image, variant: Variant, settings: ImageSettings, icc_profile: bytes | None) -> bytes:
    options: dict = {"icc_profile": icc_profile} if icc_profile else {}
    if variant.format == "jpeg":
        options.update(quality=settings.quality, optimize=True, progressive=True)
    elif variant.format == "png":
        options.update(compress_level=9)
    elif variant.format == "webp":
        options.update(quality=settings.quality, method=4)
    elif variant.format == "avif":
        options.update(quality=settings.quality, max_threads=1)  # one thread: the stage runs one worker per core
    out = io.BytesIO()
    image.save(out, SAVE[variant.format], **options)
    return out.getvalue()


IMAGE_KEYS = ("widths", "quality", "formats")
WIDEST = 4096  # pixels: wider is no screen's need


def settings_from(value: object, lines: dict) -> tuple[ImageSettings, list[tuple[int | None, str]]]:
    """kabar.yml's `images:` VALUE as ImageSettings, and the problems in it as (line, message); LINES: kabar.yml's,
    nested ones included (see yamlload.load_mapping)."""

    def line_of(*path: object) -> int | None:
        return lines.get(("images", *path), lines.get("images"))

    if not isinstance(value, dict):
        return ImageSettings(), [(line_of(), "images: must be 'key: value' lines: widths, quality, formats")]
    problems = []
    for key in value:
        if key not in IMAGE_KEYS:
            hint = suggestion(str(key), IMAGE_KEYS)
            problems.append((line_of(key), f"unknown setting 'images.{key}'{hint}"))
    default = ImageSettings()
    widths, quality, formats = (value.get(key, getattr(default, key)) for key in IMAGE_KEYS)
    if not (
        isinstance(widths, list | tuple)
        and widths
        and all(isinstance(w, int) and not isinstance(w, bool) and 16 <= w <= WIDEST for w in widths)
    ):
        message = f"images.widths: {widths!r} must be a list of widths in pixels from 16 to {WIDEST}, like [480, 800]"
        problems.append((line_of("widths"), message))
    if not isinstance(quality, int) or isinstance(quality, bool) or not 1 <= quality <= 100:
        problems.append((line_of("quality"), f"images.quality: {quality!r} must be a whole number from 1 to 100"))
    known = available_formats()
    if not isinstance(formats, list | tuple) or not all(isinstance(f, str) for f in formats):
        problems.append((line_of("formats"), f"images.formats: {formats!r} must be a list, like [webp]"))
    else:
        for name in formats:
            if name not in ("webp", "avif"):
                message = f"images.formats: {name!r} is not a format kabar makes (webp, avif; the source's own is kept)"
                problems.append((line_of("formats"), message))
            elif name not in known:
                problems.append((line_of("formats"), f"images.formats: this Pillow cannot write {name}"))
    if problems:
        return default, sorted(problems, key=lambda problem: problem[0] or 0)
    unique = tuple(dict.fromkeys(formats))
    return ImageSettings(widths=tuple(sorted(set(widths))), quality=quality, formats=unique), []
