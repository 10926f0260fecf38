"""`kabar new` and `kabar init`: a new article, or a new site, written from nothing.

Neither ever overwrites: an existing article is an error and keeps its text;
`init` only writes into a folder that is missing or empty. The site `init` writes is skeleton/, in the language
asked for: each file's translation is named as Hugo names one (pages/contact.en.md beside pages/kontak.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import yaml

from . import urls
from .config import CONFIG_FILE
from .errors import BuildError, Problem
from .models import PLACEHOLDER_BODY, Config
from .options import GITIGNORE
from .walk import ARTICLE_SUFFIXES

SKELETON = Path(__file__).parent / "skeleton"
# The language of the skeleton's files with none in their name (kontak.md); the others say theirs (contact.en.md).
DEFAULT_LANG = Config().lang
GUIDE = "README.md"  # the authoring guide: one, in English, for every language
WELCOME = "article.md"  # the welcome article, written into content/YEAR/ under its title's slug

# The top of the README `kabar init` writes; the authoring guide of kabar's own README follows it.
README_TOP = """# {name}

A news site built with kabar: Markdown articles in `content/`, settings in
`kabar.yml`, the built site in `public/`, ready for any static host.

    kabar serve     # preview while you write, at the address it prints
    kabar check     # find mistakes, broken links and missing images
    kabar build     # write the site into public/

"""

# kabar.yml as `kabar init` writes it: each setting under a line saying what it does.
SETTINGS_HELP = {
    "title": "the site's name, in the masthead, the page titles and the feeds",
    "tagline": "a line under the name; the feeds' description",
    "base_url": "the address the site is published at: absolute URLs in feeds, sitemaps and link previews",
    "lang": "page language, date format and the theme's words: id (Indonesian) or en (English)",
    "timezone": "for dates written without an offset (2026-10-05 09:30)",
    "per_page": "stories per listing page",
    "feed_items": "items in each RSS feed",
    "related": "related stories under an article",
    "search": "a search page and box (a Pagefind index): true or false",
    "websub_hub": "a WebSub hub announced in the feeds, so feed readers hear of new stories at once",
    "logo": "the publisher's logo, for search engines, and link previews' thumbnail without a share_image",
    "share_image": "the picture link previews (WhatsApp, Facebook, X) show for a page without its own, like "
    "/images/bagikan.jpg (1200x630 pixels); the logo, small, by default",
    "markdown": "the Markdown engine: cmark-gfm (as GitHub shows it) or python-markdown (as Pelican and MkDocs)",
    "menus": "the category bar (main:) and the footer menu (footer:), each a list of {category: NAME}, "
    "{page: ADDRESS} (of a page of pages/) or {url: /2026/, label: TEXT}; by default every category, and the pages",
    "permalinks": "the URLs of articles, categories, tags, authors and pages (tokens: kabar's README, Addresses "
    "that never break)",
    "redirects": "old addresses of the site and where they lead now, like /old/story.html: /2026/10/05/story/",
    "comments": "comments kept beside articles (imported: true/false); live: none, isso or giscus (kabar's README, "
    "Comments)",
    "safe_html": "true cleans article bodies of scripts, iframes, forms and the like, for a site that publishes "
    "articles from people it does not trust as committers (kabar's README, Security)",
    "images": "each article image made in these widths (never wider than it is) and formats (avif too, if you like)",
    "authors": "each author's profile on their page, by the name articles give: {Ayu Santoso: {role: Wartawan, "
    "bio: ..., photo: /foto/ayu.jpg, links: [https://x.com/ayu]}}",
    "categories": "each category's description on its page, by its name: {Nasional: {description: Politik, hukum "
    "dan peristiwa dari seluruh Indonesia.}}",
}


def new_article(
    content_dir: Path,
    title: str,
    category: str,
    authors: tuple[str, ...] | None,
    now: dt.datetime,
    tags: tuple[str, ...] = (),
    draft: bool = False,
    lang: str = "id",
    slug: str | None = None,
) -> Path:
    """Write CONTENT_DIR/YEAR/SLUG.md dated NOW (SLUG: made from TITLE unless given); return its path."""
    given, slug = slug, urls.slugify(slug or title)
    problems = []
    if given is not None and not slug:
        problems.append(Problem("kabar new", None, f"--slug {given!r} has no letters or digits"))
    elif given is not None and slug != given:
        problems.append(Problem("kabar new", None, f"--slug {given!r}: write it as an address is, like {slug!r}"))
    elif not slug:
        problems.append(
            Problem("kabar new", None, f"title {title!r} has no letters or digits to make a file name from")
        )
    if not urls.slugify(category):
        problems.append(Problem("kabar new", None, f"category {category!r} has no letters or digits"))
    problems += [
        Problem("kabar new", None, f"tag {tag!r} has no letters or digits to make a URL from")
        for tag in tags
        if not urls.slugify(tag)
    ]
    if problems:
        raise BuildError(problems)
    path = content_dir / f"{now:%Y}" / f"{slug}.md"
    lines = [f"title: {_yaml(title)}", f"date: {now:%Y-%m-%d %H:%M}", f"category: {_yaml(category)}"]
    if given is not None:
        lines.append(f"slug: {slug}")
    if authors:
        lines.append(f"author: {_yaml(authors[0] if len(authors) == 1 else list(authors))}")
    lines.append(f"tags: {_yaml(list(tags))}")
    if draft:
        lines.append("draft: true")
    body = PLACEHOLDER_BODY.get(lang.split("-")[0], PLACEHOLDER_BODY["en"])
    why = "kabar new never overwrites an article: give another title, or a --slug of its own"
    for twin in (path.with_suffix(suffix) for suffix in ARTICLE_SUFFIXES[1:]):  # slug.markdown is the same article
        if twin.exists():
            raise BuildError([Problem(str(twin), None, f"already exists; {why}")])
    _write_new(path, "---\n" + "\n".join(lines) + "\n---\n" + body + "\n", why)
    return path


def init_site(folder: Path, now: dt.datetime, lang: str = DEFAULT_LANG) -> list[Path]:
    """Make a new site in FOLDER (missing or empty) in LANG: settings, one article, the pages every news site has
    (with the folder's name as the site's), a README; return the files."""
    lang = lang.replace("_", "-")  # as kabar.yml's lang is kept: en_GB is en-GB
    skeleton = skeleton_files(lang)
    if folder.exists() and (not folder.is_dir() or any(not p.name.startswith(".") for p in folder.iterdir())):
        raise BuildError([Problem(str(folder), None, "is not empty: kabar init only writes into a new folder")])
    name = site_name(folder.resolve().name)
    texts = {
        relative: path.read_text(encoding="utf-8").replace("{title}", name).replace("{date}", f"{now:%Y-%m-%d %H:%M}")
        for relative, path in skeleton.items()
    }
    settings = {"title": name, "lang": lang, **yaml.safe_load(texts.pop(CONFIG_FILE))}
    welcome = texts.pop(WELCOME)
    title = yaml.safe_load(welcome.split("---\n", 2)[1])["title"]
    files = {
        folder / CONFIG_FILE: settings_file(settings),
        folder / "content" / f"{now:%Y}" / f"{urls.slugify(title)}.md": welcome,  # named as kabar new names one
        folder / GUIDE: README_TOP.format(name=name) + (SKELETON / GUIDE).read_text(encoding="utf-8"),
        folder / ".gitignore": GITIGNORE,
    }
    files |= {folder / relative: text for relative, text in texts.items()}  # the pages: About Us, Contact...
    for path, text in files.items():
        _write_new(path, text, "kabar init never overwrites a file")
    for empty in ("templates", "static"):
        (folder / empty).mkdir(exist_ok=True)
    return list(files)


def skeleton_files(lang: str) -> dict[str, Path]:
    """The skeleton's files in LANG ('en', or 'en-GB': its language's), by their path in the site (pages/contact.md);
    a language the skeleton has no files in, or a code that is no language, is a problem."""
    from babel import Locale, UnknownLocaleError  # for init alone

    translations = _skeleton()
    try:
        Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        message = f"{lang!r} is not a known language code (like {' or '.join(translations)})"
        raise BuildError([Problem("--lang", None, message)]) from None
    if lang.split("-")[0] not in translations:
        known = " and ".join(f"{code} ({Locale.parse(code).english_name})" for code in translations)
        message = f"kabar init has no site in {lang!r} to start from, only in {known}: start from one, translate its "
        raise BuildError([Problem("--lang", None, message + f"pages and set lang: {lang} in kabar.yml")])
    return translations[lang.split("-")[0]]


def skeleton_languages() -> list[str]:
    """The languages kabar init writes a site in: id, en."""
    return list(_skeleton())


def _skeleton() -> dict[str, dict[str, Path]]:
    """The skeleton's files (but the guide) by language, then by their path in the site: pages/contact.en.md is
    pages/contact.md in en; a file with no language in its name is in DEFAULT_LANG (pages/kontak.md)."""
    translations: dict[str, dict[str, Path]] = {DEFAULT_LANG: {}}
    for path in sorted(SKELETON.rglob("*")):
        if path.is_file() and path.name != GUIDE:
            *stem, suffix = path.name.split(".")
            lang = stem.pop() if len(stem) > 1 else DEFAULT_LANG
            relative = path.relative_to(SKELETON).with_name(".".join([*stem, suffix]))
            translations.setdefault(lang, {})[relative.as_posix()] = path
    return translations


def site_name(folder: str) -> str:
    """The site's name made of its folder's, as a masthead writes one: kabar-nusantara -> Kabar Nusantara (a name
    with capitals of its own is kept as it is)."""
    words = [word for word in re.split(r"[-_\s]+", folder) if word]
    return " ".join(word.capitalize() if folder.islower() else word for word in words) or folder


def settings_file(settings: dict[str, object]) -> str:
    """kabar.yml with every setting: those of SETTINGS set, the rest commented out at its default."""
    lines = [
        "# Settings of this kabar site. Every setting is optional: the value shown is the default.",
        "# Remove the '# ' in front of a setting to change it.",
    ]
    for field in dataclasses.fields(Config):
        default = getattr(Config(), field.name)
        if field.name == "menus":  # the defaults: see the README
            default = {}
        elif field.name == "markdown":  # its engine alone, the rest being python-markdown's
            default = {"engine": default.engine}
        elif field.name == "comments":  # a live server's own settings have no default
            default = {"imported": default.imported, "live": default.live}
        elif field.name == "images":  # every key
            default = {key: list(value) if isinstance(value, tuple) else value for key, value in _fields_of(default)}
        elif dataclasses.is_dataclass(default):
            default = dataclasses.asdict(default)
        elif field.name in ("redirects", "authors", "categories"):
            default = {}
        lines.append("")
        lines.append(f"# {SETTINGS_HELP[field.name]}")
        if field.name in settings:
            lines.append(f"{field.name}: {_yaml(settings[field.name])}")
        else:
            lines.append(f"# {field.name}: {_yaml(default)}")
    return "\n".join(lines) + "\n"


def _fields_of(settings: object) -> list[tuple[str, object]]:
    """A settings dataclass's fields and values, in order."""
    return [(field.name, getattr(settings, field.name)) for field in dataclasses.fields(settings)]


def _yaml(value: object) -> str:
    """VALUE as one line of YAML (quoted only when it must be)."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _write_new(path: Path, text: str, why: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        raise BuildError([Problem(str(path), None, f"already exists; {why}")]) from None
