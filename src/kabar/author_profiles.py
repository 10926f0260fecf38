"""Part of config: kabar.yml's `authors:`, each author's profile, checked into AuthorProfiles.

    authors:
      Ayu Santoso:                    # the name as articles write it in `author:`
        role: Wartawan Nasional
        bio: Meliput politik dan pemilu sejak 2015.
        photo: /images/penulis/ayu-santoso.jpg
        links: [https://x.com/ayusantoso, https://www.linkedin.com/in/ayusantoso]

Every mistake is a (line, message) pair; the caller reports them with kabar.yml's others.
"""

from __future__ import annotations

from . import urls
from .errors import suggestion
from .models import AuthorProfile, Config
from .unseen import visible

KEYS = ("role", "bio", "photo", "links")
WEB = "an http(s) URL"


def settings_from(value: object, lines: dict) -> tuple[tuple[AuthorProfile, ...], list[tuple[int | None, str]]]:
    """kabar.yml's `authors:` VALUE as AuthorProfiles (in its order), and the problems in it as (line, message);
    LINES: kabar.yml's, nested ones included (see yamlload.load_mapping)."""

    def line_of(*path: object) -> int | None:
        for end in range(len(path), -1, -1):  # the line of the key itself, else of the nearest one around it
            if ("authors", *path[:end]) in lines:
                return lines[("authors", *path[:end])]
        return lines.get("authors")

    if not isinstance(value, dict):
        return (), [
            (line_of(), "authors: must be a name on each line, with its role:, bio:, photo: or links: under it")
        ]
    profiles, problems, slugs = [], [], {}
    for name, given in value.items():
        shown = f"authors.{name}"
        slug = urls.slugify(str(name))
        if not slug:
            problems.append((line_of(name), f"{shown}: the name has no letters or digits to make a URL from"))
            continue
        if slug in slugs:
            problems.append((line_of(name), f"{shown}: is {slugs[slug]!r} spelt another way: give one profile"))
            continue
        slugs[slug] = name
        if given is None:
            given = {}
        if not isinstance(given, dict):
            problems.append((line_of(name), f"{shown}: must be 'key: value' lines: {', '.join(KEYS)}"))
            continue
        found = [(line_of(name, key), message) for key, message in _profile_problems(given, shown)]
        if found:
            problems += found
            continue
        links = given.get("links") or []
        profiles.append(
            AuthorProfile(
                name=visible(str(name)),
                slug=slug,
                role=visible(str(given.get("role") or "")).strip(),
                bio=visible(str(given.get("bio") or "")).strip(),
                photo=str(given.get("photo") or "").strip(),
                links=tuple(_listed(links)),
                line=line_of(name),
            )
        )
    return (tuple(profiles) if not problems else ()), sorted(problems, key=lambda problem: problem[0] or 0)


def _profile_problems(given: dict, shown: str) -> list[tuple[str, str]]:
    """Each mistake in one author's keys, as (key, message)."""
    problems = []
    for key, value in given.items():
        if key not in KEYS:
            message = f"unknown setting '{shown}.{key}'{suggestion(str(key), KEYS)}"
        elif key in ("role", "bio"):
            text = isinstance(value, str | int | float) and not isinstance(value, bool)
            message = None if text else f"{shown}.{key}: {value!r} must be text"
        elif key == "photo":
            safe = isinstance(value, str) and urls.is_safe_link(value.strip())
            message = (
                None if safe else f"{shown}.photo: {value!r} must be a path on the site, like /foto/ayu.jpg, or {WEB}"
            )
        else:
            wrong = [link for link in _listed(value) if not (isinstance(link, str) and urls.is_absolute_web_url(link))]
            message = f"{shown}.links: {wrong[0]!r} must be {WEB}, like https://x.com/ayusantoso" if wrong else None
        if message:
            problems.append((key, message))
    return problems


def _listed(value: object) -> list:
    return value if isinstance(value, list) else [value]


def by_url(config: Config) -> dict[str, AuthorProfile]:
    """CONFIG's author profiles by the address of the author's page (as articles' authors have it)."""
    return {urls.author_url(profile.slug, config.permalinks.author): profile for profile in config.authors}
