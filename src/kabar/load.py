"""Stage 2: find the Markdown files under content/ and turn each into an Article.

Every problem in every file is collected; if there is any, one BuildError
lists them all. Loading one file is a pure function of its text and the
Config, so it can run in any process.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import html
import itertools
import operator
import os
import re
import zoneinfo
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from . import limits, markdown_engines, permalinks, urls
from .cache.articles import CachedArticle, CachedArticles
from .cache.codec import pack_article, unpack_article, unpack_table
from .cache.store import FORMAT as CACHE_FORMAT
from .comments import load_comments
from .corrections import read_corrections, read_retraction
from .errors import BuildError, Problem, decode_utf8, did_you_mean, read_regular
from .fingerprint import Stat, digest, stat_of
from .frontmatter import MissingFrontMatter, Split, split_front_matter
from .images import ImageFinder, measure, restamped, still_sized
from .models import Article, Author, Category, Config, Lookups, MarkdownSettings, Tag
from .moments import YEARS
from .parallel import chunked, fan_out
from .unseen import blank, visible
from .walk import comments_file, in_files_order, is_comments_file
from .yamlload import YamlError, load_mapping

REQUIRED = ("title", "date", "category")
OPTIONAL = ("author", "tags", "summary", "image", "image_alt", "updated", "slug", "draft", "featured")
OPTIONAL += ("image_caption", "image_credit", "location", "corrections", "retracted", "sponsored", "editor")
# An article's addresses: old ones that lead to it, its feed identity from an old system, an id for permalinks.
ADDRESSES = ("aliases", "redirect_from", "guid", "id")
KNOWN = REQUIRED + OPTIONAL + ADDRESSES
ID_CHARACTERS = re.compile(r"[A-Za-z0-9_-]+")
# Jekyll's and Hugo's key, in every imported article: the first is the category, the others become tags.
IMPORTED = ("categories",)
# Hugo's keys for when a page is published and when it is taken down (their case does not matter to Hugo); Jekyll's
# `published: false`. An article copied from either must not go live before, or after, its old site would have had it.
PUBLISH_DATES = ("publishdate", "pubdate", "published")
EXPIRY_DATES = ("expirydate", "unpublishdate")
# What to_html makes, in the article cache's key: a cache made before headings had ids is not reused.
MARKUP = "heading ids"
CMARK = MarkdownSettings()  # the default engine: see markdown_engines.py
SUMMARY_WORDS = 35
# A full stop, an ellipsis or a question or exclamation mark, maybe closing a quote or a bracket
SENTENCE_END = re.compile("[.!?\u2026][\"\u201d'\u2019)\\]]*$")
DATE_FORMS = "YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM-DDTHH:MM:SS+07:00"
EMPTY = {"title": "the headline", "date": "a date like 2024-03-05 09:30", "category": "a category like Nasional"}
# A date written in one of DATE_FORMS, whatever its numbers: a day or hour that does not exist is named.
DATE_SHAPE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")
# A time as the theme shows it and Indonesians write it (07.15, 19.30.05), or with a one-digit hour (7:15): read as
# 07:15, where fromisoformat would take "07.15" for 07:00:00.15 and refuse "7:15".
WRITTEN_TIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2}[T ])(\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?(?=\s*(?:[+-]\d{2}:?\d{2}|Z)?$)"
)
# Jekyll writes an offset after a space (2025-01-29 18:15:32 +0530); fromisoformat wants none.
SPACED_OFFSET = re.compile(r"(?<=\d)\s+(?=(?:[+-]\d{2}:?\d{2}|Z)$)")
# Jekyll's post names: content/_posts/2017-04-17-slug.md is of 17 April 2017 when its front matter gives no date.
DATED_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})-[^/]+$")


def parse_articles(paths: Iterable[Path], config: Config, shown_relative_to: Path | None = None) -> tuple[Article, ...]:
    """Parse every file; raise one BuildError listing every problem in all of them."""
    return load_sources(Sources(list(paths), shown_relative_to=shown_relative_to), config).articles


class Sources(NamedTuple):
    """The files to load, and what the build knows of them already."""

    paths: list[Path] | list[str]
    # Messages name a file relative to this folder (the working folder) when it is inside it.
    shown_relative_to: Path | None = None
    # Their (mtime, size) where the build has them already (a stat() each is 0.03 s at 10,000).
    stats: dict[str, Stat] | None = None
    copied: bytes = b""  # the scan's hash of the files copied to the site (scan.Found.copied), if it has one
    # PATHS are strings as messages show them already (see shown_as_found): the articles then come in the cache's order.
    as_shown: bool = False


class Loaded(NamedTuple):
    articles: tuple[Article, ...]  # in the order of their paths, or the cache's and then the others' (see as_shown)
    cache: CachedArticles  # what to reuse next time
    # (its file as SOURCES name it, as the cache had it or None, as now) of each article parsed again
    parsed: tuple[tuple[str, CachedArticle | None, Article], ...] = ()


def moved_articles(parsed: Iterable[tuple[str, CachedArticle | None, Article]]) -> list[tuple[Article, Article]]:
    """(as cached, as now) of each article of PARSED (see Loaded) whose URL changed."""
    return [(was.article, now) for _, was, now in parsed if was is not None and was.article.url != now.url]


def load_sources(
    sources: Sources,
    config: Config,
    cache: CachedArticles | None = None,
    images: ImageFinder | None = None,
    jobs: int = 1,
) -> Loaded:
    """Articles for SOURCES, reusing CACHE where a file is unchanged, parsing the rest over JOBS processes.

    IMAGES: where to measure the images articles show (see images.py); a cached article whose images
    measure differently now is parsed again.
    Raises one BuildError with every problem in every file.
    """
    engine = markdown_engines.cache_key(config.markdown)
    imported = config.comments.imported
    # Most sites have no comments file: then no article looks for its own (at 100,000 articles, 0.05 s; this, 0.02).
    commented = imported and (sources.stats is None or any(map(is_comments_file, sources.stats)))
    shaped = (config.timezone, str(config.safe_html), str(images is not None), engine, repr(config.permalinks))
    settings = digest(CACHE_FORMAT, MARKUP, *shaped, str(imported))
    known = cache.entries if cache and cache.settings == settings else {}
    # Every file copied to the site as when the cached articles' images were measured: no need to look at each.
    measured = images is None or bool(known and sources.copied and cache.copied == sources.copied)
    # Each file matched with its cached article in passes over them all, in comprehensions and C; in the cache's
    # order where the paths are as messages show them, which is the site's, in which its articles lie in memory (at
    # 100,000 articles, a loop that took each file in turn, in the paths' order, took 0.31-0.39 s; these, 0.19-0.23).
    stats = sources.stats or {}
    if known and sources.as_shown:
        on_disk = set(sources.paths)
        paths = [name for name in known if name in on_disk]
        if len(paths) < len(on_disk):  # files new to the cache, last
            paths += [name for name in sources.paths if name not in known]
        shown = paths
    else:
        paths = sources.paths
        shown = paths if sources.as_shown else _message_paths(paths, sources.shown_relative_to)
    given = list(map(stats.get, paths))
    if None in given:  # not stat'ed by the scan
        given = [stat or stat_of(os.stat(path)) for path, stat in zip(paths, given, strict=True)]
    if commented:
        given = [_with_comments(stat, os.fspath(path), sources.stats) for path, stat in zip(paths, given, strict=True)]
    hits = list(map(known.get, shown))
    same = [hit is not None and hit.stat == stat for hit, stat in zip(hits, given, strict=True)]
    if not measured:
        same = [was and still_sized(hit.measured, images) for hit, was in zip(hits, same, strict=True)]
    articles: list[Article | None] = [hit.article if was else None for hit, was in zip(hits, same, strict=True)]
    kept: dict[str, CachedArticle] = dict(itertools.compress(zip(shown, hits, strict=True), same))
    if not measured and images.touched:  # some images only touched: their articles keep them with their new times
        for name, hit in kept.items():
            if (lookups := hit.measured) and not images.touched.isdisjoint(url for url, _ in lookups):
                kept[name] = hit._replace(images=restamped(lookups, images))
    todo = [
        (index, paths[index], shown[index], given[index])
        for index in itertools.compress(itertools.count(), map(operator.not_, same))
    ]
    if paths is not sources.paths:  # parsed in the files' order, as their problems are reported
        todo.sort(key=lambda item: in_files_order(item[2]))
    chunks = chunked(todo, jobs) if len(todo) > PARALLEL_FROM else [todo]
    problems = []
    names: dict = {}  # one Category, Tag and Author object per name
    parsed_again = []
    for table, results in fan_out(_parse_files, chunks, jobs, shared=(config, settings, known, images)):
        named = unpack_table(table, names)
        for parsed in results:
            problems.extend(parsed.problems)
            if parsed.hashed:  # a worker's: not read again here (the images stage asks too)
                images.take_hashes(parsed.hashed)
            packed = parsed.article
            if packed is not None:
                article = known[parsed.shown].article if packed is TOUCHED else unpack_article(packed, named)
                articles[parsed.index] = article
                looked = parsed.images
                if packed is TOUCHED and not measured:  # see restamped
                    looked = restamped(known[parsed.shown].measured or (), images)
                kept[parsed.shown] = CachedArticle(parsed.stat, parsed.digest, article, looked)
                parsed_again.append((os.fspath(paths[parsed.index]), known.get(parsed.shown), article))
    loaded = tuple(filter(None, articles))  # in C: every Article is true
    if problems:
        raise PartlyLoaded(problems, loaded)
    return Loaded(loaded, CachedArticles(settings, kept), tuple(parsed_again))


class PartlyLoaded(BuildError):
    """Problems in some files; ARTICLES are those of the other files, which the checks still look at."""

    def __init__(self, problems: Iterable[Problem], articles: tuple[Article, ...]) -> None:
        super().__init__(problems)
        self.articles = articles


PARALLEL_FROM = 200  # fewer files parse faster here than a worker starts


# A file only touched (its bytes as the cached article's): the worker says so, and the build takes the cached Article
# it has too, rather than have it sent back (a checkout that touched every file: at 100,000 articles, pickling them
# back took the load stage 20.5 s).
TOUCHED = True


class _Parsed(NamedTuple):
    """What loading one file gave, sent back from a worker."""

    index: int  # its place among the paths
    shown: str
    stat: Stat
    digest: bytes  # of its bytes and the settings
    article: tuple | bool | None  # packed (see pack_article); TOUCHED: the cached Article, its file only touched
    images: Lookups  # what measuring its images looked up
    problems: list[Problem]
    hashed: tuple[tuple[str, str | None], ...] = ()  # images only touched, with their hashes (see ImageFinder.hashed)


def _parse_files(
    shared: tuple[Config, bytes, dict[str, CachedArticle], ImageFinder | None], items: list
) -> tuple[list, list[_Parsed]]:
    """The table of names and, for each of ITEMS, what loading it gave."""
    config, settings, known, images = shared
    results = []
    table: dict[tuple, int] = {}
    for index, path, shown, stat in items:
        try:
            with open(path, "rb") as file:
                data = limits.read_article(file, shown)
        except OSError as exc:  # reported with every other file's problems
            problem = Problem(shown, None, f"cannot be read: {exc.strerror}")
            results.append(_Parsed(index, shown, stat, b"", None, (), [problem]))
            continue
        except BuildError as exc:
            results.append(_Parsed(index, shown, stat, b"", None, (), list(exc.problems)))
            continue
        comments = _comments_bytes(os.fspath(path), shown, config)
        key = digest(settings, data) if comments is None else digest(settings, data, comments)
        hit = known.get(shown)
        if hit is not None and hit.digest == key and (images is None or still_sized(hit.measured, images)):
            hashed = images.hashed(hit.measured or ()) if images is not None else ()
            results.append(_Parsed(index, shown, stat, key, TOUCHED, hit.images, [], hashed))
            continue
        try:
            text = decode_utf8(data, shown)
        except BuildError as exc:
            results.append(_Parsed(index, shown, stat, key, None, (), list(exc.problems)))
            continue
        article, found = parse_article(text, shown, config, key)
        if comments is not None:
            article, found = _with_comments_of(article, found, comments, shown, config)
        looked = ()
        if article is not None and images is not None:
            if hit is not None:
                images.measured_before(hit.measured or ())
            article, looked = measure(article, images)
        # Plain values travel back from a worker much faster than frozen dataclasses.
        packed = pack_article(article, table) if article else None
        results.append(_Parsed(index, shown, stat, key, packed, looked, found))
    return list(table), results


def _with_comments(stat: Stat, path: str, stats: dict[str, Stat] | None) -> Stat:
    """STAT of the article file at PATH, made to change whenever its comments file (if any) changes too, so that
    the article cache parses it again. STATS: every input's, from the scan (which lists every file in content/)."""
    beside = comments_file(path)
    found = stats.get(beside) if stats is not None else _stat_if_there(beside)
    if found is None:
        return stat
    return (int.from_bytes(digest(repr((stat, found)))[:7]), stat[1] + found[1])


def _stat_if_there(path: str) -> Stat | None:
    return stat_of(os.stat(path)) if os.path.lexists(path) else None


def _comments_bytes(path: str, shown: str, config: Config) -> bytes | None:
    """The bytes of the comments file beside the article at PATH, if there is one and the site shows them."""
    if not config.comments.imported:
        return None
    beside = comments_file(path)
    if not os.path.lexists(beside):
        return None
    try:
        return read_regular(beside, comments_file(shown))
    except OSError:  # gone since the scan, or unreadable: reported as the article is
        return None


def _with_comments_of(
    article: Article | None, problems: list[Problem], data: bytes, shown: str, config: Config
) -> tuple[Article | None, list[Problem]]:
    """ARTICLE with the comments in DATA, or the problems with them too (then no article: it is not cached)."""
    comments, found = load_comments(data, comments_file(shown), zoneinfo.ZoneInfo(config.timezone))
    if found:
        return None, [*problems, *found]
    return (dataclasses.replace(article, comments=comments) if article and comments else article), problems


def _message_paths(paths: list[Path] | list[str], base: Path | None) -> list[str]:
    """message_path() of each of PATHS, each folder's shown form worked out once."""
    folders: dict[str, str] = {}
    return [_message_path_by_folder(os.fspath(path), base, folders) for path in paths]


def shown_as_found(content_dir: Path) -> bool:
    """Whether the scan's article files under CONTENT_DIR are named as messages show them (message_path, relative to
    the working folder): CONTENT_DIR relative, each of its parts a name (not "." or ".."), and the scan's paths
    each a name added to it with "/"."""
    text = os.fspath(content_dir)
    return os.sep == "/" and not os.path.isabs(text) and all(part not in ("", ".", "..") for part in text.split("/"))


def _message_path_by_folder(path: str, base: Path | None, folders: dict[str, str]) -> str:
    """_message_path, working out each folder's shown form once (an abspath() per file is 0.05 s at 10,000)."""
    folder, _, name = path.rpartition(os.sep)
    if not folder:
        return message_path(path, base)
    if folder not in folders:  # the shown form of a file in FOLDER, less the file's name: "content/2024/"
        folders[folder] = message_path(os.path.join(folder, "-"), base)[:-1]
    return folders[folder] + name


def message_path(path: str | Path, base: Path | None) -> str:
    """PATH as messages name it: relative to BASE (the working folder) when it is inside it."""
    text = os.fspath(path)
    if base is not None:
        inside = os.path.join(os.fspath(base), "")
        absolute = os.path.abspath(text)
        if absolute.startswith(inside):
            return absolute[len(inside) :].replace(os.sep, "/")
    return text.replace(os.sep, "/")


def parse_article(
    text: str, shown: str, config: Config, source_digest: bytes = b""
) -> tuple[Article | None, list[Problem]]:
    """One article from its file text, or the problems that stop it."""
    try:
        parts, meta, lines = read_front_matter(text)
    except (MissingFrontMatter, YamlError) as exc:
        return None, [Problem(shown, exc.line, exc.message)]

    fence_line = parts.body_line - 1
    if "date" not in meta and (day := _date_in_name(shown)):
        meta["date"] = day
    fields = _Fields(shown, meta, lines, fence_line, zoneinfo.ZoneInfo(config.timezone))
    categories = _one_category(fields)
    publication = {str(key).lower(): key for key in meta if str(key).lower() in PUBLISH_DATES + EXPIRY_DATES}
    extra, misspelt = {}, set()
    for key in meta:
        if key in KNOWN or key in publication.values():
            continue
        guess = None if key in IMPORTED else did_you_mean(str(key), KNOWN)
        if guess and guess not in meta:
            fields.problem(key, f"unknown key '{key}'; did you mean '{guess}'?")
            misspelt.add(guess)
        else:
            extra[str(key)] = meta[key]
    for key in REQUIRED:
        if key not in meta and key not in misspelt:  # a misspelling already says what is missing
            fields.problem(key, f"missing '{key}': add a '{key}: ...' line to the front matter", line=fence_line)
        elif key in meta and blank(meta[key]):
            fields.problem(key, f"'{key}' is empty: write {EMPTY[key]} after '{key}:'")

    title = fields.text("title")
    category_name = fields.text("category")
    date = fields.when("date")
    updated = fields.when("updated")
    patterns = config.permalinks
    authors = tuple(_author(name, patterns.author) for name in fields.names("author"))
    more_tags = [name for name in categories if name != category_name]  # warned of by checks.py
    tags = tuple(_tag(name, patterns.tag) for name in (*fields.names("tags"), *more_tags))
    summary = fields.text("summary")
    image = fields.text("image")
    image_alt = fields.text("image_alt")
    if image and not urls.is_safe_link(image):
        fields.problem("image", f"image: {image!r} must be a path on the site, like /images/a.jpg, or an http(s) URL")
    elif image and not image_alt and "image_alt" not in misspelt:
        fields.problem("image", "image needs image_alt: describe the picture for readers who cannot see it")
    image_caption, image_credit = fields.text("image_caption") or "", fields.text("image_credit") or ""
    location = fields.text("location") or ""
    draft = fields.flag("draft") or _unpublished(fields, publication)
    date = _publish_date(fields, publication, date)
    featured = fields.flag("featured")
    slug = _slug(fields, title)
    ident = _ident(fields, patterns.article)
    aliases = _aliases(fields)
    guid = fields.text("guid")
    corrections = read_corrections(fields)
    retracted = read_retraction(fields, date)
    sponsored = fields.flag("sponsored")
    editors = fields.names("editor")
    for key, named in (("author", authors), ("tags", tags)):
        for item in named:
            if not item.slug:
                fields.problem(key, f"{key}: {item.name!r} has no letters or digits to make a URL from")
    category_slug = urls.slugify(category_name or "")
    if category_name and not category_slug:
        fields.problem("category", f"category {category_name!r} has no letters or digits to make a URL from")
    if not parts.body.strip():
        # On the closing fence: the line after it may not exist.
        fields.problem("body", "the article has no body: write the story below this closing '---'", line=fence_line)

    _cut_by_comments(fields, text)
    if fields.problems:
        return None, sorted(fields.problems, key=lambda p: p.line or 0)
    assert title and category_name and date and slug  # guaranteed by the checks above

    markdown = visible(parts.body)
    over = markdown_engines.over_budget(markdown, config.markdown)
    if over is not None:  # before cmark, the sanitiser and the search index, which take seconds to minutes over it
        return None, [Problem(shown, fence_line + over[0], over[1])]
    body_html = to_html(markdown, config.markdown)
    if limits.too_deep(body_html) is not None:
        return None, [Problem(shown, fence_line + _deep_line(markdown), limits.DEEP)]
    if config.safe_html:
        body_html = _sanitise(body_html)
    return Article(
        source=shown,
        title=title,
        slug=slug,
        url=urls.article_url(date, slug, patterns.article, category_slug, ident),
        date=date,
        updated=updated,
        category=Category(
            name=category_name, slug=category_slug, url=urls.category_url(category_slug, patterns.category)
        ),
        authors=_unique(authors),  # one name written twice, or two ways, is listed once
        tags=_unique(tags),
        summary=summary or _first_paragraph(body_html),
        image=image,
        image_alt=image_alt or "",
        image_caption=image_caption,
        image_credit=image_credit,
        location=location,
        draft=draft,
        featured=featured,
        html=body_html,
        words=count_words(body_html),
        extra=extra,
        digest=source_digest,
        url_line=lines.get("slug", lines.get("title")),
        aliases=aliases,
        guid=guid,
        corrections=corrections,
        sponsored=sponsored,
        editors=editors,
        retracted=retracted,
    ), []


def read_front_matter(text: str) -> tuple[Split, dict[Any, Any], dict[Any, int]]:
    """TEXT split (see frontmatter.py), its front matter (YAML or TOML) and the line of each key.
    Raises MissingFrontMatter or YamlError, each with its line."""
    parts = split_front_matter(text)
    if parts.toml:
        from .tomlload import load_toml_mapping  # here: tomllib and its patterns, for Hugo's +++ front matter only

        meta, lines = load_toml_mapping(parts.front, first_line=2)
    else:  # the lines of the entries inside too, for messages about them (corrections:)
        meta, lines = load_mapping(parts.front, first_line=2, nested=True)
    return parts, meta, lines


COMMENTS = re.compile(r"<!--.*?-->", re.DOTALL)
TAGS = re.compile(r"<[^>]*>")


def count_words(body_html: str) -> int:
    """Words a reader reads."""
    return len(_text(body_html).split())


def _text(body_html: str) -> str:
    """The text without tags: what markupsafe's striptags keeps, in linear time (its loop took 0.24 s over a
    first paragraph of a megabyte of tags)."""
    return html.unescape(TAGS.sub("", COMMENTS.sub("", body_html)))


def to_html(markdown: str, engine: MarkdownSettings = CMARK, safe: bool = False, positions: bool = False) -> str:
    """MARKDOWN as HTML by ENGINE; with SAFE (the safe_html setting), only the markup a news article needs.
    POSITIONS (cmark-gfm only): each block with its Markdown line (data-sourcepos), for messages; no heading ids."""
    body = markdown_engines.render(markdown, engine, positions)
    return _sanitise(body) if safe else body


def _deep_line(markdown: str) -> int:
    """The line (in the body) where MARKDOWN nests too deep, as cmark-gfm's source positions show it (with either
    engine: Python-Markdown keeps no positions, and raw HTML and lists nest alike in both); 1 if cmark finds none."""
    positioned = markdown_engines.render(markdown, CMARK, positions=True)
    deep_at = limits.too_deep(positioned)
    # Up to the end of the element's own tag, which holds its position (raw HTML has none: the block before it).
    return 1 if deep_at is None else limits.line_of(positioned.find(">", deep_at), positioned)


# safe_html: what Markdown makes (footnotes, task lists, code languages and table alignment
# included) and what an article's raw HTML may add (figures, sized images, abbreviations, ...).
# No script, style, iframe, form, object or event handler; no javascript: or data: URL.
SAFE_TAGS = {
    *("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd", "samp", "var"),
    *("a", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "q", "cite", "abbr"),
    *("dfn", "time", "data", "span", "div", "section", "figure", "figcaption", "img", "picture", "wbr"),
    *("ul", "ol", "li", "dl", "dt", "dd", "input", "details", "summary", "ruby", "rt", "rp", "bdi", "bdo"),
    *("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"),
}
SAFE_ATTRIBUTES = {
    "*": {"title", "lang", "dir"},
    "a": {"href", "hreflang", "id", "class", "aria-label"}
    | {"data-footnote-ref", "data-footnote-backref", "data-footnote-backref-idx"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "input": {"checked", "disabled"},
    "code": {"class"},
    "section": {"class", "data-footnotes"},
    "sup": {"class", "id"},
    "div": {"class"},
    "p": {"class"},
    "li": {"id", "value"},
    **{h: {"id"} for h in ("h1", "h2", "h3", "h4", "h5", "h6")},
    "ol": {"start", "reversed"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "data": {"value"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "details": {"open"},
}
SAFE_CLASSES = (
    *("footnotes", "footnote-ref", "footnote-backref"),
    # Python-Markdown's footnotes and admonitions (`!!! note`), with the kinds its documentation names
    *("footnote", "admonition", "admonition-title", "attention", "caution", "danger", "error", "hint", "important"),
    *("note", "tip", "warning"),
)  # and language-*, on code
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


def _sanitise(body_html: str) -> str:
    import nh3  # only sites with safe_html pay for it

    return nh3.clean(
        body_html,
        tags=SAFE_TAGS,
        clean_content_tags={"script", "style", "template"},
        attributes=SAFE_ATTRIBUTES,
        attribute_filter=_safe_attribute,
        tag_attribute_values={"input": {"type": {"checkbox"}}},  # a task list's box, and no other input,
        set_tag_attribute_values={"input": {"disabled": ""}},  # which a reader cannot tick
        url_schemes=SAFE_SCHEMES,
        link_rel=None,  # Markdown's links stay as they are
    )


def _safe_attribute(tag: str, name: str, value: str) -> str | None:
    """Only kabar's own class names: a contributor's markup cannot dress itself as the theme's."""
    if name != "class":
        return value
    kept = [c for c in value.split() if c in SAFE_CLASSES or (tag == "code" and c.startswith("language-"))]
    return " ".join(kept) or None


class _Fields:
    """Typed access to one file's front matter; each wrong value becomes a Problem."""

    def __init__(self, shown: str, meta: dict[Any, Any], lines: dict[Any, int], fence_line: int, tz: dt.tzinfo):
        self.shown, self.meta, self.lines, self.fence_line, self.tz = shown, meta, lines, fence_line, tz
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.shown, line or self.lines.get(key, self.fence_line), message))

    def text(self, key: str) -> str | None:
        """The value as text; None when it is missing or empty (a required key's emptiness is reported once)."""
        value = self.meta.get(key)
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            value = visible(value)
        if not isinstance(value, str):
            self.problem(key, f"{key}: {_shown(value)} must be text, not {_kind(value)}")
            return None
        return value.strip() or None

    def flag(self, key: str) -> bool:
        value = self.meta.get(key, False)
        if not isinstance(value, bool):
            self.problem(key, f"{key}: {value!r} must be true or false")
            return False
        return value

    def names(self, key: str) -> tuple[str, ...]:
        """One name or a list of names (author, tags); `tags: banjir, bekasi` is two tags."""
        value = self.meta.get(key)
        if value is None:
            return ()
        if key == "tags" and isinstance(value, str):
            items = [part for part in value.split(",") if part.strip()] or [value]
        else:
            items = value if isinstance(value, list) else [value]
        names = []
        for item in items:
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if isinstance(item, str):
                item = visible(item)
            if not isinstance(item, str) or not item.strip():
                self.problem(key, f"{key}: {item!r} must be text, or a list like [one, two]")
            else:
                names.append(item.strip())
        return tuple(names)

    def when(self, key: str) -> dt.datetime | None:
        return self.moment(key, self.meta.get(key))

    def moment(self, key: str, value: Any, line: int | None = None) -> dt.datetime | None:
        """VALUE, written after KEY (on LINE, else KEY's line), as a date; None when it is blank or not a date."""
        if blank(value):
            return None
        result = _to_datetime(value, self.tz)
        if result is None and isinstance(value, (list, dict)):
            self.problem(key, f"{key}: {value!r} must be a date, not {_kind(value)} (expected {DATE_FORMS})", line)
        elif result is None:
            why = _impossible(str(value).strip())
            why = f": {why}" if why else f" (expected {DATE_FORMS})"
            self.problem(key, f"{key}: {str(value)!r} is not a valid date{why}", line)
        elif not YEARS[0] <= result.year <= YEARS[1]:
            years = f"the year must be from {YEARS[0]} to {YEARS[1]}"
            self.problem(key, f"{key}: {_shown(value)} is out of range: {years}", line)
            return None
        return result


def _one_category(fields: _Fields) -> tuple[str, ...]:
    """The names given as `categories:`. An article has one category: `categories: [a, b]` without `category:`
    gives it a; `category: [a, b]` is a mistake, said with what to write."""
    meta, lines = fields.meta, fields.lines
    if isinstance(meta.get("category"), list):
        named = fields.names("category")
        if len(named) > 1:
            fields.problem(
                "category",
                f"category: {list(named)!r} is a list, but an article has one category: write 'category: "
                f"{named[0]}' and add the others to its tags (tags: [{', '.join(named[1:])}])",
            )
        meta["category"] = named[0] if named else None
    categories = fields.names("categories")
    if categories and "category" not in meta:
        meta["category"], lines["category"] = categories[0], lines["categories"]
    return categories


def _shown(value: object) -> str:
    """VALUE as a message quotes it: a date or time (TOML's own) as written, not as Python writes one."""
    if isinstance(value, dt.date | dt.time):
        return repr(value.isoformat())
    return repr(value)


def _kind(value: object) -> str:
    """What VALUE is, in a message's words."""
    if isinstance(value, bool):
        return "true/false"
    return {list: "a list", dict: "a mapping", dt.date: "a date", dt.datetime: "a date", dt.time: "a time"}.get(
        type(value), type(value).__name__
    )


def _to_datetime(value: object, tz: dt.tzinfo) -> dt.datetime | None:
    """An aware datetime; a time without an offset is in the site's time zone."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(SPACED_OFFSET.sub("", with_colons(value.strip())))
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tz)
    return None


# Keys whose values are words a reader sees: a '#' there, after a space and before a word, is a headline's number
# or a hashtag, which YAML takes for the start of a comment.
WORDS_KEYS = (
    *("title", "category", "summary", "image_alt", "image_caption", "image_credit", "location", "author", "tags"),
    "editor",
)
COMMENT_ON_A_WORD = re.compile(r"(?:^|[ \t])#\S")


def _cut_by_comments(fields: _Fields, text: str) -> None:
    """A problem for each WORDS_KEYS line whose unquoted value YAML cut short at ' #2' or ' #banjir' (a comment to
    YAML, silently: 'Harga Cabai Naik #2 Menjelang Natal' would be the headline 'Harga Cabai Naik')."""
    lines = text.splitlines()
    for key in WORDS_KEYS:
        number = fields.lines.get(key)
        if number is None or not 0 < number <= len(lines):
            continue
        rest = lines[number - 1].partition(":")[2]
        cut = COMMENT_ON_A_WORD.search(rest)
        if cut is None or rest.strip()[:1] in ("'", '"', "[", "{", "|", ">"):
            continue
        value, whole = rest[: cut.start()].strip(), rest.strip()
        read = f"YAML reads {value!r} and takes" if value else "YAML takes"
        fields.problem(
            key, f'{key}: {read} {rest[cut.start() :].strip()!r} for a comment: put it in quotes: {key}: "{whole}"'
        )


# A date written day first, as Indonesians write one: 05-10-2026, 5/10/2026, 5 Oktober 2026 (a time may follow).
DAY_FIRST = re.compile(r"(\d{1,2})(?:[-/.](\d{1,2})[-/.]| +([A-Za-z]+) +)(\d{4})([ T]\d{1,2}[.:]\d{2}(?:[.:]\d{2})?)?")
MONTHS = {  # Indonesian and English names, and their short forms, as authors write them
    name: number
    for number, names in enumerate(
        [
            ("januari", "january", "jan"), ("februari", "february", "feb", "pebruari"), ("maret", "march", "mar"),
            ("april", "apr"), ("mei", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"),
            ("agustus", "august", "agu", "agt", "aug"), ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"), ("november", "nov", "nop", "nopember"),
            ("desember", "december", "des", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip


def _day_first(text: str) -> str | None:
    """For a date written day first (05-10-2026, 5 Oktober 2026), the way to write it; else None."""
    found = DAY_FIRST.fullmatch(text)
    if found is None:
        return None
    day, number, name, year, time = found.groups()
    month = int(number) if number else MONTHS.get(name.lower(), 0)
    if not (1 <= month <= 12 and 1 <= int(day) <= 31):
        return None
    clock = with_colons(f"2000-01-01{time}")[10:] if time else ""
    return f"write the year first: {year}-{month:02d}-{int(day):02d}{clock}"


def with_colons(text: str) -> str:
    """TEXT with its time written as ISO 8601 writes it (see WRITTEN_TIME)."""
    return WRITTEN_TIME.sub(lambda m: f"{m[1]}{int(m[2]):02d}:{m[3]}" + (f":{m[4]}" if m[4] else ""), text)


def _unpublished(fields: _Fields, publication: dict[str, Any]) -> bool:
    """Whether the file is kept off the site by Jekyll's `published: false` (as `draft: true` keeps it here). An
    expiry date (Hugo's) is a problem, as kabar has none: past, Hugo no longer published the page; to come, it would
    stay up here."""
    for name in EXPIRY_DATES:
        if name in publication:
            key = publication[name]
            fields.problem(key, f"{key}: kabar has no expiry: remove the line, and set draft: true to take it down")
    key = publication.get("published")
    return key is not None and fields.meta[key] is False


def _publish_date(fields: _Fields, publication: dict[str, Any], date: dt.datetime | None) -> dt.datetime | None:
    """DATE, or Hugo's publishDate when it is later: Hugo publishes a page from then, and kabar publishes an article
    at its date, so the article is dated then (as `kabar import` does)."""
    for name in PUBLISH_DATES:
        key = publication.get(name)
        if key is None or isinstance(fields.meta[key], bool):  # Jekyll's published: true or false
            continue
        publish = fields.when(key)
        if publish is not None and date is not None and publish > date:
            date = publish
    return date


def _date_in_name(shown: str) -> dt.date | None:
    """The day a Jekyll-style file name (2017-04-17-slug.md) starts with, if it is one."""
    named = DATED_NAME.search(shown)
    try:
        return dt.date(*(int(part) for part in named.groups())) if named else None
    except ValueError:  # 2017-02-30-slug.md: the front matter must give the date
        return None


def _impossible(text: str) -> str | None:
    """Why TEXT, shaped like a date, names none ('February 2026 has no day 30'); None if that is not why."""
    shape = DATE_SHAPE.match(with_colons(text))
    if shape is None:
        return _day_first(text)
    year, month, day, hour, minute, second = (int(part) if part else 0 for part in shape.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month} (months go from 01 to 12)"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{calendar.month_name[month]} {year} has no day {day} (it has {days} days)"
    for name, number, top in (("hour", hour, 23), ("minute", minute, 59), ("second", second, 59)):
        if number > top:
            return f"there is no {name} {number} ({name}s go from 00 to {top})"
    return None


def _slug(fields: _Fields, title: str | None) -> str | None:
    given = fields.text("slug")
    if "slug" in fields.meta and not given:
        fields.problem("slug", "slug is empty: remove the line or give a slug like 'banjir-bekasi'")
        return None
    if given and len(given) > urls.SLUG_MAX:
        hint = f" (try '{urls.slugify(given)}')" if urls.slugify(given) else ""
        message = f"slug is {len(given)} characters long: the most a URL may have is {urls.SLUG_MAX}{hint}"
        fields.problem("slug", message)
        return None
    if given:
        clean = urls.slugify(given)
        if clean != given:
            hint = f" (try '{clean}')" if clean else ""
            fields.problem("slug", f"slug {given!r} may only hold lowercase letters, digits and hyphens{hint}")
            return None
        return given
    if title is None:
        return None
    made = urls.slugify(title)
    if not made:
        fields.problem("title", "the title has no letters or digits to make a URL from: add a 'slug:' line")
        return None
    return made


Named = TypeVar("Named", Tag, Author)


def _author(name: str, pattern: str) -> Author:
    slug = urls.slugify(name)
    return Author(name=name, slug=slug, url=urls.author_url(slug, pattern))


def _tag(name: str, pattern: str) -> Tag:
    slug = urls.slugify(name)
    return Tag(name=name, slug=slug, url=urls.tag_url(slug, pattern))


def _ident(fields: _Fields, pattern: str) -> str:
    """The front matter `id:` as a URL holds it ('' without one); one the article's URL pattern needs, if missing,
    is a problem."""
    value = fields.meta.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and ID_CHARACTERS.fullmatch(value.strip()):
        return value.strip()
    if value is not None:
        fields.problem("id", f"id: {value!r} must be a number, or letters, digits, '-' and '_' (like 123)")
    elif "id" in urls.compile_pattern(pattern).tokens:
        message = f"missing 'id': the articles' URLs (permalinks.article: {pattern!r}) hold it: add an 'id: ...' line"
        fields.problem("id", message, line=fields.fence_line)
    return ""


def _aliases(fields: _Fields) -> tuple[str, ...]:
    """The old addresses of `aliases:` and Jekyll's `redirect_from:` (one path or a list), each a path on the site."""
    found: list[str] = []
    for key in ("aliases", "redirect_from"):
        value = fields.meta.get(key)
        for item in value if isinstance(value, list) else [] if value is None else [value]:
            message = permalinks.old_address_problem(item)
            if message:
                fields.problem(key, f"{key}: {message}")
            elif item not in found:
                found.append(item)
    return tuple(found)


def _unique(named: tuple[Named, ...]) -> tuple[Named, ...]:
    seen: dict[str, Named] = {}
    for item in named:
        seen.setdefault(item.slug, item)
    return tuple(seen.values())


def _first_paragraph(body_html: str) -> str:
    """The first paragraph with words, as plain text, cut at SUMMARY_WORDS words: not a photo alone on its line,
    which is how many stories begin."""
    end = 0
    while (start := body_html.find("<p>", end)) >= 0 and (end := body_html.find("</p>", start)) >= 0:
        words = _text(body_html[start:end]).split()
        if words:
            return _cut_summary(words)
    return ""


def _cut_summary(words: list[str]) -> str:
    """WORDS, the first SUMMARY_WORDS of them if more, the cut marked with "…" as the theme's cards mark the lines
    they clamp ("dalam…"): none where the words kept end a sentence ("malam. …" read as a stray mark)."""
    kept = " ".join(words[:SUMMARY_WORDS])
    if len(words) <= SUMMARY_WORDS or SENTENCE_END.search(kept):
        return kept
    return kept.rstrip(",;:-\u2013\u2014") + "…"  # no comma or dash left hanging before the mark
