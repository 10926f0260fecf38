"""Where the default theme lives: packaged inside kabar, or in this repository's checkout.

The theme is kept once, in the repository's templates/ and static/; the wheel
carries a copy under kabar/theme/. A site's own folders override it file by file.
"""

from __future__ import annotations

from pathlib import Path

PACKAGED = Path(__file__).parent / "theme"
CHECKOUT = Path(__file__).resolve().parents[2]


def theme_dir() -> Path:
    """The folder holding the default theme's templates/ and static/."""
    if (PACKAGED / "templates").is_dir():
        return PACKAGED
    if (CHECKOUT / "templates" / "base.html").is_file():
        return CHECKOUT
    raise RuntimeError("kabar's default theme is missing: reinstall kabar")  # a packaging bug


def templates_dirs(site_root: Path) -> list[Path]:
    """Template folders, most specific first."""
    return [d for d in (site_root / "templates", theme_dir() / "templates") if d.is_dir()]


def static_dirs(site_root: Path) -> list[Path]:
    """Static folders, most specific first (the site's files override the theme's)."""
    return [d for d in (site_root / "static", theme_dir() / "static") if d.is_dir()]
