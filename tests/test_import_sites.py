"""kabar import of Jekyll, Hugo, Zola and Pelican sites and of RSS/Atom feeds (tests/sites/import/<kind>/).

The fixtures are small sites written from each system's public docs; the tests read the files the import writes.
"""

from __future__ import annotations

import os
from pathlib import Path

import feedparser
import pytest
import yaml

from kabar.cli import main
from kabar.importing.run import import_site
from kabar.urls import slugify

from .conftest import SITES, run_build, write_files

SOURCES = SITES / "import"


def imported(kind: str, into: Path, source: str | None = None) -> list[str]:
    """Import tests/sites/import/KIND (or SOURCE) into INTO; the report's lines."""
    return import_site(source or str(SOURCES / kind), into).lines()


def front(site: Path, path: str) -> dict:
    """The front matter of the Markdown file PATH of SITE."""
    return yaml.safe_load((site / path).read_text("utf-8").split("---\n")[1])


def body(site: Path, path: str) -> str:
    return (site / path).read_text("utf-8").split("---\n", 2)[2]


def tree(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


# Jekyll


def test_jekyll_post_front_matter_maps_to_kabars(tmp_path):
    imported("jekyll", tmp_path)
    assert front(tmp_path, "content/2024/03/banjir-bekasi.md") == {
        "title": "Banjir Rendam Bekasi",
        "date": "2024-03-05T09:30:00+07:00",
        "category": "Berita",
        "author": "Ayu Santoso",
        "tags": ["Banjir", "bekasi", "hujan"],
        "summary": "Ribuan rumah terendam.",
        "image": "/assets/img/banjir.png",
        "image_alt": "Warga menyeberangi banjir",
        "slug": "banjir-bekasi",
        "aliases": ["/berita/banjir/2024/03/05/banjir-bekasi/", "/lama/banjir/"],
        "guid": "https://lama.example/berita/banjir/2024/03/05/banjir-bekasi",  # jekyll-feed's entry id
    }
    assert (tmp_path / "static/assets/img/banjir.png").read_bytes() == (
        SOURCES / "jekyll/assets/img/banjir.png"
    ).read_bytes()


def test_jekyll_dates_names_folders_and_drafts(tmp_path):
    imported("jekyll", tmp_path)
    gempa = front(tmp_path, "content/2024/03/gempa-cianjur.md")
    assert (gempa["date"], gempa["tags"], gempa["author"]) == ("2024-03-06", ["gempa", "cianjur"], "Redaksi Lama")
    pemilu = front(tmp_path, "content/2024/03/hitung-cepat.md")
    assert (pemilu["category"], pemilu["author"]) == ("nasional", ["Raka Pratama", "Dewi Lestari"])
    assert front(tmp_path, "content/2024/03/belum-terbit.md")["draft"] is True
    assert front(tmp_path, "content/2024/04/rencana-liputan.md")["draft"] is True
    assert front(tmp_path, "content/2024/03/judul-aneh.md")["title"] == "Judul_aneh"  # Jekyll's title from the name


def test_jekyll_permalinks_kept_as_pattern_or_aliases(tmp_path):
    imported("jekyll", tmp_path)
    settings = yaml.safe_load((tmp_path / "kabar.yml").read_text("utf-8"))
    assert settings == {
        "title": "Kabar Lama",
        "tagline": "Berita dari Jekyll",
        "base_url": "https://lama.example",
        "lang": "id",
        "timezone": "Asia/Jakarta",
        "permalinks": {"article": "/:category/:year/:month/:day/:slug/"},
    }
    assert front(tmp_path, "content/2024/03/gempa-cianjur.md").get("aliases") is None  # the same URL as before
    assert front(tmp_path, "content/2024/03/permalink-sendiri.md")["aliases"] == ["/ekonomi/harga-beras.html"]
    assert front(tmp_path, "content/2024/03/tanpa-kategori.md")["aliases"] == ["/2024/03/07/tanpa-kategori/"]
    # Jekyll put the URL on the site's day (Asia/Jakarta); kabar keeps the date's own offset.
    assert front(tmp_path, "content/2025/01/zona-waktu.md")["aliases"] == ["/dunia/2025/01/30/zona-waktu/"]
    assert front(tmp_path, "pages/tentang.md") == {"title": "Tentang Kami", "summary": "Siapa kami."}
    assert front(tmp_path, "pages/redaksi.md") == {"title": "Redaksi", "aliases": ["/redaksi.html"]}


def test_jekyll_liquid_converted_where_it_has_a_plain_equivalent(tmp_path):
    report = imported("jekyll", tmp_path)
    assert body(tmp_path, "content/2024/03/banjir-bekasi.md") == (
        "Hujan deras sejak malam. ![Banjir](/assets/img/banjir.png)\n\n"
        "Baca juga [gempa](/nasional/2024/03/06/gempa-cianjur/).\n"
    )
    assert body(tmp_path, "content/2024/03/gempa-cianjur.md").endswith(
        '```python\nprint("{{ bukan liquid }}")\n```\n\n{{ tetap }}\n'
    )
    assert "Lihat [tentang](/tentang/)." in body(tmp_path, "content/2024/03/permalink-sendiri.md")
    assert (
        "_posts/2024-03-07-tanpa-kategori.md:4: {% include iklan.html %}: no plain equivalent in kabar; "
        "left as written" in report
    )


def test_jekyll_files_that_cannot_be_imported_are_reported_and_the_others_imported(tmp_path):
    report = imported("jekyll", tmp_path)
    assert report[0] == "imported: 10 articles, 2 pages, 1 files"
    assert any(line.startswith("_posts/2024-03-11-rusak.md:2: invalid YAML") for line in report)
    assert (
        "_posts/catatan-tanpa-tanggal.md: is not named YYYY-MM-DD-title.md, so Jekyll never published it; "
        "not imported" in report
    )
    assert "_posts/2024-03-07-tanpa-kategori.md: has no category: put in 'Berita'" in report
    assert not (tmp_path / "content/2024/03/rusak.md").exists()


def test_jekyll_drafts_are_imported_unpublished_dated_by_their_front_matter_or_else_their_files_time(tmp_path):
    source = write_files(
        tmp_path / "lama",
        {
            "_config.yml": "title: Kabar Lama\nurl: https://site.example\ntimezone: Asia/Jakarta\n",
            "_drafts/rencana-liputan.md": "---\ntitle: Rencana Liputan\ncategory: Internal\n---\nDraf.\n",
            "_drafts/bertanggal.md": "---\ntitle: Bertanggal\ndate: 2024-04-02 09:00\n---\nDraf.\n",
        },
    )
    os.utime(source / "_drafts/rencana-liputan.md", (1711954800, 1711954800))  # 2024-04-01 07:00 UTC
    report = imported("jekyll", tmp_path / "site", str(source))
    assert report[0] == "imported: 2 articles"
    undated = front(tmp_path / "site", "content/2024/04/rencana-liputan.md")
    assert (undated["date"], undated["draft"]) == ("2024-04-01T14:00:00+07:00", True)  # in the site's time zone
    assert (
        "_drafts/rencana-liputan.md: a draft with no date: dated 2024-04-01T14:00:00+07:00, its file's modification "
        "time; imported with draft: true" in report
    )
    dated = front(tmp_path / "site", "content/2024/04/bertanggal.md")
    assert (dated["date"], dated["draft"]) == ("2024-04-02 09:00", True)
    assert "guid" not in dated  # never in the old site's feed


def test_jekyll_articles_keep_the_id_jekyll_feed_gave_them_as_guid(tmp_path):
    source = write_files(
        tmp_path / "lama",
        {
            "_config.yml": (
                "url: https://site.example\nbaseurl: /kabar\npermalink: /:categories/:year/:month/:day/:title/\n"
            ),
            "nasional/_posts/2024-03-08-gempa-dini-hari.md": "---\ntitle: Gempa Dini Hari\n---\nGempa.\n",
            "_posts/2024-03-09-harga-beras.md": (
                "---\ntitle: Harga Beras\ncategory: Ekonomi\nslug: beras-naik\npermalink: /ekonomi/harga-beras.html\n"
                "---\nNaik.\n"
            ),
        },
    )
    report = imported("jekyll", tmp_path / "site", str(source))
    # jekyll-feed's <id> is `post.id | absolute_url`: the URL's folder and the post's slug, after url and baseurl.
    gempa = front(tmp_path / "site", "content/2024/03/gempa-dini-hari.md")
    assert gempa["guid"] == "https://site.example/kabar/nasional/2024/03/08/gempa-dini-hari"
    beras = front(tmp_path / "site", "content/2024/03/beras-naik.md")
    assert beras["guid"] == "https://site.example/kabar/ekonomi/beras-naik"
    assert not any("guid" in line for line in report)

    write_files(source, {"_config.yml": "title: Kabar Lama\n"})  # the old site's address unknown
    report = imported("jekyll", tmp_path / "tanpa-url", str(source))
    assert "guid" not in front(tmp_path / "tanpa-url", "content/2024/03/gempa-dini-hari.md")
    assert [line for line in report if "guid" in line] == [
        "_config.yml: no 'url' (the old site's address): the ids its feed gave the posts are unknown, so the "
        "articles have no guid, and feed readers may show recent stories as new once"
    ]


# Hugo


def test_hugo_front_matter_yaml_and_toml_maps_to_kabars(tmp_path):
    imported("hugo", tmp_path)
    # No slug: Hugo's :slug is the title, urlized, and so is kabar's (the address stays)
    assert front(tmp_path, "content/2024/03/banjir-rendam-bekasi.md") == {
        "title": "Banjir Rendam Bekasi",
        "date": "2024-03-05T09:30:00+07:00",
        "category": "Nasional",
        "author": "Ayu Santoso",
        "tags": ["Banjir", "bekasi"],
        "summary": "Ribuan rumah terendam.",
        "updated": "2024-03-06T08:00:00+07:00",
        "slug": "banjir-rendam-bekasi",
        "aliases": ["/lama/banjir/", "/posts/banjir-lama"],
        "guid": "https://hugo.example/2024/03/banjir-rendam-bekasi/",  # the old RSS's <guid>: its permalink
    }
    draft = front(tmp_path, "content/2024/03/rancangan-anggaran.md")
    assert (draft["date"], draft["slug"], draft["draft"]) == ("2024-03-07", "rancangan-anggaran", True)
    assert front(tmp_path, "pages/about.md") == {"title": "Tentang Kami", "summary": "Siapa kami."}


def test_hugo_permalinks_and_urls_kept(tmp_path):
    imported("hugo", tmp_path)
    settings = yaml.safe_load((tmp_path / "kabar.yml").read_text("utf-8"))
    assert settings == {
        "title": "Kabar Hugo",
        "tagline": "Berita dari Hugo",
        "base_url": "https://hugo.example",
        "lang": "id",
        "timezone": "Asia/Makassar",
        "permalinks": {"article": "/:year/:month/:slug/"},
        "redirects": {  # the old feeds, section list and taxonomy pages: see the tests below
            "/categories/banjir/": "/tag/banjir/",  # only ever a second category: a tag, and the site's feed
            "/categories/banjir/index.xml": "/feed.xml",
            "/categories/ekonomi/": "/kategori/ekonomi/",
            "/categories/ekonomi/index.xml": "/kategori/ekonomi/feed.xml",
            "/categories/nasional/": "/kategori/nasional/",
            "/categories/nasional/index.xml": "/kategori/nasional/feed.xml",
            "/categories/teknologi/": "/kategori/teknologi/",
            "/categories/teknologi/index.xml": "/kategori/teknologi/feed.xml",
            "/index.xml": "/feed.xml",
            "/posts/": "/",
            "/posts/index.xml": "/feed.xml",
            "/tags/bekasi/": "/tag/bekasi/",
            "/tags/bekasi/index.xml": "/feed.xml",
        },
    }
    assert "aliases" not in front(tmp_path, "content/2024/03/kode-pendek.md")  # the same URL as before
    assert front(tmp_path, "content/2024/03/url-sendiri.md")["aliases"] == ["/khusus/url-sendiri/"]


def test_hugo_page_bundle_files_copied_and_their_links_rewritten(tmp_path):
    imported("hugo", tmp_path)  # the bundle posts/gempa-cianjur/, titled "Gempa Guncang Cianjur", had no slug
    assert (tmp_path / "content/2024/03/gempa-guncang-cianjur/foto.jpg").read_bytes() == (
        SOURCES / "hugo/content/posts/gempa-cianjur/foto.jpg"
    ).read_bytes()
    meta = front(tmp_path, "content/2024/03/gempa-guncang-cianjur.md")
    assert meta["image"] == "/2024/03/gempa-guncang-cianjur/foto.jpg"
    assert body(tmp_path, "content/2024/03/gempa-guncang-cianjur.md") == (
        "![Rumah roboh](/2024/03/gempa-guncang-cianjur/foto.jpg)\n\n"
        '<figure><img src="/2024/03/gempa-guncang-cianjur/foto.jpg" alt="Rumah roboh">'
        "<figcaption>Rumah warga roboh.</figcaption></figure>\n\nRumah warga rusak berat.\n"
    )
    assert (tmp_path / "static/images/logo.png").is_file()
    assert not list(tmp_path.rglob("single.html"))  # a theme's templates are not the site's


def test_hugo_shortcodes_converted_or_reported_with_their_line(tmp_path):
    report = imported("hugo", tmp_path)
    assert body(tmp_path, "content/2024/03/banjir-rendam-bekasi.md").endswith(
        "Lihat juga [gempa](/2024/03/gempa-guncang-cianjur/) dan [tentang](/about/).\n"
    )
    assert body(tmp_path, "content/2024/03/kode-pendek.md") == (
        "[YouTube: dQw4w9WgXcQ](https://www.youtube.com/watch?v=dQw4w9WgXcQ)\n\n"
        '{{< tweet user="kabar" id="1" >}}\n\n'
        '```go\nfmt.Println("halo")\n```\n\n'
        'Tulis {{< figure src="x.jpg" >}} untuk gambar.\n'
    )
    assert (
        'content/posts/kode-pendek.md:8: {{< tweet user="kabar" id="1" >}}: no plain equivalent in kabar; '
        "left as written" in report
    )
    assert any(line.startswith("content/posts/rusak.md:2: invalid TOML") for line in report)


def test_hugo_keeps_unpublished_what_hugo_was_not_publishing(tmp_path):
    source = write_files(
        tmp_path / "lama",
        {
            "hugo.toml": 'baseURL = "https://hugo.example/"\ntitle = "Kabar Hugo"\ntimeZone = "Asia/Jakarta"\n',
            "content/posts/lewat.md": "---\ntitle: Lewat\ndate: 2024-03-01\nexpiryDate: 2024-06-01\n---\nX.\n",
            "content/posts/tayang.md": "---\ntitle: Tayang\ndate: 2024-03-02\nexpiryDate: 2999-01-01\n---\nX.\n",
            "content/posts/terjadwal.md": (
                "+++\ntitle = 'Terjadwal'\ndate = 2024-03-03T08:00:00+07:00\npublishDate = 2999-01-01T08:00:00+07:00\n"
                "+++\nX.\n"
            ),
            "content/posts/rancangan.md": "---\ntitle: Rancangan\ndate: 2024-03-04\ndraft: true\n---\nX.\n",
            "content/posts/nanti.md": "---\ntitle: Nanti\ndate: 2999-02-01\n---\nX.\n",
        },
    )
    site = tmp_path / "site"
    report = imported("hugo", site, str(source))
    assert front(site, "content/2024/03/lewat.md")["draft"] is True
    assert (
        "content/posts/lewat.md: expiryDate 2024-06-01 has passed, so Hugo no longer published it: imported "
        "with draft: true" in report
    )
    assert "draft" not in front(site, "content/2024/03/tayang.md")
    assert (
        "content/posts/tayang.md: expiryDate 2999-01-01: kabar has no expiry; set draft: true then to take it "
        "down" in report
    )
    scheduled = front(site, "content/2999/01/terjadwal.md")  # Hugo's publishDate: kabar's date schedules it
    assert (scheduled["date"], scheduled.get("draft")) == ("2999-01-01T08:00:00+07:00", None)
    assert (
        "content/posts/terjadwal.md: publishDate 2999-01-01T08:00:00+07:00 is to come: dated then, when kabar "
        "publishes it" in report
    )
    assert front(site, "content/2024/03/rancangan.md")["draft"] is True
    assert front(site, "content/2999/02/nanti.md")["date"] == "2999-02-01"
    run_build(site)
    published = {path.parent.name for path in (site / "public/posts").glob("*/index.html")}  # Hugo's /posts/:slug/
    assert published == {"tayang"}


def test_hugo_articles_keep_their_old_permalink_as_guid(tmp_path):
    source = write_files(
        tmp_path / "lama",
        {
            "hugo.toml": 'baseURL = "https://hugo.example/blog/"\n[permalinks]\nposts = "/:year/:month/:slug/"\n',
            "content/posts/banjir.md": "---\ntitle: Banjir\ndate: 2024-03-05\n---\nX.\n",
            "content/berita/gempa.md": "---\ntitle: Gempa\ndate: 2024-03-06\n---\nX.\n",
        },
    )
    report = imported("hugo", tmp_path / "site", str(source))
    # Hugo's RSS template: <guid>{{ .Permalink }}</guid>, baseURL's folder included.
    assert front(tmp_path / "site", "content/2024/03/banjir.md")["guid"] == "https://hugo.example/blog/2024/03/banjir/"
    assert front(tmp_path / "site", "content/2024/03/gempa.md")["guid"] == "https://hugo.example/blog/berita/gempa/"
    assert not any("guid" in line for line in report)

    write_files(source, {"hugo.toml": 'baseURL = "/"\n'})  # the old site's address unknown
    report = imported("hugo", tmp_path / "tanpa-url", str(source))
    assert "guid" not in front(tmp_path / "tanpa-url", "content/2024/03/banjir.md")
    assert [line for line in report if "guid" in line] == [
        "hugo.toml: no 'baseURL' (the old site's address): the ids its feed gave the posts are unknown, so the "
        "articles have no guid, and feed readers may show recent stories as new once"
    ]


def hugo_post(title: str, day: int = 5, more: str = "categories: [Nasional]\n") -> str:
    """A Hugo article's text: its title, a date in March 2024, and MORE front matter lines."""
    return f"---\ntitle: {title}\ndate: 2024-03-{day:02d}\n{more}---\nIsi.\n"


def settings_of(site: Path) -> dict:
    return yaml.safe_load((site / "kabar.yml").read_text("utf-8"))


@pytest.mark.parametrize(
    ("permalinks", "kept"),
    [
        ('[permalinks]\nposts = "/:section/:year/:month/:slug/"\n', "/posts/:year/:month/:slug/"),  # one section
        ('[permalinks.page]\nposts = "/:sections/:slug/"\n', "/posts/:slug/"),
        ("", "/posts/:slug/"),  # Hugo's default: the section's folder, then the slug or the file's name
    ],
)
def test_hugo_articles_keep_their_addresses_with_the_section_as_a_word_of_the_pattern(tmp_path, permalinks, kept):
    source = write_files(
        tmp_path / "lama",
        {
            "hugo.toml": f'baseURL = "https://hugo.example/"\n{permalinks}',
            "content/posts/banjir.md": hugo_post("Banjir Bekasi", 5, "slug: banjir\n"),
            "content/posts/gempa.md": hugo_post("Gempa", 6),
        },
    )
    site = tmp_path / "site"
    report = imported("hugo", site, str(source))
    assert settings_of(site)["permalinks"] == {"article": kept}
    assert [front(site, f"content/2024/03/{name}.md").get("aliases") for name in ("banjir", "gempa")] == [None, None]
    assert not [line for line in report if line.startswith("permalinks:")]
    run_build(site, strict=True)
    assert (site / "public" / kept.replace(":year/:month", "2024/03").replace(":slug", "banjir")[1:]).is_dir()


def test_hugo_slug_is_the_title_urlized_when_the_front_matter_has_none(tmp_path):
    """Hugo's :slug is the front matter's slug, else the title, each through its urlize (lower case, spaces as
    hyphens, most punctuation dropped): the article keeps that address, or has it as an alias where kabar's slug
    spells it otherwise."""
    source = write_files(
        tmp_path / "lama",
        {
            "hugo.toml": 'baseURL = "https://hugo.example/"\n[permalinks]\nposts = "/:year/:month/:slug/"\n',
            "content/posts/banjir.md": hugo_post("'Banjir Rendam Bekasi: 3 Tewas!'", 5),
            "content/posts/cpp.md": hugo_post("Apa itu C++?", 6),
            "content/posts/gempa.md": hugo_post("Gempa", 7, "categories: [Nasional]\nslug: Gempa Garut\n"),
        },
    )
    site = tmp_path / "site"
    imported("hugo", site, str(source))
    banjir = front(site, "content/2024/03/banjir-rendam-bekasi-3-tewas.md")
    assert (banjir["slug"], banjir.get("aliases")) == ("banjir-rendam-bekasi-3-tewas", None)  # the address stays
    assert banjir["guid"] == "https://hugo.example/2024/03/banjir-rendam-bekasi-3-tewas/"
    cpp = front(site, "content/2024/03/apa-itu-c.md")
    assert (cpp["slug"], cpp["aliases"]) == ("apa-itu-c", ["/2024/03/apa-itu-c++/"])  # urlize keeps '+'
    gempa = front(site, "content/2024/03/gempa-garut.md")  # a slug of the front matter is urlized too
    assert (gempa["slug"], gempa.get("aliases")) == ("gempa-garut", None)
    run_build(site, strict=True)
    assert "/2024/03/apa-itu-c/" in (site / "public/2024/03/apa-itu-c++/index.html").read_text("utf-8")
    assert (site / "public/2024/03/banjir-rendam-bekasi-3-tewas/index.html").is_file()


def test_hugo_articles_whose_addresses_change_are_said_in_one_report_line(tmp_path):
    source = write_files(
        tmp_path / "lama",
        {
            "hugo.toml": 'baseURL = "https://hugo.example/"\n',
            "content/posts/banjir.md": hugo_post("Banjir"),
            "content/posts/gempa.md": hugo_post("Gempa"),
            "content/berita/pemilu.md": hugo_post("Pemilu"),  # another section: most articles' pattern is kept
        },
    )
    report = imported("hugo", tmp_path / "dua-seksi", str(source))
    assert settings_of(tmp_path / "dua-seksi")["permalinks"] == {"article": "/posts/:slug/"}
    assert front(tmp_path / "dua-seksi", "content/2024/03/pemilu.md")["aliases"] == ["/berita/pemilu/"]
    assert [line for line in report if line.startswith("permalinks:")] == [
        "permalinks: the addresses of 1 article(s) change from /berita/:slug/ to /posts/:slug/; each old address is"
        " an alias"
    ]

    (source / "content/berita/pemilu.md").unlink()
    write_files(source, {"hugo.toml": '[permalinks]\nposts = "/:year/:monthname/:slug/"\n'})  # no kabar token
    report = imported("hugo", tmp_path / "nama-bulan", str(source))
    assert "permalinks" not in settings_of(tmp_path / "nama-bulan")
    assert front(tmp_path / "nama-bulan", "content/2024/03/banjir.md")["aliases"] == ["/2024/march/banjir/"]
    assert [line for line in report if line.startswith("permalinks:")] == [
        "permalinks: the articles' addresses change from /:year/:monthname/:slug/ to /:year/:month/:day/:slug/; each"
        " old address is an alias"
    ]


def test_hugo_old_feeds_section_lists_and_taxonomy_pages_lead_to_their_new_equivalents(tmp_path):
    """12 stories, 10 a page as Hugo pages them: Ekonomi the first category of 2 (kabar's category) and the second
    of 10 (tags in kabar), so its old page 2 is the new category's first."""
    files = {"hugo.toml": 'baseURL = "https://hugo.example/"\ntitle = "Kabar Hugo"\n'}
    for number in range(1, 13):
        categories = "[Nasional, Ekonomi]" if number <= 10 else "[Ekonomi]"
        tags = "[Bekasi, Ekonomi & Bisnis]" if number == 1 else "[Bekasi]"
        more = f"categories: {categories}\ntags: {tags}\n"
        files[f"content/posts/berita-{number}.md"] = hugo_post(f"Berita {number}", number, more)
    files["content/posts/rancangan.md"] = hugo_post("Rancangan", 13, "categories: [Rahasia]\ndraft: true\n")
    source = write_files(tmp_path / "lama", files)
    site = tmp_path / "site"
    report = imported("hugo", site, str(source))
    assert settings_of(site)["redirects"] == {
        "/index.xml": "/feed.xml",  # Hugo's RSS of the site
        "/posts/": "/",  # the section's list
        "/posts/index.xml": "/feed.xml",
        "/posts/page/2/": "/page/2/",
        "/categories/nasional/": "/kategori/nasional/",
        "/categories/nasional/index.xml": "/kategori/nasional/feed.xml",  # a category keeps its feed
        "/categories/ekonomi/": "/kategori/ekonomi/",
        "/categories/ekonomi/index.xml": "/kategori/ekonomi/feed.xml",
        "/categories/ekonomi/page/2/": "/kategori/ekonomi/",  # 12 stories then, 2 now
        "/tags/bekasi/": "/tag/bekasi/",
        "/tags/bekasi/index.xml": "/feed.xml",  # kabar has no tag feeds: the site's
        "/tags/bekasi/page/2/": "/tag/bekasi/page/2/",
        "/tags/ekonomi-bisnis/": "/tag/ekonomi-bisnis/",  # Hugo's urlize of "Ekonomi & Bisnis"
        "/tags/ekonomi-bisnis/index.xml": "/feed.xml",
    }  # nothing for Rahasia, a draft's: the old site never showed it
    assert [line for line in report if line.startswith(("feeds:", "listings:"))] == [
        "feeds: kabar has feeds for the site and each category only: the old feeds of sections and tags"
        " (/posts/index.xml, /tags/bekasi/index.xml...) lead to the site's feed, /feed.xml",
        "listings: kabar has no page that lists every category or tag: /categories/ and /tags/ lead nowhere",
    ]
    run_build(site, strict=True)  # every redirect leads to a page or a feed of the site
    public = site / "public"
    moved = (public / "categories/ekonomi/page/2/index.html").read_text("utf-8")
    assert '<a href="/kategori/ekonomi/">' in moved
    assert "/index.xml /feed.xml 301" in (public / "_redirects").read_text("utf-8")


def test_hugo_taxonomies_are_the_ones_its_settings_name(tmp_path):
    source = write_files(
        tmp_path / "lama",
        {
            "hugo.toml": (
                'baseURL = "https://hugo.example/"\n[taxonomies]\ncategory = "rubrik"\ntag = "topik"\n'
                "[pagination]\npagerSize = 1\n"
            ),
            "content/posts/banjir.md": hugo_post("Banjir", 5, "rubrik: [Nasional]\ntopik: [Banjir]\n"),
            "content/posts/gempa.md": hugo_post("Gempa", 6, "rubrik: [Nasional]\n"),
        },
    )
    site = tmp_path / "site"
    imported("hugo", site, str(source))
    assert front(site, "content/2024/03/banjir.md")["category"] == "Nasional"
    assert {old: new for old, new in settings_of(site)["redirects"].items() if not old.endswith(".xml")} == {
        "/posts/": "/",
        "/posts/page/2/": "/",  # one story a page then, ten now
        "/rubrik/nasional/": "/kategori/nasional/",
        "/rubrik/nasional/page/2/": "/kategori/nasional/",
        "/topik/banjir/": "/tag/banjir/",
    }


# Zola


def test_zola_front_matter_maps_to_kabars_and_old_paths_become_aliases(tmp_path):
    report = imported("zola", tmp_path)
    assert front(tmp_path, "content/2024/03/banjir-bekasi.md") == {
        "title": "Banjir Rendam Bekasi",
        "date": "2024-03-05T09:30:00+07:00",
        "category": "Nasional",
        "author": "Ayu Santoso",
        "tags": ["Banjir", "bekasi"],
        "summary": "Ribuan rumah terendam.",
        "slug": "banjir-bekasi",
        "aliases": ["/blog/banjir-bekasi/", "/lama/banjir/"],
    }
    dated = front(tmp_path, "content/2024/03/gempa-cianjur.md")  # the date and slug from its folder's name
    assert (dated["date"], dated["aliases"]) == ("2024-03-06", ["/blog/gempa-cianjur/"])
    assert front(tmp_path, "content/2024/03/tidak-dipakai.md")["aliases"] == ["/khusus/path-sendiri/"]
    assert front(tmp_path, "pages/tentang.md") == {"title": "Tentang Kami"}
    assert "content/blog/tanpa-tanggal.md:1: has no valid 'date'; not imported" in report


def test_zola_links_shortcodes_and_colocated_files(tmp_path):
    report = imported("zola", tmp_path)
    assert body(tmp_path, "content/2024/03/banjir-bekasi.md") == (
        "Hujan deras. Lihat [gempa](/2024/03/06/gempa-cianjur/#korban) dan [tentang](/tentang/).\n\n"
        "[YouTube: dQw4w9WgXcQ](https://www.youtube.com/watch?v=dQw4w9WgXcQ)\n\n"
        '{{ peta(lokasi="Bekasi") }}\n\n'
        'Tulis {{ youtube(id="x") }} untuk video.\n'
    )
    assert (
        'content/blog/banjir-bekasi.md:16: {{ peta(lokasi="Bekasi") }}: no plain equivalent in kabar; '
        "left as written" in report
    )
    assert (tmp_path / "content/2024/03/gempa-cianjur/foto.jpg").read_bytes() == (
        SOURCES / "zola/content/blog/2024-03-06-gempa-cianjur/foto.jpg"
    ).read_bytes()
    assert body(tmp_path, "content/2024/03/gempa-cianjur.md").startswith(
        "![Rumah roboh](/2024/03/gempa-cianjur/foto.jpg)\n"
    )
    assert (tmp_path / "static/img/peta.png").is_file()


# Pelican


def test_pelican_metadata_maps_to_kabars(tmp_path):
    imported("pelican", tmp_path)
    assert front(tmp_path, "content/2024/03/banjir-bekasi.md") == {
        "title": "Banjir Rendam Bekasi",
        "date": "2024-03-05 09:30",
        "category": "nasional",  # its folder, as Pelican's USE_FOLDER_AS_CATEGORY makes it
        "author": ["Ayu Santoso", "Raka Pratama"],
        "tags": ["banjir", "bekasi"],
        "summary": "Ribuan rumah terendam di tiga kecamatan.",
        "updated": "2024-03-06 08:00",
        "slug": "banjir-bekasi",
    }  # ARTICLE_URL is kabar's own pattern: no alias needed
    assert body(tmp_path, "content/2024/03/banjir-bekasi.md") == (
        "Hujan deras. ![Peta](/images/peta.png) Lihat [gempa](/2024/03/06/gempa-cianjur/) dan [tag](/tag/bekasi/).\n"
    )
    assert front(tmp_path, "pages/tentang-kami.md") == {
        "title": "Tentang Kami",
        "summary": "Siapa kami.",
        "aliases": ["/tentang-kami.html"],
    }
    assert (tmp_path / "static/images/peta.png").read_bytes() == (
        SOURCES / "pelican/content/images/peta.png"
    ).read_bytes()


def test_pelican_settings_are_read_without_running_pelicanconf(tmp_path):
    ran = Path("/tmp/kabar-pelican-ran")  # what pelicanconf.py's THEME = os.system(...) would make
    ran.unlink(missing_ok=True)
    report = imported("pelican", tmp_path)
    assert not ran.exists()
    assert "pelicanconf.py:14: THEME is computed, not written out: not read" in report
    assert yaml.safe_load((tmp_path / "kabar.yml").read_text("utf-8")) == {
        "title": "Kabar Pelican",
        "tagline": "Berita dari Pelican",
        "base_url": "https://pelican.example",
        "lang": "id",
        "timezone": "Asia/Jakarta",
        "markdown": {
            "engine": "python-markdown",
            "extensions": ["markdown.extensions.codehilite", "markdown.extensions.extra", "markdown.extensions.toc"],
            "extension_configs": {
                "markdown.extensions.codehilite": {"css_class": "highlight"},
                "markdown.extensions.toc": {"permalink": True},
            },
        },
    }


def test_pelican_restructuredtext_rendered_without_its_include_and_raw_directives(tmp_path):
    report = imported("pelican", tmp_path)
    gempa = front(tmp_path, "content/2024/03/gempa-cianjur.md")
    assert (gempa["title"], gempa["category"], gempa["tags"]) == ("Gempa Guncang Cianjur", "Nasional", ["gempa"])
    assert body(tmp_path, "content/2024/03/gempa-cianjur.md") == (
        '<div class="rst">\n<p>Gempa terjadi <strong>pagi ini</strong>.</p>\n</div>\n'
    )
    assert 'content/gempa.rst:12: "include" directive disabled.; left out' in report
    assert 'content/gempa.rst:14: "raw" directive disabled.; left out' in report


# RSS and Atom feeds


def test_feed_entries_become_articles_keeping_guid_and_old_address(tmp_path):
    report = imported("feed", tmp_path, str(SOURCES / "feed/rss.xml"))
    assert front(tmp_path, "content/2024/03/banjir-bekasi.md") == {
        "title": "Banjir Rendam Bekasi",
        "date": "2024-03-05T09:30:00+07:00",
        "category": "Nasional",
        "author": "Ayu Santoso",
        "tags": ["banjir"],
        "summary": "Ribuan rumah terendam.",
        "slug": "banjir-bekasi",
        "aliases": ["/berita/banjir-bekasi.html"],
        "guid": "https://lama.example/?p=123",
    }
    assert body(tmp_path, "content/2024/03/banjir-bekasi.md") == (
        "Hujan **deras** sejak malam.\n\n## Pengungsi\n\n![Banjir](https://lama.example/foto.jpg)\n"
    )  # its script is dropped
    gempa = front(tmp_path, "content/2024/03/gempa-guncang-cianjur.md")
    assert (gempa["aliases"], gempa["guid"]) == (["/?p=124"], "https://lama.example/?p=124")
    assert "author" not in gempa  # <author> held only an e-mail address
    assert "rss.xml entry 3: has no date; not imported" in report
    assert yaml.safe_load((tmp_path / "kabar.yml").read_text("utf-8")) == {
        "title": "Kabar Lama",
        "tagline": "Berita dari mana saja",
        "base_url": "https://lama.example",
        "lang": "id",
    }


def test_atom_entry_keeps_its_dates_offsets_and_id(tmp_path):
    imported("feed", tmp_path, str(SOURCES / "feed/atom.xml"))
    beras = front(tmp_path, "content/2024/03/harga-beras.md")
    assert (beras["date"], beras["updated"]) == ("2024-03-07T08:00:00+08:00", "2024-03-08T10:00:00+00:00")
    assert (beras["guid"], beras["aliases"]) == ("tag:atom.example,2024:beras", ["/2024/03/harga-beras/"])


def test_a_feed_url_that_cannot_be_fetched_is_an_error_and_nothing_is_written(tmp_path, capsys):
    assert main(["import", "http://127.0.0.1:9/feed.xml", "--into", str(tmp_path / "site")]) == 1
    assert "http://127.0.0.1:9/feed.xml: cannot fetch the feed (" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


# Every kind


def test_jekyll_and_pelican_articles_whose_addresses_change_are_said_in_one_report_line(tmp_path):
    """Jekyll's default permalink (the date style) and Pelican's ARTICLE_URL end in .html, which kabar's cannot."""
    jekyll = write_files(
        tmp_path / "jekyll",
        {"_config.yml": "title: Lama\n", "_posts/2024-03-05-banjir.md": "---\ntitle: Banjir\n---\nIsi.\n"},
    )
    pelican = write_files(
        tmp_path / "pelican",
        {"pelicanconf.py": "SITENAME = 'Lama'\n", "content/banjir.md": "Title: Banjir\nDate: 2024-03-05\n\nIsi.\n"},
    )
    said = {
        kind: [line for line in imported(kind, tmp_path / f"{kind}-site", str(source)) if "permalinks" in line]
        for kind, source in (("jekyll", jekyll), ("pelican", pelican))
    }
    assert said == {
        "jekyll": [
            "permalinks: the articles' addresses change from /:categories/:year/:month/:day/:title:output_ext to"
            " /:year/:month/:day/:slug/; each old address is an alias"
        ],
        "pelican": [
            "permalinks: the articles' addresses change from /{slug}.html to /:year/:month/:day/:slug/; each old"
            " address is an alias"
        ],
    }
    assert front(tmp_path / "jekyll-site", "content/2024/03/banjir.md")["aliases"] == ["/2024/03/05/banjir.html"]


@pytest.mark.parametrize("kind", ["jekyll", "hugo", "zola", "pelican", "feed/rss.xml"])
def test_importing_twice_gives_the_same_bytes(tmp_path, kind):
    imported(kind, tmp_path / "one")
    imported(kind, tmp_path / "two")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_a_folder_that_is_not_a_site_is_an_error_and_nothing_is_written(tmp_path, capsys):
    (tmp_path / "bukan-situs").mkdir()
    (tmp_path / "bukan-situs/catatan.md").write_text("# hanya catatan\n")
    assert main(["import", str(tmp_path / "bukan-situs"), "--into", str(tmp_path / "site")]) == 1
    assert "is not a site kabar can import" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


# Built: the imported site as kabar builds it


@pytest.mark.parametrize("kind", ["jekyll", "hugo", "zola", "pelican", "feed/rss.xml", "feed/atom.xml"])
def test_an_imported_site_builds_strictly_and_every_old_address_leads_to_its_article(tmp_path, kind):
    site = tmp_path / "site"
    imported(kind, site)
    run_build(site)  # not strict: the fixtures hold template syntax left on purpose, which kabar check warns of
    for path in sorted((site / "content").rglob("*.md")):
        meta = front(site, str(path.relative_to(site)))
        if meta.get("draft"):
            continue
        date = str(meta["date"])[:10].split("-")
        url = f"/{date[0]}/{date[1]}/{date[2]}/{meta['slug']}/"  # where no permalinks: setting says otherwise
        settings = yaml.safe_load((site / "kabar.yml").read_text("utf-8"))
        pattern = settings.get("permalinks", {}).get("article")
        if pattern:
            url = pattern.replace(":year", date[0]).replace(":month", date[1]).replace(":day", date[2])
            url = url.replace(":slug", meta["slug"]).replace(":category", slugify(meta["category"]))
        assert (site / "public" / url.lstrip("/") / "index.html").is_file(), url
        for alias in meta.get("aliases", []):
            if "?" in alias:
                continue  # a query string: served by the host's redirect file, not a page
            page = site / "public" / alias.lstrip("/")
            page = page / "index.html" if "." not in alias.rpartition("/")[2] else page  # /x and /x/: x/index.html
            assert url in page.read_text("utf-8"), alias


def test_an_imported_feeds_guids_are_kept_in_the_new_feed(tmp_path):
    site = tmp_path / "site"
    report = imported("feed", site, str(SOURCES / "feed/rss.xml"))
    said = "image https://lama.example/foto.jpg is a file of the old site, not in the feed: save it as static/foto.jpg"
    assert any(line.endswith(said) for line in report)
    write_files(site, {"static/foto.jpg": "foto"})  # as the publisher does, told so
    run_build(site, strict=True)
    ids = {entry.id for entry in feedparser.parse((site / "public/feed.xml").read_bytes()).entries}
    assert {"https://lama.example/?p=123", "https://lama.example/?p=124"} <= ids
