"""Draw the sample site's article pictures with Pillow: simple scenes of shapes and gradients, the same bytes on
every run (a fixed random seed per picture), each a 1200x675 JPEG of a few tens of kilobytes.

    python bench/sample_pictures.py            # (re)writes content/images/<name>.jpg for every scene below

The two photos drawn before this script (banjir-bekasi.jpg, stadion-malam.jpg) are kept as they are.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

SIZE = (1200, 675)
HORIZON = 420
FOLDER = Path(__file__).resolve().parents[1] / "content" / "images"

Color = tuple[int, int, int]


def gradient(draw: ImageDraw.ImageDraw, top: Color, bottom: Color, box: tuple[int, int, int, int]) -> None:
    left, upper, right, lower = box
    for y in range(upper, lower):
        t = (y - upper) / max(1, lower - upper - 1)
        draw.line((left, y, right, y), fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))


def city(draw: ImageDraw.ImageDraw, rng: random.Random, base: int, color: Color, lit: Color | None) -> None:
    """A row of buildings standing on BASE, with windows (lit, at night)."""
    x = -20
    while x < SIZE[0]:
        width, height = rng.randint(60, 140), rng.randint(90, 300)
        draw.rectangle((x, base - height, x + width, base), fill=color)
        for wy in range(base - height + 15, base - 20, 28):
            for wx in range(x + 10, x + width - 16, 22):
                if lit and rng.random() < 0.45:
                    draw.rectangle((wx, wy, wx + 9, wy + 13), fill=lit)
        x += width + rng.randint(4, 18)


def mountains(draw: ImageDraw.ImageDraw, rng: random.Random, base: int, color: Color) -> None:
    points = [(0, base)]
    for x in range(0, SIZE[0] + 150, 150):
        points.append((x, base - rng.randint(80, 230)))
    points.append((SIZE[0], base))
    draw.polygon(points, fill=color)


def waves(draw: ImageDraw.ImageDraw, rng: random.Random, top: int, color: Color) -> None:
    for y in range(top + 12, SIZE[1], 22):
        for x in range(rng.randint(-40, 0), SIZE[0], 90):
            draw.arc((x, y, x + 70, y + 14), 200, 340, fill=color, width=3)


def people(draw: ImageDraw.ImageDraw, rng: random.Random, base: int, count: int, colors: list[Color]) -> None:
    for _ in range(count):
        x, scale = rng.randint(40, SIZE[0] - 40), rng.uniform(0.7, 1.2)
        color = rng.choice(colors)
        height = round(90 * scale)
        draw.rounded_rectangle((x - 14 * scale, base - height, x + 14 * scale, base), 10, fill=color)
        draw.ellipse((x - 11 * scale, base - height - 24 * scale, x + 11 * scale, base - height - 2), fill=(70, 50, 40))


def banjir_jakarta(draw, rng):
    gradient(draw, (120, 130, 145), (185, 190, 195), (0, 0, *SIZE))
    city(draw, rng, 470, (85, 90, 100), None)
    gradient(draw, (110, 105, 80), (80, 75, 60), (0, 470, SIZE[0], SIZE[1]))
    waves(draw, rng, 470, (140, 135, 110))
    for x in (250, 620, 940):  # pumps
        draw.rectangle((x, 420, x + 110, 500), fill=(30, 90, 160))
        draw.rectangle((x + 40, 380, x + 60, 420), fill=(40, 40, 45))


def gempa_garut(draw, rng):
    gradient(draw, (150, 185, 215), (225, 230, 230), (0, 0, *SIZE))
    mountains(draw, rng, HORIZON, (80, 115, 90))
    gradient(draw, (150, 130, 100), (120, 100, 75), (0, HORIZON, SIZE[0], SIZE[1]))
    for x in range(60, SIZE[0], 230):  # houses, some tilted and broken
        tilt = rng.randint(-25, 25)
        draw.polygon([(x, 560), (x + 170, 560 + tilt // 3), (x + 170, 450), (x, 450 + tilt)], fill=(205, 190, 160))
        draw.polygon([(x - 15, 450 + tilt), (x + 85, 380), (x + 185, 450)], fill=(150, 60, 45))
        draw.line((x + 40, 470, x + 100, 550), fill=(60, 50, 40), width=4)
    people(draw, rng, 640, 5, [(230, 120, 30), (40, 60, 140)])


def pantai_losari(draw, rng):
    gradient(draw, (250, 150, 80), (255, 215, 140), (0, 0, SIZE[0], HORIZON))
    draw.ellipse((820, 250, 960, 390), fill=(255, 235, 170))
    gradient(draw, (60, 110, 150), (30, 70, 110), (0, HORIZON, SIZE[0], 540))
    waves(draw, rng, HORIZON, (120, 160, 190))
    draw.rectangle((0, 540, SIZE[0], SIZE[1]), fill=(200, 170, 120))
    for x in range(30, SIZE[0], 190):  # food stalls
        draw.rectangle((x, 560, x + 150, 640), fill=(170, 60, 40))
        draw.polygon([(x - 10, 560), (x + 75, 510), (x + 160, 560)], fill=(240, 200, 70))
    people(draw, rng, 670, 8, [(240, 240, 240), (200, 40, 60), (40, 90, 60)])


def kedai_kopi(draw, rng):
    gradient(draw, (90, 60, 40), (140, 100, 70), (0, 0, *SIZE))
    for x in range(0, SIZE[0], 120):  # wooden wall
        draw.line((x, 0, x, 450), fill=(75, 50, 35), width=4)
    draw.rectangle((0, 450, SIZE[0], SIZE[1]), fill=(60, 40, 28))
    for x in (300, 700):  # cups
        draw.ellipse((x, 520, x + 200, 560), fill=(240, 235, 225))
        draw.rectangle((x + 40, 420, x + 160, 540), fill=(240, 235, 225))
        draw.ellipse((x + 40, 405, x + 160, 435), fill=(70, 40, 20))
        draw.arc((x + 140, 450, x + 200, 510), 270, 90, fill=(240, 235, 225), width=10)
    draw.ellipse((950, 80, 1090, 220), fill=(255, 210, 120))  # a lamp


def upacara_entikong(draw, rng):
    gradient(draw, (110, 170, 230), (210, 230, 245), (0, 0, *SIZE))
    mountains(draw, rng, HORIZON, (60, 120, 70))
    draw.rectangle((0, HORIZON, SIZE[0], SIZE[1]), fill=(90, 150, 80))
    draw.rectangle((596, 90, 604, 560), fill=(220, 220, 220))  # flagpole and flag
    draw.rectangle((604, 100, 760, 150), fill=(210, 30, 40))
    draw.rectangle((604, 150, 760, 200), fill=(250, 250, 250))
    people(draw, rng, 650, 14, [(250, 250, 250), (200, 30, 40)])


def kantor_kpu(draw, rng):
    gradient(draw, (30, 40, 70), (60, 80, 120), (0, 0, *SIZE))
    for x in range(120, 1100, 330):  # screens of results
        draw.rounded_rectangle((x, 140, x + 280, 330), 12, fill=(20, 25, 35))
        for bar in range(5):
            height = rng.randint(30, 150)
            draw.rectangle((x + 25 + bar * 50, 310 - height, x + 55 + bar * 50, 310), fill=(60, 170, 230))
    draw.rectangle((0, 480, SIZE[0], SIZE[1]), fill=(120, 90, 60))  # desks
    people(draw, rng, 520, 6, [(240, 240, 240), (40, 60, 120)])


def kota_ai(draw, rng):
    gradient(draw, (20, 30, 60), (70, 60, 110), (0, 0, *SIZE))
    city(draw, rng, SIZE[1], (30, 35, 55), (250, 220, 120))
    for _ in range(40):  # a network over the city
        x, y = rng.randint(0, SIZE[0]), rng.randint(30, 300)
        draw.ellipse((x - 5, y - 5, x + 5, y + 5), fill=(120, 220, 255))
        draw.line((x, y, x + rng.randint(-150, 150), y + rng.randint(-60, 60)), fill=(80, 160, 220), width=2)


def pasar_cabai(draw, rng):
    gradient(draw, (230, 200, 150), (200, 160, 110), (0, 0, *SIZE))
    for x in range(40, SIZE[0], 280):  # baskets of chillies and shallots
        draw.ellipse((x, 380, x + 240, 470), fill=(130, 90, 50))
        fill = (200, 30, 30) if (x // 280) % 2 == 0 else (160, 70, 110)
        for _ in range(60):
            cx, cy = x + rng.randint(20, 220), rng.randint(330, 420)
            draw.ellipse((cx - 12, cy - 7, cx + 12, cy + 7), fill=fill)
        draw.rectangle((x + 10, 470, x + 230, 560), fill=(110, 75, 45))
    draw.rectangle((0, 560, SIZE[0], SIZE[1]), fill=(90, 80, 70))


def laut_patroli(draw, rng):
    gradient(draw, (140, 190, 230), (220, 235, 245), (0, 0, SIZE[0], HORIZON))
    gradient(draw, (40, 100, 150), (20, 60, 100), (0, HORIZON, *SIZE))
    waves(draw, rng, HORIZON, (90, 150, 190))
    for x, scale in ((180, 1.0), (700, 0.7)):  # patrol ships
        hull = [(x, 470), (x + 380 * scale, 470), (x + 340 * scale, 520), (x + 30, 520)]
        draw.polygon(hull, fill=(230, 230, 235))
        draw.rectangle((x + 120 * scale, 420, x + 260 * scale, 470), fill=(200, 205, 215))
        draw.rectangle((x + 180 * scale, 370, x + 190 * scale, 420), fill=(90, 90, 95))


def pulau_iklim(draw, rng):
    gradient(draw, (250, 180, 120), (140, 190, 230), (0, 0, SIZE[0], HORIZON))
    gradient(draw, (40, 140, 170), (20, 90, 130), (0, HORIZON, *SIZE))
    draw.ellipse((380, 380, 820, 470), fill=(220, 200, 150))  # a low island, the sea close around it
    for x in (520, 600, 690):
        draw.line((x, 420, x + 10, 300), fill=(100, 70, 40), width=8)
        draw.ellipse((x - 40, 270, x + 60, 320), fill=(40, 130, 60))
    waves(draw, rng, 470, (100, 180, 210))


def lapangan_latihan(draw, rng):
    gradient(draw, (120, 180, 235), (200, 225, 245), (0, 0, SIZE[0], 300))
    draw.rectangle((0, 300, SIZE[0], SIZE[1]), fill=(60, 150, 70))
    for x in range(0, SIZE[0], 120):  # mown stripes
        draw.rectangle((x, 300, x + 60, SIZE[1]), fill=(70, 165, 80))
    draw.line((0, 480, SIZE[0], 480), fill=(240, 240, 240), width=5)
    draw.ellipse((500, 420, 700, 540), outline=(240, 240, 240), width=5)
    people(draw, rng, 640, 9, [(200, 30, 40), (240, 240, 240)])


def pembayaran_qr(draw, rng):
    gradient(draw, (240, 230, 210), (210, 195, 170), (0, 0, *SIZE))
    draw.rectangle((0, 470, SIZE[0], SIZE[1]), fill=(150, 100, 60))  # a shop counter
    draw.rounded_rectangle((460, 120, 740, 470), 18, fill=(255, 255, 255), outline=(40, 40, 40), width=6)
    cell = 20
    for row in range(10):  # a QR-like code (not a real one)
        for col in range(10):
            if rng.random() < 0.5 or row in (0, 9) or col in (0, 9):
                x, y = 500 + col * cell, 160 + row * cell
                draw.rectangle((x, y, x + cell - 1, y + cell - 1), fill=(20, 20, 20))
    draw.rounded_rectangle((820, 300, 940, 520), 16, fill=(30, 30, 40))  # a phone
    draw.rectangle((832, 320, 928, 490), fill=(90, 170, 230))


def pos_lintas_batas(draw, rng):
    gradient(draw, (150, 195, 230), (230, 235, 235), (0, 0, *SIZE))
    mountains(draw, rng, HORIZON, (120, 140, 90))
    draw.rectangle((0, HORIZON, SIZE[0], SIZE[1]), fill=(170, 150, 110))
    draw.polygon([(520, SIZE[1]), (680, SIZE[1]), (620, HORIZON), (580, HORIZON)], fill=(90, 90, 90))  # the road
    draw.rectangle((700, 300, 1000, 470), fill=(235, 230, 220))  # the post
    draw.polygon([(680, 300), (850, 230), (1020, 300)], fill=(170, 50, 40))
    draw.rectangle((360, 455, 640, 470), fill=(230, 40, 40))  # the barrier
    draw.rectangle((360, 440, 380, 500), fill=(60, 60, 60))


def gedung_dpr(draw, rng):
    gradient(draw, (100, 150, 210), (200, 220, 240), (0, 0, *SIZE))
    draw.rectangle((0, 520, SIZE[0], SIZE[1]), fill=(80, 140, 80))
    draw.rectangle((250, 330, 950, 520), fill=(235, 235, 230))  # the building and its green domes
    draw.pieslice((330, 190, 590, 470), 180, 360, fill=(60, 140, 110))
    draw.pieslice((610, 190, 870, 470), 180, 360, fill=(60, 140, 110))
    for x in range(280, 940, 60):
        draw.rectangle((x, 350, x + 18, 520), fill=(210, 210, 205))


SCENES: dict[str, Callable] = {
    "pompa-air-jakarta": banjir_jakarta,
    "gempa-garut": gempa_garut,
    "festival-losari": pantai_losari,
    "kedai-kopi": kedai_kopi,
    "upacara-entikong": upacara_entikong,
    "rekapitulasi-kpu": kantor_kpu,
    "asisten-ai": kota_ai,
    "pasar-cabai": pasar_cabai,
    "patroli-laut": laut_patroli,
    "pulau-iklim": pulau_iklim,
    "latihan-timnas": lapangan_latihan,
    "pembayaran-qr": pembayaran_qr,
    "pos-lintas-batas": pos_lintas_batas,
    "gedung-dpr": gedung_dpr,
}


def draw_scene(name: str) -> Image.Image:
    image = Image.new("RGB", SIZE)
    SCENES[name](ImageDraw.Draw(image), random.Random(name))
    return image.filter(ImageFilter.GaussianBlur(0.8))  # soften the edges, as a photo's are


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name in SCENES:
        path = FOLDER / f"{name}.jpg"
        draw_scene(name).save(path, "JPEG", quality=82, optimize=True, progressive=True)
        print(f"{path.relative_to(FOLDER.parents[1])}: {path.stat().st_size // 1024} KB", file=sys.stderr)


if __name__ == "__main__":
    main()
