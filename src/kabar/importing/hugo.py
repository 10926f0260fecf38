"""Read a Hugo site: its settings file, the pages of content/ (sections' pages are articles, the root's are pages),
page bundles' files, static/.

A page's old URL is its `url:`, or its section's `[permalinks]` pattern, or Hugo's default (/section/slug/); the
pattern most articles had (a section's name is a word of it), when kabar's tokens can say it, becomes kabar.yml
`permalinks:`, and every old URL the new one does not equal, and every `aliases:` entry, becomes an alias. The old
site's feeds, section lists and taxonomy pages become `redirects:` (see hugolists.py). Shortcodes with a plain
equivalent (figure, youtube, vimeo, ref, relref, highlight) are converted; the others are left and reported. A
page's old permalink is its `guid:` (Hugo's RSS template's <guid>). What Hugo was not publishing when the import
runs stays unpublished: a draft, an article whose publishDate is to come (dated then, so scheduled), a page past its
expiryDate (a draft).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zoneinfo
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import closers, urls
from ..load import EXPIRY_DATES, PUBLISH_DATES
from . import staticsite
from .hugolists import Lists, list_redirects, read_lists
from .model import Imported, Report
from .oldsite import addresses_change, refused_pattern
from .staticsite import Post

CONFIGS = tuple(
    f"{folder}{name}.{suffix}"
    for folder in ("", "config/_default/")
    for name in ("hugo", "config")
    for suffix in ("toml", "yaml", "yml", "json")
)
TOKEN = re.compile(
    r":(year|monthname|month|day|weekdayname|weekday|yearday|sections|section|title|slugorfilename|slug"
    r"|filename|contentbasename)"
)
TITLE_SLUG = re.compile(r":(?:title|slug)\b")  # the tokens Hugo fills with the title when there is no slug
AS_KABAR = {"year": ":year", "month": ":month", "day": ":day", "slug": ":slug", "slugorfilename": ":slug",
            "filename": ":slug", "contentbasename": ":slug", "title": ":slug"}  # fmt: skip
ESCAPED, HIGHLIGHT, NAMED = (
    r"{{[<%]\s*/\*",
    r"{{[<%]\s*highlight\s+(?P<lang>[\w+#.-]+)[^}]*[>%]}}",
    r"{{(?P<open>[<%])\s*(?P<name>/?[\w/.-]+)",
)
END_ESCAPED, END_HIGHLIGHT, END = r"\*/\s*[>%]}}", r"{{[<%]\s*/highlight\s*[>%]}}", r"[>%]}}"


def _shortcode_ends(text: str) -> Callable[[int], int | None]:
    """Where the shortcode that begins at a place ends (see closers.Bounded): in time linear in the text."""
    named = re.compile(NAMED)  # what every alternative begins with: escaped ones with the name "/"
    blocks = closers.blocks(text, ((ESCAPED, END_ESCAPED), (HIGHLIGHT, END_HIGHLIGHT)))
    end = closers.Next(text, re.compile(END))

    def ends(place: int) -> int | None:
        if (name := named.match(text, place)) is None:
            return None
        found = closers.first_closed(text, place, blocks)
        return end.end_after(name.end()) if found is None else found

    return ends


SHORTCODES = (
    rf"{ESCAPED}(?P<escaped>.*?){END_ESCAPED}|{HIGHLIGHT}\n?(?P<code>.*?)\n?{END_HIGHLIGHT}"
    rf"|{NAMED}(?P<args>.*?)\s*{END}"
)
SHORTCODE = closers.Bounded(pattern=re.compile(SHORTCODES, re.S), starts=re.compile("{{[<%]"), ends=_shortcode_ends)


@dataclass(frozen=True)
class OldSite:
    """What the old site's settings say of every page, and the moment of the import (which pages had expired)."""

    patterns: dict[str, str]  # section -> permalink pattern
    base_url: str | None  # baseURL, when it is an address
    zone: dt.tzinfo  # timeZone: the zone of a front matter date without an offset
    now: dt.datetime
    lists: Lists  # how it made its list pages (and which front matter keys its taxonomies are)


def read(source: str, uploads: Path | None) -> Imported:
    root = Path(source)
    report = Report()
    config_file = next(name for name in CONFIGS if (root / name).is_file())
    config = {key.lower(): value for key, value in staticsite.read_config(root, config_file).items()}
    params = config.get("params") if isinstance(config.get("params"), dict) else {}
    settings = staticsite.settings(
        report,
        config_file,
        config.get("title"),
        params.get("description") or params.get("subtitle") or params.get("tagline"),
        config.get("baseurl"),
        config.get("languagecode") or config.get("defaultcontentlanguage"),
        config.get("timezone"),
    )
    patterns = _patterns(config.get("permalinks"))
    base_url = config.get("baseurl") if str(config.get("baseurl")).startswith(("http://", "https://")) else None
    lists = read_lists(config, config.get("permalinks"))
    old_site = OldSite(patterns, base_url, _zone(config.get("timezone")), dt.datetime.now(dt.UTC), lists)
    content_dir = str(config.get("contentdir") or "content").strip("/")
    found = list(staticsite.walk(root / content_dir))
    leaf_bundles = {shown.rsplit("/", 1)[0] for shown, _ in found if shown.endswith("/index.md")}
    sources = [(shown, path) for shown, path in found if path.suffix.lower() in staticsite.MARKDOWN_SUFFIXES]

    entries: list[staticsite.Entry] = []
    schemes: dict[str, str | None] = {}  # an article's source -> the pattern its old URL followed
    sections: dict[str, str] = {}  # an article's source -> its section
    for shown, path in sources:
        name = shown.rsplit("/", 1)[-1]
        if name.startswith("_index."):
            continue  # a section's list page: kabar makes its own
        bundle = shown.rsplit("/", 1)[0] if name.startswith("index.") and "/" in shown else ""
        if any(shown.startswith(f"{folder}/") for folder in leaf_bundles - {bundle}):
            continue  # a page inside a leaf bundle is one of its resources, not a page of the site
        is_article = "/" in (bundle or shown)  # in a section; a file of the root is a page
        found_post = _post(path, f"{content_dir}/{shown}", shown, bundle, old_site, report, is_article)
        if found_post is not None:
            entries.append(staticsite.Entry(found_post[0], bundle, found_post[1], is_article))
            schemes[found_post[0].shown], sections[found_post[0].shown] = found_post[2], shown.split("/", 1)[0]
    posts = [entry.post for entry in entries if entry.is_article]
    pages = [entry.post for entry in entries if not entry.is_article]
    if base_url is None and posts:
        staticsite.no_feed_ids(report, config_file, "baseURL")

    kabar_pattern = _one_kabar_pattern([schemes[post.shown] for post in posts], report)
    if kabar_pattern != staticsite.DEFAULT_PATTERN:
        settings["permalinks"] = {"article": kabar_pattern}
    articles = staticsite.Articles(report, kabar_pattern)
    imported = Imported(settings, report=report)
    links = {post.shown.removeprefix(f"{content_dir}/"): articles.url(post) for post in posts}
    links.update({post.shown.removeprefix(f"{content_dir}/"): f"/{post.slug}/" for post in pages})
    staticsite.copy_static(root / "static", "static", imported)

    def convert_body(entry: staticsite.Entry) -> str:
        folder = entry.own_folder or posixpath.dirname(entry.post.shown.removeprefix(f"{content_dir}/"))
        where = (entry.post.shown, entry.body_line)
        return staticsite.convert(
            entry.post.body, SHORTCODE, lambda match: _shortcode(match, links, folder), where, report
        )

    staticsite.add_entries(imported, articles, entries, found, convert_body, lambda post: _published(post, old_site))
    taken = {articles.url(post) for post in posts} | {f"/{post.slug}/" for post in pages}
    taken |= {alias for document in imported.documents for alias in document.front.get("aliases", [])}
    published = [(post, sections[post.shown]) for post in posts if _published(post, old_site)]
    redirects = list_redirects(published, articles, lists, taken, report)
    if redirects:
        settings["redirects"] = redirects
        report.count("redirects", len(redirects))
    return imported


def _published(post: Post, old_site: OldSite) -> bool:
    """Whether the old site showed POST when the import runs, and so the new one does too."""
    return not post.draft and _moment(post.date, old_site.zone) <= old_site.now


def _patterns(given: object) -> dict[str, str]:
    """Each section's permalink pattern ([permalinks] posts = ..., or [permalinks.page] posts = ...)."""
    if not isinstance(given, dict):
        return {}
    pages = given.get("page") if isinstance(given.get("page"), dict) else given
    return {str(section): pattern for section, pattern in pages.items() if isinstance(pattern, str)}


def _zone(name: object) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(str(name)) if name else dt.UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def _post(
    path: Path, shown: str, inside: str, bundle: str, old_site: OldSite, report: Report, is_article: bool
) -> tuple[Post, int, str | None] | None:
    """The page at PATH, the line its body starts on and the pattern its old URL followed (its section's, with the
    section's name in it; None when its `url:` gave it)."""
    source = staticsite.read_source(path, shown, report)
    if source is None:
        return None
    meta = {key.lower(): value for key, value in source.meta.items()}
    date = _first_date(meta, ("date", *PUBLISH_DATES))  # Hugo's .Date, as it falls back
    title = staticsite.text(meta.get("title"))
    if (date is None and is_article) or title is None:
        missing = "title" if title is None else "date"
        report.skip(f"{shown}:{source.lines.get(missing, 1)}", f"has no valid '{missing}'; not imported")
        return None
    filename = (bundle or inside).rsplit("/", 1)[-1].rsplit(".", 1)[0] if bundle else Path(inside).stem
    section = inside.split("/", 1)[0] if "/" in (bundle or inside) else ""
    given_slug = staticsite.text(meta.get("slug"))
    pattern = old_site.patterns.get(section)
    # Hugo's :slug, as its :title, is the title when the front matter has no slug: kabar's slug too, so the URL stays
    by_title = pattern and TITLE_SLUG.search(pattern) and not given_slug
    slug = urls.slugify(title) if by_title else given_slug or filename
    image, image_alt = meta.get("image") or meta.get("featured_image"), meta.get("image_alt")
    images = meta.get("images")
    if not image and isinstance(images, list) and images:
        image = images[0]
    cover = meta.get("cover")
    if not image and isinstance(cover, dict):
        image, image_alt = cover.get("image"), image_alt or cover.get("alt")
    post = Post(
        shown=shown,
        title=title,
        date=date or dt.date(1970, 1, 1),  # a page's: not shown
        slug=slug,
        body=source.body,
        categories=staticsite.names(meta.get(old_site.lists.key("category"))),
        tags=staticsite.names(meta.get(old_site.lists.key("tag"))),
        authors=staticsite.names(meta.get("authors") or meta.get("author")),
        summary=staticsite.text(meta.get("description") or meta.get("summary")),
        image=staticsite.text(image),
        image_alt=staticsite.text(image_alt or meta.get("alt")),
        updated=staticsite.when(meta.get("lastmod")),
        draft=meta.get("draft") is True,
    )
    folder = posixpath.dirname(bundle or inside)
    given_url = staticsite.text(meta.get("url"))
    scheme = None
    if given_url:
        old_url = given_url
    elif pattern:
        urlize = old_site.lists.path  # as Hugo writes each name in a URL
        names = urlize(given_slug or ""), urlize(filename), urlize(title)
        old_url = _expand(pattern, post.date, *names, section, folder)
        named = re.sub(r":sections\b", folder, re.sub(r":section\b", section, pattern))
        scheme = re.sub(r"/{2,}", "/", f"/{named}").lower()
    else:
        old_url = f"/{folder}/{given_slug or filename}/".lower().replace("//", "/")
        scheme = f"/{folder}/:slug/".lower().replace("//", "/")
    post.old_urls.append(old_url)
    post.guid = staticsite.old_address(old_site.base_url, old_url)  # Hugo's RSS template: <guid>{{ .Permalink }}
    for alias in staticsite.names(meta.get("aliases")):  # a relative alias is relative to the file's folder
        post.old_urls.append(alias if alias.startswith("/") else f"/{posixpath.join(folder, alias)}")
    _publication(post, meta, old_site, is_article, report)
    return post, source.body_line, scheme


def _publication(post: Post, meta: dict[str, object], old_site: OldSite, is_article: bool, report: Report) -> None:
    """Keep unpublished what Hugo did not publish at the time of the import: a page whose publishDate is to come
    (an article is dated then, so that kabar schedules it; a page, which has no date, becomes a draft), and one whose
    expiryDate has passed (a draft: kabar has no expiry, and publishing it again is the author's call)."""
    if post.draft:
        return
    publish = _first_date(meta, PUBLISH_DATES)
    if publish and _moment(publish, old_site.zone) > max(old_site.now, _moment(post.date, old_site.zone)):
        said = f"publishDate {staticsite.date_text(publish)} is to come"
        if is_article:
            post.date = publish
            report.skip(post.shown, f"{said}: dated then, when kabar publishes it")
        else:
            post.draft = True
            report.skip(post.shown, f"{said}: imported with draft: true (a page has no date to schedule it by)")
    expiry = _first_date(meta, EXPIRY_DATES)
    if expiry is None:
        return
    said = f"expiryDate {staticsite.date_text(expiry)}"
    if _moment(expiry, old_site.zone) <= old_site.now:
        post.draft = True
        report.skip(post.shown, f"{said} has passed, so Hugo no longer published it: imported with draft: true")
    else:
        report.skip(post.shown, f"{said}: kabar has no expiry; set draft: true then to take it down")


def _first_date(meta: dict[str, object], keys: tuple[str, ...]) -> dt.datetime | dt.date | None:
    return next((found for key in keys if (found := staticsite.when(meta.get(key)))), None)


def _moment(value: dt.datetime | dt.date, zone: dt.tzinfo) -> dt.datetime:
    """VALUE as an instant, as Hugo reads a front matter date: a day is its midnight, a time without offset is in
    the site's time zone."""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _expand(pattern: str, date: dt.date, slug: str, filename: str, title: str, section: str, folder: str) -> str:
    """The URL Hugo gave a page under the permalink PATTERN; SLUG (the front matter's, or ""), FILENAME and TITLE
    as Hugo's urlize writes them."""
    values = {
        "year": f"{date:%Y}",
        "month": f"{date:%m}",
        "monthname": f"{date:%B}".lower(),
        "day": f"{date:%d}",
        "weekday": str(date.isoweekday() % 7),
        "weekdayname": f"{date:%A}".lower(),
        "yearday": str(date.timetuple().tm_yday),
        "section": section,
        "sections": folder,
        "title": title,
        "slug": slug or title,  # Hugo's pageToPermalinkSlugElseTitle
        "slugorfilename": slug or filename,
        "filename": filename,
        "contentbasename": filename,
    }
    url = TOKEN.sub(lambda token: values[token[1]], pattern)
    return re.sub(r"/{2,}", "/", f"/{url}").lower()


def _one_kabar_pattern(schemes: list[str | None], report: Report) -> str:
    """The article pattern in kabar's tokens: the one more than half of the articles' old URLs followed (SCHEMES,
    each article's; None for one its `url:` gave), when kabar's tokens can say it; else kabar's default. A line
    says whose addresses change."""
    counted = Counter(scheme for scheme in schemes if scheme)
    if not counted:
        return staticsite.DEFAULT_PATTERN
    most = min(counted, key=lambda scheme: (-counted[scheme], scheme))
    kept = _as_kabar(most) if counted[most] * 2 > sum(counted.values()) else None
    if kept is None or refused_pattern(kept):
        report.skip("permalinks", addresses_change(" and ".join(sorted(counted)), staticsite.DEFAULT_PATTERN))
        return staticsite.DEFAULT_PATTERN
    others = sorted(scheme for scheme in counted if scheme != most)
    if others:
        changed = sum(counted[scheme] for scheme in others)
        whose = f"the addresses of {changed} article(s)"
        report.skip("permalinks", addresses_change(" and ".join(others), kept, whose))
    return kept


def _as_kabar(pattern: str) -> str | None:
    """PATTERN (Hugo's tokens, the section's name written out) in kabar's, or None when they cannot say it."""
    tokens = TOKEN.findall(pattern)
    if (
        not pattern.endswith("/")
        or any(token not in AS_KABAR for token in tokens)
        or ":slug" not in "".join(AS_KABAR[token] for token in tokens)
    ):
        return None
    return "/" + TOKEN.sub(lambda token: AS_KABAR[token[1]], pattern).lstrip("/")


def _shortcode(match: re.Match[str], links: dict[str, str], folder: str) -> str | None:
    """A shortcode's plain equivalent, or None."""
    if match["escaped"] is not None:
        return staticsite.as_written(f"{{{{{match[0][2]}{match['escaped']}{match[0][-3]}}}}}")
    if match["code"] is not None:
        return f"```{match['lang']}\n{match['code']}\n```"
    name = match["name"]
    positional, named = staticsite.arguments(match["args"])
    if name == "figure":
        src = named.get("src")
        return staticsite.figure(src, named.get("alt", ""), named.get("caption", "")) if src else None
    if name in ("youtube", "vimeo"):
        return staticsite.video_player(name, named.get("id") or (positional or [""])[0], match)
    if name in ("ref", "relref") and positional:
        target, mark, anchor = positional[0].partition("#")
        return _resolve(target, links, folder) + mark + anchor if _resolve(target, links, folder) else None
    return None


def _resolve(target: str, links: dict[str, str], folder: str) -> str | None:
    """The new URL of the page a ref/relref names: its path from content/, from the page's folder, or its name."""
    if not target:
        return None
    target = target.strip("/")
    for candidate in (target, posixpath.join(folder, target)):
        for path in (candidate, f"{candidate}.md", f"{candidate}/index.md"):
            if posixpath.normpath(path) in links:
                return links[posixpath.normpath(path)]
    by_name = [url for path, url in links.items() if path.rsplit("/", 1)[-1] == target]
    return by_name[0] if len(by_name) == 1 else None
