"""The JSON encoder of the results: sorted keys, two-space indent, UTF-8 text, fast.

orjson writes the same bytes as `json.dumps(data, sort_keys=True, indent=2,
ensure_ascii=False)` for what gapcheck serialises (strings, integers, floats rounded to 4
decimals, booleans, null, lists, objects; tests/service/test_jsonout.py pins it), about ten
times faster than the standard library's pure-Python indenting encoder. Both are
deterministic; they would differ only in how a float below 1e-4 is spelled ("1e-05" against
"1e-5", the same number), which rounded output never holds.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import orjson

from gapcheck.model.result import AnalysisResult, MeasureRef

__all__ = ["dumps_sorted", "dumps_sorted_bytes", "result_tree"]

# The measure references of the explanations, left out of the one big dump and put back once
# per distinct list (`result_tree`).
_REFS: Any = {
    "requirements": {
        "__all__": {"explanation": {"controls": {"__all__": {"measures"}}, "direct_measures": True}}
    }
}

_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


def dumps_sorted(data: Any) -> str:
    """`data` (JSON-ready, e.g. `model_dump(mode="json")`) as indented JSON, keys sorted."""
    return dumps_sorted_bytes(data).decode()


def dumps_sorted_bytes(data: Any) -> bytes:
    """`dumps_sorted(data)` as UTF-8 bytes, without the text in between (a str of the
    result at city scale holds two bytes per character: one "→" in a title is enough)."""
    try:
        return orjson.dumps(data, option=_OPTIONS)
    except TypeError:  # an integer beyond 64 bits: the standard encoder takes any
        return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False).encode()


def result_tree(result: AnalysisResult) -> Any:
    """`result.model_dump(mode="json")`, with each distinct list of measure references
    dumped once and shared in the tree.

    A control's measures are the same (frozen, shared) MeasureRefs under every requirement
    mapped to it: at 100× the example's measures, 137,500 references in 1,128 control paths
    but 48 distinct lists. Dumped one by one they were most of the time and memory of the JSON.
    Each reference is still dumped by pydantic (`MeasureRef.model_dump`); only the repetition
    is skipped. The lists are told apart by the identity of their items, which stay alive (and
    so keep their ids) for the whole call. tests/service/test_jsonout.py pins the tree equal to
    the plain dump."""
    tree = result.model_dump(mode="json", exclude=_REFS)
    done: dict[tuple[int, ...], list[Any]] = {}

    def refs(items: Sequence[MeasureRef]) -> list[Any]:
        key = tuple(map(id, items))
        out = done.get(key)
        if out is None:
            out = done[key] = [m.model_dump(mode="json") for m in items]
        return out

    for row, row_out in zip(result.requirements, tree["requirements"], strict=True):
        ex, ex_out = row.explanation, row_out["explanation"]
        ex_out["direct_measures"] = refs(ex.direct_measures)
        for path, path_out in zip(ex.controls, ex_out["controls"], strict=True):
            path_out["measures"] = refs(path.measures)
    return tree
