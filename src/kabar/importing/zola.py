"""Read a Zola site: config.toml, the pages of content/ (a section's pages are articles, the root section's are
pages), co-located files, static/.

A page's old URL is its `path`, or its section's path and its slug (from `slug` or its file name, less a date
prefix); it and its `aliases` become kabar aliases where the new URL differs. `@/path.md` links and the built-in
shortcodes (youtube, vimeo) are converted; other shortcodes are left and reported. The old sections, taxonomy
pages and feeds become `redirects:` (see zolalists.py).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable
from pathlib import Path

from .. import closers, urls
from . import staticsite
from .model import Imported, Report
from .staticsite import Post
from .zolalists import list_redirects

DATED_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ][\d:]+)?[_-](.+)")  # 2024-03-05-slug or 2024-03-05_slug
CALL, BLOCK, END = r"{{\s*(?P<name>\w+)\(", r"{%\s*(?P<block>\w+)\(", r"{%\s*end\s*%}"


def _syntax_ends(text: str) -> Callable[[int], int | None]:
    """Where the Tera or the internal link that begins at a place ends (see closers.Bounded): in time linear
    in the text, however many of them are never closed."""
    escaped = {"{{": closers.blocks(text, [(r"{{/\*", r"\*/}}")]), "{%": closers.blocks(text, [(r"{%/\*", r"\*/%}")])}
    call, block, block_end = re.compile(CALL), re.compile(BLOCK), closers.Next(text, re.compile(END))
    parenthesis = closers.Next(text, ")")
    tails = {"{{": re.compile(r"\s*}}"), "{%": re.compile(r"\s*%}")}
    link_end, anchor_end = closers.Next(text, re.compile(r"[)\s#\"']")), closers.Next(text, re.compile(r"[)\s\"']"))
    tail_ends: dict[tuple[re.Pattern[str], int], int | None] = {}  # for the last ")" a call or a block closes
    last_md: dict[int, int] = {}  # the last ".md" in the last run of a link's characters, by the run's end

    def closed_call(place: int, head: re.Pattern[str], tail: re.Pattern[str]) -> int | None:
        """The end of HEAD [^)]* ) TAIL at PLACE, or None."""
        if (opened := head.match(text, place)) is None or (shut := parenthesis.after(opened.end())) is None:
            return None
        if (tail, shut[0]) not in tail_ends:
            tail_ends.clear()
            tail_ends[tail, shut[0]] = None if (found := tail.match(text, shut[1])) is None else found.end()
        return tail_ends[tail, shut[0]]

    def link(place: int) -> int | None:
        run_end = (link_end.after(place + 2) or (len(text), 0))[0]
        if run_end not in last_md:
            last_md.clear()
            last_md[run_end] = text.rfind(".md", place + 3, run_end)  # the link is the run up to its last ".md"
        if (md := last_md[run_end]) < place + 3:
            return None
        if md + 3 == run_end and text.startswith("#", run_end):
            return (anchor_end.after(run_end + 1) or (len(text), 0))[0]
        return md + 3

    def ends(place: int) -> int | None:
        kind = text[place : place + 2]
        if kind == "@/":
            return link(place)
        if (found := closers.first_closed(text, place, escaped[kind])) is not None:
            return found
        if kind == "{{":
            return closed_call(place, call, tails[kind])
        opened = closed_call(place, block, tails[kind])
        return None if opened is None else block_end.end_after(opened)

    return ends


SYNTAX = closers.Bounded(
    pattern=re.compile(
        r"{{/\*(?P<escaped>.*?)\*/}}|{%/\*(?P<escaped_block>.*?)\*/%}"
        r"|@/(?P<link>[^)\s#\"']+\.md)(?P<anchor>#[^)\s\"']*)?"
        rf"|{CALL}(?P<args>[^)]*)\)\s*}}}}"
        rf"|{BLOCK}[^)]*\)\s*%}}.*?{END}",
        re.S,
    ),
    starts=re.compile("{[{%]|@/"),
    ends=_syntax_ends,
)


def read(source: str, uploads: Path | None) -> Imported:
    root = Path(source)
    report = Report()
    config = staticsite.read_config(root, "config.toml")
    settings = staticsite.settings(
        report, "config.toml", config.get("title"), config.get("description"), config.get("base_url"),
        config.get("default_language"), None,
    )  # fmt: skip
    found = list(staticsite.walk(root / "content"))
    folders = {shown.rsplit("/", 1)[0] for shown, _ in found if shown.endswith("/index.md")}
    entries: list[staticsite.Entry] = []
    sections: dict[str, dict] = {}  # a section's folder -> its _index.md's front matter
    for shown, path in found:
        name = shown.rsplit("/", 1)[-1]
        if name == "_index.md":
            section = staticsite.read_source(path, f"content/{shown}", report)
            sections[posixpath.dirname(shown)] = section.meta if section else {}
        if path.suffix.lower() != ".md" or name == "_index.md":
            continue
        own_folder = shown.rsplit("/", 1)[0] if name == "index.md" else ""
        if any(shown.startswith(f"{folder}/") for folder in folders - {own_folder}):
            continue
        is_article = "/" in (own_folder or shown)
        found_post = _post(path, shown, own_folder, report, is_article)
        if found_post is not None:
            entries.append(staticsite.Entry(found_post[0], own_folder, found_post[1], is_article))

    articles = staticsite.Articles(report)
    imported = Imported(settings, report=report)
    links = {
        entry.post.shown.removeprefix("content/"): articles.url(entry.post)
        if entry.is_article
        else f"/{entry.post.slug}/"
        for entry in entries
    }
    links.update({f"{folder}/_index.md".lstrip("/"): "/" for folder in sections})  # a section's list: the front page
    staticsite.copy_static(root / "static", "static", imported)

    for entry in entries:  # extra.image as a theme's get_url() reads it: a path in static/, unless beside the page
        image = entry.post.image or "/"
        beside = entry.own_folder and (root / "content" / entry.own_folder / image).is_file()
        if not image.startswith("/") and "://" not in image and not beside and (root / "static" / image).is_file():
            entry.post.image = f"/{image}"

    def convert_body(entry: staticsite.Entry) -> str:
        where = (entry.post.shown, entry.body_line)
        return staticsite.convert(entry.post.body, SYNTAX, lambda match: _replace(match, links), where, report)

    staticsite.add_entries(imported, articles, entries, found, convert_body)
    taken = {alias for document in imported.documents for alias in document.front.get("aliases", [])}
    taken |= set(links.values())
    published = [
        (entry.post, posixpath.dirname(entry.own_folder or entry.post.shown.removeprefix("content/")))
        for entry in entries
        if entry.is_article and not entry.post.draft
    ]
    redirects = list_redirects(published, articles, config, sections, taken, report)
    if redirects:
        settings["redirects"] = redirects
        report.count("redirects", len(redirects))
    return imported


def _post(path: Path, inside: str, own_folder: str, report: Report, is_article: bool) -> tuple[Post, int] | None:
    shown = f"content/{inside}"
    source = staticsite.read_source(path, shown, report)
    if source is None:
        return None
    meta = source.meta
    stem = (own_folder or inside).rsplit("/", 1)[-1].removesuffix(".md")
    dated = DATED_NAME.fullmatch(stem)
    date = staticsite.when(meta.get("date")) or (staticsite.when(dated[1]) if dated else None)
    title = staticsite.text(meta.get("title"))
    if (date is None and is_article) or title is None:
        missing = "title" if title is None else "date"
        report.skip(f"{shown}:{source.lines.get(missing, 1)}", f"has no valid '{missing}'; not imported")
        return None
    taxonomies = meta.get("taxonomies") if isinstance(meta.get("taxonomies"), dict) else {}
    extra = meta.get("extra") if isinstance(meta.get("extra"), dict) else {}
    slug = urls.slugify(staticsite.text(meta.get("slug")) or (dated[2] if dated else stem))
    section = posixpath.dirname(own_folder or inside)
    given_path = staticsite.text(meta.get("path"))
    old_url = f"/{given_path.strip('/')}/" if given_path else re.sub(r"/{2,}", "/", f"/{section}/{slug}/")
    post = Post(
        shown=shown,
        title=title,
        date=date or dt.date(1970, 1, 1),  # a page's: not shown
        slug=given_path.strip("/") if given_path and not is_article else slug,
        body=source.body,
        categories=staticsite.names(taxonomies.get("categories")),
        tags=staticsite.names(taxonomies.get("tags")),
        authors=staticsite.names(meta.get("authors") or taxonomies.get("authors")),
        summary=staticsite.text(meta.get("description")),
        image=staticsite.text(extra.get("image")),
        image_alt=staticsite.text(extra.get("image_alt") or extra.get("alt")),
        updated=staticsite.when(meta.get("updated")),
        draft=meta.get("draft") is True,
        old_urls=[old_url, *staticsite.names(meta.get("aliases"))],
    )
    return post, source.body_line


def _replace(match: re.Match[str], links: dict[str, str]) -> str | None:
    """The plain equivalent of an internal link or a shortcode, or None."""
    if match["escaped"] is not None:
        return staticsite.as_written(f"{{{{{match['escaped']}}}}}")
    if match["escaped_block"] is not None:
        return staticsite.as_written(f"{{%{match['escaped_block']}%}}")
    if match["link"] is not None:
        url = links.get(match["link"])
        return url + (match["anchor"] or "") if url else None
    if match["name"] in ("youtube", "vimeo"):
        named = staticsite.arguments(match["args"])[1]
        return staticsite.video_player(match["name"], named.get("id", ""), match)
    return None
