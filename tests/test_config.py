"""kabar.yml: defaults, the contract's setting names, and every bad setting reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from kabar.cli import main
from kabar.config import load_config, with_base_url
from kabar.errors import BuildError
from kabar.models import Config

from .conftest import article, write_files


def test_no_kabar_yml_means_every_default(tmp_path):
    config = load_config(tmp_path)
    assert config == Config()
    assert (config.lang, config.timezone, config.per_page, config.feed_items) == ("id", "Asia/Jakarta", 10, 20)


def test_reads_every_setting_of_the_contract(tmp_path):
    (tmp_path / "kabar.yml").write_text(
        "title: Kabar Nusantara\ntagline: Berita terkini\nbase_url: https://kabar.example/\n"
        "lang: en\ntimezone: Asia/Makassar\nper_page: 5\nfeed_items: 7\n"
    )
    assert load_config(tmp_path) == Config(
        title="Kabar Nusantara",
        tagline="Berita terkini",
        base_url="https://kabar.example",  # the trailing slash is dropped: URLs are joined to it
        lang="en",
        timezone="Asia/Makassar",
        per_page=5,
        feed_items=7,
    )


def test_every_bad_setting_is_reported_with_its_line(tmp_path):
    (tmp_path / "kabar.yml").write_text(
        "titel: Kabar\nbase_url: kabar.example\nper_page: 0\ntimezone: Asia/Bekasi\nlang: xx-nope\ncolour: red\n"
    )
    with pytest.raises(BuildError) as caught:
        load_config(tmp_path)
    path = tmp_path / "kabar.yml"
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1: unknown setting 'titel'; did you mean 'title'?",
        f"{path}:2: base_url: 'kabar.example' must be an absolute http(s) URL, like https://kabar.example",
        f"{path}:3: per_page: 0 must be a whole number of at least 1",
        f"{path}:4: timezone: 'Asia/Bekasi' is not a known time zone (like Asia/Jakarta or UTC)",
        f"{path}:5: lang: 'xx-nope' is not a known language code (like id or en)",
        f"{path}:6: unknown setting 'colour' (known: title, tagline, base_url, lang, timezone, per_page, "
        "feed_items, related, search, websub_hub, logo, share_image, safe_html, markdown, menus, permalinks, "
        "redirects, comments, images, authors, categories)",
    ]


def test_yaml_syntax_error_names_the_line(tmp_path):
    (tmp_path / "kabar.yml").write_text("title: Kabar\ntagline: [oops\n")
    with pytest.raises(BuildError) as caught:
        load_config(tmp_path)
    assert str(caught.value).startswith(f"{tmp_path / 'kabar.yml'}:2: invalid YAML: the '[' opened on this line")


def test_control_characters_in_a_setting_are_dropped_so_feeds_stay_xml(make_site):
    import feedparser

    from .conftest import article, run_build

    root = make_site({"kabar.yml": 'title: "Kabar\\x01 Kita\\x7f"\nsearch: false\n', "content/a.md": article()})
    assert load_config(root).title == "Kabar Kita"
    run_build(root)
    feed = feedparser.parse((root / "public/feed.xml").read_bytes())
    assert not feed.bozo and feed.feed.title == "Kabar Kita"


def test_a_misspelt_word_in_the_sites_strings_yml_is_reported_like_an_unknown_setting(tmp_path, monkeypatch, capsys):

    write_files(
        tmp_path,
        {
            "content/a.md": article(),
            "templates/strings.yml": "id:\n  home: Beranda Utama\n  relatd: Baca juga\nen:\n  zzz: x\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 1
    shown = Path("templates/strings.yml")
    assert capsys.readouterr().err.splitlines() == [
        f"{shown}:3: unknown word 'relatd'; did you mean 'related'?",
        f"{shown}:5: unknown word 'zzz': neither the theme nor your templates use it",
        "kabar: 2 problems; nothing was written",
    ]
    assert not (tmp_path / "public").exists()


def test_a_word_the_sites_own_templates_use_may_be_defined_in_its_strings_yml(tmp_path, monkeypatch):

    write_files(
        tmp_path,
        {
            "content/a.md": article(),
            "templates/strings.yml": "id:\n  related: Baca juga\n  sponsor: Disponsori\n",
            "templates/404.html": '{% extends "default/404.html" %}{% block title %}{{ t.sponsor }}{% endblock %}',
        },
    )
    monkeypatch.chdir(tmp_path)
    assert main(["build", "-q"]) == 0
    assert "Disponsori" in (tmp_path / "public" / "404.html").read_text(encoding="utf-8")


def test_a_base_url_host_outside_ascii_is_kept_in_idna_so_every_absolute_url_is_valid(tmp_path):
    (tmp_path / "kabar.yml").write_text("base_url: https://Berita.Désa.id:8443/\n", encoding="utf-8")
    assert load_config(tmp_path).base_url == "https://berita.xn--dsa-bma.id:8443"


def test_a_base_url_with_a_user_or_password_or_no_valid_host_is_a_problem_that_never_shows_the_password(tmp_path):
    (tmp_path / "kabar.yml").write_text("title: Kabar\nbase_url: https://ayu:rahasia@kabar.example/\n")
    with pytest.raises(BuildError) as caught:
        load_config(tmp_path)
    path = tmp_path / "kabar.yml"
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2: base_url: a site's address has no user or password: write https://kabar.example"
    ]
    (tmp_path / "kabar.yml").write_text("base_url: https://-désa.id\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        load_config(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1: base_url: 'https://-désa.id' has no valid host name: letters and digits, with '-' inside, "
        "between dots"
    ]


def test_base_url_given_on_the_command_line_is_checked_and_kept_in_idna_too():
    assert with_base_url(Config(), "https://désa.id/").base_url == "https://xn--dsa-bma.id"
    with pytest.raises(BuildError) as caught:
        with_base_url(Config(), "https://ayu:rahasia@kabar.example")
    assert [str(p) for p in caught.value.problems] == [
        "--base-url: a site's address has no user or password: write https://kabar.example"
    ]
