"""Turning a parsed YAML document into a typed file model, or into located problems.

pydantic's error types are mapped to our `ProblemCode`s, so every message is in the user's
language, names the entry (its id) and the field relative to it, and quotes the value the user
wrote (never the value of an unknown key: that may be anything, a password included).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from gapcheck.catalog.yamlio import YamlDoc
from gapcheck.errors import Msg, Problem, ProblemCode

__all__ = ["entry_id", "quote", "salvage_entries", "validate_doc"]

M = TypeVar("M", bound=BaseModel)

# Keys that name an entry, in order of preference, for "[entry]" in messages.
_ID_KEYS = ("id", "target", "requirement", "from", "control")

C = ProblemCode
# pydantic's error type -> our code. Types not listed keep pydantic's English text
# (VALUE_INVALID), so a new pydantic check is never lost, only untranslated.
_CODES: dict[str, ProblemCode] = {
    "extra_forbidden": C.FIELD_UNKNOWN,
    "missing": C.FIELD_MISSING,
    "enum": C.VALUE_NOT_ALLOWED,
    "literal_error": C.VALUE_NOT_ALLOWED,
    "date_from_datetime_parsing": C.VALUE_NOT_DATE,
    "date_parsing": C.VALUE_NOT_DATE,
    "date_type": C.VALUE_NOT_DATE,
    "date_from_datetime_inexact": C.VALUE_NOT_DATE,
    "string_pattern_mismatch": C.VALUE_NOT_ID,
    "bool_type": C.VALUE_NOT_BOOL,
    "bool_parsing": C.VALUE_NOT_BOOL,
    "int_type": C.VALUE_NOT_INT,
    "int_parsing": C.VALUE_NOT_INT,
    "int_parsing_size": C.VALUE_NOT_INT,
    "int_from_float": C.VALUE_NOT_INT,
    "float_type": C.VALUE_NOT_NUMBER,
    "float_parsing": C.VALUE_NOT_NUMBER,
    "finite_number": C.VALUE_NOT_NUMBER,
    "string_type": C.VALUE_NOT_TEXT,
    "list_type": C.VALUE_NOT_LIST,
    "model_type": C.VALUE_NOT_MAPPING,
    "dict_type": C.VALUE_NOT_MAPPING,
    "too_short": C.VALUE_TOO_SHORT,
    "string_too_short": C.VALUE_TOO_SHORT,
    "too_long": C.VALUE_TOO_LONG,
    "string_too_long": C.VALUE_TOO_LONG,
    "greater_than": C.VALUE_TOO_SMALL,
    "greater_than_equal": C.VALUE_TOO_SMALL,
    "less_than": C.VALUE_TOO_LARGE,
    "less_than_equal": C.VALUE_TOO_LARGE,
    # Our own model checks (PydanticCustomError types in gapcheck.model)
    "measure_links_nothing": C.MEASURE_LINKS_NOTHING,
    "period_ends_before_start": C.PERIOD_ENDS_BEFORE_START,
    "periods_out_of_order": C.PERIODS_OUT_OF_ORDER,
}
# The limit a size check names, by pydantic's context key.
_LIMIT_KEYS = ("min_length", "max_length", "ge", "gt", "le", "lt")
# A pattern that is not the id pattern: say what is expected in words.
_PATTERN_FIXES = {
    "^[A-Z]{2}$": "fix.country_code",
    "^(EU|SE|INT)$": "fix.jurisdiction",
}
_QUOTE_CHARS = 60


def quote(value: Any) -> str:
    """The value as the user wrote it, quoted and short, with control characters visible."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list | tuple):
        return "[…]"
    text = str(value)
    if len(text) > _QUOTE_CHARS:
        text = text[: _QUOTE_CHARS - 1] + "…"
    text = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )
    return f"'{text}'" if isinstance(value, str) else text


def _entry_at(data: Any, loc: Sequence[int | str]) -> tuple[str | None, int]:
    """The id of the outermost entry along `loc` that has one, and how many steps of `loc`
    lead to it (0 when none: then the whole `loc` is the field)."""
    node = data
    for depth in range(len(loc) + 1):
        if isinstance(node, dict):
            for key in _ID_KEYS:
                value = node.get(key)
                if isinstance(value, str | int) and not isinstance(value, bool):
                    # The entry's own id field is named from the file's top, not from itself.
                    return str(value), depth
        if depth == len(loc):
            break
        step = loc[depth]
        if isinstance(node, dict) and isinstance(step, str):
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        else:
            break
    return None, 0


def entry_id(data: Any, loc: Sequence[int | str]) -> str | None:
    """The id of the outermost entry along `loc` that has one."""
    return _entry_at(data, loc)[0]


def validate_doc(doc: YamlDoc, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate `doc` against `model`, returning every problem with file, line and entry."""
    if not isinstance(doc.data, dict):
        return None, [
            Problem.of(C.NOT_A_MAPPING, doc.path, 1, None, keys=", ".join(model.model_fields))
        ]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [_problem(doc, err) for err in exc.errors(include_url=False)]


def _problem(doc: YamlDoc, err: ErrorDetails) -> Problem:
    loc = [p for p in err["loc"] if isinstance(p, int | str)]
    entry, depth = _entry_at(doc.data, loc)
    # Relative to the entry: "[M-001] status: …", not "measures.0.status: …".
    shown = loc[depth:] if depth < len(loc) else [p for p in loc if isinstance(p, str)][-1:]
    field = ".".join(str(p) for p in shown) or "(top)"
    kind = err["type"]
    code = _CODES.get(kind, C.VALUE_INVALID)
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    params: dict[str, str | int | Msg] = {"field": field}
    fix: str | Msg | None = None
    given = err.get("input")
    if code is not C.FIELD_UNKNOWN:  # an unknown key's value may be anything: never echo it
        params["value"] = quote(given)
    if code is C.VALUE_NOT_ALLOWED:
        allowed = re.findall(r"'([^']+)'", str(ctx.get("expected", "")))
        params["allowed"] = ", ".join(allowed)
        near = difflib.get_close_matches(str(given), allowed, n=1, cutoff=0.6)
        if near and isinstance(given, str):
            fix = Msg.of("fix.did_you_mean_value", near=near[0])
    elif code is C.VALUE_NOT_DATE and "day value is outside" in str(ctx.get("error")):
        fix = "fix.no_such_day"  # 2026-02-30: the form is right, the day does not exist
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") in _PATTERN_FIXES:
        code = C.VALUE_FORMAT
        fix = _PATTERN_FIXES[str(ctx["pattern"])]
    elif kind == "string_pattern_mismatch" and "A-Za-z0-9" not in str(ctx.get("pattern")):
        code = C.VALUE_FORMAT
    limit = next((ctx[k] for k in _LIMIT_KEYS if k in ctx), None)
    if limit is not None:
        params["limit"] = str(limit)
    if code is C.VALUE_INVALID:
        params["detail"] = err["msg"].removeprefix("Value error, ")
    return Problem.make(
        code, doc.path, doc.line_of(loc), entry, fix, params, loc=".".join(map(str, loc))
    )


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
