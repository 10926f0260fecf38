"""A template's mistake as a problem at its line: a name or attribute it asks for that is not there (with the one it
most likely meant), and where in the templates an error was raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NoReturn

import jinja2
from jinja2 import nodes
from jinja2.utils import missing

from .errors import Problem, did_you_mean
from .template_files import message_template_path


class StrictUndefined(jinja2.StrictUndefined):
    """What a template asks for that is not there: a misspelt name or attribute (article.titel), or a key a mapping
    lacks (article.extra.lokasi on a story without one).

    Strict, not Jinja's default Undefined (printed as nothing) or ChainableUndefined (article.titel.upper() too):
    a typo in a site's template stops the build at its line, saying what it most likely meant (undefined_problem).
    kabar's models have every optional field, empty when not given (article.image is None, article.location ''),
    so `{% if article.image %}` never meets an undefined value. Only a mapping's keys are optional by nature (an
    article's extra front matter, the words of t): testing a missing one is false, so that `{% if
    article.extra.lokasi %}` works on every story, as `is defined` and `|default` do; printing it still fails.
    """

    __slots__ = ()

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise UndefinedUse(self)

    def __bool__(self) -> bool:
        if isinstance(self._undefined_obj, Mapping):
            return False
        self._fail_with_undefined_error()


# Jinja's Undefined classes bind their operators (__str__, __iter__, __add__...) to Undefined's own method, which
# an override does not replace: bound to StrictUndefined's.
for _name in dir(StrictUndefined):
    if getattr(StrictUndefined, _name) is jinja2.Undefined._fail_with_undefined_error:
        setattr(StrictUndefined, _name, StrictUndefined._fail_with_undefined_error)


class UndefinedUse(jinja2.UndefinedError):
    """A StrictUndefined printed, tested, iterated or called: what was missing, from what (jinja2.utils.missing: a
    variable), or Jinja's own words (HINT)."""

    def __init__(self, undefined: StrictUndefined) -> None:
        super().__init__(undefined._undefined_message)
        self.hint, self.obj, self.name = undefined._undefined_hint, undefined._undefined_obj, undefined._undefined_name


def _guess(name: str, known: Iterable[str]) -> str:
    guess = did_you_mean(name, known)
    return f"; did you mean {guess!r}?" if guess else ""


def _written_before(tree: nodes.Template, name: object, line: int) -> str | None:
    """How TREE writes what lacked NAME: `article.category` for `article.category.nmae`, preferably on LINE;
    None when it is not made of names, attributes and constant keys (`(a or b).titel`)."""
    asked = [
        node
        for node in tree.find_all((nodes.Getattr, nodes.Getitem))
        if (node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", missing)) == name
    ]
    for node in sorted(asked, key=lambda node: node.lineno != line):
        written = _written(node.node)
        if written:
            return written
    return None


def _written(node: nodes.Node) -> str | None:
    """NODE as the template writes it, if it is a name, or an attribute or constant key of one."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        inner = _written(node.node)
        return inner and f"{inner}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        inner = _written(node.node)
        return inner and f"{inner}[{node.arg.value!r}]"
    return None


def _names_set_in(tree: nodes.Template) -> set[str]:
    """The names TREE makes: {% set %}, loop variables, macros and their arguments, imported templates."""
    names = {node.name for node in tree.find_all(nodes.Name) if node.ctx in ("store", "param")}
    names |= {node.name for node in tree.find_all(nodes.Macro)}
    return names | {node.target for node in tree.find_all(nodes.Import)}


def template_line(exc: BaseException) -> tuple[str, int] | None:
    """The template file (as messages name it) and line where EXC was raised."""
    where = _template_frame(exc)
    return (message_template_path(where[0]), where[1]) if where else None


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The template file and line where EXC was raised: the innermost template frame Jinja put in its traceback."""
    where = None
    tb = exc.__traceback__
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:  # a frame Jinja made to stand for template code
            where = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return where


def raised_in_kabar(exc: BaseException) -> bool:
    """Whether the innermost frame of EXC's traceback is kabar's own code (a filter, a model), not a template's."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and Path(tb.tb_frame.f_code.co_filename).parent == Path(__file__).parent


def undefined_problem(
    env: jinja2.Environment, exc: UndefinedUse, template: str, url: str, context: dict[str, Any]
) -> Problem:
    """What a template asked for that is not there, said with what it most likely meant:
    `article has no 'titel'; did you mean 'title'?`, `'artikel' is undefined; did you mean 'article'?`."""
    frame = _template_frame(exc)
    if frame is None or exc.hint is not None:  # Jinja's own words: "there is no parent block called 'x'"
        path, line = template_line(exc) or (f"templates/{template}", None)
        return Problem(path, line, f"while rendering {url}: {exc.message}")
    filename, line = frame
    try:
        tree = env.parse(Path(filename).read_text(encoding="utf-8"))
    except OSError:  # a template made of a string: its names are not known
        tree = nodes.Template([])
    if exc.obj is missing:  # a variable: which ones there are depends on the page (base.html makes them all)
        names = {*env.globals, *context, "url", "canonical", *_names_set_in(tree)}
        message = f"while rendering {url}: {exc.name!r} is undefined{_guess(str(exc.name), names)}"
    elif isinstance(exc.obj, Mapping):  # its keys may differ from page to page (article.extra)
        written = _written_before(tree, exc.name, line) or type(exc.obj).__name__
        hint = _guess(str(exc.name), map(str, exc.obj))
        if not hint and str(exc.name).isidentifier():
            hint = f"; where not every page has it, test it first: {{% if {written}.{exc.name} %}}"
        message = f"while rendering {url}: {written} has no {exc.name!r}{hint}"
    else:  # a model's fields and a value's attributes are the same on every page
        written = _written_before(tree, exc.name, line) or type(exc.obj).__name__
        attributes = [name for name in dir(exc.obj) if not name.startswith("_")]
        message = f"{written} has no {exc.name!r}{_guess(str(exc.name), attributes)}"
    return Problem(message_template_path(filename), line, message)
