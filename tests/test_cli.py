"""The `kabar` command as an author uses it: build, check, new, --version, --help, exit codes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kabar import __version__
from kabar.cli import main
from kabar.errors import duration

from .conftest import article, write_files


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    write_files(tmp_path, {"content/2024/a.md": article(), "kabar.yml": "title: Kabar Uji\n"})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_build_writes_public_and_prints_a_summary(site, capsys):
    assert main(["build"]) == 0
    out = capsys.readouterr().out
    assert (site / "public" / "2024" / "03" / "05" / "banjir-rendam-bekasi" / "index.html").is_file()
    lines = out.splitlines()
    # home, the article, its category and the page of all categories, its day, month and year archives, 404
    assert lines[0].split()[:2] == ["Pages", "8"]
    assert lines[1].split()[0] == "Feeds" and lines[2].split()[:2] == ["Static", "files"]
    assert "(0 drafts, 0 scheduled)" in lines[3]
    assert lines[-1].startswith("Built 1 article in ")  # one, not "1 articles"


def test_a_second_build_renders_and_writes_nothing(site, capsys):
    main(["build"])
    capsys.readouterr()
    assert main(["build"]) == 0
    out = capsys.readouterr().out
    assert "(0 rendered)" in out and "Written             0" in out
    # A build that took a few milliseconds says so, not "in 0.00 s", as if it had not run.
    assert re.fullmatch(r"Built 1 article in (\d+ ms|[1-9]\d*\.\d\d s)", out.splitlines()[-1])


@pytest.mark.parametrize(
    ("seconds", "said"), [(0.0042, "4 ms"), (0.25, "250 ms"), (0.9996, "1.00 s"), (1.5, "1.50 s"), (75.0, "75.00 s")]
)
def test_a_duration_is_said_in_milliseconds_under_a_second(seconds, said):
    assert duration(seconds) == said


def test_build_quiet_prints_nothing(site, capsys):
    assert main(["build", "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")


def test_source_and_output_override_the_two_folders(site):
    (site / "content").rename(site / "berita")
    assert main(["build", "--source", "berita", "--output", "situs", "-q"]) == 0
    assert (site / "situs" / "index.html").is_file()
    assert not (site / "public").exists()


def test_a_typo_in_front_matter_exits_1_with_path_line_and_suggestion(site, capsys):
    main(["build", "-q"])
    before = (site / "public" / "index.html").read_bytes()
    (site / "content" / "2024" / "a.md").write_text(article().replace("category:", "catgory:"))
    assert main(["build"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{Path('content/2024/a.md')}:4: unknown key 'catgory'; did you mean 'category'?",
        "kabar: 1 problem; nothing was written",
    ]
    assert (site / "public" / "index.html").read_bytes() == before


def test_drafts_and_future_flags(site):
    write_files(
        site,
        {
            "content/d.md": article(title="Rancangan", draft="true"),
            "content/f.md": article(title="Nanti", date="2099-01-01"),
        },
    )
    main(["build", "-q"])
    assert not (site / "public" / "2099").exists()
    assert main(["build", "-q", "--drafts", "--future"]) == 0
    assert (site / "public" / "2099" / "01" / "01" / "nanti" / "index.html").is_file()
    assert (site / "public" / "2024" / "03" / "05" / "rancangan" / "index.html").is_file()


def test_check_validates_without_writing(site, capsys):
    assert main(["check"]) == 0
    assert "no problems" in capsys.readouterr().out
    assert not (site / "public").exists()
    (site / "content" / "2024" / "a.md").write_text(article(date="kemarin"))
    assert main(["check"]) == 1
    assert f"{Path('content/2024/a.md')}:3: date: 'kemarin' is not a valid date" in capsys.readouterr().err
    assert not (site / "public").exists()


def test_new_writes_a_draft_that_builds_and_refuses_to_overwrite(site, capsys):
    assert main(["new", "Gempa Guncang Cianjur", "--category", "Nasional", "--author", "Ayu Santoso", "--draft"]) == 0
    [path] = (site / "content").glob("*/gempa-guncang-cianjur.md")
    text = path.read_text()
    assert text.startswith("---\ntitle: Gempa Guncang Cianjur\ndate: ")
    assert "category: Nasional\nauthor: Ayu Santoso\n" in text and "draft: true" in text
    assert main(["check", "--drafts"]) == 0  # what `new` writes is a valid article
    path.write_text(text + "Sudah ditulis.\n")
    capsys.readouterr()
    assert main(["new", "Gempa Guncang Cianjur", "--category", "Nasional"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert path.read_text().endswith("Sudah ditulis.\n")


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.strip() == f"kabar {__version__}"
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(word in out for word in ("build", "check", "new"))
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    assert "--drafts" in capsys.readouterr().out


def test_the_installed_command_runs_end_to_end(site):
    kabar = Path(sys.executable).with_name("kabar")
    command = [str(kabar)] if kabar.exists() else [sys.executable, "-m", "kabar"]
    done = subprocess.run([*command, "build"], capture_output=True, text=True, env=os.environ)
    assert done.returncode == 0, done.stderr
    assert (site / "public" / "feed.xml").is_file()


def test_settings_and_article_problems_are_reported_together(site, capsys):
    (site / "kabar.yml").write_text("title: Kabar Uji\nper_pgae: 5\n")
    (site / "content" / "2024" / "a.md").write_text(article(date="2024-02-30"))
    assert main(["build"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"{Path('kabar.yml')}:2: unknown setting 'per_pgae'; did you mean 'per_page'?"
    assert err[1].startswith(f"{Path('content/2024/a.md')}:3: date: '2024-02-30' is not a valid date")
    assert err[2] == "kabar: 2 problems; nothing was written"


def test_the_readmes_command_summary_names_every_option():
    from kabar.cli import _parser

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    summary = readme.split("## Commands", 1)[1].split("\n\n", 2)[1]
    commands = next(a for a in _parser()._actions if a.dest == "==SUPPRESS==" and a.choices)
    for name, command in commands.choices.items():
        [line] = [line for line in summary.splitlines() if line.strip().startswith(f"kabar {name} ")]
        for action in command._actions:
            if action.option_strings and action.dest != "help":
                assert any(option in line for option in action.option_strings), (name, action.option_strings)


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_folder_that_is_not_a_site_is_said_to_be_one_and_left_as_it_was(tmp_path, monkeypatch, capsys, command):
    monkeypatch.chdir(tmp_path)
    assert main([command]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "content: content folder not found: this is not a site's folder (kabar init DIR starts one)",
        "kabar: 1 problem; nothing was written",
    ]
    assert list(tmp_path.iterdir()) == []  # no .kabar-cache/


def test_warnings_are_grouped_by_kind_and_all_written_to_a_file(site, capsys):
    for n in range(8):
        body = f"Lihat [x](/tidak-ada-{n}/) dan ![foto](/images/hilang-{n}.png)."
        write_files(site, {f"content/2024/b{n}.md": article(title=f"Berita {n}", body=body)})
    listed, full = site / ".kabar-cache" / "warnings.txt", Path(".kabar-cache/warnings.txt")
    for command in (["check"], ["build", "-q"]):
        assert main(command) == 0
        err = capsys.readouterr().err.splitlines()
        assert len(err) == 12 and all(": warning: " in line for line in err[:10]), err
        assert err[10:] == [
            f"... and 3 more 'broken link' warnings, all in {full}",
            f"... and 3 more 'missing image or file' warnings, all in {full}",
        ]
        assert len(listed.read_text(encoding="utf-8").splitlines()) == 16
    assert main(["check", "-v"]) == 0 and len(capsys.readouterr().err.splitlines()) == 16
    assert main(["build", "-q", "--strict"]) == 1 and "kabar: 16 problems" in capsys.readouterr().err


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_serve_refuses_a_port_that_is_none_with_a_message_not_a_traceback(site, capsys, port):
    with pytest.raises(SystemExit) as done:
        main(["serve", "--port", port])
    assert done.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"kabar serve: error: argument --port: {port!r} is not a port: give a whole number from 0 to 65535"
    )
    assert not (site / ".kabar-cache").exists()


def test_ctrl_c_in_a_build_is_one_line_exit_130_and_the_output_as_it_was(site, capsys, monkeypatch):
    import kabar.pages

    main(["build", "-q"])
    public = {path: path.read_bytes() for path in sorted((site / "public").rglob("*")) if path.is_file()}
    (site / "content/2024/a.md").write_text(article(body="Banjir surut pagi ini."), encoding="utf-8")

    def pressed(*args):
        raise KeyboardInterrupt

    make_pages = kabar.pages.make_pages
    monkeypatch.setattr(kabar.pages, "make_pages", pressed)
    assert main(["build", "-q"]) == 130
    assert capsys.readouterr() == ("", "kabar: stopped; the output folder holds the last whole build\n")
    assert {path: path.read_bytes() for path in sorted((site / "public").rglob("*")) if path.is_file()} == public
    monkeypatch.setattr(kabar.pages, "make_pages", make_pages)
    assert main(["build", "-q"]) == 0
    assert "Banjir surut" in (site / "public/2024/03/05/banjir-rendam-bekasi/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_reader_that_stops_reading_early_gets_no_traceback(site, command):
    """`kabar build | head -1`: what reads kabar's output may leave before kabar has written it all."""
    read, write = os.pipe()
    os.close(read)  # gone before kabar writes a line
    try:
        done = subprocess.run([sys.executable, "-m", "kabar", command], stdout=write, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write)

    assert (done.returncode, done.stderr) == (1, "")
    assert command == "check" or (site / "public/2024/03/05/banjir-rendam-bekasi/index.html").is_file()
