#!/usr/bin/env python3
"""Write a deterministic corpus of news articles for benchmarks.

The same seed and count always give the same articles, byte for byte, so
that two generators (or two versions of one) can be timed on the same work.

    python make_corpus.py --articles 10000 --out /tmp/corpus            # kabar
    python make_corpus.py --articles 10000 --out /tmp/p --format pelican
    python make_corpus.py --articles 10000 --out /tmp/h --format hugo

Formats:
  kabar     YAML front matter (title, date, category, author, tags, summary),
            files nested by year: OUT/2019/some-slug.md
  hugo      the same front matter, flat: OUT/some-slug.md
  pelican   Pelican's "Key: value" header block, flat: OUT/some-slug.md

Only the standard library is used. Text is random Indonesian-looking prose
built from a fixed word list; it has headings, lists, quotes, links, emphasis
and the odd image, so a Markdown engine does realistic work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re

WORDS = """
yang dan di ke dari untuk dengan pada dalam ini itu tidak akan telah sudah
juga atau oleh karena saat setelah sebelum antara bagi tentang hingga namun
pemerintah presiden menteri warga kota desa provinsi negara dunia pasukan
pejabat keamanan wilayah pertempuran kelompok pemimpin utusan dialog diskusi
pembicaraan informasi laporan wawancara kontak regional internasional nasional
ekonomi pasar harga saham rupiah dolar inflasi bank investasi ekspor impor
pertandingan pemain pelatih gol liga klub musim juara stadion suporter
film sutradara aktor aktris bioskop penonton cerita adegan rilis sinopsis
teknologi aplikasi ponsel internet data jaringan perangkat pengguna layanan
kesehatan rumah sakit dokter pasien vaksin obat penyakit gejala perawatan
pendidikan sekolah siswa guru universitas mahasiswa ujian kurikulum beasiswa
cuaca hujan banjir gempa angin musim kemarau suhu bencana pengungsi bantuan
mengatakan menyatakan menjelaskan menambahkan menurut mengungkapkan melaporkan
mendapatkan mengetahui menggunakan mempertahankan menargetkan mengontrol
bekerja sama berpisah berbicara mendekati meninggalkan membangun meningkatkan
baru lama besar kecil tinggi rendah cepat lambat sulit mudah penting utama
sengit brutal terbuka jelas resmi sementara terakhir pertama kedua ketiga
hari minggu bulan tahun pagi siang sore malam kemarin besok lalu depan
jalan sungai pasar masjid gedung kantor pelabuhan bandara terminal jembatan
anggota pendanaan relawan koalisi unit mobilisasi populer sekutu tameng
""".split()  # noqa: SIM905 (a word list reads best as prose)

CATEGORIES = [
    "Internasional",
    "Nasional",
    "Olahraga",
    "Film",
    "Teknologi",
    "Ekonomi",
    "Kesehatan",
    "Pendidikan",
]
FIRST = [
    "Ayu",
    "Budi",
    "Citra",
    "Dewi",
    "Eko",
    "Fajar",
    "Gita",
    "Hadi",
    "Indah",
    "Joko",
    "Kartika",
    "Lestari",
    "Made",
    "Nur",
    "Putri",
    "Rizky",
]
LAST = ["Santoso", "Wijaya", "Pratama", "Saputra", "Hidayat", "Kusuma", "Nugroho", "Rahmawati", "Siregar", "Wibowo"]
TAGS = sorted({w for w in WORDS if len(w) > 5})[:60]


def sentence(rng: random.Random, lo: int = 8, hi: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    if rng.random() < 0.2:
        i = rng.randrange(len(words))
        words[i] = f"**{words[i]}**"
    if rng.random() < 0.15:
        i = rng.randrange(len(words))
        words[i] = f"*{words[i]}*"
    if rng.random() < 0.1:
        i = rng.randrange(len(words))
        words[i] = f"[{words[i]}](https://example.org/{words[i].strip('*')})"
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))


def body(rng: random.Random) -> str:
    blocks = []
    for i in range(rng.randint(6, 11)):
        roll = rng.random()
        if i and roll < 0.12:
            blocks.append("## " + sentence(rng, 3, 6).rstrip("."))
        elif i and roll < 0.20:
            blocks.append("\n".join("- " + sentence(rng, 4, 9) for _ in range(rng.randint(3, 5))))
        elif i and roll < 0.26:
            blocks.append("> \u201c" + sentence(rng) + "\u201d")
        elif i and roll < 0.29:
            blocks.append(f"![{rng.choice(WORDS)}](/images/foto-{rng.randint(1, 50)}.jpg)")
        blocks.append(paragraph(rng))
    return "\n\n".join(blocks) + "\n"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def article(rng: random.Random, n: int, start: dt.datetime) -> dict:
    title = sentence(rng, 5, 10).rstrip(".").replace("**", "").replace("*", "")
    title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title)
    when = start + dt.timedelta(minutes=rng.randint(0, 60 * 24 * 365 * 8))
    return {
        "title": title,
        "slug": f"{slugify(title)[:60].rstrip('-')}-{n}",
        "date": when,
        "category": rng.choice(CATEGORIES),
        "author": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "tags": sorted(rng.sample(TAGS, rng.randint(1, 4))),
        "summary": sentence(rng, 10, 20),
        "body": body(rng),
    }


def yaml_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(a: dict, fmt: str) -> str:
    when = a["date"].strftime("%Y-%m-%d %H:%M")
    if fmt == "pelican":
        head = (
            f"Title: {a['title']}\nDate: {when}\nCategory: {a['category']}\n"
            f"Author: {a['author']}\nTags: {', '.join(a['tags'])}\n"
            f"Slug: {a['slug']}\nSummary: {a['summary']}\n\n"
        )
        return head + a["body"]
    stamp = a["date"].strftime("%Y-%m-%dT%H:%M:00+07:00")
    head = [
        "---",
        f"title: {yaml_quote(a['title'])}",
        f"date: {stamp}",
        f"category: {a['category']}",
        f"author: {a['author']}",
        "tags: [" + ", ".join(a["tags"]) + "]",
        f"summary: {yaml_quote(a['summary'])}",
    ]
    if fmt == "hugo":
        head += [f"slug: {a['slug']}", f"categories: [{a['category']}]"]
    return "\n".join(head) + "\n---\n\n" + a["body"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--format", choices=["kabar", "hugo", "pelican"], default="kabar")
    ap.add_argument("--seed", type=int, default=2017)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    start = dt.datetime(2016, 1, 1, 6, 0)
    total = 0
    for n in range(args.articles):
        a = article(rng, n, start)
        folder = os.path.join(args.out, str(a["date"].year)) if args.format == "kabar" else args.out
        os.makedirs(folder, exist_ok=True)
        text = render(a, args.format)
        with open(os.path.join(folder, a["slug"] + ".md"), "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text.encode())
    print(f"{args.articles} articles, {total / 1e6:.1f} MB, format {args.format}, in {args.out}")


if __name__ == "__main__":
    main()
