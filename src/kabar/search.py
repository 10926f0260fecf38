"""The search stage: a Pagefind index of the articles and pages, and the /cari/ page that queries it.

`settle_search` turns search off, with one warning, when the Pagefind binary
(`pip install "pagefind[bin]"`) cannot be found. `render_search_page` gives the
search page and `index_articles` the Pagefind bundle (/pagefind/...): the articles are written
as small HTML files into a temporary folder, indexed by the pagefind command,
and the bundle it writes is read back, so nothing reaches the output folder
until the build commits.
"""

from __future__ import annotations

import dataclasses
import html
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from functools import partial
from pathlib import Path
from types import MappingProxyType

from . import urls
from .errors import BuildError, Problem
from .incremental import LastBuild
from .models import Article, Config, Site, SitePage
from .pictures import Picture
from .render import Rendered, Renderer

SEARCH_URL = urls.SEARCH_URL
BUNDLE = "pagefind"
INSTALL_HINT = 'pip install "pagefind[bin]"'


def find_pagefind() -> Path | None:
    """The pagefind binary: $PAGEFIND_BINARY_PATH, the pagefind_bin package, or one on PATH."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    found = get_executable()
    return found if found is not None and Path(found).is_file() else None


def make_search(site: Site, renderer: Renderer, output, last: LastBuild) -> int:
    """The search stage: the /cari/ page, and the Pagefind index, made again only when an article changes."""
    if not site.config.search:
        return 0
    page = render_search_page(renderer)
    output.add(urls.output_path(page.url), page.body, f"search {page.url}")
    make = partial(index_articles, site.articles, site.config, site.pages, renderer.pictures)
    depends = ["search", *(a.key for a in site.articles), "pages", *(p.url + p.key.hex() for p in site.pages)]
    last.keep_or_make(output, last.made_before(f"{BUNDLE}/"), depends, make)
    return 1


def settle_search(config: Config) -> Config:
    """CONFIG, with search turned off (and one warning) if it is on but Pagefind is missing."""
    if config.search and find_pagefind() is None:
        import logging  # here: most builds log nothing

        logging.getLogger("kabar").warning(
            "kabar: search is on but the pagefind binary is missing (%s); building without search", INSTALL_HINT
        )
        return dataclasses.replace(config, search=False)
    return config


def render_search_page(renderer: Renderer) -> Rendered:
    return Rendered(SEARCH_URL, renderer.render("search.html", SEARCH_URL), None)


def index_articles(
    articles: tuple[Article, ...],
    config: Config,
    pages: tuple[SitePage, ...] = (),
    pictures: Mapping[str, Picture] = MappingProxyType({}),
) -> Iterator[Rendered]:
    """The Pagefind bundle (/pagefind/...) for ARTICLES and PAGES; nothing when there are none to index. PICTURES:
    each article image's variants, by its URL (see variants.py): a result shows the thumbnail."""
    if not articles and not pages:  # Pagefind refuses to write an empty index
        return
    binary = find_pagefind()
    if binary is None:  # settle_search has warned and turned search off; a site built without it never gets here
        raise BuildError([Problem("search", None, f"the pagefind binary is missing ({INSTALL_HINT})")])
    with tempfile.TemporaryDirectory(prefix="kabar-search-") as temp:
        source, bundle = Path(temp) / "site", Path(temp) / BUNDLE
        for article in articles:
            path = source / urls.output_path(article.url)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_search_document(article, config, pictures), encoding="utf-8")
        for page in pages:
            path = source / urls.output_path(page.url)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_page_document(page, config), encoding="utf-8")
        source.mkdir(exist_ok=True)
        result = subprocess.run(
            [str(binary), "--site", str(source), "--output-path", str(bundle), "--silent"],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            message = (result.stderr or result.stdout).strip().splitlines()
            raise BuildError([Problem(str(binary), None, "could not index the articles: " + " ".join(message[-3:]))])
        for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
            yield Rendered(f"/{BUNDLE}/{path.relative_to(bundle).as_posix()}", path.read_bytes(), None)


def _search_document(article: Article, config: Config, pictures: Mapping[str, Picture]) -> str:
    """What Pagefind indexes for one article: its title, category and tags, image, summary and body."""
    e = html.escape
    image = ""
    if article.image:
        picture = pictures.get(article.image)
        meta = 'data-pagefind-meta="image[src], image_alt[alt]"'
        src = picture.thumb.url if picture else article.image
        image = f'<img src="{e(src)}" alt="{e(article.image_alt)}" {meta}>'
    return (
        f'<!DOCTYPE html><html lang="{e(config.lang)}"><head><meta charset="utf-8"><title>{e(article.title)}</title>'
        f"</head><body><main data-pagefind-body><h1>{e(article.title)}</h1>"
        f"<p>{e(' · '.join([article.category.name, *(t.name for t in article.tags)]))}</p>{image}"
        f"<p>{e(article.summary)}</p>{article.body_html}</main></body></html>\n"
    )


def _page_document(page: SitePage, config: Config) -> str:
    """What Pagefind indexes for a page that is not a story: its title, summary and text."""
    e = html.escape
    return (
        f'<!DOCTYPE html><html lang="{e(config.lang)}"><head><meta charset="utf-8"><title>{e(page.title)}</title>'
        f"</head><body><main data-pagefind-body><h1>{e(page.title)}</h1>"
        f"<p>{e(page.summary)}</p>{page.body_html}</main></body></html>\n"
    )
