"""What kabar serve watches: the files that make the site, their changes reported in batches by watchfiles threads."""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from .config import CONFIG_FILE
from .scan import PAGES_DIR
from .theme import theme_dir


class Watcher:
    """Changed files under the site's sources, in batches, from watchfiles threads.

    Folders are watched recursively; kabar.yml (which editors often replace
    rather than rewrite) through a shallow watch of the site's root, which
    also sees templates/, static/ or pages/ appear, and then watches them too.
    """

    def __init__(self, root: Path, content_dir: Path) -> None:
        self.root, self.content_dir = root.resolve(), content_dir.resolve()
        self.queue: queue.Queue[set[str]] = queue.Queue()
        self.stopping = threading.Event()
        self.tree_stop = threading.Event()
        self.folders: list[Path] = []

    def sources(self) -> list[Path]:
        """The folders whose files make the site, as they are now (a theme inside the site is watched once)."""
        theme = theme_dir()
        candidates = [self.content_dir, self.root / PAGES_DIR, self.root / "templates", self.root / "static"]
        candidates += [theme / "templates", theme / "static"]  # changes only in a checkout of kabar
        found: list[Path] = []
        for folder in (c.resolve() for c in candidates if c.is_dir()):
            if not any(folder == f or f in folder.parents for f in found):
                found = [f for f in found if folder not in f.parents] + [folder]
        return sorted(found)

    def start(self) -> None:
        import watchfiles

        folders = {"templates", "static", PAGES_DIR, self.content_dir.name}

        def at_the_root(change: watchfiles.Change, path: str) -> bool:  # kabar.yml, or a source folder come or gone
            name = Path(path).name
            return name == CONFIG_FILE or (name in folders and change != watchfiles.Change.modified)

        self._spawn([self.root], self.stopping, recursive=False, only=at_the_root)
        self._watch_sources()

    def _watch_sources(self) -> None:
        self.tree_stop.set()
        self.tree_stop = threading.Event()
        self.folders = self.sources()
        if self.folders:
            self._spawn(self.folders, self.tree_stop, recursive=True, only=None)

    def _spawn(self, paths: list[Path], stop: threading.Event, recursive: bool, only) -> None:
        import watchfiles

        wanted = watchfiles.DefaultFilter()

        def run() -> None:
            try:
                for batch in watchfiles.watch(
                    *paths,
                    watch_filter=lambda change, path: wanted(change, path) and (only is None or only(change, path)),
                    debounce=400,
                    step=30,
                    stop_event=stop,
                    recursive=recursive,
                    raise_interrupt=False,
                ):
                    self.queue.put({path for _change, path in batch})
            except Exception as exc:  # a watched folder removed, say: say so, and the other watches go on
                if not stop.is_set() and not self.stopping.is_set():
                    print(f"kabar serve: stopped watching {', '.join(map(str, paths))}: {exc}", file=sys.stderr)

        threading.Thread(target=run, daemon=True).start()

    def changes(self, idle: Callable[[], None] = lambda: None) -> Iterator[set[str]]:
        """Each batch of changed paths, joined with whatever else changed while the last build ran; IDLE is called
        whenever a quarter of a second passes with no change."""
        while not self.stopping.is_set():
            try:
                changed = self.queue.get(timeout=0.25)
            except queue.Empty:
                idle()
                continue
            while True:
                try:
                    changed |= self.queue.get_nowait()
                except queue.Empty:
                    break
            if self.sources() != self.folders:  # templates/, static/ or pages/ appeared (or went)
                self._watch_sources()
            yield changed

    def stop(self) -> None:
        self.stopping.set()
        self.tree_stop.set()
