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
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from gapcheck.catalog._yamltree import (
    MAP,
    MAX_DEPTH,
    MAX_ITEMS,
    MAX_NUMBER_CHARS,
    MAX_TEXT_CHARS,
    SEQ,
    STR,
    UNSURE,
    build,
    check_nodes,
    quick_build,
)
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
# The other limits (depth, text, numbers, nodes) are checked on the node tree: `_yamltree`.

# libyaml's parser when PyYAML was built with it: about ten times faster on the catalogs.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TooManyNodes(yaml.YAMLError):
    """Raised while composing, so a file of a million tiny values stops at MAX_ITEMS."""


# Texts of at most this many characters are composed by `_ShortLoader` (when they hold no `!`).
SHORT_TEXT_CHARS = MAX_ITEMS // 4


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """SafeLoader without timestamps, sexagesimal numbers, merge keys and `=`, with YAML
    1.2-style booleans; composing stops after MAX_ITEMS nodes."""

    nodes = 0
    counts = True  # False: `nodes` stays 0 (`_ShortLoader`)
    # The composer calls these two around every node, for path resolvers, of which this
    # loader has none (tests/catalog/test_yamltree.py): C callables that do nothing of use (a
    # throwaway slice, the empty tuple) instead of two Python calls per node, 5 % of reading
    # an organisation.
    descend_resolver = staticmethod(slice)
    ascend_resolver = staticmethod(tuple)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # The composer asks for every node's tag: the one place to count them as they come.
        self.nodes += 1
        if self.nodes > MAX_ITEMS:
            raise _TooManyNodes
        return _resolved(kind, value, implicit)


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
# PyYAML's YAML 1.1 patterns without the sexagesimal (base 60) forms, and with a digit after
# 0b and 0x (`0x_` is text: PyYAML's int() of nothing raised a ValueError).
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(
        r"""^(?:[-+]?0b_*[0-1][0-1_]*
        |[-+]?0[0-7_]+
        |[-+]?(?:0|[1-9][0-9_]*)
        |[-+]?0x_*[0-9a-fA-F][0-9a-fA-F_]*)$""",
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
# By first character, then those for any character (key None), as BaseResolver.resolve tries them.
_ANY = tuple(_Loader.yaml_implicit_resolvers.get(None, ()))
_IMPLICIT = {k: (*v, *_ANY) for k, v in _Loader.yaml_implicit_resolvers.items() if k is not None}


def _resolved(kind: Any, value: Any, implicit: Any) -> Any:
    """PyYAML's BaseResolver.resolve without the path resolvers (the loaders have none), since
    it runs for every node: the same tags, about half the time."""
    if kind is ScalarNode:
        if implicit[0]:
            for tag, regexp in _IMPLICIT.get(value[:1], _ANY):  # _implicit_tag, inline
                if regexp.match(value):
                    return tag
        return STR
    return SEQ if kind is SequenceNode else MAP


class _ShortLoader(_Loader):
    """`_Loader` for a text of at most `SHORT_TEXT_CHARS` characters with no `!` in it (every
    organisation file): it counts no nodes, since such a text cannot hold MAX_ITEMS of them
    (no text of ours holds more nodes than characters: `{a,b}` holds five), and with no tag
    in it every node's tag comes from the resolver (`_yamltree.quick_build` relies on that).
    Counting was a ninth of composing an organisation (callgrind: 114 of 979 M instructions
    for the 50 generated ones)."""

    counts = False
    resolve = staticmethod(_resolved)  # called from C: no bound method made per node


def _implicit_tag(value: str) -> str:
    """The tag of a plain scalar without an explicit tag, as `_Loader` resolves it."""
    for tag, regexp in _IMPLICIT.get(value[:1], _ANY):
        if regexp.match(value):
            return str(tag)
    return STR


class YamlDoc(NamedTuple):
    """A parsed document: plain data plus the node tree for line look-ups (a named tuple:
    made at every start-up, at a fifth of a frozen dataclass's cost)."""

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
        short = len(text) <= SHORT_TEXT_CHARS and "!" not in text
        loader = _ShortLoader(text) if short else _Loader(text)
        try:
            root = loader.get_single_node()
            problems: list[Problem] = []
            # Most files have nothing to report: one walk builds their data. Anything else
            # goes through the checks, which name every problem (and are what a clean file
            # would pass: tests/catalog/test_yamltree.py compares the two ways).
            data = quick_build(loader, root, text, _implicit_tag)
            if data is UNSURE:
                loader.nodes = 0  # the checks below resolve tags again
                problems = check_nodes(loader, root, display)
                fatal = any(p.code is not C.YAML_DUPLICATE_KEY for p in problems)
                if problems and (fatal or not keep_going):
                    aliases = _aliases(text, display)
                    return None, [p for p in problems if p.code is not C.YAML_ALIAS] + aliases
                data = build(loader, root) if root is not None else None
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
