"""Shared fixtures: tiny sites written inside a test, built in-process."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import textwrap
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pytest

from kabar.check_memo import CheckMemo
from kabar.pipeline import Options, Summary, build
from kabar.template_files import TemplateCache

SITES = Path(__file__).parent / "sites"
GOLDEN = Path(__file__).parent / "golden"
# A fixed "now", so that what counts as scheduled never depends on the day the tests run.
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
# The sample site's newest published stories are of 19 and 20 November 2026 (the 22nd's is a draft).
SAMPLE_NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
KEPT_SETTINGS = 32  # the compiled themes kept (see templates_compiled_once)


def article(
    title: str = "Banjir Rendam Bekasi",
    date: str = "2024-03-05 09:30",
    category: str = "Nasional",
    body: str = "Hujan deras sejak Sabtu malam membuat ribuan rumah terendam.",
    **more: str,
) -> str:
    """The text of an article file; extra keyword arguments become front matter lines as written."""
    lines = [f"title: {title}", f"date: {date}", f"category: {category}"]
    lines += [f"{key}: {value}" for key, value in more.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content) if content.startswith("\n") else content, encoding="utf-8")
    return root


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current build")


@pytest.fixture(scope="session", autouse=True)
def templates_compiled_once() -> Iterator[None]:
    """The theme compiled once per test session, not once per site built (0.15-0.3 s each, most of a tiny build).

    The key is what kabar's own compiled-template cache keys on (TemplateCache: kabar's version and code, the
    settings and the theme's words, the template's name, file and source), so a build gets the code it would
    compile; a template that fails to compile is never kept, and fails again.
    """
    # By settings, the most recently used last: a theme's code is 0.5 MB, and tests give their sites hundreds of
    # settings; keeping them all would grow this process (which each build forks) by hundreds of MB.
    compiled: OrderedDict[str, dict[tuple, object]] = OrderedDict()
    compile_ = jinja2.Environment.compile

    def compile_once(env, source, name=None, filename=None, raw=False, defer_init=False):
        if raw or not isinstance(env.bytecode_cache, TemplateCache):
            return compile_(env, source, name, filename, raw, defer_init)
        settings = env.bytecode_cache.settings
        theme = compiled.setdefault(settings, {})
        compiled.move_to_end(settings)
        if len(compiled) > KEPT_SETTINGS:
            compiled.popitem(last=False)
        key = (name, filename, source, defer_init)
        if key not in theme:
            theme[key] = compile_(env, source, name, filename, raw, defer_init)
        return theme[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jinja2.Environment, "compile", compile_once)
        yield


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """make_site({"content/a.md": "..."}) -> the site's root folder."""

    def make(files: dict[str, str | bytes], name: str = "site") -> Path:
        return write_files(tmp_path / name, files)

    return make


@pytest.fixture
def copy_site(tmp_path: Path) -> Callable[[str], Path]:
    """copy_site("basic") -> a fresh copy of tests/sites/basic to build in."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(SITES / name, target)
        return target

    return copy


def run_build(root: Path, **options) -> Summary:
    options.setdefault("now", NOW)
    return build(Options(root=root, **options))


def read(root: Path, url: str) -> str:
    """The text of the page at URL in ROOT/public."""
    path = root / "public" / url.lstrip("/")
    if url.endswith("/"):
        path = path / "index.html"
    return path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- the sample site, served, for the checkers


@dataclass(frozen=True)
class ServedSite:
    root: Path  # the site's folder (kabar.yml, content/)
    public: Path  # what kabar built
    base: str  # where it is served: http://127.0.0.1:PORT, also its base_url

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Iterator[ServedSite]:
    """This repository's sample site (kabar.yml, content/, pages/), built at NOW and served on 127.0.0.1.

    Its base_url is the local server's, so canonical links, feeds and sitemaps point at pages a test can fetch.
    """
    from .checkers import REPO, serve

    root = tmp_path_factory.mktemp("sample") / "site"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "pages", root / "pages")
    public = root / "public"
    public.mkdir()
    with serve(public) as base:
        settings = (REPO / "kabar.yml").read_text(encoding="utf-8")
        settings = re.sub(r"(?m)^base_url:.*$", f"base_url: {base}", settings)
        (root / "kabar.yml").write_text(settings, encoding="utf-8")
        run_build(root, now=SAMPLE_NOW)
        yield ServedSite(root=root, public=public, base=base)


def checking(monkeypatch) -> list[str]:
    """The URLs of the articles whose links a build checks again (their last warnings could not be kept)."""
    checked: list[str] = []
    recall = CheckMemo.recall

    def counted(memo, articles):
        known = recall(memo, articles)
        checked.extend(article.url for article, found in zip(articles, known, strict=True) if found is None)
        return known

    monkeypatch.setattr(CheckMemo, "recall", counted)
    return checked
