"""The web's own checkers, for the slow tests: where they are, how they are installed, what they check.

npm packages (Nu HTML Checker, axe-core, Lighthouse, the sitemaps.org XSD) are
installed from tests/tools/package-lock.json with `npm ci` the first time they
are needed, and kept in tests/tools/node_modules until the lock file changes.
Chromium is Debian's (/usr/bin/chromium, or $KABAR_CHROMIUM); no browser is
ever downloaded. A missing tool skips its tests on a developer's machine and
fails them in CI (CI=true), where .ci/run installs everything.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from filelock import FileLock

TESTS = Path(__file__).parent
REPO = TESTS.parent
TOOLS = TESTS / "tools"
NODE_MODULES = TOOLS / "node_modules"
SCHEMAS = TESTS / "schemas"
# What the checkers leave for a person to look at: screenshots, Lighthouse reports, counts.
OUTPUT = Path(os.environ.get("KABAR_TEST_OUTPUT", REPO / "test-output"))
CHROMIUM = os.environ.get("KABAR_CHROMIUM", "/usr/bin/chromium")


def missing(what: str) -> None:
    """Skip on a developer's machine, fail in CI: a checker that does not run proves nothing."""
    message = f"{what} (.ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def chromium() -> str:
    if not Path(CHROMIUM).is_file():
        missing(f"Chromium is not at {CHROMIUM}; apt-get install chromium, or set KABAR_CHROMIUM")
    return CHROMIUM


def java() -> str:
    found = shutil.which("java")
    if found is None:
        missing("the Nu HTML Checker needs Java")
    return found


def node_tools() -> Path:
    """tests/tools/node_modules, installed with `npm ci` if missing or older than the lock file."""
    npm = shutil.which("npm")
    if npm is None:
        missing("npm is needed to install the checkers in tests/tools")
    lock = (TOOLS / "package-lock.json").read_bytes()
    stamp = NODE_MODULES / ".kabar-lock-sha256"
    wanted = hashlib.sha256(lock).hexdigest()
    with FileLock(TOOLS / ".install.lock"):  # the suite's worker processes (pytest-xdist) install it once
        if not (stamp.is_file() and stamp.read_text() == wanted):
            result = subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=TOOLS,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            if result.returncode != 0:
                pytest.fail(f"npm ci in {TOOLS} failed:\n{result.stdout}\n{result.stderr}")
            stamp.write_text(wanted)
    return NODE_MODULES


def record(name: str, data: object) -> None:
    """Keep DATA (counts, scores) as OUTPUT/NAME.json for the person reviewing the run."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / f"{name}.json").write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _PagesHandler(_QuietHandler):
    """As GitHub Pages answers: a missing address gets the site's 404.html, with status 404; a query is ignored."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve(folder: Path, not_found_page: bool = False) -> Iterator[str]:
    """Serve FOLDER on 127.0.0.1 at a free port; yields the base URL, without a trailing slash. NOT_FOUND_PAGE: a
    missing address gets FOLDER's 404.html, as GitHub Pages and most static hosts answer."""
    handler = functools.partial(_PagesHandler if not_found_page else _QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def html_urls(public: Path) -> list[str]:
    """The URL of every HTML page in PUBLIC: /a/b/ for a/b/index.html, /404.html as it is."""
    found = []
    for path in sorted(public.rglob("*.html")):
        relative = path.relative_to(public).as_posix()
        found.append("/" + (relative.removesuffix("index.html") if path.name == "index.html" else relative))
    return found
