"""A source version as YAML, in the layout of the shipped files (one line per short field,
`|-` blocks for provision text), so that an imported file reads like a hand-written one."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from gapcheck.model import Requirement, Source, SourceVersion

__all__ = ["render_version"]

_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/\-]*$")
_RESERVED = {"null", "true", "false", "yes", "no", "on", "off", "~"}


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _RESERVED and not _looks_numeric(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _looks_numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9.:\-]+", text))


def _flow(data: dict[str, Any], quoted: bool = False) -> str:
    """`{key: value, ...}`; `quoted` writes every string in double quotes (titles)."""
    parts = []
    for key, value in data.items():
        if isinstance(value, list):
            shown = "[" + ", ".join(_scalar(v) for v in value) + "]"
        elif quoted and isinstance(value, str):
            shown = json.dumps(value, ensure_ascii=False)
        else:
            shown = _scalar(value)
        parts.append(f"{key}: {shown}")
    return "{" + ", ".join(parts) + "}"


def _block(text: str, indent: str) -> list[str]:
    return ["|-"] + [f"{indent}{line}" if line else "" for line in text.split("\n")]


def _requirement(req: Requirement) -> list[str]:
    data = req.model_dump(mode="json", exclude_none=True)
    lines = [f"  - id: {_scalar(req.id)}", f"    ref: {json.dumps(req.ref, ensure_ascii=False)}"]
    if req.parent:
        lines.append(f"    parent: {_scalar(req.parent)}")
    if not req.assessable:
        lines.append("    assessable: false")
    if "title" in data:
        lines.append(f"    title: {_flow(data['title'], quoted=True)}")
    if "text" in data:
        lines.append("    text:")
        for lang in ("sv", "en"):
            if lang in data["text"]:
                head, *rest = _block(data["text"][lang], "        ")
                lines.append(f"      {lang}: {head}")
                lines += rest
    for key in ("applies_if", "deadline"):
        if key in data:
            lines.append(f"    {key}: {_flow(data[key])}")
    if req.in_force is not None:
        lines.append(f"    in_force: {req.in_force.isoformat()}")
    return lines


def _mapping(name: str, data: dict[str, Any], flows: Iterable[str]) -> list[str]:
    lines = [f"{name}:"]
    for key, value in data.items():
        if key in flows and isinstance(value, dict):
            lines.append(f"  {key}: {_flow(value, quoted=key == 'title')}")
        else:
            lines.append(f"  {key}: {_scalar(value)}")
    return lines


def render_version(
    source: Source, version: SourceVersion, requirements: Sequence[Requirement], comment: str
) -> str:
    """The whole `mappings/sources/<source>/<version>.yaml` file."""
    lines = [f"# {line}".rstrip() for line in comment.strip().split("\n")]
    src = source.model_dump(mode="json", exclude_none=True)
    lines += _mapping("source", src, ("title", "applies_if"))
    ver = version.model_dump(mode="python")
    lines += _mapping("version", ver, ())
    lines.append("requirements:")
    for req in requirements:
        lines += _requirement(req)
    return "\n".join(lines) + "\n"
