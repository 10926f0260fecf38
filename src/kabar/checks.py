"""Content checks: what a build can make but a reader would trip over.

After every page, feed and file of a build is known (and before anything is
written), `check_site` looks at each published article (and page) for links to pages or
files the site does not have, links to a Markdown source instead of its URL (see links.py),
missing images, duplicate titles, a missing summary (when the theme shows
one) and the placeholder text `kabar new` writes; and at a category bar entry
for the front page, which the bar has already.
The results are warnings; with --strict they are problems and the build stops.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import NamedTuple

from . import state, urls
from .check_memo import CheckMemo
from .config import CONFIG_FILE
from .corrections import before_story
from .errors import BuildError, Problem, did_you_mean
from .fingerprint import StatTable
from .frontmatter import MissingFrontMatter, key_line, source_lines, split_front_matter
from .incremental import LastBuild
from .leftovers import LIKELY as LIKELY_LEFTOVER
from .leftovers import leftovers
from .links import FRAGMENT_LINK, LinkChecker
from .menus import front_page_entries
from .models import PLACEHOLDER_BODY, Article, Config, Site
from .moments import instant
from .options import Options
from .parallel import chunked, fan_out
from .previewed_moves import published_before
from .theme import templates_dirs
from .words import has_words_for


def run_checks(
    site: Site,
    output,
    last: LastBuild,
    options: Options,
    unloaded: tuple[str, ...] = (),
    moved: tuple = (),
    previewed: Mapping[str, str] = MappingProxyType({}),
) -> list[Problem]:
    """The checks stage: SITE's warnings, against the files OUTPUT makes; an article unchanged since the last
    build, in a site that makes the same files, keeps its link warnings without being checked again.

    UNLOADED: article files that a problem in their front matter kept off the site; their links are checked too
    (those that do not depend on the article's own URL), so that one run reports a file's mistakes and its links.
    MOVED: (as the last build had it, as now) of each edited article whose URL changed. PREVIEWED: the address each
    story had on the site when a preview changed it, by its file (see previewed_moves.py).
    """
    memo = last.link_checks(site, output)
    files = output.origin.keys
    warnings = check_site(
        site, output.has, options.content_dir, options.root, options.strict, memo, files, unloaded, options.workers
    )
    links = LinkChecker(site, output.has, options.content_dir, files, unloaded)
    warnings += [warning for path in unloaded for warning in links.check(_unloaded(path))]
    warnings += _moved(moved, previewed, site, instant(options.now)) + _updated_later(site, options.now)
    warnings += _profiles(site, output.has) + _settings_pictures(site.config, output.has)
    if not unloaded:  # else a category may be missing only for now, its stories among the files with problems
        warnings += _categories_gone(last, output.has)
    warnings.sort(key=lambda p: (p.path, p.line or 0))  # each file's, in the order of its lines
    if options.strict and warnings:
        raise BuildError(warnings)
    return warnings


def _moved(moved: tuple, previewed: Mapping[str, str], site: Site, now: int) -> list[Problem]:
    """A story that was published and whose address an edit changed (a new title makes a new slug), in this build
    (MOVED) or in a preview since the last one (PREVIEWED): the links to it shared already would lead nowhere, unless
    its old address is kept as an alias."""
    published = site.links  # by the URL of each story on the site
    was = {**previewed, **published_before(moved, now)}  # this build's own edit first: the address the cache had
    if not was:
        return []
    found = []
    for after in site.articles:
        if (old := was.get(str(after.source))) is None:
            continue
        if after.url == old or after.url not in published or old in published:
            continue  # back at its address, not on the site now, or another story has its old address now
        if old in after.aliases:
            continue  # kept: it leads here
        message = (
            f"its address changes from {old} to {after.url}: links to it shared already would lead nowhere; "
            f"add 'aliases: [{old}]' to lead them here, or a 'slug:' that keeps the old address"
        )
        found.append(Problem(str(after.source), after.url_line, message))
    return found


class _Unloaded(NamedTuple):
    """An article file whose front matter stopped it, as far as its links can be checked: it has no URL."""

    source: str
    body_html: str
    url: None = None
    image: None = None


def _unloaded(path: str) -> _Unloaded:
    """The article file at PATH with its body rendered (none if it cannot be read, split or rendered quickly)."""
    from .body import to_html
    from .limits import over_budget
    from .unseen import visible

    try:
        body = visible(split_front_matter(Path(path).read_text(encoding="utf-8-sig")).body)
    except (OSError, UnicodeDecodeError, MissingFrontMatter):
        return _Unloaded(path, "")
    return _Unloaded(path, "" if over_budget(body) else to_html(body))


def check_site(
    site: Site,
    has_file: Callable[[PurePosixPath], bool],
    content_dir: Path,
    root: Path,
    strict: bool = False,
    memo: CheckMemo | None = None,
    files: Callable[[], Iterable[str]] = tuple,
    unloaded: tuple[str, ...] = (),
    jobs: int = 1,
) -> list[Problem]:
    """Warnings about SITE's articles; HAS_FILE tells whether the build makes a file (relative to the output), FILES
    gives them all (asked only for a missing one's suggestion). UNLOADED: the article files that could not be loaded.

    MEMO (see check_memo.py) gives an article's warnings from the last build when nothing they depend on
    changed, and keeps this build's for the next. With STRICT, any warning raises BuildError. Many articles to
    check are checked over JOBS worker processes.
    """
    links = LinkChecker(site, has_file, content_dir, files, unloaded)
    articles = site.articles
    recalled = memo.recall(articles) if memo is not None else [None] * len(articles)
    todo = [index for index, found in enumerate(recalled) if found is None]
    jobs = jobs if len(todo) >= CHECKED_IN_WORKERS else 1
    checked = fan_out(_check_part, chunked(todo, jobs), jobs, (links, articles))
    for index, (found, across_articles) in zip(todo, itertools.chain.from_iterable(checked), strict=True):
        recalled[index] = found
        if memo is not None:
            memo.keep(articles[index], found, across_articles)
    warnings = list(itertools.chain.from_iterable(recalled))
    for page in site.pages:  # a few, checked every time
        warnings += links.check(page)
    warnings += _duplicate_titles(site.articles)
    warnings += _lone_categories(site)
    if _theme_shows_summaries(root):
        warnings += [
            Problem(
                str(a.source),
                _key_line(a, "summary") or _body_start(a),
                "has no summary and no first paragraph to take one from: add a 'summary: ...' line "
                "(the theme shows it under the headline in listings)",
            )
            for a in site.articles
            if not a.summary.strip()
        ]
    warnings += _language_without_words(site.config.lang, root)
    warnings += front_page_entries(site.config.menus)
    warnings.sort(key=lambda p: (p.path, p.line or 0))
    if strict and warnings:
        raise BuildError(warnings)
    return warnings


# From this many articles to check (a first build, or one after a story was added: the files made changed), they are
# checked over the workers: 0.2 ms an article here, against some 20 ms to fork each worker of a site of 10,000.
CHECKED_IN_WORKERS = 1_000
SMALLEST_PHOTO = 200  # pixels wide, that a link preview takes
WRITTEN_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")  # <b>, </i>, <a href="...">


def _check_part(shared: tuple[LinkChecker, Sequence[Article]], indexes: Sequence[int]) -> list[tuple]:
    """In a worker (or here): the warnings of each article of SHARED's at INDEXES, and whether they depend on other
    articles (a link to a #fragment of one). Each body is read only now (bodies stay in the article cache till a
    page needs one)."""
    links, articles = shared
    found = []
    for index in indexes:
        article = articles[index]
        found.append((_article_warnings(article, links), bool(FRAGMENT_LINK.search(article.body_html))))
    return found


def _article_warnings(article: Article, links: LinkChecker) -> list[Problem]:
    """What is wrong in ARTICLE itself (its links are checked against the whole site)."""
    found = [*links.check(article), *_placeholders(article), *_categories(article), *_own_aliases(article)]
    found += _updated_before(article) + _corrected_before(article) + _markup_in_summary(article)
    found += _small_photo(article)
    if LIKELY_LEFTOVER.search(article.body_html):
        text = "\n".join(_source_lines(article))
        found += [Problem(str(article.source), line, message) for line, message in leftovers(article.body_html, text)]
    return found


def _markup_in_summary(article: Article) -> list[Problem]:
    """An HTML tag written in `summary:`, which cards, feeds and link previews show as written (a summary is text)."""
    found = WRITTEN_TAG.search(article.summary) if "<" in article.summary else None
    if found is None or (line := _key_line(article, "summary")) is None:  # a first paragraph's text has none
        return []
    message = f"summary: {found[0]} shows as written, in cards, feeds and link previews: a summary is plain text"
    return [Problem(str(article.source), line, message)]


def _small_photo(article: Article) -> list[Problem]:
    """A story's photo too small for a link preview (Facebook's takes 200 pixels or more), which the
    page and the cards show stretched too (an imported site's thumbnail, say)."""
    if not article.image or article.image_size is None or article.image_size[0] >= SMALLEST_PHOTO:
        return []
    width, height = article.image_size
    message = (
        f"image: {article.image} is {width}x{height} pixels: the page shows it stretched, and link previews take "
        f"{SMALLEST_PHOTO} or more (1200 wide shows best): use a larger one"
    )
    return [Problem(str(article.source), _key_line(article, "image"), message)]


def _placeholders(article: Article) -> list[Problem]:
    return [
        Problem(str(article.source), _line_of(article, text), f"still has the placeholder text {text!r} from kabar new")
        for text in PLACEHOLDER_BODY.values()
        if text in article.body_html
    ]


def _updated_before(article: Article) -> list[Problem]:
    """An `updated:` before the story's date: its page would say it was updated before it was published."""
    if article.updated is None or article.updated >= article.date:
        return []
    message = f"updated: {before_story(article.updated, article.date)}: correct it, or remove the line"
    return [Problem(str(article.source), _key_line(article, "updated"), message)]


def _corrected_before(article: Article) -> list[Problem]:
    """A correction dated before the story: its note would say it was added before the story was published."""
    return [
        Problem(
            str(article.source),
            _key_line(article, "corrections"),
            f"corrections: one dated {before_story(c.date, article.date)}: correct its date",
        )
        for c in article.corrections
        if c.date < article.date
    ]


def _updated_later(site: Site, now: dt.datetime) -> list[Problem]:
    """An `updated:`, or a correction, after the time of the build (2027 for 2026): the page, the feeds and the
    sitemap would say the story changed in the future (a correction's date is its dateModified too); a retraction
    so dated, too. Checked each build, not kept with an article's warnings: time passes. The stories' dates compared
    as instants (at 100,000 articles, as aware datetimes: 0.09 s; as ints, 0.007 s)."""
    found, now_instant = [], instant(now)
    for a in site.articles:
        if a.instant > now_instant:  # a story still to come (kabar serve)
            continue
        if a.updated is not None and a.updated > now:
            found.append(Problem(str(a.source), _key_line(a, "updated"), f"updated: {_later(a.updated, now)}"))
        if a.corrections:
            found += [
                Problem(str(a.source), _key_line(a, "corrections"), f"corrections: one dated {_later(c.date, now)}")
                for c in a.corrections
                if c.date > now
            ]
    found += [  # its page would say it was withdrawn in the future
        Problem(
            str(a.source), _key_line(a, "retracted"), f"retracted: {_later(a.retracted.date, now, 'correct its date')}"
        )
        for a in site.retracted
        if a.retracted.date > now
    ]
    return found


def _later(moment: dt.datetime, now: dt.datetime, advice: str = "correct it, or remove the line") -> str:
    shown_now = now.astimezone(moment.tzinfo).isoformat(" ", "minutes")
    return f"{moment.isoformat(' ', 'minutes')} is later than now ({shown_now}): {advice}"


def _own_aliases(article: Article) -> list[Problem]:
    """An old address that is the article's URL now: nothing to lead anywhere (redirects.py leaves it out)."""
    return [
        Problem(
            str(article.source), _line_of(article, alias), f"{alias} is the article's own URL: remove it from aliases"
        )
        for alias in article.aliases
        if alias == article.url
    ]


ONE = {"authors": "author", "categories": "category"}


def _profiles(site: Site, has_file: Callable[[PurePosixPath], bool]) -> list[Problem]:
    """An author or category kabar.yml's `authors:` or `categories:` says something of, that no story has (a name
    spelt otherwise: it would show nowhere); an author's photo that is a path the site does not have."""
    found = []
    if not site.config.authors and not site.config.categories:  # most sites: no pass over every story's authors
        return found
    authors = {author.slug: author.name for article in site.articles for author in article.authors}
    categories = {category.slug: category.name for category in site.categories}
    for section, named, had in (
        ("authors", site.config.authors, authors),
        ("categories", site.config.categories, categories),
    ):
        for profile in named:
            if profile.slug not in had:
                guess = did_you_mean(profile.name, list(had.values()))
                hint = f"; did you mean {guess!r}?" if guess else " (it shows on that page)"
                message = f"{section}: {profile.name!r} is no story's {ONE[section]}{hint}"
                found.append(Problem(CONFIG_FILE, profile.line, message))
    for profile in site.config.authors:
        if _not_made(profile.photo, has_file):
            message = f"authors.{profile.name}.photo: {profile.photo} is not a file of the site (put it under static/)"
            found.append(Problem(CONFIG_FILE, profile.line, message))
    return found


def _settings_pictures(config: Config, has_file: Callable[[PurePosixPath], bool]) -> list[Problem]:
    """kabar.yml's logo and share_image, when they are paths the site does not have (search engines and link
    previews would show nothing)."""
    return [
        Problem(CONFIG_FILE, None, f"{key}: {path} is not a file of the site (put it under static/)")
        for key, path in (("logo", config.logo), ("share_image", config.share_image))
        if _not_made(path, has_file)
    ]


def _categories_gone(last: LastBuild, has_file: Callable[[str], bool]) -> list[Problem]:
    """A category's page and feed that the last build published and this one does not make (the category renamed, or
    its last story gone): links to the page and the feed's readers would find nothing, unless kabar.yml's redirects
    lead them on (an old feed address holds the feed). Said by the build that drops them. Only categories have a
    feed in a folder, so the last build's are found by their feeds' names."""
    found = []
    for feed in sorted(feed for feed in _folders_feeds(state.manifest_of(last.state)) if not has_file(feed)):
        page = f"/{feed.removesuffix(urls.FEED_FILE)}"
        gone = [page, f"/{feed}"] if not has_file(urls.output_path(page)) else [f"/{feed}"]  # the page redirected
        what = f"the category page {page} and its feed /{feed}" if len(gone) == 2 else f"the category feed /{feed}"
        keys = " and ".join(f"'{old}:'" for old in gone)
        readers = "links to the page and the feed's readers" if len(gone) == 2 else "the feed's readers"
        message = (
            f"{what}, which the last build published, {'are' if len(gone) == 2 else 'is'} gone (no story has that"
            f" category now): {readers} would find nothing; lead them on with kabar.yml's redirects ({keys}, each"
            " with the new address)"
        )
        found.append(Problem(CONFIG_FILE, None, message))
    return found


def _folders_feeds(manifest: Mapping[str, object]) -> list[str]:
    """The paths of MANIFEST that are a feed.xml in a folder: in a table's string of names, looked for in C (a test of
    each of 290,000 paths, at 100,000 articles, took 42 ms; a search of the string 12 ms)."""
    if not isinstance(manifest, StatTable):  # kabar serve's state, kept from its last build
        return [path for path in manifest if path.endswith(f"/{urls.FEED_FILE}")]
    names, end, found = manifest.names + "\0", f"/{urls.FEED_FILE}\0", []
    at = names.find(end)
    while at >= 0:
        found.append(names[names.rfind("\0", 0, at) + 1 : at + len(end) - 1])
        at = names.find(end, at + 1)
    return found


def _not_made(path: str, has_file: Callable[[PurePosixPath], bool]) -> bool:
    """Whether PATH is a path on the site (not an http(s) URL, not empty) that the build does not make."""
    return urls.is_site_path(path) and not has_file(PurePosixPath(path.lstrip("/")))


def _lone_categories(site: Site) -> list[Problem]:
    """A category only one story has, spelt like one others have ('Teknologii'): a typo, most likely, which would
    give the story a page and a place in the category bar of its own."""
    counted = {listing.title: listing.articles for listing in site.listings if listing.kind == "category"}
    shared = [name for name, articles in counted.items() if len(articles) > 1]
    found = []
    for name, articles in counted.items():
        guess = did_you_mean(name, shared) if len(articles) == 1 else None
        if guess:
            story = articles[0]
            message = (
                f"category: {name!r} is this story's alone; did you mean {guess!r}? (a category gets its own page "
                "and a place in the category bar)"
            )
            found.append(Problem(str(story.source), _key_line(story, "category"), message))
    return found


def _categories(article: Article) -> list[Problem]:
    """Jekyll's and Hugo's `categories: [a, b]`, imported: kabar made the others tags, which the author should know."""
    given = article.extra.get("categories")
    others = [name for name in given or () if isinstance(name, str) and name.strip() != article.category.name]
    if not isinstance(given, list) or not others:
        return []
    message = (
        f"categories: {given!r}: an article has one category, so it is in {article.category.name!r} and "
        f"{', '.join(map(repr, others))} became tags: write 'category: {article.category.name}' and add the others "
        "to 'tags:'"
    )
    return [Problem(str(article.source), _key_line(article, "categories"), message)]


def _language_without_words(lang: str, root: Path) -> list[Problem]:
    """A language the theme's words and the site's own strings.yml lack: its pages show the theme's English words."""
    if lang.split("-")[0] in ("id", "en") or has_words_for(templates_dirs(root), lang):  # the theme's: read no file
        return []
    message = (
        f"lang: the theme has no words in {lang!r}, so its pages show English ones "
        '("Related stories", "min read"): '
        f"give them in templates/strings.yml under '{lang}:' (see the README), or use id or en"
    )
    return [Problem("kabar.yml", None, message)]


def _duplicate_titles(articles: Sequence[Article]) -> list[Problem]:
    """Every article whose title an older article already has (published articles only)."""
    if len({_title_key(article.title) for article in articles}) == len(articles):  # as on most sites: no need to
        return []  # sort them (at 100,000 articles, 0.1 s)
    first: dict[str, Article] = {}
    problems = []
    for article in sorted(articles, key=lambda a: (a.instant, a.url)):  # oldest first
        key = _title_key(article.title)
        if key in first:
            problems.append(
                Problem(
                    str(article.source),
                    _key_line(article, "title"),
                    f"has the same title as {first[key].source}: readers cannot tell them apart in listings",
                )
            )
        else:
            first[key] = article
    return problems


def _title_key(title: str) -> str:
    return " ".join(title.casefold().split())


def _theme_shows_summaries(root: Path) -> bool:
    """Whether the templates the site uses (its own, else the theme's) show article summaries."""
    folders = templates_dirs(root)
    used: dict[str, Path] = {}
    for folder in reversed(folders):  # the site's own file replaces the theme's
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in (".html", ".xml", ".txt"):
                used[path.relative_to(folder).as_posix()] = path
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in used.values()]
    if len(folders) > 1 and any("default/" in text for text in texts):  # an override extends the theme's own
        texts += [path.read_text(encoding="utf-8", errors="replace") for path in folders[-1].rglob("*.html")]
    return any(".summary" in text for text in texts)


def _line_of(article: Article, needle: str) -> int | None:
    """The first line of the article's file holding NEEDLE, for the message; None if it cannot be read."""
    for number, line in enumerate(_source_lines(article), start=1):
        if needle in line:
            return number
    return None


def _key_line(article: Article, key: str) -> int | None:
    return key_line(str(article.source), key)


def _body_start(article: Article) -> int | None:
    lines = _source_lines(article)
    fence = lines[0].rstrip() if lines else "---"  # '+++' around TOML front matter
    fences = [n for n, line in enumerate(lines, start=1) if line.rstrip() == fence]
    return fences[1] + 1 if len(fences) > 1 else None


def _source_lines(article: Article) -> list[str]:
    return source_lines(str(article.source))
