"""The redirects stage: every old address of the site leads to the page that lives on.

Old addresses come from articles' `aliases:` (Jekyll's `redirect_from:`) and from kabar.yml's `redirects:`.
Each that a static host serves as HTML (/lama/x/ -> lama/x/index.html, /old.html) gets a small page there
(redirect.html: meta refresh, canonical, a visible link, noindex), or, when it leads to a feed, that feed.
Every one, those with a query string (WordPress's /?p=123) or another extension (/berita.php) too, goes into
/_redirects (Netlify, Cloudflare Pages) and /kabar-redirects.nginx.map (nginx), for hosts that answer with a real
301; those two kinds into /kabar-redirects.json too, where the theme's script on the front page and the 404 page
finds them on a plain host, which has no rules and no page there (script_pages). Runs after every other
file of the site is known, so that an old address that is a page of the site now is a problem naming both files.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Iterator, Mapping
from functools import partial
from urllib.parse import unquote

from . import urls
from .errors import BuildError, Problem
from .feeds import Pictures, feed_listings, feed_urls, make_feed_copies
from .incremental import LastBuild
from .models import Redirect, Rendered, Site
from .redirect_files import (
    NETLIFY_FILE,
    NGINX_FILE,
    NGINX_SERVER_FILE,
    SCRIPT_RULES_FILE,
    has_page,
    is_feed_file,
    needs_script,
    netlify_redirects,
    nginx_map,
    nginx_server_snippet,
    script_rules,
    with_front_script,
)
from .render import Renderer
from .subpath import prefixed


def make_redirects(
    site: Site, renderer: Renderer, output, last: LastBuild, pictures: Pictures, unloaded: tuple[str, ...] = ()
) -> int:
    """The redirects stage: a page at each old address (the feed itself at an old address of a feed), and the
    redirect files; made again when one changes. PICTURES: as the feeds stage has them. UNLOADED: the article and
    page files a problem kept off the site (kabar check's run): the pages they make are not there to lead to."""
    redirects = site_redirects(site)
    if not redirects:
        return 0
    for own in (NETLIFY_FILE, NGINX_FILE, NGINX_SERVER_FILE, SCRIPT_RULES_FILE):
        if output.has(urls.output_path(own)):  # a site's own _redirects, for its host
            message = "is written by kabar from the aliases and kabar.yml's redirects: move its rules into redirects:"
            raise BuildError([Problem(output.origin[urls.output_path(own)], None, message)])
    _refuse_taken(redirects, site, output, bool(unloaded))
    redirects = [_to_folder(r, output) for r in redirects]
    titles = _titles(site, renderer.words)
    feeds_now = {url for listing, _ in feed_listings(site) for url in feed_urls(listing)}
    feeds_then = [r for r in redirects if r.new in feeds_now and (has_page(r.old) or is_feed_file(r.old))]
    pages = [r for r in redirects if has_page(r.old) and r.new not in feeds_now]
    files = [NETLIFY_FILE, NGINX_FILE, NGINX_SERVER_FILE, *([SCRIPT_RULES_FILE] if _scripted(redirects) else [])]
    paths = [urls.output_path(page_url(r.old)) for r in pages] + [urls.output_path(file) for file in files]
    depends = ["redirects", *(f"{r.old} {r.new} {titles.get(r.new, '')}" for r in redirects)]
    make = partial(_redirect_files, redirects, pages, titles, renderer)
    made = len(last.keep_or_make(output, paths, depends, make))
    olds: dict[str, list[str]] = {}
    for redirect in feeds_then:
        olds.setdefault(redirect.new, []).append(page_url(redirect.old))
    return made + make_feed_copies(site, renderer, output, last, olds, pictures)


def site_redirects(site: Site) -> list[Redirect]:
    """Every old address, kabar.yml's first, then the articles' (oldest first), then the pages', in a fixed order."""
    found = list(site.config.redirects)
    # A retracted story's old addresses lead to its page, which says why it was withdrawn. An alias that is the
    # article's own URL is only warned of (checks.py).
    for article in (*reversed(site.articles), *reversed(site.retracted)):
        found += [Redirect(old, article.url, article.source, None) for old in article.aliases if old != article.url]
    for page in site.pages:
        found += [Redirect(old, page.url, page.source, None) for old in page.aliases if old != page.url]
    return found


NOT_FOUND_PAGE = "/404.html"


def script_pages(site: Site) -> frozenset[str]:
    """The pages whose script (alamat-lama.js) looks for the address in SCRIPT_RULES_FILE: the 404 page, when an old
    address of SITE needs_script (WordPress's /?p=123, /berita.php), and the front page too when a plain host
    answers one of them with it (/?p=123, not /berita.php). Every build asks: the aliases are gathered in C, and
    only those there are looked at (100,000 articles without any: under 10 ms)."""
    aliases = itertools.chain.from_iterable(filter(None, map(_ALIASES, itertools.chain(site.stories, site.pages))))
    olds = [*(redirect.old for redirect in site.config.redirects), *aliases]
    if not any(map(needs_script, olds)):
        return frozenset()
    at_front = any(urls.is_front_page(old.partition("?")[0]) for old in olds if "?" in old)
    return frozenset([NOT_FOUND_PAGE, "/"] if at_front else [NOT_FOUND_PAGE])


_ALIASES = operator.attrgetter("aliases")


def _scripted(redirects: list[Redirect] | tuple[Redirect, ...]) -> bool:
    return any(needs_script(redirect.old) for redirect in redirects)


def page_url(old: str) -> str:
    """The URL of the page that stands at OLD (a path without a query): /lama/x -> /lama/x/; /old.html stays."""
    path = unquote(old)  # a server looks for the file the decoded path names
    last = path.rpartition("/")[2]
    return path if path.endswith("/") or "." in last else path + "/"


def _refuse_taken(redirects: list[Redirect], site: Site, output, some_unloaded: bool) -> None:
    """Problems, all at once: two old addresses alike, an old address that is a page of the site, a redirect of
    kabar.yml that leads nowhere on the site. SOME_UNLOADED: some articles or pages had problems, and a page a
    redirect leads to may be theirs, or their category's, tag's or author's: not said to lead nowhere then (an
    imported site's hundreds of redirects would blame kabar.yml for one article's typo)."""
    sources = {a.url: a.source for a in site.stories} | {p.url: p.source for p in site.pages}
    settings = set(site.config.redirects)
    first: dict[str, Redirect] = {}
    problems = []
    for redirect in redirects:
        key = redirect.old if "?" in redirect.old else page_url(redirect.old)
        where = "redirects" if redirect in settings else "aliases"
        line = redirect.line or _line_of(redirect.source, redirect.old)
        if key in first:
            other = first[key]
            problems.append(
                Problem(redirect.source, line, f"{where}: {redirect.old} is an old address of {_where(other)} too")
            )
            continue
        first[key] = redirect
        if "?" not in key and output.has(urls.output_path(key)):
            origin = output.origin[urls.output_path(key)]
            owner = sources.get(origin.removeprefix("page "), origin)
            message = f"{where}: {redirect.old} is the address of {owner}, a page of the site: remove it from {where}"
            problems.append(Problem(redirect.source, line, message))
        elif (
            redirect.new.startswith("/")
            and not _exists(redirect.new, output)
            and not (some_unloaded and page_url(_path_of(redirect.new)).endswith("/"))
        ):
            message = f"redirects: {redirect.old} leads to {redirect.new}, which is not a page or file of the site"
            problems.append(Problem(redirect.source, line, message))
    if problems:
        raise BuildError(problems)


def _to_folder(redirect: Redirect, output) -> Redirect:
    """REDIRECT leading to a page by its own URL when kabar.yml names it without its slash (/kategori/berita): else
    every host answers with a second 301, to the folder, and the redirect page's canonical link is not the page's."""
    path = _path_of(redirect.new)
    if not path.startswith("/") or path.endswith("/") or output.has(urls.output_path(unquote(path))):
        return redirect
    if output.has(urls.output_path(unquote(path) + "/")):
        return redirect._replace(new=path + "/" + redirect.new[len(path) :])
    return redirect


def _where(redirect: Redirect) -> str:
    line = redirect.line or _line_of(redirect.source, redirect.old)
    return f"{redirect.source}:{line}" if line else redirect.source


def _line_of(source: str, old: str) -> int | None:
    """The line of an article's file that names OLD (in its front matter), for messages."""
    written = re.compile(rf"(?:^|[\s\[,'\"]){re.escape(old)}(?:$|[\s\],'\"])")
    try:
        with open(source, encoding="utf-8-sig") as file:
            return next((n for n, line in enumerate(file, start=1) if written.search(line)), None)
    except OSError:
        return None


def _path_of(new: str) -> str:
    """The path of NEW, an address a redirect leads to, without its query or fragment."""
    return re.split(r"[?#]", new, maxsplit=1)[0]


def _exists(new: str, output) -> bool:
    path = unquote(_path_of(new))
    return output.has(urls.output_path(page_url(path))) or output.has(urls.output_path(path))


def _titles(site: Site, words: Mapping[str, str]) -> dict[str, str]:
    """The title of each page an old address may lead to, for its redirect page (WORDS: the theme's, which name the
    pages of all categories, tags and authors)."""
    titles = {listing.url: listing.title for listing in (site.home, *site.listings)}
    titles.update((d.url, words[d.word]) for d in site.directories)
    titles.update((a.url, a.title) for a in site.stories)
    titles.update((p.url, p.title) for p in site.pages)
    return titles


def _redirect_files(
    redirects: list[Redirect], pages: list[Redirect], titles: dict[str, str], renderer: Renderer
) -> Iterator[Rendered]:
    for redirect in pages:
        title = titles.get(redirect.new, renderer.config.title)
        url = page_url(redirect.old)
        yield Rendered(url, renderer.render("redirect.html", url, target=redirect.new, title=title), None)
    redirects = with_front_script(redirects)
    if renderer.prefix:  # a site under a path: the host sees /repo/lama/x/, and leads to /repo/...
        redirects = [r._replace(old=renderer.prefix + r.old, new=prefixed(r.new, renderer.prefix)) for r in redirects]
    yield Rendered(NETLIFY_FILE, netlify_redirects(redirects).encode("utf-8"), None)
    base_url = renderer.config.base_url
    yield Rendered(NGINX_FILE, nginx_map(redirects, base_url).encode("utf-8"), None)
    yield Rendered(NGINX_SERVER_FILE, nginx_server_snippet(base_url).encode("utf-8"), None)
    if _scripted(redirects):
        yield Rendered(SCRIPT_RULES_FILE, script_rules(redirects).encode("utf-8"), None)
