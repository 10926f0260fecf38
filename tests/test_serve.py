"""`kabar serve` as an author uses it: a subprocess on a free port of 127.0.0.1, polled with bounded waits."""

from __future__ import annotations

import contextlib
import gzip
import http.client
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kabar.pages import PARALLEL_FROM
from kabar.parallel import default_jobs
from kabar.pipeline import Options
from kabar.serve import RELOAD_URL, Preview, resolve

from .conftest import article, run_build, write_files

WAIT = 20.0  # seconds: the longest any step may take before the test fails
STOPPING = 60.0  # seconds a stop may take: past serve.STOP_PATIENCE (30 s), kabar serve shows its stacks and ends
WINDOWS = sys.platform == "win32"


class Server:
    """One `kabar serve --port 0` in ROOT (on HOST, if given), its output in a log file."""

    def __init__(self, root: Path, log: Path, host: str | None = None, ignore_ctrl_c: bool = False) -> None:
        self.root, self.log, self.host = root, log, host or "127.0.0.1"
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        command = [sys.executable, "-m", "kabar", "serve", "--port", "0", *(["--host", host] if host else [])]
        ignored = (lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if ignore_ctrl_c else None
        with log.open("w") as out:
            self.process = subprocess.Popen(command, cwd=root, stdout=out, stderr=out, env=env, preexec_fn=ignored)
        found = self.wait_for_log(rf"serving http://{re.escape(self.host)}:(\d+)/")
        self.port = int(found.group(1))

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for_log(self, pattern: str) -> re.Match:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            found = re.search(pattern, self.output())
            if found:
                return found
            assert self.process.poll() is None, f"kabar serve died:\n{self.output()}"
            time.sleep(0.05)
        pytest.fail(f"no {pattern!r} in kabar serve's output within {WAIT} s:\n{self.output()}")

    def get(self, path: str, method: str = "GET") -> tuple[int, dict[str, str], str]:
        """The raw PATH, sent as it is (no client-side clean-up of '..')."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=WAIT)
        try:
            connection.putrequest(method, path, skip_accept_encoding=True)
            connection.endheaders()
            response = connection.getresponse()
            body = response.read().decode("utf-8", "replace")
            return response.status, {k.lower(): v for k, v in response.getheaders()}, body
        finally:
            connection.close()

    def poll(self, path: str, until: Callable[[str], bool]) -> str:
        """GET PATH until its body satisfies UNTIL, for at most WAIT seconds."""
        deadline = time.monotonic() + WAIT
        body = ""
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"kabar serve died:\n{self.output()}"
            _, _, body = self.get(path)
            if until(body):
                return body
            time.sleep(0.05)
        pytest.fail(f"{path} never became what was expected within {WAIT} s; last body:\n{body[-2000:]}")

    def stop(self) -> None:
        """As Ctrl-C would (so that the preview's temporary folder goes too); killed if that takes too long."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM if WINDOWS else signal.SIGINT)  # Windows: no Ctrl-C to send
            try:
                self.process.wait(STOPPING)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(WAIT)


SITE = {
    "kabar.yml": "title: Kabar Pratinjau\nbase_url: https://pratinjau.example\n",
    "content/2024/banjir.md": article(title="Banjir Rendam Bekasi"),
    "content/2024/rancangan.md": article(title="Berita Rancangan", draft="true"),
    "content/2099/nanti.md": article(title="Berita Masa Depan", date="2099-01-01 08:00"),
    "content/images/foto.png": b"\x89PNG\r\n\x1a\n",
}
BANJIR = "/2024/03/05/banjir-rendam-bekasi/"


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    servers = []

    def make(host: str | None = None) -> Server:
        root = write_files(tmp_path / "site", SITE)
        servers.append(Server(root, tmp_path / "serve.log", host))
        return servers[-1]

    yield make
    for server in servers:
        server.stop()


def test_serves_the_site_with_drafts_and_scheduled_articles_marked(start):
    server = start()
    status, headers, body = server.get("/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert "Banjir Rendam Bekasi" in body and RELOAD_URL in body
    status, _, body = server.get("/2024/03/05/berita-rancangan/")
    assert status == 200 and '<span class="badge">Draf</span>' in body
    status, _, body = server.get("/2099/01/01/berita-masa-depan/")
    assert status == 200 and '<span class="badge">Terjadwal</span>' in body
    status, headers, body = server.get("/images/foto.png", method="HEAD")
    assert (status, headers["content-type"], body) == (200, "image/png", "")
    # Absolute URLs point to the preview, not to the published site.
    assert f'href="http://127.0.0.1:{server.port}{BANJIR}"' in server.get(BANJIR)[2]
    # The preview is never written where `kabar build` writes.
    assert not (server.root / "public").exists()


def test_a_folder_without_its_slash_redirects_and_a_missing_page_is_404(start):
    server = start()
    status, headers, _ = server.get(BANJIR.rstrip("/") + "?q=1")
    assert status == 301 and headers["location"] == BANJIR + "?q=1"
    status, _, body = server.get("/tidak/ada/")
    assert status == 404 and "Halaman tidak ditemukan" in body and RELOAD_URL in body


def test_never_serves_anything_outside_the_output_folder(start):
    server = start()
    for path in (
        "/../kabar.yml",
        "/../../site/kabar.yml",
        "/%2e%2e/kabar.yml",
        "/%2E%2E/%2e%2e/site/kabar.yml",
        "/images/..%2f..%2fkabar.yml",
        "/..\\kabar.yml",
        "/.kabar-staging/",
        "/%00",
        f"{server.root}/kabar.yml",  # absolute paths, as they are and encoded
        f"/{server.root}/kabar.yml",
        "/" + str(server.root / "kabar.yml").replace("/", "%2f"),
        f"http://127.0.0.1:{server.port}/../kabar.yml",
        "//etc/passwd",
        "/etc/passwd",
    ):
        status, _, body = server.get(path)
        assert status == 404, path
        assert "Kabar Pratinjau\nbase_url" not in body, path


def test_rebuilds_after_a_change_and_tells_open_tabs_to_reload(start):
    server = start()
    events = http.client.HTTPConnection("127.0.0.1", server.port, timeout=WAIT)
    events.request("GET", RELOAD_URL)
    stream = events.getresponse()
    assert stream.getheader("Content-Type") == "text/event-stream"
    first = _next_event(stream)
    (server.root / "content/2024/banjir.md").write_text(article(title="Banjir Surut di Bekasi"))
    body = server.poll("/", lambda body: "Banjir Surut di Bekasi" in body)
    assert "Banjir Rendam Bekasi" not in body
    assert _next_event(stream) != first  # the open tab is told to reload
    events.close()
    server.wait_for_log(r"rebuilt after content/2024/banjir\.md changed")
    # kabar.yml too, even when an editor replaces the file instead of writing into it.
    replacement = server.root / "kabar.yml.tmp"
    replacement.write_text("title: Kabar Baru\n")
    replacement.replace(server.root / "kabar.yml")
    server.poll("/", lambda body: "<title>Kabar Baru" in body)
    (server.root / "kabar.yml").write_text("title: Kabar Lagi\n")
    server.poll("/", lambda body: "<title>Kabar Lagi" in body)


def test_a_saved_article_shows_at_once_and_the_search_index_catches_up_after(start):
    server = start()
    (server.root / "content/2024/banjir.md").write_text(article(body="Air mulai surut di Kampung Zamrud."))
    server.poll(BANJIR, lambda body: "Kampung Zamrud" in body)  # built without waiting for the index
    server.wait_for_log(r"rebuilt after content/2024/banjir\.md changed")
    server.wait_for_log(r"search index brought up to date in")
    log = server.output()
    assert log.index("rebuilt after content/2024/banjir.md") < log.index("search index brought up to date")
    fragments = (server.root / ".kabar-cache" / "serve" / "pagefind" / "2024" / "fragment").iterdir()
    assert any(b"Kampung Zamrud" in gzip.decompress(path.read_bytes()) for path in fragments)


def test_a_build_error_shows_in_the_terminal_and_over_the_page_until_it_is_fixed(start):
    server = start()
    (server.root / "content/2024/banjir.md").write_text(article(date="2024-02-30"))
    body = server.poll(BANJIR, lambda body: "kabar-serve-error" in body)
    message = "content/2024/banjir.md:3: date: &#x27;2024-02-30&#x27; is not a valid date"
    assert message in body.replace(os.sep, "/")
    assert "Banjir Rendam Bekasi" in body  # the last good build stays under the overlay
    server.wait_for_log(r"banjir\.md:3: date: '2024-02-30' is not a valid date")
    assert server.process.poll() is None
    (server.root / "content/2024/banjir.md").write_text(article(title="Banjir Sudah Surut"))
    server.poll("/", lambda body: "Banjir Sudah Surut" in body and "kabar-serve-error" not in body)
    server.wait_for_log(r"rebuilt after content/2024/banjir\.md changed")


@pytest.mark.skipif(WINDOWS, reason="a test cannot send Ctrl-C to one console program on Windows")
def test_ctrl_c_stops_it_cleanly(start):
    server = start()
    folder = Path(server.wait_for_log(r"serving \S+ from (.+) \(Ctrl-C stops\)").group(1))
    assert folder == Path(".kabar-cache/serve") and (server.root / folder / "index.html").is_file()
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(STOPPING) == 0, server.output()
    assert server.output().rstrip().endswith("stopped")
    # The preview is kept for the next start, which has nothing to do when nothing changed.
    again = Server(server.root, server.log)
    try:
        again.wait_for_log(r"built: 3 articles, \d+ pages in")
        assert "Banjir Rendam Bekasi" in again.get(BANJIR)[2]
    finally:
        again.stop()
    assert "Traceback" not in server.output()


def test_two_serves_of_one_site_each_build_their_own_preview(start, tmp_path):
    """A second `kabar serve` of the site (on another port) built into the first one's folder: each showed links to
    the other's address, and each build while the other's ran was refused, its error over the page."""
    first = start()
    second = Server(first.root, tmp_path / "second.log")
    try:
        folder = second.wait_for_log(r"serving \S+ from (.+) \(Ctrl-C stops\)").group(1)
        assert Path(folder) == Path(".kabar-cache/serve-2")
        for server in (first, second):
            assert f'href="http://127.0.0.1:{server.port}{BANJIR}"' in server.get(BANJIR)[2]
        (first.root / "content/2024/banjir.md").write_text(article(title="Banjir Surut di Bekasi"))
        for server in (first, second):
            body = server.poll("/", lambda body: "Banjir Surut di Bekasi" in body)
            assert "kabar-serve-error" not in body
            server.wait_for_log(r"rebuilt after content/2024/banjir\.md changed")
            assert "problem" not in server.output(), server.output()
    finally:
        second.stop()
    # Once it stops, its folder is free again: the next serve takes it.
    third = Server(first.root, tmp_path / "third.log")
    try:
        assert "from .kabar-cache/serve-2 " in third.wait_for_log(r"serving .+").group(0).replace(os.sep, "/")
    finally:
        third.stop()


def test_the_preview_folder_deleted_is_made_again_whole(make_site):
    """The README: .kabar-cache/serve/ "may be deleted at any time"; the state kept for it then describes a folder
    that is gone, and the search shards it lists cannot be left behind for the next build: they are made now (and
    so is a shard whose files alone were deleted)."""
    root = make_site(SITE)
    output = root / ".kabar-cache" / "serve"
    options = Options(
        root=root, output=output, drafts=True, future=True, search_later=True, base_url="http://127.0.0.1:1"
    )
    lines: list[str] = []
    preview = Preview(options, out=lambda line, **_: lines.append(line))
    preview.rebuild([])
    assert preview.problems == () and (output / "pagefind" / "2024" / "fragment").is_dir()
    for again in range(2):  # deleted between two starts, and while it runs: the next build makes it whole
        shutil.rmtree(output)
        preview = Preview(options, out=lambda line, **_: lines.append(line)) if again == 0 else preview
        summary = preview.rebuild([] if again == 0 else ["content/2024/banjir.md"])
        assert preview.problems == (), lines
        assert summary is not None and not summary.search_behind  # no index of the last build to lag behind
        assert "Banjir Rendam Bekasi" in (output / BANJIR.strip("/") / "index.html").read_text()
        assert any((output / "pagefind" / "2024" / "fragment").iterdir())
    shutil.rmtree(output / "pagefind" / "2024")
    summary = preview.rebuild(["content/2024/banjir.md"])
    assert preview.problems == () and summary is not None and not summary.search_behind, lines
    assert any((output / "pagefind" / "2024" / "fragment").iterdir())
    assert not [line for line in lines if "problem" in line]


@pytest.mark.skipif(WINDOWS, reason="a test cannot send Ctrl-C to one console program on Windows")
def test_ctrl_c_stops_it_when_started_with_ctrl_c_ignored(make_site, tmp_path):
    """A shell script's background job starts with SIGINT ignored, which Python keeps: serve stops all the same."""
    server = Server(make_site({"content/a.md": article()}), tmp_path / "serve.log", ignore_ctrl_c=True)
    server.process.send_signal(signal.SIGINT)
    try:
        assert server.process.wait(STOPPING) == 0, server.output()
    finally:
        server.stop()
    assert server.output().rstrip().endswith("stopped")


@pytest.mark.skipif(WINDOWS, reason="a test cannot send Ctrl-C to one console program on Windows")
@pytest.mark.skipif(default_jobs() < 2, reason="pages are rendered by worker processes only on 2 cores or more")
def test_the_build_workers_stop_without_a_traceback(make_site, tmp_path):
    """A pool's workers are stopped with SIGTERM once the pages are made: only the serving process takes SIGTERM
    (or Ctrl-C) as a reason to stop cleanly, so the workers end quietly, and no traceback reaches the terminal."""
    stories = {
        f"content/2024/berita-{number}.md": article(
            title=f"Berita Nomor {number}", date=f"2024-03-{number % 28 + 1:02d}"
        )
        for number in range(PARALLEL_FROM + 20)
    }
    root = make_site({**SITE, **stories})
    for start in range(2):  # the first start makes every page; the second, after an edit, makes them all again
        server = Server(root, tmp_path / f"serve-{start}.log")
        try:
            found = server.wait_for_log(r"built: \d+ articles, (\d+) pages in")
            assert int(found.group(1)) > PARALLEL_FROM  # so that the build renders them in worker processes
            server.process.send_signal(signal.SIGINT)
            assert server.process.wait(STOPPING) == 0, server.output()
        finally:
            server.stop()
        assert "Traceback" not in server.output() and "KeyboardInterrupt" not in server.output(), server.output()
        (root / "kabar.yml").write_text(f"title: Kabar Pratinjau {start}\nbase_url: https://pratinjau.example\n")


# Waiting for a signal in short sleeps, not signal.pause(): a signal that comes just before pause() is called has its
# handler run only once pause() returns, on the next signal (1 run in 240 hung so).
STOPPED_CHILDREN = """
import multiprocessing, os, signal, time
from kabar.parallel import fan_out
from kabar.serve import _stop_on_signals

def until_a_signal():
    while True:
        time.sleep(0.01)

def wait(ready):
    ready.set()
    until_a_signal()

def interrupted(shared, chunk):
    os.kill(os.getpid(), signal.SIGINT)
    return chunk

_stop_on_signals()
fork = multiprocessing.get_context("fork")
for stop in (signal.SIGTERM, signal.SIGINT):  # as a pool's terminate() does; Ctrl-C, sent to the process group
    ready = fork.Event()
    child = fork.Process(target=wait, args=(ready,))
    child.start()
    assert ready.wait(20)
    os.kill(child.pid, stop)
    child.join(20)
    print(child.exitcode, flush=True)
print(fan_out(interrupted, [1, 2, 3, 4], jobs=2), flush=True)
try:
    os.kill(os.getpid(), signal.SIGTERM)
    until_a_signal()
except KeyboardInterrupt:
    print("the serving process stops cleanly")
"""


@pytest.mark.skipif(WINDOWS, reason="no fork, and no SIGTERM to send to a Python process, on Windows")
def test_only_the_serving_process_takes_a_signal_as_a_reason_to_stop_cleanly():
    """A forked child ends quietly on SIGTERM or Ctrl-C; a pool's worker leaves Ctrl-C to the build, which goes on
    (here) or stops the pool; kabar serve's own process stops cleanly, through its `finally` blocks."""
    try:
        done = subprocess.run([sys.executable, "-c", STOPPED_CHILDREN], capture_output=True, text=True, timeout=WAIT)
    except subprocess.TimeoutExpired as exc:  # a worker that took Ctrl-C lost its task: the build would never end
        pytest.fail(f"the build did not end within {WAIT} s; its output: {exc.stdout!r} {exc.stderr!r}")
    assert done.stderr == "" and done.returncode == 0, done
    expected = [str(-signal.SIGTERM), str(-signal.SIGINT), "[1, 2, 3, 4]", "the serving process stops cleanly", ""]
    assert done.stdout.split("\n") == expected


def test_the_reload_script_and_overlay_are_added_when_served_never_built(make_site, tmp_path):
    root = make_site({"content/a.md": article()})
    run_build(root, drafts=True, future=True)
    built = [p.read_bytes() for p in (root / "public").rglob("*") if p.is_file()]
    assert built and not any(b"__kabar" in data or b"kabar-serve" in data for data in built)
    preview = Preview(Options(root=root, output=tmp_path / "out"), out=lambda *a, **k: None)
    page = b"<html><body><p>x</p></body></html>"
    served = preview.decorate(page)
    assert served.startswith(b"<html><body><p>x</p><script>") and served.endswith(b"</script>\n</body></html>")
    preview.problems = ("content/a.md:3: <b>bad</b>",)
    assert b"content/a.md:3: &lt;b&gt;bad&lt;/b&gt;" in preview.decorate(page)


@pytest.mark.skipif(WINDOWS, reason="making a symbolic link needs administrator rights on Windows")
def test_resolve_keeps_every_path_inside_the_folder(tmp_path):
    folder = tmp_path / "out"
    (folder / "a").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("x")
    (folder / "link").symlink_to(tmp_path / "secret.txt")
    assert resolve(folder, "/a/") == folder / "a"
    assert resolve(folder, "/a%20b.txt") == folder / "a b.txt"
    for bad in ("/../secret.txt", "/%2e%2e/secret.txt", "/a/../../secret.txt", "/link", "a", "/.git/config"):
        assert resolve(folder, bad) is None, bad


def _next_event(stream: http.client.HTTPResponse) -> str:
    """The data of the next server-sent event (the read times out after WAIT seconds)."""
    while True:
        line = stream.readline().decode()
        assert line, "the event stream ended"
        if line.startswith("data: "):
            return line[6:].strip()


def test_a_warning_is_printed_once_not_after_every_save(make_site, tmp_path):
    root = make_site({"content/a.md": article(body="Lihat [ini](/tidak/ada/).")})
    lines: list[str] = []
    options = Options(root=root, output=tmp_path / "out", drafts=True, future=True, base_url="http://127.0.0.1:1")
    preview = Preview(options, out=lambda line, **_: lines.append(line))
    preview.rebuild([])
    preview.rebuild(["content/a.md"])
    warnings = [line for line in lines if "warning:" in line]
    assert warnings == [
        f"{Path(root, 'content/a.md')}:6: warning: links to /tidak/ada/, which is not a page of the site"
    ]
    assert lines[-1].startswith("rebuilt after content/a.md changed: 1 article, ") and lines[-1].endswith(", 1 warning")
    assert preview.problems == () and preview.generation.endswith("-2")


# ---------------------------------------------------------------- under load, and where it listens

CLIENTS, REQUESTS = 5, 400  # each client a thread, each request a new connection: 2,000 in all
EXPECTED = {  # path -> the one status it may answer with, whatever build is under way
    "/": 200,
    BANJIR: 200,
    "/feed.xml": 200,
    "/sitemap.xml": 200,
    "/css/kabar.css": 200,
    "/images/foto.png": 200,
    BANJIR.rstrip("/"): 301,
    "/tidak/ada/": 404,
    "/../kabar.yml": 404,
    "/%2e%2e/%2e%2e/site/kabar.yml": 404,
}


def open_files(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def open_file_names(pid: int) -> list[str]:
    """What each of PID's open files is (a path, a socket, a pipe): for the message of a check that counts them."""
    names = []
    for number in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):  # closed meanwhile
            names.append(os.readlink(f"/proc/{pid}/fd/{number}"))
    return sorted(names)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files in /proc")
def test_thousands_of_requests_while_an_article_changes_are_all_answered_and_leak_no_file(start):
    server = start()
    paths = list(EXPECTED)
    for path in paths:  # every answer once before counting: lazy imports and caches are not leaks
        server.get(path)
    before = open_files(server.process.pid)
    source = server.root / "content/2024/banjir.md"
    done = threading.Event()
    rewrites = 0

    def rewrite() -> None:  # a new title every 50 ms while the clients run (its URL stays: the slug is given)
        nonlocal rewrites
        while not done.is_set() and rewrites < 400:
            rewrites += 1
            source.write_text(article(title=f"Banjir Edisi {rewrites}", slug="banjir-rendam-bekasi"))
            time.sleep(0.05)

    answers: list[list[tuple[str, int]]] = [[] for _ in range(CLIENTS)]

    def client(number: int) -> None:
        for index in range(REQUESTS):
            path = paths[(number + index) % len(paths)]
            status = server.get(path, method="HEAD" if index % 5 == 0 else "GET")[0]
            answers[number].append((path, status))

    writer = threading.Thread(target=rewrite)
    clients = [threading.Thread(target=client, args=(number,)) for number in range(CLIENTS)]
    writer.start()
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join(timeout=120)
    done.set()
    writer.join(timeout=WAIT)
    assert not any(thread.is_alive() for thread in [*clients, writer])

    answered = [answer for answers_of_one in answers for answer in answers_of_one]
    assert len(answered) == CLIENTS * REQUESTS
    assert [(path, status) for path, status in answered if status != EXPECTED[path]] == []
    assert rewrites > 5  # the files did change under the clients
    # Once the last change is built, with no problem, the server holds as many files as before (give or take a watch).
    # Both are waited for: a build that read the file between a rewrite's truncation and its write failed, and its
    # problems are shown until the build after it returns, though that one's pages are served as soon as it swaps
    # them in (the reload script waits for both; a failed poll shows the overlay, near the end of the page).
    server.poll("/", lambda body: f"Banjir Edisi {rewrites}<" in body and "kabar-serve-error" not in body)
    deadline = time.monotonic() + WAIT
    while open_files(server.process.pid) > before + 3 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert open_files(server.process.pid) <= before + 3, (open_file_names(server.process.pid), server.output()[-2000:])
    assert server.process.poll() is None and "Traceback" not in server.output()


def listening(port: int) -> set[str]:
    """The local addresses a socket listens on at PORT, from /proc/net/tcp and tcp6 (hex, as the kernel writes)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as file:
            for line in file.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                address, _, hex_port = local.partition(":")
                if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.add(address)
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").is_file(), reason="reads the kernel's socket table")
def test_it_listens_on_127_0_0_1_only_unless_told_otherwise(start, tmp_path):
    server = start()
    assert listening(server.port) == {"0100007F"}  # 127.0.0.1, and not 0.0.0.0 (00000000) or ::
    other = Server(server.root, tmp_path / "other.log", host="127.0.0.2")  # still this machine only
    try:
        assert listening(other.port) == {"0200007F"}
        assert other.get("/")[0] == 200
    finally:
        other.stop()


def test_a_folder_that_is_not_a_site_is_refused_before_serving(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "kabar", "serve", "--port", "0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert done.returncode == 1, done
    assert done.stderr.startswith("content: content folder not found: this is not a site's folder"), done.stderr
    assert "serving" not in done.stdout and list(tmp_path.iterdir()) == []  # no .kabar-cache/ either


def test_a_reader_closing_a_tab_while_a_page_is_sent_is_no_error(tmp_path):
    root = write_files(tmp_path / "site", {**SITE, "content/berkas/besar.bin": b"\0" * 8_000_000})
    server = Server(root, tmp_path / "serve.log")
    try:
        reader = socket.create_connection((server.host, server.port), timeout=WAIT)
        reader.sendall(b"GET /berkas/besar.bin HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert reader.recv(12) == b"HTTP/1.0 200"  # the answer has begun, far larger than the socket's buffers
        reader.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        reader.close()  # at once, as a browser does when its tab closes: the server's next write fails
        assert server.get(BANJIR)[0] == 200
    finally:
        server.stop()
    assert server.process.returncode == 0
    assert "Traceback" not in server.output() and "Error" not in server.output(), server.output()


def test_a_first_build_that_fails_says_there_is_no_last_build_to_show(make_site, tmp_path):
    """The terminal and the overlay spoke of "the last build that worked" under the page when none ever had."""
    root = make_site({"content/a.md": article(date="2024-02-30")})
    lines: list[str] = []
    options = Options(root=root, output=tmp_path / "out", drafts=True, future=True, base_url="http://127.0.0.1:1")
    preview = Preview(options, out=lambda line, **_: lines.append(line))
    page = b"<html><body><h1>404 Not found</h1></body></html>"
    preview.rebuild([])
    assert lines[-1] == "kabar: 1 problem; nothing to show until it is fixed"
    assert b"last build that worked" not in preview.decorate(page)
    assert b"Fix the file and save it: this page reloads by itself." in preview.decorate(page)
    (root / "content/a.md").write_text(article())
    preview.rebuild(["content/a.md"])
    (root / "content/a.md").write_text(article(date="2024-02-30"))
    for serving in (preview, Preview(options, out=lambda line, **_: lines.append(line))):  # and at the next start
        serving.rebuild(["content/a.md"])
        assert lines[-1] == "kabar: 1 problem; still serving the last build that worked"
        assert b"The page under this one is the last build that worked. Fix the file" in serving.decorate(page)


def test_serves_own_preview_is_not_looked_at_again_but_made_whole_if_it_was_removed(tmp_path, monkeypatch):
    """kabar serve's preview folder is its own, locked for its life: an edit's rebuild does not stat every file it
    wrote there (what makes the edit show sooner); a preview removed meanwhile is made again, whole."""
    import kabar.state

    from .test_incremental import big_site, clean_build, tree

    root = big_site(tmp_path / "site", count=30)
    options = {"own_output": True, "output": tmp_path / "preview", "jobs": 1}
    run_build(root, **options)
    looked = []
    for name in ("damaged_outputs", "damaged_in_table"):
        real = getattr(kabar.state, name)
        monkeypatch.setattr(kabar.state, name, lambda *args, real=real: looked.append(args) or real(*args))
    edited = root / "content/2025/berita-7.md"
    edited.write_text(edited.read_text() + "\nDiperbarui.\n")
    assert run_build(root, **options).rendered > 0
    assert looked == []
    shutil.rmtree(tmp_path / "preview")
    edited.write_text(edited.read_text() + "\nLagi.\n")
    run_build(root, **options)
    assert looked and tree(tmp_path / "preview") == clean_build(root, tmp_path)
