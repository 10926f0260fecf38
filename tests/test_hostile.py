"""Hostile content: front matter is text wherever kabar writes it, and no name makes a file outside public/.

One table of hostile strings; each goes into every field of one article
(title, summary, category, tag, author, image_alt), and the built site is
read back file by file: HTML pages with an HTML5 parser (Lexbor, which
builds the tree a browser builds), JSON-LD blocks and JSON Feeds with
json.loads, RSS feeds with feedparser and lxml, sitemaps with lxml. Article
bodies are trusted HTML unless `safe_html: true`, tested at the end.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from selectolax.lexbor import LexborHTMLParser, LexborNode

from kabar.body import to_html

from .conftest import article, run_build, write_files

# name -> (what the author writes, what a reader is shown). Only control characters are not shown:
# XML 1.0 cannot hold them, so kabar drops them (and a reader never saw them).
HOSTILE = {
    "script": ("</script><script>alert(1)</script>",) * 2,
    "attribute": ('"><img src=x onerror=alert(1)>',) * 2,
    "quote": ("'><svg onload=alert(1)>",) * 2,
    "cdata": ("]]> <![CDATA[ x ]]>",) * 2,
    "comment": ("<!--<script>alert(1)//-->",) * 2,
    "template": ("{{ 7*7 }} {% raw %}${7*7}",) * 2,
    "entity": ("&amp; &lt;b&gt; &#60;i&#62;",) * 2,
    "url": ("javascript:alert(1)",) * 2,
    "json": ('", "@type": "Person", "x": "\\u003c/script>',) * 2,
    "separators": ("a\u2028b\u2029c\u202ed",) * 2,
    "control": ("a\x00b\x01c\x08d\x0be\x0cf\x1bg\x7fh\x85i\x9fj\ufffek\uffffl", "abcdefghijkl"),
}
FIELDS = ("title", "summary", "category", "tag", "author", "image_alt")
LABELS = {"title": "Judul", "summary": "Ringkasan", "category": "Rubrik", "tag": "Topik", "author": "Penulis"}
LABELS["image_alt"] = "Foto"
BODY_CONTROLS = "Isi\x01 berita\x0c ini\x1b."  # written raw into the file, below the front matter
# The theme's own (alamat-lama.js: the 404 page's, for old addresses); the rest are JSON-LD
THEME_SCRIPTS = {"/pagefind/pagefind-ui.js", "/js/cari.js", "/js/kabar.js", "/js/alamat-lama.js"}
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def written(name: str, field: str) -> str:
    return f"{LABELS[field]} {name} {HOSTILE[name][0]}"


def shown(name: str, field: str) -> str:
    return f"{LABELS[field]} {name} {HOSTILE[name][1]}"


def yaml_text(value: str) -> str:
    """VALUE as a YAML double-quoted scalar (JSON's escapes are YAML's), so control characters can be written."""
    return json.dumps(value)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "site"
    files: dict[str, str | bytes] = {"kabar.yml": "base_url: https://uji.example\n"}
    for number, name in enumerate(HOSTILE):
        files[f"content/{name}.md"] = article(
            title=yaml_text(written(name, "title")),
            date=f"2026-11-22 {number:02}:00",  # within two days of NOW: in the news sitemap too
            category=yaml_text(written(name, "category")),
            tags=f"[{yaml_text(written(name, 'tag'))}]",
            author=yaml_text(written(name, "author")),
            summary=yaml_text(written(name, "summary")),
            image="/logo.png",
            image_alt=yaml_text(written(name, "image_alt")),
            slug=name,
            body=BODY_CONTROLS,
        )
    run_build(write_files(root, files))
    return root / "public"


def article_page(public: Path, name: str) -> LexborHTMLParser:
    return parse_html(public / f"2026/11/22/{name}/index.html")


def parse_html(path: Path) -> LexborHTMLParser:
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def elements(doc: LexborHTMLParser) -> Iterator[LexborNode]:
    yield from doc.root.traverse(include_text=False)


def files(public: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in public.rglob("*") if p.is_file() and p.suffix in suffixes)


# ---------------------------------------------------------------- nothing becomes markup


def test_no_page_has_a_script_or_event_handler_that_front_matter_made(hostile):
    pages = files(hostile, ".html")
    assert len(pages) > 4 * len(HOSTILE)  # articles, their category, tag and author pages, archives ...
    for path in pages:
        doc = parse_html(path)
        for node in elements(doc):
            attributes = node.attributes
            handlers = [name for name in attributes if name.lower().startswith("on")]
            assert handlers == [], (path, node.html)
            assert node.tag not in ("svg", "iframe", "object", "embed", "base", "math"), (path, node.html)
            if node.tag == "script":
                known = attributes.get("src") in THEME_SCRIPTS or attributes == {"type": "application/ld+json"}
                assert known, (path, node.html)
            if node.tag == "img":
                src = attributes["src"]  # the articles' image (one of its variants), nothing else
                assert src == "/logo.png" or re.fullmatch(r"/gambar/[0-9a-f]{16}/[0-9x]+\.(png|webp)", src), node.html
            for url in (attributes.get("href"), attributes.get("src"), attributes.get("content")):
                assert not (url or "").lower().startswith("javascript:"), (path, node.html)


def test_every_json_ld_block_is_json_that_keeps_the_text(hostile):
    blocks = 0
    for path in files(hostile, ".html"):
        for node in parse_html(path).css("script[type='application/ld+json']"):
            json.loads(node.text())  # a value that broke out of its string would not parse
            blocks += 1
    assert blocks >= len(files(hostile, ".html")) - 2  # every page has one but 404.html (and the search page)
    for name in HOSTILE:
        (block,) = article_page(hostile, name).css("script[type='application/ld+json']")
        (data,) = [node for node in json.loads(block.text())["@graph"] if node["@type"] == "NewsArticle"]
        assert data["headline"] == shown(name, "title")
        assert data["description"] == shown(name, "summary")
        assert data["articleSection"] == shown(name, "category")
        assert data["keywords"] == [shown(name, "tag")]
        assert [a["name"] for a in data["author"]] == [shown(name, "author")]
        assert data["image"][0]["caption"] == shown(name, "image_alt")


@pytest.mark.parametrize("name", HOSTILE)
def test_each_field_is_shown_as_the_text_the_author_wrote(hostile, name):
    doc = article_page(hostile, name)

    def texts(selector: str) -> list[str]:
        return [node.text() for node in doc.css(selector)]

    def values(selector: str, attribute: str) -> list[str | None]:
        return [node.attributes.get(attribute) for node in doc.css(selector)]

    assert texts("h1") == [shown(name, "title")]
    assert texts("title") == [f"{shown(name, 'title')} — Kabar"]
    assert values("meta[property='og:title']", "content") == [shown(name, "title")]
    assert values("meta[name='description']", "content") == [shown(name, "summary")]
    assert values("meta[property='og:description']", "content") == [shown(name, "summary")]
    assert texts(".story-header .label a") == [shown(name, "category")]
    assert texts(".tags a") == [shown(name, "tag")]
    assert texts(".byline a") == [shown(name, "author")]
    assert values(".story-image img", "alt") == [shown(name, "image_alt")]
    assert values("meta[property='og:image:alt']", "content") == [shown(name, "image_alt")]
    assert texts(".prose p") == ["Isi berita ini."]
    for field, prefix in (("category", "kategori"), ("tag", "tag"), ("author", "penulis")):
        link = doc.css_first(f"a[href^='/{prefix}/']" if field != "category" else ".story-header .label a")
        listing = parse_html(hostile / link.attributes["href"].strip("/") / "index.html")
        assert [node.text() for node in listing.css("h1")] == [shown(name, field)]


# ---------------------------------------------------------------- feeds and sitemaps stay valid


def test_feeds_are_valid_xml_and_json_that_keep_the_text(hostile):
    rss = files(hostile, ".xml")
    rss = [p for p in rss if p.name == "feed.xml"]
    assert len(rss) == 1 + len(HOSTILE)  # the site's and each category's
    for path in rss:
        etree.fromstring(path.read_bytes())  # strict: a control character or a stray ]]> would fail here
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
    entries = {e.link.rsplit("/", 2)[1]: e for e in feedparser.parse((hostile / "feed.xml").read_bytes()).entries}
    for name in HOSTILE:
        entry = entries[name]
        assert entry.title == shown(name, "title")
        assert entry.summary_detail.type == "text/html"  # as RSS readers take a description: HTML
        assert LexborHTMLParser(entry.summary).body.text() == shown(name, "summary")
        assert [t.term for t in entry.tags] == [shown(name, "category"), shown(name, "tag")]
        assert entry.author == shown(name, "author")
    items = {i["id"].rsplit("/", 2)[1]: i for i in json.loads((hostile / "feed.json").read_text("utf-8"))["items"]}
    for path in files(hostile, ".json"):
        json.loads(path.read_text(encoding="utf-8"))
    for name in HOSTILE:
        item = items[name]
        assert (item["title"], item["summary"]) == (shown(name, "title"), shown(name, "summary"))
        assert item["tags"] == [shown(name, "category"), shown(name, "tag")]
        assert [a["name"] for a in item["authors"]] == [shown(name, "author")]


def test_sitemaps_are_valid_xml_that_keeps_the_titles(hostile):
    news = etree.parse(hostile / "news-sitemap.xml")
    titles = news.xpath("//n:title/text()", namespaces={"n": "http://www.google.com/schemas/sitemap-news/0.9"})
    assert sorted(titles) == sorted(shown(name, "title") for name in HOSTILE)
    for path in files(hostile, ".xml"):
        etree.parse(path)


def test_no_file_holds_a_character_xml_cannot(hostile):
    for path in files(hostile, ".html", ".xml", ".json", ".txt"):
        assert not NOT_XML.search(path.read_text(encoding="utf-8")), path


# ---------------------------------------------------------------- no name leaves the output folder

ESCAPES = ("../../../../satu", "/tmp/dua", "..\\..\\tiga", "C:\\empat", "~/lima", "%2e%2e%2fenam", "/")


def test_no_category_tag_author_or_title_makes_a_file_outside_the_output_folder(tmp_path):
    root = tmp_path / "site"
    write_files(
        root,
        {
            f"content/{number}.md": article(
                title=yaml_text(f"{name} judul"),
                date=f"2024-03-0{number + 1} 09:30",
                category=yaml_text(f"{name} rubrik"),
                tags=f"[{yaml_text(name + ' topik')}, {yaml_text(name)}]" if name != "/" else "[x]",
                author=yaml_text(f"{name} penulis"),
            )
            for number, name in enumerate(ESCAPES)
        },
    )
    before = {p for p in tmp_path.rglob("*")}
    run_build(root)
    made = {p for p in tmp_path.rglob("*")} - before
    public, kabars = root / "public", (root / "public", root / ".kabar-cache", root / ".public.kabar-spare")
    assert len(made) > 50
    assert {p for p in made if not any(p == k or k in p.parents for k in kabars)} == set()
    assert all(p.resolve().is_relative_to(public.resolve()) for p in public.rglob("*"))
    assert (public / "kategori/satu-rubrik/index.html").is_file() and (public / "tag/tmp-dua/index.html").is_file()


# ---------------------------------------------------------------- article bodies: trusted, unless safe_html

HOSTILE_BODY = """Paragraf pertama dengan [tautan](https://contoh.example/) yang baik.

<script>alert("body")</script>
<img src="/logo.png" alt="Logo" onerror="alert(2)">
<a href="javascript:alert(3)" onclick="alert(4)">klik</a>
<a href="JaVaScRiPt:alert(5)">klik lagi</a>
<iframe src="https://iklan.example/"></iframe>
<div class="masthead" style="position:fixed">menyamar</div>
<svg><script>alert(6)</script></svg>
<form action="https://curang.example/"><input name="sandi" type="password"></form>
"""


def build_body(make_site, safe_html: str | None) -> LexborHTMLParser:
    settings = f"safe_html: {safe_html}\n" if safe_html else ""
    root = make_site({"kabar.yml": settings + "search: false\n", "content/a.md": article(body=HOSTILE_BODY)})
    run_build(root)
    return parse_html(root / "public/2024/03/05/banjir-rendam-bekasi/index.html")


def body_of(doc: LexborHTMLParser) -> LexborNode:
    return doc.css_first(".prose")


def test_safe_html_removes_scripts_handlers_javascript_urls_iframes_and_forms(make_site):
    prose = body_of(build_body(make_site, "true"))
    tags = [node.tag for node in prose.traverse(include_text=False)]
    assert not {"script", "iframe", "svg", "form", "style"} & set(tags)
    for node in prose.traverse(include_text=False):
        assert not [name for name in node.attributes if name.startswith("on") or name == "style"], node.html
        assert not (node.attributes.get("href") or "").lower().startswith("javascript:"), node.html
    assert [node.attributes for node in prose.css("img")] == [
        {"src": "/logo.png", "alt": "Logo", "width": "512", "height": "512", "loading": "lazy", "decoding": "async"}
    ]
    assert prose.css(".masthead") == [] and "menyamar" in prose.text()  # not dressed as the theme's masthead
    assert prose.css_first("a").attributes == {"href": "https://contoh.example/"}
    assert [node.text() for node in prose.css("a")] == ["tautan", "klik", "klik lagi"]


def test_without_safe_html_raw_html_in_a_body_passes_through(make_site):
    prose = body_of(build_body(make_site, None))
    assert [node.text() for node in prose.css("script")] == ['alert("body")', "alert(6)"]
    assert [node.attributes["src"] for node in prose.css("iframe")] == ["https://iklan.example/"]
    assert prose.css_first("img").attributes["onerror"] == "alert(2)"


MARKDOWN = """# Judul

Teks *miring*, **tebal**, ~~coret~~, `kode`, [tautan](https://a.example "Judul"), <https://b.example>,
dan catatan kaki[^1].

![Gambar](/images/a.png "judul")

> Kutipan, dengan *penekanan*.

- [ ] tugas
- [x] selesai

3. tiga
4. empat

| Kiri | Tengah | Kanan |
|:-----|:------:|------:|
| 1    | 2      | 3     |

```python
print("halo")
```

---
baris\\
baru

<figure><img src="/x.jpg" alt="x" width="10" height="5"><figcaption>Keterangan</figcaption></figure>

<details><summary>Lebih</summary><p>Isi <abbr title="Badan Pusat Statistik">BPS</abbr>,
<time datetime="2024-03-05">5 Maret</time>, H<sub>2</sub>O, x<sup>2</sup>, <mark>tanda</mark>.</p></details>

[^1]: Catatan kaki.
"""


def test_safe_html_leaves_what_markdown_and_plain_article_markup_make_as_it_was():
    plain, safe = to_html(MARKDOWN), to_html(MARKDOWN, safe=True)
    assert LexborHTMLParser(safe).body.html == LexborHTMLParser(plain).body.html
    assert {"table", "pre", "figure", "section", "input", "details", "abbr"} <= {
        node.tag for node in LexborHTMLParser(safe).body.traverse(include_text=False)
    }


def test_turning_safe_html_on_converts_every_article_again(make_site):
    root = make_site({"content/a.md": article(body=HOSTILE_BODY)})
    run_build(root)
    page = root / "public/2024/03/05/banjir-rendam-bekasi/index.html"
    assert body_of(parse_html(page)).css("script")
    (root / "kabar.yml").write_text("safe_html: true\n", encoding="utf-8")
    run_build(root)  # the article cache holds the body as it was converted without safe_html
    assert not body_of(parse_html(page)).css("script")


def test_safe_html_is_a_setting_that_must_be_true_or_false(make_site):
    from kabar.config import load_config
    from kabar.errors import BuildError

    root = make_site({"kabar.yml": "safe_html: yes please\nsafe_htm: true\n"})
    with pytest.raises(BuildError) as caught:
        load_config(root)
    assert [p.message for p in caught.value.problems] == [
        "safe_html: 'yes please' must be true or false",
        "unknown setting 'safe_htm'; did you mean 'safe_html'?",
    ]
