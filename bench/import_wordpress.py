#!/usr/bin/env python3
"""Time `kabar import` on a large generated WordPress export: posts per second and peak memory.

    python bench/import_wordpress.py                 # 20,000 posts
    python bench/import_wordpress.py --posts 2000    # a quick look

The export is deterministic (the same count gives the same bytes): classic posts with captions, galleries,
<!--more--> and comments, and block-editor posts, over 40 categories and 6 years. The import runs as a
subprocess, so getrusage(RUSAGE_CHILDREN).ru_maxrss is its peak RSS alone. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Kabar Besar</title><link>https://besar.example</link><description>Ujian impor</description>
<language>id-ID</language><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://besar.example</wp:base_site_url><wp:base_blog_url>https://besar.example</wp:base_blog_url>
<wp:author><wp:author_login><![CDATA[redaksi]]></wp:author_login>
<wp:author_display_name><![CDATA[Tim Redaksi]]></wp:author_display_name></wp:author>
"""
VOCABULARY = """yang dan di ke dari untuk dengan pada dalam ini itu tidak akan telah sudah warga kota desa provinsi
pemerintah presiden menteri banjir gempa harga pasar sidang hakim sekolah guru jalan tol kereta"""
WORDS = VOCABULARY.split()


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def post(number: int, rng: random.Random) -> str:
    year, month, day = 2019 + number % 6, 1 + number % 12, 1 + number % 28
    hour = number % 24
    slug = f"berita-{number}"
    category = f"rubrik-{number % 40}"
    paragraphs = [" ".join(sentence(rng, rng.randint(6, 18)) for _ in range(3)) for _ in range(rng.randint(4, 9))]
    if number % 3:
        image = f"https://besar.example/wp-content/uploads/{year}/{month:02d}/foto-{number}.jpg"
        content = (
            f'{paragraphs[0]}\n\n<!--more-->\n\n[caption id="attachment_{number}" align="aligncenter" '
            f'width="640"]<img src="{image}" alt="Foto" width="640" height="480" /> {sentence(rng, 6)}[/caption]\n\n'
            + "\n\n".join(paragraphs[1:])
        )
    else:
        content = "\n\n".join(f"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->" for text in paragraphs)
    comments = "".join(
        f"<wp:comment><wp:comment_id>{c}</wp:comment_id><wp:comment_author><![CDATA[Pembaca {c}]]>"
        f"</wp:comment_author><wp:comment_date>{year}-{month:02d}-{day:02d} 23:0{c}:00</wp:comment_date>"
        f"<wp:comment_date_gmt>{year}-{month:02d}-{day:02d} 16:0{c}:00</wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[{sentence(rng, 12)}]]></wp:comment_content>"
        f"<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>"
        f"<wp:comment_parent>{c - 1}</wp:comment_parent></wp:comment>"
        for c in range(1, number % 4 + 1)
    )
    return (
        f"<item><title>{sentence(rng, 7)[:-1]} {number}</title>"
        f"<link>https://besar.example/{year}/{month:02d}/{day:02d}/{slug}/</link>"
        f'<dc:creator><![CDATA[redaksi]]></dc:creator><guid isPermaLink="false">https://besar.example/?p={number}</guid>'
        f"<content:encoded><![CDATA[{content}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>"
        f"<wp:post_id>{number}</wp:post_id><wp:post_date>{year}-{month:02d}-{day:02d} {hour:02d}:15:00</wp:post_date>"
        f"<wp:post_date_gmt>{year}-{month:02d}-{day:02d} {hour:02d}:15:00</wp:post_date_gmt>"
        f"<wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent>"
        f"<wp:menu_order>0</wp:menu_order><wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>"
        f"<wp:is_sticky>0</wp:is_sticky>"
        f'<category domain="category" nicename="{category}"><![CDATA[Rubrik {number % 40}]]></category>'
        f'<category domain="post_tag" nicename="tema-{number % 300}"><![CDATA[tema {number % 300}]]></category>'
        f"{comments}</item>\n"
    )


def write_export(path: Path, posts: int) -> None:
    rng = random.Random(16)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for number in range(1, posts + 1):
            out.write(post(number, rng))
        out.write("</channel>\n</rss>\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "export.xml"
        write_export(export, args.posts)
        size = export.stat().st_size
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "kabar", "import", str(export), "--into", str(Path(folder) / "site")],
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        if result.returncode:
            print(result.stderr, file=sys.stderr)
            return 1
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        written = sum(1 for path in (Path(folder) / "site").rglob("*") if path.is_file())
        print(f"{args.posts} posts, export {size / 1e6:.1f} MB, {written} files written")
        print(f"import: {seconds:.1f} s, {args.posts / seconds:.0f} posts/s, peak RSS {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
