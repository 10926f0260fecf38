"""Bad input, all at once, with a clear message; and the unusual input that is no mistake at all.

Each case is a small site: a good one, built once, then broken in one way (or several) and built
again with the real `kabar build`. It must exit 1, print exactly the `path:line: message` lines
below and the count, and leave the public/ folder of the good build as it was, byte for byte and
mtime for mtime.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kabar.cli import main
from kabar.errors import NOT_REGULAR

from . import pictures
from .conftest import article, read, write_files
from .test_output import snapshot

NOW = "2026-11-23T12:00Z"
BUILD = ["build", "-q", "--jobs", "1", "--now", NOW]
A = "content/2024/a.md"  # the good site's one article, which most cases replace
FOTO, PNG = "content/images/foto.jpg", "content/images/foto.png"
DATES = "(expected YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM-DDTHH:MM:SS+07:00)"
PLAIN = "only plain values are allowed (text, numbers, true/false, dates, lists, 'key: value')"
LOOKED = "(looked in the site's templates/ and the theme's)"
NO_ALIAS = "aliases are not allowed, write the value out in full"
IMAGE_URL = "must be a path on the site, like /images/a.jpg, or an http(s) URL"
ABSOLUTE = "must be an absolute http(s) URL, like https://kabar.example"
COMMENTS_FILE = "content/2024/a.comments.yml"
LOL = "".join(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]\n" for n in range(1, 10))


def not_utf8(byte: str, column: int, shown: str) -> str:
    """The message of a file saved as Windows-1252: BYTE at COLUMN, which it shows as SHOWN."""
    windows = f"is '{shown}' in Windows-1252 (Notepad's ANSI)"
    return f"is not UTF-8 text: byte {byte} at column {column} {windows}: save the file as UTF-8"


def fm(*lines: str, body: str = "Isi berita.") -> str:
    """An article file from its front matter lines."""
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n" + body + "\n"


TITLE, DATE, CATEGORY = "title: Banjir", "date: 2024-03-05 09:30", "category: Nasional"
TOML_TITLE, TOML_DATE, TOML_CATEGORY = 'title = "Banjir"', "date = 2024-03-05T09:30:00", 'category = "Nasional"'


def toml(*lines: str, body: str = "Isi berita.") -> str:
    """An article file with TOML front matter (Hugo, Zola) from its lines."""
    return "+++\n" + "".join(line + "\n" for line in lines) + "+++\n" + body + "\n"


@dataclass(frozen=True)
class Case:
    files: dict[str, str | bytes]
    expected: list[str]


CASES: dict[str, Case] = {
    # ------------------------------------------------------------ the shape of the file
    "no front matter": Case(
        {A: "Banjir Rendam Bekasi\n\nHujan deras.\n"},
        [
            f"{A}:1: no front matter: an article starts with a '---' line, then 'title: ...', 'date: ...', "
            "'category: ...', then '---'"
        ],
    ),
    "front matter never closed": Case(
        {A: f"---\n{TITLE}\n{DATE}\n{CATEGORY}\nIsi berita.\n"},
        [f"{A}:1: front matter is not closed: add a '---' line after the last 'key: value' line"],
    ),
    "an empty file": Case(
        {A: ""},
        [
            f"{A}:1: the file is empty: an article starts with front matter, '---' lines around 'title: ...', "
            "'date: ...' and 'category: ...', then the story"
        ],
    ),
    "a file of blank lines": Case(
        {A: "\n  \n\n"},
        [
            f"{A}:1: the file is empty: an article starts with front matter, '---' lines around 'title: ...', "
            "'date: ...' and 'category: ...', then the story"
        ],
    ),
    "front matter that is a list": Case({A: fm("- title", "- date")}, [f"{A}:2: expected 'key: value' lines"]),
    "front matter that is one line of text": Case({A: fm("Banjir di Bekasi")}, [f"{A}:2: expected 'key: value' lines"]),
    "empty front matter": Case(
        {A: fm()},
        [
            f"{A}:2: missing 'title': add a 'title: ...' line to the front matter",
            f"{A}:2: missing 'date': add a 'date: ...' line to the front matter",
            f"{A}:2: missing 'category': add a 'category: ...' line to the front matter",
        ],
    ),
    # ------------------------------------------------------------ TOML front matter (Hugo, Zola) and imported keys
    "a TOML value without quotes": Case(
        {A: toml("title = Banjir", TOML_DATE, TOML_CATEGORY)},
        [
            f'{A}:2: invalid TOML: a value must be in quotes (title = "Banjir"), unless it is a number, true/false, '
            "a date or a [list]"
        ],
    ),
    "YAML's colon in TOML front matter": Case(
        {A: toml(TOML_TITLE, "date: 2024-03-05", TOML_CATEGORY)},
        [f"{A}:3: invalid TOML: expected '=' after the key: TOML writes key = value, not key: value"],
    ),
    "a TOML time without seconds": Case(
        {A: toml(TOML_TITLE, "date = 2024-03-05 09:30", TOML_CATEGORY)},
        [
            f"{A}:3: invalid TOML: more after the value on this line: put text in quotes, and write a time with its "
            "seconds (2024-03-05T09:30:00)"
        ],
    ),
    "an impossible TOML date": Case(
        {A: toml(TOML_TITLE, "date = 2024-02-30", TOML_CATEGORY)},
        [
            f"{A}:3: invalid TOML: '2024-02-30' is not a valid date (expected 2024-03-05, 2024-03-05T09:30:00 or "
            "2024-03-05T09:30:00+07:00)"
        ],
    ),
    "a TOML date where text belongs, and one past the years kabar takes": Case(
        {A: toml("title = 2024-03-05", "date = 9999-12-31T10:00:00", TOML_CATEGORY)},
        [
            f"{A}:2: title: '2024-03-05' must be text, not a date",
            f"{A}:3: date: '9999-12-31T10:00:00' is out of range: the year must be from 1000 to 9998",
        ],
    ),
    "a TOML key given twice": Case(
        {A: toml(TOML_TITLE, TOML_DATE, TOML_CATEGORY, 'title = "Lagi"')},
        [f"{A}:5: 'title' is given twice (first on line 2)"],
    ),
    "an unclosed TOML quote": Case(
        {A: toml('title = "Banjir', TOML_DATE, TOML_CATEGORY)},
        [f"{A}:2: invalid TOML: the quote opened on this line is not closed"],
    ),
    "TOML nested too deep": Case(
        {A: toml(TOML_TITLE, TOML_DATE, TOML_CATEGORY, "tags = " + "[" * 40 + "]" * 40)},
        [f"{A}:5: invalid TOML: arrays and tables nested more than 32 deep"],
    ),
    "a TOML dotted key 40 deep": Case(
        {A: toml(TOML_TITLE, TOML_DATE, TOML_CATEGORY, "a" + ".a" * 40 + " = 1")},
        [f"{A}:5: invalid TOML: arrays and tables nested more than 32 deep"],
    ),
    "a TOML table header 40 deep": Case(
        {A: toml(TOML_TITLE, TOML_DATE, TOML_CATEGORY, "[" + "a." * 40 + "a]", "b = 1")},
        [f"{A}:5: invalid TOML: arrays and tables nested more than 32 deep"],
    ),
    "TOML dotted keys in inline tables, 44 deep in all": Case(
        {A: toml(TOML_TITLE, TOML_DATE, TOML_CATEGORY, "x = " + "{ a.b.c.d.e.f.g.h.i.j = " * 4 + "1" + " }" * 4)},
        [f"{A}:5: invalid TOML: arrays and tables nested more than 32 deep"],
    ),
    "a TOML number of 5,000 digits": Case(
        {A: toml(TOML_TITLE, TOML_DATE, TOML_CATEGORY, "nomor = 1" + "0" * 5000)},
        [f"{A}:5: invalid TOML: a number of more than 4,300 digits"],
    ),
    "TOML front matter never closed": Case(
        {A: f"+++\n{TOML_TITLE}\n{TOML_DATE}\n{TOML_CATEGORY}\nIsi berita.\n"},
        [f"{A}:1: front matter is not closed: add a '+++' line after the last 'key = value' line"],
    ),
    "a misspelt key in TOML": Case(
        {A: toml(TOML_TITLE, TOML_DATE, 'catgory = "Nasional"')},
        [f"{A}:4: unknown key 'catgory'; did you mean 'category'?"],
    ),
    "a list of categories under category": Case(
        {A: fm(TITLE, DATE, "category: [Nasional, Politik, Hukum]")},
        [
            f"{A}:4: category: ['Nasional', 'Politik', 'Hukum'] is a list, but an article has one category: write "
            "'category: Nasional' and add the others to its tags (tags: [Politik, Hukum])"
        ],
    ),
    # ------------------------------------------------------------ YAML syntax, at the line to fix
    "an unclosed bracket": Case(
        {A: fm(TITLE, "tags: [banjir, bekasi", DATE, CATEGORY)},
        [
            f"{A}:3: invalid YAML: the '[' opened on this line is not closed "
            "(did not find expected ',' or ']' on line 4)"
        ],
    ),
    "an unclosed brace": Case(
        {A: fm(TITLE, "lokasi: {kota: Bekasi", DATE, CATEGORY)},
        [
            f"{A}:3: invalid YAML: the '{{' opened on this line is not closed "
            "(did not find expected ',' or '}' on line 4)"
        ],
    ),
    "an unclosed quote": Case(
        {A: fm('title: "Banjir', DATE, CATEGORY)},
        [f'{A}:2: invalid YAML: the quote " opened on this line is not closed'],
    ),
    "an unclosed quote, and a quoted value after it, where YAML stops": Case(
        {A: fm('title: "Banjir', DATE, CATEGORY, 'image_credit: "Foto: Kabar/Budi"', "location: Bekasi")},
        [f'{A}:2: invalid YAML: the quote " opened on this line is not closed'],
    ),
    "an unclosed single quote, with a quote doubled in it": Case(
        {A: fm("title: 'Jum''at Kelabu", DATE, CATEGORY, "summary: 'Banjir: Bekasi'")},
        [f"{A}:2: invalid YAML: the quote ' opened on this line is not closed"],
    ),
    "a tab in the indentation of a list": Case(
        {A: fm(TITLE, DATE, CATEGORY, "tags:", "\t- banjir")},
        [f"{A}:6: invalid YAML: a tab in the indentation: indent with spaces only"],
    ),
    "a tab before a key": Case(
        {A: fm(TITLE, "\t" + DATE, CATEGORY)},
        [f"{A}:3: invalid YAML: a tab in the indentation: indent with spaces only"],
    ),
    "a key without its colon": Case(
        {A: fm(TITLE, "date 2024-03-05", CATEGORY)},
        [f"{A}:3: invalid YAML: could not find expected ':' after the key on this line"],
    ),
    "a key given twice": Case(
        {A: fm(TITLE, DATE, CATEGORY, "title: Banjir Lagi")},
        [f"{A}:5: 'title' is given twice (first on line 2)"],
    ),
    "a key given twice inside a mapping, whose first value YAML would drop": Case(
        {A: fm(TITLE, DATE, CATEGORY, "sumber:", "  nama: Antara", "  nama: Reuters")},
        [f"{A}:7: 'nama' is given twice (first on line 6)"],
    ),
    "a redirect given twice in the settings": Case(
        {"kabar.yml": "title: Kabar Uji\nredirects:\n  /lama/: /2024/03/05/banjir/\n  /lama/: /kategori/nasional/\n"},
        ["kabar.yml:4: '/lama/' is given twice (first on line 3)"],
    ),
    "a comment's text given twice": Case(
        {COMMENTS_FILE: "- id: 1\n  author: Sari\n  date: 2024-03-06\n  text: Terima kasih.\n  text: Ya.\n"},
        [f"{COMMENTS_FILE}:5: 'text' is given twice (first on line 4)"],
    ),
    "an invisible line separator pasted into a title": Case(
        {A: fm("title: Banjir\u2028Bekasi", DATE, CATEGORY)},
        [f"{A}:2: invalid YAML: an invisible line separator (U+2028) on this line: remove it"],
    ),
    "a control character": Case(
        {A: fm(TITLE, DATE, "category: Nasi\x07onal")},
        [f"{A}:4: control character U+0007 is not allowed: remove it"],
    ),
    # ------------------------------------------------------------ required keys, empty values
    "no title": Case({A: fm(DATE, CATEGORY)}, [f"{A}:4: missing 'title': add a 'title: ...' line to the front matter"]),
    "no date": Case({A: fm(TITLE, CATEGORY)}, [f"{A}:4: missing 'date': add a 'date: ...' line to the front matter"]),
    "no category": Case(
        {A: fm(TITLE, DATE)}, [f"{A}:4: missing 'category': add a 'category: ...' line to the front matter"]
    ),
    "no body": Case(
        {A: fm(TITLE, DATE, CATEGORY, body="")},
        [f"{A}:5: the article has no body: write the story below this closing '---'"],
    ),
    "an empty title": Case(
        {A: fm("title:", DATE, CATEGORY)}, [f"{A}:2: 'title' is empty: write the headline after 'title:'"]
    ),
    "a title of quotes": Case(
        {A: fm("title: ''", DATE, CATEGORY)}, [f"{A}:2: 'title' is empty: write the headline after 'title:'"]
    ),
    "an empty date": Case(
        {A: fm(TITLE, "date:", CATEGORY)},
        [f"{A}:3: 'date' is empty: write a date like 2024-03-05 09:30 after 'date:'"],
    ),
    "a category of spaces": Case(
        {A: fm(TITLE, DATE, "category: '   '")},
        [f"{A}:4: 'category' is empty: write a category like Nasional after 'category:'"],
    ),
    # ------------------------------------------------------------ wrong types
    "a list where text belongs": Case(
        {A: fm("title: [Banjir, Bekasi]", DATE, CATEGORY)},
        [f"{A}:2: title: ['Banjir', 'Bekasi'] must be text, not a list"],
    ),
    "a mapping where text belongs": Case(
        {A: fm(TITLE, DATE, "category: {nama: Nasional}")},
        [f"{A}:4: category: {{'nama': 'Nasional'}} must be text, not a mapping"],
    ),
    "true/false where text belongs": Case(
        {A: fm(TITLE, DATE, CATEGORY, "summary: yes")}, [f"{A}:5: summary: True must be text, not true/false"]
    ),
    "a list where a date belongs": Case(
        {A: fm(TITLE, "date: [2024-03-05]", CATEGORY)},
        [f"{A}:3: date: ['2024-03-05'] must be a date, not a list {DATES}"],
    ),
    "text where true/false belongs": Case(
        {A: fm(TITLE, DATE, CATEGORY, "featured: 1")}, [f"{A}:5: featured: 1 must be true or false"]
    ),
    "a mapping where a list belongs": Case(
        {A: fm(TITLE, DATE, CATEGORY, "tags: {banjir: 1}")},
        [f"{A}:5: tags: {{'banjir': 1}} must be text, or a list like [one, two]"],
    ),
    "a list inside the list of tags": Case(
        {A: fm(TITLE, DATE, CATEGORY, "tags: [banjir, [bekasi]]")},
        [f"{A}:5: tags: ['bekasi'] must be text, or a list like [one, two]"],
    ),
    # ------------------------------------------------------------ dates
    "month 13": Case(
        {A: fm(TITLE, "date: 2024-13-05", CATEGORY)},
        [f"{A}:3: date: '2024-13-05' is not a valid date: there is no month 13 (months go from 01 to 12)"],
    ),
    "February 30": Case(
        {A: fm(TITLE, "date: 2024-02-30", CATEGORY)},
        [f"{A}:3: date: '2024-02-30' is not a valid date: February 2024 has no day 30 (it has 29 days)"],
    ),
    "February 29 of a common year, with an offset": Case(
        {A: fm(TITLE, "date: 2026-02-29T10:00:00+07:00", CATEGORY)},
        [f"{A}:3: date: '2026-02-29T10:00:00+07:00' is not a valid date: February 2026 has no day 29 (it has 28 days)"],
    ),
    "April 31 in updated": Case(
        {A: fm(TITLE, DATE, CATEGORY, "updated: 2026-04-31 10:00")},
        [f"{A}:5: updated: '2026-04-31 10:00' is not a valid date: April 2026 has no day 31 (it has 30 days)"],
    ),
    "a date that is words": Case(
        {A: fm(TITLE, "date: kemarin sore", CATEGORY)}, [f"{A}:3: date: 'kemarin sore' is not a valid date {DATES}"]
    ),
    "an hour 25": Case(
        {A: fm(TITLE, "date: 2024-03-05 25:00", CATEGORY)},
        [f"{A}:3: date: '2024-03-05 25:00' is not a valid date: there is no hour 25 (hours go from 00 to 23)"],
    ),
    "a headline's number and a hashtag, which YAML takes for comments": Case(
        {A: fm("title: Harga Cabai Naik #2 Menjelang Natal", DATE, CATEGORY, "tags: #banjir", "summary: Naik. # ok")},
        [
            f"{A}:2: title: YAML reads 'Harga Cabai Naik' and takes '#2 Menjelang Natal' for a comment: put it in "
            'quotes: title: "Harga Cabai Naik #2 Menjelang Natal"',
            f"{A}:5: tags: YAML takes '#banjir' for a comment: put it in quotes: tags: \"#banjir\"",
        ],
    ),
    "a date written day first, as Indonesians write one": Case(
        {A: fm(TITLE, "date: 05-10-2026 07.15", CATEGORY), "content/b.md": fm(TITLE, "date: 5 Oktober 2026", CATEGORY)},
        [
            f"{A}:3: date: '05-10-2026 07.15' is not a valid date: write the year first: 2026-10-05 07:15",
            "content/b.md:3: date: '5 Oktober 2026' is not a valid date: write the year first: 2026-10-05",
        ],
    ),
    "an hour 25, written as the theme shows a time": Case(
        {A: fm(TITLE, "date: 2024-03-05 25.00", CATEGORY)},
        [f"{A}:3: date: '2024-03-05 25.00' is not a valid date: there is no hour 25 (hours go from 00 to 23)"],
    ),
    "an offset of 25 hours": Case(
        {A: fm(TITLE, "date: 2024-03-05T09:30:00+25:00", CATEGORY)},
        [f"{A}:3: date: '2024-03-05T09:30:00+25:00' is not a valid date {DATES}"],
    ),
    "a year at the end of time": Case(
        {A: fm(TITLE, "date: 9999-12-31T23:59:59-12:00", CATEGORY)},
        [f"{A}:3: date: '9999-12-31T23:59:59-12:00' is out of range: the year must be from 1000 to 9998"],
    ),
    "a year typed 0224": Case(
        {A: fm(TITLE, "date: 0224-03-05", CATEGORY)},
        [f"{A}:3: date: '0224-03-05' is out of range: the year must be from 1000 to 9998"],
    ),
    "an updated that is no date": Case(
        {A: fm(TITLE, DATE, CATEGORY, "updated: besok pagi")},
        [f"{A}:5: updated: 'besok pagi' is not a valid date {DATES}"],
    ),
    # ------------------------------------------------------------ misspelt keys
    "titel for title": Case(
        {A: fm("titel: Banjir", DATE, CATEGORY)}, [f"{A}:2: unknown key 'titel'; did you mean 'title'?"]
    ),
    "catgory for category": Case(
        {A: fm(TITLE, DATE, "catgory: Nasional")}, [f"{A}:4: unknown key 'catgory'; did you mean 'category'?"]
    ),
    "tgas for tags": Case(
        {A: fm(TITLE, DATE, CATEGORY, "tgas: [banjir]")}, [f"{A}:5: unknown key 'tgas'; did you mean 'tags'?"]
    ),
    "image-alt for image_alt": Case(
        {A: fm(TITLE, DATE, CATEGORY, "image: /a.jpg", "image-alt: Jalan")},
        [f"{A}:6: unknown key 'image-alt'; did you mean 'image_alt'?"],
    ),
    # ------------------------------------------------------------ not UTF-8
    "a Latin-1 byte": Case(
        {A: fm(TITLE, DATE, "category: Daerah", "lokasi: Caf\xe9").encode("latin-1")},
        [f"{A}:5: {not_utf8('0xe9', 12, 'é')}"],
    ),
    "a UTF-16 file": Case(
        {A: fm(TITLE, DATE, CATEGORY).encode("utf-16")},
        [f"{A}:1: is UTF-16 text (what Notepad calls Unicode): save it as UTF-8"],
    ),
    # ------------------------------------------------------------ YAML that would build objects
    "a python tag": Case(
        {A: fm("title: !!python/object/apply:os.system ['touch pwned']", DATE, CATEGORY)},
        [f"{A}:2: refused YAML tag '!!python/object/apply:os.system': {PLAIN}"],
    ),
    "a python name": Case(
        {A: fm(TITLE, DATE, CATEGORY, "lokasi: !!python/name:os.system ''")},
        [f"{A}:5: refused YAML tag '!!python/name:os.system': {PLAIN}"],
    ),
    "a set": Case(
        {A: fm(TITLE, DATE, CATEGORY, "lokasi: !!set {a, b}")}, [f"{A}:5: refused YAML tag '!!set': {PLAIN}"]
    ),
    "binary": Case(
        {A: fm("title: !!binary QmFuamly=", DATE, CATEGORY)}, [f"{A}:2: refused YAML tag '!!binary': {PLAIN}"]
    ),
    "a tag of one's own": Case(
        {A: fm("title: !judul Banjir", DATE, CATEGORY)}, [f"{A}:2: refused YAML tag '!judul': {PLAIN}"]
    ),
    "a number that is not one": Case(
        {A: fm(TITLE, DATE, CATEGORY, "lokasi: !!int Bekasi")}, [f"{A}:5: invalid YAML: 'Bekasi' is not a valid int"]
    ),
    "a number of 5,000 digits": Case(
        {A: fm(TITLE, DATE, CATEGORY, "lokasi: " + "9" * 5000)},
        [f"{A}:5: invalid YAML: '{'9' * 40}…' is not a valid int"],
    ),
    # ------------------------------------------------------------ aliases and nesting: refused, at once
    "a billion laughs": Case(
        {A: "---\nl0: &l0 lol\n" + LOL + f"{TITLE}\n{DATE}\n{CATEGORY}\n---\nIsi.\n"},
        [f"{A}:3: YAML alias '*l0' refused: {NO_ALIAS}"],
    ),
    "a billion laughs in the title": Case(
        {A: "---\nl0: &l0 lol\n" + LOL + f"title: *l9\n{DATE}\n{CATEGORY}\n---\nIsi.\n"},
        [f"{A}:3: YAML alias '*l0' refused: {NO_ALIAS}"],
    ),
    "an alias to itself": Case(
        {A: fm("lokasi: &a [*a]", TITLE, DATE, CATEGORY)}, [f"{A}:2: YAML alias '*a' refused: {NO_ALIAS}"]
    ),
    "a merge key": Case(
        {A: fm("dasar: &dasar {category: Nasional}", "<<: *dasar", TITLE, DATE)},
        [f"{A}:3: YAML alias '*dasar' refused: {NO_ALIAS}"],
    ),
    "lists nested 100,000 deep": Case(
        {A: fm(TITLE, DATE, CATEGORY, "lokasi: " + "[" * 100_000 + "]" * 100_000)},
        [f"{A}:5: invalid YAML: lists and mappings nested more than 32 deep"],
    ),
    "block lists nested 100,000 deep": Case(
        {A: fm(TITLE, DATE, CATEGORY, "lokasi:", "- " * 100_000 + "x")},
        [f"{A}:6: invalid YAML: lists and mappings nested more than 32 deep"],
    ),
    # ------------------------------------------------------------ URLs
    "two articles with one URL": Case(
        {"content/2024/b.md": article(body="Salinan.")},
        [
            f"{A}:2: has the same URL /2024/03/05/banjir-rendam-bekasi/ as content/2024/b.md:2: "
            "give one of them another 'slug:'"
        ],
    ),
    "two articles with one URL, one by its slug": Case(
        {"content/2024/b.md": fm("title: Judul Lain", DATE, CATEGORY, "slug: banjir-rendam-bekasi")},
        [
            f"{A}:2: has the same URL /2024/03/05/banjir-rendam-bekasi/ as content/2024/b.md:5: "
            "give one of them another 'slug:'"
        ],
    ),
    "a slug that climbs out": Case(
        {A: fm(TITLE, DATE, CATEGORY, "slug: ../../etc/passwd")},
        [f"{A}:5: slug '../../etc/passwd' may only hold lowercase letters, digits and hyphens (try 'etc-passwd')"],
    ),
    "a title with no letters": Case(
        {A: fm("title: '!!!'", DATE, CATEGORY)},
        [f"{A}:2: the title has no letters or digits to make a URL from: add a 'slug:' line"],
    ),
    # ------------------------------------------------------------ addresses: permalinks, aliases, redirects
    "permalinks wrong in every way": Case(
        {
            "kabar.yml": "permalinks:\n  article: /:tahun/:slug/\n  category: /rubrik/:slug\n  tag: /tag/:year/\n"
            "  penulis: /oleh/:slug/\n  author: /oleh/\n"
        },
        [
            "kabar.yml:2: permalinks.article: unknown token ':tahun' in '/:tahun/:slug/'; known: :year, :month, :day, "
            ":hour, :minute, :second, :slug, :category, :id",
            "kabar.yml:3: permalinks.category: '/rubrik/:slug' must start and end with '/', like /kategori/:slug/",
            "kabar.yml:4: permalinks.tag: '/tag/:year/' may use only :slug (the tag's), not :year",
            "kabar.yml:5: unknown setting 'permalinks.penulis' (known: article, category, tag, author, page)",
            "kabar.yml:6: permalinks.author: '/oleh/' has no :slug, so every author would have the one URL: write it "
            "like /penulis/:slug/",
        ],
    ),
    "an article pattern with neither slug nor id": Case(
        {"kabar.yml": "permalinks:\n  article: /:year/:month/\n"},
        [
            "kabar.yml:2: permalinks.article: '/:year/:month/' has neither :slug nor :id, which tell one article from "
            "another: add :slug"
        ],
    ),
    "a category and a tag at one URL": Case(
        {"kabar.yml": "permalinks:\n  category: /:slug/\n  tag: /:slug/\n"},
        [
            "kabar.yml:3: permalinks.tag: '/:slug/' can give the same URL as permalinks.category ('/:slug/'): "
            "start one of them with a word of its own, like /tag/:slug/"
        ],
    ),
    "an article pattern that gives month archives' URLs": Case(
        {"kabar.yml": "permalinks:\n  article: /:year/:id/\n"},
        ["kabar.yml:2: permalinks.article: '/:year/:id/' can give the URL of the month archives (/2024/03/)"],
    ),
    "an article without the id its URL pattern needs": Case(
        {
            "kabar.yml": "permalinks:\n  article: /berita/:id/\n",
            "content/2024/b.md": fm("title: Lain", DATE, CATEGORY, "id: a b"),
        },
        [
            f"{A}:5: missing 'id': the articles' URLs (permalinks.article: '/berita/:id/') hold it: "
            "add an 'id: ...' line",
            "content/2024/b.md:5: id: 'a b' must be a number, or letters, digits, '-' and '_' (like 123)",
        ],
    ),
    "an article at the URL of a year archive": Case(
        {"kabar.yml": "permalinks:\n  article: /:slug/\n", A: fm(TITLE, DATE, CATEGORY, "slug: '2024'")},
        [f"{A}:5: has the URL /2024/, which is the archive of 2024: give it another 'slug:'"],
    ),
    "aliases that are not paths on the site": Case(
        {A: fm(TITLE, DATE, CATEGORY, "aliases: [lama/banjir/, /berita banjir/]", "redirect_from: /lama/../x/")},
        [
            f"{A}:5: aliases: 'lama/banjir/' is not a path on the site: write it from the site's root, "
            "like /lama/berita/ or /?p=123",
            f"{A}:5: aliases: '/berita banjir/' holds a space or one of # \" \\ < > {{ }} | ^ `, which a browser sends "
            "%-encoded: write it so",
            f"{A}:6: redirect_from: '/lama/../x/' holds a '.' or '..' part, which browsers remove: write the path it "
            "stands for",
        ],
    ),
    "an alias that is a page of the site": Case(
        {
            A: fm(TITLE, DATE, CATEGORY, "aliases: [/kategori/nasional/, /2024/03/05/lain/]"),
            "content/2024/b.md": fm("title: Lain", DATE, CATEGORY),
        },
        [
            f"{A}:5: aliases: /kategori/nasional/ is the address of page /kategori/nasional/, a page of the site: "
            "remove it from aliases",
            f"{A}:5: aliases: /2024/03/05/lain/ is the address of content/2024/b.md, a page of the site: "
            "remove it from aliases",
        ],
    ),
    "two articles with one alias": Case(
        {
            A: fm(TITLE, DATE, CATEGORY, "aliases: [/lama/banjir/]"),
            "content/2024/b.md": fm("title: Lain", DATE, CATEGORY, "redirect_from: /lama/banjir"),
        },
        [f"{A}:5: aliases: /lama/banjir/ is an old address of content/2024/b.md:5 too"],
    ),
    "redirects that are not paths": Case(
        {"kabar.yml": "redirects:\n  lama/: /baru/\n  /feed/: javascript:alert(1)\n"},
        [
            "kabar.yml:2: redirects: 'lama/' is not a path on the site: write it from the site's root, like "
            "/lama/berita/ or /?p=123",
            "kabar.yml:3: redirects: 'javascript:alert(1)' must be a path on the site, like /kategori/berita/, or an "
            "http(s) URL",
        ],
    ),
    "a redirect to a path with a '..' part (a traceback before)": Case(
        {"kabar.yml": "redirects:\n  /lama/: /a/../b/\n"},
        [
            "kabar.yml:2: redirects: '/a/../b/' holds a '.' or '..' part, which browsers remove: write the path it "
            "stands for"
        ],
    ),
    "a redirect that leads nowhere, and one from a page": Case(
        {"kabar.yml": "redirects:\n  /lama/: /tidak-ada/\n  /kategori/nasional/: /feed.xml\n"},
        [
            "kabar.yml:2: redirects: /lama/ leads to /tidak-ada/, which is not a page or file of the site",
            "kabar.yml:3: redirects: /kategori/nasional/ is the address of page /kategori/nasional/, a page of the "
            "site: remove it from redirects",
        ],
    ),
    # ------------------------------------------------------------ kabar.yml
    "an unknown setting with a suggestion": Case(
        {"kabar.yml": "title: Kabar Uji\nper_pgae: 5\n"},
        ["kabar.yml:2: unknown setting 'per_pgae'; did you mean 'per_page'?"],
    ),
    "an unknown setting": Case(
        {"kabar.yml": "warna: merah\n"},
        [
            "kabar.yml:1: unknown setting 'warna' (known: title, tagline, base_url, lang, timezone, per_page, "
            "feed_items, related, search, websub_hub, logo, share_image, safe_html, markdown, menus, permalinks, "
            "redirects, comments, images, authors, categories)"
        ],
    ),
    "an unknown Markdown engine and extension": Case(
        {"kabar.yml": "title: Kabar Uji\nmarkdown:\n  engine: python-markdwn\n  extensions: [attr_lst]\n"},
        [
            "kabar.yml:3: markdown.engine: 'python-markdwn' is not a Markdown engine; did you mean 'python-markdown'?",
            "kabar.yml:4: markdown.extensions: unknown extension 'attr_lst'; did you mean 'attr_list'?",
        ],
    ),
    "a Markdown extension for cmark-gfm": Case(
        {"kabar.yml": "markdown:\n  extensions: [toc]\n"},
        ["kabar.yml:2: markdown.extensions: only python-markdown takes extensions: add 'engine: python-markdown'"],
    ),
    "settings of the wrong type": Case(
        {"kabar.yml": "title: [Kabar]\nper_page: sepuluh\nsearch: 1\nrelated: 0\n"},
        [
            "kabar.yml:1: title: ['Kabar'] must be text",
            "kabar.yml:2: per_page: 'sepuluh' must be a whole number of at least 1",
            "kabar.yml:3: search: 1 must be true or false",
            "kabar.yml:4: related: 0 must be a whole number of at least 1",
        ],
    ),
    "an empty setting": Case(
        {"kabar.yml": "title:\nsearch:\n"},
        [
            "kabar.yml:1: title is empty: give it a value, or remove the line for the default ('Kabar')",
            "kabar.yml:2: search is empty: give it a value, or remove the line for the default (true)",
        ],
    ),
    "a time zone that is not one": Case(
        {"kabar.yml": "timezone: Asia/Bekasi\n"},
        ["kabar.yml:1: timezone: 'Asia/Bekasi' is not a known time zone (like Asia/Jakarta or UTC)"],
    ),
    "a time zone as Indonesian clocks name it, and one misspelt": Case(
        {"kabar.yml": "timezone: WITA\n"},
        ["kabar.yml:1: timezone: 'WITA' is not a known time zone: did you mean Asia/Makassar?"],
    ),
    "a time zone misspelt": Case(
        {"kabar.yml": "timezone: Asia/Jakarat\n"},
        ["kabar.yml:1: timezone: 'Asia/Jakarat' is not a known time zone: did you mean Asia/Jakarta?"],
    ),
    "a base_url without a scheme": Case(
        {"kabar.yml": "base_url: kabar.example\n"},
        ["kabar.yml:1: base_url: 'kabar.example' must be an absolute http(s) URL, like https://kabar.example"],
    ),
    "a base_url of another scheme": Case(
        {"kabar.yml": "base_url: ftp://kabar.example\n"},
        ["kabar.yml:1: base_url: 'ftp://kabar.example' must be an absolute http(s) URL, like https://kabar.example"],
    ),
    "a language that is not one": Case(
        {"kabar.yml": "lang: xx-nope\n"}, ["kabar.yml:1: lang: 'xx-nope' is not a known language code (like id or en)"]
    ),
    "settings that are a list": Case({"kabar.yml": "- title: Kabar\n"}, ["kabar.yml:1: expected 'key: value' lines"]),
    "settings with a tab": Case(
        {"kabar.yml": "title: Kabar\n\tper_page: 5\n"},
        ["kabar.yml:2: invalid YAML: a tab in the indentation: indent with spaces only"],
    ),
    "settings that are not UTF-8": Case(
        {"kabar.yml": "title: Kabar\ntagline: Berita terkini \xb7 Jakarta\n".encode("latin-1")},
        [f"kabar.yml:2: {not_utf8('0xb7', 25, '·')}"],
    ),
    "settings with a python tag": Case(
        {"kabar.yml": "title: !!python/object/apply:os.system ['touch pwned']\n"},
        [f"kabar.yml:1: refused YAML tag '!!python/object/apply:os.system': {PLAIN}"],
    ),
    # ------------------------------------------------------------ comments kept beside an article, comment settings
    "comments with every kind of mistake": Case(
        {
            "content/2024/a.comments.yml": "- id: 11\n  author: budi@example.com\n  date: 2024-02-30 10:12\n"
            "  text: Terima kasih.\n- id: 11\n  autor: Sari\n  date: kemarin\n  text: ''\n  parent: 9\n"
            "- Sekadar teks\n- id: [1]\n  author: Raka\n  date: 2024-03-06\n  text: Ya.\n"
        },
        [
            f"{COMMENTS_FILE}:2: author: 'budi@example.com' is an e-mail address: give the name to show instead",
            f"{COMMENTS_FILE}:3: date: '2024-02-30 10:12' is not a valid date: February 2024 has no day 30 "
            "(it has 29 days)",
            f"{COMMENTS_FILE}:5: this comment has no 'author': each comment has id, author, date and text",
            f"{COMMENTS_FILE}:5: id 11 is given twice (first on line 1)",
            f"{COMMENTS_FILE}:6: unknown key 'autor'; did you mean 'author'?",
            f"{COMMENTS_FILE}:7: date: 'kemarin' is not a valid date {DATES}",
            f"{COMMENTS_FILE}:8: text: '' must be text that is not empty",
            f"{COMMENTS_FILE}:9: parent: 9 is not the id of a comment before this one",
            f"{COMMENTS_FILE}:10: a comment is 'key: value' lines after its '- ': id, author, date, text and an "
            "optional parent",
            f"{COMMENTS_FILE}:11: id: [1] must be a number or text, like 12",
        ],
    ),
    "comments whose values are lists or blank": Case(
        {"content/2024/a.comments.yml": "- id: 1\n  author: [Budi]\n  date: [2024-03-06]\n  text: '   '\n"},
        [
            f"{COMMENTS_FILE}:2: author: ['Budi'] must be text, not a list",
            f"{COMMENTS_FILE}:3: date: ['2024-03-06'] must be a date, not a list {DATES}",
            f"{COMMENTS_FILE}:4: text: '   ' must be text that is not empty",
        ],
    ),
    "comments that are not a list": Case(
        {"content/2024/a.comments.yml": "id: 1\nauthor: Budi\n"},
        [
            f"{COMMENTS_FILE}:1: a comments file is a list: each comment starts with '- id: ...', then author, date "
            "and text lines"
        ],
    ),
    "comments with a python tag": Case(
        {"content/2024/a.comments.yml": "- id: 1\n  author: !!python/object/apply:os.system ['touch pwned']\n"},
        [f"{COMMENTS_FILE}:2: refused YAML tag '!!python/object/apply:os.system': {PLAIN}"],
    ),
    "comment settings with every kind of mistake": Case(
        {
            "kabar.yml": "title: Kabar Uji\ncomments:\n  imported: ya\n  live: isso\n"
            "  isso: {url: 'komentar.example'}\n  giscus:\n    repo: kabar\n    mapping: number\n  warna: merah\n"
        },
        [
            "kabar.yml:3: comments.imported: 'ya' must be true or false",
            "kabar.yml:5: comments.isso.url: 'komentar.example' must be an absolute http(s) URL, like "
            "https://komentar.kabar.example/",
            "kabar.yml:6: comments.giscus: add 'repo_id:' (giscus.app gives it for your repository)",
            "kabar.yml:6: comments.giscus: add 'category:' (giscus.app gives it for your repository)",
            "kabar.yml:6: comments.giscus: add 'category_id:' (giscus.app gives it for your repository)",
            "kabar.yml:7: comments.giscus.repo: 'kabar' must be a GitHub repository, like owner/name",
            "kabar.yml:8: comments.giscus.mapping: 'number' must be one of pathname, url, title, og:title",
            "kabar.yml:9: unknown setting 'comments.warna' (known: imported, live, isso, giscus)",
        ],
    ),
    "a live comment server that is none of them": Case(
        {"kabar.yml": "comments:\n  live: disqus\n"},
        ["kabar.yml:2: comments.live: 'disqus' must be none, isso or giscus"],
    ),
    "giscus without its settings": Case(
        {"kabar.yml": "comments: {live: giscus}\n"},
        [
            "kabar.yml:1: comments.live is giscus: add 'giscus:' with repo, repo_id, category, category_id "
            "(giscus.app gives them for your repository)"
        ],
    ),
    # ------------------------------------------------------------ templates
    "a template that extends one that does not exist": Case(
        {"templates/article.html": "{% extends 'artikel.html' %}\n"},
        [f"templates/article.html:1: template 'artikel.html' not found {LOOKED}"],
    ),
    "a template that includes one that does not exist": Case(
        {"templates/404.html": "<h1>Tidak ada</h1>\n\n{% include 'pencarian.html' %}\n"},
        [f"templates/404.html:3: template 'pencarian.html' not found {LOOKED}"],
    ),
    "a block never closed": Case(
        {
            "templates/article.html": "{% extends 'default/article.html' %}\n{% block content %}\n"
            "<p>{{ article.title }}</p>\n"
        },
        [
            "templates/article.html:3: Unexpected end of template. Jinja was looking for the following tags: "
            "'endblock'. The innermost block that needs to be closed is 'block'."
        ],
    ),
    "an expression cut short": Case(
        {"templates/index.html": "<h1>\n{{ site.title + }}\n</h1>\n"},
        ["templates/index.html:2: unexpected 'end of print statement'"],
    ),
    "a misspelt variable": Case(
        {"templates/404.html": "<h1>\n{{ site.titel }}\n</h1>\n"},
        ["templates/404.html:2: site has no 'titel'; did you mean 'title'?"],
    ),
    # ------------------------------------------------------------ every problem in every file, at once
    "many mistakes in many files": Case(
        {
            "kabar.yml": "title: Kabar Uji\nper_pgae: 5\ntimezone: Asia/Bekasi\n",
            A: fm("titel: Banjir", "date: 2024-02-30", "category:", "featured: ya"),
            "content/2024/b.md": "Tanpa front matter\n",
            "content/2024/c.md": fm(TITLE, DATE, CATEGORY, "tags:", "\t- banjir"),
            "content/2025/d.md": fm(TITLE, DATE, CATEGORY, body="").encode("utf-8") + b"\xff",
        },
        [
            "kabar.yml:2: unknown setting 'per_pgae'; did you mean 'per_page'?",
            "kabar.yml:3: timezone: 'Asia/Bekasi' is not a known time zone (like Asia/Jakarta or UTC)",
            f"{A}:2: unknown key 'titel'; did you mean 'title'?",
            f"{A}:3: date: '2024-02-30' is not a valid date: February 2024 has no day 30 (it has 29 days)",
            f"{A}:4: 'category' is empty: write a category like Nasional after 'category:'",
            f"{A}:5: featured: 'ya' must be true or false",
            "content/2024/b.md:1: no front matter: an article starts with a '---' line, then 'title: ...', "
            "'date: ...', 'category: ...', then '---'",
            "content/2024/c.md:6: invalid YAML: a tab in the indentation: indent with spaces only",
            f"content/2025/d.md:7: {not_utf8('0xff', 1, 'ÿ')}",
        ],
    ),
    # ------------------------------------------------------------ URLs that run code, settings that inject lines
    "an image URL of javascript:": Case(
        {A: fm(TITLE, DATE, CATEGORY, "image: javascript:alert(1)", "image_alt: Foto")},
        [f"{A}:5: image: 'javascript:alert(1)' {IMAGE_URL}"],
    ),
    "an image URL of data: and safe_html": Case(
        {
            A: fm(TITLE, DATE, CATEGORY, "image: 'data:text/html,<script>alert(1)</script>'", "image_alt: Foto"),
            "kabar.yml": "title: Kabar Uji\nsearch: false\nsafe_html: true\n",
        },
        [f"{A}:5: image: 'data:text/html,<script>alert(1)</script>' {IMAGE_URL}"],
    ),
    "an image URL of VBScript:": Case(
        {A: fm(TITLE, DATE, CATEGORY, "image: VBScript:MsgBox(1)", "image_alt: Foto")},
        [f"{A}:5: image: 'VBScript:MsgBox(1)' {IMAGE_URL}"],
    ),
    "an image URL with a tab inside javascript:": Case(
        {A: fm(TITLE, DATE, CATEGORY, 'image: "java\\tscript:alert(1)"', "image_alt: Foto")},
        [f"{A}:5: image: 'java\\tscript:alert(1)' {IMAGE_URL}"],
    ),
    "a logo of javascript:": Case(
        {"kabar.yml": "logo: javascript:alert(1)\n"},
        ["kabar.yml:1: logo: 'javascript:alert(1)' must be a path on the site, like /logo.png, or an http(s) URL"],
    ),
    "a base_url with a line break": Case(
        {"kabar.yml": 'base_url: "https://kabar.example\\nDisallow: /"\n'},
        [f"kabar.yml:1: base_url: {'https://kabar.example' + chr(10) + 'Disallow: /'!r} {ABSOLUTE}"],
    ),
    "a websub_hub with a line break": Case(
        {"kabar.yml": 'websub_hub: "https://hub.example\\nX-Evil: 1"\n'},
        [
            f"kabar.yml:1: websub_hub: {'https://hub.example' + chr(10) + 'X-Evil: 1'!r} must be an absolute http(s) "
            "URL, like https://pubsubhubbub.appspot.com/"
        ],
    ),
    "a base_url with a query": Case(
        {"kabar.yml": "base_url: https://kabar.example/?x=1\n"},
        [f"kabar.yml:1: base_url: 'https://kabar.example/?x=1' {ABSOLUTE}"],
    ),
    # ------------------------------------------------------------ static files where a page is written
    "static files at the paths of pages": Case(
        {
            "static/feed.xml": "<rss/>",
            "static/index.html": "<p>lama</p>",
            "static/2024/03/05/banjir-rendam-bekasi/index.html": "<p>lama</p>",
        },
        [
            "static/2024/03/05/banjir-rendam-bekasi/index.html: writes 2024/03/05/banjir-rendam-bekasi/index.html, "
            "which page /2024/03/05/banjir-rendam-bekasi/ writes too",
            "static/feed.xml: writes feed.xml, which /feed.xml writes too",
            "static/index.html: writes index.html, which page / writes too",
        ],
    ),
    # ------------------------------------------------------------ pages (pages/*.md) and menus (kabar.yml)
    "a page's front matter": Case(
        {
            "pages/redaksi.md": "---\ntitle: Redaksi\ndate: 2024-03-05\ncategory: Nasional\nsumary: x\nmenu: dua\n"
            "---\nIsi.\n",
            "pages/kosong.md": "---\nsummary: Tanpa judul\n---\nIsi.\n",
            "pages/hampa.md": "---\ntitle: Tanpa Isi\n---\n",
            "pages/polos.md": "Tanpa front matter.\n",
        },
        [
            "pages/hampa.md:3: the page has no text: write it below this closing '---'",
            "pages/kosong.md:3: missing 'title': add a 'title: ...' line to the front matter",
            "pages/polos.md:1: no front matter: a page starts with a '---' line, then 'title: ...', then '---', then "
            "its text",
            "pages/redaksi.md:3: pages have no date: remove the 'date:' line ('updated:' says when the page last "
            "changed)",
            "pages/redaksi.md:4: pages have no 'category': remove the line, or move the file to content/ for a story",
            "pages/redaksi.md:5: unknown key 'sumary'; did you mean 'summary'?",
            "pages/redaksi.md:6: menu: 'dua' must be a whole number: the page's place in the footer menu",
        ],
    ),
    "titel for title in a page (it said 'missing title' too, of the closing line)": Case(
        {"pages/redaksi.md": "---\ntitel: Redaksi\nmenu: 2\n---\nIsi.\n"},
        ["pages/redaksi.md:2: unknown key 'titel'; did you mean 'title'?"],
    ),
    "pages at addresses they cannot have": Case(
        {
            "pages/index.md": "---\ntitle: Depan\n---\nIsi.\n",
            "pages/Tentang Kami.md": "---\ntitle: Tentang Kami\n---\nIsi.\n",
            "pages/foto.jpg": b"\xff\xd8",
        },
        [
            "pages/Tentang Kami.md: the file name 'Tentang Kami' cannot be an address: rename it, using lowercase "
            "letters, digits and hyphens (try 'tentang-kami'), or add a 'slug:' line",
            "pages/foto.jpg: is not a Markdown page: put images and other files in static/",
            "pages/index.md: cannot be a page: the front page (/) is the site's list of stories; give the file "
            "another name",
        ],
    ),
    "pages at addresses the site has already": Case(
        {
            "pages/2024/03/05/banjir-rendam-bekasi.md": "---\ntitle: Tabrakan\n---\nIsi.\n",
            "pages/2024.md": "---\ntitle: Arsip\n---\nIsi.\n",
            "pages/kategori/nasional.md": "---\ntitle: Nasional\n---\nIsi.\n",
            "pages/redaksi.md": "---\ntitle: Redaksi\n---\nIsi.\n",
            "pages/tim.md": "---\ntitle: Tim\nslug: redaksi\n---\nIsi.\n",
        },
        [
            "pages/2024.md: the address /2024/ is a listing of the site's stories (a date archive): give the page "
            "another 'slug:' or file name",
            "pages/2024/03/05/banjir-rendam-bekasi.md: has the same address /2024/03/05/banjir-rendam-bekasi/ as "
            f"{A}:2: give one of them another 'slug:'",
            "pages/kategori/nasional.md: the address /kategori/nasional/ is under /kategori/, which is kabar's own "
            "(categories, tags, authors, listing pages, search): give the page another 'slug:' or file name",
            "pages/tim.md:3: has the same address /redaksi/ as pages/redaksi.md: give one of them another 'slug:'",
        ],
    ),
    "menu entries of the wrong shape": Case(
        {
            "kabar.yml": "title: Kabar Uji\nsearch: false\nmenus:\n  main:\n    - Nasional\n"
            "    - {category: Nasional, lable: Berita}\n    - {category: Nasional, page: redaksi}\n"
            "    - {label: Kosong}\n    - {url: 'javascript:alert(1)', label: X}\n    - {url: /2024/}\n"
            "  footr: []\n",
        },
        [
            "kabar.yml:5: menus.main: 'Nasional' must be an entry like 'category: Nasional', 'page: redaksi' or "
            "'{url: /2024/, label: Arsip}'",
            "kabar.yml:6: menus.main: unknown key 'lable'; did you mean 'label'?",
            "kabar.yml:7: menus.main: an entry has one of category:, page: or url:, and this one has 2 "
            "(category, page)",
            "kabar.yml:8: menus.main: an entry has one of category:, page: or url:, and this one has none",
            "kabar.yml:9: menus.main: url: 'javascript:alert(1)' must be a path on the site, like /2024/, or an "
            "http(s) URL",
            "kabar.yml:10: menus.main: the url: /2024/ needs a label: write {url: /2024/, label: ...}",
            "kabar.yml:11: unknown menu 'menus.footr'; did you mean 'footer'?",
        ],
    ),
    "menu entries naming what the site does not have": Case(
        {
            "kabar.yml": "title: Kabar Uji\nsearch: false\nmenus:\n  main:\n    - category: Nasionl\n"
            "    - category: Olahraga\n  footer:\n    - page: redaksii\n    - page: tentang/kontak\n",
            "pages/redaksi.md": "---\ntitle: Redaksi\n---\nIsi.\n",
        },
        [
            "kabar.yml:5: menus.main: the site has no category 'Nasionl'; did you mean 'Nasional'?",
            "kabar.yml:6: menus.main: the site has no category 'Olahraga'",
            "kabar.yml:8: menus.footer: the site has no page 'redaksii' (a file pages/redaksii.md); did you mean "
            "'redaksi'?",
            "kabar.yml:9: menus.footer: the site has no page 'tentang/kontak' (a file pages/tentang/kontak.md)",
        ],
    ),
    "one page's mistake, and menus naming the pages and categories that are fine": Case(
        {
            "kabar.yml": "title: Kabar Uji\nsearch: false\nmenus:\n  main:\n    - category: Nasional\n"
            "    - category: Olahraga\n  footer:\n    - page: redaksi\n",
            "pages/redaksi.md": "---\ntitle: Redaksi\n---\nIsi.\n",
            "pages/Hubungi_Kami.md": "---\ntitle: Hubungi Kami\n---\nIsi.\n",
            "content/2024/bola.md": "---\ntitle: Bola\ndate: 2024-03-05\ncategory: Olahraga\n\tx: 1\n---\nIsi.\n",
        },
        [  # not that the site has no page 'redaksi' nor category 'Olahraga': they are in files that did not load
            "content/2024/bola.md:5: invalid YAML: a tab in the indentation: indent with spaces only",
            "pages/Hubungi_Kami.md: the file name 'Hubungi_Kami' cannot be an address: rename it, using lowercase "
            "letters, digits and hyphens (try 'hubungi-kami'), or add a 'slug:' line",
        ],
    ),
    # ------------------------------------------------------------ article images (see kabar/variants.py)
    "an image that is not an image": Case(
        {A: fm(TITLE, DATE, CATEGORY, "image: /images/foto.jpg", "image_alt: Banjir"), FOTO: b"<html>bukan foto"},
        [f"{A}:5: image: {FOTO} is not an image kabar can read (JPEG, PNG, WebP, GIF, AVIF...)"],
    ),
    "a truncated image": Case(
        {A: fm(TITLE, DATE, CATEGORY, "image: /images/foto.jpg", "image_alt: Banjir"), FOTO: pictures.truncated()},
        [f"{A}:5: image: {FOTO} cannot be decoded: it is truncated"],
    ),
    "a 50-megapixel image": Case(
        {A: fm(TITLE, "image: /images/foto.png", "image_alt: X", DATE, CATEGORY), PNG: pictures.huge_png(8000, 6250)},
        [
            f"{A}:3: image: {PNG} is 8000x6250 pixels (50 megapixels), more than kabar makes variants of "
            "(40 megapixels): save it smaller"
        ],
    ),
    "an image too narrow for its height": Case(
        {A: fm(TITLE, DATE, CATEGORY, "image: /images/foto.png", "image_alt: X"), PNG: pictures.huge_png(1, 20_000)},
        [f"{A}:5: image: {PNG} is 1x20000 pixels, too narrow for its height: crop or widen it"],
    ),
    "a decompression bomb, two articles showing it": Case(
        {
            A: fm(TITLE, DATE, CATEGORY, "image: /images/foto.png", "image_alt: Banjir"),
            "content/2024/b.md": fm("title: Banjir Lagi", DATE, CATEGORY, "image: /images/foto.png", "image_alt: B"),
            PNG: pictures.bomb_png(),
        },
        [
            f"{A}:5: image: {PNG} claims more pixels than any photo has (a decompression bomb?): not decoded",
            f"content/2024/b.md:5: image: {PNG} claims more pixels than any photo has (a decompression bomb?): "
            "not decoded",
        ],
    ),
    "images settings out of range": Case(
        {"kabar.yml": "images:\n  widths: [0, 800]\n  quality: 101\n  formats: [gif, webp]\n  lebar: 3\n"},
        [
            "kabar.yml:2: images.widths: [0, 800] must be a list of widths in pixels from 16 to 4096, like [480, 800]",
            "kabar.yml:3: images.quality: 101 must be a whole number from 1 to 100",
            "kabar.yml:4: images.formats: 'gif' is not a format kabar makes (webp, avif; the source's own is kept)",
            "kabar.yml:5: unknown setting 'images.lebar' (known: widths, quality, formats)",
        ],
    ),
    "images settings of the wrong shape": Case(
        {"kabar.yml": "images: [480, 800]\n"},
        ["kabar.yml:1: images: must be 'key: value' lines: widths, quality, formats"],
    ),
}


@pytest.fixture(scope="module")
def good_site(tmp_path_factory) -> Path:
    """A good site, built once; each case breaks a copy of it."""
    root = tmp_path_factory.mktemp("good") / "site"
    write_files(root, {A: article(), "kabar.yml": "title: Kabar Uji\nsearch: false\n"})
    assert build_in(root) == 0
    return root


def build_in(root: Path) -> int:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        return main(BUILD)


def outside(root: Path) -> set[str]:
    """What the site holds besides public/ and what is kabar's (its cache, the output's spare copy)."""
    kabars = (".kabar-cache", ".public.kabar-spare")
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.parts[len(root.parts)] not in kabars}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_bad_input_is_reported_exactly_at_once_and_nothing_is_written(case, good_site, tmp_path, capsys):
    root = tmp_path / "site"
    shutil.copytree(good_site, root)
    public = snapshot(root / "public")
    write_files(root, case.files)
    files = outside(root)
    capsys.readouterr()
    started = time.perf_counter()

    assert build_in(root) == 1

    assert time.perf_counter() - started < 10  # alias bombs and deep nesting are refused, not expanded
    count = len(case.expected)
    summary = f"kabar: {count} problem{'s' * (count != 1)}; nothing was written"
    assert capsys.readouterr().err.splitlines() == [*case.expected, summary]
    assert snapshot(root / "public") == public
    assert outside(root) == files  # nothing ran: no file 'pwned', no staging folder left behind


# ---------------------------------------------------------------- accepted without fuss


ACCEPTED: dict[str, tuple[str | bytes, str, str]] = {
    # name: (file, URL of the article, text its page holds)
    "a UTF-8 BOM": ("\ufeff" + article(), "/2024/03/05/banjir-rendam-bekasi/", "Banjir Rendam Bekasi"),
    "CRLF line endings": (article().replace("\n", "\r\n"), "/2024/03/05/banjir-rendam-bekasi/", "ribuan rumah"),
    "CR line endings": (article().replace("\n", "\r"), "/2024/03/05/banjir-rendam-bekasi/", "ribuan rumah"),
    "a BOM and CRLF": ("\ufeff" + article().replace("\n", "\r\n"), "/2024/03/05/banjir-rendam-bekasi/", "ribuan"),
    "a date without time": (
        article(date="2024-03-05"),
        "/2024/03/05/banjir-rendam-bekasi/",
        'datetime="2024-03-05T00:00:00+07:00"',
    ),
    "another offset than the site's": (
        article(date="2024-03-05T23:30:00+09:00"),
        "/2024/03/05/banjir-rendam-bekasi/",
        'datetime="2024-03-05T23:30:00+09:00"',
    ),
    "an offset of Z": (
        article(date="2024-03-05T02:30:00Z"),
        "/2024/03/05/banjir-rendam-bekasi/",
        "2024-03-05T02:30:00+00:00",
    ),
    "a quoted date": (
        article(date="'2024-03-05 09:30'"),
        "/2024/03/05/banjir-rendam-bekasi/",
        "2024-03-05T09:30:00+07:00",
    ),
    "an Arabic title": (article(title="فيضانات في جاكرتا"), "/2024/03/05/fydnt-fy-jkrt/", "فيضانات في جاكرتا"),
    "a Chinese title": (article(title="雅加达洪水"), "/2024/03/05/ya-jia-da-hong-shui/", "雅加达洪水"),
    "a Devanagari title": (article(title="जकार्ता में बाढ़"), "/2024/03/05/jkaartaa-men-baaddh/", "जकार्ता में बाढ़"),
    "a Cyrillic title": (article(title="Наводнение в Джакарте"), "/2024/03/05/navodnenie-v-dzhakarte/", "Наводнение"),
    "a Javanese title": (article(title="ꦧꦚ꧀ꦗꦶꦂ ꦗꦏꦂꦠ"), None, "ꦧꦚ꧀ꦗꦶꦂ ꦗꦏꦂꦠ"),
    "tags: a, b": (article(tags="banjir, Bekasi"), "/tag/bekasi/", "Banjir Rendam Bekasi"),
    "a tab after the colon": (article(title="\tBanjir Rendam Bekasi"), "/2024/03/05/banjir-rendam-bekasi/", "Banjir"),
    "an empty optional key": (article(summary="", tags=""), "/2024/03/05/banjir-rendam-bekasi/", "ribuan rumah"),
    "a number as a title": (article(title="2024"), "/2024/03/05/2024/", "2024"),
}


@pytest.mark.parametrize(("text", "url", "shown"), ACCEPTED.values(), ids=ACCEPTED.keys())
def test_unusual_input_that_is_no_mistake_builds(make_site, capsys, text, url, shown):
    root = make_site({A: text, "kabar.yml": "search: false\n"})
    assert build_in(root) == 0, capsys.readouterr().err
    if url is None:  # a script python-slugify cannot spell in Latin letters: a short hash of the title
        [page] = (root / "public" / "2024" / "03" / "05").glob("*/index.html")
        assert len(page.parent.name) == 10
        url = "/2024/03/05/" + page.parent.name + "/"
    assert shown in read(root, url)


def test_tags_written_with_commas_are_separate_tags(make_site):
    root = make_site({A: article(tags="banjir, Bekasi,"), "kabar.yml": "search: false\n"})
    assert build_in(root) == 0
    assert (root / "public" / "tag" / "banjir" / "index.html").is_file()
    assert (root / "public" / "tag" / "bekasi" / "index.html").is_file()


# ---------------------------------------------------------------- limits: long slugs, failing templates, special files

LONG_SLUG = "banjir-" * 40 + "bekasi"  # 286 characters
RUNTIME = "while rendering /404.html:"
STRINGS = "templates/strings.yml"
DEEP = "the body nests quotes, lists or HTML elements more than 100 deep: flatten it"
LIMITS: dict[str, Case] = {
    "an article and a page larger than a story can be": Case(
        {
            A: fm(TITLE, DATE, CATEGORY, body="Banjir. " * 650_000),
            "pages/arsip.md": fm("title: " + "Arsip " * 1_000_000),
        },
        [
            f"{A}: is 5.2 MB: an article is at most 5 MB; split it",
            "pages/arsip.md: is 6.0 MB: a page is at most 5 MB; split it",
        ],
    ),
    "a slug longer than a URL may hold": Case(
        {A: fm(TITLE, DATE, CATEGORY, f"slug: {LONG_SLUG}")},
        [f"{A}:5: slug is 286 characters long: the most a URL may have is 200 (try '{'banjir-' * 27}banjir')"],
    ),
    "a template that divides by zero": Case(
        {"templates/404.html": "<h1>\n{{ 1 / 0 }}\n</h1>\n"},
        [f"templates/404.html:2: {RUNTIME} division by zero (ZeroDivisionError)"],
    ),
    "a template that adds a number to text": Case(
        {"templates/404.html": "<h1>\n{{ site.title + 1 }}\n</h1>\n"},
        [f'templates/404.html:2: {RUNTIME} can only concatenate str (not "int") to str (TypeError)'],
    ),
    "a template that loops over a number": Case(
        {"templates/404.html": "<ul>\n\n{% for item in site.per_page %}<li>{{ item }}{% endfor %}\n</ul>\n"},
        [f"templates/404.html:3: {RUNTIME} 'int' object is not iterable (TypeError)"],
    ),
    "a macro that calls itself forever": Case(
        {"templates/404.html": "{% macro again() %}{{ again() }}{% endmacro %}\n{{ again() }}\n"},
        [f"templates/404.html:1: {RUNTIME} a macro or template calls itself without end (RecursionError)"],
    ),
    "an article template that fails on one page": Case(
        {
            "templates/article.html": "{% extends 'default/article.html' %}\n{% block title %}\n{{ article.words / 0 }}"
            "\n{% endblock %}\n"
        },
        [
            "templates/article.html:3: while rendering /2024/03/05/banjir-rendam-bekasi/: division by zero "
            "(ZeroDivisionError)"
        ],
    ),
    "a template that is not UTF-8": Case(
        {"templates/404.html": b"<h1>\nHalaman tidak ditemukan \xb7 404</h1>\n"},
        [f"templates/404.html:2: {not_utf8('0xb7', 25, '·')}"],
    ),
    "an included template that is not UTF-8": Case(
        {"templates/404.html": "{% include '_pesan.html' %}\n", "templates/_pesan.html": b"<p>\n\n\xe9</p>\n"},
        [f"templates/_pesan.html:3: {not_utf8('0xe9', 1, 'é')}"],
    ),
    "strings.yml that is not UTF-8": Case(
        {STRINGS: "id:\n  related: Baca \xb7 juga\n".encode("latin-1")},
        [f"{STRINGS}:2: {not_utf8('0xb7', 17, '·')}"],
    ),
    "quotes nested 1,000 deep": Case(
        {A: fm(TITLE, DATE, CATEGORY, body="Paragraf pertama.\n\n" + "> " * 1000 + "x")},
        [f"{A}:8: {DEEP}"],
    ),
    "HTML nested 1,000 deep, under safe_html": Case(
        {
            A: fm(TITLE, DATE, CATEGORY, body="<div>" * 1000 + "x" + "</div>" * 1000),
            "kabar.yml": "search: false\nsafe_html: true\n",
        },
        [f"{A}:6: {DEEP}"],
    ),
    "lists nested 101 deep on one line": Case(
        {A: fm(TITLE, DATE, CATEGORY, body="Paragraf pertama.\n\n" + "- " * 101 + "x")}, [f"{A}:8: {DEEP}"]
    ),
    **{
        f"more {what} than an article may hold": Case(
            {A: fm(TITLE, DATE, CATEGORY, body="Paragraf pertama.\n\n" + full + "\n\n" + past)},
            [f"{A}:10: the body holds more than {most:,} {what}: split the article"],
        )
        for what, most, full, past in (
            ("footnote marks ('[^')", 4_000, "[^" * 4_000, "Catatan[^1]."),
            ("links and images ('[')", 20_000, "[" * 20_000, "![foto](/a.jpg)"),
            ("emphasis marks ('*', '_', '~')", 100_000, "*a* " * 25_000 + "__b__ " * 12_500, "~~c~~"),
            ("table cells ('|')", 30_000, "|" * 30_000, "| a |"),
            ("HTML tags and entities ('<', '&')", 20_000, "<b>&amp;" * 10_000, "&lt;"),
            ("quotation marks ('\"')", 50_000, '"' * 50_000, 'kata "baru"'),
            ("different words", 20_000, " ".join(f"k{n}" for n in range(19_998)), "baru"),  # and "Paragraf pertama."
        )
    },
    "strings.yml that is a list": Case(
        {STRINGS: "- related\n- Baca juga\n"}, [f"{STRINGS}:1: expected 'key: value' lines"]
    ),
    "a language in strings.yml that is a list": Case(
        {STRINGS: "en:\n  related: More\nid: [Baca juga]\n"},
        [f"{STRINGS}:3: id: must be a table of words like 'related: Baca juga'"],
    ),
    "a word in strings.yml that is a list": Case(
        {STRINGS: "id:\n  related: [Baca, juga]\n"},
        [f"{STRINGS}:1: related: ['Baca', 'juga'] must be text (in this language's table)"],
    ),
}


# ---------------------------------------------------------------- links out of the site, output folders that are not


@dataclass(frozen=True)
class Tree:
    """A case made of symbolic links (name -> target) and command-line arguments too. In targets and messages,
    {root} is the site and {away} a folder beside it holding secrets (rahasia/, kabar.yml)."""

    expected: list[str]
    links: dict[str, str] = field(default_factory=dict)
    files: dict[str, str | bytes] = field(default_factory=dict)
    args: tuple[str, ...] = ()


AWAY = {"rahasia/kunci.txt": "RAHASIA", "rahasia/bocor.md": article(title="Bocor"), "kabar.yml": "title: Bocor\n"}
OUT_OF_SITE = "outside the site: refused (copy the {} in)"
HIDDEN = "under the site's hidden '{}': refused (nothing hidden is published)"
TREES: dict[str, Tree] = {
    **{
        f"{folder}/ a link out of the site": Tree(
            [f"{folder}: is a symbolic link to {{away}}/rahasia, {OUT_OF_SITE.format('folder')}"],
            links={folder: "{away}/rahasia"},
        )
        for folder in ("content", "static", "templates")
    },
    "a template that is a link out of the site": Tree(
        [f"templates/article.html: is a symbolic link to {{away}}/kabar.yml, {OUT_OF_SITE.format('file')}"],
        links={"templates/article.html": "{away}/kabar.yml"},
    ),
    "kabar.yml a link out of the site": Tree(
        [f"kabar.yml: is a symbolic link to {{away}}/kabar.yml, {OUT_OF_SITE.format('file')}"],
        links={"kabar.yml": "{away}/kabar.yml"},
    ),
    "a link to git's config": Tree(
        [f"content/catatan.txt: is a symbolic link to {{root}}/.git/config, {HIDDEN.format('.git')}"],
        links={"content/catatan.txt": "../.git/config"},
        files={".git/config": "[http]\n\textraheader = AUTHORIZATION: basic dG9rZW4=\n"},
    ),
    "links to a hidden file and to hidden folders, everywhere": Tree(
        [
            f"content/2024/env.txt: is a symbolic link to {{root}}/.env, {HIDDEN.format('.env')}",
            f"content/tembolok: is a symbolic link to {{root}}/.kabar-cache, {HIDDEN.format('.kabar-cache')}",
            f"static/alur: is a symbolic link to {{root}}/.github/workflows, {HIDDEN.format('.github')}",
        ],
        links={
            "content/2024/env.txt": "../../.env",
            "content/tembolok": "../.kabar-cache",
            "static/alur": "../.github/workflows",
        },
        files={".env": "TOKEN=rahasia\n", ".github/workflows/publish.yml": "on: push\n"},
    ),
    "a link into the output folder": Tree(
        ["content/feed-lama.xml: is a symbolic link to {root}/public/feed.xml, in the output folder: refused"],
        links={"content/feed-lama.xml": "../public/feed.xml"},
    ),
    "a base_url with a line break on the command line": Tree(
        [f"--base-url: {'https://kabar.example' + chr(13) + chr(10) + 'Disallow: /'!r} {ABSOLUTE}"],
        args=("--base-url", "https://kabar.example\r\nDisallow: /"),
    ),
    "an output folder that is the settings file": Tree(
        ["kabar.yml: cannot be the output folder: it is a file"], args=("--output", "kabar.yml")
    ),
    "an output folder inside content/": Tree(
        ["content/situs: cannot be the output folder: it is inside {root}/content"], args=("--output", "content/situs")
    ),
    "an output folder inside static/": Tree(
        ["static/situs: cannot be the output folder: it is inside {root}/static"],
        files={"static/gaya.css": "body{}"},
        args=("--output", "static/situs"),
    ),
    "kabar's cache as the output folder": Tree(
        ["public: cannot be the output folder: it holds {root}/.kabar-cache"], links={"public": ".kabar-cache"}
    ),
    "an output link that leads nowhere": Tree(
        ["public: is a symbolic link to {away}/www, which does not exist: make that folder first"],
        links={"public": "{away}/www"},
    ),
}


@pytest.mark.parametrize("case", LIMITS.values(), ids=LIMITS.keys())
def test_limits_and_failing_templates_are_reported_and_nothing_is_written(case, good_site, tmp_path, capsys):
    test_bad_input_is_reported_exactly_at_once_and_nothing_is_written(case, good_site, tmp_path, capsys)


def test_a_template_failing_in_a_render_worker_gives_the_same_message(make_site, capsys):
    """Past 100 pages, pages render over worker processes: the error comes back from one, word for word."""
    files = {f"content/2024/a{n}.md": article(title=f"Berita {n}") for n in range(60)}
    files["templates/article.html"] = (
        "{% extends 'default/article.html' %}\n{% block title %}{{ article.title }}\n"
        "{% if article.title == 'Berita 42' %}{{ 1 / 0 }}{% endif %}{% endblock %}\n"
    )
    root = make_site({**files, "kabar.yml": "search: false\n"})
    expected = [
        "templates/article.html:3: while rendering /2024/03/05/berita-42/: division by zero (ZeroDivisionError)",
        "kabar: 1 problem; nothing was written",
    ]
    for jobs in ("1", "2"):
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(root)
            assert main([*BUILD, "--jobs", jobs]) == 1
        assert capsys.readouterr().err.splitlines() == expected
    assert not (root / "public").exists()


def test_a_toml_key_of_100000_parts_is_refused_at_once_not_built_for_minutes(good_site, tmp_path):
    root = tmp_path / "site"
    shutil.copytree(good_site, root)
    write_files(root, {A: toml(TOML_TITLE, TOML_DATE, TOML_CATEGORY, "a" + ".a" * 100_000 + " = 1")})

    command = [sys.executable, "-m", "kabar", *BUILD]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=60, check=False)

    assert done.stderr.splitlines() == [
        f"{A}:5: invalid TOML: arrays and tables nested more than 32 deep",
        "kabar: 1 problem; nothing was written",
    ]


SPECIAL_FILES = ("kabar.yml", "templates/404.html", STRINGS, "content/2024/b.md", "static/css/baru.css")


@pytest.mark.parametrize("name", SPECIAL_FILES)
def test_a_fifo_among_the_inputs_is_refused_by_name_not_waited_on(name, good_site, tmp_path):
    root = tmp_path / "site"
    shutil.copytree(good_site, root)
    public = snapshot(root / "public")
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).unlink(missing_ok=True)
    os.mkfifo(root / name)

    command = [sys.executable, "-m", "kabar", *BUILD]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=60, check=False)

    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"{name}: {NOT_REGULAR}", "kabar: 1 problem; nothing was written"]
    assert snapshot(root / "public") == public


@pytest.mark.parametrize(
    ("now", "epoch"), [("0001-01-01T00:00+00:00", None), ("9999-12-31T23:59-12:00", None), (None, "99999999999999")]
)
def test_a_reference_time_out_of_range_is_a_message(now, epoch, good_site, tmp_path, capsys, monkeypatch):
    root = tmp_path / "site"
    shutil.copytree(good_site, root)
    public = snapshot(root / "public")
    monkeypatch.chdir(root)
    capsys.readouterr()
    years = "is out of range: the year must be from 1000 to 9998"
    if now is not None:
        with pytest.raises(SystemExit) as exit_code:
            main(["build", "-q", "--now", now])
        assert exit_code.value.code == 2
        assert capsys.readouterr().err.splitlines()[-1] == f"kabar build: error: argument --now: '{now}' {years}"
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        assert main(["build", "-q"]) == 1
        assert capsys.readouterr().err.splitlines() == [
            f"SOURCE_DATE_EPOCH: '{epoch}' {years}",
            "kabar: 1 problem; nothing was written",
        ]
    assert snapshot(root / "public") == public


LONG_NAMES: dict[str, tuple[str, str]] = {
    # name: (file, the URL it must build at)
    "a 400-character title": (
        article(title="Banjir " * 57 + "Bekasi"),
        "/2024/03/05/" + "-".join(["banjir"] * 28) + "/",
    ),
    "a 65-character Chinese title": (
        article(title="雅加达洪水" * 13),
        "/2024/03/05/" + "-".join(["ya-jia-da-hong-shui"] * 10) + "/",
    ),
    "a 300-character category": (article(category="Nasional " * 33), "/kategori/" + "-".join(["nasional"] * 22) + "/"),
    "a 300-character tag": (article(tags="[" + "x" * 300 + "]"), "/tag/" + "x" * 200 + "/"),
    "a 300-character author": (article(author="Ayu " * 75), "/penulis/" + "-".join(["ayu"] * 50) + "/"),
}


@pytest.mark.parametrize(("text", "url"), LONG_NAMES.values(), ids=LONG_NAMES.keys())
def test_a_name_longer_than_a_file_name_may_be_gets_a_slug_cut_at_a_word(make_site, capsys, text, url):
    root = make_site({A: text})  # with search: its index is written under the same names
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        assert main(["check", "--jobs", "1", "--now", NOW]) == 0, capsys.readouterr().err
        assert main(BUILD) == 0, capsys.readouterr().err
    assert (root / "public" / url.strip("/") / "index.html").is_file()
    assert len(url.strip("/").split("/")[-1]) <= 200


def test_a_300_kb_transcript_with_tables_and_footnotes_is_within_every_limit(make_site, capsys):
    """The per-article limits leave a wide margin over a long story: this one builds, and builds whole."""
    turns = "".join(
        f'**Penanya {n}:** Apa kata "saksi" soal [laporan](/2024/03/05/banjir-rendam-bekasi/) itu?[^{n}]\n\n'
        f"**Saksi:** Saya _tidak_ tahu, Pak. Airnya datang ~~cepat~~ sangat cepat & tinggi.\n\n"
        for n in range(1_500)
    )
    table = "| Kecamatan | Rumah | Warga | Posko |\n|---|---|---|---|\n" + "| Bekasi | 120 | 480 | 3 |\n" * 1_500
    notes = "".join(f"[^{n}]: Catatan sidang nomor {n}.\n" for n in range(1_500))
    body = turns + table + "\n" + "* * *\n\n" * 3 + notes
    assert len(body.encode()) > 300_000
    root = make_site({A: article(body=body), "kabar.yml": "search: false\nsafe_html: true\n"})
    assert build_in(root) == 0, capsys.readouterr().err
    page = read(root, "/2024/03/05/banjir-rendam-bekasi/")
    assert page.count("<tr>") == 1_501
    assert page.count('class="footnote-ref"') == 1_500
    assert page.count("<strong>Saksi:</strong>") == 1_500


def test_nesting_100_deep_is_no_mistake(make_site, capsys):
    body = "> " * 90 + "kutipan\n\n" + "<div>" * 100 + "x" + "</div>" * 100 + "\n\n" + "<p>satu\n" * 300
    root = make_site({A: article(body=body), "kabar.yml": "search: false\nsafe_html: true\n"})
    assert build_in(root) == 0, capsys.readouterr().err
    assert read(root, "/2024/03/05/banjir-rendam-bekasi/").count("<blockquote>") == 90


@pytest.mark.parametrize("case", TREES.values(), ids=TREES.keys())
def test_links_out_of_the_site_and_unsafe_output_folders_are_refused_before_anything_moves(
    case, good_site, tmp_path, capsys
):
    root, away = tmp_path / "site", tmp_path / "luar"
    shutil.copytree(good_site, root, symlinks=True)
    write_files(away, AWAY)
    public = snapshot(root / "public")
    write_files(root, case.files)
    places = {"root": os.path.realpath(root), "away": os.path.realpath(away)}
    for name, target in case.links.items():
        link = root / name
        if link.is_dir() and not link.is_symlink():
            os.rename(link, tmp_path / f"old-{link.name}")
        elif os.path.lexists(link):
            link.unlink()
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target.format(**places))
    files = outside(root)
    capsys.readouterr()

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        assert main([*BUILD, *case.args]) == 1

    count = len(case.expected)
    summary = f"kabar: {count} problem{'s' * (count != 1)}; nothing was written"
    assert capsys.readouterr().err.splitlines() == [*(e.format(**places) for e in case.expected), summary]
    if (root / "public").is_dir() and not (root / "public").is_symlink():
        assert snapshot(root / "public") == public
    assert outside(root) == files
    assert (root / "kabar.yml").is_symlink() or (root / "kabar.yml").read_text() == "title: Kabar Uji\nsearch: false\n"
