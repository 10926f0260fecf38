"""A site published under a path (base_url https://owner.github.io/repo): its root-relative addresses, prefixed.

kabar's URLs stay site-relative everywhere ("/2024/03/05/slug/", as urls.py makes them, as checks.py checks them);
what a host serves is prefixed once, where it is produced: each HTML page as Renderer.render returns it (the theme's
links, a site's own templates', and the links authors write in Markdown), the search page's bundles and its results'
pictures, the feeds' links and the redirect files (absolute URLs start with base_url, which holds the path already).
With no path in base_url nothing here runs, and the output is as it was. Not rewritten: a <script>'s code, and the
files of static/ (a stylesheet's url(/x) is written relative, url(../x), to work at any path).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# The attributes whose value is one address, and those whose value is a list of them (an image's candidates).
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "cite", "data", "background", "longdesc")
URL_ATTRIBUTES += ("xlink:href", "data-src", "data-href")
SRCSET_ATTRIBUTES = ("srcset", "imagesrcset", "data-srcset")
# An attribute's name as the text before its '=' ends: after a space, a tab or a line break, in any case (lowered).
_URL_ENDINGS = tuple(f"{space}{name}" for name in URL_ATTRIBUTES for space in " \t\n\r")
_SRCSET_ENDINGS = tuple(f"{space}{name}" for name in SRCSET_ATTRIBUTES for space in " \t\n\r")
_LONGEST = max(map(len, _URL_ENDINGS + _SRCSET_ENDINGS))
# How a value that starts at the root opens: quoted as kabar's templates and Markdown write it ('="/'), else in
# single quotes or bare.
_RARE_OPENER = re.compile("=['/]")
_CLOSERS = {'="/': '"', "='/": "'"}
# The rarer places: a meta refresh's url=, a style attribute's url(...), in a tag that has them.
_RARE_TAG = re.compile(r"""<[a-zA-Z][^<>]*?(?:url\(|[Rr][Ee][Ff][Rr][Ee][Ss][Hh])[^<>]*>""")  # within one tag
_ATTRIBUTE = re.compile(
    r"""(?P<before>\s(?P<name>[^\s"'<>/=]+)\s*=\s*)(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+))"""
)  # every attribute with a value, in turn: an address quoted inside another's value (title="href='/x'") is not one
_REFRESH = re.compile(r"(?i)^(\s*\d+(?:\.\d*)?\s*[;,]\s*url\s*=\s*['\"]?)(/.*)$", re.DOTALL)  # meta refresh's
_STYLE_OPENING = re.compile(r"(?i)<style\b[^<>]*>")
_STYLE_CLOSING = re.compile(r"(?i)</style")
_CSS_URL = re.compile(r"""(?i)(url\(\s*["']?)(/)(?![/\\])""")
_CSS_IMPORT = re.compile(r"""(?i)(@import\s+["'])(/)(?![/\\])""")
_CANDIDATE = re.compile(r"([\s,]*)(\S+)((?<!,)[^,]*)?")  # a srcset's: separators, address, descriptors
# What a path under the host may hold in kabar's output: no quote, '<', '&' or space to escape in HTML, CSS or a
# redirect file's line.
_PATH = re.compile(r"(?:/[A-Za-z0-9._~!$*+,;=:@%\u0080-\U0010ffff-]+)*")


def base_path(base_url: str) -> str:
    """The path BASE_URL puts the site under, without its last slash ("/repo"); "" for a site at its host's root."""
    return urlsplit(base_url).path.rstrip("/")


def path_problem(base_url: str) -> str | None:
    """What is wrong with the path of BASE_URL (a valid absolute URL otherwise), or None."""
    path = base_path(base_url)
    segments = path.split("/")[1:]
    if "" in segments or "." in segments or ".." in segments:
        return f"base_url: {base_url!r} has an empty, '.' or '..' part in its path: write it as https://host/a/b"
    if not _PATH.fullmatch(path):
        return (
            f"base_url: {base_url!r} has a character its path cannot have on the site's pages (a quote, <, >, &, "
            "a backslash...): write it %-encoded"
        )
    return None


def is_root_relative(url: str) -> bool:
    """Whether URL is a path from the root of the host ("/x/"), not a protocol-relative address ("//host/x",
    and "/\\host/x", which browsers read alike)."""
    return url.startswith("/") and not url.startswith(("//", "/\\"))


def prefixed(url: str, prefix: str) -> str:
    """URL under PREFIX ("/repo") when it is a root-relative path; any other address as it is."""
    return prefix + url if is_root_relative(url) else url


def prefixed_html(page: str, prefix: str) -> str:
    """PAGE (HTML) with every root-relative address in its tags' URL attributes (href, src, srcset, action..., a meta
    refresh's url=, a style attribute's url(...)) and in its <style> blocks under PREFIX.

    Text is never changed (a Markdown code block shows `<a href="/x">` as &lt;a href="/x"&gt;), nor a <script> but
    the tags it writes. The common case, `name="/...` in a tag, is found by splitting the page at each `="/`, not by
    a regular expression over the page: 3-4 times faster, which a site of 20,000 pages pays on each.
    """
    page = _prefixed_values(page, '="/', prefix)
    if _RARE_OPENER.search(page):  # searching a page for each costs as much as splitting it
        page = _prefixed_values(_prefixed_values(page, "='/", prefix), "=/", prefix)
    if "url(" in page or "efresh" in page:  # http-equiv="refresh", "Refresh"
        page = _RARE_TAG.sub(lambda tag: _ATTRIBUTE.sub(lambda a: _rare_attribute(a, prefix), tag[0]), page)
        if "<style" in page or "<STYLE" in page:
            page = _prefixed_style_blocks(page, prefix)
    return page


def _prefixed_values(page: str, opener: str, prefix: str) -> str:
    """PAGE with each URL attribute's value that opens with OPENER ('="/') under PREFIX, when it is in a tag: the text
    since the last '<' or '>' before it says so (a '>' inside a quoted value is written &gt;)."""
    pieces = page.split(opener)
    out = [pieces[0]]
    inside = False  # in a tag, as the text so far leaves it
    before = pieces[0]
    under = opener[:-1] + prefix + "/"
    for after in pieces[1:]:
        opened, closed = before.rfind("<"), before.rfind(">")
        if opened != closed:  # both -1: a piece within one tag, which the last one began
            inside = opened > closed
        tail = before[-_LONGEST:].lower() if inside else ""
        if not inside or after.startswith(("/", "\\")):  # text, or //host/x: as it is
            out.append(opener)
        elif tail.endswith(_URL_ENDINGS):
            out.append(under)
        elif tail.endswith(_SRCSET_ENDINGS):  # "/a.jpg 480w, /b.jpg 800w": the first is opened; the others
            closer = _CLOSERS.get(opener)
            end = after.find(closer) if closer else min((i for i in map(after.find, " \t\n>") if i >= 0), default=-1)
            end = len(after) if end < 0 else end
            out.append(under)
            after = _prefixed_srcset(after[:end], prefix) + after[end:]
        else:
            out.append(opener)
        out.append(after)
        before = after
    return "".join(out)


def _prefixed_style_blocks(page: str, prefix: str) -> str:
    """PAGE with the CSS of each <style> block under PREFIX, found in one pass from left to right (a pattern's search
    for the closing tag from each opening one took time of the page's length squared on a page of unclosed ones)."""
    out, at = [], 0
    while (opening := _STYLE_OPENING.search(page, at)) is not None:
        closing = _STYLE_CLOSING.search(page, opening.end())
        if closing is None:
            break
        out += [page[at : opening.end()], prefixed_css(page[opening.end() : closing.start()], prefix)]
        at = closing.start()
    out.append(page[at:])
    return "".join(out)


def prefixed_css(css: str, prefix: str) -> str:
    """CSS with its root-relative url(/...) and @import "/..." under PREFIX."""
    return _CSS_IMPORT.sub(rf"\g<1>{prefix}/", _CSS_URL.sub(rf"\g<1>{prefix}/", css))


def _rare_attribute(match: re.Match[str], prefix: str) -> str:
    """A meta refresh's content ("0; url=/x/") or a style attribute's url(/...) under PREFIX; any other as it is."""
    name = match["name"].lower()
    if name not in ("content", "style"):
        return match[0]
    quote = '"' if match["dq"] is not None else "'" if match["sq"] is not None else ""
    value = match["dq"] if quote == '"' else match["sq"] if quote else match["bare"]
    if name == "content":
        refresh = _REFRESH.match(value)
        new = refresh[1] + prefixed(refresh[2], prefix) if refresh else value
    else:
        new = prefixed_css(value, prefix)
    if new == value:
        return match[0]
    return f"{match['before']}{quote}{new}{quote}"


def _prefixed_srcset(value: str, prefix: str) -> str:
    """A srcset's candidates ("/a.jpg 480w, /b.jpg 800w"), each address under PREFIX, read as HTML reads them: an
    address runs to the next space (a comma inside it is its own); one that ends in a comma ends its candidate, else
    its descriptors run to the next comma."""
    return _CANDIDATE.sub(lambda m: m[1] + prefixed(m[2], prefix) + (m[3] or ""), value)
