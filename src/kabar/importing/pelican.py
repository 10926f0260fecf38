"""Read a Pelican site: pelicanconf.py (parsed, never run), the articles and pages under its content PATH, its
STATIC_PATHS.

pelicanconf.py is Python the site's author wrote, and a source is untrusted: it is read with `ast`, and only
assignments of literal values are taken (a setting made by code is reported and left at Pelican's default).
Metadata is Pelican's `Key: value` header (Markdown) or docinfo fields (reStructuredText, rendered by docutils
with file inclusion and raw output off). ARTICLE_URL becomes kabar.yml `permalinks:` when kabar's tokens can say
it; otherwise each old URL is an alias. Its listings and feeds become `redirects:` (see pelicanlists.py). A
`Status: hidden` post, which Pelican published and listed nowhere, becomes a page; a file linked with {attach} keeps
the address beside the post's old page. The site switches kabar to Python-Markdown with its MARKDOWN extensions.
"""

from __future__ import annotations

import ast
import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import urls
from ..errors import BuildError, Problem
from . import staticsite
from .model import Imported, Report
from .oldsite import addresses_change, refused_pattern
from .pelicanlists import FIELD, filled, list_redirects, old_category
from .staticsite import Post

CONFIG_FILE = "pelicanconf.py"
DEFAULTS: dict[str, Any] = {  # Pelican's own, for what pelicanconf.py does not set
    "PATH": "content",
    "PAGE_PATHS": ["pages"],
    "STATIC_PATHS": ["images"],
    "ARTICLE_URL": "{slug}.html",
    "ARTICLE_SAVE_AS": "{slug}.html",
    "PAGE_URL": "pages/{slug}.html",
    "PAGE_SAVE_AS": "pages/{slug}.html",
    "USE_FOLDER_AS_CATEGORY": True,
    "FILENAME_METADATA": r"(?P<date>\d{4}-\d{2}-\d{2}).*",
    "MARKDOWN": {
        "extension_configs": {
            "markdown.extensions.codehilite": {"css_class": "highlight"},
            "markdown.extensions.extra": {},
            "markdown.extensions.meta": {},
        }
    },
}
META_LINE = re.compile(r"^ {0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
META_MORE = re.compile(r"^ {4,}(?P<value>.*)$")
LOOSE_DATE = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)  # 2024/3/5 9:30, which Pelican reads (dateutil) and fromisoformat does not
AS_KABAR = {"{date:%Y}": ":year", "{date:%m}": ":month", "{date:%d}": ":day", "{slug}": ":slug",
            "{category}": ":category"}  # fmt: skip
LINK = re.compile(
    r"(?:\{|\|)(?P<kind>filename|static|attach|tag|category|author|index)(?:\}|\|)(?P<target>[^)\s\"'#]*)"
)
SOURCE_SUFFIXES = frozenset({".rst", *staticsite.MARKDOWN_SUFFIXES})  # of articles and pages
NOT_FOR_KABAR = ("markdown.extensions.meta", "meta")  # the header is front matter now


def read(source: str, uploads: Path | None) -> Imported:
    root = Path(source)
    report = Report()
    conf = {**DEFAULTS, **_literal_settings(staticsite.own_file(root, CONFIG_FILE), report)}
    settings = staticsite.settings(
        report, CONFIG_FILE, conf.get("SITENAME"), conf.get("SITESUBTITLE"), conf.get("SITEURL"),
        conf.get("DEFAULT_LANG"), conf.get("TIMEZONE"),
    )  # fmt: skip
    settings["markdown"] = _markdown(conf["MARKDOWN"])
    content = _content_folder(root, conf, report)
    article_url = str(conf["ARTICLE_URL"])
    pattern = _as_kabar(article_url)
    if pattern and refused_pattern(pattern):
        pattern = None
    if pattern and pattern != staticsite.DEFAULT_PATTERN:
        settings["permalinks"] = {"article": pattern}
    given_category = staticsite.text(conf.get("DEFAULT_CATEGORY"))
    articles = staticsite.Articles(report, pattern or staticsite.DEFAULT_PATTERN, given_category or "Berita")
    imported = Imported(settings, report=report)
    page_paths, static_paths = _paths(conf.get("PAGE_PATHS")), _paths(conf.get("STATIC_PATHS"))

    found: list[tuple[Post, bool, int]] = []  # with whether it is a page, and the line its body starts on
    links: dict[str, str] = {}
    saved_in: dict[str, str] = {}  # a post's source -> the folder of its page on the old site, where {attach} put files
    for inside, path in staticsite.walk(content):
        shown = f"{content.relative_to(root).as_posix()}/{inside}".removeprefix("./")
        # A post in a folder of STATIC_PATHS is a post (Pelican's docs put the files {attach} links beside their
        # posts that way), and only a post unless STATIC_EXCLUDE_SOURCES is False.
        source = path.suffix.lower() in SOURCE_SUFFIXES
        if _within(inside, static_paths) and (not source or conf.get("STATIC_EXCLUDE_SOURCES") is False):
            published_at = _static_file(inside, conf.get("EXTRA_PATH_METADATA"))
            if staticsite.written_by_kabar(published_at):
                report.skip(shown, f"kabar writes /{published_at} itself: not imported")
            else:
                imported.files[f"static/{published_at}"] = path
            if not source:
                continue
        is_page = _within(inside, page_paths)
        read_post = _read_post(path, shown, inside, conf, is_page, report)
        if read_post is None:
            continue
        post, body_line, hidden = read_post
        old_url = _expand(str(conf["PAGE_URL"]) if is_page else article_url, post, conf)
        save_as = _expand(str(conf["PAGE_SAVE_AS" if is_page else "ARTICLE_SAVE_AS"]), post, conf)
        saved_in[shown] = posixpath.dirname(_on_site(save_as) or inside)
        if hidden and not is_page:  # Pelican served it at its address and listed it nowhere: so does a kabar page
            report.skip(shown, f"is hidden (Status: hidden): imported as a page, /{post.slug}/, listed nowhere")
            is_page = True
        links[inside] = f"/{post.slug}/" if is_page else articles.url(post)
        if old_url and not post.draft:
            post.old_urls.insert(0, old_url)
        found.append((post, is_page, body_line))

    pages_written: set[str] = set()
    linking = Linking(links, content, imported.files, conf.get("EXTRA_PATH_METADATA"))
    for post, is_page, body_line in found:
        inside = post.shown.removeprefix(f"{content.relative_to(root).as_posix()}/")
        folder = posixpath.dirname(inside)
        post.body = staticsite.convert(
            post.body,
            LINK,
            lambda match, folder=folder, post=post: _link(match, linking, folder, saved_in[post.shown]),
            (post.shown, body_line),
            report,
        )
        document = staticsite.page(post, post.slug, pages_written) if is_page else articles.document(post)
        imported.documents.append(document)
    taken = {alias for document in imported.documents for alias in document.front.get("aliases", [])}
    taken |= set(links.values())
    published = [post for post, is_page, _ in found if not is_page and not post.draft]
    redirects = list_redirects(published, articles, conf, taken, report)
    if redirects:
        settings["redirects"] = redirects
    if pattern is None and not all(is_page for _, is_page, _ in found):
        report.skip("permalinks", addresses_change(staticsite.site_path(article_url), staticsite.DEFAULT_PATTERN))
    report.count("articles", sum(not is_page for _, is_page, _ in found))
    how_many_of = (("pages", sum(is_page for _, is_page, _ in found)), ("files", len(imported.files)))
    for kind, how_many in (*how_many_of, ("redirects", len(redirects))):
        if how_many:
            report.count(kind, how_many)
    return imported


def _literal_settings(path: Path, report: Report) -> dict[str, Any]:
    """The settings pelicanconf.py assigns literal values to; nothing in it is imported or run."""
    try:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    except SyntaxError as exc:
        raise BuildError([Problem(str(path), exc.lineno, f"is not valid Python: {exc.msg}")]) from None
    except (MemoryError, RecursionError):  # an expression thousands of operators deep, which Python cannot run either
        raise BuildError([Problem(str(path), None, "is not valid Python: nested too deep to be read")]) from None
    found: dict[str, Any] = {}
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
        target = node.target if isinstance(node, ast.AnnAssign) else target
        if not isinstance(target, ast.Name) or not target.id.isupper() or node.value is None:
            continue
        try:
            found[target.id] = ast.literal_eval(node.value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            found.pop(target.id, None)
            report.skip(f"{CONFIG_FILE}:{node.lineno}", f"{target.id} is computed, not written out: not read")
    return found


def _content_folder(root: Path, conf: dict[str, Any], report: Report) -> Path:
    """The content PATH, which must be a folder inside the site (a source may not send kabar elsewhere)."""
    given = conf["PATH"] if isinstance(conf["PATH"], str) else DEFAULTS["PATH"]
    folder = (root / given).resolve()
    if not folder.is_relative_to(root.resolve()) or not folder.is_dir():
        report.skip(CONFIG_FILE, f"PATH {given!r} is not a folder of the site: {DEFAULTS['PATH']!r} read instead")
        folder = (root / DEFAULTS["PATH"]).resolve()
    return root / folder.relative_to(root.resolve())


def _paths(value: object) -> list[str]:
    """A *_PATHS setting: folders and files of the content folder ('pages', 'extra/robots.txt'; '' is all of it)."""
    return [item.strip("/") for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _within(inside: str, paths: list[str]) -> bool:
    return any(not path or inside == path or inside.startswith(f"{path}/") for path in paths)


def _static_file(inside: str, extra: object) -> str:
    """Where Pelican published the static file INSIDE: at its path, or the one EXTRA_PATH_METADATA gives it
    (`{'extra/robots.txt': {'path': 'robots.txt'}}`)."""
    meta = extra.get(inside) if isinstance(extra, dict) else None
    given = (meta.get("save_as") or meta.get("path")) if isinstance(meta, dict) else None
    return _on_site(given) or inside


def _on_site(path: object) -> str | None:
    """PATH (from pelicanconf.py or a post) as a path on the site, or None when it is none or leads out of it."""
    path = posixpath.normpath(path.strip("/")) if isinstance(path, str) and path.strip("/") else ".."
    return None if path == ".." or path.startswith("../") else path


def _markdown(given: object) -> dict[str, Any]:
    """kabar.yml `markdown:` from Pelican's MARKDOWN: its extensions and their options, less the metadata header."""
    configs = given.get("extension_configs", {}) if isinstance(given, dict) else {}
    extra = given.get("extensions", []) if isinstance(given, dict) else []
    names = [name for name in [*configs, *extra] if isinstance(name, str) and name not in NOT_FOR_KABAR]
    settings: dict[str, Any] = {"engine": "python-markdown", "extensions": list(dict.fromkeys(names))}
    options = {
        name: dict(value) for name, value in configs.items() if name in names and isinstance(value, dict) and value
    }
    if options:
        settings["extension_configs"] = options
    return settings


def _read_post(
    path: Path, shown: str, inside: str, conf: dict[str, Any], is_page: bool, report: Report
) -> tuple[Post, int, bool] | None:
    """The post at PATH, the line its body starts on, and whether it is hidden (published, listed nowhere)."""
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        report.skip(shown, "an HTML article: only Markdown and reStructuredText are imported")
    if suffix != ".rst" and suffix not in staticsite.MARKDOWN_SUFFIXES:
        return None  # a file a post links to ({static}, {attach}) is copied when the link is converted
    try:
        text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        report.skip(f"{shown}:1", "is not UTF-8 text; not imported")
        return None
    if suffix == ".rst":
        from .restructuredtext import read_rst  # docutils, only for the sites that have such files

        meta, body, left_out = read_rst(text)
        body_line = 1
        for line, message in left_out:
            report.skip(f"{shown}:{line}", f"{message}; left out")
    else:
        meta, body, body_line = _markdown_header(text)
    title = staticsite.text(meta.get("title"))
    named = re.search(str(conf["FILENAME_METADATA"]), path.stem) if isinstance(conf["FILENAME_METADATA"], str) else None
    date = _when(meta.get("date")) or (staticsite.when(named.groupdict().get("date")) if named else None)
    if date is None and isinstance(conf.get("DEFAULT_DATE"), tuple | list):
        date = dt.datetime(*conf["DEFAULT_DATE"])
    if title is None or (date is None and not is_page):
        missing = "title" if title is None else "date"
        written = f" (Date: {meta['date']!r} is not YYYY-MM-DD HH:MM)" if missing == "date" and meta.get("date") else ""
        report.skip(f"{shown}:1", f"has no valid '{missing}'{written}; not imported")
        return None
    folder = posixpath.dirname(inside)
    category = staticsite.text(meta.get("category"))
    if category is None and conf.get("USE_FOLDER_AS_CATEGORY") and folder:
        category = folder.rsplit("/", 1)[-1]
    status = (staticsite.text(meta.get("status")) or "published").lower()
    post = Post(
        shown=shown,
        title=title,
        date=date or dt.date(1970, 1, 1),  # a page's: not shown
        slug=staticsite.text(meta.get("slug")) or urls.slugify(title),
        body=body,
        categories=[category] if category else [],
        tags=staticsite.names(meta.get("tags"), ","),
        authors=staticsite.names(meta.get("authors"), ";" if ";" in str(meta.get("authors")) else ",")
        or staticsite.names(meta.get("author")),
        summary=staticsite.text(meta.get("summary")),
        image=staticsite.text(meta.get("image")),
        updated=_when(meta.get("modified")),
        draft=status == "draft",
    )
    return post, body_line, status == "hidden"


def _when(value: object) -> dt.datetime | dt.date | None:
    """A Pelican date, as kabar reads one or as Pelican's dateutil reads it too with '/' or '.' between its numbers
    or without their leading zeros ('2024/3/5 9:30')."""
    found = staticsite.when(value)
    loose = LOOSE_DATE.fullmatch(value.strip()) if found is None and isinstance(value, str) else None
    if loose is None:
        return found
    year, month, day, hour, minute, second, offset = loose.groups()
    time = f" {int(hour):02d}:{minute}:{second or '00'}{offset or ''}" if hour else ""
    return staticsite.when(f"{year}-{int(month):02d}-{int(day):02d}{time}")


def _markdown_header(text: str) -> tuple[dict[str, str], str, int]:
    """Python-Markdown's metadata header (`Title: Banjir` lines up to the first blank one), the body, and the
    line the body starts on."""
    lines = text.split("\n")
    meta: dict[str, str] = {}
    start = 1 if lines and lines[0].strip() == "---" else 0
    key = None
    index = start
    for index in range(start, len(lines)):
        line = lines[index]
        if not line.strip() or (start and line.strip() in ("---", "...")):
            break
        more, found = META_MORE.match(line), META_LINE.match(line)
        if found:
            key = found["key"].lower()
            meta[key] = found["value"].strip()
        elif more and key:
            meta[key] = f"{meta[key]} {more['value'].strip()}"
        else:
            return {}, text, 1
    else:
        index = len(lines)
    return meta, "\n".join(lines[index + 1 :]), index + 2


def _expand(pattern: str, post: Post, conf: dict[str, Any]) -> str | None:
    """The URL Pelican gave POST under its *_URL setting, or None if it has a field kabar cannot fill."""
    url = filled(
        pattern,
        slug=post.slug,
        category=urls.slugify(old_category(post, conf)),
        author=urls.slugify(next(iter(post.authors), "")),
        date=post.date,
    )
    return None if url is None else staticsite.site_path(url)


def _as_kabar(pattern: str) -> str | None:
    """ARTICLE_URL in kabar's tokens, if every field has one, it names the slug and it ends in '/'."""
    if not pattern.endswith("/") or "{slug}" not in pattern:
        return None
    for field, token in AS_KABAR.items():
        pattern = pattern.replace(field, token)
    return None if FIELD.search(pattern) else staticsite.site_path(pattern)


@dataclass(frozen=True)
class Linking:
    """What converting Pelican's links needs: the new URL of each post (by its path in CONTENT), the files the
    import copies (FILES, which a link adds to), and EXTRA_PATH_METADATA."""

    links: dict[str, str]
    content: Path
    files: dict[str, Path | bytes]
    extra: object


def _link(match: re.Match[str], linking: Linking, folder: str, saved_in: str) -> str | None:
    """Pelican's {filename}, {static}, {attach}, {tag}, {category}, {author} and {index} links, as kabar URLs, in a
    post of FOLDER (of the content) whose old page was in the folder SAVED_IN of the site."""
    kind, target = match["kind"], match["target"]
    if kind == "index":
        return "/"
    if kind in ("tag", "category", "author"):
        slug = urls.slugify(target)
        return (
            {"tag": urls.tag_url, "category": urls.category_url, "author": urls.author_url}[kind](slug)
            if slug
            else None
        )
    path = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
    if kind == "filename" and (path in linking.links or Path(path).suffix.lower() in SOURCE_SUFFIXES):
        return linking.links.get(path)  # else a file, which Pelican links to as {static} does
    source = linking.content / path
    if path.startswith("..") or not source.is_file() or not source.resolve().is_relative_to(linking.content.resolve()):
        return None
    if kind == "attach":  # Pelican moved it beside the post's page: its address there is kept
        tail = posixpath.relpath(path, folder)
        published_at = posixpath.join(saved_in, posixpath.basename(tail) if tail.startswith("..") else tail)
    else:
        published_at = _static_file(path, linking.extra)
    if staticsite.written_by_kabar(published_at):
        return None  # left as written, and reported: kabar's own robots.txt stands there
    linking.files[f"static/{published_at}"] = source
    return f"/{published_at}"
