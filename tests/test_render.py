"""What render.py keeps per build to render pages faster gives what the plain template code gave."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import lxml.html
import pytest

from kabar.errors import BuildError
from kabar.models import Article, Category, Config
from kabar.moments import instant
from kabar.render import Renderer, Words, page_jobs
from kabar.site import build_site

from .conftest import NOW, article, read, run_build

JAKARTA = dt.timezone(dt.timedelta(hours=7))
BALI = dt.timezone(dt.timedelta(hours=8))


def story(slug: str, date: dt.datetime, updated: dt.datetime | None = None, category: str = "Nasional") -> Article:
    lower = category.lower()
    return Article(
        source=f"content/{slug}.md",
        title=slug,
        slug=slug,
        url=f"/2024/03/05/{slug}/",
        date=date,
        updated=updated,
        category=Category(name=category, slug=lower, url=f"/kategori/{lower}/"),
        summary="",
        html="<p>x</p>",
        words=1,
    )


@pytest.mark.parametrize("updates", [True, False])
def test_a_listing_page_is_as_new_as_the_newest_story_on_it_or_before_it_and_the_first_of_equal_instants_wins(
    updates,
):
    early = dt.datetime(2024, 3, 5, 9, 0, tzinfo=JAKARTA)
    same_instant = dt.datetime(2024, 3, 5, 11, 0, tzinfo=BALI)  # 10:00 in Jakarta, written in Bali's offset
    stories = [
        story("a", early, updated=dt.datetime(2024, 3, 5, 10, 0, tzinfo=JAKARTA)),
        story("b", dt.datetime(2024, 3, 5, 9, 30, tzinfo=JAKARTA), updated=same_instant),
        story("c", early),
    ]
    if not updates:  # then the dates alone: two stories at one instant, in two offsets
        stories = [story("a", dt.datetime(2024, 3, 5, 10, 0, tzinfo=JAKARTA)), story("b", same_instant), stories[2]]
    site = build_site(stories, Config(per_page=2), NOW)
    front = (site.lead, *(a for band in site.bands for a in band.articles))
    expected = {}
    for listing in (site.home, *site.listings):
        shown = []
        for page in listing.pages:  # a page changes with the pages before it; the front page's first, with its lead
            shown += page.articles
            on_page = [*shown, *front] if listing is site.home and page.number == 1 else shown
            expected[page.url] = max([a.modified for a in on_page], key=instant, default=None)
    for job in page_jobs(site):
        if job.kind in ("home", "listing"):
            assert job.modified is expected[job.url]  # the very datetime, so the sitemap writes its offset


def test_theme_words_are_attributes_and_items_and_dict_methods_stay_methods():
    words = Words({"home": "Beranda", "items": "Butir", "read time": "x"})
    assert (words.home, words["home"], words["items"], words["read time"]) == ("Beranda", "Beranda", "Butir", "x")
    assert callable(words.items) and dict(words) == {"home": "Beranda", "items": "Butir", "read time": "x"}


def test_the_category_bar_marks_the_page_its_section_and_the_front_page(make_site):
    root = make_site(
        {
            "content/a.md": article("Banjir", category="Nasional"),
            "content/b.md": article("Gempa", category="Daerah"),
        }
    )
    run_build(root)

    def marks(url: str) -> list[tuple[str, str | None, str | None]]:
        bar = lxml.html.fromstring(read(root, url)).xpath("//nav[@class='catbar']//a")
        return [(a.get("href"), a.get("aria-current"), a.get("class")) for a in bar]

    assert marks("/") == [("/", "page", None), ("/kategori/daerah/", None, None), ("/kategori/nasional/", None, None)]
    assert marks("/kategori/daerah/")[1] == ("/kategori/daerah/", "page", None)
    assert marks("/2024/03/05/banjir/")[2] == ("/kategori/nasional/", None, "is-section")
    assert marks("/2024/")[0] == ("/", None, None)


def test_a_site_can_replace_the_category_bar(make_site):
    root = make_site(
        {
            "content/a.md": article("Banjir"),
            "templates/_catbar.html": "{% macro category_bar(home, current, section) %}<nav>{{ home }} "
            "{{ current|map(attribute='name')|join }} {{ section|map(attribute='name')|join }}</nav>{% endmacro %}",
        }
    )
    run_build(root)
    assert "<nav>True  </nav>" in read(root, "/")
    assert "<nav>False Nasional Nasional</nav>" in read(root, "/kategori/nasional/")
    assert "<nav>False  Nasional</nav>" in read(root, "/2024/03/05/banjir/")


def test_tojson_in_a_template_still_sorts_keys_and_escapes_for_script_compactly(tmp_path: Path):
    renderer = Renderer(tmp_path, Config())
    template = renderer.env.from_string("{{ value|tojson }}|{{ value|tojson(2) }}")
    assert template.render(value={"b": "</script>", "a": 1}) == (
        '{"a":1,"b":"\\u003c/script\\u003e"}|{\n  "a": 1,\n  "b": "\\u003c/script\\u003e"\n}'
    )
    value = {"z": [1.5, None, True, "Jum\u2019at & \u96c5"], "a": {"y": "it's", "b": 2}}
    expected = json.dumps(value, sort_keys=True, separators=(",", ":"))
    expected = expected.replace("&", "\\u0026").replace("'", "\\u0027")
    assert renderer.env.from_string("{{ value|tojson }}").render(value=value) == expected


def test_an_article_page_takes_its_og_description_from_a_sites_own_base_template(make_site):
    frame = (
        '<meta name="description" content="{% block description %}{% endblock %}">\n'
        "{% block og %}{% endblock %}{% block jsonld %}{% endblock %}{% block content %}{% endblock %}"
    )
    story_file = article("Banjir", summary="Ribuan rumah terendam.")
    root = make_site({"content/a.md": story_file, "templates/base.html": frame})
    run_build(root)
    assert '<meta property="og:description" content="Ribuan rumah terendam.">' in read(root, "/2024/03/05/banjir/")


def test_a_cards_label_marks_drafts_and_scheduled_stories_as_the_story_page_does(make_site):
    root = make_site(
        {
            "content/a.md": article("Banjir", draft="true"),
            "content/b.md": article("Gempa", date="2099-01-01 08:00"),
            "content/c.md": article("Angin", date="2024-03-04 08:00"),
        }
    )
    run_build(root, drafts=True, future=True)
    tag = '<p class="label"><span class="badge">{}</span> <a href="/kategori/nasional/">Nasional</a></p>'
    for badge, url in (("Draf", "/2024/03/05/banjir/"), ("Terjadwal", "/2099/01/01/gempa/")):
        assert tag.format(badge) in read(root, url)
        assert tag.format(badge) in read(root, "/kategori/nasional/")


def test_a_story_dated_with_a_day_only_shows_no_made_up_time(make_site):
    """`date: 2024-03-05` says nothing of the hour: its page, its card and the front page show the day without
    "00.00 WIB"; a story with a time shows it, with its zone."""
    root = make_site(
        {
            "content/a.md": article("Banjir", date="2024-03-05"),
            "content/b.md": article("Gempa", date="2024-03-04 09:30"),
        }
    )
    run_build(root)
    shown = {
        url: [t.text_content() for t in lxml.html.fromstring(read(root, url)).xpath("//main//time")]
        for url in ("/", "/2024/03/05/banjir/", "/2024/03/04/gempa/", "/kategori/nasional/")
    }
    assert "Selasa, 5 Maret 2024" in shown["/2024/03/05/banjir/"]
    assert "Senin, 4 Maret 2024, 09.30 WIB" in shown["/2024/03/04/gempa/"]
    assert shown["/kategori/nasional/"] == ["5 Mar 2024", "4 Mar 2024, 09.30 WIB"]
    assert not [t for times in shown.values() for t in times if "00.00" in t]


STORY = "/2024/03/05/banjir-rendam-bekasi/"


@pytest.mark.parametrize(
    ("template", "written", "message"),
    [
        ("article.html", "{{ article.titel }}", "article has no 'titel'; did you mean 'title'?"),
        ("article.html", "{{ article.titel.upper() }}", "article has no 'titel'; did you mean 'title'?"),
        ("article.html", "{% if article.titel %}x{% endif %}", "article has no 'titel'; did you mean 'title'?"),
        ("article.html", "{{ article.category.nmae }}", "article.category has no 'nmae'; did you mean 'name'?"),
        ("article.html", "{{ article.title.uppr() }}", "article.title has no 'uppr'; did you mean 'upper'?"),
        ("article.html", "{{ links.relatd }}", "links has no 'relatd'; did you mean 'related'?"),
        ("404.html", "{{ site.titel }}", "site has no 'titel'; did you mean 'title'?"),
        ("404.html", "{{ t.relatd }}", "while rendering /404.html: t has no 'relatd'; did you mean 'related'?"),
        (
            "article.html",
            "{{ artcle.title }}",
            f"while rendering {STORY}: 'artcle' is undefined; did you mean 'article'?",
        ),
        (
            "article.html",
            "{% for story in links.related %}{% endfor %}{% set story = article %}{{ stroy.title }}",
            f"while rendering {STORY}: 'stroy' is undefined; did you mean 'story'?",
        ),
    ],
)
def test_a_misspelt_name_in_a_sites_template_says_where_and_what_it_meant(
    make_site, monkeypatch, template, written, message
):
    """{{ article.titel }} failed with "'kabar.models.Article object' has no attribute 'titel'" and no hint."""
    page = f"{{% extends 'default/{template}' %}}\n{{% block title %}}\n{written}\n{{% endblock %}}\n"
    root = make_site({"content/a.md": article(), f"templates/{template}": page})
    monkeypatch.chdir(root)
    with pytest.raises(BuildError) as failed:
        run_build(root)
    assert [str(problem) for problem in failed.value.problems] == [f"templates/{template}:3: {message}"]


LOKASI = """\
{% extends "default/article.html" %}
{% block content %}
{% if article.extra.lokasi %}<p class="lokasi">{{ article.extra.lokasi }}</p>{% endif %}
{{ super() }}
{% endblock %}
"""


def test_a_key_of_extra_front_matter_may_be_tested_on_every_story_but_printed_only_where_it_is(make_site, monkeypatch):
    """`{% if article.extra.lokasi %}` failed on every story without a `lokasi:` line: optional front matter is
    the one thing a template asks for that may be missing, and a missing one is false, as Hugo's .Params are."""
    files = {
        "content/a.md": article(lokasi="Makassar"),
        "content/b.md": article("Gempa"),
        "templates/article.html": LOKASI,
    }
    root = make_site(files)
    monkeypatch.chdir(root)
    run_build(root)
    assert '<p class="lokasi">Makassar</p>' in read(root, STORY)
    assert 'class="lokasi"' not in read(root, "/2024/03/05/gempa/")
    untested = LOKASI.replace("{% if article.extra.lokasi %}", "").replace("{% endif %}", "")
    (root / "templates" / "article.html").write_text(untested)
    with pytest.raises(BuildError) as failed:
        run_build(root)
    assert [str(problem) for problem in failed.value.problems] == [
        "templates/article.html:3: while rendering /2024/03/05/gempa/: article.extra has no 'lokasi'; where not "
        "every page has it, test it first: {% if article.extra.lokasi %}"
    ]


def test_the_themes_pages_are_published_without_its_templates_indentation_and_a_sites_own_keep_theirs(make_site):
    """Indentation that helps a reader of the theme's templates is bytes on every page (the article page's budget is
    30 KB); a site's own template is published as written: its <pre> may need its spaces."""
    root = make_site({"content/a.md": article(), "templates/404.html": "<pre>\n  dua spasi\n    <b>empat</b></pre>\n"})
    run_build(root)
    story = read(root, "/2024/03/05/banjir-rendam-bekasi/")
    assert "\n  <" not in story and '\n<p class="site-title">' in story  # base.html's, indented there
    assert read(root, "/404.html") == "<pre>\n  dua spasi\n    <b>empat</b></pre>\n"
