"""speedups.py reaches into markupsafe, jinja2, json and gc for speed: each trick gives exactly what the public API
gives, and the fast path is still taken with the library versions it was made for (a failure here means a library
changed under it: check the trick, then this test)."""

from __future__ import annotations

import gc
import importlib.metadata
import json
import math
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup, escape

from kabar import pages, speedups
from kabar.models import Config
from kabar.render import Renderer

from .conftest import article, run_build, write_files


class _Shown:
    def __html__(self) -> str:
        return "<b>x</b>"

    def __repr__(self) -> str:  # the test's id: the same in every process that collects it
        return "_Shown()"


class _Text(str):
    pass


TO_ESCAPE = [
    "",
    "a < b & 'c' \"d\" > e",
    "Jum\u2019at",
    "&amp; already escaped &lt;",
    "\x00\ud800 lone surrogate",
    "<" * 1000,
    Markup("<b>&amp;</b>"),
    42,
    3.5,
    None,
    True,
    _Shown(),
    _Text("<i>"),
    b"<bytes>",
]


@pytest.mark.parametrize("value", TO_ESCAPE, ids=repr)
def test_the_fast_escape_gives_exactly_markupsafes_escape(value):
    fast = speedups.fast_escape(value)
    assert (fast, type(fast)) == (escape(value), Markup)


def test_the_fast_escape_is_used_with_markupsafe_3():
    major = int(importlib.metadata.version("markupsafe").split(".")[0])
    assert (speedups.fast_escape is not escape) == (major >= 3)


def test_jinjas_compiled_templates_escape_through_the_global_that_is_replaced(tmp_path: Path):
    env = Renderer(tmp_path, Config()).env
    assert "escape(" in env.compile("{{ a }}", raw=True)  # compiled code calls `escape` by that name
    template = env.from_string("{{ a }}|{{ b }}|{{ c }}|{{ d }}")
    assert template.root_render_func.__globals__["escape"] is speedups.fast_escape
    assert template.render(a="<&>", b=Markup("<br>"), c=_Shown(), d=7) == "&lt;&amp;&gt;|<br>|<b>x</b>|7"


def test_a_template_whose_globals_lack_markupsafes_escape_is_left_as_it_is():
    template = jinja2.Environment(autoescape=True).from_string("{{ a }}")
    template.root_render_func.__globals__["escape"] = replaced = lambda value: Markup("?")
    speedups.escape_faster(template)
    assert template.root_render_func.__globals__["escape"] is replaced


MACROS = {
    "m.html": "{% macro hi(x) %}{{ t.hello }} {{ x }}{{ shared }}{% endmacro %}",
    "page.html": '{% from "m.html" import hi %}{% from "m.html" import hi as hi2 with context %}'
    "{{ hi(name) }}|{{ hi2(name) }}|{{ t.hello }}{{ own }}{{ shared }}",
}


@pytest.mark.parametrize("own", [None, {"own": "!", "shared": "?"}])
def test_templates_globals_in_one_dict_render_what_jinjas_chained_globals_render(own):
    def render(flat: bool) -> str:
        env = jinja2.Environment(loader=jinja2.DictLoader(MACROS), autoescape=True)
        env.globals.update(t={"hello": "Halo"}, shared="/")
        if flat:
            speedups.flat_globals(env)
        template = env.get_template("page.html", globals=own)
        return template.render(name="<b>") + "#" + str(env.get_template("m.html").module.hi("x"))

    assert render(flat=True) == render(flat=False)
    assert render(flat=True) == (
        "Halo &lt;b&gt;/|Halo &lt;b&gt;?|Halo!?#Halo x/" if own else "Halo &lt;b&gt;/|" * 2 + "Halo/#Halo x/"
    )


def test_a_renderers_templates_have_their_globals_in_one_dict(tmp_path: Path):
    renderer = Renderer(tmp_path, Config())
    template = renderer.env.get_template("article.html")
    assert type(template.globals) is dict and template.globals["t"] is renderer.env.globals["t"]


TO_ENCODE = [
    None,
    True,
    0,
    -(2**70),
    1.5,
    -0.0,
    1e100,
    5e-324,
    math.inf,
    -math.inf,
    "",
    'Jum\u2019at "kutip" \\ \n\t\x00 \ud83d\ude00',
    [],
    {},
    [1, [2, [3, {"b": 1, "a": [None]}]]],
    (1, "tuple"),
    {"z": 1, "a": 2, "m": {"y": [], "b": {}}},
    {1: "int key", 2: "x"},
    {1.5: "float key", 0.25: "x"},
    {True: "bool", False: "x"},
    {None: "none"},
    {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "<script>alert(1)</script>"},
]


@pytest.mark.parametrize("value", TO_ENCODE, ids=repr)
def test_the_made_once_encoder_gives_exactly_json_dumps_sorted_and_compact(value):
    assert speedups.sorted_json_encoder()(value) == json.dumps(value, sort_keys=True, separators=(",", ":"))


def test_the_made_once_encoder_refuses_what_json_dumps_refuses():
    encode = speedups.sorted_json_encoder()
    for value in [object(), {"a": {1, 2}}, {1: "a", "b": 2}]:  # not JSON; keys that cannot be sorted
        with pytest.raises(TypeError):
            json.dumps(value, sort_keys=True)
        with pytest.raises(TypeError):
            encode(value)
    assert math.isnan(json.loads(encode(math.nan)))


def test_the_made_once_encoder_is_cpythons_c_encoder():
    encoder = speedups.sorted_json_encoder()
    assert json.encoder.c_make_encoder is not None
    assert encoder is not json.JSONEncoder(sort_keys=True).encode and encoder.__name__ == "<lambda>"


def test_the_collector_is_paused_then_resumed_past_what_lives_and_unfrozen_by_the_next_build():
    assert gc.isenabled()
    try:
        with speedups.collector_paused():
            assert not gc.isenabled()
            speedups.loaded_kept()
            assert not gc.isenabled() and gc.get_freeze_count() > 0
            speedups.collector_resumed()
            assert gc.isenabled()
        assert gc.isenabled()
        with speedups.collector_paused():  # the next build (kabar serve) may collect what the last one froze
            assert gc.get_freeze_count() == 0 and not gc.isenabled()
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_the_collector_is_enabled_again_when_a_build_fails():
    with pytest.raises(RuntimeError), speedups.collector_paused():
        raise RuntimeError("a build that stops early")
    assert gc.isenabled()


def test_a_build_collects_while_it_renders_many_pages_and_not_for_an_edits_few(tmp_path, monkeypatch):
    # A cold build's garbage (Jinja contexts and macros hold each other) is collected as it renders; an edit's few
    # pages leave theirs for the end, and its bookkeeping of every page is not walked again and again meanwhile.
    files = {
        f"content/a{n}.md": article(title=f"Berita {n}", date=f"2024-03-{n % 28 + 1:02d} 09:{n % 60:02d}")
        for n in range(120)
    }
    root = write_files(tmp_path / "site", {**files, "kabar.yml": "search: false\n"})
    collecting = []
    render_chunk = pages._render_chunk
    monkeypatch.setattr(pages, "_render_chunk", lambda *args: collecting.append(gc.isenabled()) or render_chunk(*args))
    run_build(root, jobs=1)
    assert collecting and all(collecting)  # each chunk of pages
    collecting.clear()
    (root / "content" / "a7.md").write_text(article(title="Berita 7", body="Diperbarui."), encoding="utf-8")
    run_build(root, jobs=1)
    assert collecting and not any(collecting)
