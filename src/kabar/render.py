"""Stage 4: the Site through the Jinja2 theme into (URL, HTML) pages.

Templates are looked up in the site's templates/ first, then the default
theme; "default/x.html" always names the theme's own, so an override can
extend what it replaces. Dates and theme words follow the site's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale
from babel.dates import format_date, format_time

from . import urls
from .errors import BuildError, Problem
from .models import Article, Config, Listing, Page, Site
from .theme import templates_dirs, theme_dir
from .yamlload import YamlError, load_mapping

STRINGS_FILE = "strings.yml"


@dataclass(frozen=True, slots=True)
class Rendered:
    url: str
    body: bytes
    modified: dt.datetime | None  # for the sitemap's lastmod; None leaves the page out


class Renderer:
    """A Jinja2 environment for one site, with its filters and theme strings."""

    def __init__(self, site_root: Path, config: Config, categories: tuple = ()) -> None:
        folders = templates_dirs(site_root)
        self.config = config
        self.locale = Locale.parse(config.lang.replace("-", "_"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(
                [
                    jinja2.FileSystemLoader([str(f) for f in folders]),
                    jinja2.PrefixLoader({"default": jinja2.FileSystemLoader(str(theme_dir() / "templates"))}),
                ]
            ),
            autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        words = load_strings(folders, config.lang)
        long_date = words.get("date_format", "full")  # a Babel pattern: "EEEE, d MMMM y" is "Senin, 7 April 2017"
        self.env.filters.update(
            date_long=lambda d: format_date(d, long_date, locale=self.locale),
            month_year=lambda d: format_date(d, "LLLL y", locale=self.locale),
            time_short=lambda d: format_time(d, "short", locale=self.locale),
            isoformat=lambda d: d.isoformat(),
            absolute=self.absolute,
        )
        self.env.globals.update(site=config, categories=categories, t=words)

    def absolute(self, url: str) -> str:
        return urls.absolute(self.config.base_url, url) if url.startswith("/") else url

    def render(self, template: str, url: str, **context: Any) -> bytes:
        try:
            html = self.env.get_template(template).render(url=url, canonical=self.absolute(url), **context)
        except jinja2.TemplateSyntaxError as exc:
            raise BuildError([Problem(exc.filename or exc.name or template, exc.lineno, exc.message or "")]) from None
        except jinja2.UndefinedError as exc:
            raise BuildError(
                [Problem(f"templates/{template}", None, f"while rendering {url}: {exc.message}")]
            ) from None
        except jinja2.TemplateNotFound as exc:
            raise BuildError([Problem("templates", None, f"template {exc.name!r} not found")]) from None
        return html.encode("utf-8")


def load_strings(folders: list[Path], lang: str) -> dict[str, str]:
    """Theme words for LANG ('id', 'en', ...): the theme's table, overridden key by key by the site's."""
    words: dict[str, str] = {}
    for folder in reversed(folders):  # the theme first, the site's own last
        path = folder / STRINGS_FILE
        if not path.is_file():
            continue
        try:
            table, _ = load_mapping(path.read_text(encoding="utf-8-sig"))
        except YamlError as exc:
            raise BuildError([Problem(str(path), exc.line, exc.message)]) from None
        base = lang.split("-")[0]
        words.update(table.get("en", {}))
        words.update(table.get(base, {}))
        words.update(table.get(lang, {}))
    return words


def render_site(site: Site, renderer: Renderer) -> Iterator[Rendered]:
    """Every HTML page of SITE, one at a time."""
    yield from _listing_pages(site.home, "index.html", renderer, lead=site.lead)
    for article in site.articles:
        yield render_article(article, site, renderer)
    for listing in site.listings:
        yield from _listing_pages(listing, "list.html", renderer)
    yield Rendered("/404.html", renderer.render("404.html", "/404.html"), None)


def render_article(article: Article, site: Site, renderer: Renderer) -> Rendered:
    body = renderer.render(
        "article.html",
        article.url,
        article=article,
        links=site.links[article.url],
        jsonld=news_article_jsonld(article, renderer),
    )
    return Rendered(article.url, body, article.modified)


def _listing_pages(
    listing: Listing, template: str, renderer: Renderer, lead: Article | None = None
) -> Iterator[Rendered]:
    for page in listing.pages:
        body = renderer.render(template, page.url, listing=listing, page=page, lead=lead if page.number == 1 else None)
        yield Rendered(page.url, body, _newest(page))


def _newest(page: Page) -> dt.datetime | None:
    return max((a.modified for a in page.articles), default=None)


def news_article_jsonld(article: Article, renderer: Renderer) -> dict[str, Any]:
    """schema.org NewsArticle; the template serialises it with |tojson, which escapes '<' and '>'."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.summary,
        "datePublished": article.date.isoformat(),
        "dateModified": article.modified.isoformat(),
        "articleSection": article.category.name,
        "inLanguage": renderer.config.lang,
        "mainEntityOfPage": renderer.absolute(article.url),
        "publisher": {"@type": "Organization", "name": renderer.config.title, "url": renderer.absolute("/")},
    }
    if article.authors:
        data["author"] = [{"@type": "Person", "name": a.name, "url": renderer.absolute(a.url)} for a in article.authors]
    if article.image:
        data["image"] = [renderer.absolute(article.image)]
    if article.tags:
        data["keywords"] = [t.name for t in article.tags]
    return data
