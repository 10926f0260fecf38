"""Faults: a build killed, failing or racing another leaves a whole site, and loses nothing that is not kabar's."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kabar import platform
from kabar.cache.store import CACHE_DIR
from kabar.errors import BuildError
from kabar.publish.lock import locked
from kabar.state import output_key

from .conftest import article, run_build, write_files
from .test_incremental import big_site, clean_build, tree

NOW = "2026-11-23T12:00Z"


def kabar(root: Path, *args: str, **popen) -> subprocess.Popen:
    command = [sys.executable, "-m", "kabar", "build", "-q", "--now", NOW, *args]
    return subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def set_content(root: Path, version: dict[str, str]) -> None:
    """Make ROOT/content hold exactly the files of VERSION."""
    content = root / "content"
    for path in list(content.rglob("*.md")):
        if path.relative_to(root).as_posix() not in version:
            path.unlink()
    for name, text in version.items():
        path = root / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def two_versions(root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The articles of ROOT, and another version of them: 30 edited, 10 deleted, 10 added."""
    old = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in (root / "content").rglob("*.md")}
    new = dict(old)
    names = sorted(old)
    for name in names[:30]:
        new[name] = old[name].replace("Paragraf pertama", "Paragraf yang diperbarui")
    for name in names[30:40]:
        del new[name]
    for n in range(10):
        new[f"content/2026/tambahan-{n}.md"] = article(title=f"Tambahan {n}", date=f"2026-01-0{n % 9 + 1} 10:00")
    return old, new


def clean_tree(root: Path, version: dict[str, str], where: Path) -> dict[str, bytes]:
    copy = where / "clean"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("public", ".public.*", CACHE_DIR))
    set_content(copy, version)
    run_build(copy, jobs=1)
    return tree(copy / "public")


@pytest.mark.slow  # 30 builds of 260 articles, each killed at a random moment: about a minute
def test_killed_builds_leave_the_old_site_or_the_new_one_never_a_mix(tmp_path):
    root = big_site(tmp_path / "site")
    versions = two_versions(root)
    expected = [clean_tree(root, version, tmp_path) for version in versions]
    assert expected[0] != expected[1]
    run_build(root)
    assert tree(root / "public") == expected[0]

    started = time.monotonic()  # how long one whole build from one version to the other takes
    set_content(root, versions[1])
    assert kabar(root).wait() == 0
    duration = time.monotonic() - started
    assert tree(root / "public") == expected[1]

    chance = random.Random(20261124)
    outcomes = {"old": 0, "new": 0}
    current = 1
    for _ in range(30):
        wanted = 1 - current
        set_content(root, versions[wanted])
        build = kabar(root)
        time.sleep(chance.uniform(0.0, duration * 1.2))
        build.send_signal(signal.SIGKILL)
        build.wait()
        now = tree(root / "public")
        if now not in expected:
            differ = [sorted(p for p in now.keys() | e.keys() if now.get(p) != e.get(p))[:8] for e in expected]
            pytest.fail(f"a killed build left a mix of two sites: differs from each in {differ}")
        current = expected.index(now)
        outcomes["new" if current == wanted else "old"] += 1
    print(f"30 kill points: {outcomes}")
    assert outcomes["old"] > 0  # some kills did land while a build was under way

    assert finished(kabar(root)) == ""  # and the next build finishes the job
    assert tree(root / "public") == expected[wanted]
    set_content(root, versions[1 - wanted])
    assert finished(kabar(root)) == ""
    assert tree(root / "public") == expected[1 - wanted]


def finished(build: subprocess.Popen) -> str:
    """What BUILD printed to stderr, if it failed; "" when it succeeded."""
    _, err = build.communicate()
    return err if build.returncode else ""


@pytest.mark.skipif(not platform.FLOCK, reason="workers that share their build's lock need fork and flock")
def test_a_build_waits_for_the_workers_of_a_killed_build_to_let_go_of_the_lock(tmp_path):
    """Workers share their build's lock and die a moment after it (kill -9): the next build waits, not refuses."""
    root = big_site(tmp_path / "site", count=3)
    lock = root / CACHE_DIR / f"lock-{output_key(root / 'public', root)}"
    lock.parent.mkdir(parents=True, exist_ok=True)
    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True).stdout)
    worker = (  # holds the lock for a second, under the name of a build that is gone
        f"import fcntl, time\nwith open({str(lock)!r}, 'a+') as f:\n"
        f"    fcntl.flock(f, fcntl.LOCK_EX); f.truncate(0); f.write('process {dead}'); f.flush()\n"
        "    print('held', flush=True); time.sleep(1)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", worker], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    assert finished(kabar(root)) == ""
    holder.wait()


def test_a_second_build_of_the_same_output_is_refused_while_the_first_runs(tmp_path):
    root = big_site(tmp_path / "site", count=40)
    with locked(root / CACHE_DIR / f"lock-{output_key(root / 'public', root)}"):
        refused = kabar(root)
        _, err = refused.communicate()
    assert refused.returncode == 1
    assert f"another kabar build (process {os.getpid()}) is writing this output folder" in err
    assert not (root / "public").exists()
    assert kabar(root).wait() == 0  # the lock goes with its holder


def test_two_builds_started_at_once_give_one_whole_site(tmp_path):
    root = big_site(tmp_path / "site")
    expected = clean_build(root, tmp_path)
    builds = [kabar(root), kabar(root)]
    results = [(build.wait(), build.stderr.read()) for build in builds]
    assert all(code == 0 or "another kabar build" in err for code, err in results), results
    assert any(code == 0 for code, _ in results)
    assert kabar(root).wait() == 0
    assert tree(root / "public") == expected


def test_a_full_disk_mid_build_leaves_the_old_site_and_the_next_build_succeeds(tmp_path, monkeypatch):
    root = big_site(tmp_path / "site", count=40)
    run_build(root)
    before = tree(root / "public")
    (root / "content/2025/berita-3.md").write_text(article(title="Berita baru", date="2025-01-02 08:15"))
    from kabar.publish.writer import Writer

    def full(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(root / "public" / "x"))

    monkeypatch.setattr(Writer, "write", full)
    with pytest.raises(BuildError) as caught:
        run_build(root, jobs=1)
    assert "cannot write" in str(caught.value) and "No space left on device" in str(caught.value)
    assert tree(root / "public") == before
    monkeypatch.undo()
    run_build(root)
    assert tree(root / "public") == clean_build(root, tmp_path)


def test_files_that_cannot_be_read_are_named_as_such_with_every_other_problem(tmp_path, monkeypatch):
    """Not 'cannot write': the file named is the author's, and the output is left as it was."""
    root = big_site(tmp_path / "site", count=6)
    write_files(root, {"static/kunci.css": "body{}"})
    run_build(root)
    before = tree(root / "public")
    unreadable = root / "content/2025/berita-2.md"
    unreadable.write_text(article(title="Berita dua diperbarui", date="2025-01-01 16:15"))  # changed: read again
    (root / "content/2025/berita-4.md").write_text("---\ntitle: Tanpa tanggal\ncategory: Nasional\n---\n\nIsi.\n")
    import kabar.load

    def refused(path, *args, **kwargs):
        if os.fspath(path) == str(unreadable):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return open(path, *args, **kwargs)

    monkeypatch.setattr(kabar.load, "open", refused, raising=False)
    with pytest.raises(BuildError) as caught:
        run_build(root, jobs=1)
    found = {(Path(p.path).name, p.message.split(":")[0]) for p in caught.value.problems}
    assert ("berita-2.md", "cannot be read") in found and ("berita-4.md", "missing 'date'") in found
    assert [p.message for p in caught.value.problems if p.path.endswith("berita-2.md")] == [
        "cannot be read: Permission denied"
    ]
    assert tree(root / "public") == before

    monkeypatch.undo()
    (root / "content/2025/berita-4.md").write_text(article(title="Berita empat", date="2025-01-02 08:15"))
    reading = Path.read_bytes

    def refused_static(self):
        if self == root / "static/kunci.css":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return reading(self)

    (root / "static/kunci.css").write_text("body{color:red}")  # changed: read again (an unchanged one is kept)
    monkeypatch.setattr(Path, "read_bytes", refused_static)
    with pytest.raises(BuildError) as caught:
        run_build(root, jobs=1)
    assert [str(p) for p in caught.value.problems] == [
        f"{root / 'static/kunci.css'}: cannot be read: Permission denied"
    ]
    assert tree(root / "public") == before


def test_an_output_folder_that_cannot_be_made_is_a_message_not_a_traceback(tmp_path):
    root = big_site(tmp_path / "site", count=3)
    (root / "afile").write_text("not a folder")
    build = kabar(root, "--output", "afile/public")
    _, err = build.communicate()
    assert build.returncode == 1
    assert "Traceback" not in err
    assert err.startswith("afile/public: cannot write") and "Not a directory" in err


AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0  # no geteuid on Windows


@pytest.mark.skipif(not AS_ROOT or not shutil.which("chattr"), reason="needs chattr, as root")
def test_a_read_only_output_folder_is_a_message_not_a_traceback(tmp_path):
    root = big_site(tmp_path / "site", count=3)
    assert kabar(root).wait() == 0
    (root / "content/2025/berita-1.md").write_text(article(title="Berita lain", date="2025-01-01 12:15"))
    before = tree(root / "public")
    if subprocess.run(["chattr", "+i", root], capture_output=True).returncode != 0:
        pytest.skip("this file system has no immutable flag")
    try:
        build = kabar(root)
        _, err = build.communicate()
    finally:
        subprocess.run(["chattr", "-i", root], check=True)
    assert build.returncode == 1
    assert "Traceback" not in err and "cannot write" in err and "Operation not permitted" in err
    assert tree(root / "public") == before


# ---------------------------------------------------------------- files kabar did not write


def test_files_kabar_did_not_write_survive_every_build_until_their_owner_removes_them(tmp_path):
    root = big_site(tmp_path / "site", count=30)
    run_build(root)
    public = root / "public"
    theirs = {"CNAME": "kabar.example\n", ".git/HEAD": "ref: refs/heads/gh-pages\n", "2025/catatan.txt": "milik kami\n"}
    write_files(public, theirs)
    for n in range(3):  # edits, each swapping a new site in
        (root / f"content/2025/berita-{n}.md").write_text(article(title=f"Edit {n}", date="2025-01-01 08:15"))
        run_build(root)
        assert {name: (public / name).read_text() for name in theirs} == theirs
    (public / "CNAME").unlink()
    for n in range(2):  # what the owner deleted does not come back from the spare copy
        (root / f"content/2025/berita-{n}.md").write_text(article(title=f"Lagi {n}", date="2025-01-01 08:15"))
        run_build(root)
        assert not (public / "CNAME").exists()
        assert (public / ".git/HEAD").exists() and (public / "2025/catatan.txt").exists()
    run_build(root, clean=True)  # removes them, but for a hidden folder (a deploy checkout's .git), as Hugo's does
    assert (public / ".git/HEAD").exists() and not (public / "2025/catatan.txt").exists()
    (root / "content/2025/berita-5.md").write_text(article(title="Sekali lagi", date="2025-01-01 08:15"))
    run_build(root)
    assert tree(public) == {**clean_build(root, tmp_path), ".git/HEAD": theirs[".git/HEAD"].encode()}


def test_a_first_build_into_a_folder_of_someone_elses_keeps_their_files(tmp_path):
    root = big_site(tmp_path / "site", count=5)
    write_files(root / "public", {"index.html": "lama", "about/index.html": "tentang kami", ".nojekyll": ""})
    run_build(root)
    assert (root / "public/about/index.html").read_text() == "tentang kami"
    assert (root / "public/.nojekyll").exists()
    assert (root / "public/index.html").read_text() != "lama"  # kabar's page wins where both write


def test_a_build_stopped_after_moving_others_files_puts_them_back(tmp_path, monkeypatch):
    root = big_site(tmp_path / "site", count=5)
    run_build(root)
    write_files(root / "public", {"CNAME": "kabar.example\n"})
    (root / "content/2025/berita-1.md").write_text(article(title="Berita lain", date="2025-01-01 12:15"))
    before = tree(root / "public")
    import kabar.publish.swap

    def stop(a, b):
        raise KeyboardInterrupt

    monkeypatch.setattr(kabar.publish.swap, "_exchange", stop)
    with pytest.raises(KeyboardInterrupt):
        run_build(root)
    assert tree(root / "public") == before
    monkeypatch.undo()
    run_build(root)
    assert (root / "public/CNAME").read_text() == "kabar.example\n"


# ---------------------------------------------------------------- symbolic links


WINDOWS_SYMLINKS = "making a symbolic link needs administrator rights on Windows"


@pytest.mark.skipif(sys.platform == "win32", reason=WINDOWS_SYMLINKS)
def test_symlinks_that_leave_the_site_are_refused_with_their_names(tmp_path):
    secret = tmp_path / "secret"
    write_files(secret, {"passwords.txt": "hunter2", "notes/a.md": article()})
    root = big_site(tmp_path / "site", count=3)
    run_build(root)
    before = tree(root / "public")
    (root / "content/bocor.txt").symlink_to(secret / "passwords.txt")
    (root / "content/catatan").symlink_to(secret / "notes")
    (root / "static").mkdir()
    (root / "static/kunci.txt").symlink_to("/etc/hostname")
    build = kabar(root)
    _, err = build.communicate()
    assert build.returncode == 1
    assert f"content/bocor.txt: is a symbolic link to {secret / 'passwords.txt'}, outside the site" in err
    assert f"content/catatan: is a symbolic link to {secret / 'notes'}, outside the site" in err
    assert tree(root / "public") == before
    (root / "content/bocor.txt").unlink()
    (root / "content/catatan").unlink()
    build = kabar(root)
    _, err = build.communicate()
    hostname = os.path.realpath("/etc/hostname")  # /private/etc/hostname on macOS
    assert build.returncode == 1 and f"static/kunci.txt: is a symbolic link to {hostname}" in err
    assert "hunter2" not in "".join(p.read_text(errors="replace") for p in (root / "public").rglob("*.txt"))


@pytest.mark.skipif(sys.platform == "win32", reason=WINDOWS_SYMLINKS)
def test_a_symlink_inside_the_site_is_followed(tmp_path):
    root = big_site(tmp_path / "site", count=3)
    write_files(root, {"shared/logo.txt": "logo"})
    (root / "content/logo.txt").symlink_to(root / "shared/logo.txt")
    run_build(root)
    assert (root / "public/logo.txt").read_text() == "logo"


def test_without_an_atomic_exchange_three_renames_do_and_a_cut_short_one_is_completed(tmp_path, monkeypatch):
    import kabar.platform

    monkeypatch.setattr(kabar.platform, "renameat2", None)  # as on a system without renameat2
    root = big_site(tmp_path / "site", count=5)
    run_build(root)
    (root / "content/2025/berita-1.md").write_text(article(title="Berita lain", date="2025-01-01 12:15"))
    run_build(root)
    expected = clean_build(root, tmp_path)
    assert tree(root / "public") == expected
    (root / "public").rename(root / ".public.kabar-old")  # killed after the first of the three renames
    (root / "content/2025/berita-2.md").write_text(article(title="Berita ketiga", date="2025-01-01 16:15"))
    run_build(root)
    assert tree(root / "public") == clean_build(root, tmp_path)
    assert not (root / ".public.kabar-old").exists()


@pytest.mark.parametrize("earlier", ["empty", "an earlier build"])
def test_an_output_folder_that_is_a_symlink_stays_one_and_is_written_through(tmp_path, earlier):
    """public -> /var/www/html: the web server's folder gets the site, and the link is left as it was."""
    root = big_site(tmp_path / "site", count=5)
    www = tmp_path / "www/html"
    www.mkdir(parents=True)
    if earlier == "an earlier build":
        run_build(root, output=www)
        write_files(www, {"CNAME": "kabar.example\n"})
    (root / "public").symlink_to(www)
    for edit in range(2):
        (root / "content/2025/berita-1.md").write_text(article(title=f"Edit {edit}", date="2025-01-01 12:15"))
        run_build(root)
        assert (root / "public").is_symlink() and os.readlink(root / "public") == str(www)
        expected = clean_build(root, tmp_path)
        if earlier == "an earlier build":
            expected["CNAME"] = b"kabar.example\n"
        assert tree(www) == expected
        assert not (root / ".public.kabar-spare").exists()


def test_a_page_someone_replaced_by_a_link_to_its_very_bytes_is_a_file_of_the_site_again(tmp_path):
    """What kabar publishes is its own files: a page of the output replaced by a symbolic link to a copy of its very
    bytes elsewhere is written again, not taken as holding them (the new site was then completed from it with a
    hard link to the file the link leads to: the page was that file outside the site)."""
    root = big_site(tmp_path / "site", count=3)
    run_build(root)
    (root / "content/2025/berita-1.md").write_text(article(title="Sunting", date="2025-01-01 12:15"))
    run_build(root)  # the front page changed: the spare holds the one before
    page, elsewhere = root / "public" / "index.html", tmp_path / "salinan.html"
    elsewhere.write_bytes(page.read_bytes())
    page.unlink()
    page.symlink_to(elsewhere)
    run_build(root)
    assert not page.is_symlink() and page.stat().st_ino != elsewhere.stat().st_ino
    assert tree(root / "public") == clean_build(root, tmp_path)


def test_links_that_loop_and_hidden_names_publish_nothing_and_stop_nothing(tmp_path):
    """A link to a folder above is not entered (so it cannot loop); files and folders whose name starts with a dot
    are never published, static/.htaccess included. (A fifo is refused by name: see test_bad_input.py.)"""
    root = big_site(tmp_path / "site", count=3)
    write_files(root, {"content/.htaccess": "Deny", "static/.htaccess": "Deny", "content/.draf/a.txt": "draf"})
    (root / "content/ulang").symlink_to("..")
    (root / "static/sini").symlink_to(".")
    run_build(root, jobs=1)
    published = tree(root / "public")
    plain = big_site(tmp_path / "plain", count=3)
    run_build(plain, jobs=1)
    assert published == tree(plain / "public")
    assert not [path for path in published if "/." in f"/{path}" or "ulang" in path]


@pytest.mark.skipif(not platform.FORK, reason="without fork the work is done before in_background returns")
def test_work_in_the_background_that_is_no_longer_wanted_is_stopped_not_waited_for():
    """A first build that fails as it commits throws away the spare a child is still linking: the child is killed
    and reaped (at 100,000 articles, waiting for it would hold the failed build up for seconds)."""
    from kabar.parallel import in_background

    child = in_background(time.sleep, 600)
    child.stop()
    with pytest.raises(ChildProcessError):  # reaped: no zombie left
        os.waitpid(child.pid, os.WNOHANG)
    child.stop()  # a second time, or after its result was taken: nothing to do
    done = in_background(sum, [1, 2])
    assert done() == 3
    done.stop()
