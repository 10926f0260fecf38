"""Part of config: kabar.yml's `comments:`, checked into CommentSettings.

    comments:
      imported: true        # show the comments kept beside articles (<stem>.comments.yml); default true
      live: none            # none (default) | isso | giscus
      isso: {url: https://komentar.kabar.example/}
      giscus: {repo: owner/name, repo_id: ..., category: ..., category_id: ..., mapping: pathname}

Every mistake is a (line, message) pair; the caller reports them with kabar.yml's others.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .errors import did_you_mean, suggestion
from .models import CommentSettings, GiscusSettings, IssoSettings
from .urls import is_absolute_web_url

KEYS = ("imported", "live", "isso", "giscus")
LIVE = ("none", "isso", "giscus")
GISCUS_REQUIRED = ("repo", "repo_id", "category", "category_id")
GISCUS_KEYS = (*GISCUS_REQUIRED, "mapping")
# What giscus can find a discussion by without a term of its own ("specific" and "number" need one).
GISCUS_MAPPINGS = ("pathname", "url", "title", "og:title")
REPO = re.compile(r"[A-Za-z0-9-]+/[A-Za-z0-9._-]+")

LineOf = Callable[[tuple], int | None]


def settings_from(value: object, lines: dict) -> tuple[CommentSettings, list[tuple[int | None, str]]]:
    """kabar.yml's `comments:` VALUE as CommentSettings, and the problems in it as (line, message), by line;
    LINES: kabar.yml's, nested ones included (see yamlload.load_mapping)."""

    def line_of(path: tuple) -> int | None:
        for end in range(len(path), -1, -1):  # the line of the key itself, else of the nearest one around it
            if ("comments", *path[:end]) in lines:
                return lines[("comments", *path[:end])]
        return lines.get("comments")

    settings, problems = _settings(value, line_of)
    return settings, sorted(problems, key=lambda problem: problem[0] or 0)


def _settings(value: object, line_of: LineOf) -> tuple[CommentSettings, list]:
    if not isinstance(value, dict):
        return CommentSettings(), [(line_of(()), "comments: must be 'key: value' lines: imported, live, isso, giscus")]
    problems = _unknown(value, KEYS, "comments", line_of, ())
    imported = value.get("imported", True)
    if not isinstance(imported, bool):
        problems.append((line_of(("imported",)), f"comments.imported: {imported!r} must be true or false"))
    live = value.get("live", "none")
    if live not in LIVE:
        guess = did_you_mean(str(live), LIVE)
        hint = f"; did you mean '{guess}'?" if guess else ""
        problems.append((line_of(("live",)), f"comments.live: {live!r} must be none, isso or giscus{hint}"))
    isso, found = _isso(value.get("isso"), live == "isso", line_of)
    problems += found
    giscus, found = _giscus(value.get("giscus"), live == "giscus", line_of)
    problems += found
    if problems:
        return CommentSettings(), problems
    return CommentSettings(imported=imported, live=live, isso=isso, giscus=giscus), []


def _unknown(given: dict, known: tuple[str, ...], name: str, line_of: LineOf, at: tuple) -> list:
    problems = []
    for key in given:
        if key not in known:
            hint = suggestion(str(key), known)
            problems.append((line_of((*at, key)), f"unknown setting '{name}.{key}'{hint}"))
    return problems


def _isso(value: object, wanted: bool, line_of: LineOf) -> tuple[IssoSettings | None, list]:
    """The Isso server's settings; WANTED: live is isso, so they must be there."""
    if value is None:
        message = "comments.live is isso: add 'isso: {url: https://komentar.kabar.example/}', your Isso server"
        return None, [(line_of(("live",)), message)] if wanted else []
    if not isinstance(value, dict):
        return None, [(line_of(("isso",)), "comments.isso: must be 'key: value' lines: url")]
    problems = _unknown(value, ("url",), "comments.isso", line_of, ("isso",))
    url = value.get("url")
    if url is None:
        problems.append((line_of(("isso",)), "comments.isso: add 'url:', the address of your Isso server"))
    elif not isinstance(url, str) or not is_absolute_web_url(url):
        message = f"comments.isso.url: {url!r} must be an absolute http(s) URL, like https://komentar.kabar.example/"
        problems.append((line_of(("isso", "url")), message))
    if problems:
        return None, problems
    return IssoSettings(url=url.rstrip("/") + "/"), []


def _giscus(value: object, wanted: bool, line_of: LineOf) -> tuple[GiscusSettings | None, list]:
    """The giscus settings; WANTED: live is giscus, so they must be there."""
    keys = ", ".join(GISCUS_REQUIRED)
    if value is None:
        message = f"comments.live is giscus: add 'giscus:' with {keys} (giscus.app gives them for your repository)"
        return None, [(line_of(("live",)), message)] if wanted else []
    if not isinstance(value, dict):
        return None, [(line_of(("giscus",)), f"comments.giscus: must be 'key: value' lines: {keys}, mapping")]
    problems = _unknown(value, GISCUS_KEYS, "comments.giscus", line_of, ("giscus",))
    for key in GISCUS_REQUIRED:
        given = value.get(key)
        if given is None:
            message = f"comments.giscus: add '{key}:' (giscus.app gives it for your repository)"
            problems.append((line_of(("giscus",)), message))
        elif not isinstance(given, str | int) or isinstance(given, bool) or not str(given).strip():
            problems.append((line_of(("giscus", key)), f"comments.giscus.{key}: {given!r} must be text"))
    repo = value.get("repo")
    if isinstance(repo, str) and not REPO.fullmatch(repo):
        message = f"comments.giscus.repo: {repo!r} must be a GitHub repository, like owner/name"
        problems.append((line_of(("giscus", "repo")), message))
    mapping = value.get("mapping", "pathname")
    if mapping not in GISCUS_MAPPINGS:
        message = f"comments.giscus.mapping: {mapping!r} must be one of {', '.join(GISCUS_MAPPINGS)}"
        problems.append((line_of(("giscus", "mapping")), message))
    if problems:
        return None, problems
    given = {key: str(value[key]).strip() for key in GISCUS_REQUIRED}
    return GiscusSettings(**given, mapping=mapping), []
