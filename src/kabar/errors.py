"""User-facing errors: every problem found, reported at once as `path:line: message`.

Stages collect Problems and raise one BuildError; the CLI prints it and exits 1.
Anything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations

import difflib
import os
import stat
from collections.abc import Iterable
from typing import NamedTuple


class Problem(NamedTuple):
    """What is wrong, and where. A NamedTuple: the cache keeps every article's warnings, and tuples pickle fast."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return self.shown()

    def shown(self, label: str = "") -> str:
        """`path:line: LABELmessage` (the line left out where there is none): how the terminal shows it."""
        path, line, message = self
        return f"{path}:{line}: {label}{message}" if line else f"{path}: {label}{message}"


class BuildError(Exception):
    """One or more problems in the user's files; nothing was written."""

    def __init__(self, problems: Iterable[Problem], warnings: Iterable[Problem] = ()) -> None:
        self.problems = tuple(problems)
        self.warnings = tuple(warnings)  # what the checks found in the files that could be read, shown too
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # so that an error raised in a render worker reaches the parent whole
        return (BuildError, (self.problems, self.warnings))


def warning_line(problem: Problem) -> str:
    """A warning as the terminal shows it: `path:line: warning: message`."""
    return problem.shown("warning: ")


def counted(number: int, noun: str) -> str:
    """'1 article', '2 articles': a count as messages and summaries give it."""
    return f"{number} {noun}{'s' if number != 1 else ''}"


def duration(seconds: float) -> str:
    """How long something took, as summaries say it: "1.25 s", or "4 ms" under a second (as Hugo does), where two
    decimals of a second read "0.00 s", as if it had not run."""
    return f"{seconds:.2f} s" if seconds >= 0.9995 else f"{seconds * 1000:.0f} ms"


def decode_utf8(data: bytes, shown: str) -> str:
    """DATA as text (a UTF-8 BOM dropped); a byte that is not UTF-8 is a Problem naming its line and offset."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(data) - len(exc.object))  # the BOM is not in exc.object
        before = data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        raise BuildError([Problem(shown, before.count(b"\n") + 1, _not_utf8(data, offset, before))]) from None


def _not_utf8(data: bytes, offset: int, before: bytes) -> str:
    """What an author can do about DATA, not UTF-8 from OFFSET (BEFORE: the bytes up to it, lines ending in \\n):
    the byte and where it is on its line, as the editor most likely to have saved it (Notepad's "ANSI") reads it."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "is UTF-16 text (what Notepad calls Unicode): save it as UTF-8"
    byte, column = data[offset], offset - before.rfind(b"\n")
    try:
        shown = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        shown = ""
    if shown.isprintable() and not shown.isascii():
        return (
            f"is not UTF-8 text: byte 0x{byte:02x} at column {column} is '{shown}' in Windows-1252 (Notepad's ANSI): "
            "save the file as UTF-8"
        )
    return f"is not UTF-8 text: byte 0x{byte:02x} at column {column} is no character: save the file as UTF-8"


def read_regular(path: str | os.PathLike, shown: str) -> bytes:
    """The bytes of the file at PATH. Anything but a regular file is a Problem: reading a fifo would wait
    for a writer forever, and a device may never end. Opened without blocking, so that a fifo is only looked at."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise BuildError([Problem(shown, None, NOT_REGULAR)])
        return file.read()


NOT_REGULAR = "is not a regular file (a fifo, socket or device): replace it with a plain file, or remove it"


def did_you_mean(word: str, known: Iterable[str]) -> str | None:
    """The known word a misspelling most likely meant, if any is close."""
    matches = difflib.get_close_matches(word, list(known), n=1, cutoff=0.75)
    return matches[0] if matches else None


def suggestion(word: str, known: Iterable[str]) -> str:
    """What to say after "unknown setting 'WORD'": "; did you mean 'x'?" when one of KNOWN is close, else the list
    of KNOWN, " (known: a, b)"."""
    known = list(known)
    guess = did_you_mean(word, known)
    return f"; did you mean '{guess}'?" if guess else f" (known: {', '.join(known)})"
