"""Read a Jekyll site: _config.yml, the posts of every _posts/ folder (and _drafts/), its Markdown pages, its files.

Posts are named YYYY-MM-DD-slug.md (a draft's date, when it has none, is its file's modification time, as
`jekyll build --drafts` dates it); folders above a _posts/ folder are categories, as Jekyll makes them. Their
URLs come from `permalink:` (a style or a pattern, site-wide or per post): a pattern kabar's tokens can say becomes
kabar.yml `permalinks:`, and every old URL the new one does not equal becomes an alias. Liquid tags with a plain
equivalent ({% link %}, {% post_url %}, {{ site.baseurl }}, {% highlight %}, {% raw %}) are converted. A post's
entry id in jekyll-feed's feed becomes its `guid:`.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zoneinfo
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import closers
from . import staticsite
from .model import Imported, Report
from .oldsite import addresses_change, refused_pattern
from .staticsite import Post

STYLES = {  # Jekyll's built-in permalink styles
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
PLACEHOLDER = re.compile(
    r":(categories|year|short_year|month|i_month|short_month|long_month|day|i_day|y_day|hour|minute|second"
    r"|title|slug|name|output_ext)"
)
AS_KABAR = {"year": ":year", "month": ":month", "day": ":day", "hour": ":hour", "minute": ":minute",
            "second": ":second", "title": ":slug", "slug": ":slug", "categories": ":category"}  # fmt: skip
POST_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})-(.+)")
NOT_SITE = ("_site", "vendor", "node_modules", ".jekyll-cache")  # Jekyll's output and the tools' folders
RAW, COMMENT, HIGHLIGHT = (
    r"{%-?\s*raw\s*-?%}",
    r"{%-?\s*comment\s*-?%}",
    r"{%-?\s*highlight\s+(?P<lang>[\w+#.-]+)[^%]*%}",
)
END_RAW, END_COMMENT, END_HIGHLIGHT = (rf"{{%-?\s*end{name}\s*-?%}}" for name in ("raw", "comment", "highlight"))
TAG = r"{%-?\s*(?P<tag>\w+)\s*(?P<arg>[^%]*?)\s*-?%}"


def _liquid_ends(text: str) -> Callable[[int], int | None]:
    """Where the Liquid that begins at a place ends (see closers.Bounded): in time linear in the text."""
    blocks = closers.blocks(text, ((RAW, END_RAW), (COMMENT, END_COMMENT), (HIGHLIGHT, END_HIGHLIGHT)))
    tag = re.compile(TAG)
    output = closers.Next(text, "}}")

    def end(place: int) -> int | None:
        if text.startswith("{{", place):
            return output.end_after(place + 2)
        if (found := closers.first_closed(text, place, blocks)) is not None:
            return found
        return None if (found := tag.match(text, place)) is None else found.end()

    return end


LIQUID = closers.Bounded(
    pattern=re.compile(
        rf"{RAW}(?P<raw>.*?){END_RAW}|{COMMENT}.*?{END_COMMENT}|{HIGHLIGHT}\n?(?P<code>.*?)\n?{END_HIGHLIGHT}"
        rf"|{TAG}|{{{{-?\s*(?P<out>.*?)\s*-?}}}}",
        re.S,
    ),
    starts=re.compile("{[{%]"),
    ends=_liquid_ends,
)
SITE_URL = re.compile(r"site\.(?:base)?url(?:\s*\|\s*(?:prepend|append):\s*site\.(?:base)?url)*")
FILTERED_PATH = re.compile(r"""(["'])(/?[^"']*)\1\s*\|\s*(?:relative_url|absolute_url)""")


def read(source: str, uploads: Path | None) -> Imported:
    root = Path(source)
    report = Report()
    config = _config(root)
    config_file = "_config.yml" if (root / "_config.yml").is_file() else "_config.toml"
    timezone = staticsite.text(config.get("timezone"))
    address = str(config.get("url") or "")
    site_url = f"{address}{config.get('baseurl') or ''}" if address.startswith(("http://", "https://")) else None
    settings = staticsite.settings(
        report,
        config_file,
        config.get("title"),
        config.get("description") or config.get("tagline"),
        site_url,
        config.get("lang") or config.get("locale"),
        timezone,
    )
    style = staticsite.text(config.get("permalink")) or "date"
    old_pattern = STYLES.get(style, style)
    kabar_pattern = _as_kabar(old_pattern)
    if kabar_pattern and refused_pattern(kabar_pattern):
        kabar_pattern = None
    if kabar_pattern and kabar_pattern != staticsite.DEFAULT_PATTERN:
        settings["permalinks"] = {"article": kabar_pattern}
    articles = staticsite.Articles(report, kabar_pattern or staticsite.DEFAULT_PATTERN)
    site_zone = _zone(timezone)
    defaults = _post_defaults(config)

    posts: list[tuple[Post, int]] = []  # with the line its body starts on
    links: dict[str, str] = {}  # a source path, or a post's name for {% post_url %}, -> its new URL
    pages: list[tuple[Post, str, int]] = []
    files: dict[str, Path] = {}
    for shown, path in staticsite.walk(root, lambda parts: parts[0] in NOT_SITE):
        parts = shown.split("/")
        suffix = path.suffix.lower()
        if "_posts" in parts[:-1] or parts[0] == "_drafts":
            if suffix not in staticsite.MARKDOWN_SUFFIXES:
                if suffix == ".html":
                    report.skip(shown, "an HTML post: only Markdown posts are imported")
                continue
            found = _post(path, shown, parts, defaults, old_pattern, site_url, site_zone, report)
            if found:
                post, body_line = found
                url = articles.url(post)
                links[shown] = url
                after_posts = "/".join(parts[parts.index("_posts") + 1 :]) if "_posts" in parts else shown
                links[after_posts.rsplit(".", 1)[0]] = url
                links[Path(shown).stem] = url
                posts.append((post, body_line))
        elif parts[0].startswith("_"):
            continue
        elif suffix in staticsite.MARKDOWN_SUFFIXES and _has_front_matter(path):
            found_page = _page(path, shown, style, report)
            if found_page:
                links[shown] = f"/{found_page[1]}/"
                pages.append(found_page)
        elif suffix == ".html" and parts[-1] not in ("index.html", "404.html") and _has_front_matter(path):
            report.skip(shown, "an HTML page with Liquid layout: not imported; write it as a page under pages/")
        elif staticsite.is_asset(shown):
            files[f"static/{shown}"] = path
            links[shown] = f"/{shown}"

    if not site_url and any(not post.draft for post, _ in posts):
        staticsite.no_feed_ids(report, config_file, "url")
    if kabar_pattern is None and posts:
        report.skip("permalinks", addresses_change(staticsite.site_path(old_pattern), staticsite.DEFAULT_PATTERN))
    imported = Imported(settings, files=files, report=report)
    for post, body_line in posts:
        post.body = _liquid(post.body, links, (post.shown, body_line), report)
        imported.documents.append(articles.document(post))
    page_paths: set[str] = set()
    for post, address, body_line in pages:
        post.body = _liquid(post.body, links, (post.shown, body_line), report)
        imported.documents.append(staticsite.page(post, address, page_paths))
    report.count("articles", len(posts))
    if pages:
        report.count("pages", len(pages))
    if files:
        report.count("files", len(files))
    return imported


def _config(root: Path) -> dict[str, Any]:
    """_config.yml (or _config.toml) as a mapping."""
    for name in ("_config.yml", "_config.toml"):
        if (root / name).is_file():
            return staticsite.read_config(root, name)
    return {}


def _zone(name: str | None) -> dt.tzinfo | None:
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _post_defaults(config: dict[str, Any]) -> dict[str, Any]:
    """The front matter _config.yml's `defaults:` gives every post (scope type posts, or the whole site)."""
    values: dict[str, Any] = {}
    for entry in config.get("defaults") or []:
        if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict):
            continue
        scope = entry.get("scope") if isinstance(entry.get("scope"), dict) else {}
        if scope.get("type") in (None, "posts") and scope.get("path") in (None, "", "_posts"):
            values.update(entry["values"])
    return values


def _has_front_matter(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(4).replace(b"\r", b"") in (b"---\n", b"---")


def _post(
    path: Path,
    shown: str,
    parts: list[str],
    defaults: dict[str, Any],
    old_pattern: str,
    site_url: str | None,
    zone: dt.tzinfo | None,
    report: Report,
) -> tuple[Post, int] | None:
    """The post at PATH; SITE_URL is the old site's address (url + baseurl), if known."""
    source = staticsite.read_source(path, shown, report)
    if source is None:
        return None
    meta = {**defaults, **source.meta}
    named = POST_NAME.fullmatch(path.stem)
    draft = parts[0] == "_drafts" or meta.get("published") is False
    if named is None and parts[0] != "_drafts":
        report.skip(shown, "is not named YYYY-MM-DD-title.md, so Jekyll never published it; not imported")
        return None
    name_slug = named[4] if named else path.stem
    try:
        named_day = dt.date(*(int(part) for part in named.groups()[:3])) if named else None
    except ValueError:
        named_day = None
    date = staticsite.when(meta.get("date")) or named_day
    if meta.get("date") is not None and date is named_day and named_day is not None:  # 0000-01-01, 99999-01-01
        report.skip(shown, f"date: {meta['date']!s} is not a date: dated by its file's name, {named_day.isoformat()}")
    if date is None and parts[0] == "_drafts":
        # What `jekyll build --drafts` dates a draft by; the author sets the real date when publishing it.
        date = dt.datetime.fromtimestamp(int(path.stat().st_mtime), zone or dt.UTC)
        report.skip(
            shown,
            f"a draft with no date: dated {staticsite.date_text(date)}, its file's modification time;"
            " imported with draft: true",
        )
    if date is None:
        line = source.lines.get("date", 1)
        report.skip(f"{shown}:{line}", "has no date (in its name or a valid 'date:'); not imported")
        return None
    slug = staticsite.text(meta.get("slug")) or name_slug
    folders = parts[: parts.index("_posts")] if "_posts" in parts else []
    categories = [*folders, *staticsite.names(meta.get("categories"), " "), *staticsite.names(meta.get("category"))]
    categories = list(dict.fromkeys(categories))
    image = meta.get("image")
    image_alt = meta.get("image_alt")
    if isinstance(image, dict):
        image, image_alt = image.get("path"), image_alt or image.get("alt")
    post = Post(
        shown=shown,
        title=staticsite.text(meta.get("title")) or " ".join(word.capitalize() for word in name_slug.split("-")),
        date=date,
        slug=slug,
        body=source.body,
        categories=categories,
        tags=staticsite.names(meta.get("tags"), " "),
        authors=staticsite.names(meta.get("authors") or meta.get("author")),
        summary=staticsite.text(meta.get("excerpt") or meta.get("description") or meta.get("summary")),
        image=staticsite.text(image),
        image_alt=staticsite.text(image_alt),
        updated=staticsite.when(meta.get("last_modified_at") or meta.get("updated")),
        draft=draft,
    )
    if not draft:
        pattern = staticsite.text(meta.get("permalink"))
        pattern = STYLES.get(pattern, pattern) if pattern else old_pattern
        try:
            moment = date.astimezone(zone) if isinstance(date, dt.datetime) and date.tzinfo and zone else date
        except OverflowError:  # year 1 or 9999 at an offset, past Python's dates in the site's zone: as written
            moment = date
        old_url = _expand(pattern, moment, slug, categories)
        post.old_urls.append(old_url)
        # jekyll-feed's entry id is `post.id | absolute_url`; Jekyll's post.id is its URL's folder, then its slug.
        post.guid = staticsite.old_address(site_url, posixpath.join(posixpath.dirname(old_url.rstrip("/")), slug))
    post.old_urls.extend(staticsite.names(meta.get("redirect_from")))
    return post, source.body_line


def _expand(pattern: str, date: dt.datetime | dt.date, slug: str, categories: list[str]) -> str:
    """The URL Jekyll gave a post under the permalink PATTERN."""
    moment = date if isinstance(date, dt.datetime) else dt.datetime.combine(date, dt.time())
    values = {
        "categories": "/".join(category.lower().replace(" ", "%20") for category in categories),
        "year": f"{moment:%Y}",
        "short_year": f"{moment:%y}",
        "month": f"{moment:%m}",
        "i_month": str(moment.month),
        "short_month": f"{moment:%b}",
        "long_month": f"{moment:%B}",
        "day": f"{moment:%d}",
        "i_day": str(moment.day),
        "y_day": f"{moment:%j}",
        "hour": f"{moment:%H}",
        "minute": f"{moment:%M}",
        "second": f"{moment:%S}",
        "title": slug,
        "slug": slug.lower(),
        "name": slug,
        "output_ext": ".html",
    }
    url = PLACEHOLDER.sub(lambda token: values[token[1]], pattern)
    return re.sub(r"/{2,}", "/", f"/{url}")


def _as_kabar(pattern: str) -> str | None:
    """PATTERN in kabar's tokens, if every placeholder has one and it ends in '/'; otherwise None."""
    if not pattern.endswith("/") or ".html" in pattern:
        return None
    tokens = PLACEHOLDER.findall(pattern)
    if any(token not in AS_KABAR for token in tokens) or not ({"title", "slug"} & set(tokens)):
        return None
    return PLACEHOLDER.sub(lambda token: AS_KABAR[token[1]], pattern)


def _page(path: Path, shown: str, style: str, report: Report) -> tuple[Post, str, int] | None:
    """A Markdown page (about.md) as a kabar page; index.md, the site's front page, is left to kabar's."""
    stem = shown.rsplit(".", 1)[0]
    if stem in ("index", "404"):
        return None
    source = staticsite.read_source(path, shown, report)
    if source is None:
        return None
    meta = source.meta
    title = staticsite.text(meta.get("title"))
    if not title:
        report.skip(f"{shown}:1", "a page with no title; not imported")
        return None
    permalink = staticsite.text(meta.get("permalink"))
    plain = permalink and re.fullmatch(r"/?([\w-]+(?:/[\w-]+)*)/", permalink)
    address = plain[1] if plain else stem.removesuffix("/index")  # a page keeps its own address where it can
    old_url = permalink or (f"/{address}/" if style == "pretty" or stem.endswith("/index") else f"/{stem}.html")
    post = Post(
        shown=shown,
        title=title,
        date=dt.date(1970, 1, 1),
        slug=address,
        body=source.body,
        summary=staticsite.text(meta.get("description") or meta.get("excerpt")),
        draft=meta.get("published") is False,
        old_urls=[old_url, *staticsite.names(meta.get("redirect_from"))],
    )
    return post, address, source.body_line


def _liquid(body: str, links: dict[str, str], where: tuple[str, int], report: Report) -> str:
    """BODY with the Liquid that has a plain equivalent converted; the rest is left and reported."""

    def replace(match: re.Match[str]) -> str | None:
        if match["raw"] is not None:
            return staticsite.as_written(match["raw"])
        if match["code"] is not None:
            return f"```{match['lang']}\n{match['code']}\n```"
        if match["tag"] in ("link", "post_url"):
            return links.get(match["arg"].strip().strip("/"))
        if match["out"] is not None:
            if SITE_URL.fullmatch(match["out"]):
                return ""
            path = FILTERED_PATH.fullmatch(match["out"])
            return path[2] if path else None
        if match["tag"] is None:  # {% comment %}
            return ""
        return None

    return staticsite.convert(body, LIQUID, replace, where, report)
