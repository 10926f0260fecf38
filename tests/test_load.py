"""Reading articles: front matter, dates, optional keys, and every kind of mistake an author makes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kabar.errors import BuildError
from kabar.load import parse_articles
from kabar.models import Config
from kabar.walk import content_files

from .conftest import article

JAKARTA = dt.timezone(dt.timedelta(hours=7))


def load_one(tmp_path, text: str | bytes, config: Config | None = None):
    path = tmp_path / "content" / "a.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return parse_articles([path], config or Config(), shown_relative_to=tmp_path)[0]


def problems(tmp_path, files: dict[str, str], config: Config | None = None) -> list[str]:
    paths = []
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    with pytest.raises(BuildError) as caught:
        parse_articles(paths, config or Config(), shown_relative_to=tmp_path)
    return [str(p) for p in caught.value.problems]


def test_reads_required_and_optional_keys(tmp_path):
    a = load_one(
        tmp_path,
        article(
            author="[Ayu Santoso, Raka Pratama]",
            tags="[banjir, Bekasi]",
            summary="Ringkasan.",
            image="/images/a.jpg",
            image_alt="Jalan tergenang",
            featured="true",
            lokasi="Bekasi",
        ),
    )
    assert a.title == "Banjir Rendam Bekasi"
    assert a.category.name == "Nasional" and a.category.url == "/kategori/nasional/"
    assert [p.name for p in a.authors] == ["Ayu Santoso", "Raka Pratama"]
    assert [p.url for p in a.authors] == ["/penulis/ayu-santoso/", "/penulis/raka-pratama/"]
    assert [t.url for t in a.tags] == ["/tag/banjir/", "/tag/bekasi/"]
    assert a.summary == "Ringkasan."
    assert (a.image, a.image_alt, a.featured, a.draft) == ("/images/a.jpg", "Jalan tergenang", True, False)
    assert a.extra == {"lokasi": "Bekasi"}
    assert a.url == "/2024/03/05/banjir-rendam-bekasi/"
    assert "<p>Hujan deras" in a.body_html


def test_a_single_author_may_be_written_without_a_list(tmp_path):
    a = load_one(tmp_path, article(author="Ayu Santoso"))
    assert [p.name for p in a.authors] == ["Ayu Santoso"]


def test_summary_defaults_to_the_first_paragraph_as_plain_text(tmp_path):
    a = load_one(tmp_path, article(body="## Judul\n\nPara **satu** & [dua](/x/).\n\nPara tiga."))
    assert a.summary == "Para satu & dua."


def test_a_story_that_opens_with_a_photo_is_summed_up_by_its_first_words(tmp_path):
    """Many stories begin with a picture alone on its line: the summary (cards, feeds, the meta description) is
    the first paragraph with words, not an empty one, which `kabar build --strict` refused as no summary."""
    body = "![Banjir di Bekasi](https://foto.example/banjir.jpg)\n\nBEKASI - Hujan deras sejak Sabtu malam.\n\nLagi."
    a = load_one(tmp_path, article(body=body))
    assert a.summary == "BEKASI - Hujan deras sejak Sabtu malam."


@pytest.mark.parametrize(
    ("last", "ending"),
    [
        ("malam.", "malam."),  # a sentence's end needs no mark after it
        ("“Siaga.”", "“Siaga.”"),
        ("pompa,", "pompa…"),  # the cut marked as the cards mark the lines they clamp, with nothing between
        ("dalam", "dalam…"),
    ],
)
def test_a_long_first_paragraph_is_cut_with_one_ellipsis_and_none_after_a_sentences_end(tmp_path, last, ending):
    words = ["kata"] * 34 + [last, "lalu", "lanjut."]
    a = load_one(tmp_path, article(body=" ".join(words)))
    assert a.summary == " ".join(["kata"] * 34 + [ending])


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2017-04-17 09:30", dt.datetime(2017, 4, 17, 9, 30, tzinfo=JAKARTA)),
        ("2017-04-17 09:30:15", dt.datetime(2017, 4, 17, 9, 30, 15, tzinfo=JAKARTA)),
        ("2017-04-17", dt.datetime(2017, 4, 17, 0, 0, tzinfo=JAKARTA)),
        ("'2017-04-17 09:30'", dt.datetime(2017, 4, 17, 9, 30, tzinfo=JAKARTA)),
        ("2017-04-17T09:30:00+08:00", dt.datetime(2017, 4, 17, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))),
        ("2017-04-17T02:30:00Z", dt.datetime(2017, 4, 17, 2, 30, tzinfo=dt.UTC)),
        # As the theme shows a time and Indonesians write one (fromisoformat alone took 07.15 for 07:00:00.15)
        ("2017-04-17 07.15", dt.datetime(2017, 4, 17, 7, 15, tzinfo=JAKARTA)),
        ("2017-04-17 19.30.05", dt.datetime(2017, 4, 17, 19, 30, 5, tzinfo=JAKARTA)),
        ("2017-04-17 7:15", dt.datetime(2017, 4, 17, 7, 15, tzinfo=JAKARTA)),
        ("2017-04-17 07:15:30.5", dt.datetime(2017, 4, 17, 7, 15, 30, 500000, tzinfo=JAKARTA)),
    ],
)
def test_dates_in_every_form_authors_write_them(tmp_path, written, expected):
    a = load_one(tmp_path, article(date=written))
    assert a.date == expected
    assert a.date.utcoffset() == expected.utcoffset()  # the offset is kept, not converted


def test_a_naive_date_is_in_the_sites_time_zone(tmp_path):
    a = load_one(tmp_path, article(date="2017-04-17 09:30"), Config(timezone="Asia/Makassar"))
    assert a.date.utcoffset() == dt.timedelta(hours=8)


def test_url_uses_the_articles_own_local_date(tmp_path):
    a = load_one(tmp_path, article(date="2017-04-17T23:30:00+09:00"))
    assert a.url.startswith("/2017/04/17/")


def test_bom_and_crlf_are_accepted(tmp_path):
    text = "\ufeff" + article(tags="[a, b]").replace("\n", "\r\n")
    a = load_one(tmp_path, text.encode("utf-8"))
    assert a.title == "Banjir Rendam Bekasi" and [t.name for t in a.tags] == ["a", "b"]


def test_reading_time_is_words_over_200_rounded_up_at_least_one(tmp_path):
    for words, minutes in ((1, 1), (200, 1), (201, 2), (401, 3)):
        a = load_one(tmp_path, article(body=" ".join(["kata"] * words)))
        assert (a.words, a.reading_minutes) == (words, minutes)


def test_slug_from_front_matter_is_used(tmp_path):
    assert load_one(tmp_path, article(slug="banjir-bekasi")).url == "/2024/03/05/banjir-bekasi/"


def test_every_problem_in_every_file_is_reported_at_once(tmp_path):
    found = problems(
        tmp_path,
        {
            "content/one.md": "---\ntitel: Banjir\ndate: 2019-13-01\ncatgory: Nasional\n---\nIsi.\n",
            "content/two.md": "---\ntitle: Dua\ndate: 2019-01-01\n---\n",
        },
    )
    assert found == [
        "content/one.md:2: unknown key 'titel'; did you mean 'title'?",
        "content/one.md:3: date: '2019-13-01' is not a valid date: there is no month 13 (months go from 01 to 12)",
        "content/one.md:4: unknown key 'catgory'; did you mean 'category'?",
        "content/two.md:4: missing 'category': add a 'category: ...' line to the front matter",
        "content/two.md:4: the article has no body: write the story below this closing '---'",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Judul saja\n", "content/a.md:1: no front matter"),
        ("---\ntitle: x\n", "content/a.md:1: front matter is not closed"),
        ("---\ntitle: [x\ndate: 2019-01-01\n---\nIsi.\n", "content/a.md:2: invalid YAML: the '[' opened on this line"),
        ("---\n- a\n- b\n---\nIsi.\n", "content/a.md:2: expected 'key: value' lines"),
        ("---\ntitle: a\ntitle: b\n---\nIsi.\n", "content/a.md:3: 'title' is given twice (first on line 2)"),
        (article(draft="yes please"), "content/a.md:5: draft: 'yes please' must be true or false"),
        (article(title="[a, b]"), "content/a.md:2: title: ['a', 'b'] must be text"),
        (article(image="/x.jpg"), "content/a.md:5: image needs image_alt"),
        (article(slug="../../etc/passwd"), "content/a.md:5: slug '../../etc/passwd' may only hold"),
        (article(slug="''"), "content/a.md:5: slug is empty"),
        (article(title="'!!!'"), "content/a.md:2: the title has no letters or digits"),
        (article(updated="kemarin"), "content/a.md:5: updated: 'kemarin' is not a valid date"),
        (article(tags="[ok, '***']"), "content/a.md:5: tags: '***' has no letters or digits"),
        (article(author="'???'"), "content/a.md:5: author: '???' has no letters or digits"),
    ],
)
def test_each_mistake_names_its_file_and_line(tmp_path, text, expected):
    found = problems(tmp_path, {"content/a.md": text})
    assert len(found) == 1
    assert found[0].startswith(expected)


def test_unsafe_yaml_tags_are_refused_not_run(tmp_path):
    marker = tmp_path / "ran"
    text = f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\ndate: 2019-01-01\n---\nIsi.\n"
    [message] = problems(tmp_path, {"content/a.md": text})
    assert message.startswith("content/a.md:2: refused YAML tag")
    assert not marker.exists()


def test_a_file_that_is_not_utf8_is_reported(tmp_path):
    path = tmp_path / "content" / "a.md"
    path.parent.mkdir()
    path.write_bytes(article().encode("utf-16"))
    with pytest.raises(BuildError) as caught:
        parse_articles([path], Config(), shown_relative_to=tmp_path)
    assert str(caught.value).startswith("content/a.md:1: is UTF-16 text (what Notepad calls Unicode): save it as UTF-8")


def test_unknown_keys_unlike_any_known_one_are_kept_for_templates(tmp_path):
    a = load_one(tmp_path, article(sumber="Antara", lokasi="Bekasi"))
    assert a.extra == {"sumber": "Antara", "lokasi": "Bekasi"}


def test_finds_markdown_at_any_depth_in_sorted_order_skipping_hidden(tmp_path):
    for name in ("b.md", "2024/03/a.md", "2023/z.md", ".git/x.md", "notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in map(Path, content_files(tmp_path)[0])] == [
        "2023/z.md",
        "2024/03/a.md",
        "b.md",
    ]
