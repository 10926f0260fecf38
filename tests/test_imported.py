"""The files people actually have: articles from Jekyll, Hugo and Zola sites, as they are written there."""

from __future__ import annotations

from pathlib import Path

import pytest

from kabar.cli import main
from kabar.errors import BuildError
from kabar.scaffold import new_article

from .conftest import NOW, article, read, run_build, write_files
from .test_incremental import clean_build, tree

SETTINGS = {"kabar.yml": "title: Kabar Uji\nsearch: false\n"}


def built(root: Path) -> set[str]:
    return {p.relative_to(root / "public").as_posix() for p in (root / "public").rglob("*") if p.is_file()}


@pytest.mark.parametrize("suffix", [".markdown", ".mdown", ".mkdn", ".mkd", ".mkdown", ".MD", ".Markdown"])
def test_every_markdown_ending_is_an_article_and_never_published_raw(make_site, suffix):
    root = make_site({**SETTINGS, f"content/2024/banjir{suffix}": article(body="Rahasia redaksi: sumber kami.")})

    summary = run_build(root)

    assert summary.articles == 1
    assert "Rahasia redaksi" in read(root, "/2024/03/05/banjir-rendam-bekasi/")
    assert not [name for name in built(root) if name.lower().endswith(suffix.lower())]
    assert not [name for name in built(root) if "title: Banjir" in (root / "public" / name).read_text("latin-1")]


def test_a_link_to_a_markdown_source_of_any_ending_names_the_url_to_use(make_site, capsys, monkeypatch):
    root = make_site(
        {
            **SETTINGS,
            "content/2024/banjir.markdown": article(),
            "content/2024/tautan.mdown": article(title="Tautan", body="Lihat [banjir](banjir.markdown)."),
        }
    )
    monkeypatch.chdir(root)

    assert main(["check"]) == 0

    assert capsys.readouterr().err.splitlines() == [
        f"{Path('content/2024/tautan.mdown')}:6: warning: links to the source file banjir.markdown: "
        "link to the article's URL /2024/03/05/banjir-rendam-bekasi/ instead"
    ]


def test_kabar_new_does_not_write_a_twin_of_an_article_written_with_another_ending(tmp_path):
    name = "content/2026/berita.markdown"
    existing = write_files(tmp_path, {name: "ditulis tangan"}) / name

    with pytest.raises(BuildError) as raised:
        new_article(tmp_path / "content", "Berita", "Umum", None, NOW)

    assert str(raised.value) == (
        f"{existing}: already exists; kabar new never overwrites an article: give another title, or a --slug of its own"
    )
    assert list((tmp_path / "content" / "2026").iterdir()) == [existing]


BANJIR = "/2024/03/05/banjir-rendam-bekasi/"
TOML = '+++\ntitle = "Banjir Rendam Bekasi"\ndate = {date}\ncategory = "Nasional"\n{more}+++\nRibuan rumah terendam.\n'
# name: (file name, text, URL of the article, what its page holds)
IMPORTED = {
    "TOML front matter, a naive date in the site's time zone": (
        "banjir.md",
        TOML.format(date="2024-03-05T09:30:00", more='tags = ["banjir", "Bekasi"]\n[extra]\nlokasi = "Bekasi"\n'),
        BANJIR,
        ['datetime="2024-03-05T09:30:00+07:00"', 'href="/tag/bekasi/"'],
    ),
    "TOML front matter, a date with an offset": (
        "banjir.md",
        TOML.format(date="2024-03-05T23:30:00+09:00", more="draft = false\n"),
        BANJIR,
        ['datetime="2024-03-05T23:30:00+09:00"'],
    ),
    "TOML front matter, a date alone": ("banjir.md", TOML.format(date="2024-03-05", more=""), BANJIR, ["00:00"]),
    "a Jekyll date, with a space before its offset": (
        "banjir.md",
        article(date="2024-03-05 18:15:32 +0530"),
        BANJIR,
        ['datetime="2024-03-05T18:15:32+05:30"'],
    ),
    "a Jekyll file name giving the date": (
        "2024-03-05-banjir.markdown",
        "---\ntitle: Banjir Rendam Bekasi\ncategory: Nasional\n---\nRibuan rumah terendam.\n",
        BANJIR,
        ['datetime="2024-03-05T00:00:00+07:00"'],
    ),
    "categories: [a, b], as Jekyll and Hugo write it": (
        "banjir.md",
        article(category="Nasional", tags="[banjir]").replace("category: Nasional", "categories: [Nasional, Hukum]"),
        BANJIR,
        ['href="/kategori/nasional/"', 'href="/tag/hukum/"', 'href="/tag/banjir/"'],
    ),
}


@pytest.mark.parametrize(("name", "text", "url", "shown"), IMPORTED.values(), ids=IMPORTED.keys())
def test_articles_written_for_other_generators_build(make_site, name, text, url, shown):
    root = make_site({**SETTINGS, f"content/2024/{name}": text})

    assert run_build(root).articles == 1

    page = read(root, url)
    assert [text for text in shown if text not in page] == []


# A copied article its old site kept off the web, or had not published yet (NOW is 23 November 2026).
HELD_BACK = {
    "Jekyll's published: false": article(published="false"),
    "Hugo's publishDate to come": article(publishDate="2027-01-05T10:00:00+07:00"),
    "Hugo's publishdate to come, as Hugo's keys are written in any case": article(publishdate="2027-01-05"),
    "Hugo's published: a date to come (its alias of publishDate)": article(published="2027-01-05"),
    "TOML front matter, Hugo's publishDate to come": TOML.format(date="2024-03-05", more="publishDate = 2027-01-05\n"),
}


@pytest.mark.parametrize("text", HELD_BACK.values(), ids=HELD_BACK.keys())
def test_an_article_its_old_site_did_not_publish_is_not_published(make_site, text):
    root = make_site({**SETTINGS, "content/2024/banjir.md": text, "content/2024/lain.md": article(title="Lain")})

    summary = run_build(root)

    assert (summary.articles, summary.drafts + summary.scheduled) == (1, 1)
    assert "banjir-rendam-bekasi" not in "".join(built(root))


def test_a_publish_date_to_come_dates_the_article_then_and_one_past_changes_nothing(make_site):
    root = make_site(
        {
            **SETTINGS,
            "content/2024/banjir.md": article(publishDate="2026-12-01 08:00"),
            "content/2024/lama.md": article(title="Lama", published="true", publishDate="2020-01-01"),
        }
    )

    assert run_build(root, future=True).articles == 2

    assert 'datetime="2026-12-01T08:00:00+07:00"' in read(root, "/2026/12/01/banjir-rendam-bekasi/")
    assert 'datetime="2024-03-05T09:30:00+07:00"' in read(root, "/2024/03/05/lama/")


@pytest.mark.parametrize("key", ["expiryDate", "expirydate", "unpublishdate"])
def test_an_expiry_date_is_a_problem_at_its_line_as_kabar_has_none(make_site, monkeypatch, key):
    root = make_site({**SETTINGS, "content/2024/banjir.md": article(**{key: "2030-01-01"})})
    monkeypatch.chdir(root)

    with pytest.raises(BuildError) as raised:
        run_build(root)

    assert [str(p) for p in raised.value.problems] == [
        f"{Path('content/2024/banjir.md')}:5: {key}: kabar has no expiry: remove the line, and set draft: true to "
        "take it down"
    ]
    assert not (root / "public").exists()


def test_several_categories_are_a_warning_that_says_what_kabar_made_of_them(make_site, capsys, monkeypatch):
    text = article().replace("category: Nasional", "categories: [Nasional, Hukum, Politik]")
    root = make_site({**SETTINGS, "content/2024/banjir.md": text})
    monkeypatch.chdir(root)

    assert main(["check"]) == 0

    assert capsys.readouterr().err.splitlines() == [
        f"{Path('content/2024/banjir.md')}:4: warning: categories: ['Nasional', 'Hukum', 'Politik']: an article has "
        "one category, so it is in 'Nasional' and 'Hukum', 'Politik' became tags: write 'category: Nasional' and "
        "add the others to 'tags:'"
    ]


def test_incremental_builds_give_what_a_clean_build_gives_for_each_new_input_kind(tmp_path):
    root = write_files(
        tmp_path / "site",
        {
            **SETTINGS,
            "content/2024/banjir.md": article(body="Hujan.\n\n## Pengungsi\n\nRibuan."),
            "content/2024/tautan.md": article(title="Tautan", body=f"Lihat [pengungsi]({BANJIR}#pengungsi)."),
        },
    )
    run_build(root, jobs=1)
    write_files(
        root,
        {
            "content/2024/hugo.md": TOML.format(date="2024-03-06T10:00:00", more="").replace("Banjir", "Hugo"),
            "content/2024/2024-03-07-jekyll.markdown": "---\ntitle: Jekyll\ncategories: [Nasional, Hukum]\n---\nIsi.\n",
        },
    )
    assert len(run_build(root, jobs=1).warnings) == 1  # the categories
    (root / "content/2024/banjir.md").write_text(article(body="Hujan.\n\n## Warga Mengungsi\n\nRibuan."))

    warned = relative(root, run_build(root, jobs=1).warnings)

    fresh = tmp_path / "fresh"
    assert tree(root / "public") == clean_build(root, tmp_path)
    assert warned == relative(fresh, run_build(fresh, jobs=1).warnings)
    assert [(path, line) for path, line, _ in warned] == [
        ("content/2024/2024-03-07-jekyll.markdown", 3),
        ("content/2024/tautan.md", 6),
    ]


def relative(root: Path, warnings: list) -> list[tuple[str, int | None, str]]:
    return [(Path(w.path).relative_to(root).as_posix(), w.line, w.message) for w in warnings]
