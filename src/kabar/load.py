"""Stage 2: find the Markdown files under content/ and turn each into an Article (its front matter read through
fields.py, its body made by body.py).

Every problem in every file is collected; if there is any, one BuildError
lists them all. Loading one file is a pure function of its text and the
Config, so it can run in any process.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import operator
import os
import re
import zoneinfo
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from . import limits, markdown_engines, urls
from .body import MARKUP, count_words, deep_line, first_paragraph, sanitise, to_html
from .cache.articles import CachedArticle, CachedArticles
from .cache.codec import pack_article, unpack_article, unpack_table
from .cache.store import FORMAT as CACHE_FORMAT
from .comments import load_comments
from .corrections import read_corrections, read_retraction
from .errors import BuildError, Problem, decode_utf8, did_you_mean, read_regular
from .fields import Fields, aliases_from, cut_by_comments, slug_from
from .fingerprint import Stat, digest, stat_of
from .frontmatter import MissingFrontMatter, Split, split_front_matter
from .images import ImageFinder, measure, restamped, still_sized
from .models import Article, Author, Category, Config, Lookups, Tag
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
EMPTY = {"title": "the headline", "date": "a date like 2024-03-05 09:30", "category": "a category like Nasional"}
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
    fields = Fields(shown, meta, lines, fence_line, zoneinfo.ZoneInfo(config.timezone))
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
    slug = slug_from(fields, title)
    ident = _ident(fields, patterns.article)
    aliases = aliases_from(fields)
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

    cut_by_comments(fields, text)
    if fields.problems:
        return None, sorted(fields.problems, key=lambda p: p.line or 0)
    assert title and category_name and date and slug  # guaranteed by the checks above

    markdown = visible(parts.body)
    over = markdown_engines.over_budget(markdown, config.markdown)
    if over is not None:  # before cmark, the sanitiser and the search index, which take seconds to minutes over it
        return None, [Problem(shown, fence_line + over[0], over[1])]
    body_html = to_html(markdown, config.markdown)
    if limits.too_deep(body_html) is not None:
        return None, [Problem(shown, fence_line + deep_line(markdown), limits.DEEP)]
    if config.safe_html:
        body_html = sanitise(body_html)
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
        summary=summary or first_paragraph(body_html),
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


def _one_category(fields: Fields) -> tuple[str, ...]:
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


def _unpublished(fields: Fields, publication: dict[str, Any]) -> bool:
    """Whether the file is kept off the site by Jekyll's `published: false` (as `draft: true` keeps it here). An
    expiry date (Hugo's) is a problem, as kabar has none: past, Hugo no longer published the page; to come, it would
    stay up here."""
    for name in EXPIRY_DATES:
        if name in publication:
            key = publication[name]
            fields.problem(key, f"{key}: kabar has no expiry: remove the line, and set draft: true to take it down")
    key = publication.get("published")
    return key is not None and fields.meta[key] is False


def _publish_date(fields: Fields, publication: dict[str, Any], date: dt.datetime | None) -> dt.datetime | None:
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


Named = TypeVar("Named", Tag, Author)


def _author(name: str, pattern: str) -> Author:
    slug = urls.slugify(name)
    return Author(name=name, slug=slug, url=urls.author_url(slug, pattern))


def _tag(name: str, pattern: str) -> Tag:
    slug = urls.slugify(name)
    return Tag(name=name, slug=slug, url=urls.tag_url(slug, pattern))


def _ident(fields: Fields, pattern: str) -> str:
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


def _unique(named: tuple[Named, ...]) -> tuple[Named, ...]:
    seen: dict[str, Named] = {}
    for item in named:
        seen.setdefault(item.slug, item)
    return tuple(seen.values())
