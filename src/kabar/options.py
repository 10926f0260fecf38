"""What a build is asked to do (Options) and what it reports (Summary)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem
from .parallel import default_jobs


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    root: Path = Path(".")
    content: Path | None = None  # default: ROOT/content
    output: Path | None = None  # default: ROOT/public
    drafts: bool = False
    future: bool = False
    dry_run: bool = False  # kabar check: everything but writing
    clean: bool = False  # remove files in the output folder that kabar did not write, instead of keeping them
    strict: bool = False  # the checks' warnings are problems: nothing is written
    base_url: str | None = None  # instead of kabar.yml's (kabar build --base-url, kabar serve)
    jobs: int = 0  # worker processes; 0: one per core
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    search_later: bool = False  # kabar serve: the search index may lag this build; the next one brings it up
    # kabar serve: the output folder is this process's own, locked for its life (its preview), so what its last build
    # wrote there is as written: the next build does not look at each file again (see LastBuild._look_at_files).
    # Not in the repr, which incremental.option_key compares: it shapes nothing.
    own_output: bool = field(default=False, repr=False)

    @property
    def content_dir(self) -> Path:
        return self.content or self.root / "content"

    @property
    def output_dir(self) -> Path:
        return self.output or self.root / "public"

    @property
    def workers(self) -> int:
        return self.jobs or default_jobs()

    @property
    def preview(self) -> bool:
        """Whether the site shows what is not published (drafts, stories still to come): no search engine may index
        it, wherever it is put (a staging host)."""
        return self.drafts or self.future


@dataclass(slots=True)
class Summary:
    articles: int = 0
    pages: int = 0
    feeds: int = 0
    static: int = 0
    drafts: int = 0
    scheduled: int = 0
    retracted: int = 0  # withdrawn stories, each with its page saying why (not among ARTICLES)
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    rendered: int = 0  # pages rendered this time; the others were unchanged
    search_behind: bool = False  # with search_later: the search index is still the last build's, in part
    seconds: float = 0.0
    stages: list[tuple[str, int, float]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # from checks.py; problems with --strict


# What a site's repository leaves out, in the .gitignore kabar init and kabar import write: the built site and its
# spare copy, the build cache and kabar serve's preview.
GITIGNORE = "public/\n.public.kabar-*/\n.kabar-cache/\n"
# The counts a build that finds nothing changed repeats.
COUNTS = ("articles", "pages", "feeds", "static", "drafts", "scheduled", "retracted", "warnings")
