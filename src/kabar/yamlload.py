"""Safe YAML for front matter and kabar.yml: a mapping, plus the line of each key.

Uses libyaml's C loader when PyYAML has it; dates are left as text. Only YAML's plain types load: a tag
such as !!python/object is refused, never executed.
"""

from __future__ import annotations

from typing import Any

import yaml


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loading; timestamps stay text so that kabar parses them (and reports bad ones) itself."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


class YamlError(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load_mapping(text: str, first_line: int = 1) -> tuple[dict[Any, Any], dict[Any, int]]:
    """Parse TEXT (whose first line is FIRST_LINE of its file) as a YAML mapping.

    Returns the mapping and, for each top-level key, the line it is on.
    An empty document is an empty mapping.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            raise YamlError(first_line + node.start_mark.line, "expected 'key: value' lines")
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else None
        raise YamlError(line, _describe(exc)) from None
    finally:
        loader.dispose()
    lines: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        line = first_line + key_node.start_mark.line
        if key in lines:
            raise YamlError(line, f"'{key}' is given twice (first on line {lines[key]})")
        lines[key] = line
    return data, lines


def _describe(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "invalid YAML"
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in problem:
        return f"refused YAML tag: {problem} (only plain values are allowed)"
    if exc.context:
        return f"invalid YAML: {exc.context}, {problem}"
    return f"invalid YAML: {problem}"
