"""`kabar new` and `kabar init`: what they write, that it builds at once, and that they never overwrite."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html
import pytest
import yaml

from kabar.cli import _parser, main
from kabar.config import load_config
from kabar.models import Config
from kabar.scaffold import DEFAULT_LANG, SKELETON, init_site, new_article, skeleton_languages

from .conftest import article, read, run_build, write_files

REPO = Path(__file__).resolve().parents[1]
NOW = dt.datetime(2026, 3, 5, 9, 30)


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    write_files(tmp_path, {"kabar.yml": "title: Kabar Uji\n", "content/.keep": ""})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_new_then_build_round_trips(site, capsys):
    argv = [
        "new",
        "Gempa: 5 Rumah Rusak",
        "--category",
        "Nasional",
        "--author",
        "Ayu Santoso, Raka Pratama",
        "--tags",
        "gempa, cianjur",
    ]
    assert main(argv) == 0
    out = capsys.readouterr().out.splitlines()
    [path] = (site / "content").glob("*/gempa-5-rumah-rusak.md")
    assert out[0] == f"created {path.relative_to(site)}"
    url = re.fullmatch(  # no port: kabar serve takes another when 8000 is in use, and prints its address
        r"preview it: kabar serve, then open (/\d{4}/\d\d/\d\d/gempa-5-rumah-rusak/) at the address it prints", out[1]
    )
    assert url, out
    text = path.read_text()
    assert re.fullmatch(
        r"---\ntitle: 'Gempa: 5 Rumah Rusak'\ndate: \d{4}-\d\d-\d\d \d\d:\d\d\ncategory: Nasional\n"
        r"author: \[Ayu Santoso, Raka Pratama\]\ntags: \[gempa, cianjur\]\n---\nTulis beritanya di sini\.\n",
        text,
    ), text
    path.write_text(text.replace("Tulis beritanya di sini.", "Gempa mengguncang Cianjur pagi ini."))
    assert main(["build", "-q"]) == 0
    page = read(site, url.group(1))
    assert '<h1 class="story-title">Gempa: 5 Rumah Rusak</h1>' in page
    assert 'href="/tag/cianjur/"' in page and 'href="/penulis/ayu-santoso/"' in page  # two authors, each a page
    assert 'href="/penulis/raka-pratama/"' in page


def test_new_draft_is_left_out_of_the_build_until_published(site, capsys):
    assert main(["new", "Rancangan Berita", "--category", "Ekonomi", "--draft"]) == 0
    out = capsys.readouterr().out
    assert "it is a draft: delete the 'draft: true' line to publish it" in out
    [path] = (site / "content").glob("*/rancangan-berita.md")
    assert "\ndraft: true\n---\n" in path.read_text()
    write_files(site, {"content/2024/terbit.md": article()})
    summary = run_build(site, now=dt.datetime.now(dt.UTC))
    assert (summary.articles, summary.drafts) == (1, 1)
    summary = run_build(site, drafts=True, now=dt.datetime.now(dt.UTC))
    assert (summary.articles, summary.drafts) == (2, 0)


def test_new_refuses_to_overwrite_and_bad_names(site, capsys):
    path = new_article(site / "content", "Berita", "Umum", None, NOW)
    path.write_text("ditulis tangan")
    with_error = main(["new", "Berita", "--category", "Umum", "--source", str(site / "content")])
    assert with_error == 1
    assert "already exists; kabar new never overwrites an article" in capsys.readouterr().err
    assert path.read_text() == "ditulis tangan"
    assert main(["new", "!!!", "--category", "Umum", "--tags", "ok,???"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "kabar new: title '!!!' has no letters or digits to make a file name from",
        "kabar new: tag '???' has no letters or digits to make a URL from",
        "kabar: 2 problems; nothing was written",
    ]


def test_new_writes_the_placeholder_in_the_site_language(tmp_path):
    path = new_article(tmp_path, "Flood Hits Town", "News", None, NOW, lang="en")
    assert path == tmp_path / "2026" / "flood-hits-town.md"
    assert path.read_text().endswith("---\nWrite the story here.\n")


INIT = {  # per language: the welcome article's file, the footer's pages, and a text of each kind
    "id": (
        "selamat-datang-di-situs-berita-baru.md",
        ["/tentang-kami/", "/redaksi/", "/pedoman-media-siber/", "/kebijakan-privasi/", "/kontak/"],
        "Selamat Datang di Situs Berita Baru",
        "Berita Kota mengikuti Pedoman Pemberitaan Media Siber",  # the site's name in its pages
    ),
    "en": (
        "welcome-to-your-new-news-site.md",
        ["/about/", "/editorial-team/", "/editorial-guidelines/", "/privacy-policy/", "/contact/"],
        "Welcome to Your New News Site",
        "Berita Kota follows these guidelines in everything it publishes",
    ),
}


@pytest.mark.parametrize("lang", INIT)
def test_init_makes_a_site_that_builds_and_passes_strict_checks(tmp_path, monkeypatch, capsys, lang):
    welcome, footer_urls, headline, guidelines = INIT[lang]
    monkeypatch.chdir(tmp_path)
    assert main(["init", "berita-kota", *(["--lang", lang] if lang != "id" else [])]) == 0
    out = capsys.readouterr().out
    root = tmp_path / "berita-kota"
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == sorted(
        [
            ".gitignore",
            "README.md",
            f"content/{dt.datetime.now(ZoneInfo(Config().timezone)):%Y}/{welcome}",  # as kabar new names a story
            "kabar.yml",
            *(f"pages{url.rstrip('/')}.md" for url in footer_urls),
        ]
    )
    assert (root / "templates").is_dir() and (root / "static").is_dir()
    assert "next: cd berita-kota && kabar serve    (then open the address it prints)" in out  # not always port 8000
    assert ":8000" not in (root / "README.md").read_text(encoding="utf-8").split("## Writing articles")[0]
    monkeypatch.chdir(root)
    assert main(["build", "--strict", "-q"]) == 0
    assert capsys.readouterr() == ("", "")
    assert headline in read(root, "/")
    assert "<title>Berita Kota" in read(root, "/")  # the folder's name, as a masthead writes a name
    assert guidelines in read(root, footer_urls[2])
    footer = read(root, "/").split('class="footer-menu"')[1].split("</nav>")[0]
    assert re.findall(r'href="(/[^"]*)"', footer) == footer_urls


def test_init_lang_en_writes_an_english_site_with_no_indonesian_word_left(tmp_path, monkeypatch, capsys):
    """kabar init wrote an Indonesian site whatever the newsroom's language: its settings, pages (in every page's
    footer), first story and category."""
    monkeypatch.chdir(tmp_path)
    assert main(["init", "city-news", "--lang", "en"]) == 0
    root = tmp_path / "city-news"
    config = load_config(root)
    assert (config.lang, config.tagline) == ("en", "The latest news from every corner of the country")
    assert (config.permalinks.category, config.permalinks.author) == ("/category/:slug/", "/author/:slug/")
    monkeypatch.chdir(root)
    assert main(["new", "Flood Hits Riverside", "--category", "News"]) == 0  # in the site's language too
    [story] = (root / "content").glob("*/flood-hits-riverside.md")
    assert story.read_text(encoding="utf-8").endswith("---\nWrite the story here.\n")
    story.unlink()
    capsys.readouterr()
    assert main(["build", "--strict", "-q"]) == 0
    indonesian = _words_of("id") - _words_of("en")
    assert {"redaksi", "kategori", "penulis", "terkini", "umum"} <= indonesian
    for page in (root / "public").rglob("*.html"):
        shown = lxml.html.fromstring(page.read_text(encoding="utf-8"))
        for script in shown.xpath("//script | //style"):
            script.drop_tree()
        said = shown.xpath("//@alt | //@title | //@aria-label | //@placeholder | //@content")
        text = " ".join([shown.text_content(), *(value for value in said if not re.match(r"https?:|/", value))])
        assert not _words(text) & indonesian, page  # what a reader sees: the search page's URL is /cari/ in both


def _words_of(lang: str) -> set[str]:
    """The words of the theme's strings.yml and of kabar init's site (but its guide, which is English) in LANG."""
    words = _words(" ".join(yaml.safe_load((REPO / "templates" / "strings.yml").read_text())[lang].values()))
    for path in SKELETON.rglob("*.*"):
        if path.name != "README.md" and (".en." in path.name) == (lang == "en"):
            words |= _words(path.read_text(encoding="utf-8"))
    return words


def _words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"[^\W\d_]{3,}", text)}


def test_every_language_of_init_writes_the_same_site(tmp_path):
    """The skeleton's structure is one: each language has its settings, welcome article and the same pages, in the
    same places of the footer, each with a summary (the pages' own links are checked by the strict builds above)."""
    shapes = {}
    for lang in skeleton_languages():
        files = init_site(tmp_path / lang, NOW, lang)
        pages = [
            yaml.safe_load(p.read_text(encoding="utf-8").split("---\n")[1]) for p in files if p.parent.name == "pages"
        ]
        shapes[lang] = sorted((page["menu"], bool(page["summary"])) for page in pages)
        assert load_config(tmp_path / lang).lang == lang
    assert list(shapes) == ["id", "en"]
    assert shapes["en"] == shapes["id"] == [(n, True) for n in range(1, 6)]


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "fr",
            "--lang: kabar init has no site in 'fr' to start from, only in id (Indonesian) and en (English): start "
            "from one, translate its pages and set lang: fr in kabar.yml",
        ),
        ("en-XX", "--lang: 'en-XX' is not a known language code (like id or en)"),
    ],
)
def test_init_refuses_a_language_it_has_no_site_in_and_writes_nothing(tmp_path, capsys, lang, message):
    assert main(["init", str(tmp_path / "situs"), "--lang", lang]) == 1
    assert capsys.readouterr().err.splitlines() == [message, "kabar: 1 problem; nothing was written"]
    assert not (tmp_path / "situs").exists()


def test_init_in_a_region_of_a_language_writes_that_languages_site(tmp_path):
    init_site(tmp_path / "s", NOW, "en-GB")
    assert load_config(tmp_path / "s").lang == "en-GB"  # British dates, English words
    assert (tmp_path / "s" / "pages" / "about.md").is_file()


def test_init_kabar_yml_names_every_setting_at_its_default(tmp_path):
    init_site(tmp_path / "s", NOW)
    text = (tmp_path / "s" / "kabar.yml").read_text()
    for field in dataclasses.fields(Config):
        assert re.search(rf"^(# )?{field.name}: ", text, re.M), field.name
    uncommented = re.sub(r"^# (\w+: )", r"\1", text, flags=re.M)
    (tmp_path / "s" / "kabar.yml").write_text(uncommented)
    expected = dataclasses.replace(Config(), title="S", tagline="Berita terkini dari seluruh penjuru negeri")
    assert load_config(tmp_path / "s") == expected  # the name as a masthead writes one, the language's tagline


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "ada" / ".git").mkdir(parents=True)
    init_site(tmp_path / "ada", NOW)  # a fresh `git init` is fine
    assert main(["init", str(tmp_path / "ada")]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{tmp_path / 'ada'}: is not empty: kabar init only writes into a new folder"
    )


def test_init_readme_is_the_authoring_guide_of_kabars_own_readme(tmp_path):
    guide = (SKELETON / "README.md").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- authoring guide: .*? -->\n\n(.*?)\n<!-- end of the authoring guide -->", readme, re.S)
    assert found, "README.md lost the markers around the authoring guide"
    assert found.group(1) == guide, "README.md's authoring guide and src/kabar/skeleton/README.md differ"
    init_site(tmp_path / "s", NOW)
    assert (tmp_path / "s" / "README.md").read_text(encoding="utf-8").endswith(guide)


def test_every_command_and_option_is_described_in_help(capsys):
    parser = _parser()
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(commands.choices) == {"build", "check", "serve", "new", "init", "import"}
    for name, command in commands.choices.items():
        assert command.description, name
        for action in command._actions:
            assert action.help, f"kabar {name} {action.dest} has no help"
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in commands.choices)


def test_new_with_a_slug_of_its_own_when_the_title_is_taken(site, capsys):
    """A second story of one headline in a year: the message says how, and --slug names its file and address."""
    assert main(["new", "Banjir Bekasi", "--category", "Nasional"]) == 0
    assert main(["new", "Banjir Bekasi", "--category", "Nasional"]) == 1
    assert "give another title, or a --slug of its own" in capsys.readouterr().err
    assert main(["new", "Banjir Bekasi", "--category", "Nasional", "--slug", "banjir-bekasi-susulan"]) == 0
    [path] = (site / "content").glob("*/banjir-bekasi-susulan.md")
    assert "\nslug: banjir-bekasi-susulan\n" in path.read_text()
    assert main(["new", "Banjir", "--category", "Nasional", "--slug", "Banjir Susulan"]) == 1
    assert "--slug 'Banjir Susulan': write it as an address is, like 'banjir-susulan'" in capsys.readouterr().err


def test_init_help_names_every_language_init_has_a_site_in_and_its_default(capsys):
    """The CLI writes them out, so that a build (the command run most) does not import the skeleton's code."""
    with pytest.raises(SystemExit):
        main(["init", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert all(re.search(rf"\b{lang}\b", shown) for lang in skeleton_languages())
    assert f"{DEFAULT_LANG} (the default)" in shown and _parser().parse_args(["init", "x"]).lang == DEFAULT_LANG
    code = "import sys, kabar.cli; print('kabar.scaffold' in sys.modules, 'yaml' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.split() == [
        "False",
        "False",
    ]
