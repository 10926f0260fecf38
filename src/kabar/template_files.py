"""Where a site's templates come from, and how they are kept between builds.

The site's templates/ are looked up before the default theme's; each is read as a regular UTF-8 file (else a problem
naming it, not a traceback or a hang). Compiled templates are kept in the site's cache, each signed with a key kept
outside every site, so that a cache restored from elsewhere (a CI cache others can write to) never runs its code.
"""

from __future__ import annotations

import contextlib
import functools
import hmac
import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path

import jinja2

from .errors import decode_utf8, read_regular
from .speedups import escape_faster
from .theme import theme_dir


class TemplateFiles(jinja2.FileSystemLoader):
    """Jinja's FileSystemLoader, with kabar's messages: a template that is not UTF-8, or not a regular file
    (a fifo would block the build forever), is a problem naming it, not a traceback or a hang. The default theme's
    own templates are indented for their readers, not a page's: each line's indentation before a tag or an
    expression is left out (some 350 bytes of an article page, whose budget is 30 KB)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = jinja2.loaders.split_template_path(template)
        for folder in self.searchpath:
            filename = os.path.normpath(os.path.join(folder, *pieces))
            if os.path.exists(filename) and not os.path.isdir(filename):
                break
        else:
            return super().get_source(environment, template)  # TemplateNotFound, as Jinja words it
        shown = message_template_path(filename)
        data = read_regular(filename, shown)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            decode_utf8(data, shown)  # raises the problem, with its line
            raise
        mtime = os.path.getmtime(filename)
        # Universal newlines, as Jinja's own open() reads them.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if os.path.normpath(folder) == _theme_templates():  # no <pre> or <textarea>, whose lines' spaces would show
            text = _INDENTED_TAG.sub("", text)
        return text, filename, lambda: os.path.getmtime(filename) == mtime


@functools.cache
def _theme_templates() -> str:
    return os.path.normpath(theme_dir() / "templates")


_INDENTED_TAG = re.compile(r"(?m)^[ \t]+(?=<|\{\{)")  # before a tag or an expression


def message_template_path(filename: str) -> str:
    """A template's path as messages show it: relative to the working folder when it is inside it."""
    path, here = Path(filename), Path.cwd()
    return (path.relative_to(here) if path.is_absolute() and path.is_relative_to(here) else path).as_posix()


class FastTemplate(jinja2.Template):
    """Templates whose compiled code escapes {{ }} output faster (see speedups.escape_faster)."""

    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):
        return escape_faster(super().from_code(environment, code, globals, uptodate))


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates in FOLDER/templates, used while a template's source and SETTINGS stay the same.

    Jinja's compiler folds a filter of constants ("/feed.xml"|absolute) into the code, so the
    settings and theme words that kabar's filters read belong to the key, beside the source.

    A compiled template is Python code (and Jinja reads its header with pickle), and the cache folder may
    come from elsewhere (a CI cache others can write to): each file is signed with KEY, which is kept
    outside the site (see signing_key), and a file whose signature is not right is never read further.
    Compiling the default theme takes 0.1-0.2 s, which a one-article rebuild would pay without this cache.
    """

    def __init__(self, folder: Path, settings: str, key: bytes) -> None:
        (folder / "templates").mkdir(parents=True, exist_ok=True)
        super().__init__(str(folder / "templates"))
        self.settings, self.key = settings, key

    def get_source_checksum(self, source: str) -> str:
        return super().get_source_checksum(f"{self.settings}\0{source}")

    def _signature(self, bucket: jinja2.bccache.Bucket, compiled: bytes) -> bytes:
        return hmac.digest(self.key, f"{bucket.key}\0".encode() + compiled, "sha256")

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            data = Path(self._get_cache_filename(bucket)).read_bytes()
        except OSError:
            return
        signature, compiled = data[:_SIGNATURE], data[_SIGNATURE:]
        if not hmac.compare_digest(signature, self._signature(bucket, compiled)):
            return  # not written by kabar with this key: compiled again
        try:
            bucket.bytecode_from_string(compiled)
        except Exception:  # of another Python: compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        compiled = bucket.bytecode_to_string()
        name = self._get_cache_filename(bucket)
        temporary = f"{name}.{os.getpid()}"
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            Path(temporary).write_bytes(self._signature(bucket, compiled) + compiled)
            os.replace(temporary, name)


_SIGNATURE = 32  # bytes of HMAC-SHA256


@functools.cache
def signing_key() -> bytes | None:
    """This user's random key for compiled templates, kept outside every site in XDG_STATE_HOME/kabar/ (not in a
    cache folder that CI may restore); made the first time. None where it cannot be kept: no template cache."""
    try:
        folder = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "kabar"
        path = folder / "template-key"
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            with contextlib.suppress(FileExistsError):  # another build made it first
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(descriptor, "wb") as file:
                    file.write(secrets.token_bytes(_SIGNATURE))
        key = path.read_bytes()
    except (OSError, RuntimeError):  # no home folder, or one that cannot be written
        return None
    return key if len(key) == _SIGNATURE else None


def template_cache(folder: Path | None, settings: str) -> TemplateCache | None:
    key = signing_key() if folder is not None else None
    return TemplateCache(folder, settings, key) if key is not None else None
