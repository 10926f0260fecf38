"""Read a Pelican site: pelicanconf.py (parsed, never run), the articles and pages under its content PATH, its
STATIC_PATHS.

pelicanconf.py is Python the site's author wrote, and a source is untrusted: it is read with `ast`, and only
assignments of literal values are taken (a setting made by code is reported and left at Pelican's default).
Metadata is Pelican's `Key: value` header (Markdown) or docinfo fields (reStructuredText, rendered by docutils
with file inclusion and raw output off). ARTICLE_URL becomes kabar.yml `permalinks:` when kabar's tokens can say
it; otherwise each old URL is an alias. The site switches kabar to Python-Markdown with its MARKDOWN extensions.
"""

from __future__ import annotations

import ast
import datetime as dt
import posixpath
import re
from pathlib import Path
from typing import Any

from .. import urls
from ..errors import BuildError, Problem
from . import staticsite
from .model import Imported, Report
from .oldsite import addresses_change, refused_pattern
from .staticsite import Post

CONFIG_FILE = "pelicanconf.py"
DEFAULTS: dict[str, Any] = {  # Pelican's own, for what pelicanconf.py does not set
    "PATH": "content",
    "PAGE_PATHS": ["pages"],
    "STATIC_PATHS": ["images"],
    "ARTICLE_URL": "{slug}.html",
    "PAGE_URL": "pages/{slug}.html",
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
FIELD = re.compile(r"\{(\w+)(?::([^}]*))?\}")
AS_KABAR = {"{date:%Y}": ":year", "{date:%m}": ":month", "{date:%d}": ":day", "{slug}": ":slug",
            "{category}": ":category"}  # fmt: skip
LINK = re.compile(
    r"(?:\{|\|)(?P<kind>filename|static|attach|tag|category|author|index)(?:\}|\|)(?P<target>[^)\s\"'#]*)"
)
NOT_FOR_KABAR = ("markdown.extensions.meta", "meta")  # the header is front matter now


def read(source: str, uploads: Path | None) -> Imported:
    root = Path(source)
    report = Report()
    conf = {**DEFAULTS, **_literal_settings(root / CONFIG_FILE, report)}
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
    page_paths, static_paths = _folders(conf.get("PAGE_PATHS")), _folders(conf.get("STATIC_PATHS"))

    found: list[tuple[Post, bool, int]] = []  # with whether it is a page, and the line its body starts on
    links: dict[str, str] = {}
    for inside, path in staticsite.walk(content):
        shown = f"{content.relative_to(root).as_posix()}/{inside}".removeprefix("./")
        if any(inside.startswith(folder) for folder in static_paths):
            imported.files[f"static/{inside}"] = path
            continue
        is_page = any(inside.startswith(folder) for folder in page_paths)
        read_post = _read_post(path, shown, inside, conf, is_page, report)
        if read_post is None:
            continue
        post, body_line = read_post
        if is_page:
            old_url = _expand(str(conf["PAGE_URL"]), post)
            links[inside] = f"/{post.slug}/"
        else:
            old_url = _expand(article_url, post)
            links[inside] = articles.url(post)
        if old_url and not post.draft:
            post.old_urls.insert(0, old_url)
        found.append((post, is_page, body_line))

    pages_written: set[str] = set()
    for post, is_page, body_line in found:
        inside = post.shown.removeprefix(f"{content.relative_to(root).as_posix()}/")
        folder = posixpath.dirname(inside)
        post.body = staticsite.convert(
            post.body,
            LINK,
            lambda match, folder=folder: _link(match, folder, links, content, imported.files),
            (post.shown, body_line),
            report,
        )
        document = staticsite.page(post, post.slug, pages_written) if is_page else articles.document(post)
        imported.documents.append(document)
    if pattern is None and not all(is_page for _, is_page, _ in found):
        report.skip("permalinks", addresses_change(staticsite.site_path(article_url), staticsite.DEFAULT_PATTERN))
    report.count("articles", sum(not is_page for _, is_page, _ in found))
    for kind, how_many in (("pages", sum(is_page for _, is_page, _ in found)), ("files", len(imported.files))):
        if how_many:
            report.count(kind, how_many)
    return imported


def _literal_settings(path: Path, report: Report) -> dict[str, Any]:
    """The settings pelicanconf.py assigns literal values to; nothing in it is imported or run."""
    try:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    except SyntaxError as exc:
        raise BuildError([Problem(str(path), exc.lineno, f"is not valid Python: {exc.msg}")]) from None
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


def _folders(value: object) -> list[str]:
    """A *_PATHS setting as folder prefixes ('pages/'); '' is the whole content folder."""
    return (
        [f"{item.strip('/')}/".lstrip("/") for item in value if isinstance(item, str)]
        if isinstance(value, list)
        else []
    )


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
) -> tuple[Post, int] | None:
    suffix = path.suffix.lower()
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
    elif suffix in staticsite.MARKDOWN_SUFFIXES:
        meta, body, body_line = _markdown_header(text)
    else:
        if suffix in (".html", ".htm"):
            report.skip(shown, "an HTML article: only Markdown and reStructuredText are imported")
        return None
    title = staticsite.text(meta.get("title"))
    named = re.search(str(conf["FILENAME_METADATA"]), path.stem) if isinstance(conf["FILENAME_METADATA"], str) else None
    date = staticsite.when(meta.get("date")) or (staticsite.when(named.groupdict().get("date")) if named else None)
    if date is None and isinstance(conf.get("DEFAULT_DATE"), tuple | list):
        date = dt.datetime(*conf["DEFAULT_DATE"])
    if title is None or (date is None and not is_page):
        missing = "title" if title is None else "date"
        report.skip(f"{shown}:1", f"has no valid '{missing}'; not imported")
        return None
    folder = posixpath.dirname(inside)
    category = staticsite.text(meta.get("category"))
    if category is None and conf.get("USE_FOLDER_AS_CATEGORY") and folder:
        category = folder.rsplit("/", 1)[-1]
    status = (staticsite.text(meta.get("status")) or "published").lower()
    if status == "hidden":
        report.skip(shown, "is hidden (Status: hidden): imported as a draft")
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
        updated=staticsite.when(meta.get("modified")),
        draft=status in ("draft", "hidden"),
    )
    return post, body_line


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


def _expand(pattern: str, post: Post) -> str | None:
    """The URL Pelican gave POST under its *_URL setting, or None if it has a field kabar cannot fill."""
    category = post.categories[0] if post.categories else ""
    values = {
        "slug": post.slug,
        "category": urls.slugify(category),
        "author": urls.slugify(next(iter(post.authors), "")),
    }
    missing = False

    def field(match: re.Match[str]) -> str:
        nonlocal missing
        if match[1] == "date" and match[2]:
            return post.date.strftime(match[2])
        if match[1] in values and not match[2]:
            return values[match[1]]
        missing = True
        return ""

    url = FIELD.sub(field, pattern)
    return None if missing else staticsite.site_path(url)


def _as_kabar(pattern: str) -> str | None:
    """ARTICLE_URL in kabar's tokens, if every field has one, it names the slug and it ends in '/'."""
    if not pattern.endswith("/") or "{slug}" not in pattern:
        return None
    for field, token in AS_KABAR.items():
        pattern = pattern.replace(field, token)
    return None if FIELD.search(pattern) else staticsite.site_path(pattern)


def _link(match: re.Match[str], folder: str, links: dict[str, str], content: Path, files: dict) -> str | None:
    """Pelican's {filename}, {static}, {attach}, {tag}, {category}, {author} and {index} links, as kabar URLs."""
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
    if kind == "filename":
        return links.get(path)
    source = content / path
    if path.startswith("..") or not source.is_file() or not source.resolve().is_relative_to(content.resolve()):
        return None
    files[f"static/{path}"] = source  # {attach}ed beside an article: served from the same path
    return f"/{path}"
