"""Writing `measures.yaml` so that it reads back to exactly the measures meant, comments kept.

An import changes an existing file in place with a round-trip YAML library (ruamel.yaml): only
the fields that changed are replaced, measures are appended or removed, and every comment,
blank line and quoting choice elsewhere stays as the officer wrote it. New values get the
layout of the shipped examples, made by `measures_yaml` (one block per measure with the fields
in model order, links as one-line flow mappings, long texts folded `>-`, every string quoted
unless even YAML 1.1 reads it as that string).

A new file — or, should the round trip ever fail to reproduce the measures, a rewrite — is
written by `measures_yaml` alone, which keeps the comment lines above `measures:` and above
each measure.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from gapcheck.catalog.files import MeasuresFile
from gapcheck.catalog.validate import validate_doc
from gapcheck.catalog.yamlio import read_yaml
from gapcheck.errors import Problem
from gapcheck.model.org import Measure

__all__ = ["ROUND_TRIP_MAX", "comment_blocks", "measures_yaml", "read_back", "update_measures_yaml"]

ROUND_TRIP_MAX = 2_000
"""Measures up to which the file is updated in place keeping every comment (ruamel.yaml takes
about 3.5 ms of CPU per measure); a larger file is rewritten in gapcheck's layout, keeping the
comments above `measures:` and above each measure (see benchmarks/import_workbook.py)."""
_STR_TAG = "tag:yaml.org,2002:str"
_PRINTABLE = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_FOLD_AT = 92
_PLAIN_MAX = 88
_ITEM = re.compile(r"^  - id:")
_RESOLVER = yaml.SafeLoader("")


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip() or len(text) > _PLAIN_MAX:
        return False
    if not (text[0].isalnum() or text[0] in "(§/"):
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    if any(not _PRINTABLE.match(ch) or ch in "\x85\u2028\u2029\ufeff" for ch in text):
        return False
    # Plain only when even YAML 1.1 (timestamps, yes/no, sexagesimal) reads it as a string.
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == _STR_TAG)


def _quoted(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _PRINTABLE.match(ch) and ch not in "\x85\u2028\u2029\ufeff":
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")
    return '"' + "".join(out) + '"'


def _foldable(text: str) -> bool:
    """Folded style reproduces the text exactly when it is one line of single-spaced words."""
    return (
        len(text) > _PLAIN_MAX
        and "  " not in text
        and text == text.strip()
        and all(_PRINTABLE.match(ch) and ch not in "\x85\u2028\u2029\ufeff" for ch in text)
    )


def _fold(text: str, indent: str) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > _FOLD_AT:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(indent + line)
    return lines


def _scalar(text: str) -> str:
    return text if _plain_ok(text) else _quoted(text)


def _field(key: str, text: str, indent: str) -> list[str]:
    if _foldable(text):
        return [f"{indent}{key}: >-", *_fold(text, indent + "  ")]
    return [f"{indent}{key}: {_scalar(text)}"]


def _measure_lines(m: Measure) -> list[str]:
    pad = "    "
    lines = [f"  - id: {_scalar(m.id)}"]
    lines += _field("title", m.title, pad)
    if m.description:
        lines += _field("description", m.description, pad)
    if m.owner:
        lines += _field("owner", m.owner, pad)
    lines.append(f"{pad}status: {m.status.value}")
    if m.due is not None:
        lines.append(f"{pad}due: {m.due.isoformat()}")
    if m.plan_year is not None:
        lines.append(f"{pad}plan_year: {m.plan_year}")
    if m.evidence:
        lines.append(f"{pad}evidence:")
        lines += [f"{pad}  - {_scalar(e)}" for e in m.evidence]
    if m.controls:
        lines.append(f"{pad}controls:")
        lines += [
            f"{pad}  - {{control: {c.control}, extent: {c.extent.value}}}" for c in m.controls
        ]
    if m.requirements:
        lines.append(f"{pad}requirements:")
        for r in m.requirements:
            review = f", reviewed_against: {r.reviewed_against}" if r.reviewed_against else ""
            lines.append(
                f"{pad}  - {{requirement: {r.requirement}, extent: {r.extent.value}{review}}}"
            )
    return lines


def comment_blocks(text: str) -> tuple[list[str], dict[str, list[str]]]:
    """From an existing measures.yaml: the comment lines before `measures:`, and the comment
    lines directly above each measure (by id)."""
    lines = text.splitlines()
    header: list[str] = []
    for line in lines:
        if line.startswith("measures:"):
            break
        if line.startswith("#"):
            header.append(line)
    above: dict[str, list[str]] = {}
    for i, line in enumerate(lines):
        if _ITEM.match(line):
            ident = line.split(":", 1)[1].strip().strip("'\"")
            block: list[str] = []
            j = i - 1
            while j >= 0 and (lines[j].strip().startswith("#") or not lines[j].strip()):
                if lines[j].strip():
                    block.insert(0, lines[j])
                j -= 1
            above[ident] = block
    return header, above


def measures_yaml(
    measures: Sequence[Measure],
    header: Sequence[str] = (),
    above: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """The text of `measures.yaml`; raises ValueError if it would not read back identically."""
    text = _render(measures, header, above)
    _verify(text, measures)
    return text


def _render(
    measures: Sequence[Measure],
    header: Sequence[str] = (),
    above: Mapping[str, Sequence[str]] | None = None,
) -> str:
    out = [*header, "measures:"] if measures else [*header, "measures: []"]
    for m in measures:
        out.append("")
        out += list((above or {}).get(m.id, ()))
        out += _measure_lines(m)
    return "\n".join(out) + "\n"


def read_back(data: bytes, display: str) -> tuple[list[Measure] | None, list[Problem]]:
    """`data` read as measures.yaml by gapcheck's own loader — its size limit, its YAML rules
    (YAML 1.1 scalars, no timestamps, duplicate keys) and its model — so what the loader would
    refuse is refused before anything is written."""
    with tempfile.TemporaryDirectory(prefix="gapcheck-") as folder:
        path = Path(folder) / "measures.yaml"
        path.write_bytes(data)
        doc, problems = read_yaml(path, display)
        if doc is None:
            return None, problems
        parsed, problems = validate_doc(doc, MeasuresFile)
    return (list(parsed.measures) if parsed is not None else None), problems


def _verify(text: str, measures: Sequence[Measure]) -> None:
    parsed, _ = read_back(text.encode("utf-8"), "measures.yaml")
    if parsed != list(measures):
        raise ValueError("measures.yaml would not read back to the same measures")


def _round_trip() -> Any:
    from ruamel.yaml import YAML

    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096  # never re-wrap a line the officer wrote
    return rt


def _styled(rt: Any, m: Measure) -> Any:
    """The measure as a ruamel node, styled as `measures_yaml` writes it."""
    return rt.load("measures:\n" + "\n".join(_measure_lines(m)) + "\n")["measures"][0]


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
) -> tuple[bytes, list[str]]:
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
    rewritten = _render(new, header, above)
    notes = []
    if _comments(text) - _comments(rewritten):
        notes.append(
            "the file was rewritten in gapcheck's layout; comments other than those above "
            "`measures:` and above each measure were not kept (the backup has them)"
        )
    return rewritten.encode("utf-8"), notes


def _comments(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.strip().startswith("#")}
