"""Reading YAML safely, with line numbers for every value.

Why not `yaml.safe_load`: we need the line of any value a validator complains about, duplicate
keys must be errors (PyYAML keeps the last silently), dates must reach pydantic as text (so a bad
date is a validation message, not a crash), and YAML 1.1's `no`/`yes` booleans would turn the
country code NO into False.

Hostile input is a problem with a line, never an exception: explicit tags other than `!!str`
(and tags that only restate what the value already is) are refused before anything is
constructed, so `!!int abc`, `!!timestamp x` or `!!python/object` never reach a constructor;
YAML 1.1 sexagesimal numbers (`1:1:1:…`, quadratic to construct) and merge keys are plain
text; a number longer than `MAX_NUMBER_CHARS` digits, a value longer than `MAX_TEXT_CHARS`,
more than `MAX_ITEMS` entries or nesting deeper than `MAX_DEPTH` are refused before
construction; aliases are reported once, at the first alias's line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from gapcheck.catalog.fsread import READ_OBSERVER, read_text
from gapcheck.errors import Problem, ProblemCode

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_ITEMS",
    "MAX_NUMBER_CHARS",
    "MAX_TEXT_CHARS",
    "READ_OBSERVER",
    "YamlDoc",
    "parse_yaml",
    "read_yaml",
]

C = ProblemCode
# The largest input file read. The shipped catalogs' largest file is about 100 KB; 1 MiB holds
# some 4,000 measures and loads in about 1.3 s of CPU and 100 MB (benchmarks/inputs.py).
MAX_FILE_BYTES = 1024 * 1024
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

_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{k}" for k in ("str", "seq", "map"))
_NUMBERS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}

# libyaml's parser when PyYAML was built with it: about ten times faster on the catalogs.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TooManyNodes(yaml.YAMLError):
    """Raised while composing, so a file of a million tiny values stops at MAX_ITEMS."""


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """SafeLoader without timestamps, sexagesimal numbers, merge keys and `=`, with YAML
    1.2-style booleans; composing stops after MAX_ITEMS nodes."""

    nodes = 0

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # The composer asks for every node's tag: the one place to count them as they come.
        self.nodes += 1
        if self.nodes > MAX_ITEMS:
            raise _TooManyNodes
        return super().resolve(kind, value, implicit)


_DROPPED = {
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:merge",
    "tag:yaml.org,2002:value",
}
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
# PyYAML's YAML 1.1 patterns without the sexagesimal (base 60) forms.
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(
        r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0[0-7_]+
        |[-+]?(?:0|[1-9][0-9_]*)
        |[-+]?0x[0-9a-fA-F_]+)$""",
        re.X,
    ),
    list("-+0123456789"),
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
        |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        re.X,
    ),
    list("-+0123456789."),
)


@dataclass(frozen=True)
class YamlDoc:
    """A parsed document: plain data plus the node tree for line look-ups."""

    path: str
    data: Any
    root: Node | None

    def line_of(self, loc: Sequence[int | str]) -> int | None:
        """1-based line of the value at `loc` (a pydantic error location), or its nearest parent.

        When `loc` ends at a mapping key that is there (e.g. an unknown field), the key's line.
        """
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for step in loc:
            if isinstance(node, MappingNode):
                match = next(
                    (
                        (k, v)
                        for k, v in node.value
                        if isinstance(k, ScalarNode) and k.value == step
                    ),
                    None,
                )
                if match is None:
                    return line
                line = match[0].start_mark.line + 1
                node = match[1]
            elif isinstance(node, SequenceNode) and isinstance(step, int):
                if not 0 <= step < len(node.value):
                    return line
                node = node.value[step]
                line = node.start_mark.line + 1
            else:
                return line
        return line


def read_yaml(
    path: Path, display: str, root: Path | None = None, *, keep_going: bool = False
) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse `path`; on failure return None and the problems (never raises for bad input).

    With `root` (resolved), a path leading out of `root` through links is refused unread.
    With `keep_going`, a document whose only problems are duplicate keys is returned with
    them (the last value wins), so its other problems are found in the same run."""
    text, problems = read_text(path, display, root, MAX_FILE_BYTES)
    if text is None:
        return None, problems
    return parse_yaml(text, display, keep_going=keep_going)


def parse_yaml(
    text: str, display: str, *, keep_going: bool = False
) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse YAML `text` shown as `display` in problems; never raises for bad input."""
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
            loader.nodes = 0  # the checks below resolve tags again
            problems = _check_nodes(loader, root, display)
            fatal = any(p.code is not C.YAML_DUPLICATE_KEY for p in problems)
            if problems and (fatal or not keep_going):
                aliases = _aliases(text, display)
                return None, [p for p in problems if p.code is not C.YAML_ALIAS] + aliases
            data = _build(loader, root) if root is not None else None
        finally:
            loader.dispose()
    except _TooManyNodes:
        return None, [Problem.of(C.YAML_TOO_MANY_ITEMS, display, None, None, limit=MAX_ITEMS)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        return None, [Problem.of(C.YAML_SYNTAX, display, line, None, detail=what)]
    except yaml.reader.ReaderError as exc:
        # A control character or similar: name its line, not its character offset.
        line = text[: max(exc.position, 0)].count("\n") + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or " ")
        detail = f"character U+{char:04X} is not allowed"
        return None, [Problem.of(C.YAML_SYNTAX, display, line, None, detail=detail)]
    except yaml.YAMLError as exc:
        return None, [Problem.of(C.YAML_SYNTAX, display, None, None, detail=str(exc))]
    except RecursionError:
        return None, [Problem.of(C.YAML_DEPTH, display, None, None, limit=MAX_DEPTH)]
    return YamlDoc(display, data, root), problems


_NULL, _BOOL = "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool"


def _build(loader: _Loader, node: Node) -> Any:
    """Plain data from a checked node tree (no aliases, known tags, bounded depth): text
    stays text and only the few numbers go through PyYAML's constructors, which is several
    times faster than constructing the whole document."""
    if isinstance(node, ScalarNode):
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return node.value.lower() == "true"
        return loader.construct_object(node, deep=True)  # int or float
    if isinstance(node, SequenceNode):
        return [_build(loader, item) for item in node.value]
    assert isinstance(node, MappingNode)
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = _build(loader, key_node)
        if isinstance(key, list | dict):
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                "found unhashable key",
                key_node.start_mark,
            )
        out[key] = _build(loader, value_node)
    return out


def _aliases(text: str, display: str) -> list[Problem]:
    """One problem at the first alias (the node tree only knows the anchors' lines)."""
    lines = []
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                lines.append(event.start_mark.line + 1)
    except yaml.YAMLError:  # pragma: no cover - the text parsed a moment ago
        pass
    if not lines:
        return []
    return [Problem.of(C.YAML_ALIAS, display, lines[0], None, n=len(lines))]


def _tag_problem(loader: _Loader, node: Node, display: str) -> Problem | None:
    """An explicit tag other than !!str, or one that changes what the value would be."""
    tag = node.tag
    if isinstance(node, MappingNode):
        ok = tag == _MAP
    elif isinstance(node, SequenceNode):
        ok = tag == _SEQ
    elif tag == _STR:
        ok = True
    else:
        # Only a plain scalar resolves implicitly; a quoted one has a non-str tag only when
        # written with one.
        plain = isinstance(node, ScalarNode) and node.style in (None, "")
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


def _check_nodes(loader: _Loader, root: Node | None, display: str) -> list[Problem]:
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
