"""Stage 1: read and validate kabar.yml into a Config.

Every key is optional; unknown keys and wrong types are all reported at once.
"""

from __future__ import annotations

import dataclasses
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from . import comment_settings, markdown_engines, permalinks, profiles
from .errors import BuildError, Problem, decode_utf8, did_you_mean, read_regular, suggestion
from .menus import menus_from
from .models import Config
from .subpath import path_problem
from .unseen import visible
from .urls import is_absolute_web_url, is_safe_link
from .yamlload import YamlError, load_mapping

CONFIG_FILE = "kabar.yml"
FIELDS = {f.name: f for f in dataclasses.fields(Config)}
POSITIVE_INTS = ("per_page", "feed_items", "related")
BOOLEANS = ("search", "safe_html")
INDONESIAN_ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}  # as clocks name them


def load_config(root: Path) -> Config:
    """Read ROOT/kabar.yml if it exists; defaults otherwise."""
    path = root / CONFIG_FILE
    if not path.exists():
        return Config()
    shown = str(path)
    text = decode_utf8(read_regular(path, shown), shown).replace("\r\n", "\n").replace("\r", "\n")
    try:
        data, lines = load_mapping(text, nested=True)
    except YamlError as exc:
        raise BuildError([Problem(shown, exc.line, exc.message)]) from None
    problems = []
    values = {}
    for key, value in data.items():
        line = lines.get(key)
        if isinstance(value, str):  # a "\x01" escape: XML cannot hold it, and no reader would see it
            value = visible(value)
        if key not in FIELDS:
            hint = suggestion(str(key), FIELDS)
            problems.append(Problem(shown, line, f"unknown setting '{key}'{hint}"))
            continue
        if value is None:
            default = FIELDS[key].default
            shown_default = str(default).lower() if isinstance(default, bool) else repr(default)
            if key == "markdown":
                shown_default = f"engine: {default.engine}"
            if key == "menus":
                shown_default = "every category in the bar, the pages in the footer"
            elif key in ("permalinks", "redirects", "authors", "categories"):
                shown_default = "today's URLs" if key == "permalinks" else "none"
            elif key == "comments":
                shown_default = f"imported: true, live: {default.live}"
            elif key == "images":
                shown_default = f"widths: {list(default.widths)}"
            message = f"{key} is empty: give it a value, or remove the line for the default ({shown_default})"
        elif key in ("markdown", "menus"):
            value, found = (markdown_engines.settings_from if key == "markdown" else menus_from)(value, lines)
            problems.extend(Problem(shown, at, message) for at, message in found)
            message = None
        elif key in ("permalinks", "redirects"):
            if key == "permalinks":
                value, found = permalinks.settings_from(value, lines)
            else:
                value, found = permalinks.redirects_from(value, lines, shown)
            problems.extend(Problem(shown, at, message) for at, message in found)
            message = None
        elif key in ("authors", "categories"):
            value, found = profiles.settings_from(key, value, lines)
            problems.extend(Problem(shown, at, message) for at, message in found)
            message = None
        elif key == "comments":
            value, found = comment_settings.settings_from(value, lines)
            problems.extend(Problem(shown, at, message) for at, message in found)
            message = None
        elif key == "images":
            from .imaging import settings_from  # here: it imports Pillow, which a site without `images:` need not

            value, found = settings_from(value, lines)
            problems.extend(Problem(shown, at, message) for at, message in found)
            message = None
        else:
            message = _check(key, value)
        if message:
            problems.append(Problem(shown, line, message))
        else:
            values[key] = _as_given(key, value)
    if problems:
        raise BuildError(problems)
    return Config(**values)


def _check(key: str, value: object) -> str | None:
    """What is wrong with one setting's value, or None."""
    if key in POSITIVE_INTS:
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            return f"{key}: {value!r} must be a whole number of at least 1"
        return None
    if key in BOOLEANS:
        return None if isinstance(value, bool) else f"{key}: {value!r} must be true or false"
    if not isinstance(value, str):
        return f"{key}: {value!r} must be text"
    if key == "websub_hub" and value and not (is_safe_link(value) and urlsplit(value).scheme):
        return f"websub_hub: {value!r} must be an absolute http(s) URL, like https://pubsubhubbub.appspot.com/"
    if key == "base_url":
        return _base_url_problem(value)
    if key == "logo" and not is_safe_link(value):
        return f"logo: {value!r} must be a path on the site, like /logo.png, or an http(s) URL"
    if key == "share_image" and value and not is_safe_link(value):
        return f"share_image: {value!r} must be a path on the site, like /images/bagikan.jpg, or an http(s) URL"
    if key == "timezone":
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            named = INDONESIAN_ZONES.get(value.strip().upper()) or did_you_mean(value, zoneinfo.available_timezones())
            hint = f": did you mean {named}?" if named else " (like Asia/Jakarta or UTC)"
            return f"timezone: {value!r} is not a known time zone{hint}"
    if key == "lang":
        from babel import Locale, UnknownLocaleError

        try:
            Locale.parse(value.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            return f"lang: {value!r} is not a known language code (like id or en)"
    return None


def _as_given(key: str, value: object) -> object:
    """A checked setting as the site uses it: base_url as every absolute URL starts, lang as the web writes a
    language (BCP 47: pt-BR, which kabar.yml may give as Babel writes it, pt_BR) in <html lang>, feeds, JSON-LD."""
    if key == "base_url":
        return site_address(value)
    if key == "lang":
        return value.replace("_", "-")
    return value


def _base_url_problem(value: str) -> str | None:
    if not is_absolute_web_url(value):
        return f"base_url: {value!r} must be an absolute http(s) URL, like https://kabar.example"
    parts = urlsplit(value)
    if "@" in parts.netloc:  # the value is not quoted: it may hold a password
        bare = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2])).rstrip("/")
        return f"base_url: a site's address has no user or password: write {bare}"
    try:
        site_address(value)
    except UnicodeError:
        return f"base_url: {value!r} has no valid host name: letters and digits, with '-' inside, between dots"
    return path_problem(value)  # a site under a path (https://owner.github.io/repo): see subpath.py


def site_address(url: str) -> str:
    """URL (a valid base_url) as every absolute URL of the site starts: no trailing slash, and a host in another
    script than ASCII in IDNA (`berita.désa.id` is `berita.xn--dsa-bma.id`), as DNS, sitemaps and feeds take it.

    Raises UnicodeError for a host that IDNA cannot encode."""
    url = url.rstrip("/")
    parts = urlsplit(url)
    if parts.netloc.isascii():
        return url
    host, colon, port = parts.netloc.partition(":")  # no IPv6 address ([::1]) is written outside ASCII
    import idna  # here: most sites' hosts are ASCII. IDNA 2008 with UTS 46, as browsers map names (Python's is 2003)

    ascii_host = idna.encode(host, uts46=True).decode("ascii")
    return urlunsplit(parts._replace(netloc=ascii_host + colon + port))


def with_base_url(config: Config, url: str) -> Config:
    """CONFIG with base_url replaced (kabar build --base-url); a URL that is not absolute http(s) is a problem."""
    message = _check("base_url", url)
    if message:
        raise BuildError([Problem("--base-url", None, message.replace("base_url: ", "", 1))])
    return dataclasses.replace(config, base_url=site_address(url))
