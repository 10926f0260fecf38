"""Image files for tests, made with Pillow: good photos of a given size, and the broken and hostile kinds."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, ImageDraw


def photo(width: int, height: int, kind: str = "JPEG", shade: int = 0) -> bytes:
    """A picture of WIDTH x HEIGHT with shapes in it (a flat one would hide a bad crop or scale); SHADE varies it."""
    image = Image.new("RGB", (width, height), (40 + shade, 90, 160))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height * 2 // 3, width, height), fill=(60, 140 + shade, 70))
    draw.ellipse((width // 3, height // 6, width // 2, height // 2), fill=(240, 200, 60))
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


def truncated(width: int = 640, height: int = 360) -> bytes:
    """A JPEG cut off halfway, as an interrupted upload leaves it: its header reads, its pixels do not."""
    whole = photo(width, height)
    return whole[: len(whole) // 2]


def huge_png(width: int, height: int) -> bytes:
    """A PNG of WIDTH x HEIGHT black-and-white pixels: a few kilobytes, however many megapixels."""
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, "PNG")
    return out.getvalue()


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A decompression bomb: a PNG whose header claims WIDTH x HEIGHT pixels, made byte by byte (Pillow would
    have to hold them all to write it)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    pixels = chunk(b"IDAT", zlib.compress(b"\0" * 1024))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + pixels + chunk(b"IEND", b"")


def broken_avif(part: str) -> bytes:
    """An AVIF whose PART is broken: "header" (its primary item names none there is) or "pixels" (its coded data):
    libavif, under Pillow, says so with a RuntimeError."""
    out = io.BytesIO()
    Image.new("RGB", (640, 360), (40, 90, 160)).save(out, "AVIF")
    data = out.getvalue()
    if part == "header":
        at = data.index(b"pitm") + 8  # after the box's version and flags: the primary item's id
        return data[:at] + b"\x77\x77" + data[at + 2 :]
    at = data.index(b"mdat") + 4
    return data[:at] + b"\0" * (len(data) - at)
