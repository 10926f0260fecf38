"""WordPress navigation menus as kabar.yml `menus:` (main: the category bar, footer).

A menu is a nav_menu term; its entries are nav_menu_item posts whose postmeta says what they point to
(_menu_item_type, _menu_item_object, _menu_item_object_id, _menu_item_url) and under which entry they sit
(_menu_item_menu_item_parent). Theme locations are not in the export, so the main menu is the one named like one
(primary, main, utama, header, top), else the first; the footer menu the one named footer (or bawah), else the
next. kabar menus have one level: a sub-entry, and an entry pointing to nothing kabar has, are reported, as is a
main menu's link to the front page (its "Home"), which kabar's category bar has first anyway.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import urls
from .wxr import Item, Term

MAIN_NAMES = re.compile(r"primary|main|utama|header|top|navigasi", re.IGNORECASE)
FOOTER_NAMES = re.compile(r"footer|bawah", re.IGNORECASE)


@dataclass
class Targets:
    """What a menu entry may point to on the new site, by WordPress id."""

    categories: dict[str, str] = field(default_factory=dict)  # term id -> kabar category name
    tag_urls: dict[str, str] = field(default_factory=dict)  # term id -> /tag/slug/ (categories that became tags too)
    pages: dict[str, str] = field(default_factory=dict)  # post id -> page address ("tentang/kontak")
    posts: dict[str, str] = field(default_factory=dict)  # post id -> article URL
    titles: dict[str, str] = field(default_factory=dict)  # post or term id -> its title or name
    site_path: Callable[[str], str] = str


def build_menus(
    menus: dict[str, Term], entries: list[Item], targets: Targets, notes: list[str]
) -> dict[str, list[dict[str, Any]]]:
    """kabar.yml's `menus:` from MENUS (slug -> term, in export order) and their ENTRIES; problems go to NOTES."""
    by_menu: dict[str, list[Item]] = {}
    for entry in entries:
        slug = next((nicename for domain, nicename, _ in entry.terms if domain == "nav_menu"), "")
        by_menu.setdefault(slug, []).append(entry)
    order = [slug for slug in menus if slug in by_menu] + sorted(slug for slug in by_menu if slug not in menus)
    if not order:
        return {}
    names = {slug: f"{menus[slug].name} ({slug})" if slug in menus else slug for slug in order}
    main = next((slug for slug in order if MAIN_NAMES.search(names[slug])), order[0])
    rest = [slug for slug in order if slug != main]
    footer = next((slug for slug in rest if FOOTER_NAMES.search(names[slug])), rest[0] if rest else None)
    result = {}
    for role, slug in (("main", main), ("footer", footer)):
        if slug is None:
            continue
        items = sorted(by_menu[slug], key=lambda e: (int(e.menu_order or 0), int(e.post_id or 0)))
        made = [entry for item in items if (entry := _entry(item, targets, names[slug], role, notes))]
        if made:
            result[role] = made
    for slug in order:
        if slug not in (main, footer):
            notes.append(f"menu {names[slug]}: not imported (kabar has a main and a footer menu)")
    return result


def _entry(item: Item, targets: Targets, menu: str, role: str, notes: list[str]) -> dict[str, Any] | None:
    kind = item.first_meta("_menu_item_type")
    target = item.first_meta("_menu_item_object")
    object_id = item.first_meta("_menu_item_object_id")
    label = item.title.strip()
    where = f"menu {menu}: entry '{label or targets.titles.get(object_id, object_id)}' (post {item.post_id})"
    if item.first_meta("_menu_item_menu_item_parent") not in ("", "0"):
        notes.append(f"{where}: a sub-entry, left out (kabar menus have one level)")
        return None
    entry: dict[str, Any] | None = None
    if kind == "taxonomy" and target == "category" and object_id in targets.categories:
        entry = {"category": targets.categories[object_id]}
        if label and label != targets.categories[object_id]:
            entry["label"] = label
    elif kind == "taxonomy" and object_id in targets.tag_urls:
        entry = {"url": targets.tag_urls[object_id], "label": label or targets.titles.get(object_id, "")}
    elif kind == "post_type" and target == "page" and object_id in targets.pages:
        entry = {"page": targets.pages[object_id]}
        if label:
            entry["label"] = label
    elif kind == "post_type" and object_id in targets.posts:
        entry = {"url": targets.posts[object_id], "label": label or targets.titles.get(object_id, "")}
    elif kind == "custom":
        url = targets.site_path(item.first_meta("_menu_item_url").strip())
        if role == "main" and urls.is_front_page(url):
            notes.append(f"{where}: the front page, left out (the category bar links to it first)")
            return None
        if url.startswith(("/", "http://", "https://")) and label:
            entry = {"url": url, "label": label}
    if entry is None or ("label" in entry and not entry["label"]):
        notes.append(f"{where}: points to nothing the new site has ({kind} {target} {object_id}), left out")
        return None
    return entry
