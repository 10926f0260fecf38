"""The Markdown engines that turn an article's body into HTML, chosen by kabar.yml's `markdown:` setting.

cmark-gfm (the default) renders CommonMark with GitHub's extensions, as GitHub's preview shows it to an
author. Python-Markdown renders what sites coming from Pelican or MkDocs were written for (attr_list,
admonition, def_list, abbr...), with the extensions the site names, loaded as Python-Markdown loads them
(an entry point's name, or a module path, whose code then runs: kabar.yml is the site owner's).
Both give headings the same ids (see HeadingIds).
"""

from __future__ import annotations

import collections
import dataclasses
import json
import re
from collections.abc import Callable

from cmarkgfm.cmark import Options as CmarkOptions

from . import cmark, limits, urls
from .anchors import with_heading_ids
from .errors import did_you_mean, suggestion
from .models import MarkdownSettings

CMARK = "cmark-gfm"
PYTHON_MARKDOWN = "python-markdown"
ENGINES = (CMARK, PYTHON_MARKDOWN)
KEYS = ("engine", "extensions", "extension_configs")

# CommonMark with GitHub's extensions, as Hugo (goldmark) and GitHub render it. cmark-gfm is
# C: 0.07 ms for a 3 KB article where Python-Markdown takes 1.6 ms. Raw HTML passes through:
# authors are trusted committers; `safe_html: true` cleans it with nh3 (see body.sanitise).
CMARK_EXTENSIONS = ("table", "strikethrough", "autolink", "tasklist")
CMARK_OPTIONS = CmarkOptions.CMARK_OPT_UNSAFE | CmarkOptions.CMARK_OPT_FOOTNOTES

# What Pelican and MkDocs sites are written for: `extra` (abbr, attr_list, def_list, fenced_code, footnotes,
# md_in_html, tables) and admonition (MkDocs' `!!! note`); toc, for heading ids, is always added.
DEFAULT_EXTENSIONS = ("extra", "admonition", "toc")
BUILT_IN_PREFIX = "markdown.extensions."
# Table alignment as an attribute rather than a style="", which safe_html removes.
DEFAULT_CONFIGS = {"tables": {"use_align_attribute": True}, "extra": {"tables": {"use_align_attribute": True}}}


# Python-Markdown is pure Python, some 20 times slower than cmark-gfm, and quadratic in footnotes: its own budgets
# keep each at its limit near 0.4 s (bench/hostile.py --markdown-engine python-markdown). A 1,500-footnote
# transcript that cmark-gfm renders in 0.1 s takes Python-Markdown 2 s.
PYTHON_MARKDOWN_MOST = {"[^": 500, "[": 8_000, "*": 24_000, "|": 5_000, "<": 8_000}
PYTHON_MARKDOWN_BUDGETS = (
    *(dataclasses.replace(b, most=PYTHON_MARKDOWN_MOST.get(b.marks[0], b.most)) for b in limits.BUDGETS),
    limits.Budget("backticks ('`')", ("`",), 20_000),  # runs of growing length cost it time quadratic in their count
)
# Python-Markdown writes a reference's URL again at every use ([a]: /1-MB-URL, then [a] a thousand times: 1 GB),
# where cmark-gfm stops expanding past the size of the text.
MOST_EXPANDED = 1_000_000
DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*(\S*)", re.M)
LABEL = re.compile(r"\[([^\]\n]+)\]")


def over_budget(markdown: str, settings: MarkdownSettings) -> tuple[int, str] | None:
    """The line of MARKDOWN where it passes a limit of the engine SETTINGS name, and the message (see limits.py)."""
    if settings.engine == CMARK:
        return limits.over_budget(markdown)
    over = limits.over_budget(markdown, PYTHON_MARKDOWN_BUDGETS)
    if over is not None or "]:" not in markdown:
        return over
    uses = collections.Counter(label.lower() for label in LABEL.findall(markdown))
    expanded = 0
    for definition in DEFINITION.finditer(markdown):
        expanded += len(definition[2]) * uses[definition[1].lower()]
        if expanded > MOST_EXPANDED:
            message = f"the links to reference definitions write more than {MOST_EXPANDED:,} characters of URL"
            return markdown.count("\n", 0, definition.start()) + 1, f"{message}: {limits.SPLIT}"
    return None


def render(markdown: str, settings: MarkdownSettings, positions: bool = False) -> str:
    """MARKDOWN as HTML, by the engine SETTINGS name. POSITIONS (cmark-gfm only): each block with its
    Markdown line (data-sourcepos), for messages."""
    if settings.engine == CMARK:
        options = CMARK_OPTIONS | (CmarkOptions.CMARK_OPT_SOURCEPOS if positions else 0)
        html = cmark.render_html(markdown, options, CMARK_EXTENSIONS)
        return html.rstrip("\n") if positions else with_heading_ids(html.rstrip("\n"))
    return _python_markdown(settings)(markdown)


def cache_key(settings: MarkdownSettings) -> str:
    """SETTINGS as text for the article cache's key: another engine, extension or option renders every article anew."""
    if settings.engine == CMARK:
        return CMARK
    import markdown

    shown = [settings.engine, markdown.__version__, settings.extensions, settings.extension_configs]
    return json.dumps(shown, sort_keys=True, default=repr)


class HeadingIds:
    """Python-Markdown's toc `slugify`: a heading's id is the slug of its text, as URLs are made (urls.slugify),
    and a second heading with the same text gets "-2", a third "-3" (toc's own suffix would be "_1")."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def reset(self) -> None:
        self.seen.clear()

    def __call__(self, text: str, separator: str) -> str:
        slug = urls.slugify(text)
        if not slug:  # toc makes "_1", "_2"... of it
            return slug
        count = self.seen[slug] = self.seen.get(slug, 0) + 1
        return slug if count == 1 else f"{slug}-{count}"


# One converter per process and settings: made where it is used (in each forked worker too), never pickled.
_converters: dict[str, Callable[[str], str]] = {}


def _python_markdown(settings: MarkdownSettings) -> Callable[[str], str]:
    key = cache_key(settings)
    if key not in _converters:
        _converters[key] = _converter(settings)
    return _converters[key]


def _converter(settings: MarkdownSettings) -> Callable[[str], str]:
    import markdown

    ids = HeadingIds()
    configs = {name: dict(options) for name, options in settings.extension_configs.items()}
    configs.setdefault("toc", {})["slugify"] = ids
    md = markdown.Markdown(extensions=list(settings.extensions), extension_configs=configs, output_format="html")

    def convert(text: str) -> str:
        md.reset()  # footnotes, abbreviations and references of the last article are forgotten
        ids.reset()
        return md.convert(text)

    return convert


def settings_from(value: object, lines: dict) -> tuple[MarkdownSettings, list]:
    """kabar.yml's `markdown:` VALUE as MarkdownSettings, and the problems in it as (line, message), by line;
    LINES: kabar.yml's, nested ones included (see yamlload.load_mapping)."""
    settings, problems = _settings(value, lambda path: lines.get(("markdown", *path), lines.get("markdown")))
    return settings, sorted(problems, key=lambda problem: problem[0] or 0)


def _settings(value: object, line_of: Callable[[tuple], int | None]) -> tuple[MarkdownSettings, list]:
    if not isinstance(value, dict):
        message = "markdown: must be 'key: value' lines: engine, extensions, extension_configs"
        return MarkdownSettings(), [(line_of(()), message)]
    problems = []
    for key in value:
        if key not in KEYS:
            hint = suggestion(str(key), KEYS)
            problems.append((line_of((key,)), f"unknown setting 'markdown.{key}'{hint}"))
    engine = value.get("engine", CMARK)
    if engine not in ENGINES:
        guess = did_you_mean(str(engine), ENGINES)
        hint = f"did you mean '{guess}'?" if guess else f"known: {', '.join(ENGINES)}"
        problems.append((line_of(("engine",)), f"markdown.engine: {engine!r} is not a Markdown engine; {hint}"))
        engine = PYTHON_MARKDOWN  # the one that takes extensions: theirs are checked too
    if engine == CMARK:
        for key in ("extensions", "extension_configs"):
            if key in value:
                message = f"markdown.{key}: only {PYTHON_MARKDOWN} takes extensions: add 'engine: {PYTHON_MARKDOWN}'"
                problems.append((line_of((key,)), message))
        return MarkdownSettings(), problems
    extensions, found = _extensions(value.get("extensions"), line_of)
    configs, found_in_configs = _configs(value.get("extension_configs"), extensions, line_of)
    problems += found + found_in_configs
    settings = MarkdownSettings(engine=engine, extensions=extensions, extension_configs=configs)
    return (MarkdownSettings() if problems else settings), problems


def _extensions(given: object, line_of: Callable[[tuple], int | None]) -> tuple[tuple[str, ...], list]:
    """The extensions' names, each loaded once to find the ones that do not load; toc added."""
    if given is None:
        return DEFAULT_EXTENSIONS, []
    if not isinstance(given, list) or not all(isinstance(name, str) and name for name in given):
        message = "markdown.extensions: must be a list of extension names, like [toc, abbr]"
        return (), [(line_of(("extensions",)), message)]
    names, problems = [], []
    for index, name in enumerate(given):
        name = name.removeprefix(BUILT_IN_PREFIX) if name.removeprefix(BUILT_IN_PREFIX) in _built_in() else name
        message = _load_problem(name)
        if message:
            problems.append((line_of(("extensions", index)), f"markdown.extensions: {message}"))
        elif name not in names:
            names.append(name)
    if "toc" not in names:
        names.append("toc")
    return tuple(names), problems


def _configs(given: object, extensions: tuple[str, ...], line_of: Callable[[tuple], int | None]) -> tuple[dict, list]:
    """Each extension's options, checked against the options it has; DEFAULT_CONFIGS under them."""
    configs = {name: dict(DEFAULT_CONFIGS[name]) for name in extensions if name in DEFAULT_CONFIGS}
    if given is None:
        return configs, []
    where = ("extension_configs",)
    if not isinstance(given, dict):
        return configs, [(line_of(where), "markdown.extension_configs: must be 'extension: {option: value}' lines")]
    problems = []
    for name, options in given.items():
        name = str(name).removeprefix(BUILT_IN_PREFIX)
        line = line_of((*where, name))
        if name not in extensions:
            guess = did_you_mean(name, extensions)
            hint = f"did you mean '{guess}'?" if guess else "add it to markdown.extensions"
            problems.append((line, f"markdown.extension_configs: {name!r} is not among the extensions; {hint}"))
        elif not isinstance(options, dict):
            problems.append((line, f"markdown.extension_configs.{name}: must be 'option: value' lines"))
        else:
            message = _options_problem(name, options)
            if message:
                problems.append((line, f"markdown.extension_configs.{name}: {message}"))
            else:
                configs[name] = {**configs.get(name, {}), **options}
    return configs, problems


def _built_in() -> set[str]:
    """The names Python-Markdown and the installed packages register (entry points): toc, abbr, ..."""
    from markdown import util

    return {entry.name for entry in util.get_installed_extensions()}


def _load_problem(name: str) -> str | None:
    """Why extension NAME does not load, or None."""
    import markdown

    try:
        markdown.Markdown().build_extension(name, {})
    except ModuleNotFoundError as exc:
        module = name.split(":")[0]
        if exc.name and (module == exc.name or module.startswith(exc.name + ".")):  # the extension itself is missing
            guess = did_you_mean(name, _built_in())
            hint = f"did you mean '{guess}'?" if guess else f"known: {', '.join(sorted(_built_in()))}, or a module path"
            return f"unknown extension {name!r}; {hint}"
        return f"extension {name!r} failed to load: {exc}"
    except AttributeError as exc:
        if "makeExtension" in str(exc):  # a module, but not an extension
            return f"{name!r} is not a Markdown extension: the module has no makeExtension()"
        return f"extension {name!r} failed to load: {exc}"
    except Exception as exc:  # its own code failed: whatever it raised is the reason
        return f"extension {name!r} failed to load: {exc}"
    return None


def _options_problem(name: str, options: dict) -> str | None:
    """What is wrong with OPTIONS for extension NAME (known to load), or None."""
    import markdown

    known = markdown.Markdown().build_extension(name, {}).getConfigs()
    for option in options if known else ():  # `extra` declares none: it hands each to the extension it names
        if option not in known:
            guess = did_you_mean(str(option), known)
            hint = f"did you mean '{guess}'?" if guess else f"known: {', '.join(known)}"
            return f"unknown option {option!r}; {hint}"
    try:
        markdown.Markdown(extensions=[name], extension_configs={name: options})
    except Exception as exc:
        return f"{exc.__class__.__name__}: {exc}"
    return None
