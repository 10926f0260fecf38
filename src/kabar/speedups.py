"""Speed that depends on a library's internals, each trick in one place, with what it buys and a safe fallback.

tests/test_speedups.py fails if a library changes under one of them: each must give exactly what the
public API gives, and the fast path must still be taken where the library is the version it was made for.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

if TYPE_CHECKING:  # imported by render.py, when a build renders: one with nothing to do never pays for Jinja
    import jinja2

# ---------------------------------------------------------------- markupsafe: escaping {{ }} output

try:  # markupsafe 3: escape() is Python around this C function, and builds its Markup in Python too
    from markupsafe._speedups import _escape_inner
except ImportError:  # markupsafe 2 (escape() is C) or no speedups
    _escape_inner = None


def _fast_escape(value: Any) -> Markup:
    """markupsafe.escape(VALUE), the same Markup, without the Python-level Markup() call for a str or a Markup."""
    if type(value) is str:
        return str.__new__(Markup, _escape_inner(value))
    if type(value) is Markup:
        return value
    return escape(value)


# ~86 escapes a page were 17% of a profiled render; this made every page 11% faster (0.308 -> 0.284 CPU ms a
# page at 10,000 articles, commit 669c349).
fast_escape: Callable[[Any], Markup] = escape if _escape_inner is None else _fast_escape


def escape_faster(template: jinja2.Template) -> jinja2.Template:
    """TEMPLATE, its {{ }} output escaped by fast_escape: Jinja's compiled code calls the `escape` it imports
    from jinja2.runtime, looked up in the compiled module's globals. Nothing global is patched."""
    names = template.root_render_func.__globals__
    if names.get("escape") is escape:  # else Jinja no longer escapes through this name: left as it is
        names["escape"] = fast_escape
    return template


# ---------------------------------------------------------------- jinja2: a template's globals


def flat_globals(environment: jinja2.Environment) -> None:
    """Each template of ENVIRONMENT gets its globals as one dict (the environment's, then its own) instead of Jinja's
    ChainMap over the two: Jinja copies a template's globals into a new dict for every render and every imported
    macro module, and takes the difference of their keys for each `{% from ... import %}`; over a ChainMap each is a
    loop in Python (a fifth of rendering an article or a listing page at 10,000 articles: 0.531 -> 0.420 and 0.353
    -> 0.284 ms a page). The environment's globals must be all set before the first template is loaded (the
    Renderer sets them as it is made): a change made later would not reach the templates loaded before it."""
    shared = environment.globals

    def make_globals(own: Any = None) -> dict[str, Any]:
        return {**shared, **(own or {})}

    environment.make_globals = make_globals  # type: ignore[method-assign]


# ---------------------------------------------------------------- json: |tojson


COMPACT = (",", ":")  # JSON's separators between items and after keys, without spaces


def sorted_json_encoder() -> Callable[[Any], str]:
    """json.dumps(value, sort_keys=True, separators=(",", ":")), compact (a page's JSON-LD is 200 bytes smaller), by
    CPython's C encoder made once: Jinja's |tojson builds a JSONEncoder and a C encoder for every call (7.5% of
    rendering at 10,000 articles with the blocks rendered once, commit 24590b7). Without the C encoder, or if its
    arguments change, the JSONEncoder. Made by render.py."""
    import json  # here: a build with nothing to do imports this module, and never encodes JSON

    slow = json.JSONEncoder(sort_keys=True, separators=COMPACT).encode
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # a Python without the _json module
        return slow
    default = json.JSONEncoder().default  # TypeError for what JSON cannot hold
    try:
        encode = make(None, default, json.encoder.encode_basestring_ascii, None, *COMPACT[::-1], True, False, True)
    except TypeError:  # another signature
        return slow
    return lambda value: "".join(encode(value, 0))


# ---------------------------------------------------------------- gc: the collector during a build


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection while a build runs, unless it renders many pages (see collector_resumed).

    Loading and indexing make about a million objects that live until the build ends, and no
    garbage, yet each collection while they pile up walks them all again: 0.3 s of CPU in a
    one-edit rebuild at 10,000 articles (2.54 -> 2.21 s, commit c7bdd24), more per article the larger the site.
    What the stages after them make (a job, a path and a fingerprint for each of 186,000 pages, at 100,000
    articles) is much the same: collected as it was made, it took an edit 0.5 s more there.
    """
    gc.unfreeze()  # what an earlier build of this process froze (kabar serve) may be collected again
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def collect_after_build() -> None:
    """For a process that builds again and again (kabar serve), once a build is over: its garbage collected,
    what it froze included. Rendering leaves cycles (a Jinja2 context and its macros hold each other, and so
    the articles shown, and their open cache files); one not collected before the next build's freeze would
    be kept for good."""
    gc.unfreeze()
    gc.collect()


def loaded_kept() -> None:
    """What exists now (the articles and the Site) stays until the build ends: no collection walks it again."""
    gc.freeze()


def collector_resumed() -> None:
    """Collect again, for a build that renders many pages: rendering makes garbage (a Jinja2 context and its
    macros hold each other), and with the collector off for a whole cold build the peak grew from 181 to 318 MB."""
    gc.enable()
