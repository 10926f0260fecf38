"""Article images made for every screen: the variants' sizes, formats and crops (checked with Pillow), the markup
that shows them, the cache that spares making them again, and the caption, credit and dateline around them."""

from __future__ import annotations

import io
import json
import re
import shutil

import lxml.html
import pytest
from PIL import Image, features

from kabar.errors import BuildError
from kabar.images import ImageFinder

from . import pictures
from .conftest import article, read, run_build

URL = "/2024/03/05/banjir-rendam-bekasi/"
SHOWN = {"image": "/images/banjir.jpg", "image_alt": "Warga menyeberangi jalan yang tergenang"}


def site_with_photo(make_site, width: int = 1000, height: int = 750, **settings):
    files = {"content/a.md": article(**SHOWN), "content/images/banjir.jpg": pictures.photo(width, height)}
    if settings:
        files["kabar.yml"] = "images:\n" + "".join(f"  {key}: {value}\n" for key, value in settings.items())
    return make_site(files)


def variant_files(output) -> dict[str, bytes]:
    """Every file under OUTPUT/gambar/ (a folder per picture), by its path there: 'KEY/480.webp'."""
    folder = output / "gambar"
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.glob("*/*")}


def variants(root) -> dict[str, Image.Image]:
    """Every file under public/gambar/, opened with Pillow, by its path there."""
    return {name: Image.open(io.BytesIO(data)) for name, data in sorted(variant_files(root / "public").items())}


def images_made(summary) -> int:
    return next(count for stage, count, _ in summary.stages if stage == "images")


def page(root, url: str = URL):
    return lxml.html.fromstring(read(root, url))


def test_variants_are_each_width_never_wider_than_the_source_in_webp_and_the_sources_format(make_site):
    root = site_with_photo(make_site, 1000, 750)
    run_build(root)
    made = variants(root)
    sizes = {re.sub(r"^[0-9a-f]{16}/", "", name): (image.format, image.size) for name, image in made.items()}
    assert sizes == {
        "480.jpg": ("JPEG", (480, 360)),
        "800.jpg": ("JPEG", (800, 600)),
        "1000.jpg": ("JPEG", (1000, 750)),  # 1200 is wider than the source: its own width instead
        "480.webp": ("WEBP", (480, 360)),
        "800.webp": ("WEBP", (800, 600)),
        "1000.webp": ("WEBP", (1000, 750)),
        "480x270.jpg": ("JPEG", (480, 270)),  # the card's thumbnail: 16:9
        "480x270.webp": ("WEBP", (480, 270)),
        "1000x525.jpg": ("JPEG", (1000, 525)),  # the share crop, 1200x630's ratio, no wider than the source
    }
    assert len({name[:16] for name in made}) == 1  # one name for all: the hash of the source and the settings


def test_a_crop_keeps_the_middle_of_the_picture(make_site):
    root = site_with_photo(make_site, 1000, 750)
    run_build(root)
    source = Image.open(root / "content" / "images" / "banjir.jpg").convert("RGB")
    (thumb,) = [image for name, image in variants(root).items() if name.endswith("/480x270.jpg")]
    # The sun (an ellipse from 1/6 to 1/2 of the height) sits as high in the crop as the middle cut puts it.
    expected = source.crop((0, (750 - 562.5) / 2, 1000, (750 + 562.5) / 2)).resize((480, 270))
    pairs = zip(thumb.convert("L").tobytes(), expected.convert("L").tobytes(), strict=True)
    differences = [abs(a - b) for a, b in pairs]
    assert sum(differences) / len(differences) < 6


def test_a_small_image_is_never_upscaled(make_site):
    root = site_with_photo(make_site, 300, 200)
    run_build(root)
    sizes = {image.size for image in variants(root).values()}
    assert sizes == {(300, 200), (300, 169), (300, 158)}  # itself, the 16:9 thumbnail, the share crop


def test_pages_show_the_variants_in_a_picture_with_sizes_and_a_fallback(make_site):
    root = site_with_photo(make_site, 1600, 900)
    run_build(root)
    (picture,) = page(root).xpath("//figure[@class='story-image']/picture")
    (source,) = picture.xpath("source")
    (img,) = picture.xpath(".//img")  # lxml's HTML parser, older than <picture>, puts it inside the <source>
    assert source.get("type") == "image/webp"
    assert re.fullmatch(
        r"/gambar/(\w{16})/480\.webp 480w, /gambar/\1/800\.webp 800w, /gambar/\1/1200\.webp 1200w", source.get("srcset")
    )
    assert re.fullmatch(
        r"/gambar/(\w{16})/480\.jpg 480w, /gambar/\1/800\.jpg 800w, /gambar/\1/1200\.jpg 1200w", img.get("srcset")
    )
    assert source.get("sizes") == img.get("sizes") == "(min-width: 48rem) 45rem, 100vw"
    assert img.get("src").endswith("/1200.jpg")
    assert (img.get("width"), img.get("height")) == ("1200", "675")
    assert img.get("fetchpriority") == "high" and img.get("loading") is None  # the reader sees it first
    assert img.get("alt") == SHOWN["image_alt"]
    for url in [img.get("src"), *(c.split()[0] for c in source.get("srcset").split(", "))]:
        assert (root / "public" / url.lstrip("/")).is_file()
    cards = lxml.html.fromstring(read(root, "/")).xpath("//img")  # the front page's lead shows it too
    assert cards and all(c.get("width") and c.get("height") for c in cards)


def test_shares_feeds_structured_data_and_search_get_sizes_that_fit(make_site):
    root = site_with_photo(make_site, 1600, 900)
    run_build(root)
    doc = page(root)
    shared = doc.xpath("//meta[@property='og:image']/@content")[0]
    assert shared.endswith("/1200x630.jpg")
    assert doc.xpath("//meta[@property='og:image:width']/@content") == ["1200"]
    assert doc.xpath("//meta[@property='og:image:height']/@content") == ["630"]
    assert Image.open(root / "public" / shared.split("/", 3)[3]).size == (1200, 630)
    feed = json.loads(read(root, "/feed.json"))
    assert feed["items"][0]["image"].endswith("/1200.jpg")
    (data,) = [json.loads(s) for s in doc.xpath("//script[@type='application/ld+json']/text()")]
    images = data["@graph"][0]["image"]
    assert [(i["width"], i["height"]) for i in images] == [(1200, 675), (1200, 630)]


def test_a_second_build_makes_no_variant_and_a_changed_image_is_made_again(make_site, tmp_path):
    root = site_with_photo(make_site)
    assert images_made(run_build(root)) == 1
    first = variant_files(root / "public")
    (root / "content" / "a.md").write_text(article(body="Berita yang diperbarui.", **SHOWN))
    assert images_made(run_build(root)) == 0  # the article changed, its image did not
    # Into a new output folder: nothing to keep, but the variants come from the cache, the very same bytes.
    assert images_made(run_build(root, output=tmp_path / "lain")) == 0
    assert variant_files(tmp_path / "lain") == first

    (root / "content" / "images" / "banjir.jpg").write_bytes(pictures.photo(1000, 750, shade=40))
    assert images_made(run_build(root)) == 1
    now = variant_files(root / "public").keys()
    assert now.isdisjoint(first)  # new names: a browser that kept the old files forever never shows them here
    assert all(name in read(root, URL) for name in now if name.endswith("/1200x630.jpg"))


def test_a_new_kabar_keeps_the_cached_variants_and_a_new_pillow_makes_them_again(make_site, monkeypatch, tmp_path):
    """Upgrading kabar throws its other caches away (the articles are parsed again), not the photos: 10,000 took
    300 s to make here. A new Pillow may encode otherwise, so its build makes them again."""
    from kabar import variants
    from kabar.cache import store

    root = site_with_photo(make_site)
    run_build(root)
    first = variant_files(root / "public")
    monkeypatch.setattr(store, "FORMAT", "kabar 99.0 cache 99")
    assert images_made(run_build(root, output=tmp_path / "baru")) == 0
    assert variant_files(tmp_path / "baru") == first
    monkeypatch.setattr(variants, "_encoder", lambda: "pillow 99.0")
    assert images_made(run_build(root, output=tmp_path / "pillow")) == 1


@pytest.mark.parametrize("also_shown", ["nothing else", "an SVG", "a missing image"])
def test_an_edit_looks_up_no_image_while_no_file_copied_to_the_site_changed(make_site, monkeypatch, also_shown):
    """A site's 10,000 photos are not 10,000 lookups in every edit: the images stage takes the pictures the last
    build knew while every file copied to the site is as it was and the articles show the same images, those
    that have no picture (an SVG, a file the site lacks) among them; a file changed is looked up again."""
    root = site_with_photo(make_site)
    other = {"an SVG": "/images/peta.svg", "a missing image": "/images/hilang.jpg"}.get(also_shown)
    if other:
        (root / "content" / "b.md").write_text(article(title="Peta Banjir", image=other, image_alt="Peta"))
        (root / "content" / "images" / "peta.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    edited = root / "content" / "c.md"  # a story without a picture (an edited one's is measured as it loads)
    edited.write_text(article(title="Harga Beras Naik"))
    run_build(root)
    looked: list[str] = []
    where = ImageFinder._where
    monkeypatch.setattr(ImageFinder, "_where", lambda self, url: looked.append(url) or where(self, url))
    edited.write_text(article(title="Harga Beras Naik", body="Berita yang diperbarui."))

    run_build(root)

    assert [url for url in looked if url == SHOWN["image"]] == []
    (root / "content" / "images" / "banjir.jpg").write_bytes(pictures.photo(1000, 750, shade=40))
    run_build(root)
    assert SHOWN["image"] in looked


def test_edits_after_a_first_build_keep_the_pictures_folder_as_it_is(make_site):
    """The spare a first build makes holds a copy of each picture's folder: swapped in by the next build, it is
    taken for the folder the build before wrote, not for one someone changed."""
    root = site_with_photo(make_site)
    run_build(root)
    output = root / "public"
    first = {path: (output / "gambar" / path).stat().st_ino for path in variant_files(output)}
    for n in range(3):
        (root / "content" / "a.md").write_text(article(body=f"Berita yang diperbarui ({n}).", **SHOWN))
        assert images_made(run_build(root)) == 0
        kept = {path: (output / "gambar" / path).stat().st_ino for path in variant_files(output)}
        assert kept == first  # the very files: not written again


def test_a_variant_removed_from_the_output_is_written_again_and_the_others_kept(make_site):
    root = site_with_photo(make_site)
    (root / "content" / "b.md").write_text(article(title="Kedua", image="/images/kedua.png", image_alt="Kedua"))
    (root / "content" / "images" / "kedua.png").write_bytes(pictures.photo(800, 450, "PNG", shade=90))
    run_build(root)
    output = root / "public"
    before = {path: (output / "gambar" / path).stat().st_ino for path in variant_files(output)}
    gone = sorted(before)[0]
    (output / "gambar" / gone).unlink()
    summary = run_build(root)
    after = {path: (output / "gambar" / path).stat().st_ino for path in variant_files(output)}
    assert after.keys() == before.keys() and summary.written == 1  # its picture's folder, made again whole
    other = gone.partition("/")[0]
    assert all(after[path] == before[path] for path in before if not path.startswith(other))  # the other's kept
    (output / "gambar" / gone).unlink()
    (root / "content" / "a.md").write_text(article(body="Berita yang diperbarui.", **SHOWN))
    run_build(root)  # an edit too: still made again
    assert variant_files(output).keys() == before.keys()


def test_a_file_put_in_a_pictures_folder_makes_the_folder_be_written_again(make_site):
    """A picture's folder is kabar's whole: what someone adds there is seen, and the folder made as it should be."""
    root = site_with_photo(make_site)
    run_build(root)
    output = root / "public"
    before = variant_files(output)
    (output / "gambar" / sorted(before)[0]).parent.joinpath("lain.txt").write_text("bukan varian\n")
    assert run_build(root).written == 1
    assert variant_files(output) == before


def test_a_tall_infographic_gets_variants_no_taller_than_webp_allows(make_site):
    files = {"content/a.md": article(**SHOWN), "content/images/banjir.jpg": pictures.photo(100, 17_000)}
    root = make_site(files)
    run_build(root)  # at its own 100-pixel width a variant would be a 100x17000 WebP, past WebP's 16,383
    sizes = {re.sub(r"^[0-9a-f]{16}/", "", name): image.size for name, image in variants(root).items()}
    assert sizes["96.webp"] == sizes["96.jpg"] == (96, 16320)
    assert max(height for _, height in sizes.values()) <= 16_383


@pytest.mark.skipif(not features.check("avif"), reason="this Pillow reads no AVIF")
@pytest.mark.parametrize(
    ("part", "reason"),
    [
        ("header", "cannot be read as an image: Failed to decode image: Missing or empty image item"),
        ("pixels", "cannot be decoded: Failed to decode frame 0: Decoding of color planes failed"),
    ],
)
def test_a_broken_avif_is_a_problem_at_the_image_line_not_a_crash(make_site, part, reason):
    files = {"content/a.md": article(image="/images/banjir.avif", image_alt="X")}
    root = make_site({**files, "content/images/banjir.avif": pictures.broken_avif(part)})
    with pytest.raises(BuildError) as raised:
        run_build(root)
    (problem,) = raised.value.problems
    assert (problem.line, problem.message) == (5, f"image: {root / 'content/images/banjir.avif'} {reason}")


def test_a_file_of_the_site_in_a_pictures_folder_is_a_problem_naming_both(make_site):
    root = site_with_photo(make_site)
    run_build(root)
    key = next(iter(variant_files(root / "public"))).partition("/")[0]
    (root / "content" / "gambar" / key).mkdir(parents=True)
    (root / "content" / "gambar" / key / "480.webp").write_bytes(b"bukan gambar")
    before = variant_files(root / "public")
    with pytest.raises(BuildError) as raised:
        run_build(root)
    (problem,) = raised.value.problems
    assert problem.message == f"writes gambar/{key}/480.webp, which image /images/banjir.jpg writes too"
    assert variant_files(root / "public") == before  # the site stays as it was


def test_variants_are_the_same_bytes_from_two_clean_builds(make_site, tmp_path):
    root = site_with_photo(make_site)
    run_build(root)
    first = variant_files(root / "public")
    shutil.rmtree(root / ".kabar-cache")
    shutil.rmtree(root / "public")
    run_build(root, jobs=2)
    assert variant_files(root / "public") == first


def test_an_image_under_a_hidden_name_is_not_published_in_any_size(make_site):
    """Nothing under a hidden folder is published: not as it is, nor made into variants; the page shows no picture
    and the build says the image is missing."""
    files = {"content/a.md": article(image="/.arsip/banjir.jpg", image_alt="Banjir")}
    root = make_site({**files, "content/.arsip/banjir.jpg": pictures.photo(1000, 750)})
    summary = run_build(root)
    assert not (root / "public" / "gambar").exists() and not page(root).xpath("//picture")
    assert any("/.arsip/banjir.jpg is missing" in warning.message for warning in summary.warnings)


@pytest.mark.parametrize("url", ["https://foto.example/banjir.jpg", "//foto.example/banjir.jpg"])
def test_a_remote_image_is_shown_as_it_is(make_site, url):
    # "//host/x" is another host's, as a browser reads it, though it starts with a slash
    root = make_site({"content/a.md": article(image=url, image_alt="Banjir"), "content/foto.example/banjir.jpg": b""})
    summary = run_build(root)
    (img,) = page(root).xpath("//figure[@class='story-image']//img")
    assert img.get("src") == url and not page(root).xpath("//picture")
    assert not (root / "public" / "gambar").exists() and not summary.warnings


@pytest.mark.parametrize("formats", ["[avif, webp]"])
def test_the_formats_setting_adds_avif_before_webp(make_site, formats):
    root = site_with_photo(make_site, 800, 450, formats=formats, widths="[400]", quality=60)
    run_build(root)
    types = page(root).xpath("//figure//source/@type")
    assert types == ["image/avif", "image/webp"]  # the browser takes the first it knows: the smaller first
    kinds = {name.rsplit(".", 1)[1]: image.format for name, image in variants(root).items()}
    assert kinds == {"avif": "AVIF", "webp": "WEBP", "jpg": "JPEG"}


# ---------------------------------------------------------------- caption, credit, dateline


def test_caption_and_credit_are_under_the_lead_image_and_in_structured_data(make_site):
    caption, credit = "Warga melintasi banjir di Bekasi.", "Foto: ANTARA/Budi Santoso"
    root = make_site(
        {
            "content/a.md": article(image_caption=caption, image_credit=f'"{credit}"', location="Bekasi", **SHOWN),
            "content/images/banjir.jpg": pictures.photo(800, 450),
        }
    )
    run_build(root)
    doc = page(root)
    (figcaption,) = doc.xpath("//figure[@class='story-image']/figcaption")
    assert figcaption.text_content() == f"{caption} {credit}"
    assert figcaption.xpath("span[@class='credit']/text()") == [credit]
    (data,) = [json.loads(s) for s in doc.xpath("//script[@type='application/ld+json']/text()")]
    story = data["@graph"][0]
    photo, crop = story["image"]  # the caption and credit once, with the photo; the share crop is of it
    assert (photo["caption"], photo["creditText"]) == (caption, credit) and not {"caption", "creditText"} & set(crop)
    assert story["locationCreated"] == {"@type": "Place", "name": "Bekasi"}
    (dateline,) = doc.xpath("//div[@class='prose']/*[1]")
    assert dateline.get("class") == "dateline" and dateline.text_content() == "BEKASI —"


def test_no_caption_no_figcaption_and_values_are_text(make_site):
    root = make_site({"content/a.md": article(image_caption="<b>tebal</b>", **SHOWN)})
    run_build(root)
    html = read(root, URL)
    assert "&lt;b&gt;tebal&lt;/b&gt;" in html and "<b>tebal</b>" not in html
    root = make_site({"content/a.md": article(**SHOWN)}, name="polos")
    run_build(root)
    assert page(root).xpath("//figcaption") == [] and page(root).xpath("//*[@class='dateline']") == []


def test_a_small_image_is_shown_at_its_own_size_not_stretched_to_the_column(make_site):
    """One width only: no sizes, so the browser shows it at its pixels, not at the 45rem slot (300 px became 580)."""
    root = site_with_photo(make_site, 300, 200)
    run_build(root)
    (img,) = page(root).xpath("//figure[@class='story-image']//img")
    assert img.get("sizes") is None and img.get("srcset") is None
    assert (img.get("width"), img.get("height")) == ("300", "200") and img.get("style") == "max-width: 300px"
    (source,) = page(root).xpath("//figure[@class='story-image']/picture/source")
    assert source.get("sizes") is None and re.fullmatch(r"/gambar/\w{16}/300\.webp", source.get("srcset"))
