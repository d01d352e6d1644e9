"""Reading YAML safely, with line numbers for every value.

Why not `yaml.safe_load`: we need the line of any value a validator complains about, duplicate
keys must be errors (PyYAML keeps the last silently), dates must reach pydantic as text (so a bad
date is a validation message, not a crash), and YAML 1.1's `no`/`yes` booleans would turn the
country code NO into False.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from gapcheck.errors import Problem, ProblemCode

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "READ_OBSERVER", "YamlDoc", "read_yaml"]

C = ProblemCode
MAX_FILE_BYTES = 20 * 1024 * 1024
# No gapcheck file nests deeper than about 8; a much deeper one is hostile or broken.
MAX_DEPTH = 64


# Called with (path, bytes) for every file `read_yaml` reads: `gapcheck.service.snapshot` uses
# it to fingerprint exactly the bytes that were parsed (a second read could see a newer file).
READ_OBSERVER: ContextVar[Callable[[Path, bytes], None] | None] = ContextVar(
    "gapcheck_yaml_read_observer", default=None
)

# libyaml's parser when PyYAML was built with it: about ten times faster on the catalogs.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """SafeLoader without timestamps and with YAML 1.2-style booleans."""


_DROPPED = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool"}
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
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


def read_yaml(path: Path, display: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse `path`; on failure return None and the problems (never raises for bad input)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                Problem.of(C.TOO_LARGE, display, None, None, size=size, limit=MAX_FILE_BYTES)
            ]
        raw = path.read_bytes()
        if (observe := READ_OBSERVER.get()) is not None:
            observe(path, raw)
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem.of(C.NOT_UTF8, display, None, None, reason=exc.reason)]
    except OSError as exc:
        return None, [
            Problem.of(C.UNREADABLE, display, None, None, reason=exc.strerror or str(exc))
        ]
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
            problems = _check_nodes(root, display)
            if problems:
                return None, problems
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        return None, [Problem.of(C.YAML_SYNTAX, display, line, None, detail=what)]
    except yaml.YAMLError as exc:
        return None, [Problem.of(C.YAML_SYNTAX, display, None, None, detail=str(exc))]
    except RecursionError:
        return None, [Problem.of(C.YAML_DEPTH, display, None, None, limit=MAX_DEPTH)]
    return YamlDoc(display, data, root), []


def _check_nodes(root: Node | None, display: str) -> list[Problem]:
    """Duplicate keys, anchors/aliases (a shared node) and deep nesting are errors."""
    problems: list[Problem] = []
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(root, 0)] if root is not None else []
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return [
                Problem.of(C.YAML_DEPTH, display, node.start_mark.line + 1, None, limit=MAX_DEPTH)
            ]
        if id(node) in seen:
            problems.append(Problem.of(C.YAML_ALIAS, display, node.start_mark.line + 1, None, n=1))
            continue
        seen.add(id(node))
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
                                name=key.value,
                                first=keys[key.value],
                            )
                        )
                    keys.setdefault(key.value, key.start_mark.line + 1)
                stack.append((value, depth + 1))
        elif isinstance(node, SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
    return problems
