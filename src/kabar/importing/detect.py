"""Which kind of site or export a SOURCE is, from its files alone (nothing in it is run)."""

from __future__ import annotations

from pathlib import Path

from ..errors import BuildError, Problem

KINDS = ("wordpress", "jekyll", "hugo", "zola", "pelican", "feed")
HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.yaml", "config.yml", "config.json")


def source_kind(source: str) -> str:
    """One of KINDS; a source that is none of them is a problem saying what kabar looked for."""
    if source.startswith(("http://", "https://")):
        return "feed"
    path = Path(source)
    if path.is_file():
        with path.open("rb") as file:
            head = file.read(4096)
        if b"wordpress.org/export/" in head:
            return "wordpress"
        if b"<rss" in head or b"<feed" in head or b"<rdf:RDF" in head:
            return "feed"
        raise BuildError([Problem(source, None, "is neither a WordPress export (WXR) nor an RSS/Atom feed")])
    if path.is_dir():
        if (path / "_config.yml").is_file() or (path / "_config.toml").is_file() or (path / "_posts").is_dir():
            return "jekyll"
        if (path / "pelicanconf.py").is_file():
            return "pelican"
        if (path / "config.toml").is_file() and "base_url" in (path / "config.toml").read_text("utf-8", "replace"):
            return "zola"
        hugo_configs = (*HUGO_CONFIGS, "config.toml", *(f"config/_default/{name}" for name in HUGO_CONFIGS))
        if any((path / name).is_file() for name in hugo_configs):  # a site's settings may live in config/_default/
            return "hugo"
        raise BuildError(
            [
                Problem(
                    source,
                    None,
                    "is not a site kabar can import: no _config.yml (Jekyll), hugo.toml or config.toml (Hugo, Zola)"
                    " or pelicanconf.py (Pelican)",
                )
            ]
        )
    raise BuildError([Problem(source, None, "no such file or folder")])
