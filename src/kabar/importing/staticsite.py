"""What the static-site readers (jekyll.py, hugo.py, zola.py, pelican.py) share.

Each reader finds its posts and says, in a `Post`, what the old system knew of one (title, date, categories, the
addresses it had, its id in the old feed); `article()` and `page()` turn that into a kabar Document with the old
addresses as aliases.
Also here: reading a source file's front matter, walking a source folder safely, converting template syntax in
one pass (so that what is left is reported at its line in the source file; template code the old site showed as
written stays shown), and rewriting links to moved files.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import posixpath
import re
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import closers, urls
from ..body import to_html
from ..errors import BuildError, Problem
from ..frontmatter import MissingFrontMatter, split_front_matter
from ..leftovers import CODE
from ..tomlload import load_toml_mapping
from ..walk import Bounds
from ..yamlload import YamlError, load_mapping
from . import embeds
from .model import Document, Imported, Report, unused_path

DEFAULT_CATEGORY = "Berita"  # for a post its old site gave no category
DEFAULT_PATTERN = "/:year/:month/:day/:slug/"  # kabar's article permalink
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mkdown"})
# Files a post shows or links to, copied to the new site; a theme's CSS, JS and templates are not.
ASSET_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp", ".tif", ".tiff", ".pdf", ".epub", ".zip",
     ".mp3", ".m4a", ".ogg", ".oga", ".wav", ".mp4", ".ogv", ".webm", ".doc", ".docx", ".xls", ".xlsx", ".ppt",
     ".pptx", ".odt", ".ods", ".csv"}
)  # fmt: skip
THEME_SUFFIXES = frozenset({".css", ".js", ".map", ".scss", ".sass"})  # the old theme's, which kabar's replaces
# Files kabar writes at the site's root itself (and sitemap-N.xml, the parts of a large sitemap): a site's own would
# clash with them (see written_by_kabar).
KABAR_FILES = frozenset(
    {"robots.txt", "sitemap.xml", "news-sitemap.xml", "feed.xml", "feed.json", "404.html", "index.html", "_redirects",
     "kabar-redirects.nginx.map", "kabar-redirects.nginx.conf", "kabar-redirects.json"}
)  # fmt: skip
OFFSET_AFTER_SPACE = re.compile(r"(?<=\d)\s+(?=[+-]\d{2}:?\d{2}$|Z$)")  # Jekyll: 2025-01-29 18:15:32 +0530
KABAR_TOKEN = re.compile(r":(year|month|day|hour|minute|second|slug|category|id)\b")
# A link's target in Markdown (](target) or ![](target)) or in HTML (src="target", href='target').
LINK_TARGET = re.compile(r"""(\]\(\s*<?|\b(?:src|href)\s*=\s*["'])([^)\s>"']+)""")
ARGUMENT = re.compile(r"""(?:(?P<key>\w+)\s*=\s*)?(?P<value>"[^"]*"|'[^']*'|`[^`]*`|[^\s,()]+)""")
SHOWN_CHARACTERS = 60  # of a template tag quoted in a report line
# The first brace of template code the old site showed as written ({% raw %}, Hugo's {{</* */>}}), marked by
# as_written() until convert() knows whether Markdown shows it in code; numbered there. Noncharacters: never text.
SHOWN_BRACE, NUMBERED_BRACE = "\ufdd0", re.compile("\ufdd0(\\d+)\ufdd1")
TEMPLATE_BRACE = re.compile(r"\{(?=[{%])")


@dataclass
class Source:
    """One source file's front matter and body."""

    meta: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_line: int


@dataclass
class Post:
    """One post as its old site knew it, ready for kabar (what the reader could not map is already reported)."""

    shown: str  # the source file, relative to the source folder, for report lines
    title: str
    date: dt.datetime | dt.date
    slug: str  # the old slug (made URL-safe for kabar if it is not)
    body: str
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    summary: str | None = None
    image: str | None = None
    image_alt: str | None = None
    updated: dt.datetime | dt.date | None = None
    draft: bool = False
    old_urls: list[str] = field(default_factory=list)  # every address the old site served it at
    guid: str | None = None  # its entry's id in the old site's feed, kept so readers do not see it as new


def walk(root: Path, skip: Callable[[tuple[str, ...]], bool] = lambda parts: False) -> Iterator[tuple[str, Path]]:
    """Every regular file under ROOT, sorted, as (path relative to ROOT with '/', path): never one under a
    dot-folder, nor a link that leads out of ROOT (a source is untrusted), nor one SKIP refuses (given its parts)."""
    root_resolved = root.resolve()
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if any(part.startswith(".") for part in parts) or skip(parts) or not path.is_file():
            continue
        if not path.resolve().is_relative_to(root_resolved):
            continue
        yield "/".join(parts), path


def read_source(path: Path, shown: str, report: Report) -> Source | None:
    """PATH's front matter (YAML or TOML) and body; None, with a report line, when they cannot be read."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
        parts = split_front_matter(text)
        meta, lines = (load_toml_mapping if parts.toml else load_mapping)(parts.front, first_line=2)
    except UnicodeDecodeError:
        report.skip(f"{shown}:1", "is not UTF-8 text; not imported")
        return None
    except (MissingFrontMatter, YamlError) as exc:
        report.skip(f"{shown}:{exc.line}", f"{exc.message}; not imported")
        return None
    return Source({str(key): value for key, value in meta.items()}, lines, parts.body, parts.body_line)


def when(value: object) -> dt.datetime | dt.date | None:
    """A date as a front matter or a settings file writes it, or None if it is not one."""
    if isinstance(value, dt.datetime | dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = OFFSET_AFTER_SPACE.sub("", value.strip())
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def date_text(value: dt.datetime | dt.date) -> str:
    """VALUE as kabar's front matter writes it: a naive time is in the site's time zone, an offset is kept."""
    if not isinstance(value, dt.datetime):
        return value.isoformat()
    if value.tzinfo is not None:
        return value.isoformat(timespec="seconds")
    return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")


def names(value: object, split: str | None = None) -> list[str]:
    """One name or a list of them as text; SPLIT (',' or ' ') separates several written in one string."""
    items = value if isinstance(value, list) else [] if value is None else [value]
    found = []
    for item in items:
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            parts = str(item).split(split) if split and isinstance(item, str) else [str(item)]
            found.extend(part.strip() for part in parts if part.strip())
    return list(dict.fromkeys(found))


def text(value: object) -> str | None:
    """VALUE as one line of text, or None when it is not text or is empty."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return " ".join(value.split()) or None if isinstance(value, str) else None


def settings(
    report: Report, where: str, title: object, tagline: object, base_url: object, lang: object, timezone: object
) -> dict[str, Any]:
    """kabar.yml's site settings from the old site's (WHERE), those kabar cannot take reported and left out."""
    found: dict[str, Any] = {}
    for key, value in (("title", title), ("tagline", tagline)):
        if text(value):
            found[key] = text(value)
    if isinstance(base_url, str) and base_url.startswith(("http://", "https://")):
        found["base_url"] = base_url.rstrip("/")
    lang_text = text(lang)
    if lang_text:
        from babel import Locale, UnknownLocaleError

        try:
            found["lang"] = Locale.parse(
                lang_text.replace("-", "_")
            ).language  # id-ID: the theme's words are by language
        except (UnknownLocaleError, ValueError):
            report.skip(where, f"language {lang_text!r} is not one kabar knows; kabar.yml keeps its default")
    if text(timezone):
        try:
            zoneinfo.ZoneInfo(str(timezone))
            found["timezone"] = str(timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            report.skip(where, f"time zone {timezone!r} is not one kabar knows; kabar.yml keeps its default")
    return found


def kabar_url(pattern: str, date: dt.datetime | dt.date, slug: str, category: str) -> str:
    """The URL kabar gives an article under the permalink PATTERN (kabar.yml `permalinks: article:`)."""
    moment = date if isinstance(date, dt.datetime) else dt.datetime.combine(date, dt.time())
    values = {
        "year": f"{moment.year:04d}",
        "month": f"{moment.month:02d}",
        "day": f"{moment.day:02d}",
        "hour": f"{moment.hour:02d}",
        "minute": f"{moment.minute:02d}",
        "second": f"{moment.second:02d}",
        "slug": slug,
        "category": urls.slugify(category),
        "id": "",
    }
    return KABAR_TOKEN.sub(lambda token: values[token[1]], pattern)


def old_address(base_url: str | None, path: str) -> str | None:
    """PATH on the old site as an absolute URL (BASE_URL, its folder included, then PATH); None if BASE_URL is."""
    if not base_url:
        return None
    # Escaped as Jekyll's absolute_url and Hugo's .Permalink write it.
    return base_url.rstrip("/") + quote(site_path(path), safe="/%:@!$&'()*+,;=~?")


def no_feed_ids(report: Report, where: str, setting: str) -> None:
    """Say, once, that the old site's address is unknown, so its feed's entry ids are too."""
    report.skip(
        where,
        f"no '{setting}' (the old site's address): the ids its feed gave the posts are unknown, so the articles"
        " have no guid, and feed readers may show recent stories as new once",
    )


def site_path(url: str) -> str:
    """An old address as an alias: a path on the site, '/' first, its query kept."""
    url = url.strip()
    return url if url.startswith("/") else f"/{url}"


class Articles:
    """Turns Posts into kabar articles: one file each, the old addresses that differ from the new as aliases."""

    def __init__(self, report: Report, pattern: str = DEFAULT_PATTERN, default_category: str = DEFAULT_CATEGORY):
        self.report, self.pattern, self.default_category = report, pattern, default_category
        self.paths: set[str] = set()

    def slug(self, post: Post) -> str:
        return urls.slugify(post.slug) or urls.slugify(post.title) or "artikel"

    def category(self, post: Post) -> str:
        return post.categories[0] if post.categories else self.default_category

    def url(self, post: Post) -> str:
        """The address the article will have on the kabar site."""
        return kabar_url(self.pattern, post.date, self.slug(post), self.category(post))

    def document(self, post: Post) -> Document:
        slug, category = self.slug(post), self.category(post)
        if not post.categories:
            self.report.skip(post.shown, f"has no category: put in '{category}'")
        tags = list(dict.fromkeys([*post.categories[1:], *post.tags]))
        front: dict[str, Any] = {"title": post.title, "date": date_text(post.date), "category": category}
        if post.authors:
            front["author"] = post.authors[0] if len(post.authors) == 1 else post.authors
        if tags:
            front["tags"] = tags
        if post.summary:
            front["summary"] = post.summary
        if post.image:
            front["image"] = post.image
            if not post.image_alt:
                self.report.skip(post.shown, "its image has no alt text: the title is used; describe the picture")
            front["image_alt"] = post.image_alt or post.title
        if post.updated:
            front["updated"] = date_text(post.updated)
        front["slug"] = slug
        if post.draft:
            front["draft"] = True
        new_url = self.url(post)
        aliases = [url for url in dict.fromkeys(site_path(url) for url in post.old_urls) if url != new_url]
        if aliases:
            front["aliases"] = aliases
        if post.guid:
            front["guid"] = post.guid
        path = self.free_path(f"content/{post.date:%Y}/{post.date:%m}", slug)
        return Document(path, front, post.body)

    def free_path(self, folder: str, stem: str) -> str:
        """FOLDER/STEM.md, or STEM-2.md... when an earlier post of the import took it."""
        return unused_path(self.paths, folder, stem)


def page(post: Post, address: str, paths: set[str]) -> Document:
    """POST as a kabar page (pages/ADDRESS.md, served at /ADDRESS/), its other old addresses as aliases."""
    front: dict[str, Any] = {"title": post.title}
    if post.summary:
        front["summary"] = post.summary
    if post.updated:
        front["updated"] = date_text(post.updated)
    if post.draft:
        front["draft"] = True
    aliases = [url for url in dict.fromkeys(site_path(url) for url in post.old_urls) if url != f"/{address}/"]
    if aliases:
        front["aliases"] = aliases
    path, number = f"pages/{address}.md", 1
    while path in paths:
        number += 1
        path = f"pages/{address}-{number}.md"
    paths.add(path)
    return Document(path, front, post.body)


def convert(
    body: str,
    pattern: closers.Bounded,
    replace: Callable[[re.Match[str]], str | None],
    where: tuple[str, int],
    report: Report,
) -> str:
    """BODY with each match of PATTERN replaced by what REPLACE makes of it; a match it returns None for is left
    as written and reported at its line in the source file (WHERE: the file and the line the body starts on)."""
    shown, body_line = where
    counted = [0, body_line]  # the line at an offset, counted on from the last match's (the matches come in order)

    def one(match: re.Match[str]) -> str:
        made = replace(match)
        if made is not None:
            return made
        counted[1] += body.count("\n", counted[0], match.start())
        counted[0] = match.start()
        line = counted[1]
        quoted = match[0].split("\n", 1)[0]
        quoted = quoted if len(quoted) <= SHOWN_CHARACTERS else quoted[: SHOWN_CHARACTERS - 3] + "..."
        report.skip(f"{shown}:{line}", f"{quoted}: no plain equivalent in kabar; left as written")
        return match[0]

    return _shown_as_written(pattern.sub(one, body))


def as_written(text: str) -> str:
    """TEXT, template code the old site showed as written, to be shown so by kabar too (see convert())."""
    return TEMPLATE_BRACE.sub(SHOWN_BRACE, text)


def _shown_as_written(body: str) -> str:
    """BODY with each brace as_written() marked a brace in code, which Markdown shows as written, and `&#123;`
    elsewhere: shown the same, and not taken by `kabar check` for template code left in the text by mistake."""
    if SHOWN_BRACE not in body:
        return body
    count = itertools.count()
    numbered = re.sub(SHOWN_BRACE, lambda _: f"{SHOWN_BRACE}{next(count)}\ufdd1", body)
    in_code = {mark for code in CODE.finditer(to_html(numbered)) for mark in NUMBERED_BRACE.findall(code[0])}
    return NUMBERED_BRACE.sub(lambda mark: "{" if mark[1] in in_code else "&#123;", numbered)


def rewrite_links(body: str, folder: str, moved: dict[str, str]) -> str:
    """BODY with each relative link to a file that MOVED (its source path -> its new URL) pointing there.
    FOLDER is the source folder the body's relative links start from."""
    if not moved:
        return body

    def one(match: re.Match[str]) -> str:
        target = match[2]
        path, mark, rest = target.partition("#") if "#" in target else target.partition("?")
        if re.match(r"[a-z][a-z0-9+.-]*:", path, re.I) or path.startswith(("/", "{")) or not path:
            return match[0]
        resolved = posixpath.normpath(posixpath.join(folder, path))
        return f"{match[1]}{moved[resolved]}{mark}{rest}" if resolved in moved else match[0]

    return LINK_TARGET.sub(one, body)


def is_asset(path: str) -> bool:
    return Path(path).suffix.lower() in ASSET_SUFFIXES


def written_by_kabar(path: str) -> bool:
    """Whether kabar writes PATH (of the site, without its leading slash) itself: a file the import would copy there
    would make every build fail."""
    return path in KABAR_FILES or re.fullmatch(r"sitemap-\d+\.xml", path) is not None


def copy_static(folder: Path, shown: str, imported: Imported) -> None:
    """The files of a site's static FOLDER (SHOWN in report lines) that the new site serves at the same path: those
    posts show or link to, and those a host or a service reads at the site's root (favicon.ico, ads.txt, CNAME, a
    verification page); not a theme's CSS or JS, nor a file kabar writes itself (reported)."""
    for inside, path in walk(folder):
        if written_by_kabar(inside):
            imported.report.skip(f"{shown}/{inside}", f"kabar writes /{inside} itself: not imported")
        elif is_asset(inside) or ("/" not in inside and Path(inside).suffix.lower() not in THEME_SUFFIXES):
            imported.files[f"static/{inside}"] = path


def own_file(root: Path, name: str) -> Path:
    """ROOT/NAME, a file of the site being imported: a link that leads out of it (_config.yml -> ~/.ssh/config)
    stops the import, as a source is untrusted and is never read from elsewhere on this machine."""
    path = root / name
    refusal = Bounds.around([root]).refusal(path)
    if refusal is not None:
        raise BuildError([Problem(str(path), None, refusal)])
    return path


def read_config(root: Path, name: str) -> dict[str, Any]:
    """The site ROOT's settings file NAME (TOML, YAML or JSON, by its suffix) as a mapping; one that cannot be read
    stops the import, since it says what the site is."""
    path = own_file(root, name)
    try:
        text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
        if path.suffix == ".toml":
            data: Any = load_toml_mapping(text, first_line=1)[0]
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = load_mapping(text)[0]
    except YamlError as exc:
        raise BuildError([Problem(str(path), exc.line, exc.message)]) from None
    except RecursionError:  # JSON's lists nested thousands deep
        raise BuildError([Problem(str(path), None, "cannot be read: lists and mappings nested too deep")]) from None
    except ValueError as exc:  # not UTF-8, not JSON, or a number of thousands of digits
        raise BuildError([Problem(str(path), None, f"cannot be read: {exc}")]) from None
    if not isinstance(data, dict):
        raise BuildError([Problem(str(path), None, "is not a mapping of settings")])
    return {str(key): value for key, value in data.items()}


def arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """A shortcode's arguments: the positional ones and the named ones (key="value", key=value)."""
    positional, named = [], {}
    for match in ARGUMENT.finditer(text):
        value = match["value"]
        value = value[1:-1] if value[:1] in "\"'`" and value[-1:] == value[:1] and len(value) > 1 else value
        if match["key"]:
            named[match["key"]] = value
        else:
            positional.append(value)
    return positional, named


def figure(src: str, alt: str, caption: str) -> str:
    """An image with its caption, as kabar's theme writes one; without a caption, Markdown's image."""
    if not caption:
        return f"![{alt}]({src})"
    return (
        f'<figure><img src="{html.escape(src)}" alt="{html.escape(alt)}">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


def video_player(site: str, video: str, shortcode: re.Match[str]) -> str | None:
    """A YouTube or Vimeo video's player (SITE, the VIDEO's id), as the WordPress import embeds one, in place of
    the SHORTCODE that showed it; followed by a blank line when a line of text follows, which Markdown would
    otherwise take for more of the player's HTML and not format."""
    if not re.fullmatch(r"[\w-]+", video or ""):
        return None
    page = f"https://www.youtube.com/watch?v={video}" if site == "youtube" else f"https://vimeo.com/{video}"
    text_follows = re.match(r"\n[^\S\n]*\S", shortcode.string[shortcode.end() :])
    return embeds.embed(page) + ("\n" if text_follows else "")


@dataclass
class Entry:
    """A post found in a content folder (Hugo, Zola): an article, or a page when it sits at the folder's root."""

    post: Post
    own_folder: str  # its bundle's folder (posts/x/ of posts/x/index.md), "" if it has none
    body_line: int
    is_article: bool


def add_entries(
    imported: Imported,
    articles: Articles,
    entries: list[Entry],
    found: list[tuple[str, Path]],
    convert_body: Callable[[Entry], str],
    was_served: Callable[[Post], bool] = lambda post: not post.draft,
) -> None:
    """Each entry as an article or a page of IMPORTED, its body converted by CONVERT_BODY, the files of its own
    folder (FOUND: every file of the content folder) copied beside it and its links to them rewritten. Each such
    file the old site served (WAS_SERVED: its post was published) is also published at its address there (beside
    the post's old page), where other sites, image searches and old feeds link to it: a redirect cannot serve an
    image to an <img> on a plain host."""
    page_paths: set[str] = set()
    kept: list[tuple[str, Path]] = []  # (old address, file) of the bundles' files published there too
    for entry in entries:
        post, own_folder = entry.post, entry.own_folder
        post.body = convert_body(entry)
        if own_folder:
            beside = [
                (shown, path)
                for shown, path in found
                if shown.startswith(f"{own_folder}/") and path.suffix.lower() not in MARKDOWN_SUFFIXES
            ]
            url_folder = f"{post.date:%Y}/{post.date:%m}/{articles.slug(post)}" if entry.is_article else post.slug
            moved = {}
            for shown, path in beside:
                inside = shown.removeprefix(f"{own_folder}/")
                imported.files[f"content/{url_folder}/{inside}"] = path
                moved[shown] = f"/{url_folder}/{inside}"
                old_address = _old_file_address(post, inside) if was_served(post) else None
                if old_address not in (None, moved[shown]) and f"static{old_address}" not in imported.files:
                    imported.files[f"static{old_address}"] = path
                    kept.append((old_address, path))
            post.body = rewrite_links(post.body, own_folder, moved)
            if post.image:
                post.image = moved.get(posixpath.normpath(f"{own_folder}/{post.image}"), post.image)
        if entry.is_article:
            imported.documents.append(articles.document(post))
        else:
            imported.documents.append(page(post, post.slug, page_paths))
    how_many = sum(entry.is_article for entry in entries)
    imported.report.count("articles", how_many)
    for kind, count in (("pages", len(entries) - how_many), ("files", len(imported.files))):
        if count:
            imported.report.count(kind, count)
    if kept:
        size = sum(path.stat().st_size for _, path in kept)
        said = (
            f"{kept[0][0]} and {len(kept) - 1} more: page bundles' files, also published at their old addresses so"
            " that links to them keep working on any host"
            if len(kept) > 1
            else f"{kept[0][0]}: a page bundle's file, also published at its old address so that links to it keep"
            " working on any host"
        )
        imported.report.not_done.append(f"{said}: {_size(size)} more")


def _old_file_address(post: Post, inside: str) -> str | None:
    """Where the old site served the file INSIDE of POST's own folder: beside its page, at its old URL (the first
    of its old URLs, /posts/x/ or /posts/x.html: in its folder); None for an address that is no plain path."""
    page_url = post.old_urls[0] if post.old_urls else ""
    if not page_url.startswith("/") or "?" in page_url or "#" in page_url:
        return None
    folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
    address = posixpath.normpath(f"{folder}{inside}")
    return address if urls.is_site_path(address) else None


def _size(size: int) -> str:
    """SIZE bytes as a person reads it: 840 B, 12.5 kB, 3.2 MB."""
    if size < 1000:
        return f"{size} B"
    return f"{size / 1000:.1f} kB" if size < 1_000_000 else f"{size / 1_000_000:.1f} MB"
