"""The images stage: each article image that is a file of the site made into the variants its Picture plans
(see pictures.py), a folder of them under /gambar/; a remote image, or one Pillow cannot read by its nature
(SVG), is left as it is.

In: the published articles, the output and what the last build knew. Each image's Picture is planned first (the
pictures stage, before the site is indexed: the search index, which shows thumbnails, starts with them), its
variants claimed or made after (the images stage). Out: Pictures, each article image URL's Picture, which pages,
feeds and search show. Variant files the last build made from the same source and settings are kept
(incremental.py decides); the others come from the variant cache in .kabar-cache/images/ (MessagePack of plain
bytes, read with msgspec: a crafted cache cannot run code), else are made, over worker processes. What each
source's header said is kept too, by URL with its file and stat (see image_sources.py), so an unchanged image is not
read again (nor looked up, while no file copied to the site changed). A broken, truncated or huge image is a
problem naming the article's `image:` line and the file.
"""

from __future__ import annotations

import functools
import operator
import os
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from . import image_sources, urls
from .cache import store
from .errors import BuildError, Problem
from .fingerprint import Stat, digest
from .frontmatter import key_line
from .image_sources import Entry
from .images import ImageFinder
from .incremental import LastBuild
from .load import message_path
from .models import Article, ImageSettings
from .options import Options
from .parallel import chunked, fan_out
from .pictures import FOLDER, KEY_LENGTH, Picture, Planned, Source, folder_of, plan
from .theme import static_dirs

VARIANTS = "images"  # in the cache: a file per Picture, its variants by name
# Their stamp in the cache, not kabar's version: upgrading kabar would otherwise make every photo again (10,000 took
# 300 s here). Pillow's version is kept with them (_encoder); change this when imaging.py makes other bytes of the
# same source and settings, or the entry's shape changes.
VARIANTS_STAMP = "kabar variants 1"
NOT_DECODED = (".svg", ".svgz")  # shown as they are: a vector picture needs no widths


class Pictures(NamedTuple):
    by_url: Planned  # each article image's Picture, by its URL
    made: int  # pictures whose variants were encoded by this build (the others were kept or in the cache)

    @property
    def counted(self) -> int:  # what the stage logs
        return self.made


class Planning(NamedTuple):
    """Each image's Picture, planned (plan_pictures), and what make_pictures needs to claim or make its variants."""

    by_url: Planned  # each article image's Picture, by its URL
    entries: Mapping[str, Entry]  # by URL: the image_sources entries they are planned from
    keys: dict[str, str]  # by URL: each Picture's key, which names its folder of variants
    known: image_sources.Known | None  # the entries the cache held
    showing: dict[str, list[Article]]  # each image URL's articles, if they were looked up (see _local_images)
    read: dict[str, Entry]  # the files read by this build, by path
    problems: list[Problem]  # the images Pillow could not read
    articles: tuple[Article, ...]
    finder: ImageFinder

    @property
    def counted(self) -> int:  # what the pictures stage logs
        return len(self.entries)


def plan_pictures(
    articles: tuple[Article, ...],
    settings: ImageSettings,
    options: Options,
    last: LastBuild,
    finder: ImageFinder | None = None,
) -> Planning:
    """The pictures stage: the Picture of every image the published ARTICLES show, from what the last build read of
    it or its file's header. Nothing is claimed or made (see make_pictures): the search index, which shows the
    thumbnails, starts with these, while the build's children still look at the files the last build wrote.
    FINDER: the load stage's ImageFinder, which has found and measured the images already."""
    finder = finder or image_finder(options, settings, last.inputs)
    known = finder.read_before()
    showing: dict[str, list[Article]] = {}  # made only when an image is looked up (see _local_images)
    read: dict[str, Entry] = {}
    problems: list[Problem] = []
    copied = last.found.copied
    if known is not None and copied and known.copied == copied and known.same_urls(_images(articles), _local):
        # Every file copied to the site as when those entries were made, and the same images shown: each URL names
        # the same file, as it was, and so the same picture (10,000 photos: no lookup each)
        by_url: Mapping[str, Entry] = known
        keys = known.keys_by_url()
    else:
        showing = _local_images(articles)
        by_url = _look_up(showing, known or {}, finder, settings, read, problems)
        keys = {url: entry[3] for url, entry in by_url.items()}
    pictures = Planned(by_url, settings, keys)
    return Planning(pictures, by_url, keys, known, showing, read, problems, articles, finder)


def image_finder(options: Options, settings: ImageSettings, scanned: Mapping[str, Stat]) -> ImageFinder:
    """The ImageFinder of the site's images (in content/ and the static folders; SCANNED: their stats, from the
    scan), which knows what the images stage last read of each (image_sources), read once when first asked."""
    folders = [options.content_dir, *static_dirs(options.root)]
    return ImageFinder(
        folders, scanned, functools.partial(image_sources.load, options.root, repr(settings), len(folders))
    )


def make_pictures(planning: Planning, settings: ImageSettings, options: Options, output, last: LastBuild) -> Pictures:
    """The images stage: each Picture of PLANNING's folder of variants claimed in OUTPUT, made where it changed."""
    by_url, keys, showing, finder = planning.entries, planning.keys, planning.showing, planning.finder
    problems = list(planning.problems)
    # Each Picture's image, by key: two URLs of one image share its files (the first URL names them).
    files = dict(zip(reversed(keys.values()), reversed(keys.keys()), strict=True))
    todo = _claim_kept(files, output, last)
    planned = {key: plan(by_url[files[key]][2], key, settings) for key in todo}
    paths = {key: finder.path(files[key]) for key in todo}  # the file the scan found: the cache names none
    made, failed = _make([(paths[key], planned[key]) for key in todo], settings, options)
    for key, reason in failed.items():
        showing = showing or _local_images(planning.articles)
        shown = [url for url, its in keys.items() if its == key]
        problems += [_problem(article, paths[key], reason) for url in shown for article in showing[url]]
    if problems:
        raise BuildError(sorted(problems, key=lambda p: (p.path, p.line or 0)))
    if not options.dry_run:
        for key in todo:
            _add_files(paths[key], files[key], planned[key], settings, options.root, output)
        if planning.read or by_url is not planning.known:  # else the same 10,000 entries, written again
            unplanned = [url for url in showing if url not in by_url]  # no file of the site, or not decoded
            image_sources.save(options.root, repr(settings), last.found.copied, by_url, unplanned)
            _forget_others(options.root, set(files))  # else the pictures are those the last build kept
    return Pictures(planning.by_url, made)


def _look_up(
    showing: dict[str, list[Article]],
    known: Mapping[str, Entry],
    finder: ImageFinder,
    settings: ImageSettings,
    read: dict[str, Entry],
    problems: list[Problem],
) -> dict[str, Entry]:
    """Each image URL of SHOWING's entry: KNOWN's where its file is the one the cache names, as it was; else its
    file's header, read (and noted in READ, by path). A file that is not an image Pillow reads is one of PROBLEMS."""
    by_url = {}
    for url, articles in showing.items():
        where = finder.where(url)
        if where is None or where[1].lower().endswith(NOT_DECODED):  # a missing image is the checks' to report
            continue
        index, path = where
        entry, stat = known.get(url), finder.stat(url)
        if entry is not None and entry[0] == index and entry[1] != stat and finder.same_bytes(url, entry[1]):
            entry = (index, stat, entry[2], entry[3])  # only touched (a checkout): its header as it was
        elif entry is None or entry[0] != index or entry[1] != stat:  # else not read again
            entry = read.get(path)
        if entry is None:
            from .imaging import ImageProblem, read_source  # here: Pillow, which a build that reads no image need not

            try:
                source = read_source(Path(path).read_bytes())
            except ImageProblem as exc:
                problems += [_problem(article, path, str(exc)) for article in articles]
                continue
            entry = read[path] = (index, stat, source, variant_key(source, settings))
        by_url[url] = entry
    return by_url


def variant_key(source: Source, settings: ImageSettings) -> str:
    """The name shared by a source's variants: a hash of its bytes and the settings, which is what pages know of
    (see images.py). Not of Pillow's version: a newer Pillow remakes the files (see _encoder), under the same names."""
    return digest(source.digest, repr(settings)).hex()[:KEY_LENGTH]


def _encoder() -> str:
    from PIL import __version__ as pillow

    return f"pillow {pillow}"


def _images(articles: tuple[Article, ...]) -> set[str]:
    """The image URLs the articles show, as a set made in C (a comprehension of 10,000 articles took 4 ms), "" and
    http(s) URLs among them."""
    return set(map(_IMAGE, articles))


_IMAGE = operator.attrgetter("image")


def _local(url: str | None) -> bool:
    """Whether URL, an article's image (None: it has none), is a path of the site."""
    return url is not None and urls.is_site_path(url)


def _local_images(articles: tuple[Article, ...]) -> dict[str, list[Article]]:
    """Each image URL on the site (not http(s)), with the articles that show it, in the site's order."""
    local = set(filter(_local, _images(articles)))
    showing: dict[str, list[Article]] = {}
    for article in articles:
        if article.image in local:
            showing.setdefault(article.image, []).append(article)
    return showing


def _problem(article: Article, path: str, reason: str) -> Problem:
    shown = message_path(path, Path.cwd())
    return Problem(article.source, key_line(article.source, "image"), f"image: {shown} {reason}")


def _claim_kept(files: dict[str, str], output, last: LastBuild) -> list[str]:
    """Claim the folder of variants the last build made of each Picture (FILES: the URL of its image, by key), if it
    is still as written; the keys of the Pictures to make again."""
    keys = sorted(files)
    folders = [f"{FOLDER[1:]}{key}" for key in keys]  # folder_of(key), in a comprehension: 10,000 calls cost 4 ms
    lost = last.lost_by_content(FOLDER[1:], folders, _encoder().encode(), output.fresh)
    if lost is None:
        return keys
    if lost:
        remade = {folder[len(FOLDER) - 1 :] for folder in lost}
        keys = [key for key in keys if key not in remade]
        folders = [folder_of(key) for key in keys]
    output.claim_all(folders, [f"image {files[key]}" for key in keys], folders=True)
    return sorted(remade) if lost else []


def _make(todo: list[tuple[str, Picture]], settings: ImageSettings, options: Options) -> tuple[int, dict[str, str]]:
    """Make the variants of TODO's Pictures that the cache lacks, over worker processes, into the cache (kabar
    check makes them only to find the broken ones). How many were made, and why each broken one could not be."""
    if not todo:
        return 0, {}
    # (path, Picture): not the articles, which would be pickled to the workers
    chunks = chunked(todo, options.workers, per_job=2) if len(todo) > 1 else [todo]
    made, failed = 0, {}
    shared = (settings, options.root, not options.dry_run)
    for results in fan_out(_make_chunk, chunks, options.workers, shared):
        for key, reason in results:
            made += 1
            if reason is not None:
                failed[key] = reason
    return made, failed


def _make_chunk(shared: tuple[ImageSettings, Path, bool], chunk: list[tuple[str, Picture]]) -> list[tuple]:
    """In a worker: each (path, Picture) of CHUNK not in the cache made (and, with SAVE, kept there);
    (key, problem or None) for each made."""
    from .imaging import ImageProblem, make_variants

    settings, root, save = shared
    results = []
    for path, picture in chunk:
        key = picture.key
        if _cached(root, picture) is not None:
            continue
        try:
            made = make_variants(Path(path).read_bytes(), picture, settings)
        except ImageProblem as exc:
            results.append((key, str(exc)))
            continue
        if save:
            store.save(root, f"{VARIANTS}/{key}", (_encoder(), made), stamp=VARIANTS_STAMP)
        results.append((key, None))
    return results


def _cached(root: Path, picture: Picture) -> dict[str, bytes] | None:
    """PICTURE's variants from the cache, if it holds them all, made by this Pillow."""
    cached = store.load(root, f"{VARIANTS}/{picture.key}", tuple[str, dict[str, bytes]], VARIANTS_STAMP)
    if cached is None or cached[0] != _encoder() or cached[1].keys() != {v.name for v in picture.variants}:
        return None
    return cached[1]


def _add_files(path: str, url: str, picture: Picture, settings: ImageSettings, root: Path, output) -> None:
    """PICTURE's folder of variants (from the cache, else made of the file at PATH) added to OUTPUT, as URL's."""
    made = _cached(root, picture)
    if made is None:  # the cache could not keep them, or another build removed them meanwhile
        from .imaging import make_variants

        made = make_variants(Path(path).read_bytes(), picture, settings)
    output.add_folder(picture.folder, {v.name: made[v.name] for v in picture.variants}, f"image {url}")


def _forget_others(root: Path, keys: set[str]) -> None:
    """Remove the cached variants of images no article of this build shows, so the cache does not grow forever."""
    folder = root / store.CACHE_DIR / VARIANTS
    for name in os.listdir(folder) if folder.is_dir() else ():
        if name not in keys:
            (folder / name).unlink(missing_ok=True)
