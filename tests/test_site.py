"""The Site: what is published, in which order, under which index, page by page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import pickle

from hypothesis import given
from hypothesis import strategies as st

from kabar import urls
from kabar.models import Article, Author, Category, Config, Page, Tag
from kabar.site import build_site, paginate

from .conftest import NOW

WIB = dt.timezone(dt.timedelta(hours=7))


def make(slug: str, day: int, category: str = "Nasional", tags=(), authors=(), hour: int = 9, **more) -> Article:
    date = dt.datetime(2024, 3, day, hour, 0, tzinfo=WIB)
    return Article(
        source=f"content/{slug}.md",
        title=slug.title(),
        slug=slug,
        url=urls.article_url(date, slug),
        date=date,
        category=Category(name=category, slug=urls.slugify(category), url=urls.category_url(urls.slugify(category))),
        tags=tuple(Tag(name=t, slug=urls.slugify(t), url=urls.tag_url(urls.slugify(t))) for t in tags),
        authors=tuple(Author(name=a, slug=urls.slugify(a), url=urls.author_url(urls.slugify(a))) for a in authors),
        summary="",
        html="<p>x</p>",
        words=1,
        **more,
    )


def test_articles_are_newest_first_with_ties_broken_by_url():
    site = build_site([make("b", 1), make("c", 2), make("a", 1)], Config(), NOW)
    assert [a.slug for a in site.articles] == ["c", "a", "b"]


def test_drafts_and_scheduled_are_left_out_unless_asked_for():
    draft = make("draft", 3, draft=True)
    scheduled = dataclasses.replace(make("later", 4), date=NOW + dt.timedelta(minutes=1))
    site = build_site([make("a", 1), draft, scheduled], Config(), NOW)
    assert [a.slug for a in site.articles] == ["a"]
    assert (site.skipped_drafts, site.skipped_scheduled) == (1, 1)
    assert {a.slug for a in build_site([draft, scheduled], Config(), NOW, drafts=True, future=True).articles} == {
        "draft",
        "later",
    }


def test_the_lead_is_the_newest_featured_story_else_the_newest():
    assert build_site([make("a", 1), make("b", 2)], Config(), NOW).lead.slug == "b"
    assert build_site([make("a", 1, featured=True), make("b", 2)], Config(), NOW).lead.slug == "a"


def test_names_spelt_two_ways_become_one_index_with_the_commonest_name():
    site = build_site(
        [
            make("a", 1, "Nasional", tags=["Banjir"]),
            make("b", 2, "nasional", tags=["banjir"]),
            make("c", 3, "Nasional", tags=["Banjir"]),
        ],
        Config(),
        NOW,
    )
    assert [c.name for c in site.categories] == ["Nasional"]
    [category] = [x for x in site.listings if x.kind == "category"]
    assert [a.slug for a in category.articles] == ["c", "b", "a"]
    assert [a.tags[0].name for a in site.articles] == ["Banjir", "Banjir", "Banjir"]


def test_every_index_is_built():
    site = build_site(
        [make("a", 1, "Ekonomi", tags=["harga"], authors=["Ayu"]), make("b", 1, "Nasional", authors=["Ayu", "Raka"])],
        Config(),
        NOW,
    )
    kinds = {(x.kind, x.url): [a.slug for a in x.articles] for x in site.listings}
    assert kinds == {
        ("category", "/kategori/ekonomi/"): ["a"],
        ("category", "/kategori/nasional/"): ["b"],
        ("tag", "/tag/harga/"): ["a"],
        ("author", "/penulis/ayu/"): ["a", "b"],
        ("author", "/penulis/raka/"): ["b"],
        ("year", "/2024/"): ["a", "b"],
        ("month", "/2024/03/"): ["a", "b"],
        ("day", "/2024/03/01/"): ["a", "b"],
    }


def test_related_are_the_nearest_stories_of_the_same_category_and_links_run_through_time():
    stories = [make(f"n{d}", d) for d in range(1, 9)] + [make("e", 5, "Ekonomi")]
    site = build_site(stories, Config(related=3), NOW)
    links = site.links["/2024/03/05/n5/"]
    assert [a.slug for a in links.related] == ["n6", "n4", "n7"]
    assert (links.newer.slug, links.older.slug) == ("e", "n4")
    assert site.links[site.articles[0].url].newer is None
    assert site.links[site.articles[-1].url].older is None


def test_a_category_with_too_few_stories_takes_related_ones_of_its_first_tag_then_the_sites_nearest():
    """A concert for flood victims, Hiburan's only story: the flood story far back in time shares its first tag and
    comes first, then the site's stories nearest in time (before, it had none)."""
    stories = [make("banjir", 1, tags=["banjir"]), *(make(f"e{d}", d, "Ekonomi") for d in range(10, 16))]
    stories.append(make("konser", 13, "Hiburan", tags=["banjir", "musik"]))
    site = build_site(stories, Config(related=3), NOW)
    assert [a.slug for a in site.links["/2024/03/13/konser/"].related] == ["banjir", "e13", "e12"]
    assert [a.slug for a in site.links["/2024/03/12/e12/"].related] == ["e13", "e11", "e14"]  # enough in Ekonomi


@given(count=st.integers(1, 14), related=st.integers(0, 6))
def test_related_are_always_the_nearest_in_the_category_newer_first_on_a_tie(count, related):
    stories = [make(f"n{n}", 1 + n % 28, hour=n // 28) for n in range(count)]
    site = build_site(stories, Config(related=related), NOW)
    ordered = [a.slug for a in site.articles]  # one category: its list is the site's
    for at, article in enumerate(site.articles):
        others = sorted((i for i in range(count) if i != at), key=lambda i: (abs(i - at), i))
        assert [a.slug for a in site.links[article.url].related] == [ordered[i] for i in others[:related]]


@given(count=st.integers(0, 60), per_page=st.integers(1, 12))
def test_pagination_keeps_every_article_once_in_order(count, per_page):
    articles = tuple(make(f"a{i}", 1) for i in range(count))
    pages = paginate("/kategori/x/", articles, per_page)
    assert tuple(a for p in pages for a in p.articles) == articles
    assert all(0 < len(p.articles) <= per_page for p in pages) or count == 0
    assert [p.number for p in pages] == list(range(1, len(pages) + 1))
    assert pages[0].url == "/kategori/x/" and pages[0].prev_url is None and pages[-1].next_url is None
    for before, after in itertools.pairwise(pages):
        assert before.next_url == after.url == f"/kategori/x/page/{after.number}/" and after.prev_url == before.url


def test_the_site_pickles_so_rendering_can_fan_out_over_processes():
    site = build_site([make("a", 1, tags=["x"], authors=["Ayu"]), make("b", 2)], Config(), NOW)
    assert pickle.loads(pickle.dumps(site)) == site


@given(count=st.integers(1, 40), data=st.data())
def test_page_numbers_show_the_ends_and_the_neighbours_and_a_gap_only_for_two_or_more(count, data):
    number = data.draw(st.integers(1, count))
    shown = Page(number, count, "", ()).numbers()
    numbers = [n for n in shown if n is not None]
    assert numbers == sorted(set(numbers)) and {1, count, number} <= set(numbers)
    assert {n for n in (number - 1, number + 1) if 1 <= n <= count} <= set(numbers)
    for at, n in enumerate(shown):
        if n is None:  # "…" stands for two numbers or more, never one
            assert shown[at + 1] - shown[at - 1] > 2
        elif at and shown[at - 1] is not None:
            assert n - shown[at - 1] == 1
