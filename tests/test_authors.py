"""What kabar.yml says of authors and categories: checked at their lines, shown on their pages and in JSON-LD."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest

from kabar.cli import main
from kabar.config import load_config
from kabar.errors import BuildError

from .conftest import article, read, run_build
from .pictures import photo

PROFILES = """authors:
  Ayu Santoso:
    role: Wartawan Nasional
    bio: Meliput <b>pemilu</b> & bencana.
    photo: /foto/ayu.png
    links: [https://www.x.com/ayu, https://instagram.com/ayu]
"""
PNG = photo(96, 96, "PNG")


def json_ld(page: str) -> list[dict]:
    tree = lxml.html.fromstring(page)
    return [json.loads(script.text) for script in tree.xpath('//script[@type="application/ld+json"]')]


@pytest.fixture
def site(make_site):
    return make_site(
        {
            "kabar.yml": "title: Kabar Uji\nbase_url: https://kabar.example\nsearch: false\n" + PROFILES,
            "static/foto/ayu.png": PNG,
            "content/2024/a.md": article(author="Ayu Santoso"),
            "content/2024/b.md": article(title="Harga Beras", author="Raka Pratama"),
        }
    )


def test_an_authors_page_shows_the_profile_escaped_and_says_it_is_a_profile_page(site):
    run_build(site)

    page = read(site, "/penulis/ayu-santoso/")
    header = lxml.html.fromstring(page).xpath('//header[@class="list-header"]')[0]
    assert header.xpath("string(.//p[@class='profile-role'])") == "Wartawan Nasional"
    assert header.xpath("string(.//p[@class='profile-bio'])") == "Meliput <b>pemilu</b> & bencana."  # as text
    assert header.xpath(".//img[@class='profile-photo']/@src") == ["/foto/ayu.png"]
    links = header.xpath(".//ul[@class='profile-links']//a")
    assert [(a.get("href"), a.text, a.get("rel")) for a in links] == [
        ("https://www.x.com/ayu", "x.com", "me"),
        ("https://instagram.com/ayu", "instagram.com", "me"),
    ]
    (graph,) = json_ld(page)
    profile = graph["@graph"][0]
    assert (profile["@type"], profile["url"]) == ("ProfilePage", "https://kabar.example/penulis/ayu-santoso/")
    assert profile["mainEntity"] == {
        "@type": "Person",
        "name": "Ayu Santoso",
        "url": "https://kabar.example/penulis/ayu-santoso/",
        "jobTitle": "Wartawan Nasional",
        "description": "Meliput <b>pemilu</b> & bencana.",
        "image": "https://kabar.example/foto/ayu.png",
        "sameAs": ["https://www.x.com/ayu", "https://instagram.com/ayu"],
    }


def test_a_story_names_its_author_and_the_page_that_has_the_profile(site):
    run_build(site)

    (graph,) = json_ld(read(site, "/2024/03/05/banjir-rendam-bekasi/"))
    (author,) = graph["@graph"][0]["author"]
    assert author == {"@type": "Person", "name": "Ayu Santoso", "url": "https://kabar.example/penulis/ayu-santoso/"}


def test_an_author_without_a_profile_has_the_page_every_listing_has(site):
    run_build(site)

    page = read(site, "/penulis/raka-pratama/")
    assert "profile" not in page
    assert [graph["@graph"][0]["@type"] for graph in json_ld(page)] == ["CollectionPage"]


def test_the_page_of_all_authors_shows_each_ones_photo_and_role_where_kabar_yml_has_them(site):
    run_build(site)

    entries = lxml.html.fromstring(read(site, "/penulis/")).xpath("//ul[contains(@class, 'directory')]/li")
    shown = [
        (li.xpath("string(.//a)"), li.xpath(".//img/@src"), li.xpath("string(.//*[@class='directory-about'])"))
        for li in entries
    ]
    assert shown == [("Ayu Santoso", ["/foto/ayu.png"], "Wartawan Nasional"), ("Raka Pratama", [], "")]


def test_a_profile_is_matched_however_the_story_spells_the_name(make_site):
    root = make_site(
        {
            "kabar.yml": "title: Kabar Uji\nsearch: false\n"
            + PROFILES.replace("/foto/ayu.png", "https://cdn.example/a.png"),
            "content/2024/a.md": article(author="ayu  santoso"),
        }
    )

    assert run_build(root).warnings == []
    assert "Wartawan Nasional" in read(root, "/penulis/ayu-santoso/")


def test_every_mistake_in_the_profiles_is_reported_at_its_line(tmp_path):
    (tmp_path / "kabar.yml").write_text(
        "authors:\n"
        "  Ayu Santoso:\n"
        "    rol: Wartawan\n"
        "    photo: javascript:alert(1)\n"
        "    links: [x.com/ayu]\n"
        "  AYU SANTOSO: {role: Wartawan}\n"
        "  Raka Pratama: Redaktur\n"
        "  '!!': {}\n"
    )
    with pytest.raises(BuildError) as caught:
        load_config(tmp_path)

    path = tmp_path / "kabar.yml"
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3: unknown setting 'authors.Ayu Santoso.rol'; did you mean 'role'?",
        f"{path}:4: authors.Ayu Santoso.photo: 'javascript:alert(1)' must be a path on the site, like /foto/ayu.jpg, "
        "or an http(s) URL",
        f"{path}:5: authors.Ayu Santoso.links: 'x.com/ayu' must be an http(s) URL, like https://x.com/ayusantoso",
        f"{path}:6: authors.AYU SANTOSO: is 'Ayu Santoso' spelt another way: give it once",
        f"{path}:7: authors.Raka Pratama: must be 'key: value' lines: role, bio, photo, links",
        f"{path}:8: authors.!!: the name has no letters or digits to make a URL from",
    ]


def test_a_profile_no_story_uses_and_a_photo_the_site_lacks_are_warnings(make_site, capsys, monkeypatch):
    root = make_site(
        {
            "kabar.yml": "title: Kabar Uji\nsearch: false\n" + PROFILES.replace("Ayu Santoso:", "Ayu Santosa:"),
            "content/2024/a.md": article(author="Ayu Santoso"),
        }
    )
    monkeypatch.chdir(root)

    assert main(["check"]) == 0

    assert capsys.readouterr().err.splitlines() == [
        f"{Path('kabar.yml')}:4: warning: authors: 'Ayu Santosa' is no story's author; did you mean 'Ayu Santoso'?",
        f"{Path('kabar.yml')}:4: warning: authors.Ayu Santosa.photo: /foto/ayu.png is not a file of the site (put it "
        "under static/)",
    ]


def test_a_categorys_description_is_under_its_name_and_its_pages_and_feeds_description(make_site):
    root = make_site(
        {
            "kabar.yml": "title: Kabar Uji\nsearch: false\ncategories:\n  nasional: {description: Politik & hukum.}\n",
            "content/2024/a.md": article(),
            "content/2024/b.md": article(title="Gol", category="Olahraga"),
        }
    )

    assert run_build(root).warnings == []

    page = lxml.html.fromstring(read(root, "/kategori/nasional/"))
    assert page.xpath("string(//p[@class='list-intro'])") == "Politik & hukum."
    assert page.xpath("//meta[@name='description']/@content") == ["Politik & hukum."]
    (graph,) = json_ld(read(root, "/kategori/nasional/"))
    assert graph["@graph"][0]["description"] == "Politik & hukum."
    feed = (root / "public/kategori/nasional/feed.xml").read_text()
    assert "<description>Politik &amp; hukum.</description>" in feed
    other = read(root, "/kategori/olahraga/")
    assert "list-intro" not in other and 'content="Kategori: Olahraga — Kabar Uji"' in other


def test_a_category_no_story_has_is_a_warning_with_the_one_meant(make_site):
    root = make_site(
        {
            "kabar.yml": "title: Kabar Uji\nsearch: false\ncategories:\n  Nasionl: {description: Politik.}\n",
            "content/2024/a.md": article(),
        }
    )

    assert [str(w) for w in run_build(root).warnings] == [
        "kabar.yml:4: categories: 'Nasionl' is no story's category; did you mean 'Nasional'?"
    ]
