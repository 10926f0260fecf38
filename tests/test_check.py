"""`kabar check` and `--strict`: links that point nowhere, missing images, duplicate titles, missing summaries."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kabar.checks
from kabar.cli import main

from . import pictures
from .conftest import article, run_build, write_files
from .linear import printed

BANJIR = "/2024/03/05/banjir-rendam-bekasi/"


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    write_files(
        tmp_path,
        {
            "kabar.yml": "title: Kabar Uji\nbase_url: https://uji.example\n",
            "content/2024/banjir.md": article(),
            "content/images/ada.png": b"\x89PNG\r\n\x1a\n",
            "content/berkas/laporan.pdf": b"%PDF-1.4\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def add(site: Path, name: str, body: str, **front: str) -> None:
    write_files(
        site, {f"content/2024/{name}.md": article(title=name.title(), date="2024-03-06 10:00", body=body, **front)}
    )


def warnings(capsys, *args: str) -> list[str]:
    assert main(["check", *args]) == 0
    return capsys.readouterr().err.splitlines()


def test_a_clean_site_has_no_problems(site, capsys):
    write_files(site, {"content/2024/banjir.md": article(body="Hujan deras.\n\n## Pengungsi\n\nRibuan warga.")})
    add(
        site,
        "tautan",
        f"Lihat [berita]({BANJIR}), [kategori](/kategori/nasional/), [arsip](/2024/03/), "
        "[umpan](/feed.xml), [gaya](/css/kabar.css), [laporan](/berkas/laporan.pdf), "
        f"[lengkap](https://uji.example{BANJIR}), [tanpa garis miring](/2024/03/05/banjir-rendam-bekasi), "
        "[relatif](../../05/banjir-rendam-bekasi/#pengungsi), [luar](https://contoh.example/x/), "
        "[surat](mailto:redaksi@uji.example), [atas](#judul), ![foto](/images/ada.png)\n\n"
        'Kode: `<a href="/tidak-ada/">` tidak dihitung.\n\n## Judul',
        summary="Ringkasan.",
    )
    assert main(["check"]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("2 articles, " + out.split(", ", 1)[1], "")
    assert out.endswith(": no problems\n")


def test_finds_a_broken_internal_link_and_a_missing_image_with_path_and_line(site, capsys):
    add(
        site,
        "rusak",
        "Paragraf pertama.\n\nLihat [berita](/2024/03/05/banjir-rendam-bekas/).\n\n![peta](/images/peta.png)\n",
        image="/images/hilang.jpg",
        image_alt="Foto",
    )
    shown = Path("content/2024/rusak.md")
    assert warnings(capsys) == [
        f"{shown}:5: warning: image /images/hilang.jpg is missing: it is not in static/ or content/",
        f"{shown}:10: warning: links to /2024/03/05/banjir-rendam-bekas/, which is not a page of the site; "
        f"did you mean {BANJIR}?",
        f"{shown}:12: warning: image /images/peta.png is missing: it is not in static/ or content/",
    ]


def test_links_to_markdown_files_and_missing_files(site, capsys):
    add(
        site,
        "sumber",
        "Baca [ini](banjir.md), [itu](/2024/hilang.md), [berkas](/berkas/hilang.pdf) dan [relatif](../../../x/).",
    )
    shown = Path("content/2024/sumber.md")
    assert warnings(capsys) == [
        f"{shown}:6: warning: links to the source file banjir.md: link to the article's URL {BANJIR} instead",
        f"{shown}:6: warning: links to /2024/hilang.md, which is not a published article under content/",
        f"{shown}:6: warning: links to /berkas/hilang.pdf, which is not a file of the site: "
        "put it in static/ or content/",
        f"{shown}:6: warning: links to ../../../x/, which is not a page of the site; did you mean /2024/?",
    ]


def test_duplicate_titles_missing_summary_and_placeholder_text(site, capsys):
    write_files(
        site,
        {
            "content/2024/lagi.md": article(title="Banjir  rendam BEKASI", date="2024-03-07"),
            "content/2024/daftar.md": article(title="Daftar", body="- satu\n- dua\n"),
            "content/2024/baru.md": article(title="Baru", body="Tulis beritanya di sini.\n"),
        },
    )
    assert warnings(capsys) == [
        f"{Path('content/2024/baru.md')}:6: warning: still has the placeholder text "
        "'Tulis beritanya di sini.' from kabar new",
        f"{Path('content/2024/daftar.md')}:6: warning: has no summary and no first paragraph to take one from: "
        "add a 'summary: ...' line (the theme shows it under the headline in listings)",
        f"{Path('content/2024/lagi.md')}:2: warning: has the same title as {Path('content/2024/banjir.md')}: "
        "readers cannot tell them apart in listings",
    ]


def test_strict_turns_warnings_into_problems_for_check_and_build(site, capsys):
    add(site, "rusak", "Lihat [ini](/tidak/ada/).", summary="Ringkasan.")
    message = f"{Path('content/2024/rusak.md')}:7: links to /tidak/ada/, which is not a page of the site"
    assert main(["check"]) == 0
    assert "1 warning (--strict makes them fail)" in capsys.readouterr().out

    assert main(["check", "--strict"]) == 1
    assert capsys.readouterr().err.splitlines() == [message, "kabar: 1 problem; nothing was written"]

    assert main(["build", "--strict"]) == 1
    assert capsys.readouterr().err.splitlines() == [message, "kabar: 1 problem; nothing was written"]
    assert not (site / "public").exists()

    assert main(["build", "-q"]) == 0  # without --strict: built, and the warning is printed
    assert capsys.readouterr().err.splitlines() == [message.replace(": links", ": warning: links")]
    assert (site / "public" / "index.html").is_file()
    before = (site / "public" / "index.html").read_bytes()
    assert main(["build", "--strict"]) == 1  # and a strict build after it leaves the output as it was
    assert (site / "public" / "index.html").read_bytes() == before


def test_drafts_are_checked_only_when_they_are_built(site, capsys):
    add(site, "rancangan", "Lihat [ini](/tidak/ada/).", draft="true")
    assert warnings(capsys) == []
    assert len(warnings(capsys, "--drafts")) == 1


def test_build_base_url_replaces_the_setting(site, capsys):
    assert main(["build", "-q", "--base-url", "https://berita.example/"]) == 0
    page = (site / "public" / BANJIR.strip("/") / "index.html").read_text()
    assert f'<link rel="canonical" href="https://berita.example{BANJIR}">' in page
    assert "https://berita.example/feed.xml" in (site / "public" / "feed.xml").read_text()
    assert main(["build", "--base-url", "berita.example"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "--base-url: 'berita.example' must be an absolute http(s) URL, like https://kabar.example",
        "kabar: 1 problem; nothing was written",
    ]


def test_a_base_url_with_a_path_is_no_warning_the_site_is_put_under_it(site, capsys):
    """It was, when the site's links started at the root of its host: see test_subpath.py."""
    assert main(["build", "--strict", "--base-url", "https://pemilik.github.io/kabar/"]) == 0
    assert capsys.readouterr().err == ""
    page = (site / "public" / BANJIR.strip("/") / "index.html").read_text()
    assert '<link rel="stylesheet" href="/kabar/css/kabar.css">' in page


def test_links_to_the_front_page_are_inside_the_site(site, capsys):
    add(site, "beranda", "Kembali ke [Beranda](/), ke [atas](/#top) atau [cari](/?q=banjir).", summary="Ringkasan.")
    assert warnings(capsys) == []


def test_a_broken_link_is_reported_at_its_own_line_not_at_a_longer_link_holding_it(site, capsys):
    add(site, "baris", "Lihat [Nasional](/kategori/nasional/).\n\nLihat [nasi](/kategori/nasi).\n", summary="Ringkas.")
    assert warnings(capsys) == [
        f"{Path('content/2024/baris.md')}:9: warning: links to /kategori/nasi, which is not a file of the site:"
        " put it in static/ or content/"
    ]


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_problem_in_one_file_does_not_hide_the_warnings_of_the_others(site, capsys, command):
    write_files(site, {"content/2024/rusak.md": article(title="Rusak", date="2024-02-30")})
    add(site, "tautan", "Lihat [berita](/2024/03/05/banjir-rendam-bekas/).", summary="Ringkasan.")
    assert main([command]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{Path('content/2024/rusak.md')}:3: date: '2024-02-30' is not a valid date: "
        "February 2024 has no day 30 (it has 29 days)",
        f"{Path('content/2024/tautan.md')}:7: warning: links to /2024/03/05/banjir-rendam-bekas/, "
        f"which is not a page of the site; did you mean {BANJIR}?",
        "kabar: 1 problem; nothing was written",
    ]
    assert not (site / "public").exists()


def test_a_link_to_a_story_whose_file_failed_to_load_says_it_may_be_that_one(site, capsys):
    """The story it links to is the one with the problem: the warning says so, rather than only 'not a page'."""
    write_files(site, {"content/2024/rusak.md": article(title="Harga Cabai Naik", date="2024-02-30")})
    add(site, "tautan", "Lihat [cabai](/2024/02/30/harga-cabai-naik/).", summary="Ringkasan.")
    assert main(["check"]) == 1
    assert capsys.readouterr().err.splitlines()[1] == (
        f"{Path('content/2024/tautan.md')}:7: warning: links to /2024/02/30/harga-cabai-naik/, which is not a page "
        "of the site, unless it is a story of a file that could not be loaded (see the problems)"
    )


@pytest.mark.parametrize("command", ["check", "build"])
def test_an_article_with_a_problem_does_not_make_the_redirects_to_its_pages_problems_too(site, capsys, command):
    """An imported site's kabar.yml leads its old category and tag pages to the new ones: one article's typo, which
    keeps the only story of a category off the site, is its one problem, not one more for each of those redirects
    (which blamed kabar.yml). A redirect to a file that is not there is still one."""
    write_files(
        site,
        {
            "content/2024/cabai.md": article(
                title="Harga Cabai", date="2024-02-30", category="Ekonomi", tags="[pasar]"
            ),
            "kabar.yml": "title: Kabar Uji\nbase_url: https://uji.example\nredirects:\n"
            "  /category/ekonomi/: /kategori/ekonomi/\n  /tag/pasar-lama/: /tag/pasar/\n"
            "  /lama.pdf: /berkas/hilang.pdf\n",
        },
    )
    assert main([command]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{Path('content/2024/cabai.md')}:3: date: '2024-02-30' is not a valid date: "
        "February 2024 has no day 30 (it has 29 days)",
        "kabar.yml:6: redirects: /lama.pdf leads to /berkas/hilang.pdf, which is not a page or file of the site",
        "kabar: 2 problems; nothing was written",
    ]
    write_files(site, {"content/2024/cabai.md": article(title="Harga Cabai", date="2024-02-29", category="Ekonomi")})
    assert main([command]) == 1  # once the article loads: its category is there, its tag no more
    assert capsys.readouterr().err.splitlines() == [
        "kabar.yml:5: redirects: /tag/pasar-lama/ leads to /tag/pasar/, which is not a page or file of the site",
        "kabar.yml:6: redirects: /lama.pdf leads to /berkas/hilang.pdf, which is not a page or file of the site",
        "kabar: 2 problems; nothing was written",
    ]


@pytest.mark.parametrize("command", ["check", "build"])
def test_two_stories_at_one_address_or_an_unreadable_photo_do_not_hide_the_other_problems_and_warnings(
    site, capsys, command
):
    """They are found after the articles load (the site's index, the images): every other problem and warning is
    still found in the same run, the articles they concern left out of it."""
    image = "image: /images/foto.jpg\nimage_alt: Banjir"
    write_files(
        site,
        {
            "content/2024/a.md": article(title="Sama A", date="2024-03-06 10:00", slug="sama"),
            "content/2024/b.md": article(title="Sama B", date="2024-03-06 11:00", slug="sama"),
            "content/2024/foto.md": article(title="Foto", date="2024-03-06 12:00", more=image).replace("more: ", ""),
            "content/images/foto.jpg": pictures.truncated(),
            "content/2024/rusak.md": article(title="Rusak: Sekali", date="2024-03-06 13:00"),
        },
    )
    add(site, "hilang", "![peta](/images/peta.png)", summary="Ringkasan.")
    assert main([command]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{Path('content/2024/a.md')}:5: has the same URL /2024/03/06/sama/ as {Path('content/2024/b.md')}:5: give "
        "one of them another 'slug:'",
        f"{Path('content/2024/foto.md')}:5: image: {Path('content/images/foto.jpg')} cannot be decoded: it is "
        "truncated",
        f"{Path('content/2024/rusak.md')}:2: invalid YAML: ': ' inside a value: put the value in quotes (title: "
        '"Banjir: Bekasi"); or a key indented deeper than the others',
        f"{Path('content/2024/hilang.md')}:7: warning: image /images/peta.png is missing: it is not in static/ or "
        "content/",
        "kabar: 3 problems; nothing was written",
    ]
    assert not (site / "public").exists()


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_file_with_a_bad_date_still_has_its_broken_links_reported(site, capsys, command):
    """An author's one file with two mistakes: both in one run, not the link only once the date is fixed.
    A relative link there cannot be checked (the file has no URL yet) and is not warned of."""
    body = "Lihat [berita](/2024/03/05/banjir-rendam-bekas/) dan [lampiran](lampiran.pdf)."
    write_files(site, {"content/2024/rusak.md": article(title="Rusak", date="2024-02-30", body=body)})
    assert main([command]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{Path('content/2024/rusak.md')}:3: date: '2024-02-30' is not a valid date: "
        "February 2024 has no day 30 (it has 29 days)",
        f"{Path('content/2024/rusak.md')}:6: warning: links to /2024/03/05/banjir-rendam-bekas/, "
        f"which is not a page of the site; did you mean {BANJIR}?",
        "kabar: 1 problem; nothing was written",
    ]


def test_many_missing_images_are_each_reported_at_the_line_that_shows_them(site, capsys):
    """The lines come from one pass over the file, whatever the number of links (once, a minute at 70,000)."""
    body = "".join(f"![foto](/foto/{n}.jpg) ![foto](</foto/({n}).png>)\n\n" for n in range(300))
    add(site, "galeri", body, summary="Ringkasan.")
    found = warnings(capsys, "-v")
    shown = Path("content/2024/galeri.md")
    assert found[:2] == [
        f"{shown}:7: warning: image /foto/0.jpg is missing: it is not in static/ or content/",
        f"{shown}:7: warning: image /foto/(0).png is missing: it is not in static/ or content/",
    ]
    assert found[-1] == f"{shown}:605: warning: image /foto/(299).png is missing: it is not in static/ or content/"
    assert len(found) == 600


def test_headings_are_anchors_and_a_link_to_a_missing_one_is_a_warning(site, capsys):
    write_files(site, {"content/2024/banjir.md": article(body="Hujan deras.\n\n## Pengungsi di Masjid\n\nRibuan.")})
    add(
        site,
        "jangkar",
        f"Lihat [pengungsi]({BANJIR}#pengungsi-di-masjid), [salah]({BANJIR}#pengungsi-di-masjd), [atas](#top).\n\n"
        "## Bagian Khusus {#khusus}\n\nBaca [bagian ini](#khusus), [itu](#khusu) dan [luar](/kategori/nasional/#x).",
        summary="Ringkasan.",
    )
    shown = Path("content/2024/jangkar.md")
    assert warnings(capsys) == [
        f"{shown}:7: warning: links to {BANJIR}#pengungsi-di-masjd, but the article {BANJIR} has no heading or "
        "anchor '#pengungsi-di-masjd'; did you mean #pengungsi-di-masjid?",
        f"{shown}:11: warning: links to #khusu, but the article /2024/03/06/jangkar/ has no heading or anchor "
        "'#khusu'; did you mean #khusus?",
    ]
    assert main(["build", "-q"]) == 0
    page = (site / "public" / "2024/03/06/jangkar/index.html").read_text()
    assert '<h2 id="khusus">Bagian Khusus</h2>' in page
    assert '<h2 id="pengungsi-di-masjid">' in (site / "public" / BANJIR.strip("/") / "index.html").read_text()


def test_template_code_left_from_another_generator_is_a_warning_at_its_line(site, capsys):
    body = (
        "Lihat {% link _posts/2017-04-17-banjir.md %} dan\n"
        "[arsip]({{ site.baseurl }}/arsip/).\n\n"
        '{{< figure src="/images/ada.png" >}}\n\n'
        "- {{% catatan %}}Penting{{% /catatan %}}\n\n"
        '[caption id="foto_1" width="300"]Warga mengungsi[/caption]\n\n'
        '[gallery ids="1,2"]\n\n'
        "Kode `{{ .Title }}` dan\n\n```\n{% raw %}{{ x }}\n```\n\nbiasa: {x} [catatan] [video](/x/)."
    )
    add(site, "impor", body, summary="Ringkasan.")
    shown = Path("content/2024/impor.md")
    fix = "write it as Markdown or HTML (an image: ![alt](/images/a.jpg))"
    seen = "left in the text: readers would see it as written"
    assert [w for w in warnings(capsys, "-v") if "/x/" not in w] == [
        f"{shown}:7: warning: {{% link _posts/2017-04-17-banjir.md %}} is a template tag (Jekyll's Liquid, Zola's Tera)"
        f" {seen}; write what it stands for (a link: [text](/2024/03/05/slug/))",
        f"{shown}:8: warning: {{{{ site.baseurl }}}} is template code (Liquid, Tera or Hugo) {seen}; write the value"
        " itself",
        f'{shown}:10: warning: {{{{< figure src="/images/ada.png" >}}}} is a Hugo shortcode {seen}; {fix}',
        f"{shown}:12: warning: {{{{% catatan %}}}} is a Hugo shortcode {seen}; {fix}",
        f"{shown}:12: warning: {{{{% /catatan %}}}} is a Hugo shortcode {seen}; {fix}",
        f'{shown}:14: warning: [caption id="foto_1" width="300"] is a WordPress shortcode {seen}; {fix}',
        f"{shown}:14: warning: [/caption] is a WordPress shortcode {seen}; {fix}",
        f'{shown}:16: warning: [gallery ids="1,2"] is a WordPress shortcode {seen}; {fix}',
    ]


def test_template_code_whose_first_brace_is_an_entity_is_shown_on_purpose_not_a_warning(site, capsys):
    """An article about templates shows `{{ nama }}` in its prose: written `&#123;{ nama }}`, as the README says, it
    shows the same and is no warning, so `kabar build --strict` publishes it. Left as `{{ ... }}`, it still is one."""
    add(site, "contoh", "Tulis &#123;{ nama }} atau &#x7B;% include iklan.html %} di template.\n\nLalu {{ lupa }}.")
    assert warnings(capsys) == [
        f"{Path('content/2024/contoh.md')}:8: warning: {{{{ lupa }}}} is template code (Liquid, Tera or Hugo) left in"
        " the text: readers would see it as written; write the value itself"
    ]
    add(site, "contoh", "Tulis &#123;{ nama }} atau &#x7B;% include iklan.html %} di template.")
    assert main(["build", "-q", "--strict"]) == 0
    page = (site / "public/2024/03/06/contoh/index.html").read_text()
    assert "<p>Tulis {{ nama }} atau {% include iklan.html %} di template.</p>" in page


LEFT_IN = [
    ("", "{{% a ", "", 0),
    ("", "{% a ", "", 0),
    ("", "[caption ", "", 0),
    ("", "<code>", "", 0),
    ("", "{% a %}", "", 100_000),
    ("{{ a", " ", "x", 0),
]


@pytest.mark.parametrize(("before", "written", "after", "found"), LEFT_IN)
def test_template_code_left_in_a_hostile_article_is_looked_for_in_one_pass(before, written, after, found):
    """100,000 of each in an article: each kind of template code was looked for from every place it begins to the
    end of its line (5,000 '{{% a ' took 10 s), each <code> for its end to the end of the text, each one found had
    its line counted from the start, and 100,000 spaces took minutes. `kabar build` looks for them in every article.
    Its own process: a hang fails, not blocks."""
    code = (
        "import sys; from kabar.leftovers import leftovers; "
        "print(len(list(leftovers('{{ {% [caption', '---\\ntitle: a\\n---\\n' + sys.argv[1] + sys.argv[2] * 100_000"
        " + sys.argv[3]))))"
    )
    inputs = [case[:3] for case in LEFT_IN]
    assert printed(code, inputs, (before, written, after)) == f"{found}\n"


LINKS_IN = [("<a ", 0), ("<a-b-c ", 0), ("<a href=x>", 100_000)]


@pytest.mark.parametrize(("written", "found"), LINKS_IN)
def test_the_links_of_a_hostile_article_are_looked_for_in_one_pass(written, found):
    """100,000 tags never closed in an HTML block (which Markdown passes as written): the attributes of each
    were read up to the next '>', at the end of the text (5,000 '<a ' took 5 s). Its own process: a hang fails,
    not blocks."""
    code = (
        "import sys; from kabar.links import links_in; from kabar.body import to_html; "
        "print(len(list(links_in(to_html('<div>\\n' + sys.argv[1] * 100_000 + '\\n</div>\\n')))))"
    )
    assert printed(code, [(case,) for case, _ in LINKS_IN], (written,)) == f"{found}\n"


def test_a_category_one_story_spells_like_another_is_a_warning_at_its_line(site, capsys):
    """A typo in `category:` would give the story a category page and a place in the bar of its own."""
    add(site, "gempa", "Gempa.", summary="Ringkasan.")  # a second Nasional story
    add(site, "ponsel", "Ponsel.", category="Teknologi", summary="Ringkasan.")
    add(site, "laptop", "Laptop.", category="Teknologi", summary="Ringkasan.")
    add(site, "robot", "Robot.", category="Teknologii", summary="Ringkasan.")
    add(site, "sepeda", "Sepeda.", category="Olahraga", summary="Ringkasan.")  # alone, like no other: its own
    assert warnings(capsys) == [
        f"{Path('content/2024/robot.md')}:4: warning: category: 'Teknologii' is this story's alone; did you mean "
        "'Teknologi'? (a category gets its own page and a place in the category bar)",
    ]


def test_an_update_dated_before_the_story_is_a_warning_at_its_line(site, capsys):
    """The page would say "Diperbarui" a day before the story it updates was published."""
    add(site, "gempa", "Gempa.", summary="Ringkasan.", updated="2024-03-05 08:00")
    add(site, "susulan", "Susulan.", summary="Ringkasan.", updated="2024-03-06 12:00")  # after: as it should be
    assert warnings(capsys) == [
        f"{Path('content/2024/gempa.md')}:6: warning: updated: 2024-03-05 08:00+07:00 is before the story's date "
        "(2024-03-06 10:00+07:00): correct it, or remove the line",
    ]


def test_an_update_dated_later_than_the_build_is_a_warning_until_that_time(site, capsys):
    """updated: 2027 for 2026: the page, the feeds and the sitemap would say the story was updated in the future."""
    add(site, "gempa", "Gempa.", summary="Ringkasan.", updated="2027-03-06 12:00")
    later = f"{Path('content/2024/gempa.md')}:6: warning: updated: 2027-03-06 12:00+07:00 is later than now"
    assert warnings(capsys, "--now", "2026-12-05T05:00:00Z") == [
        f"{later} (2026-12-05 12:00+07:00): correct it, or remove the line"
    ]
    assert warnings(capsys, "--now", "2027-03-06T06:00:00Z") == []  # the same check, once that time has come
    to_come = article(title="Gempa", date="2027-03-05 10:00", summary="Ringkasan.", updated="2027-03-06 12:00")
    write_files(site, {"content/2024/gempa.md": to_come})  # a story still to come, as kabar serve shows it
    assert warnings(capsys, "--now", "2026-12-05T05:00:00Z", "--future") == []


def test_a_correction_dated_before_its_story_or_later_than_the_build_is_a_warning(site, capsys):
    """A correction's date is the story's dateModified, its sitemap lastmod and its feeds' update: a typo (2027 for
    2026, a month before the story) would publish it."""
    corrections = (
        "\n  - date: 2024-02-06 10:00\n    text: Angka diperbaiki."
        "\n  - date: 2027-03-06 12:00\n    text: Nama diperbaiki."
    )
    add(site, "gempa", "Gempa.", summary="Ringkasan.", corrections=corrections)
    shown = Path("content/2024/gempa.md")
    assert warnings(capsys, "--now", "2026-12-05T05:00:00Z") == [
        f"{shown}:6: warning: corrections: one dated 2024-02-06 10:00+07:00 is before the story's date "
        "(2024-03-06 10:00+07:00): correct its date",
        f"{shown}:6: warning: corrections: one dated 2027-03-06 12:00+07:00 is later than now "
        "(2026-12-05 12:00+07:00): correct it, or remove the line",
    ]


def test_a_retraction_dated_later_than_the_build_is_a_warning(site, capsys):
    add(site, "gempa", "Gempa.", summary="Ringkasan.", retracted="{date: 2027-03-06 12:00, reason: Salah sasaran.}")
    assert warnings(capsys, "--now", "2026-12-05T05:00:00Z") == [
        f"{Path('content/2024/gempa.md')}:6: warning: retracted: 2027-03-06 12:00+07:00 is later than now "
        "(2026-12-05 12:00+07:00): correct its date"
    ]
    assert warnings(capsys, "--now", "2027-03-06T06:00:00Z") == []  # once that time has come


def test_a_published_storys_new_title_moving_its_address_is_a_warning_with_the_alias_to_add(site, capsys):
    """A new headline makes a new slug: the links shared to the story would break. A draft's moves are its own."""
    add(site, "gempa", "Gempa.", summary="Ringkasan.")
    add(site, "rancangan", "Rancangan.", summary="Ringkasan.", draft="true")
    assert main(["build", "-q"]) == 0
    capsys.readouterr()
    add(site, "gempa", "Gempa.", summary="Ringkasan.", slug="gempa-guncang-cianjur")
    add(site, "rancangan", "Rancangan.", summary="Ringkasan.", draft="true", slug="rancangan-baru")
    assert warnings(capsys) == [
        f"{Path('content/2024/gempa.md')}:6: warning: its address changes from /2024/03/06/gempa/ to "
        "/2024/03/06/gempa-guncang-cianjur/: links to it shared already would lead nowhere; add "
        "'aliases: [/2024/03/06/gempa/]' to lead them here, or a 'slug:' that keeps the old address"
    ]
    add(site, "gempa", "Gempa.", summary="Ringkasan.", slug="gempa-guncang-cianjur", aliases="[/2024/03/06/gempa/]")
    assert main(["build", "-q"]) == 0
    assert capsys.readouterr().err == ""


def test_a_renamed_category_losing_its_page_and_feed_is_a_warning_until_redirects_lead_them_on(site, capsys):
    """A category renamed (or its last story gone) takes its page and its feed away: the feed's readers would find
    nothing. Said by the build that drops them, until kabar.yml leads them on."""
    add(site, "gempa", "Gempa.", summary="Ringkasan.", category="Ekonomi")
    assert main(["build", "-q"]) == 0
    capsys.readouterr()
    add(site, "gempa", "Gempa.", summary="Ringkasan.", category="Ekonomi", draft="ya")  # its story not loaded now
    assert main(["check"]) == 1
    assert "category page" not in capsys.readouterr().err
    add(site, "gempa", "Gempa.", summary="Ringkasan.", category="Bisnis")
    gone = (
        "kabar.yml: warning: the category page /kategori/ekonomi/ and its feed /kategori/ekonomi/feed.xml, which the"
        " last build published, are gone (no story has that category now): links to the page and the feed's readers"
        " would find nothing; lead them on with kabar.yml's redirects ('/kategori/ekonomi/:' and"
        " '/kategori/ekonomi/feed.xml:', each with the new address)"
    )
    assert warnings(capsys) == [gone]
    config = "title: Kabar Uji\nbase_url: https://uji.example\nredirects:\n  /kategori/ekonomi/: /kategori/bisnis/\n"
    write_files(site, {"kabar.yml": config})
    assert warnings(capsys) == [
        "kabar.yml: warning: the category feed /kategori/ekonomi/feed.xml, which the last build published, is gone"
        " (no story has that category now): the feed's readers would find nothing; lead them on with kabar.yml's"
        " redirects ('/kategori/ekonomi/feed.xml:', each with the new address)"
    ]
    write_files(site, {"kabar.yml": config + "  /kategori/ekonomi/feed.xml: /kategori/bisnis/feed.xml\n"})
    assert warnings(capsys) == []
    assert main(["build", "-q"]) == 0
    assert "<title>Bisnis" in (site / "public/kategori/ekonomi/feed.xml").read_text(encoding="utf-8")
    assert capsys.readouterr().err == ""


def test_a_new_address_previewed_in_kabar_serve_is_still_warned_of_by_the_next_build_and_refused_by_strict(
    site, capsys
):
    """An editor previews before publishing: kabar serve's build of the edit (which shares the article cache) must not
    use up the warning, else `build --strict` let the published address go without a word. Once a build has
    published the site, the warning is not repeated."""
    preview = {"own_output": True, "output": site / ".kabar-cache" / "pratinjau", "drafts": True, "future": True}
    add(site, "gempa", "Gempa.", summary="Ringkasan.")
    assert main(["build", "-q"]) == 0
    add(site, "gempa", "Gempa.", summary="Ringkasan.", slug="gempa-guncang-cianjur")
    assert [str(w) for w in run_build(site, **preview).warnings] == [
        f"{Path('content/2024/gempa.md')}:6: its address changes from /2024/03/06/gempa/ to "
        "/2024/03/06/gempa-guncang-cianjur/: links to it shared already would lead nowhere; add "
        "'aliases: [/2024/03/06/gempa/]' to lead them here, or a 'slug:' that keeps the old address"
    ]
    add(site, "gempa", "Gempa lagi.", summary="Ringkasan.", slug="gempa-guncang-cianjur")  # a second preview
    run_build(site, **preview)
    capsys.readouterr()
    moved = "warning: its address changes from /2024/03/06/gempa/ to /2024/03/06/gempa-guncang-cianjur/"
    assert any(moved in line for line in warnings(capsys))
    assert main(["build", "-q", "--strict"]) == 1
    assert moved.removeprefix("warning: ") in capsys.readouterr().err
    assert (site / "public/2024/03/06/gempa/index.html").is_file()  # refused: the old page is still there
    assert main(["build", "-q"]) == 0
    assert moved in capsys.readouterr().err
    add(site, "gempa", "Gempa sekali lagi.", summary="Ringkasan.", slug="gempa-guncang-cianjur")
    assert main(["build", "-q"]) == 0
    assert capsys.readouterr().err == ""  # said once the site had the new address


def test_a_story_photo_too_small_for_a_link_preview_is_a_warning(site, capsys):
    """A 50-pixel photo is shown stretched across the page and the cards, and makes no link preview."""
    write_files(
        site,
        {
            "content/images/kecil.png": pictures.photo(50, 40, "PNG"),
            "content/images/cukup.png": pictures.photo(200, 113, "PNG"),
        },
    )
    add(site, "kecil", "Isi.", summary="Ringkasan.", image="/images/kecil.png", image_alt="Foto")
    add(site, "cukup", "Isi.", summary="Ringkasan.", image="/images/cukup.png", image_alt="Foto")
    assert warnings(capsys) == [
        f"{Path('content/2024/kecil.md')}:6: warning: image: /images/kecil.png is 50x40 pixels: the page shows it "
        "stretched, and link previews take 200 or more (1200 wide shows best): use a larger one"
    ]


def test_html_written_in_a_summary_is_a_warning_as_readers_would_see_it_as_written(site, capsys):
    """A summary is plain text: `<b>` shows as `<b>` on the cards; a `<` in words does not warn."""
    add(site, "cabai", "Isi.", summary="'Harga cabai <b>tembus</b> Rp 100.000 & bawang naik.'")
    add(site, "suhu", "Isi.", summary="Suhu < 20 derajat, angin > 30 km/jam.")
    assert warnings(capsys) == [
        f"{Path('content/2024/cabai.md')}:5: warning: summary: <b> shows as written, in cards, feeds and link "
        "previews: a summary is plain text"
    ]


def test_a_missing_image_written_with_other_capitals_or_without_its_leading_slash_gets_the_file_it_means(site, capsys):
    """Servers tell Pasar.JPG from pasar.jpg, and images/pasar.jpg starts at the article's own address."""
    write_files(site, {"content/images/pasar.png": b"\x89PNG\r\n\x1a\n"})
    add(site, "pasar", "![pasar](images/pasar.png) [unduh](/images/PASAR.png) ![x](/images/tidak.png)")
    assert warnings(capsys) == [
        f"{Path('content/2024/pasar.md')}:6: warning: image images/pasar.png is missing: did you mean "
        "/images/pasar.png? (without the leading '/', a path starts at the article's address)",
        f"{Path('content/2024/pasar.md')}:6: warning: links to /images/PASAR.png, which is not a file of the site: "
        "did you mean /images/pasar.png? (addresses tell capitals from small letters)",
        f"{Path('content/2024/pasar.md')}:6: warning: image /images/tidak.png is missing: it is not in static/ or "
        "content/",
    ]


def test_articles_checked_over_the_workers_give_what_one_process_gives_and_are_recalled_by_the_next_build(
    site, capsys, monkeypatch
):
    """Many articles to check (a first build, or one after a story was added) are checked over the workers: each
    article's warnings come back in its place, and the next build recalls them, or checks again those whose
    warnings depend on another article that changed (a link to its #fragment)."""
    monkeypatch.setattr("kabar.checks.CHECKED_IN_WORKERS", 2)
    for n in range(6):  # each with warnings of its own, at lines of its own
        add(
            site,
            f"berita-{n}",
            "Paragraf.\n\n" * n + f"Lihat [ini](/tidak-ada-{n}/) dan [bagian]({BANJIR}#bagian-{n}).\n\n"
            f"![foto](/images/hilang-{n}.png)\n",
            summary="Ringkasan.",
        )
    found = {jobs: warnings(capsys, "--verbose", "--jobs", jobs) for jobs in ("1", "2")}
    assert found["2"] == found["1"]
    assert len(found["1"]) == 18 and all(found["1"][3 * n].startswith(f"content/2024/berita-{n}.md") for n in range(6))
    every = site / ".kabar-cache" / "warnings.txt"
    assert main(["build", "-q", "--jobs", "2"]) == 0
    capsys.readouterr()
    assert every.read_text(encoding="utf-8").splitlines() == found["1"]

    # The story berita-3 links to gets the heading it names: its warning goes, and the others suggest that heading,
    # as a check of every article in one process says (the build's memo gone).
    write_files(site, {"content/2024/banjir.md": article(body="Hujan deras.\n\n## Bagian 3\n\nRibuan warga.")})
    assert main(["build", "-q", "--jobs", "2"]) == 0
    capsys.readouterr()
    built = every.read_text(encoding="utf-8").splitlines()
    shutil.rmtree(site / ".kabar-cache")
    assert built == warnings(capsys, "--verbose", "--jobs", "1")
    assert len(built) == 17 and not any("#bagian-3'" in line for line in built)


def test_a_story_added_checks_again_only_the_articles_with_warnings_and_a_story_removed_every_article(
    site, capsys, monkeypatch
):
    """A story added makes the files made the last build's and more: an article with no warning has none still (what
    it links to is still there) and is not checked again; one with warnings is (what it links to may be there now).
    A story removed may leave links to nothing: every article is checked again."""
    add(site, "tautan", f"Lihat [berita]({BANJIR}) dan [gempa](/2024/03/07/gempa/).\n", summary="Ringkasan.")
    add(site, "bersih", f"Lihat [berita]({BANJIR}).\n", summary="Ringkasan.")
    checked = []
    real = kabar.checks._article_warnings

    def noted(article, links):
        checked.append(article.url)
        return real(article, links)

    monkeypatch.setattr(kabar.checks, "_article_warnings", noted)
    broken = "links to /2024/03/07/gempa/, which is not a page of the site"
    assert main(["build", "-q", "--jobs", "1"]) == 0
    assert broken in capsys.readouterr().err
    assert len(checked) == 3

    checked.clear()
    write_files(site, {"content/2024/gempa.md": article(title="Gempa", date="2024-03-07 08:00", summary="Ringkasan.")})
    assert main(["build", "-q", "--jobs", "1"]) == 0
    assert broken not in capsys.readouterr().err
    assert sorted(checked) == ["/2024/03/06/tautan/", "/2024/03/07/gempa/"]

    checked.clear()
    (site / "content/2024/gempa.md").unlink()
    assert main(["build", "-q", "--jobs", "1"]) == 0
    assert broken in capsys.readouterr().err
    assert len(checked) == 3
