"""Properties that hold for any input hypothesis can think of, a few thousand examples in all.

Loading any text gives an Article or problems on lines inside the file, never another exception;
slugs are always safe path segments; every listing's pages hold each of its stories once; the
order articles come in changes nothing; and a site built twice is the same, byte for byte.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kabar import urls
from kabar.errors import BuildError, Problem, decode_utf8
from kabar.fingerprint import StatTable
from kabar.load import KNOWN, parse_article
from kabar.models import Config, ImageSettings
from kabar.pictures import THUMB, Planned, Source, plan
from kabar.publish.swap import _added
from kabar.site import build_site
from kabar.state import PageMarks

from .conftest import NOW, article, run_build, write_files
from .test_output import files
from .test_site import make

SHOWN = "content/2024/a.md"
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
ARTICLE_URL = re.compile(r"/\d{4}/\d{2}/\d{2}/[a-z0-9]+(-[a-z0-9]+)*/")
MANY = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SOME = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- text an author (or a fuzzer) might write

# What makes YAML and kabar's checks interesting, mixed with any text at all.
TRICKY = [
    *("Banjir", "Nasional", "2024-03-05", "2024-03-05 09:30", "2024-03-05T09:30:00+07:00", "2024-03-05T02:30Z"),
    *("2024-13-45", "2024-02-30", "9999-12-31T23:59:59-12:00", "0001-01-01", "99999-01-01", "kemarin"),
    *("[a, b]", "[a", "{a: b}", "{", "]", "'", '"', "'kutip'", '"\\u0007"', "*a", "&a x", "&a [*a]", "<<: *a"),
    *("!!python/object/apply:os.system ['true']", "!!set {a}", "!!binary aGk=", "!!int x", "!!bool maybe", "!foo x"),
    *("yes", "no", "~", "null", "1e999", ".nan", "12", "-", "? x", ": x", "|", ">", "%YAML 1.1", "@", "`", "#"),
    *("\t", " ", "", "- x", "a, b", ", ,", "../..", "/", ".", "..", "…", "\u2028", "\x85", "\x00", "\x07", "\ufeff"),
    *("ꦧꦚ꧀ꦗꦶꦂ", "雅加达", "🌊", "9" * 60, "[" * 50, "- " * 40),
]
PUNCTUATION = "-:[]{},'\"*&!|>%@`#?\t\n .\\"
VALUES = st.one_of(st.sampled_from(TRICKY), st.text(max_size=16), st.text(alphabet=PUNCTUATION + "ab1", max_size=12))
KEYS = st.one_of(
    st.sampled_from([*KNOWN, "titel", "catgory", "tgas", "lokasi", "Title", "<<", "? k", "- k", "", "1", "~"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-", min_size=1, max_size=8),
)
LINES = st.builds(
    "".join,
    st.tuples(
        st.sampled_from(["", "", "", "  ", "\t", "- ", "  - "]),
        KEYS,
        st.sampled_from([": ", ": ", ":", " : ", ":\t", " "]),
        VALUES,
    ),
)
FRONT = st.lists(LINES, max_size=8).map("\n".join)
BODY = st.one_of(
    st.sampled_from(["", "Isi berita.", "# Judul\n\nIsi.", "---", "<b>x</b>", "\n\n"]), st.text(max_size=30)
)


@st.composite
def plausible_article(draw) -> str:
    """Front matter lines of every kind, between fences that are mostly right, in any line ending."""
    start = draw(st.sampled_from(["---", "---", "---", "--- ", "\ufeff---", "----", "", "title: x"]))
    end = draw(st.sampled_from(["---", "---", "---", "...", "--- ", ""]))
    text = "\n".join([start, draw(FRONT), end, draw(BODY)])
    return text.replace("\n", draw(st.sampled_from(["\n", "\n", "\r\n", "\r"])))


@st.composite
def valid_article(draw) -> str:
    """An article that should load: any title, category and tags, quoted as JSON (which YAML reads)."""
    when = draw(st.datetimes(dt.datetime(1000, 1, 2), dt.datetime(9998, 12, 30)))
    date = draw(st.sampled_from([f"{when:%Y-%m-%d}", f"{when:%Y-%m-%d %H:%M}", when.isoformat() + "+09:00"]))
    names = st.text(min_size=1, max_size=20)
    lines = [f"title: {json.dumps(draw(names), ensure_ascii=False)}", f"date: {date}"]
    lines.append(f"category: {json.dumps(draw(names), ensure_ascii=False)}")
    tags = draw(st.lists(names, max_size=3))
    if tags:
        lines.append(f"tags: {json.dumps(tags, ensure_ascii=False)}")
    return "---\n" + "\n".join(draw(st.permutations(lines))) + "\n---\n" + draw(st.text(min_size=1, max_size=40)) + "\n"


ANY_TEXT = st.one_of(plausible_article(), valid_article(), st.text(max_size=80))


def line_count(text: str) -> int:
    """Lines as kabar counts them ("\\n", "\\r\\n" and "\\r" end one), a last one without an ending included."""
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def assert_inside(problems: list[Problem] | tuple[Problem, ...], lines: int) -> None:
    assert problems
    for problem in problems:
        assert problem.path == SHOWN
        assert isinstance(problem.line, int) and 1 <= problem.line <= lines, (str(problem), lines)
        assert problem.message and "\n" not in str(problem)


def assert_safe(slug: str) -> None:
    assert SLUG.fullmatch(slug), slug


# ---------------------------------------------------------------- loading never breaks


@MANY
@given(ANY_TEXT)
def test_any_text_loads_as_an_article_or_problems_inside_the_file(text):
    article, problems = parse_article(text, SHOWN, Config())
    if article is None:
        assert_inside(problems, line_count(text))
        return
    assert problems == []
    assert ARTICLE_URL.fullmatch(article.url) and article.url.endswith(f"/{article.slug}/")
    for slug in (article.slug, article.category.slug, *(t.slug for t in article.tags)):
        assert_safe(slug)
    assert article.date.tzinfo is not None and 1000 <= article.date.year <= 9998


@SOME
@given(
    st.one_of(st.binary(max_size=80), plausible_article().map(str.encode), valid_article().map(str.encode)), st.data()
)
def test_any_bytes_load_as_an_article_or_problems_inside_the_file(data, more):
    if data and more.draw(st.booleans()):  # break one byte, as a Latin-1 editor would
        at = more.draw(st.integers(0, len(data) - 1))
        data = data[:at] + more.draw(st.sampled_from([b"\xe9", b"\xff", b"\xc3", b"\x80"])) + data[at + 1 :]
    try:
        text = decode_utf8(data, SHOWN)
    except BuildError as exc:
        assert_inside(exc.problems, line_count(data.decode("latin-1")))
        return
    article, problems = parse_article(text, SHOWN, Config())
    assert (article is None) == bool(problems)
    if article is None:
        assert_inside(problems, line_count(text))


# ---------------------------------------------------------------- slugs


@MANY
@given(st.one_of(st.text(), st.sampled_from(TRICKY)))
def test_slugs_are_safe_path_segments_or_nothing(text):
    slug = urls.slugify(text)
    if slug:
        assert_safe(slug)
    assert slug or not any(char.isalnum() for char in text)  # only text without letters or digits has no slug


# ---------------------------------------------------------------- the site: pagination and order

CATEGORIES = ["Nasional", "nasional", "Ekonomi", "EKONOMI", "Olahraga"]  # spelt two ways: one index
TAGS = ["banjir", "Banjir", "bekasi", "harga"]
AUTHORS = ["Ayu", "ayu", "Raka"]


@st.composite
def articles(draw) -> list:
    count = draw(st.integers(0, 20))
    return [
        make(
            f"a{n}",
            day=draw(st.integers(1, 28)),
            hour=draw(st.integers(0, 23)),
            category=draw(st.sampled_from(CATEGORIES)),
            # Each name once, as loading leaves them (it keeps the first of "Ayu" and "ayu").
            tags=draw(st.lists(st.sampled_from(TAGS), max_size=3, unique_by=urls.slugify)),
            authors=draw(st.lists(st.sampled_from(AUTHORS), max_size=2, unique_by=urls.slugify)),
            featured=draw(st.booleans()),
            draft=draw(st.booleans()) and draw(st.booleans()),
        )
        for n in range(count)
    ]


@SOME
@given(articles(), st.integers(1, 7))
def test_every_listing_shows_each_of_its_stories_on_exactly_one_page(stories, per_page):
    site = build_site(stories, Config(per_page=per_page), NOW)
    published = [a for a in stories if not a.draft]
    assert sorted(a.url for a in site.articles) == sorted(a.url for a in published)
    for listing in (site.home, *site.listings):
        paged = [a for page in listing.pages for a in page.articles]
        assert paged == list(listing.articles)
        assert len({a.url for a in paged}) == len(paged)
        assert all(0 < len(page.articles) <= per_page for page in listing.pages) or not paged
        assert [page.number for page in listing.pages] == list(range(1, len(listing.pages) + 1))
    assert site.home.articles == site.articles
    for kind, key in (("category", lambda a: [a.category.url]), ("tag", lambda a: [t.url for t in a.tags])):
        for listing in (x for x in site.listings if x.kind == kind):
            assert listing.articles == tuple(a for a in site.articles if listing.url in key(a))


@SOME
@given(articles().flatmap(lambda stories: st.tuples(st.just(stories), st.permutations(stories))), st.integers(1, 7))
def test_the_order_articles_come_in_changes_nothing(pair, per_page):
    stories, shuffled = pair
    config = Config(per_page=per_page)
    site = build_site(stories, config, NOW)
    assert build_site(shuffled, config, NOW) == site
    dates = [(a.date, a.url) for a in site.articles]
    assert dates == sorted(dates, key=lambda d: (-d[0].timestamp(), d[1]))


# ---------------------------------------------------------------- a whole build, twice

WORDS = st.text(alphabet="abcdeéğ雅 -", min_size=1, max_size=12).filter(str.strip)


@st.composite
def tiny_site(draw) -> dict[str, str]:
    site = {"kabar.yml": "title: Kabar Uji\nsearch: false\nper_page: 2\n"}
    for n in range(draw(st.integers(1, 3))):
        when = draw(st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2026, 11, 1)))
        tags = draw(st.lists(WORDS, max_size=2))
        site[f"content/{n}.md"] = (
            f"---\ntitle: {json.dumps(draw(WORDS), ensure_ascii=False)}\ndate: {when:%Y-%m-%d %H:%M}\n"
            f"category: {draw(st.sampled_from(CATEGORIES))}\ntags: {json.dumps(tags, ensure_ascii=False)}\n"
            f"featured: {draw(st.sampled_from(['true', 'false']))}\n---\n{draw(WORDS)}\n\n*{draw(WORDS)}*\n"
        )
    return site


def build_result(root: Path) -> dict[str, bytes] | str:
    """Every file the build wrote, or its problems: either way, what a second build must repeat."""
    try:
        run_build(root, jobs=1)
    except BuildError as exc:  # two articles with one URL, say
        return str(exc).replace(str(root), "SITE")
    return files(root / "public")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_site())
def test_building_any_site_twice_gives_identical_bytes(site):
    with tempfile.TemporaryDirectory() as folder:
        one, two = write_files(Path(folder) / "one", site), Path(folder) / "two"
        shutil.copytree(one, two)
        assert build_result(one) == build_result(two)


# ---------------------------------------------------------------- hostile file trees publish nothing they should not

SECRET = "TERLARANG"  # in every file outside the site or under a hidden name: none may reach public/
FOLDERS = ["content", "content/a", "content/a/b", "content/.h", "static", "static/css", "static/.h"]
NAMES = ["x.txt", "y.md", "w", ".z", ".env"]
TARGETS = [
    *("{away}/rahasia.txt", "{away}/bocor.md", "{away}", "{root}/.git/config", "{root}/.git", "{root}/.env"),
    *("{root}/content/.h/rahasia.txt", "{root}/shared/boleh.txt", "{root}/public/index.html", "{root}/nowhere"),
    *("{root}/content/pipa", "..", ".", "../..", "{root}", "{root}/content"),
]
ENTRIES = st.tuples(
    st.sampled_from(["file", "file", "link", "link", "link", "fifo"]),
    st.sampled_from(FOLDERS),
    st.sampled_from(NAMES),
    st.sampled_from(TARGETS),
)


def secret(text: str) -> str:
    return f"{SECRET} {text}\n"


def plant(root: Path, away: Path, entries: list[tuple[str, str, str, str]], swap_static: str | None) -> None:
    """Files, symbolic links and fifos at random places; what an entry cannot be made (its folder is a file) is left
    out. A file under a hidden name holds the secret, and so may a Markdown file that becomes a page."""
    places = {"root": str(root), "away": str(away)}
    for n, (kind, folder, name, target) in enumerate(entries):
        path = root / folder / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if os.path.lexists(path):
                continue
            if kind == "link":
                path.symlink_to(target.format(**places))
            elif kind == "fifo":
                os.mkfifo(path)
            elif "/." in f"/{folder}/{name}":
                path.write_text(article(title=f"{SECRET} {n}") if name.endswith(".md") else secret(str(n)))
            else:
                path.write_text(article(title=f"Aman {n}") if name.endswith(".md") else f"boleh {n}\n")
        except OSError:
            continue
    if swap_static is not None:
        if (root / "static").is_dir() and not (root / "static").is_symlink():
            shutil.rmtree(root / "static")
        (root / "static").unlink(missing_ok=True)
        (root / "static").symlink_to(swap_static.format(**places))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(ENTRIES, max_size=12), st.one_of(st.none(), st.sampled_from(["{away}", "{root}/.git", "{root}/public"]))
)
def test_no_file_tree_publishes_a_file_from_outside_the_site_or_under_a_hidden_name(entries, swap_static):
    with tempfile.TemporaryDirectory() as folder:
        root, away = Path(folder) / "site", Path(folder) / "away"
        write_files(away, {"rahasia.txt": secret("away"), "bocor.md": article(title=f"{SECRET} bocor")})
        write_files(
            root,
            {
                "kabar.yml": "title: Kabar Uji\nsearch: false\n",
                "content/a.md": article(),
                "shared/boleh.txt": "boleh\n",
                ".git/config": secret("git"),
                ".env": secret("env"),
                "content/.h/rahasia.txt": secret("hidden"),
            },
        )
        run_build(root, jobs=1)
        plant(root, away, entries, swap_static)
        with contextlib.suppress(BuildError):  # refused: the last site stays, which holds no secret either
            run_build(root, jobs=1)
        published = files(root / "public")
        assert not [path for path in published if "/." in f"/{path}"]
        assert not [path for path, data in published.items() if SECRET.encode() in data]


# ---------------------------------------------------------------- the tables of stats a build passes on

PATHS = st.text(alphabet="ab/.", min_size=1, max_size=4)
STATS = st.tuples(st.integers(-1, 2**63 - 1), st.integers(-1, 2**40))


@MANY
@given(
    st.dictionaries(PATHS, STATS, max_size=12),
    st.dictionaries(PATHS, STATS, max_size=6),
    st.sets(st.integers(0, 11), max_size=6),
)
def test_a_table_of_stats_changed_is_the_dictionary_changed_as_a_table(last, written, gone_at):
    """A build passes the last build's table of files on with the files it wrote, added and removed (see
    Swap._swapped): the same stats in the same order as the last build's dictionary with those removed and the
    written ones put in, which was how it was done."""
    gone = {path for n, path in enumerate(last) if n in gone_at}
    table = StatTable.of(last).with_changes(written, gone)
    expected = {path: stat for path, stat in last.items() if path not in gone}
    expected.update(written)
    assert table.table == StatTable.of(expected).table
    assert dict(table.items()) == expected and list(table) == list(expected)
    for stat in [*expected.values(), (-1, -1)]:  # found by their bytes: never across two stats
        assert table.paths_of(stat) == [path for path, its in expected.items() if its == stat]


@MANY
@given(
    st.dictionaries(PATHS, STATS, max_size=12),
    st.lists(st.sampled_from([b"", b"a" * 16, b"b" * 16, b"behind"]), max_size=12),
    st.dictionaries(PATHS, st.sampled_from([b"c" * 16]), max_size=3),
)
def test_the_fingerprints_a_state_keeps_in_the_manifests_order_are_those_it_noted(manifest, marks, others):
    """A state keeps a fingerprint per file of its manifest, in its order (b"": none), and those of other paths (see
    state.PageMarks): looked up, they are the dictionary they were made of; a file of the manifest has its own."""
    marks = (marks * 12)[: len(manifest)] if marks else [b""] * len(manifest)
    others = {path: mark for path, mark in others.items() if path not in manifest}
    noted = PageMarks(manifest, marks, others)
    expected = {path: mark for path, mark in zip(manifest, marks, strict=True) if mark} | others
    assert dict(noted) == expected and len(noted) == len(expected)
    assert all(noted.get(path) == expected.get(path) for path in [*manifest, *others, "x/y"])
    asked = [*manifest, *others, "x/y"]
    assert noted.marks_of(asked) == [*marks, *[None] * (len(others) + 1)]


@MANY
@given(
    st.sampled_from(["JPEG", "PNG", "GIF", "WEBP"]),
    st.integers(1, 20_000),
    st.integers(1, 20_000),
    st.booleans(),
    st.lists(st.integers(1, 2_000), min_size=1, max_size=4),
    st.lists(st.sampled_from(["webp", "avif", "jpeg", "png"]), max_size=3),
)
def test_a_thumbnail_found_without_planning_is_the_one_planned(format, width, height, alpha, widths, formats):
    """Search results show each story's thumbnail, found from the image's header alone (Planned.thumb): it is the
    file the images stage makes for cards, the first cut to 16:9 in the fallback format, whatever the sizes."""
    source = Source("ab" * 32, format, width, height, alpha)
    settings = ImageSettings(widths=tuple(widths), formats=tuple(formats))
    planned = plan(source, "0123456789abcdef", settings)
    fallback = planned.variants[-1].format
    thumb = next(v for v in planned.variants if v.crop == THUMB and v.format == fallback)
    pictures = Planned({"/foto/a.jpg": (0, (1, 2), source, planned.key)}, settings)
    assert pictures.thumb("/foto/a.jpg") == planned.image(thumb) == planned.thumb
    assert pictures.thumb("/foto/b.jpg") is None
    assert pictures["/foto/a.jpg"] == planned and pictures.thumb("/foto/a.jpg") == planned.image(thumb)


@MANY
@given(st.sets(PATHS, max_size=10), st.sets(PATHS, max_size=10), st.sets(st.integers(0, 19), max_size=10))
def test_the_files_a_build_added_are_those_its_site_has_and_the_last_lacked(previous, made, written_at):
    """A build finds the files it added (which its spare lacks) among those it wrote first (see swap._added): the
    same as all it made less those the last build made, whatever it kept, wrote or removed."""
    written = {path for n, path in enumerate(sorted(made)) if n in written_at}
    made_keys, previous_keys = dict.fromkeys(made).keys(), dict.fromkeys(previous).keys()
    assert _added(made_keys, previous_keys, written, previous - made) == made - previous
