"""Walks over a composed YAML node tree (for `yamlio`): the hardening checks, the plain-data
build, and a quick build that does both in one walk for the common clean file.

The quick build judges nothing itself: it gives up (`UNSURE`) at the first thing that could be a
problem, and `yamlio.parse_yaml` then runs the full checks, so every problem, its line and its
order come from one place (`check_nodes`) whichever way a file is read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from gapcheck.errors import Problem, ProblemCode

__all__ = [
    "MAP",
    "MAX_DEPTH",
    "MAX_ITEMS",
    "MAX_NUMBER_CHARS",
    "MAX_TEXT_CHARS",
    "SEQ",
    "STR",
    "UNSURE",
    "build",
    "check_nodes",
    "quick_build",
]

C = ProblemCode
# No gapcheck file nests deeper than about 8; a much deeper one is hostile or broken.
MAX_DEPTH = 64
# One value: Excel's limit for a cell, so whatever loads also exports (the shipped catalogs'
# longest value is under 3,000 characters).
MAX_TEXT_CHARS = 32_767
# A number of more digits is no year, weight or count; int() of 5,000 digits even raises.
MAX_NUMBER_CHARS = 40
# Nodes (values, keys, lists, mappings) in one file: about 20 per measure, so some 10,000
# measures. Counted while composing, so a file of half a million tiny values ([1,1,1,…])
# stops here after about 1 s (it took 6 s and 440 MB to compose whole).
MAX_ITEMS = 200_000

STR, SEQ, MAP = (f"tag:yaml.org,2002:{k}" for k in ("str", "seq", "map"))
_NULL, _BOOL = "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool"
_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_NUMBERS = {_INT, _FLOAT}
_PLAIN = (None, "")

# What `quick_build` returns when the full checks must judge the file.
UNSURE: Final = object()


class _Unsure(Exception):
    """Raised inside the quick build: leave this file to the full checks."""


def build(loader: Any, node: Node) -> Any:
    """Plain data from a checked node tree (no aliases, known tags, bounded depth): text
    stays text and only the few numbers go through PyYAML's constructors, which is several
    times faster than constructing the whole document."""
    if isinstance(node, ScalarNode):
        tag = node.tag
        if tag == STR:
            return node.value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return node.value.lower() == "true"
        return loader.construct_object(node, deep=True)  # int or float
    if isinstance(node, SequenceNode):
        return [build(loader, item) for item in node.value]
    assert isinstance(node, MappingNode)
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = build(loader, key_node)
        if isinstance(key, list | dict):
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                "found unhashable key",
                key_node.start_mark,
            )
        out[key] = build(loader, value_node)
    return out


def quick_build(loader: Any, root: Node | None, text: str, implicit: Callable[[str], str]) -> Any:
    """The plain data `build` gives after `check_nodes` finds nothing, in one walk; UNSURE
    when anything might be a problem (then run those two).

    Why this is safe without re-checking tags: the loader counts the nodes whose tag it
    resolved while composing (`loader.nodes`); an explicitly tagged node is not resolved, and
    with no alias in the text (no `*`) every node of the tree is walked once, so the walk
    meeting exactly `loader.nodes` nodes means every tag came from the resolver. A loader that
    counts none (`loader.counts` false: `yamlio._ShortLoader`) reads only texts without `!`,
    which every tag is written with, so all its tags came from the resolver. Numbers are
    checked against the resolver (`implicit`) before they are converted, so a conversion never
    sees a value it would refuse.
    """
    if root is None:
        return None
    if "*" in text:  # an alias needs one; the full checks report it at its line
        return UNSURE
    walked = [1]
    try:
        data = _quick(loader, root, 0, walked, implicit)
    except _Unsure:
        return UNSURE
    if not loader.counts:
        return UNSURE if "!" in text else data
    return data if walked[0] == loader.nodes else UNSURE


def _scalar(loader: Any, node: ScalarNode, implicit: Callable[[str], str]) -> Any:
    value = node.value
    if len(value) > MAX_TEXT_CHARS:
        raise _Unsure
    tag = node.tag
    if tag == STR:
        return value
    if node.style not in _PLAIN:  # only a plain scalar is anything but text without a tag
        raise _Unsure
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value.lower() == "true"
    if tag not in _NUMBERS or len(value) > MAX_NUMBER_CHARS or implicit(value) != tag:
        raise _Unsure
    if tag == _INT and value.isascii() and value.isdigit() and value[0] != "0":
        return int(value)  # what PyYAML's constructor gives for a plain decimal, cheaper
    return loader.construct_object(node, deep=True)


def _quick(
    loader: Any, node: Node, depth: int, walked: list[int], implicit: Callable[[str], str]
) -> Any:
    kind = node.__class__
    if kind is ScalarNode:
        return _scalar(loader, node, implicit)  # type: ignore[arg-type]
    if depth >= MAX_DEPTH:  # its items would be deeper than the limit
        raise _Unsure
    items = node.value
    if kind is SequenceNode:
        walked[0] += len(items)
        return [
            item.value
            if (
                item.__class__ is ScalarNode
                and item.tag == STR
                and len(item.value) <= MAX_TEXT_CHARS
            )
            else _quick(loader, item, depth + 1, walked, implicit)
            for item in items
        ]
    if kind is not MappingNode:
        raise _Unsure
    walked[0] += 2 * len(items)
    out: dict[Any, Any] = {}
    all_text = True
    for key_node, value_node in items:
        if key_node.__class__ is not ScalarNode:
            raise _Unsure  # a list or mapping as a key: the full checks report it
        if key_node.tag == STR and len(key_node.value) <= MAX_TEXT_CHARS:
            key = key_node.value
        else:
            all_text = False
            key = _scalar(loader, key_node, implicit)
        if value_node.__class__ is ScalarNode and value_node.tag == STR:
            value = value_node.value
            if len(value) > MAX_TEXT_CHARS:
                raise _Unsure
            out[key] = value
        else:
            out[key] = _quick(loader, value_node, depth + 1, walked, implicit)
    if len(out) != len(items):
        raise _Unsure  # a key twice (or two keys with one value, such as 1 and 1.0)
    if not all_text and len({k.value for k, _ in items}) != len(items):
        raise _Unsure  # the same text twice as different values (1 and '1'): a duplicate
    return out


def _tag_problem(loader: Any, node: Node, display: str) -> Problem | None:
    """An explicit tag other than !!str, or one that changes what the value would be."""
    tag = node.tag
    if isinstance(node, MappingNode):
        ok = tag == MAP
    elif isinstance(node, SequenceNode):
        ok = tag == SEQ
    elif tag == STR:
        ok = True
    else:
        # Only a plain scalar resolves implicitly; a quoted one has a non-str tag only when
        # written with one.
        plain = isinstance(node, ScalarNode) and node.style in _PLAIN
        ok = plain and tag == loader.resolve(ScalarNode, node.value, (True, False))
    if ok:
        return None
    shown = tag.replace("tag:yaml.org,2002:", "!!")[:60]
    return Problem.of(C.YAML_TAG, display, node.start_mark.line + 1, None, tag=shown)


def _scalar_problem(node: ScalarNode, display: str) -> Problem | None:
    line = node.start_mark.line + 1
    size = len(node.value)
    if size > MAX_TEXT_CHARS:
        return Problem.of(C.TEXT_TOO_LONG, display, line, None, n=size, limit=MAX_TEXT_CHARS)
    if node.tag in _NUMBERS and size > MAX_NUMBER_CHARS:
        return Problem.of(C.YAML_NUMBER, display, line, None, n=size, limit=MAX_NUMBER_CHARS)
    return None


def check_nodes(loader: Any, root: Node | None, display: str) -> list[Problem]:
    """Tags, sizes, duplicate keys, shared nodes (aliases) and deep nesting, before anything
    is constructed."""
    problems: list[Problem] = []
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(root, 0)] if root is not None else []
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            line = node.start_mark.line + 1
            return [Problem.of(C.YAML_DEPTH, display, line, None, limit=MAX_DEPTH)]
        if len(seen) >= MAX_ITEMS:
            return [Problem.of(C.YAML_TOO_MANY_ITEMS, display, None, None, limit=MAX_ITEMS)]
        if id(node) in seen:
            if not any(p.code is C.YAML_ALIAS for p in problems):
                problems.append(Problem.of(C.YAML_ALIAS, display, None, None, n=1))
            continue
        seen.add(id(node))
        found = _tag_problem(loader, node, display)
        if found is None and isinstance(node, ScalarNode):
            found = _scalar_problem(node, display)
        if found is not None:
            problems.append(found)
            continue
        if isinstance(node, MappingNode):
            keys: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    if key.value in keys:
                        problems.append(
                            Problem.of(
                                C.YAML_DUPLICATE_KEY,
                                display,
                                key.start_mark.line + 1,
                                None,
                                name=key.value[:60],
                                first=keys[key.value],
                            )
                        )
                    keys.setdefault(key.value, key.start_mark.line + 1)
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
    return problems
