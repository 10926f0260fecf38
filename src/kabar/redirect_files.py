"""The redirects stage's files for hosts that answer with a real 301: /_redirects (Netlify, Cloudflare Pages), and
/kabar-redirects.nginx.map and /kabar-redirects.nginx.conf (nginx), from the site's old addresses (see redirects.py);
and /kabar-redirects.json, the old addresses a plain file host (GitHub Pages, Cloudflare Pages) cannot lead on from
(needs_script), for the theme's script on its front page and 404 page.

An old address with a query string (WordPress's /?p=123) is matched by the arguments it names, whatever others a
shared link adds to them (/?p=123&utm_source=wa, /?fbclid=x&p=123), wherever the host can say so.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from .models import Redirect

NETLIFY_FILE = "/_redirects"
NGINX_FILE = "/kabar-redirects.nginx.map"  # for nginx's http block: maps that set the site's variable
NGINX_SERVER_FILE = "/kabar-redirects.nginx.conf"  # for the site's server block: the 301 by that variable
SCRIPT_RULES_FILE = "/kabar-redirects.json"  # the old addresses a plain host cannot lead on from (script_rules)
NGINX_ARGUMENT = re.compile(r"[A-Za-z0-9_]+")  # what nginx's $arg_NAME can name
# What Netlify and Cloudflare Pages read as a pattern in a rule's path: a splat, or a placeholder (:slug).
NETLIFY_PATTERN = re.compile(r"\*|:[A-Za-z]")
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf", ".json")  # the names old feeds had (Hugo's /index.xml)


FRONT_SCRIPT = "/index.php"  # where a PHP site (WordPress) answers the queries of its front page too


def with_front_script(redirects: list[Redirect]) -> list[Redirect]:
    """REDIRECTS, and for each old address that is the front page with a query (WordPress's /?p=123) the same at
    /index.php?p=123, which the old site answered alike and old links use, unless another redirect names it."""
    named = {r.old for r in redirects}
    more = [
        r._replace(old=FRONT_SCRIPT + r.old[1:])
        for r in redirects
        if r.old.startswith("/?") and FRONT_SCRIPT + r.old[1:] not in named
    ]
    return [*redirects, *more]


def script_rules(redirects: list[Redirect]) -> str:
    """/kabar-redirects.json: each old address that needs_script, as [path, [[name, value], ...], new], the path and
    the arguments decoded as a browser's URL and URLSearchParams give them (/?s=kopi+gula: s is "kopi gula"). On a
    plain host such an address is the front page (/?p=123) or the host's 404 page (/index.php?p=123, /berita.php),
    where the theme's script looks for it here: a request must have each argument the old address names, whatever
    others a shared link adds. Of the rules of one path, those that name more arguments come first, as the first
    that matches wins (/berita.php?id=3 before /berita.php)."""
    rules = []
    for redirect in redirects:
        if needs_script(redirect.old):
            path, _, query = redirect.old.partition("?")
            pairs = parse_qsl(query, keep_blank_values=True)
            rules.append([unquote(path), [list(pair) for pair in pairs], redirect.new])
    rules.sort(key=lambda rule: (rule[0], -len(rule[1]), rule[1], rule[2]))
    return json.dumps(rules, ensure_ascii=False, separators=(",", ":")) + "\n"


def needs_script(old: str) -> bool:
    """Whether a plain file host, which has neither rules nor a page for OLD, serves its front page or 404 page there:
    an address with a query string, or one that names a file served as something else than HTML (/berita.php), but
    not an old feed's file (/index.xml, which holds a copy of the feed)."""
    return "?" in old or not (has_page(old) or is_feed_file(old))


def has_page(old: str) -> bool:
    """Whether a page can stand at OLD: not with a query string, which no file name holds, and not under a name
    static hosts serve as something else than HTML (/berita.php would be downloaded)."""
    last = old.rpartition("/")[2]
    return "?" not in old and ("." not in last or last.lower().endswith((".html", ".htm")))


def is_feed_file(old: str) -> bool:
    """Whether OLD (no query) names a file hosts serve with a feed's type (/index.xml): a copy of the feed can be it."""
    return "?" not in old and old.rpartition("/")[2].lower().endswith(FEED_SUFFIXES)


def netlify_redirects(redirects: list[Redirect]) -> str:
    """/_redirects: `old new 301` a line. An old address with a query string is written as Netlify matches one
    (`/ p=123 /new/ 301`: the parameters it requires), before the others, since the first rule that matches wins;
    Cloudflare Pages, which matches paths only, skips such lines. Cloudflare reads 2,000 other rules at most, and
    past a rule it reads as a pattern (/a/*) counts the rest as patterns, of which it reads 100: the rules for old
    addresses that have no page to fall back on come first, those that look like patterns last."""
    with_query = [r for r in redirects if "?" in r.old]
    lines = []
    for redirect in sorted(with_query, key=lambda r: r.old):
        path, _, query = redirect.old.partition("?")
        lines.append(f"{_encoded(path)} {_netlify_parameters(query)} {_encoded(redirect.new)} 301")
    paths = sorted(
        (r for r in redirects if "?" not in r.old),
        key=lambda r: (bool(NETLIFY_PATTERN.search(r.old)), has_page(r.old), r.old),
    )
    lines += [f"{_encoded(r.old)} {_encoded(r.new)} 301" for r in paths]
    return (
        "# Old addresses of this site, made by kabar: see its README (Addresses that never break).\n"
        + "\n".join(lines)
        + "\n"
    )


def _netlify_parameters(query: str) -> str:
    """QUERY as the parameters of a _redirects rule: each as the old address wrote it (name=value, split on the first
    =, never decoded: Netlify compares a parameter's value with the one a request sends, so /?s=kopi+gula is
    `s=kopi+gula`, not `s=kopi gula`, which would be two parameters), with a character that would break the line (a
    space, other characters than ASCII) %-encoded as a browser sends it; an escape written already is kept."""
    pairs = (part.partition("=") for part in query.split("&") if part)
    return " ".join(f"{_query_encoded(name)}={_query_encoded(value)}" for name, _, value in pairs)


def _query_encoded(text: str) -> str:
    """A query's name or value as a browser sends it: what it would escape %-encoded, the rest as written."""
    return quote(text, safe="%:@!$'()*+,;=/?[]~")


def _encoded(url: str) -> str:
    """URL as _redirects must give it: other characters than ASCII %-encoded (/berita/k%C3%A9dai/), as a browser
    sends them; an escape written already (%20) is kept."""
    return quote(url, safe="/%:@!$&'()*+,;=?#[]~")


def nginx_variable(base_url: str) -> str:
    """The variable the maps set, named after the site's host (kabar_redirect_berita_example): two sites served by
    one nginx each have their own (with one name, the second site's maps would replace the first's)."""
    host = urlsplit(base_url).hostname or ""
    return "kabar_redirect_" + re.sub(r"[^a-z0-9]+", "_", host.lower()).strip("_")


def nginx_server_snippet(base_url: str) -> str:
    """/kabar-redirects.nginx.conf: what the site's server block does with the variable the maps set."""
    variable = nginx_variable(base_url)
    return (
        "# Old addresses of this site, made by kabar: include it in the site's nginx server block, and\n"
        "# kabar-redirects.nginx.map in the http block (see kabar's README).\n"
        f"if (${variable}) {{ return 301 ${variable}; }}\n"
    )


def nginx_map(redirects: list[Redirect], base_url: str) -> str:
    """nginx maps, chained, that set the site's variable (nginx_variable) to where an old address leads: by the
    decoded path ($uri); else by the path and the arguments an old address names ("$uri?p=$arg_p", a hash lookup
    however many addresses), whatever other arguments come with them; else, for a query nginx cannot take apart (an
    argument without a value, which an absent one would equal, or one named twice), by the address as sent
    ($request_uri). Its first lines say how large nginx's map hash must be for these addresses."""
    by_arguments: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    as_sent = []
    for redirect in [r for r in redirects if "?" in r.old]:
        path, _, query = redirect.old.partition("?")
        pairs = sorted(pair.partition("=")[::2] for pair in query.split("&"))
        names = tuple(name for name, _ in pairs)
        if len(set(names)) < len(names) or not all(NGINX_ARGUMENT.fullmatch(n) and v for n, v in pairs):
            as_sent.append((redirect.old, redirect.new))
            continue
        key = unquote(path) + "?" + "&".join(f"{name}={value}" for name, value in pairs)  # $arg_p is as sent
        by_arguments.setdefault(names, []).append((key, redirect.new))
    by_path = {unquote(r.old): r.new for r in redirects if "?" not in r.old}
    # /lama/x as well as /lama/x/: else nginx answers the first with its own 301 to the folder, then the map's
    by_path |= {old[:-1]: new for old, new in by_path.items() if old.endswith("/") and old[:-1] not in by_path}
    maps = [("$uri", [(old, new) for old, new in by_path.items() if old])]
    for names, entries in sorted(by_arguments.items()):
        maps.append(('"$uri?' + "&".join(f"{name}=$arg_{name}" for name in names) + '"', entries))
    if as_sent:
        maps.append(("$request_uri", as_sent))
    bucket, most = map_hash_sizes([old for _, entries in maps for old, _ in entries], max(len(e) for _, e in maps))
    lines = [
        "# Old addresses of this site, made by kabar: include it in nginx's http block, and kabar-redirects.nginx.conf",
        "# in the site's server block (see kabar's README). Its addresses need, in the http block, at least:",
        f"# map_hash_bucket_size {bucket}; map_hash_max_size {most};",
    ]
    variable = nginx_variable(base_url)
    for n, (source, entries) in enumerate(maps):
        fallback = f"${variable}_{n + 1}" if n + 1 < len(maps) else '""'
        lines += [f"map {source} ${variable}{f'_{n}' if n else ''} {{", f"    default {fallback};"]
        lines += [f'    "{old}" "{new}";' for old, new in _map_keys(entries)]
        lines.append("}")
    return "\n".join(lines) + "\n"


def _map_keys(entries: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """ENTRIES (old, new) as a map's keys. nginx matches a map's strings ignoring ASCII case, and refuses to start
    on two that differ only in it (/Berita/x/ and /berita/x/): those are one key when they lead to one page, else
    each a regex that heeds case."""
    alike: dict[bytes, list[tuple[str, str]]] = {}
    for old, new in sorted(entries):
        alike.setdefault(old.encode("utf-8", "surrogateescape").lower(), []).append((old, new))
    keys = []
    for group in alike.values():
        if len({new for _, new in group}) == 1:
            keys.append(group[0])
        else:
            keys += [(f"~^{re.escape(old)}$", new) for old, new in group]
    return keys


def map_hash_sizes(keys: list[str], entries: int) -> tuple[int, int]:
    """The map_hash_bucket_size and map_hash_max_size nginx needs for KEYS, ENTRIES in its largest map: a bucket
    holds eight of the longest key (nginx refuses to start if one cannot fit, and its default, 64 bytes, fits a key
    of 46), the table twice as many buckets as entries, in powers of two (nginx's defaults: 64 and 2048)."""
    longest = max((len(key.encode("utf-8", "surrogateescape")) for key in keys), default=0)
    element = 8 + -(-(longest + 2) // 8) * 8  # a pointer, then the key and its length, aligned (ngx_hash.c)
    bucket, most = 64, 2048
    while bucket < 8 * element + 8:
        bucket *= 2
    while most < 2 * entries:
        most *= 2
    return bucket, most
