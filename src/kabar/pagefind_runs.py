"""Running the pagefind command: where its binary is, which version it is, and a run for each bundle, made from
search documents (see search.py, which says what is indexed in which shard).

Each run indexes small HTML files written to a scratch folder (in memory, /dev/shm, where there is room), and its
bundle is read back from there, so that nothing reaches the output folder until the build commits. Not through
Pagefind's Python API, `pagefind.index`, which reads one answer every 0.1 s and hangs on a bundle over 2 MiB (10
articles a second). Several runs go at once, as many as the build's workers.
"""

from __future__ import annotations

import html
import importlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from . import platform, urls
from .errors import BuildError, Problem
from .incremental import MadeFolder
from .models import Rendered
from .parallel import YIELDING_NICENESS
from .subpath import prefixed, prefixed_html

BUNDLE = "pagefind"
# Pagefind writes these into every bundle, byte for byte the same: published once, at /pagefind/.
UI_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
# The folders of a bundle, each a file per article or per word chunk named by a hash of its bytes, written whole by
# one pagefind run: each is published as one entry (see Output.add_folder), so that a build that looks whether
# the site is as written stats one folder, not a file per article (at 100,000 articles, 104,000 of 290,000 files).
BUNDLE_FOLDERS = ("fragment", "index", "filter")


class SearchDocument(NamedTuple):
    """One result the search can find: any source of documents (articles, pages) gives these."""

    url: str
    title: str
    html: str  # what is indexed after the title, as HTML (trusted: made by kabar from the site's own files)
    meta: Mapping[str, str] = {}  # shown with the result: "image" (a URL) and "image_alt", or any other


def find_pagefind() -> Path | None:
    """The pagefind binary, where Pagefind's own Python package looks (pagefind.service.get_executable):
    $PAGEFIND_BINARY_PATH, the pagefind_bin_extended or pagefind_bin package, else one on PATH. Not through that
    module, which imports asyncio for its service: 0.034 s of every build with search on, a thirtieth of an edit's
    at 10,000 articles."""
    found = os.environ.get("PAGEFIND_BINARY_PATH")
    if found is None:
        found = _packaged_pagefind() or shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(found) if found and Path(found).is_file() else None


def _packaged_pagefind() -> Path | None:
    """The binary `pip install "pagefind[bin]"` (or `[extended]`) put in its package, if there is one."""
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return importlib.import_module(package).get_executable()
        except (ImportError, FileNotFoundError):  # not installed, or installed without its binary
            continue
    return None


def version_of(binary: Path) -> str:
    """Which pagefind makes the bundles (a new one may write them differently): what `pagefind --version` says, not
    where it lies (CI installs it anew for each run); its path, size and time if it does not say."""
    try:
        said = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=30, check=True)
        if said.stdout.strip():
            return said.stdout.strip()
    except (OSError, subprocess.SubprocessError):  # the run that indexes says what is wrong
        pass
    info = binary.stat()
    return f"{binary} {info.st_size} {info.st_mtime_ns}"


SCRATCH_ROOM = 256 * 2**20  # bytes free in /dev/shm to write there: Docker gives 64 MiB


def _scratch_folder() -> str | None:
    """Where the documents to index are written: in memory (/dev/shm) when it has room, for thousands of small files
    cost 1.5 ms each on a disk (ext4 here: a third of the search stage of a cold build) and next to nothing there;
    else the temporary folder ($TMPDIR, when set, always)."""
    if os.environ.get("TMPDIR"):
        return None
    try:
        room = os.statvfs("/dev/shm")
    except (OSError, AttributeError):  # not Linux
        return None
    return "/dev/shm" if room.f_bavail * room.f_frsize > SCRATCH_ROOM and os.access("/dev/shm", os.W_OK) else None


class Runs:
    """Pagefind runs, one per shard (and one for the UI files, named ""), at most WORKERS at once, started in the
    order added. Each indexes small HTML files written to a scratch folder, where its bundle is read back from."""

    def __init__(self, binary: Path, lang: str, workers: int, prefix: str = "") -> None:
        self.binary, self.lang, self.workers, self.prefix = binary, lang, max(1, workers), prefix
        self.waiting: list[tuple[str, Callable[[], Iterable[SearchDocument]]]] = []
        self.running: dict[str, subprocess.Popen] = {}
        self.done: dict[str, Path] = {}  # each finished run's bundle
        self.scratch: tempfile.TemporaryDirectory | None = None

    def add(self, name: str, documents: Callable[[], Iterable[SearchDocument]]) -> None:
        self.waiting.append((name, documents))

    def start(self) -> None:
        """Start the runs waiting, up to WORKERS running."""
        while self.waiting and len(self.running) < self.workers:
            name, documents = self.waiting.pop(0)
            if self.scratch is None:
                self.scratch = tempfile.TemporaryDirectory(prefix="kabar-search-", dir=_scratch_folder())
            found = documents() if not self.prefix else (_under(document, self.prefix) for document in documents())
            self.running[name] = start_pagefind(self.binary, found, self.lang, self._folder(name))

    def _folder(self, name: str) -> Path:
        return Path(self.scratch.name) / (name or "ui")

    def bundle(self, name: str) -> Path:
        """The bundle NAME's run made, once it has ended; meanwhile, each run that ends makes room for the next."""
        while name not in self.done:
            self.start()
            if not self.running:
                raise KeyError(name)  # never added
            self._reap()
        return self.done.pop(name)

    def _reap(self) -> None:
        """Wait until a run ends, whichever; a run that failed is a problem."""
        while not (ended := [name for name, process in self.running.items() if process.poll() is not None]):
            time.sleep(0.01)
        for name in ended:
            if self.running.pop(name).returncode != 0:
                said = " ".join((self._folder(name) / "log").read_text(errors="replace").split("\n")[-3:])
                raise BuildError([Problem(str(self.binary), None, f"could not index the articles: {said.strip()}")])
            self.done[name] = self._folder(name) / BUNDLE

    def ui_files(self) -> Iterator[Rendered]:
        """Pagefind's UI files, at /pagefind/."""
        bundle = self.bundle("")
        for name in sorted(UI_FILES):  # the order they are claimed in when kept (see LastBuild.made_before)
            yield Rendered(f"/{BUNDLE}/{name}", (bundle / name).read_bytes(), None)

    def index_files(self, name: str) -> Iterator[Rendered | MadeFolder]:
        """The index files of shard NAME's bundle (not its UI's), at /pagefind/NAME/: each of its BUNDLE_FOLDERS
        that holds only files as one folder."""
        bundle, url = self.bundle(name), f"/{BUNDLE}/{name}/"
        whole = {path for path in bundle.iterdir() if path.name in BUNDLE_FOLDERS and _flat(path)}
        for path in sorted(whole):
            yield MadeFolder(url + path.name, {file.name: file.read_bytes() for file in sorted(path.iterdir())})
        files = []
        for folder, names, found in os.walk(bundle):  # not into the folders given whole: a file per story in each
            names[:] = [n for n in names if Path(folder, n) not in whole]
            files += [Path(folder, f) for f in found]
        for path in sorted(p for p in files if p.is_file()):
            inside = path.relative_to(bundle).as_posix()
            if inside not in UI_FILES:
                yield Rendered(url + inside, path.read_bytes(), None)
        shutil.rmtree(bundle.parent)  # the shard's documents and bundle, read: room for the next shards

    def close(self) -> None:
        """Stop what still runs (the build failed before it was needed), and remove the scratch folder."""
        for process in self.running.values():
            process.kill()
            process.wait()
        self.running.clear()
        if self.scratch is not None:
            self.scratch.cleanup()


def _flat(folder: Path) -> bool:
    """Whether FOLDER holds files only (a folder published whole is one level deep: see publish.files.link)."""
    return all(entry.is_file() and not entry.is_symlink() for entry in folder.iterdir())


def _under(document: SearchDocument, prefix: str) -> SearchDocument:
    """DOCUMENT of a site under the path PREFIX ("/repo"): its picture's address and its text's under it too (Pagefind
    takes a page's first <img> when it is given none), as its page has them; its own address is the site's (Pagefind
    gives the results' addresses under the path its bundle is at, /repo/pagefind/..., but not their pictures')."""
    meta = dict(document.meta)
    if "image" in meta:
        meta["image"] = prefixed(meta["image"], prefix)
    return document._replace(html=prefixed_html(document.html, prefix), meta=meta)


def start_pagefind(binary: Path, documents: Iterable[SearchDocument], lang: str, folder: Path) -> subprocess.Popen:
    """Start indexing DOCUMENTS with the pagefind command, in FOLDER (its bundle: FOLDER/pagefind, what it says:
    FOLDER/log)."""
    source = folder / "site"
    for document in documents:
        path = source / urls.output_path(document.url)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_search_html(document, lang), encoding="utf-8")
    source.mkdir(parents=True, exist_ok=True)
    command = [str(binary), "--site", str(source), "--output-path", str(folder / BUNDLE), "--silent"]
    nice = platform.nice_command()  # its threads give way to the build's own work, as the children that stat do
    if nice is not None:  # (at 100,000 articles, an edit's main process waited 0.17 s for a core without)
        command = [nice, "-n", str(YIELDING_NICENESS), *command]
    with open(folder / "log", "wb") as log:
        return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)


def _search_html(document: SearchDocument, lang: str) -> str:
    """What Pagefind indexes for DOCUMENT: a page of its title and text, its meta read from attributes."""
    e = html.escape
    meta = dict(document.meta)
    tags = ""
    if "image" in meta:
        image, alt = meta.pop("image"), meta.pop("image_alt", "")
        tags = f'<img src="{e(image)}" alt="{e(alt)}" data-pagefind-meta="image[src], image_alt[alt]">'
    tags += "".join(f'<data value="{e(v)}" data-pagefind-meta="{e(k)}[value]"></data>' for k, v in meta.items())
    return (
        f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8"><title>{e(document.title)}</title>'
        f"</head><body><main data-pagefind-body><h1>{e(document.title)}</h1>{document.html}{tags}</main>"
        "</body></html>\n"
    )
