"""The redirects stage's files for hosts that answer with a real 301: /_redirects (Netlify, Cloudflare Pages) and
/kabar-redirects.nginx.map (nginx), from the site's old addresses (see redirects.py).

An old address with a query string (WordPress's /?p=123) is matched by the arguments it names, whatever others a
shared link adds to them (/?p=123&utm_source=wa, /?fbclid=x&p=123), wherever the host can say so.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote

from .models import Redirect

NETLIFY_FILE = "/_redirects"
NGINX_FILE = "/kabar-redirects.nginx.map"
NGINX_ARGUMENT = re.compile(r"[A-Za-z0-9_]+")  # what nginx's $arg_NAME can name


def netlify_redirects(redirects: list[Redirect]) -> str:
    """/_redirects: `old new 301` a line. An old address with a query string is written as Netlify matches one
    (`/ p=123 /new/ 301`: the parameters it requires), before the others, since the first rule that matches wins;
    Cloudflare Pages, which matches paths only, skips such lines."""
    with_query = [r for r in redirects if "?" in r.old]
    lines = []
    for redirect in sorted(with_query, key=lambda r: r.old):
        path, _, query = redirect.old.partition("?")
        parameters = " ".join(f"{key}={value}" for key, value in parse_qsl(query, keep_blank_values=True))
        lines.append(f"{path} {parameters} {redirect.new} 301")
    lines += [f"{r.old} {r.new} 301" for r in sorted(redirects, key=lambda r: r.old) if "?" not in r.old]
    return "# Old addresses of this site, made by kabar: see its README (Redirects).\n" + "\n".join(lines) + "\n"


def nginx_map(redirects: list[Redirect]) -> str:
    """nginx maps, chained, that set $kabar_redirect to where an old address leads: by the decoded path ($uri); else
    by the path and the arguments an old address names ("$uri?p=$arg_p", a hash lookup however many addresses),
    whatever other arguments come with them; else, for a query nginx cannot take apart (an argument without a
    value, which an absent one would equal, or one named twice), by the address as sent ($request_uri)."""
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
    maps = [("$uri", [(unquote(r.old), r.new) for r in redirects if "?" not in r.old])]
    for names, entries in sorted(by_arguments.items()):
        maps.append(('"$uri?' + "&".join(f"{name}=$arg_{name}" for name in names) + '"', entries))
    if as_sent:
        maps.append(("$request_uri", as_sent))
    lines = ["# Old addresses of this site, made by kabar: include it in nginx's http block (see kabar's README)."]
    for n, (source, entries) in enumerate(maps):
        fallback = f"$kabar_redirect_{n + 1}" if n + 1 < len(maps) else '""'
        lines += [f"map {source} $kabar_redirect{f'_{n}' if n else ''} {{", f"    default {fallback};"]
        lines += [f'    "{old}" "{new}";' for old, new in sorted(entries)]
        lines.append("}")
    return "\n".join(lines) + "\n"
