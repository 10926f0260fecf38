"""The files people actually have: articles from Jekyll, Hugo and Zola sites, as they are written there."""

from __future__ import annotations

from pathlib import Path

import pytest

from kabar.cli import main
from kabar.errors import BuildError
from kabar.scaffold import new_article

from .conftest import NOW, article, read, run_build, write_files

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

    assert str(raised.value) == f"{existing}: already exists; kabar new never overwrites an article"
    assert list((tmp_path / "content" / "2026").iterdir()) == [existing]
