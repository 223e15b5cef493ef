"""Safe YAML loading, with libyaml where PyYAML has it (the pure-Python parser took ~250 ms for the rule files,
most of a cold start). A key given twice in one mapping is an error (`DuplicateKey`), never "the last one wins":
`usage: operational` followed by `usage: household` must not quietly decide a car in scope. JSON read as JSON
gets the same check from `load_json` (`DuplicateJsonKey`, with the key and the path of its object)."""
from __future__ import annotations

import json
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from .text import Localized, loc

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKey(ConstructorError):
    """A mapping that gives one key twice; `key`, and the lines (1-based) of both."""

    def __init__(self, key: Any, first: Any, second: Any):
        self.key = key
        self.first_line = first.line + 1
        self.second_line = second.line + 1
        super().__init__("while constructing a mapping", first, f"found duplicate key {key!r}", second)


class SafeLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """yaml's safe loader whose mappings refuse a key given twice (merge keys `<<` may still be overridden, as
    YAML says)."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, Any] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.setdefault(key, key_node)
                except TypeError:
                    continue                      # an unhashable key: the base constructor says so
                if first is not key_node:
                    raise DuplicateKey(key, first.start_mark, key_node.start_mark)
        return super().construct_mapping(node, deep=deep)


SafeLoader.add_constructor("tag:yaml.org,2002:map", SafeLoader.construct_yaml_map)


def duplicate_key_text(key: Any, first_line: int | None = None, second_line: int | None = None) -> Localized:
    """A key given twice in one object: refused, never "the last one wins" (both languages)."""
    if first_line is None:
        return loc(f"键 {key!r} 在同一对象中出现了两次：每个键只能给一次（不会按最后一次取值）",
                   f"key {key!r} given twice in one object: give each key once (the last one does not win)")
    return loc(f"键 {key!r} 在同一映射中出现了两次（第 {first_line} 行和第 {second_line} 行）：每个键只能给一次",
               f"key {key!r} given twice in one mapping (lines {first_line} and {second_line}): give each key once")



def yaml_error_text(exc: yaml.YAMLError) -> str:
    """One line for a YAML error: a duplicate key with its lines, or the problem and where it is."""
    if isinstance(exc, DuplicateKey):
        return duplicate_key_text(exc.key, exc.first_line, exc.second_line).en
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + 1} column {mark.column + 1}" if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"not valid YAML or JSON{where}: {problem}"


def load_yaml(text: str | bytes) -> Any:
    """Rule files, policy profiles and calendar supplements."""
    return yaml.load(text, Loader=SafeLoader)


class DuplicateJsonKey(ValueError):
    """A JSON object that gives `key` twice; `path` is where the object is ("" for the top level)."""

    def __init__(self, path: str, key: str):
        self.path, self.key = path, key
        super().__init__(f"{path + ': ' if path else ''}key {key!r} given twice")


class _Duplicated(dict):  # type: ignore[type-arg]
    """A JSON object that gave `duplicate` twice (kept only until `load_json` finds it and refuses the input)."""

    duplicate: str


def load_json(text: str, **options: Any) -> Any:
    """json.loads, except that an object giving a key twice raises DuplicateJsonKey naming the key and the path
    of the object (found by a second look only when there is one)."""
    found = False

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal found
        out = dict(pairs)
        if len(out) == len(pairs):
            return out
        found = True
        marked = _Duplicated(out)
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                marked.duplicate = key
                break
            seen.add(key)
        return marked

    data = json.loads(text, object_pairs_hook=pairs_hook, **options)
    if found:
        where = _first_duplicate(data)
        if where is not None:
            raise DuplicateJsonKey(*where)
    return data


def _first_duplicate(data: Any) -> tuple[str, str] | None:
    """(the path of the object, the key) of the first object in `data`, in document order, that gave a key
    twice."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, _Duplicated):
            return where, value.duplicate
        if isinstance(value, dict):
            stack.extend((f"{where}.{k}" if where else str(k), v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", v) for i, v in reversed(list(enumerate(value))))
    return None
