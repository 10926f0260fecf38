"""kabar.yml's `markdown:`: cmark-gfm (the default) or Python-Markdown, with the extensions a site names."""

from __future__ import annotations

import os
import re
import textwrap

import pytest

from kabar import markdown_engines, urls
from kabar.cli import main
from kabar.config import load_config
from kabar.errors import BuildError
from kabar.models import MarkdownSettings

from .conftest import article, read, run_build, write_files
from .test_incremental import big_site, clean_build, tree

URL = "/2024/03/05/banjir-rendam-bekasi/"
SETTINGS = "title: Kabar Uji\nbase_url: https://uji.example\nsearch: false\n"
PYTHON_MARKDOWN = "markdown:\n  engine: python-markdown\n"
ENGINES = {"cmark-gfm": "", "python-markdown": PYTHON_MARKDOWN}


def site_with(root, body: str, settings: str = PYTHON_MARKDOWN, **more: str):
    files = {"kabar.yml": SETTINGS + settings, "content/2024/banjir.md": article(body=body), **more}
    return write_files(root, files)


def settings_of(tmp_path, text: str) -> MarkdownSettings:
    (tmp_path / "kabar.yml").write_text(text)
    return load_config(tmp_path).markdown


def problems_of(tmp_path, text: str) -> list[str]:
    (tmp_path / "kabar.yml").write_text(textwrap.dedent(text))
    with pytest.raises(BuildError) as caught:
        load_config(tmp_path)
    return [str(p).removeprefix(f"{tmp_path / 'kabar.yml'}:") for p in caught.value.problems]


def test_cmark_gfm_is_the_default_and_python_markdown_takes_what_pelican_and_mkdocs_sites_use(tmp_path):
    assert settings_of(tmp_path, "title: X\n").engine == "cmark-gfm"
    chosen = settings_of(tmp_path, PYTHON_MARKDOWN)
    assert (chosen.engine, chosen.extensions) == ("python-markdown", ("extra", "admonition", "toc"))
    # Given extensions replace the default ones; toc (heading ids) is always added, spelt either way once.
    given = "markdown:\n  engine: python-markdown\n  extensions: [markdown.extensions.abbr, toc, smarty]\n"
    assert settings_of(tmp_path, given).extensions == ("abbr", "toc", "smarty")
    configs = PYTHON_MARKDOWN + "  extension_configs:\n    markdown.extensions.toc: {toc_depth: 3}\n"
    assert settings_of(tmp_path, configs).extension_configs["toc"] == {"toc_depth": 3}


def test_every_mistake_in_the_markdown_setting_is_reported_with_its_line(tmp_path):
    assert problems_of(
        tmp_path,
        """\
        title: X
        markdown:
          engine: python-markdown
          extensions:
            - tabels
            - os
            - attr_list
          extension_configs:
            toc: {permalnk: true}
            footnotes: {}
            attr_list: 5
          extenson: [toc]
        """,
    ) == [
        "5: markdown.extensions: unknown extension 'tabels'; did you mean 'tables'?",
        "6: markdown.extensions: 'os' is not a Markdown extension: the module has no makeExtension()",
        "9: markdown.extension_configs.toc: unknown option 'permalnk'; did you mean 'permalink'?",
        "10: markdown.extension_configs: 'footnotes' is not among the extensions; add it to markdown.extensions",
        "11: markdown.extension_configs.attr_list: must be 'option: value' lines",
        "12: unknown setting 'markdown.extenson'; did you mean 'extensions'?",
    ]
    assert problems_of(tmp_path, "markdown: {engine: python_markdown}\n") == [
        "1: markdown.engine: 'python_markdown' is not a Markdown engine; did you mean 'python-markdown'?"
    ]
    assert problems_of(tmp_path, "markdown:\n  extensions: [toc]\n") == [
        "2: markdown.extensions: only python-markdown takes extensions: add 'engine: python-markdown'"
    ]
    assert problems_of(tmp_path, "markdown: python-markdown\n") == [
        "1: markdown: must be 'key: value' lines: engine, extensions, extension_configs"
    ]
    assert problems_of(tmp_path, PYTHON_MARKDOWN + "  extension_configs: [toc]\n") == [
        "3: markdown.extension_configs: must be 'extension: {option: value}' lines"
    ]
    assert problems_of(tmp_path, PYTHON_MARKDOWN + "  extension_configs: {toc: {toc_depth: [1]}}\n") == [
        "3: markdown.extension_configs.toc: TypeError: int() argument must be a string, a bytes-like object or a "
        "real number, not 'list'"
    ]


def test_a_third_party_extension_is_loaded_by_its_module_path_and_one_that_fails_says_why(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "kabar_uji_ext.py").write_text(
        "from markdown.extensions import Extension\nfrom markdown.postprocessors import Postprocessor\n\n"
        "class Shout(Postprocessor):\n    def run(self, text):\n        return text.replace('halo', 'HALO')\n\n"
        "class ShoutExtension(Extension):\n    def extendMarkdown(self, md):\n"
        "        md.postprocessors.register(Shout(md), 'shout', 1)\n\n"
        "def makeExtension(**kwargs):\n    return ShoutExtension(**kwargs)\n"
    )
    (tmp_path / "kabar_uji_broken.py").write_text("import kabar_uji_missing_dependency\n")
    root = site_with(tmp_path / "site", "Kata halo.", PYTHON_MARKDOWN + "  extensions: [kabar_uji_ext]\n")
    run_build(root)
    assert "<p>Kata HALO.</p>" in read(root, URL)
    assert problems_of(tmp_path, PYTHON_MARKDOWN + "  extensions: [kabar_uji_broken]\n") == [
        "3: markdown.extensions: extension 'kabar_uji_broken' failed to load: "
        "No module named 'kabar_uji_missing_dependency'"
    ]


MKDOCS_BODY = """\
## Banjir di Bekasi {: #banjir .sorot }

Warga mengungsi[^1] ke balai RW; *[RW]: Rukun Warga

*[BPBD]: Badan Penanggulangan Bencana Daerah

!!! warning "Awas"
    Air masih naik, kata BPBD.

Posko
:   Balai RW 05

| Kecamatan | Rumah |
|:----------|------:|
| Bekasi    | 1.200 |

```python
print("siaga")
```

[^1]: Data BPBD.
"""


def test_python_markdown_renders_attr_list_admonitions_abbreviations_definitions_tables_and_footnotes(tmp_path):
    root = site_with(tmp_path, MKDOCS_BODY)
    run_build(root)
    page = read(root, URL)
    assert '<h2 class="sorot" id="banjir">Banjir di Bekasi</h2>' in page
    assert '<div class="admonition warning">\n<p class="admonition-title">Awas</p>' in page
    assert '<abbr title="Badan Penanggulangan Bencana Daerah">BPBD</abbr>' in page
    assert "<dl>\n<dt>Posko</dt>\n<dd>Balai RW 05</dd>\n</dl>" in page
    assert '<th align="left">Kecamatan</th>' in page and '<td align="right">1.200</td>' in page
    assert '<code class="language-python">' in page
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>' in page


def test_headings_get_the_slug_urls_are_made_with_and_a_repeated_one_a_number(tmp_path):
    body = "## Siaga Satu\n\n## Siaga Satu\n\n### Siaga Satu\n\n## Gempa & Tsunami: Aceh\n\n## Sendiri {#khusus}\n"
    run_build(site_with(tmp_path, body))
    page = read(tmp_path, URL)
    for heading_id in ("siaga-satu", "siaga-satu-2", "siaga-satu-3", urls.slugify("Gempa & Tsunami: Aceh"), "khusus"):
        assert f'id="{heading_id}"' in page
    assert urls.slugify("Gempa & Tsunami: Aceh") == "gempa-tsunami-aceh"


@pytest.mark.parametrize("engine", ENGINES.values(), ids=ENGINES.keys())
def test_safe_html_cleans_what_either_engine_makes(engine, tmp_path):
    body = 'Berita.<script>alert("x")</script>\n\n<div onclick="x()" class="lead">Isi</div>\n'
    run_build(site_with(tmp_path, body, engine + "safe_html: true\n"))
    page = read(tmp_path, URL)
    assert "alert" not in page and "onclick" not in page
    assert "<div>Isi</div>" in page  # the theme's class names are the theme's own


def test_safe_html_keeps_python_markdowns_footnote_links_and_admonitions(tmp_path):
    run_build(site_with(tmp_path, MKDOCS_BODY, PYTHON_MARKDOWN + "safe_html: true\n"))
    page = read(tmp_path, URL)
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>' in page  # the way back is kept
    assert '<li id="fn:1">' in page and '<div class="footnote">' in page
    assert '<div class="admonition warning">\n<p class="admonition-title">Awas</p>' in page


@pytest.mark.parametrize("engine", ENGINES.values(), ids=ENGINES.keys())
@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_footnotes_link_back_to_the_text_is_labelled_in_the_sites_language(engine, lang, tmp_path):
    """Either engine labels it in English ("Back to reference 1"): a screen reader read that on an Indonesian page.
    A page of pages/ the same."""
    body = "Kata BPBD.[^1] Lagi.[^1]\n\n[^1]: Data BPBD.\n"
    page_file = {"pages/catatan.md": "---\ntitle: Catatan\n---\n" + body}
    run_build(site_with(tmp_path, body, engine + f"lang: {lang}\n", **page_file))
    words = {"id": "Kembali ke rujukan", "en": "Back to reference"}[lang]
    for page in (read(tmp_path, URL), read(tmp_path, "/catatan/")):
        labels = re.findall(r'<a [^>]*class="footnote-backref"[^>]*>', page)
        assert labels and all(f'="{words} 1' in label for label in labels), labels
        assert "Jump back" not in page and (lang == "en" or "Back to reference" not in page)


def test_each_article_is_rendered_on_its_own_without_the_last_ones_footnotes_or_abbreviations(tmp_path):
    first = "Kata BPBD.[^1]\n\n*[BPBD]: Badan Penanggulangan Bencana Daerah\n\n[^1]: Catatan.\n"
    second = "Lagi BPBD dan [^1].\n"
    root = site_with(tmp_path, first, **{"content/2024/kedua.md": article(title="Kedua", body=second)})
    run_build(root, jobs=1)
    page = read(root, "/2024/03/05/kedua/")
    assert "<abbr" not in page and "footnote" not in page


@pytest.mark.parametrize("engine", ENGINES.values(), ids=ENGINES.keys())
def test_summary_reading_time_image_sizes_and_link_checks_work_with_either_engine(
    engine, tmp_path, monkeypatch, capsys
):
    png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x02\x80\0\0\x01\xe0\x08\x02\0\0\0"  # 640 x 480
    body = "Hujan deras sejak Sabtu *malam*.\n\n![Banjir](/images/banjir.png)\n\n" + "kata " * 400 + "\n\n"
    body += "Lihat [berita lama](/2024/03/04/tidak-ada/).\n"
    root = site_with(tmp_path, body, engine, **{"content/images/banjir.png": png})
    monkeypatch.chdir(root)
    assert main(["check"]) == 0
    assert capsys.readouterr().err.splitlines()[0] == (
        "content/2024/banjir.md:12: warning: links to /2024/03/04/tidak-ada/, which is not a page of the site"
    )
    run_build(root)
    page = read(root, URL)
    assert '<meta name="description" content="Hujan deras sejak Sabtu malam.">' in page
    assert "3 menit baca" in page
    assert 'width="640" height="480"' in page


def test_switching_engine_or_extensions_renders_every_article_anew(tmp_path):
    root = site_with(tmp_path / "site", MKDOCS_BODY, "")
    run_build(root)
    assert "admonition" not in read(root, URL)
    for settings in (PYTHON_MARKDOWN, PYTHON_MARKDOWN + "  extension_configs: {toc: {permalink: true}}\n", ""):
        (root / "kabar.yml").write_text(SETTINGS + settings)
        run_build(root)
        assert tree(root / "public") == clean_build(root, tmp_path)
    (root / "kabar.yml").write_text(SETTINGS + PYTHON_MARKDOWN)
    run_build(root)
    assert "admonition" in read(root, URL)


def test_python_markdown_in_worker_processes_writes_what_one_process_writes(tmp_path):
    root = big_site(tmp_path / "site", count=210)  # past load.PARALLEL_FROM: parsed in forked workers
    with (root / "kabar.yml").open("a") as settings:
        settings.write(PYTHON_MARKDOWN)
    run_build(root, jobs=2)
    assert tree(root / "public") == clean_build(root, tmp_path)


@pytest.mark.parametrize("engine", ENGINES.values(), ids=ENGINES.keys())
def test_lists_nested_too_deep_are_refused_at_the_101st_with_either_engine(engine, tmp_path, monkeypatch, capsys):
    body = "Pembuka.\n\n" + "".join("    " * depth + "- a\n" for depth in range(120))
    root = site_with(tmp_path, body, engine)
    monkeypatch.chdir(root)
    assert main(["build", "-q", "--now", "2026-11-23T12:00Z"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "content/2024/banjir.md:108: the body nests quotes, lists or HTML elements more than 100 deep: flatten it"
    )


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("[^1] " * 501 + "\n\n[^1]: c\n", 6, "the body holds more than 500 footnote marks ('[^'): split the article"),
        ("x\n\n" + "`a` " * 10_001, 8, "the body holds more than 20,000 backticks ('`'): split the article"),
        (
            "x\n\n[a]: /" + "u" * 10_000 + "\n\n" + "[a] " * 101,
            8,
            "the links to reference definitions write more than 1,000,000 characters of URL: split the article",
        ),
    ],
    ids=["footnotes", "backticks", "reference expanded"],
)
def test_python_markdown_has_tighter_budgets_than_cmark_gfm(body, line, message, tmp_path, monkeypatch, capsys):
    """Python-Markdown is pure Python and quadratic in footnotes: what cmark-gfm renders in no time takes it seconds."""
    for engine, settings in ENGINES.items():
        root = site_with(tmp_path / engine, body, settings)
        monkeypatch.chdir(root)
        if engine == "cmark-gfm":
            assert main(["build", "-q", "--now", "2026-11-23T12:00Z"]) == 0
            capsys.readouterr()  # its warnings
        else:
            assert main(["build", "-q", "--now", "2026-11-23T12:00Z"]) == 1
            assert capsys.readouterr().err.splitlines()[0] == f"content/2024/banjir.md:{line}: {message}"


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads the process's resident memory (Linux)")
def test_rendering_gives_cmark_gfm_its_memory_back():
    """cmarkgfm's own wrapper keeps each document and its HTML (33 KB a 3 KB article): a worker loading 100,000
    articles grew to 1.5 GB. 3,000 renders of a 3 KB article would hold 100 MB; given back, the process stays."""
    part = "## Bagian {}\n\nBanjir *merendam* [Bekasi](/a/) | dan ~~Depok~~ - [x] {}."
    body = "\n\n".join(part.format(n, n) for n in range(40))
    settings = MarkdownSettings()
    html = markdown_engines.render(body, settings)
    before = _resident_kib()
    for _ in range(3000):
        assert markdown_engines.render(body, settings) == html
    assert _resident_kib() - before < 20 * 1024


def _resident_kib() -> int:
    with open("/proc/self/status") as status:
        return int(status.read().split("VmRSS:")[1].split()[0])
