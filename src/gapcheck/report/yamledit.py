"""Changing an existing `measures.yaml` in place, keeping every comment.

An import edits the file with a round-trip YAML library (ruamel.yaml): only the fields that
changed are replaced (list items one by one, so comments between them stay), measures are
appended or removed, and every comment, blank line and quoting choice elsewhere stays as the
officer wrote it. New values get the layout `yamlout` writes (made by `yamlout.measure_lines`
and loaded as ruamel nodes). Should the round trip ever fail to reproduce the measures — or the
file be larger than `ROUND_TRIP_MAX` measures — the file is rewritten by `yamlout` instead,
which keeps the comment lines above `measures:` and above each measure, and a note says so.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from gapcheck.errors import Msg
from gapcheck.model.org import Measure
from gapcheck.report.yamlout import comment_blocks, measure_lines, read_back, render

__all__ = ["ROUND_TRIP_MAX", "update_measures_yaml"]

ROUND_TRIP_MAX = 2_000
"""Measures up to which the file is updated in place keeping every comment (ruamel.yaml takes
about 3.5 ms of CPU per measure); a larger file is rewritten in gapcheck's layout, keeping the
comments above `measures:` and above each measure (see benchmarks/import_workbook.py)."""


def _round_trip() -> Any:
    from ruamel.yaml import YAML

    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096  # never re-wrap a line the officer wrote
    return rt


def _styled(rt: Any, m: Measure) -> Any:
    """The measure as a ruamel node, styled as `measures_yaml` writes it."""
    return rt.load("measures:\n" + "\n".join(measure_lines(m)) + "\n")["measures"][0]


def _set_field(node: Any, key: str, value: Any) -> None:
    """Set `key` in the measure's mapping, a new key in model order."""
    if key in node:
        node[key] = value
        return
    order = list(Measure.model_fields)
    position = sum(1 for k in node if k in order and order.index(k) < order.index(key))
    node.insert(position, key, value)


def _update_list(items: Any, old: list[Any], new: list[Any], fresh: Any) -> None:
    """Turn the list node `items` (holding `old`) into `new` in place, item by item: the items
    that stay keep their nodes, and with them the comments around them."""
    from difflib import SequenceMatcher

    ops = SequenceMatcher(None, [repr(v) for v in old], [repr(v) for v in new]).get_opcodes()
    for tag, i1, i2, j1, j2 in reversed(ops):
        if tag == "equal":
            continue
        common = min(i2 - i1, j2 - j1)
        for k in range(common):
            items[i1 + k] = fresh[j1 + k]
        for k in reversed(range(i1 + common, i2)):
            del items[k]
        for k in range(j1 + common, j2):
            items.insert(i1 + k - j1, fresh[k])


def _update_measure(rt: Any, node: Any, old: Measure, new: Measure) -> None:
    from ruamel.yaml.comments import CommentedSeq

    fresh = _styled(rt, new)
    a, b = old.model_dump(mode="json"), new.model_dump(mode="json")
    for key in Measure.model_fields:
        if a[key] == b[key]:
            continue
        current = node.get(key)
        if isinstance(current, CommentedSeq) and key in fresh and len(current) == len(a[key]):
            _update_list(current, a[key], b[key], fresh[key])
        elif key in fresh:
            _set_field(node, key, fresh[key])
        elif key in node:
            del node[key]


def _indent(text: str) -> tuple[int, int]:
    """(sequence indent, dash offset) of the file's list of measures, e.g. (4, 2) for
    `  - id:` under `measures:`."""
    match = re.search(r"^measures:[^\n]*\n(?:[ \t]*(?:#[^\n]*)?\n)*( *)- ", text, re.M)
    offset = len(match.group(1)) if match else 2
    return offset + 2, offset


def _round_trip_text(text: str, current: Sequence[Measure], new: Sequence[Measure]) -> str:
    from ruamel.yaml.comments import CommentedSeq

    rt = _round_trip()
    sequence, offset = _indent(text)
    rt.indent(mapping=2, sequence=sequence, offset=offset)
    doc = rt.load(text)
    items = doc.get("measures")
    if not isinstance(items, CommentedSeq):
        raise ValueError("measures: is not a block list")
    old_by = {m.id: m for m in current}
    new_by = {m.id: m for m in new}
    nodes = {str(node.get("id")): node for node in items}
    if set(nodes) != set(old_by):
        raise ValueError("the file's measures are not the ones read")
    for i in reversed(range(len(items))):
        ident = str(items[i].get("id"))
        if ident not in new_by:
            del items[i]
        elif old_by[ident] != new_by[ident]:
            _update_measure(rt, items[i], old_by[ident], new_by[ident])
    spaced = bool(re.search(r"\n[ \t]*\n *- id:", text))
    for m in new:
        if m.id not in old_by:
            items.append(_styled(rt, m))
            if spaced:
                items.yaml_set_comment_before_after_key(len(items) - 1, before="\n")
    out = io.StringIO()
    rt.dump(doc, out)
    return out.getvalue()


def update_measures_yaml(
    text: str, current: Sequence[Measure], new: Sequence[Measure]
) -> tuple[bytes, list[Msg]]:
    """The bytes of measures.yaml holding `new`, made from its present `text` (which holds
    `current`), and notes for the officer (empty when every comment was kept).

    The caller checks the bytes with the loader (`read_back`): a file over a loader limit is
    returned as it is, for the loader's own words to refuse it.
    """
    if text.strip() and current and len(current) <= ROUND_TRIP_MAX:
        try:
            updated = _round_trip_text(text, current, new)
        except Exception:  # any failure of the round trip: rewrite in gapcheck's layout
            updated = ""
        parsed, problems = (
            read_back(updated.encode("utf-8"), "measures.yaml") if updated else (None, [])
        )
        if parsed == list(new) or (updated and parsed is None and problems):
            return updated.encode("utf-8"), []
    header, above = comment_blocks(text)
    rewritten = render(new, header, above)
    notes = []
    if _comments(text) - _comments(rewritten):
        notes.append(Msg.of("import.comments_dropped"))
    return rewritten.encode("utf-8"), notes


def _comments(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.strip().startswith("#")}
