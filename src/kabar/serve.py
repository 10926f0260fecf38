"""`kabar serve`: a live preview of the site while its articles are written.

The site is built with drafts and scheduled articles into .kabar-cache/serve/
(serve-2/ for a second serve of the site at the same time; never public/, so
a preview cannot be deployed by mistake; kept between runs, so that the next
start redoes only what changed, and safe to delete)
and served from there on 127.0.0.1. watchfiles reports every change to content/, pages/, templates/,
static/ and kabar.yml; each batch of changes is a new build, and every open
tab reloads itself. The reload script, and after a failed build an overlay
with the problems, are put into HTML responses as they are served: no file
of the build ever holds them. The server answers only for files inside the
output folder.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import faulthandler
import html
import itertools
import json
import mimetypes
import os
import signal
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .cache.store import CACHE_DIR
from .config import load_config
from .errors import BuildError, Problem, counted, duration, warning_line
from .pipeline import Options, Summary, build, require_site
from .publish import locked
from .search import SEARCH_URL
from .speedups import collect_after_build
from .subpath import base_path
from .watch import Watcher

DEFAULT_PORT = 8000
PREVIEW_DIR = "serve"  # the preview's output folder, under .kabar-cache/
RELOAD_URL = "/__kabar/reload"  # the event stream the reload script listens to
RELOAD_WORKER_URL = "/__kabar/reload.js"  # the shared worker that listens to it for every tab
HIDDEN = ("..", ".")  # path segments that are never served; nor are other dot-names but .well-known

# One event stream for all the preview's tabs, held by a shared worker: a browser opens at most six connections to
# a server, and a stream held open by each tab left a seventh tab waiting. Without shared workers, a stream each.
# A tab shows a build; the search page, which shows the search index, also the index's catch-ups, after a dot.
RELOAD_SCRIPT = """<script>/* kabar serve: reload after each build (not in kabar build's output) */
(function () {
  var shown = %s;
  function stale(latest) { return shown !== (shown.indexOf(".") < 0 ? latest.split(".")[0] : latest); }
  if (window.SharedWorker) {
    var worker = new SharedWorker("%s");
    worker.port.onmessage = function () { location.reload(); };
    worker.port.postMessage(shown);
    return;
  }
  var events = new EventSource("%s");
  events.onmessage = function (e) { if (stale(e.data)) { events.close(); location.reload(); } };
})();
</script>
"""

# Each tab sends what it shows; a stale one is told to reload, and comes back as a new tab.
RELOAD_WORKER = """// kabar serve: the reload script's shared worker
var tabs = [], latest = null;
function stale(shown) { return latest !== null && shown !== (shown.indexOf(".") < 0 ? latest.split(".")[0] : latest); }
function tell(tab) { if (!stale(tab.shown)) return true; tab.port.postMessage("reload"); return false; }
new EventSource("%s").onmessage = function (e) { latest = e.data; tabs = tabs.filter(tell); };
onconnect = function (e) {
  var port = e.ports[0];
  port.onmessage = function (m) { var tab = { port: port, shown: m.data }; if (tell(tab)) tabs.push(tab); };
};
"""

OVERLAY = """<div id="kabar-serve-error" role="alert" style="position:fixed;inset:0;z-index:2147483647;\
overflow:auto;margin:0;padding:2rem;background:#18181bf5;color:#fafafa;font:15px/1.5 ui-monospace,Menlo,Consolas,\
monospace;text-align:left">
<h1 style="margin:0 0 1rem;font:700 1.4rem/1.3 system-ui,sans-serif;color:#fca5a5">The site did not build</h1>
<pre style="margin:0 0 1rem;white-space:pre-wrap;font:inherit">%s</pre>
<p style="margin:0;font-family:system-ui,sans-serif;color:#d4d4d8">%sFix the file and save it: this page reloads \
by itself.</p>
</div>
"""


def serve(root: Path, content: Path | None, host: str, port: int | None) -> int:
    """Build, serve and rebuild until Ctrl-C (or SIGTERM); return the exit code."""
    # search_later: a save shows at once, and the search index catches up after (Preview.catch_up)
    options = Options(root=root, content=content, drafts=True, future=True, search_later=True, own_output=True)
    require_site(options)  # else there would be nothing to serve but the overlay of a build that never worked
    server = _bind(host, port)
    address = f"[{host}]" if ":" in host else host
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "") else "[::1]" if host == "::" else address
    # A site under a path (base_url https://owner.github.io/repo) is previewed at that path, as its host serves it.
    url = f"http://{shown_host}:{server.server_address[1]}{_site_path(root)}"
    held = contextlib.ExitStack()  # the preview folder, this serve's until it stops
    options = dataclasses.replace(options, output=_claim_preview(root, held), base_url=url)
    preview = Preview(options)
    server.preview = preview
    _stop_on_signals()
    watcher = Watcher(root, options.content_dir)
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    try:
        watcher.start()  # before the first build, so that nothing saved during it is missed
        print("building the site, drafts and scheduled articles included ...", flush=True)
        preview.rebuild([])
        serving.start()
        listening = f", listening on {address}" if address != shown_host else ""
        print(f"serving {url}/ from {options.output_dir}{listening} (Ctrl-C stops)", flush=True)
        for changed in watcher.changes(idle=preview.catch_up):
            preview.rebuild(_changed_names(changed, root))
    except KeyboardInterrupt:
        pass
    finally:
        # Stopping takes a moment; were it ever stuck, the threads' stacks are shown and the process ends all the
        # same, rather than a Ctrl-C that does nothing.
        faulthandler.dump_traceback_later(STOP_PATIENCE, exit=True)
        watcher.stop()
        preview.close()
        if serving.is_alive():
            server.shutdown()
        server.server_close()
        held.close()
    print("stopped", flush=True)
    return 0


def _site_path(root: Path) -> str:
    """The path kabar.yml's base_url puts the site under ("/repo"), or "" (a kabar.yml with problems: see the build)."""
    try:
        return base_path(load_config(root).base_url)
    except BuildError:
        return ""


class Preview:
    """The builds of one `kabar serve`: the last one's problems, and a generation the reload script compares."""

    def __init__(self, options: Options, out: Callable[..., None] = print) -> None:
        self.options, self.out = options, out
        self.prefix = base_path(options.base_url or "")  # the site's path, which the server answers under
        self.started = f"{time.time_ns():x}"
        self.count = 0
        self.generation = f"{self.started}-0"
        self.problems: tuple[str, ...] = ()
        self.built = False  # the output folder holds a build that worked (this run's or the last one's)
        self.warned: set[str] = set()  # the last build's warnings, already printed
        self.closing = False
        self.changed = threading.Condition()
        self.search_behind = False  # the last build left part of the search index for the next (see catch_up)
        self.searched = 0  # the search index's catch-ups: the search page reloads after each

    def rebuild(self, changed: list[str]) -> Summary | None:
        """Build again; the problems a failed build found are kept to show over every page."""
        started = time.perf_counter()
        options = dataclasses.replace(self.options, now=dt.datetime.now(dt.UTC))
        summary = None
        try:
            summary = build(options)
        except BuildError as exc:
            problems = [str(problem) for problem in exc.problems]
            for line in [*problems, *map(warning_line, exc.warnings)]:
                self.out(line, file=sys.stderr, flush=True)
            built = self.options.output_dir.is_dir()  # by this run or the last one
            serving = "still serving the last build that worked" if built else "nothing to show until it is fixed"
            self.out(f"kabar: {counted(len(problems), 'problem')}; {serving}", file=sys.stderr, flush=True)
        except Exception:  # a bug in kabar: shown, and the preview goes on
            problems = ["kabar failed with an error (a bug in kabar, not in your files):", traceback.format_exc()]
            self.out("\n".join(problems), file=sys.stderr, flush=True)
        else:
            problems = []
            warnings = {warning_line(p) for p in summary.warnings}
            for line in sorted(warnings - self.warned):  # each warning once, not again after every save
                self.out(line, file=sys.stderr)
            self.warned = warnings
            what = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
            seconds = time.perf_counter() - started
            count = len(warnings)
            self.out(
                f"{'rebuilt after ' + what + ' changed' if changed else 'built'}: "
                f"{counted(summary.articles, 'article')}, {counted(summary.pages, 'page')} in {duration(seconds)}"
                + (f", {counted(count, 'warning')}" if count else ""),
                flush=True,
            )
        self.search_behind = summary is not None and summary.search_behind
        with self.changed:
            self.count += 1
            self.generation = f"{self.started}-{self.count}"
            self.problems = tuple(problems)
            self.built = self.options.output_dir.is_dir()
            self.changed.notify_all()
        collect_after_build()  # once the pages are shown
        return summary

    def catch_up(self) -> None:
        """Once no change is waiting: the search index the last build left behind, brought up to date. The pages
        are the same, so only the search page reloads; a problem is reported by the build of the change that made it."""
        if not self.search_behind:
            return
        started = time.perf_counter()
        options = dataclasses.replace(self.options, now=dt.datetime.now(dt.UTC), search_later=False)
        self.search_behind = False
        try:
            build(options)
        except BuildError:  # the watcher has the file that did it: its build reports the problem
            return
        except Exception:  # a bug in kabar: shown, and the preview goes on
            self.out("kabar failed with an error (a bug in kabar):\n" + traceback.format_exc(), file=sys.stderr)
            return
        finally:
            collect_after_build()
        with self.changed:
            self.searched += 1
            self.changed.notify_all()
        self.out(f"search index brought up to date in {duration(time.perf_counter() - started)}", flush=True)

    def latest(self) -> str:
        """What the reload script compares: the build's generation, then a dot and the search index's catch-ups."""
        with self.changed:
            return f"{self.generation}.{self.searched}"

    def wait(self, seen: str | None, timeout: float) -> str | None:
        """The latest() once it is not SEEN (or after TIMEOUT seconds); None once the server stops."""
        with self.changed:
            self.changed.wait_for(lambda: self.closing or self.latest() != seen, timeout)
            return None if self.closing else self.latest()

    def close(self) -> None:
        with self.changed:
            self.closing = True
            self.changed.notify_all()

    def decorate(self, page: bytes, search: bool = False) -> bytes:
        """PAGE with the reload script, and the overlay if the last build failed, before its </body>. SEARCH: the
        page shows the search index too, and reloads once it is brought up to date."""
        with self.changed:
            shown, problems, built = self.latest() if search else self.generation, self.problems, self.built
        extra = RELOAD_SCRIPT % (json.dumps(shown), RELOAD_WORKER_URL, RELOAD_URL)
        if problems:
            under = "The page under this one is the last build that worked. " if built else ""
            extra = OVERLAY % (html.escape("\n".join(problems)), under) + extra
        at = page.lower().rfind(b"</body>")
        if at < 0:
            return page + extra.encode()
        return page[:at] + extra.encode() + page[at:]


def resolve(folder: Path, url_path: str) -> Path | None:
    """The path under FOLDER that URL_PATH names; None for anything that would leave it, or a hidden name."""
    path = unquote(url_path)
    if not path.startswith("/") or "\\" in path or "\0" in path:
        return None
    parts = [part for part in path.split("/") if part]
    if any(part in HIDDEN or (part.startswith(".") and part != ".well-known") for part in parts):
        return None
    target = folder.joinpath(*parts)
    try:
        inside = target.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError, ValueError):
        return None
    return target if inside else None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    preview: Preview

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a reader who closed the tab is no error
            super().handle_error(request, client_address)


STOP_PATIENCE = 30  # seconds that stopping may take before the stacks are shown and the process ends
SWAP_PAUSES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5)  # seconds: how long a request waits for a site being swapped in


def _folder_id(folder: Path) -> int | None:
    """The inode of FOLDER, or None while it is not there."""
    try:
        return os.stat(folder).st_ino
    except OSError:
        return None


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "kabar-serve"

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would drown the build messages

    def _answer(self, send_body: bool) -> None:
        parts = urlsplit(self.path)
        if parts.path == RELOAD_URL:
            self._events()
            return
        if parts.path == RELOAD_WORKER_URL:
            worker = (RELOAD_WORKER % RELOAD_URL).encode()
            self._send(HTTPStatus.OK, worker, "text/javascript; charset=utf-8", send_body)
            return
        preview = self.server.preview
        folder = preview.options.output_dir
        if preview.prefix:  # the site under a path: its files there, the front page at the root leads to it
            if parts.path in ("/", preview.prefix):
                location = preview.prefix + "/" + (f"?{parts.query}" if parts.query else "")
                self._send(HTTPStatus.FOUND, b"", "text/plain", send_body, {"Location": location})
                return
            if not parts.path.startswith(preview.prefix + "/"):
                self._not_found(folder, send_body)
                return
            parts = parts._replace(path=parts.path[len(preview.prefix) :])
        for pause in (*SWAP_PAUSES, None):
            site = _folder_id(folder)
            target = resolve(folder, parts.path)
            if target is not None and target.is_dir():
                if not parts.path.endswith("/"):
                    location = preview.prefix + parts.path + "/" + (f"?{parts.query}" if parts.query else "")
                    self._send(HTTPStatus.MOVED_PERMANENTLY, b"", "text/plain", send_body, {"Location": location})
                    return
                target = target / "index.html"
            try:
                body = target.read_bytes() if target is not None else None
            except OSError:  # missing, or replaced by a build at this very moment
                body = None
            if body is not None:
                self._send(HTTPStatus.OK, body, _content_type(target), send_body, search=parts.path == SEARCH_URL)
                return
            # Where folders cannot be swapped in one step (KABAR_PORTABLE, macOS, Windows), the site is away for
            # a moment during a build's swap: a miss then is no answer, so look again once it is back.
            if pause is None or (site is not None and site == _folder_id(folder)):
                break
            time.sleep(pause)
        self._not_found(folder, send_body)

    def _not_found(self, folder: Path, send_body: bool) -> None:
        try:
            body = (folder / "404.html").read_bytes()
        except OSError:
            body = b"<!DOCTYPE html><title>Not found</title><body><h1>404 Not found</h1></body>"
        self._send(HTTPStatus.NOT_FOUND, body, "text/html; charset=utf-8", send_body)

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        ctype: str,
        send_body: bool,
        headers: dict[str, str] | None = None,
        search: bool = False,
    ) -> None:
        if ctype.startswith("text/html"):
            body = self.server.preview.decorate(body, search)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: the build generation now, then after every build; a comment now and then."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = None
        try:
            self.wfile.write(b"retry: 500\n\n")
            while (generation := self.server.preview.wait(seen, timeout=15)) is not None:
                self.wfile.write(f"data: {generation}\n\n".encode() if generation != seen else b": still here\n\n")
                self.wfile.flush()
                seen = generation
        except OSError:  # the tab was closed or reloaded
            pass


def _content_type(path: Path) -> str:
    ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if ctype.startswith("text/") or ctype in ("application/xml", "application/json", "application/javascript"):
        ctype += "; charset=utf-8"
    return ctype


def _bind(host: str, port: int | None) -> _Server:
    """The server on HOST:PORT; without a port, 8000, else the next free one."""
    _Server.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
    candidates = [port] if port is not None else [*range(DEFAULT_PORT, DEFAULT_PORT + 10), 0]
    for candidate in candidates:
        try:
            return _Server((host, candidate), _Handler)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE or candidate == candidates[-1]:
                hint = ": try another --port" if exc.errno == errno.EADDRINUSE else ""
                raise BuildError(
                    [Problem(f"{host}:{candidate}", None, f"cannot listen here ({exc.strerror}){hint}")]
                ) from None
    raise AssertionError("unreachable")


def _claim_preview(root: Path, held: contextlib.ExitStack) -> Path:
    """The preview folder, HELD until serve stops: .kabar-cache/serve/, or serve-2/, serve-3/... while another
    kabar serve of the site holds it (in one folder, each build was refused while the other's ran, and each
    preview linked to the other's address)."""
    for number in itertools.count(1):
        name = PREVIEW_DIR if number == 1 else f"{PREVIEW_DIR}-{number}"
        try:
            held.enter_context(locked(root / CACHE_DIR / f"{name}.lock"))
        except BuildError:  # another kabar serve's
            continue
        return root / CACHE_DIR / name
    raise AssertionError("unreachable")


def _stop_on_signals() -> None:
    """Ctrl-C and SIGTERM stop the server (cleanly: no build is left half-written). Ctrl-C too, explicitly: a
    process started in the background by a shell without job control inherits SIGINT ignored, and Python then
    leaves it ignored, so nothing but a kill would stop it (the test suite run from a script saw just that).

    This process only: the build's forked children inherit the handler, and a pool stops its workers with
    SIGTERM once their pages are made (Ctrl-C reaches them too, sent to the terminal's whole process group). A
    child then ends as the signal says, quietly, instead of printing the traceback of a KeyboardInterrupt; a
    pool's worker, once started, leaves Ctrl-C to this process (see parallel._start_worker)."""
    if threading.current_thread() is not threading.main_thread():
        return
    serving = os.getpid()

    def stop(number: int, frame: object) -> None:
        if os.getpid() != serving:  # a forked child: the signal's own action, which ends it without a word
            signal.signal(number, signal.SIG_DFL)
            os.kill(os.getpid(), number)
            return
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


def _changed_names(changed: set[str], root: Path) -> list[str]:
    """The changed files to name in the terminal: those still there (an editor's temporary files are not)."""
    there = [path for path in changed if Path(path).exists()]
    return sorted(_site_relative(path, root) for path in there or changed)


def _site_relative(path: str, root: Path) -> str:
    try:
        return Path(path).relative_to(root.resolve()).as_posix()
    except ValueError:
        return path
