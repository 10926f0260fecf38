#!/usr/bin/env python3
"""Figures for article images (kabar/variants.py): making them cold, and what they add to a one-edit rebuild.

    python bench/images.py cold --images 1000            # N articles with N distinct 1200x675 photos, built cold:
                                                         # the images stage's time, files and bytes of variants
    python bench/images.py rebuild --articles 10000      # one edit, rebuilt, in a site of N articles with N images
                                                         # and in the same site without them, in turns
                                                         # (median of --runs each): with the defaults, then with
                                                         # `search: false`

Articles come from make_corpus.py (same seed, same text); photos are drawn with Pillow, each different (a gradient
and shapes placed by a seeded random), so no two share variants. Everything is built in --work (default: a new
temporary folder) with every core (--jobs to change it): cold in-process through kabar.pipeline.build; rebuilds as a
user runs them, `kabar build` in the site's folder, a process each (builds in one process in turns, each of a
different site, slow each other down by a third: what one leaves in memory, the next collects).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).parent))
import make_corpus  # beside this script
from run import RECENTLY_FREED, empty_trash, set_aside

from kabar.pipeline import Options, build

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def photo(n: int, size: tuple[int, int]) -> bytes:
    rng = random.Random(n)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    top, bottom = [tuple(rng.randint(0, 255) for _ in range(3)) for _ in range(2)]
    for y in range(size[1]):
        t = y / size[1]
        draw.line((0, y, size[0], y), fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    for _ in range(12):
        x, y, r = rng.randint(0, size[0]), rng.randint(0, size[1]), rng.randint(20, size[1] // 3)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randint(0, 255) for _ in range(3)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def make_site(root: Path, articles: int, images: bool, size: tuple[int, int], search: bool = False) -> list[Path]:
    """ROOT with ARTICLES articles (make_corpus's), each with its own photo of SIZE if IMAGES; their files. SEARCH:
    kabar.yml leaves search on, as it is by default."""
    rng, start = random.Random(2017), dt.datetime(2016, 1, 1, 6, 0)
    (root / "kabar.yml").parent.mkdir(parents=True, exist_ok=True)
    (root / "kabar.yml").write_text("title: Bangku Uji\n" + ("" if search else "search: false\n"))
    paths = []
    for n in range(articles):
        a = make_corpus.article(rng, n, start)
        text = make_corpus.render(a, "kabar")
        if images:
            (root / "content" / "foto").mkdir(parents=True, exist_ok=True)
            (root / "content" / "foto" / f"{n}.jpg").write_bytes(photo(n, size))
            text = text.replace("\n---\n", f"\nimage: /foto/{n}.jpg\nimage_alt: Foto {n}\n---\n", 1)
        path = root / "content" / str(a["date"].year) / f"{a['slug']}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def kabar_build(root: Path, jobs: int) -> str:
    """`kabar build -v` run in ROOT, as an author runs it; its log on stderr (each stage's seconds, to 0.01 s)."""
    command = [sys.executable, "-m", "kabar", "build", "-v", "--now", NOW.isoformat()]
    if jobs:
        command += ["-j", str(jobs)]
    return subprocess.run(command, cwd=root, check=True, capture_output=True, text=True).stderr


def stage_seconds(summary, name: str) -> float:
    return sum(seconds for stage, _, seconds in summary.stages if stage == name)


def cold(work: Path, count: int, jobs: int) -> None:
    root = work / "cold"
    make_site(root, count, True, (1200, 675))
    started = time.perf_counter()
    summary = build(Options(root=root, now=NOW, jobs=jobs))
    total = time.perf_counter() - started
    files = [f for f in (root / "public" / "gambar").rglob("*") if f.is_file()]  # a folder of variants a picture
    size = sum(f.stat().st_size for f in files)
    sources = sum(f.stat().st_size for f in (root / "content" / "foto").iterdir())
    print(f"cold, {count} images of 1200x675 ({sources / 1e6:.1f} MB), jobs={jobs}:")
    print(f"  images stage {stage_seconds(summary, 'images'):.1f} s of a {total:.1f} s build")
    print(f"  {len(files)} variant files, {size / 1e6:.1f} MB ({size / count / 1e3:.0f} KB an image)")


def rebuild(work: Path, count: int, runs: int, jobs: int) -> None:
    """Both sites built cold, then edited in turns (without, with, without...): the machine's drift over the
    minutes of a run weighs on both alike. With the defaults (search on), then with `search: false`: the sites of
    the second are copies of the first's (their caches too, so that no photo's variants are made twice). What an
    earlier run left in WORK is deleted after this one's figures, not before them."""
    trash = work / "trash"
    empty_trash(trash, wait=RECENTLY_FREED)  # a stopped run's, or the last run's just now
    for search in (True, False):
        sites = {}
        for images in (False, True):
            root = work / (("with" if images else "without") + ("-search" if search else ""))
            if search:
                paths = make_site(root, count, images, (640, 360), search=True)  # the size hardly matters to an edit
            else:
                source = work / (("with" if images else "without") + "-search")
                if root.exists():  # a --work of an earlier run's: copied again, the old copy set aside, not
                    set_aside(root, trash)  # deleted (run.py's notes: inodes freed now slow the files made next)
                shutil.copytree(source, root, ignore=shutil.ignore_patterns("public", ".public*"))
                (root / "kabar.yml").write_text("title: Bangku Uji\nsearch: false\n")
                paths = sorted((root / "content").rglob("*.md"))
            started = time.perf_counter()
            kabar_build(root, jobs)
            print(f"{count} articles {_kind(images, search)}: first build {time.perf_counter() - started:.1f} s")
            sites[images] = (root, paths[len(paths) // 2], [], [])
        for run in range(runs):
            for root, edited, seconds, in_stage in sites.values():
                text = edited.read_text(encoding="utf-8")
                edited.write_text(text + f"\nSunting ke-{run}.\n", encoding="utf-8")
                os.sync()  # as run.py: a build does not pay for writing back what the copies and builds before it left
                started = time.perf_counter()
                log = kabar_build(root, jobs)
                seconds.append(round(time.perf_counter() - started, 2))
                in_stage.append(float(re.search(r"^images +\d+ +([0-9.]+) s$", log, re.MULTILINE).group(1)))
        timings, best = {}, {}
        for images, (_, _, seconds, in_stage) in sites.items():
            timings[images], best[images] = statistics.median(seconds), min(seconds)
            shown = f"{count} articles {_kind(images, search)}"
            print(f"{shown}: one-edit rebuilds {seconds} s, of which the images stage {in_stage} s")
        print(
            f"one-edit rebuild, {'defaults (search on)' if search else 'search: false'}, median of {runs}: "
            f"{timings[False]:.2f} s without images, {timings[True]:.2f} s with "
            f"({(timings[True] / timings[False] - 1) * 100:+.0f}%; the quickest of each, "
            f"{(best[True] / best[False] - 1) * 100:+.0f}%)"
        )
    empty_trash(trash)


def _kind(images: bool, search: bool) -> str:
    return f"{'with' if images else 'without'} images, {'defaults' if search else 'search: false'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["cold", "rebuild"])
    parser.add_argument("--images", type=int, default=1000)
    parser.add_argument("--articles", type=int, default=10000)
    # Nine: on a 2-core machine one build in three may be a fifth slower than the others, and the median of three
    # moved photos' share by ten points from one run to the next.
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kabar-images-"))
    try:
        if args.what == "cold":
            cold(work, args.images, args.jobs)
        else:
            rebuild(work, args.articles, args.runs, args.jobs)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
