"""Part of load and site: the pages that are not stories, from the Markdown files under pages/.

`load_pages` reads each file as an article is read (the same front matter reader and messages) into a
SitePage at the address its path gives (pages/tentang/kontak.md is /tentang/kontak/; `slug:` replaces the
last segment). `refuse_taken_addresses` finds, once the site is known, every page whose address an article,
a listing or another page has, or that kabar keeps for its own.
"""

from __future__ import annotations

import os
import zoneinfo
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import limits, urls
from .body import first_paragraph, to_html
from .errors import BuildError, Problem, decode_utf8, did_you_mean
from .fields import Fields, aliases_from, slug_from
from .fingerprint import digest
from .frontmatter import MissingFrontMatter
from .load import message_path, read_front_matter
from .markdown_engines import over_budget
from .models import Article, Config, Listing, SitePage
from .unseen import blank, visible
from .walk import is_article_name
from .yamlload import YamlError

KNOWN = ("title", "summary", "slug", "updated", "draft", "menu", "aliases", "redirect_from")
# An article's keys that a page has no use for: said, rather than kept unseen in page.extra.
FOR_ARTICLES = ("category", "categories", "author", "authors", "tags", "featured")
NO_DATE = "pages have no date: remove the 'date:' line ('updated:' says when the page last changed)"
NO_FRONT_MATTER = "no front matter: a page starts with a '---' line, then 'title: ...', then '---', then its text"


def load_pages(paths: Iterable[str], pages_dir: Path, config: Config) -> tuple[SitePage, ...]:
    """A SitePage for each Markdown file of PATHS (under PAGES_DIR), in their order; raises one BuildError with
    every problem, a file that is not Markdown among them (pages/ holds pages; files go in static/)."""
    pages, problems = [], []
    for path in paths:
        shown = message_path(path, Path.cwd())
        if not is_article_name(path):
            problems.append(Problem(shown, None, "is not a Markdown page: put images and other files in static/"))
            continue
        try:
            with open(path, "rb") as file:
                data = limits.read_article(file, shown, "a page")
            text = decode_utf8(data, shown)
        except OSError as exc:
            problems.append(Problem(shown, None, f"cannot be read: {exc.strerror}"))
            continue
        except BuildError as exc:
            problems += exc.problems
            continue
        address = Path(os.path.relpath(path, pages_dir)).with_suffix("").as_posix()
        page, found = parse_page(text, shown, address, config, digest(shown, data))
        problems += found
        if page is not None:
            pages.append(page)
    if problems:
        raise BuildError(problems)
    return tuple(pages)


def parse_page(text: str, shown: str, address: str, config: Config, key: bytes = b"") -> tuple[SitePage | None, list]:
    """One page from its file's TEXT, at ADDRESS (its path in pages/ without the extension), or its problems."""
    try:
        parts, meta, lines = read_front_matter(text)
    except MissingFrontMatter as exc:
        message = NO_FRONT_MATTER if exc.message.startswith(("no front matter", "the file is empty")) else exc.message
        return None, [Problem(shown, exc.line, message)]
    except YamlError as exc:
        return None, [Problem(shown, exc.line, exc.message)]
    fence_line = parts.body_line - 1
    fields = Fields(shown, meta, lines, fence_line, zoneinfo.ZoneInfo(config.timezone))
    extra: dict[str, Any] = {}
    misspelt = set()
    for name in meta:
        if name == "date":
            fields.problem(name, NO_DATE)
        elif name in FOR_ARTICLES:
            fields.problem(name, f"pages have no '{name}': remove the line, or move the file to content/ for a story")
        elif name not in KNOWN and (guess := did_you_mean(str(name), KNOWN)) and guess not in meta:
            fields.problem(name, f"unknown key '{name}'; did you mean '{guess}'?")
            misspelt.add(guess)
        elif name not in KNOWN:
            extra[str(name)] = meta[name]
    if "title" not in meta:
        if "title" not in misspelt:  # a misspelling already says what is missing
            fields.problem("title", "missing 'title': add a 'title: ...' line to the front matter", line=fence_line)
    elif blank(meta["title"]):
        fields.problem("title", "'title' is empty: write the page's title after 'title:'")
    title = fields.text("title")
    summary = fields.text("summary")
    draft = fields.flag("draft")
    menu = meta.get("menu")
    if menu is not None and (not isinstance(menu, int) or isinstance(menu, bool)):
        fields.problem("menu", f"menu: {menu!r} must be a whole number: the page's place in the footer menu")
    updated = fields.when("updated") if "updated" in meta else None
    address = _address(fields, address)
    aliases = aliases_from(fields)
    if not parts.body.strip():
        fields.problem("body", "the page has no text: write it below this closing '---'", line=fence_line)
    if fields.problems:
        return None, sorted(fields.problems, key=lambda p: p.line or 0)
    assert title and address
    markdown = visible(parts.body)
    over = over_budget(markdown, config.markdown)
    if over is not None:
        return None, [Problem(shown, fence_line + over[0], over[1])]
    body_html = to_html(markdown, config.markdown, safe=config.safe_html)
    return SitePage(
        source=shown,
        title=title,
        url=urls.page_url(address, config.permalinks.page),
        address=address,
        summary=summary or first_paragraph(body_html),
        updated=updated,
        draft=draft,
        menu=menu,
        aliases=aliases,
        html=body_html,
        extra=extra,
        key=key,
        url_line=lines.get("slug"),
    ), []


def _address(fields: Fields, address: str) -> str | None:
    """ADDRESS with the last segment replaced by `slug:`; a segment that cannot be part of a URL is a problem."""
    *folders, name = address.split("/")
    if "slug" in fields.meta:
        name = slug_from(fields, None) or ""
    elif address == "index":
        message = "cannot be a page: the front page (/) is the site's list of stories; give the file another name"
        fields.problems.append(Problem(fields.shown, None, message))
        return None
    for segment in [*folders, name] if name else folders:
        if urls.slugify(segment) != segment:
            hint = f" (try '{urls.slugify(segment)}')" if urls.slugify(segment) else ""
            if segment == name:
                message = f"the file name {segment!r} cannot be an address: rename it, using lowercase letters, "
                message += f"digits and hyphens{hint}, or add a 'slug:' line"
            else:
                message = f"the folder name {segment!r} cannot be part of an address: rename it, using lowercase "
                message += f"letters, digits and hyphens{hint}"
            fields.problems.append(Problem(fields.shown, None, message))
            return None
    return "/".join([*folders, name]) if name else None


def refuse_taken_addresses(pages: tuple[SitePage, ...], articles: tuple[Article, ...], listings: Iterable[Listing]):
    """A problem naming both files for each page whose URL an article or another page has, or that is a listing's
    or kept for one (/kategori/..., /page/2/, /cari/); raises one BuildError with them all."""
    if not pages:
        return
    owners: dict[str, str] = {a.url: f"{a.source}:{a.url_line}" if a.url_line else a.source for a in articles}
    listed = {page.url for listing in listings for page in listing.pages}
    problems = []
    for page in pages:
        first = page.url.strip("/").split("/")[0]
        if page.url in owners:
            message = f"has the same address {page.url} as {owners[page.url]}: give one of them another 'slug:'"
        elif first in urls.RESERVED_PREFIXES:
            message = f"the address {page.url} is under /{first}/, which is kabar's own (categories, tags, authors, "
            message += "listing pages, search): give the page another 'slug:' or file name"
        elif page.url in listed:
            message = f"the address {page.url} is a listing of the site's stories (a date archive): give the page "
            message += "another 'slug:' or file name"
        else:
            owners[page.url] = f"{page.source}:{page.url_line}" if page.url_line else page.source
            continue
        problems.append(Problem(page.source, page.url_line, message))
    if problems:
        raise BuildError(problems)
