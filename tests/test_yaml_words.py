"""kabar's YAML messages are kabar's words, whichever PyYAML parses: its C parser (libyaml) or its Python one.

The two word their errors differently, and a new release may word them otherwise again (PyYAML 6.0.4's libyaml
stops at 1,000 levels of nesting in words of its own); a user must read the same message with any of them.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

MISTAKES = {
    "a colon in a title": (
        "title: Banjir: Bekasi\n",
        "2: invalid YAML: ': ' inside a value: put the value in quotes (title: \"Banjir: Bekasi\"); "
        "or a key indented deeper than the others",
    ),
    "a key indented under another": (
        "title: Banjir\n  date: 2024-03-05\n",
        "3: invalid YAML: ': ' inside a value: put the value in quotes (title: \"Banjir: Bekasi\"); "
        "or a key indented deeper than the others",
    ),
    "a value starting with @": ("title: @bekasi\n", "2: invalid YAML: a value cannot start with '@': put it in quotes"),
    "an unknown escape": (
        'title: "C:\\data"\n',
        r"2: invalid YAML: a backslash in double quotes starts an escape (\n, \"): write \\, or use single quotes",
    ),
    "an unclosed bracket": (
        "tags: [banjir, bekasi\ndate: 2024-03-05\n",
        "2: invalid YAML: the '[' opened on this line is not closed (did not find expected ',' or ']' on line 3)",
    ),
    "an unclosed brace": (
        "lokasi: {kota: Bekasi\ndate: 2024-03-05\n",
        "2: invalid YAML: the '{' opened on this line is not closed (did not find expected ',' or '}' on line 3)",
    ),
    "a colon inside a list": (
        "tags: [banjir: bekasi: kota]\n",
        "2: invalid YAML: the '[' list on this line is not closed: separate its items with ',' and end it with ']'",
    ),
    "an unclosed quote": (
        'title: "Banjir\ndate: 2024-03-05\n',
        '2: invalid YAML: the quote " opened on this line is not closed',
    ),
    "a key without its colon": (
        "title: Banjir\ndate 2024-03-05\ncategory: Nasional\n",
        "3: invalid YAML: could not find expected ':' after the key on this line",
    ),
    "a second document": (
        "title: Banjir\n---\ndate: 2024-03-05\n",
        "3: invalid YAML: more YAML after the end of the document (a '---' or '...' line): remove that line",
    ),
    "a list as a key": ("[banjir]: bekasi\n", "2: invalid YAML: a key must be plain text, not a list or a mapping"),
    "a list item out of line": (
        "tags:\n  - banjir\n - bekasi\n",
        "4: invalid YAML: check the indentation and the quotes on this line: put a value in quotes when it holds "
        "': ' or ' #'",
    ),
    "lists nested 1,000 deep": (
        "lokasi: " + "[" * 1_000 + "]" * 1_000 + "\n",
        "2: invalid YAML: lists and mappings nested more than 32 deep",
    ),
    "mappings nested 1,000 deep in a list": (
        "lokasi:\n  - " + "{a: " * 1_000 + "1" + "}" * 1_000 + "\n",
        "3: invalid YAML: lists and mappings nested more than 32 deep",
    ),
}

# Loads each text at line 2 (after a front matter's '---') and prints "line: message" for each, as JSON.
LOAD_ALL = """
import json, sys, yaml
if sys.argv[1] == "python":
    del yaml.CSafeLoader  # what a PyYAML built without libyaml has
from kabar.yamlload import YamlError, load_mapping
said = {}
for name, text in json.load(sys.stdin).items():
    try:
        load_mapping(text, first_line=2)
        said[name] = "loaded"
    except YamlError as exc:
        said[name] = f"{exc.line}: {exc.message}"
print(json.dumps(said))
"""


def messages(parser: str) -> dict[str, str]:
    texts = {name: text for name, (text, _) in MISTAKES.items()}
    done = subprocess.run(
        [sys.executable, "-c", LOAD_ALL, parser], input=json.dumps(texts), capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_yaml_mistakes_get_kabars_words_from_either_parser(parser: str) -> None:
    if parser == "libyaml":
        pytest.importorskip("yaml._yaml", reason="this PyYAML has no libyaml")

    assert messages(parser) == {name: expected for name, (_, expected) in MISTAKES.items()}
