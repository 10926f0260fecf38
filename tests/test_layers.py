"""Imports point one way, from the command down to the models: a module may use those below it, never above."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kabar

PACKAGE = Path(kabar.__file__).parent
BOTTOM = {"kabar", "kabar.models", "kabar.moments", "kabar.fingerprint", "kabar.errors", "kabar.platform"}
BOTTOM |= {"kabar.urls", "kabar.unseen"}
CACHE = {"kabar.cache", "kabar.cache.store", "kabar.cache.codec", "kabar.cache.articles"}


def kabar_imports(module: str) -> set[str]:
    """The kabar modules MODULE imports, anywhere in it (deferred imports in functions too)."""
    path = _file(module)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:  # from .x import y, from .. import y
            base = package.rsplit(".", node.level - 1)[0]
            if node.module:
                found.add(f"{base}.{node.module}")
            else:
                found |= {f"{base}.{a.name}" if _file(f"{base}.{a.name}") else base for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "kabar"}
        elif isinstance(node, ast.ImportFrom) and node.module.split(".")[0] == "kabar":
            found.add(node.module)
    return found - {module}


def _file(module: str) -> Path | None:
    """MODULE's source file, if it names a module of kabar's (not a name in one)."""
    path = PACKAGE.joinpath(*module.split(".")[1:])
    for candidate in (path / "__init__.py", path.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


# Every module's place, from the bottom up: a module may import its own layer and those below, never one above.
# The build's stages are layers in the order they run (pipeline.py), so no stage imports a later one.
LAYERS: list[set[str]] = [
    BOTTOM
    | {"kabar.parallel", "kabar.theme", "kabar.walk", "kabar.speedups", "kabar.frontmatter", "kabar.pictures"}
    | {"kabar.subpath", "kabar.closers"},
    {
        "kabar.yamlload",
        "kabar.tomlload",
        "kabar.limits",
        "kabar.anchors",
        "kabar.cmark",
        "kabar.markdown_engines",
        "kabar.imaging",
    },
    {"kabar.options"},
    CACHE,
    {"kabar.publish", *(f"kabar.publish.{name}" for name in ("claims", "files", "lock", "paths", "swap", "writer"))},
    {"kabar.scan"},  # the first stage: what incremental.py compares with what the last build found
    {"kabar.state", "kabar.check_memo", "kabar.incremental"},
    # the other stages, in order
    {"kabar.config", "kabar.menus", "kabar.permalinks", "kabar.comment_settings", "kabar.profiles"},
    {"kabar.load", "kabar.fields", "kabar.body", "kabar.images", "kabar.sitepages", "kabar.comments"}
    | {"kabar.corrections"},
    {"kabar.site"},
    {"kabar.variants", "kabar.image_sources"},
    {"kabar.pages", "kabar.render", "kabar.template_files", "kabar.template_errors", "kabar.words", "kabar.structured"}
    | {"kabar.zones", "kabar.sharing"}
    | {"kabar.sponsored", "kabar.footnotes"},
    {"kabar.feeds"},
    {"kabar.sitemaps"},
    {"kabar.search", "kabar.pagefind_runs"},
    {"kabar.static"},
    {"kabar.redirects", "kabar.redirect_files"},
    {"kabar.checks", "kabar.links", "kabar.leftovers", "kabar.warning_kinds", "kabar.previewed_moves"},
    {"kabar.pipeline"},
    {"kabar.cli", "kabar.serve", "kabar.watch", "kabar.scaffold", "kabar.__main__"},
]
# `kabar import` writes a site; the build never imports it. Its readers, one module per source kind, stand on its
# model and writer and on shared helpers (a module per job), and under its command.
IMPORTING = [
    {"kabar.importing", "kabar.importing.model"},
    {"kabar.importing.write", "kabar.importing.detect"},
    {  # helpers the readers share
        "kabar.importing.staticsite",
        "kabar.importing.restructuredtext",
        *(f"kabar.importing.{name}" for name in ("htmlbody", "wxr", "wpautop", "shortcodes", "blocks", "embeds")),
        *(f"kabar.importing.{name}" for name in ("wpaddresses", "wpmenus", "wpbody", "wpuploads")),
        *(f"kabar.importing.{name}" for name in ("oldsite", "hugolists", "pelicanlists", "zolalists")),
    },
    {  # the readers: one module per source kind
        "kabar.importing.wordpress",
        "kabar.importing.jekyll",
        "kabar.importing.hugo",
        "kabar.importing.zola",
        "kabar.importing.pelican",
        "kabar.importing.feed",
    },
    {"kabar.importing.run"},
]
LAYERS[-1:-1] = IMPORTING
RANK = {module: rank for rank, layer in enumerate(LAYERS) for module in layer}


def test_every_module_has_a_layer():
    modules = {
        ".".join(["kabar", *path.relative_to(PACKAGE).with_suffix("").parts]).removesuffix(".__init__")
        for path in PACKAGE.rglob("*.py")
    }
    assert modules - RANK.keys() == set()


@pytest.mark.parametrize("module", sorted(RANK))
def test_a_module_imports_nothing_above_its_layer(module):
    above = {name for name in kabar_imports(module) if RANK.get(name, 0) > RANK[module]}
    assert above == set()


@pytest.mark.parametrize("module", sorted(BOTTOM - {"kabar"}))
def test_the_bottom_modules_import_only_each_other(module):
    assert kabar_imports(module) <= BOTTOM


@pytest.mark.parametrize("module", sorted(CACHE))
def test_the_cache_imports_only_the_bottom_modules(module):
    assert kabar_imports(module) <= BOTTOM | CACHE


@pytest.mark.parametrize(
    ("module", "later"),
    [("kabar.config", "kabar.load"), ("kabar.checks", "kabar.scaffold"), ("kabar.images", "kabar.state")],
)
def test_a_stage_does_not_import_a_later_one(module, later):
    assert later not in kabar_imports(module)
