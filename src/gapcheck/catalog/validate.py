"""Turning a parsed YAML document into a typed file model, or into located problems."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from gapcheck.catalog.yamlio import YamlDoc
from gapcheck.errors import Problem

__all__ = ["entry_id", "salvage_entries", "validate_doc"]

M = TypeVar("M", bound=BaseModel)

# Keys that name an entry, in order of preference, for "[entry]" in messages.
_ID_KEYS = ("id", "target", "requirement", "from", "control")

_HINTS = {
    "extra_forbidden": "remove it or fix its spelling (see docs/formats.md for the fields)",
    "missing": "add this field",
    "enum": "use one of the listed values",
    "literal_error": "use one of the listed values",
    "date_from_datetime_parsing": "write the date as YYYY-MM-DD",
    "date_parsing": "write the date as YYYY-MM-DD",
    "date_type": "write the date as YYYY-MM-DD",
    "date_from_datetime_inexact": "write the date as YYYY-MM-DD",
    "string_pattern_mismatch": "ids are ASCII letters, digits and . _ : - (see docs/formats.md)",
    "bool_type": "write true or false",
    "bool_parsing": "write true or false",
    "int_parsing": "write a whole number",
    "float_parsing": "write a number",
    "too_short": "add at least one entry",
    "model_type": "this must be a mapping of fields (key: value)",
    "list_type": "this must be a list (lines starting with '- ')",
    "dict_type": "this must be a mapping of fields (key: value)",
    "string_type": "write this as text (quote it if it looks like a number or date)",
    "value_error": "",
}


def entry_id(data: Any, loc: Sequence[int | str]) -> str | None:
    """The id of the innermost entry along `loc` that has one."""
    found: str | None = None
    node = data
    for step in loc:
        if isinstance(node, dict):
            for key in _ID_KEYS:
                value = node.get(key)
                if isinstance(value, str | int) and not isinstance(value, bool):
                    found = str(value)
                    break
            node = node.get(step) if isinstance(step, str) else None
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        else:
            break
    if isinstance(node, dict):
        for key in _ID_KEYS:
            value = node.get(key)
            if isinstance(value, str):
                return value
    return found


def validate_doc(doc: YamlDoc, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate `doc` against `model`, returning every problem with file, line and entry."""
    if not isinstance(doc.data, dict):
        return None, [
            Problem(
                doc.path,
                1,
                None,
                "the file must be a YAML mapping at the top level",
                f"start it with the key(s) {', '.join(model.model_fields)}",
            )
        ]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = [p for p in err["loc"] if isinstance(p, int | str)]
            # Model validators report loc () or the model's own loc; keep the real path only.
            field = ".".join(str(p) for p in loc)
            msg = err["msg"].removeprefix("Value error, ")
            hint = _HINTS.get(err["type"], "")
            if err["type"] in ("enum", "literal_error") and isinstance(err.get("input"), str):
                # "in_progres" → "did you mean 'in_progress'?"
                allowed = re.findall(r"'([^']+)'", str(err.get("ctx", {}).get("expected", "")))
                near = difflib.get_close_matches(err["input"], allowed, n=1, cutoff=0.6)
                if near:
                    hint = f"did you mean '{near[0]}'?"
            problems.append(
                Problem(
                    doc.path,
                    doc.line_of(loc),
                    entry_id(doc.data, loc),
                    f"{field}: {msg}" if field else msg,
                    hint,
                )
            )
        return None, problems


def salvage_entries(doc: YamlDoc, model: type[M]) -> tuple[M, YamlDoc] | None:
    """The file with only its valid list entries, for cross-checking what can be checked.

    For a file of one list (`measures:`, `risks:` …) whose whole validation failed: keep the
    entries that validate on their own, and a node tree filtered the same way so line look-ups
    still point at the right entries. None when nothing can be salvaged.
    """
    data, root = doc.data, doc.root
    if not isinstance(data, dict) or len(data) != 1 or not isinstance(root, MappingNode):
        return None
    ((key, items),) = data.items()
    if not isinstance(items, list):
        return None
    keep = []
    for i, item in enumerate(items):
        try:
            model.model_validate({key: [item]})
        except ValidationError:
            continue
        keep.append(i)
    try:
        value = model.model_validate({key: [items[i] for i in keep]})
    except ValidationError:
        return None
    pairs = []
    for k, v in root.value:
        if isinstance(k, ScalarNode) and k.value == key and isinstance(v, SequenceNode):
            v = SequenceNode(v.tag, [v.value[i] for i in keep], v.start_mark, v.end_mark)
        pairs.append((k, v))
    filtered = MappingNode(root.tag, pairs, root.start_mark, root.end_mark)
    return value, YamlDoc(doc.path, {key: [items[i] for i in keep]}, filtered)
