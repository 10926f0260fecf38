"""The theme's words (templates/strings.yml, one table per language), and a site's own strings.yml over them.

A site's strings.yml overrides single words; a word that neither the theme nor the site's own templates use
is a misspelling (`relatd:`), reported as an unknown setting in kabar.yml is, with its line and a suggestion.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import BuildError, Problem, decode_utf8, did_you_mean, read_regular
from .theme import theme_dir
from .yamlload import YamlError, load_mapping

STRINGS_FILE = "strings.yml"
NOT_A_TABLE = "must be a table of words like 'related: Baca juga'"


def load_strings(folders: list[Path], lang: str) -> dict[str, str]:
    """Theme words for LANG ('id', 'en', ...): the theme's table, overridden key by key by the site's."""
    theme = (theme_dir() / "templates").resolve()
    words: dict[str, str] = {}
    known: set[str] = set()
    for folder in reversed(folders):  # the theme first, the site's own last
        path = folder / STRINGS_FILE
        if not path.exists():  # anything there but a regular file is a problem (read_regular)
            continue
        shown = str(path)
        text = decode_utf8(read_regular(path, shown), shown).replace("\r\n", "\n").replace("\r", "\n")
        try:
            table, lines = load_mapping(text)
        except YamlError as exc:
            raise BuildError([Problem(shown, exc.line, exc.message)]) from None
        if folder.resolve() == theme:
            known = {word for words_of in table.values() if isinstance(words_of, dict) for word in words_of}
        else:
            problems = _unknown_words(path, text, table, lines, known | _used_in_templates(folder))
            if problems:
                raise BuildError(problems)
        base = lang.split("-")[0]
        for key in ("en", base, lang):
            words.update(_words(table.get(key, {}), shown, lines.get(key), key))
    return words


def has_words_for(folders: list[Path], lang: str) -> bool:
    """Whether the theme's strings.yml or a site's own has a table of words for LANG ('fr-CA': or for 'fr')."""
    wanted = {lang, lang.split("-")[0]}
    for folder in folders:
        path = folder / STRINGS_FILE
        try:
            table, _ = load_mapping(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, YamlError):  # read, and reported, as the theme's words are loaded
            continue
        if wanted & set(table):
            return True
    return False


def _words(table: object, shown: str, line: int | None, lang: str) -> dict[str, str]:
    """One language's table of words from strings.yml; anything but `key: text` lines is a problem."""
    if not isinstance(table, dict):
        raise BuildError([Problem(shown, line, f"{lang}: {NOT_A_TABLE}")])
    wrong = [key for key, word in table.items() if not isinstance(word, str)]
    if wrong:
        message = f"{wrong[0]}: {table[wrong[0]]!r} must be text"
        raise BuildError([Problem(shown, line, message + " (in this language's table)")])
    return table


def _unknown_words(path: Path, text: str, table: dict, lines: dict, known: set[str]) -> list[Problem]:
    """Every language of the site's TABLE that is not a table of words, and every word no template uses."""
    problems = []
    for lang, words in table.items():
        if not isinstance(words, dict):
            problems.append(Problem(str(path), lines.get(lang), f"{lang}: {NOT_A_TABLE}"))
            continue
        for word in words:
            if word in known:
                continue
            guess = did_you_mean(str(word), known)
            hint = f"; did you mean '{guess}'?" if guess else ": neither the theme nor your templates use it"
            problems.append(
                Problem(str(path), _line_in(text, lines.get(lang), str(word)), f"unknown word '{word}'{hint}")
            )
    return problems


def _used_in_templates(folder: Path) -> set[str]:
    """The names the site's own templates hold: a word of their own (t.my_word) is a word the site may define."""
    names: set[str] = set()
    for path in folder.rglob("*"):
        if path.is_file() and path.name != STRINGS_FILE:
            names.update(re.findall(r"\w+", path.read_text(encoding="utf-8", errors="replace")))
    return names


def _line_in(text: str, table_line: int | None, word: str) -> int | None:
    """The line of WORD's key inside the table that starts on TABLE_LINE (load_mapping gives top-level lines only)."""
    if table_line is None:
        return None
    key = re.compile(rf"""\s+["']?{re.escape(word)}["']?\s*:""")
    for number, line in enumerate(text.split("\n")[table_line:], start=table_line + 1):
        if key.match(line):
            return number
    return table_line
