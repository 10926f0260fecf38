"""Part of config and site: kabar.yml's `menus:` read into Menus, then resolved against the site into MenuLinks.

`menus_from` checks what config.py can know (the shape of each entry, a safe url); `resolve_menus` what only
the site knows (that a category or page named exists), each problem with its kabar.yml line. The defaults:
the category bar lists every category by name; the footer the pages with `menu:` by it (then by title), or,
when no page has one, every page by title. The category bar links to the front page first, so a `main:` entry
for it is left out, with a warning (`front_page_entries`), not an error: the site is fine without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from . import urls
from .errors import BuildError, Problem, did_you_mean, suggestion
from .models import Category, MenuEntry, MenuLink, Menus, Permalinks, SitePage
from .urls import is_safe_link

MENUS = ("main", "footer")
TARGETS = ("category", "page", "url")
ENTRY_KEYS = (*TARGETS, "label")
SETTINGS = "kabar.yml"  # config.CONFIG_FILE (config.py imports this module)
SHAPE = "an entry like 'category: Nasional', 'page: redaksi' or '{url: /2024/, label: Arsip}'"


def menus_from(value: object, lines: dict) -> tuple[Menus, list[tuple[int | None, str]]]:
    """kabar.yml's `menus:` VALUE as Menus, and its problems as (line, message); LINES: kabar.yml's, nested ones
    included (see yamlload.load_mapping)."""

    def line_of(path: tuple) -> int | None:
        while path and ("menus", *path) not in lines:
            path = path[:-1]
        return lines.get(("menus", *path), lines.get("menus"))

    if not isinstance(value, dict):
        return Menus(), [(line_of(()), "menus: must be 'main:' and 'footer:' lines, each a list of entries")]
    problems, found = [], {}
    for name, entries in value.items():
        if name not in MENUS:
            hint = suggestion(str(name), MENUS)
            problems.append((line_of((name,)), f"unknown menu 'menus.{name}'{hint}"))
        elif not isinstance(entries, list):
            problems.append((line_of((name,)), f"menus.{name}: must be a list of entries ('- ' lines), each {SHAPE}"))
        else:
            found[name] = tuple(_entry(name, entry, (name, at), line_of, problems) for at, entry in enumerate(entries))
    return (Menus() if problems else Menus(**found)), sorted(problems, key=lambda problem: problem[0] or 0)


def _entry(menu: str, entry: object, path: tuple, line_of: Callable, problems: list) -> MenuEntry:
    """One entry of MENU; each mistake in it added to PROBLEMS."""
    line = line_of(path)
    if not isinstance(entry, dict):
        problems.append((line, f"menus.{menu}: {entry!r} must be {SHAPE}"))
        return MenuEntry()
    values = {}
    for key, value in entry.items():
        if key not in ENTRY_KEYS:
            hint = suggestion(str(key), ENTRY_KEYS)
            problems.append((line_of((*path, key)), f"menus.{menu}: unknown key '{key}'{hint}"))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            values[key] = str(value)
        elif not isinstance(value, str) or not value.strip():
            problems.append((line_of((*path, key)), f"menus.{menu}: {key}: {value!r} must be text"))
        else:
            values[key] = value.strip()
    given = [key for key in TARGETS if key in entry]
    if len(given) != 1:
        what = "has none" if not given else f"has {len(given)} ({', '.join(given)})"
        problems.append((line, f"menus.{menu}: an entry has one of category:, page: or url:, and this one {what}"))
    url = values.get("url")
    if url is not None and not is_safe_link(url):
        problems.append(
            (
                line_of((*path, "url")),
                f"menus.{menu}: url: {url!r} must be a path on the site, like /2024/, or an http(s) URL",
            )
        )
    elif url is not None and "label" not in values:
        problems.append((line, f"menus.{menu}: the url: {url} needs a label: write {{url: {url}, label: ...}}"))
    return MenuEntry(**values, line=line)


DEFAULT_PERMALINKS = Permalinks()


def resolve_menus(
    menus: Menus,
    categories: tuple[Category, ...],
    pages: tuple[SitePage, ...],
    unpublished: Iterable[str],
    permalinks: Permalinks = DEFAULT_PERMALINKS,
    unknown_left_out: bool = False,
) -> tuple[tuple[MenuLink, ...], tuple[MenuLink, ...]]:
    """The category bar's links and the footer's, for a site of CATEGORIES and PAGES; an entry naming a category
    or page the site does not have is a problem at its line (UNKNOWN_LEFT_OUT: left out instead), one UNPUBLISHED
    (a category or page URL that only drafts or scheduled stories have) is left out."""
    main = [MenuLink(c.name, c.url, "category") for c in categories] if menus.main is None else []
    footer = [MenuLink(p.title, p.url, "page") for p in _default_footer(pages)] if menus.footer is None else []
    by_category = {c.url: c for c in categories}
    by_page = {p.address: p for p in pages}
    hidden = set(unpublished)
    problems: list[Problem] = []
    for name, entries, links in (("main", menus.main, main), ("footer", menus.footer, footer)):
        for entry in entries or ():
            if entry.url:
                if name == "main" and urls.is_front_page(entry.url):
                    continue  # the bar's own first link already
                links.append(MenuLink(entry.label, entry.url, "url"))
            elif entry.category:
                url = urls.category_url(urls.slugify(entry.category), permalinks.category)
                category = by_category.get(url)
                if category is not None:
                    links.append(MenuLink(entry.label or category.name, category.url, "category"))
                elif url not in hidden:
                    guess = did_you_mean(entry.category, [c.name for c in categories])
                    hint = f"; did you mean '{guess}'?" if guess else ""
                    message = f"menus.{name}: the site has no category {entry.category!r}{hint}"
                    problems.append(Problem(SETTINGS, entry.line, message))
            else:
                address = entry.page.strip("/")
                page = by_page.get(address)
                if page is not None:
                    links.append(MenuLink(entry.label or page.title, page.url, "page"))
                elif urls.page_url(address, permalinks.page) not in hidden:
                    guess = did_you_mean(address, list(by_page))
                    hint = f"; did you mean '{guess}'?" if guess else ""
                    message = f"menus.{name}: the site has no page {entry.page!r} (a file pages/{address}.md){hint}"
                    problems.append(Problem(SETTINGS, entry.line, message))
    if problems and not unknown_left_out:
        raise BuildError(problems)
    return tuple(main), tuple(footer)


def front_page_entries(menus: Menus) -> list[Problem]:
    """A warning for each `main:` entry that links to the front page, which resolve_menus leaves out."""
    return [
        Problem(
            SETTINGS,
            entry.line,
            f"menus.main: the url: {entry.url} is the front page, which the category bar links to first already: "
            "the entry is left out; remove it",
        )
        for entry in menus.main or ()
        if entry.url and urls.is_front_page(entry.url)
    ]


def _default_footer(pages: tuple[SitePage, ...]) -> list[SitePage]:
    """The pages with `menu:`, by it then by title; with none anywhere, every page by title."""
    placed = [p for p in pages if p.menu is not None]
    if placed:
        return sorted(placed, key=lambda p: (p.menu, p.title.casefold(), p.url))
    return sorted(pages, key=lambda p: (p.title.casefold(), p.url))
