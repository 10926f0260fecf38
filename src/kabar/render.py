"""Stage 4: the Site through the Jinja2 theme into (URL, HTML) pages.

Templates are looked up in the site's templates/ first, then the default
theme; "default/x.html" always names the theme's own, so an override can
extend what it replaces (template_files.py); a template's mistake is a problem at its line (template_errors.py).
Dates and theme words follow the site's language.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import operator
import zlib
import zoneinfo
from collections.abc import Callable, Hashable, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import jinja2
from babel import Locale
from babel.dates import format_date, format_time
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from . import __version__, profiles, subpath, urls
from .comments import thread
from .errors import BuildError, Problem
from .footnotes import with_backlink_labels
from .models import Article, Config, Directory, MenuLink, Page, Site, SitePage
from .moments import instant
from .pictures import Picture, Planned
from .sharing import share_links
from .speedups import flat_globals, sorted_json_encoder
from .sponsored import sponsored_links
from .structured import Schema
from .template_errors import StrictUndefined, UndefinedUse, raised_in_kabar, template_line, undefined_problem
from .template_files import FastTemplate, TemplateFiles, message_template_path, template_cache
from .theme import templates_dirs, theme_dir
from .words import load_strings
from .zones import has_time, zone_label

TONES = 6  # the colours kabar.css has for a story without a picture (.tone-0 ...)


class Renderer:
    """A Jinja2 environment for one site, with its filters and theme strings."""

    def __init__(
        self,
        site_root: Path,
        config: Config,
        categories: tuple = (),
        cache: Path | None = None,
        menus: tuple = ((), ()),
        pictures: Planned | None = None,
        preview: bool = False,
        script_pages: frozenset[str] = frozenset(),
        directories: Mapping[str, Directory] = MappingProxyType({}),
    ) -> None:
        """CACHE: a folder for compiled templates (compiling the theme takes longer than rendering a few pages).
        MENUS: the category bar's MenuLinks and the footer's (see menus.py). PICTURES: each article image's
        variants, by its URL (see variants.py). PREVIEW: the site shows drafts or stories to come (Options.preview),
        which each page asks search engines not to index. SCRIPT_PAGES: those whose script looks for an old address of
        the site that a plain host answers with them (see redirects.script_pages). DIRECTORIES: the page that lists
        every category, tag or author, by kind (see site._directories)."""
        folders = templates_dirs(site_root)
        words = load_strings(folders, config.lang)
        self.config = config
        self.prefix = subpath.base_path(config.base_url)  # "/repo" for a site under a path: see subpath.py
        self.locale = Locale.parse(config.lang.replace("-", "_"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(
                [
                    TemplateFiles([str(f) for f in folders]),
                    jinja2.PrefixLoader({"default": TemplateFiles(str(theme_dir() / "templates"))}),
                ]
            ),
            autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # templates do not change during a build: no stat() per page
            bytecode_cache=template_cache(cache, f"{__version__} {_code()} {config!r} {words!r}"),
        )
        self.env.template_class = FastTemplate
        long_date = words.get("date_format", "full")  # a Babel pattern: "EEEE, d MMMM y" is "Senin, 7 April 2017"
        short_date = words.get("date_format_short", "medium")  # "d MMM y" is "7 Apr 2017", for cards
        # Babel is slow and a listing shows the same dates again and again: each is formatted once.
        # A date's wall-clock fields are the key: aware datetimes that are one instant compare equal.
        date_long = _memo(lambda d: format_date(d, long_date, locale=self.locale), _local_day)
        date_short = _memo(lambda d: format_date(d, short_date, locale=self.locale), _local_day)
        time_short = _memo(lambda d: format_time(d, "short", locale=self.locale), _wall_clock)
        self.env.filters.update(
            date_long=date_long,
            month_year=_memo(lambda d: format_date(d, "LLLL y", locale=self.locale), _local_day),
            month_short=_memo(lambda d: format_date(d, "LLL", locale=self.locale), _local_day),  # "Okt"
            date_short=date_short,
            time_short=time_short,
            zone=zone_label,
            # "Senin, 7 April 2017, 09.30 WIB"; a story dated with a day only (`date: 2017-04-07`) shows the day
            when_long=_memo(lambda d: _when(d, date_long, time_short), _wall_clock),
            when_short=_memo(lambda d: _when(d, date_short, time_short), _wall_clock),
            # By the story's address: a band's cards without pictures differ (one colour each read as broken images)
            tone=lambda article: zlib.crc32(article.url.encode("utf-8", "surrogatepass")) % TONES,
            isoformat=lambda d: d.isoformat(),
            host=_host,
            absolute=self.absolute,
            tojson=_tojson,
            sponsored_links=functools.partial(sponsored_links, host=urlsplit(config.base_url).hostname or ""),
            body_of=self.body_of,
        )
        pictures = pictures if pictures is not None else Planned()
        schema = Schema(config, pictures)
        self.words = Words(words)
        self.env.globals.update(
            site=config,
            categories=categories,
            main_menu=menus[0],
            footer_menu=menus[1],
            t=self.words,
            schema=schema,
            author_profiles=schema.profiles,  # by the author page's URL
            category_profiles=profiles.categories_by_url(config),  # by the category page's URL
            picture=self.picture,
            card=self.card,
            category_bar=self.category_bar,
            comment_thread=functools.partial(thread, tz=zoneinfo.ZoneInfo(config.timezone)),
            share_links=share_links,
            preview=preview,
            script_pages=script_pages,
            directories=directories,
        )
        flat_globals(self.env)  # every global is set: no template is loaded before this
        self.main_menu, self.categories, self.pictures = menus[0], categories, pictures
        self._cards: dict[tuple, Markup] = {}
        self._bars: dict[tuple, Markup] = {}

    def picture(self, article: Article) -> Picture | None:
        """The variants of ARTICLE's image, or None: a remote image, or one shown as it is (SVG)."""
        return self.pictures.get(article.image) if article.image else None

    def card(self, article: Article, headline_level: int = 3, show_image: bool = False, eager: bool = False) -> Markup:
        """The theme's `card` macro, made once per article and look: a story shows on many listing pages.

        EAGER: its picture is among the first a reader sees, so it is not loaded lazily."""
        key = (article.url, headline_level, show_image, eager)
        if key not in self._cards:
            macros = self.env.get_template("_macros.html").module  # made once, not once per card
            self._cards[key] = Markup(macros.card(article, headline_level, show_image, eager))
        return self._cards[key]

    def category_bar(self, url: str, here: str) -> Markup:
        """The theme's `category_bar` macro (_catbar.html), made once for each way a page lights the bar up:
        CURRENT holds the links to URL (a category's links to its pages too), SECTION those to HERE."""
        home = url == "/" or url.startswith("/page/")
        current = tuple(link for link in self.main_menu if _leads_to(link, url))
        section = tuple(link for link in self.main_menu if _leads_to(link, here))
        key = (home, current, section)
        if key not in self._bars:
            macros = self.env.get_template("_catbar.html").module
            self._bars[key] = Markup(macros.category_bar(home, current, section))
        return self._bars[key]

    def corrections_note(self, article: Article) -> str:
        """The theme's note of ARTICLE's corrections (_corrections.html), as its page shows it: for the feeds."""
        return str(self.env.get_template("_corrections.html").module.corrections_note(article))

    def body_of(self, item: Article | SitePage) -> Markup:
        """The body of a story or page as it shows: its footnotes in the theme's words, a sponsored story's links to
        other sites marked as paid."""
        body = with_backlink_labels(item.body_html, self.words["footnote_back"])
        if getattr(item, "sponsored", False):
            return self.env.filters["sponsored_links"](body)
        return Markup(body)

    def absolute(self, url: str) -> str:
        return urls.absolute(self.config.base_url, url) if url.startswith("/") else url

    def render(self, template: str, url: str, **context: Any) -> bytes:
        try:
            html = self.env.get_template(template).render(url=url, canonical=self.absolute(url), **context)
        except jinja2.TemplateSyntaxError as exc:
            shown = message_template_path(exc.filename) if exc.filename else f"templates/{exc.name or template}"
            raise BuildError([Problem(shown, exc.lineno, exc.message or "invalid syntax")]) from None
        except jinja2.TemplateNotFound as exc:
            where = template_line(exc)
            if where is None:  # the page's own template: nothing names it but kabar
                raise BuildError([Problem(f"templates/{template}", None, "template not found")]) from None
            message = f"template {exc.name!r} not found (looked in the site's templates/ and the theme's)"
            raise BuildError([Problem(*where, message)]) from None
        except UndefinedUse as exc:  # article.titel, {{ titel }}
            raise BuildError([undefined_problem(self.env, exc, template, url, context)]) from None
        except jinja2.TemplateError as exc:  # other runtime mistakes
            path, line = template_line(exc) or (f"templates/{template}", None)
            raise BuildError([Problem(path, line, f"while rendering {url}: {exc.message}")]) from None
        except BuildError:
            raise
        except Exception as exc:  # {{ 1 / 0 }}, a str + an int, endless recursion: the template's, not kabar's
            where = template_line(exc)
            if where is None or raised_in_kabar(exc):  # a bug in kabar: its traceback
                raise
            # Python words a RecursionError after the call it stopped in: one message, whichever that was.
            reason = "a macro or template calls itself without end" if isinstance(exc, RecursionError) else exc
            raise BuildError([Problem(*where, f"while rendering {url}: {reason} ({type(exc).__name__})")]) from None
        if self.prefix:  # a site under a path: every root-relative address of the page, whichever template wrote it
            html = subpath.prefixed_html(html, self.prefix)
        return html.encode("utf-8")


def _leads_to(link: MenuLink, url: str) -> bool:
    """Whether a menu's LINK is to the page at URL: a category's is to every page of it (/kategori/x/page/2/)."""
    return url == link.url or (link.kind == "category" and url.startswith(link.url))


_sorted_json = sorted_json_encoder()


def _host(url: str) -> str:
    """Where an http(s) URL leads, as a link's text: "x.com" for https://www.x.com/ayu."""
    return (urlsplit(url).hostname or url).removeprefix("www.")


def _tojson(value: Any, indent: int | None = None) -> Markup:
    """Jinja's |tojson (sorted keys; <, >, & and ' escaped for a <script> block), faster, and compact but with
    INDENT."""
    if indent is None:
        return htmlsafe_json_dumps(value, dumps=_sorted_json)
    return htmlsafe_json_dumps(value, sort_keys=True, indent=indent)


@functools.cache
def _code() -> str:
    """A hash of this module: Jinja compiles a call to a filter by the filter's signature (does it take
    the context?), so compiled templates are not reused once kabar's filters change, even within a version."""
    return hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).hexdigest()


def _when(moment: dt.datetime, day: Callable[[Any], str], time: Callable[[Any], str]) -> str:
    """MOMENT's day (as DAY formats it), time and zone; the day only for a day without a time (see has_time)."""
    if not has_time(moment):
        return day(moment)
    return f"{day(moment)}, {time(moment)} {zone_label(moment)}"


def _local_day(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _wall_clock(value: dt.datetime) -> tuple:
    return (value.replace(tzinfo=None), value.utcoffset())


def _memo(format_value: Callable[[Any], str], key: Callable[[Any], Hashable]) -> Callable[[Any], str]:
    known: dict[Hashable, str] = {}

    def formatted(value: Any) -> str:
        k = key(value)
        if k not in known:
            known[k] = format_value(value)
        return known[k]

    return formatted


class Words(dict):
    """The theme words: a dict whose keys are attributes too, so `t.home` finds its word at once.

    Jinja's `t.home` tries an attribute before an item; on a plain dict each such lookup raises and catches an
    AttributeError. A key that names a dict method (`t.items`) stays the method, as on a plain dict.
    """

    def __init__(self, words: dict[str, str]) -> None:
        super().__init__(words)
        self.__dict__.update((k, v) for k, v in words.items() if k.isidentifier() and not hasattr(dict, k))


class PageJob(NamedTuple):
    """One HTML page to make: a small tuple (a build makes one for every page); the Site says what goes on it."""

    url: str
    kind: str  # home | listing | article | sitepage | retracted | directory | notfound
    index: int = 0  # which article, listing, site page or directory
    page: int = 0  # which page of the listing
    modified: dt.datetime | None = None  # for the sitemap; None leaves the page out


def page_jobs(site: Site) -> list[PageJob]:
    """Every HTML page of SITE, in a fixed order."""
    # Listings are newest first by date: with no 'updated' or correction anywhere, a page's newest is its first.
    instants = None
    if any(a.updated is not None or a.corrections for a in site.articles):
        instants = {a.url: a.instant if a.modified is a.date else instant(a.modified) for a in site.articles}
    # The front page's first page shows the headline and the bands besides its list (see render_page)
    front = () if site.lead is None else (site.lead,)
    front += tuple(a for band in site.bands for a in band.articles)
    home = site.home.pages
    jobs = [
        PageJob(p.url, "home", 0, n, m)
        for n, (p, m) in enumerate(zip(home, _newest(home, instants, front), strict=True))
    ]
    jobs += [PageJob(a.url, "article", i, 0, a.modified) for i, a in enumerate(site.articles)]
    jobs += [
        PageJob(p.url, "listing", i, n, m)
        for i, listing in enumerate(site.listings)
        for n, (p, m) in enumerate(zip(listing.pages, _newest(listing.pages, instants), strict=True))
    ]
    jobs += [PageJob(p.url, "sitepage", i, 0, p.updated) for i, p in enumerate(site.pages)]
    jobs += [PageJob(a.url, "retracted", i) for i, a in enumerate(site.retracted)]  # in no sitemap
    # A directory changes when a story comes to one of its listings: it is as new as the newest of their stories.
    jobs += [
        PageJob(d.url, "directory", i, 0, max((x.articles[0] for x in d.listings), key=_instant).date)
        for i, d in enumerate(site.directories)
    ]
    jobs.append(PageJob("/404.html", "notfound"))
    return jobs


def render_page(job: PageJob, site: Site, renderer: Renderer) -> bytes:
    if job.kind == "article":
        article = site.articles[job.index]
        return renderer.render(
            "article.html",
            article.url,
            article=article,
            links=site.links[article.url],
            jsonld=news_article_jsonld(article, renderer),
        )
    if job.kind == "retracted":
        article = site.retracted[job.index]
        return renderer.render("retracted.html", article.url, article=article)
    if job.kind == "sitepage":
        page = site.pages[job.index]
        crumbs = page_crumbs(page, site.pages, renderer.env.globals["t"]["home"])
        jsonld = renderer.env.globals["schema"].web_page(page, crumbs)
        return renderer.render("page.html", page.url, page=page, crumbs=crumbs, jsonld=jsonld)
    if job.kind in ("home", "listing"):
        listing = site.home if job.kind == "home" else site.listings[job.index]
        page = listing.pages[job.page]
        if job.kind == "listing":
            return renderer.render("list.html", page.url, listing=listing, page=page)
        front = page.number == 1  # the headline and the categories' bands; later pages list older stories
        lead, bands = (site.lead, site.bands) if front else (None, ())
        return renderer.render("index.html", page.url, listing=listing, page=page, lead=lead, bands=bands)
    if job.kind == "directory":
        return renderer.render("directory.html", job.url, directory=site.directories[job.index])
    return renderer.render("404.html", job.url)


_instant = operator.attrgetter("instant")


def _newest(
    pages: tuple[Page, ...], instants: dict[str, int] | None, front: tuple[Article, ...] = ()
) -> list[dt.datetime | None]:
    """Each page's date for the sitemap: the latest `modified` on it and on the pages before it, in one pass.

    A new story pushes every page of its listing down a story, so a page changes with the pages before it.
    FRONT: what the first page shows besides its list (the front page's headline and bands). The first of
    equal instants wins, as max() gives, compared by INSTANTS (see instant); without INSTANTS (no story has an
    'updated' date), by date: listings are newest first, so the first story of the first page is its newest.
    """

    def latest(stories: Iterable[Article], newest: tuple[Article, int] | None) -> tuple[Article, int] | None:
        for article in stories:
            moment = article.instant if instants is None else instants[article.url]
            if newest is None or moment > newest[1]:
                newest = article, moment
        return newest

    dates: list[dt.datetime | None] = []
    newest = None
    for page in pages:
        if instants is None and newest is not None:  # by date, no later page has a newer story than the first
            dates.append(newest[0].modified)
            continue
        newest = latest(page.articles, newest)
        shown = latest(front, newest) if not dates else newest  # FRONT is on the first page only
        dates.append(shown[0].modified if shown else None)
    return dates


def news_article_jsonld(article: Article, renderer: Renderer) -> dict[str, Any]:
    """schema.org NewsArticle and breadcrumbs (see structured.py); the template writes it with |tojson."""
    crumbs = ((renderer.env.globals["t"]["home"], "/"), (article.category.name, article.category.url))
    return renderer.env.globals["schema"].article(article, (*crumbs, (article.title, article.url)))


def page_crumbs(page: SitePage, pages: tuple[SitePage, ...], home: str) -> tuple[tuple[str, str], ...]:
    """The front page, the pages above PAGE (/tentang/ above /tentang/kontak/) that the site has, and PAGE."""
    titles = {p.url: p.title for p in pages}
    segments = page.url.strip("/").split("/")[:-1]
    above = ["/" + "/".join(segments[:n]) + "/" for n in range(1, len(segments) + 1)]
    return ((home, "/"), *((titles[url], url) for url in above if url in titles), (page.title, page.url))
