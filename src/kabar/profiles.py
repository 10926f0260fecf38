"""Part of config: kabar.yml's `authors:` and `categories:`, what the site says of each author and category, shown on
their pages (see templates/list.html).

    authors:
      Ayu Santoso:                    # the name as articles write it in `author:`
        role: Wartawan Nasional
        bio: Meliput politik dan pemilu sejak 2015.
        photo: /images/penulis/ayu-santoso.jpg
        links: [https://x.com/ayusantoso, https://www.linkedin.com/in/ayusantoso]
    categories:
      Nasional:                       # the name as articles write it in `category:`
        description: Politik, hukum dan peristiwa dari seluruh Indonesia.

A name is matched by its slug, as its page's address is made. Every mistake is a (line, message) pair; the caller
reports them with kabar.yml's others.
"""

from __future__ import annotations

from collections.abc import Callable

from . import urls
from .errors import suggestion
from .models import AuthorProfile, CategoryProfile, Config
from .unseen import visible

KEYS = {"authors": ("role", "bio", "photo", "links"), "categories": ("description",)}
WEB = "an http(s) URL"
PHOTO = "/foto/ayu.jpg"


def settings_from(section: str, value: object, lines: dict) -> tuple[tuple, list[tuple[int | None, str]]]:
    """kabar.yml's SECTION (authors or categories) VALUE as AuthorProfiles or CategoryProfiles (in its order), and the
    problems in it as (line, message); LINES: kabar.yml's, nested ones included (see yamlload.load_mapping)."""
    keys = KEYS[section]

    def line_of(*path: object) -> int | None:
        for end in range(len(path), -1, -1):  # the line of the key itself, else of the nearest one around it
            if (section, *path[:end]) in lines:
                return lines[(section, *path[:end])]
        return lines.get(section)

    if not isinstance(value, dict):
        return (), [(line_of(), f"{section}: must be a name on each line, with {' or '.join(keys)}: under it")]
    made, problems, slugs = [], [], {}
    for name, given in value.items():
        shown = f"{section}.{name}"
        slug = urls.slugify(str(name))
        if not slug:
            problems.append((line_of(name), f"{shown}: the name has no letters or digits to make a URL from"))
            continue
        if slug in slugs:
            problems.append((line_of(name), f"{shown}: is {slugs[slug]!r} spelt another way: give it once"))
            continue
        slugs[slug] = name
        given = {} if given is None else given
        if not isinstance(given, dict):
            problems.append((line_of(name), f"{shown}: must be 'key: value' lines: {', '.join(keys)}"))
            continue
        found = [(line_of(name, key), message) for key, message in _problems(given, shown, keys)]
        if found:
            problems += found
            continue
        made.append(_MAKE[section](visible(str(name)), slug, given, line_of(name)))
    return (tuple(made) if not problems else ()), sorted(problems, key=lambda problem: problem[0] or 0)


def _author(name: str, slug: str, given: dict, line: int | None) -> AuthorProfile:
    return AuthorProfile(
        name=name,
        slug=slug,
        role=_text(given.get("role")),
        bio=_text(given.get("bio")),
        photo=str(given.get("photo") or "").strip(),
        links=tuple(_listed(given.get("links") or [])),
        line=line,
    )


def _category(name: str, slug: str, given: dict, line: int | None) -> CategoryProfile:
    return CategoryProfile(name=name, slug=slug, description=_text(given.get("description")), line=line)


_MAKE: dict[str, Callable[[str, str, dict, int | None], object]] = {"authors": _author, "categories": _category}


def _text(value: object) -> str:
    return visible(str(value or "")).strip()


def _problems(given: dict, shown: str, keys: tuple[str, ...]) -> list[tuple[str, str]]:
    """Each mistake in one entry's keys, as (key, message)."""
    problems = []
    for key, value in given.items():
        if key not in keys:
            message = f"unknown setting '{shown}.{key}'{suggestion(str(key), keys)}"
        elif key in ("role", "bio", "description"):
            text = isinstance(value, str | int | float) and not isinstance(value, bool)
            message = None if text else f"{shown}.{key}: {value!r} must be text"
        elif key == "photo":
            safe = isinstance(value, str) and urls.is_safe_link(value.strip())
            message = None if safe else f"{shown}.photo: {value!r} must be a path on the site, like {PHOTO}, or {WEB}"
        else:
            wrong = [link for link in _listed(value) if not (isinstance(link, str) and urls.is_absolute_web_url(link))]
            message = f"{shown}.links: {wrong[0]!r} must be {WEB}, like https://x.com/ayusantoso" if wrong else None
        if message:
            problems.append((key, message))
    return problems


def _listed(value: object) -> list:
    return value if isinstance(value, list) else [value]


def authors_by_url(config: Config) -> dict[str, AuthorProfile]:
    """CONFIG's author profiles by the address of the author's page (as articles' authors have it)."""
    return {urls.author_url(profile.slug, config.permalinks.author): profile for profile in config.authors}


def categories_by_url(config: Config) -> dict[str, CategoryProfile]:
    """CONFIG's category profiles by the address of the category's page."""
    return {urls.category_url(profile.slug, config.permalinks.category): profile for profile in config.categories}
