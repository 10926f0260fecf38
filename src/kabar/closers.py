"""Template code found in time linear in the text, for patterns whose alternatives run lazily up to a closer
(`{% raw %}.*?{% endraw %}`): the importers' and `kabar check`'s.

re's own search tries such a run from every opener to the end of the text when its closer is missing
(20,000 `{{ ` took 48 s). Here each pattern is matched only at a place where a function of its own has found,
from closers each looked for once from a moving place, that one of its alternatives matches and where that
match ends; the whole pattern is then matched there with `endpos` at that end, so the matches are re's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

# For a text, the end of the match that begins at a place (None: none begins there). It is called with places
# that grow, and must look no further than that end, or past text it has looked at before, so that the whole
# search stays linear.
Ends = Callable[[str], Callable[[int], int | None]]


@dataclass(frozen=True, slots=True)
class Bounded:
    """PATTERN, whose matches begin where STARTS matches and end where ENDS says; none may be empty, and no
    lookahead may look past its end. Used as PATTERN is: finditer(text), sub(repl, text)."""

    pattern: re.Pattern[str]
    starts: re.Pattern[str]
    ends: Ends

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        end_at = self.ends(text)
        position = 0
        while (start := self.starts.search(text, position)) is not None:
            place = start.start()
            end = end_at(place)
            found = None if end is None else self.pattern.match(text, place, end)
            if found is None:
                position = place + 1
                continue
            yield found
            position = found.end()

    def sub(self, repl: Callable[[re.Match[str]], str], text: str) -> str:
        parts: list[str] = []
        done = 0
        for found in self.finditer(text):
            parts += (text[done : found.start()], repl(found))
            done = found.end()
        parts.append(text[done:])
        return "".join(parts)


class Next:
    """Where WANTED (a pattern, or a string) is next found at or after a place, in TEXT: searched again only
    when the place has passed what was found, so that places that grow cost one scan of the text."""

    def __init__(self, text: str, wanted: re.Pattern[str] | str) -> None:
        self._text = text
        self._wanted = wanted
        self._since = -1
        self._found: tuple[int, int] | None = None

    def after(self, place: int) -> tuple[int, int] | None:
        """The span of the first match at or after PLACE, or None."""
        if not (0 <= self._since <= place and (self._found is None or self._found[0] >= place)):
            self._since = place
            if isinstance(self._wanted, str):
                at = self._text.find(self._wanted, place)
                self._found = None if at < 0 else (at, at + len(self._wanted))
            else:
                found = self._wanted.search(self._text, place)
                self._found = None if found is None else found.span()
        return self._found

    def end_after(self, place: int) -> int | None:
        """The end of the first match at or after PLACE, or None."""
        found = self.after(place)
        return None if found is None else found[1]


Blocks = list[tuple[re.Pattern[str], Next]]


def blocks(text: str, pairs: Iterable[tuple[str, str]]) -> Blocks:
    """For each (opener, closer) pattern of PAIRS, the opener compiled and where its closer is next in TEXT."""
    return [(re.compile(opener), Next(text, re.compile(closer))) for opener, closer in pairs]


def first_closed(text: str, place: int, found: Blocks) -> int | None:
    """The end of the first `OPENER.*?CLOSER` (dot matching all) of FOUND that matches at PLACE, or None."""
    for opener, closer in found:
        if (opened := opener.match(text, place)) is not None and (end := closer.end_after(opened.end())) is not None:
            return end
    return None
