"""Documented repairs: where a shipped source deliberately differs from the text as read.

A source folder may hold `repairs.toml` (mappings/sources/<source>/repairs.toml). Each entry
says what the catalog does differently from the structure the importer reads, and why; the
importer applies it to every import of that source and reports it, so a repair survives the
next version of the law and is never a silent edit. One kind exists, because one was needed:

    [[sentence]]                # a requirement made of sentences of another provision
    id = "csl:2.6.st2"          # the requirement it adds (child of `from`)
    from = "csl:2.6"
    first = 2                   # from this sentence (1-based) to the end of the text
    ref = "2 kap. 6 § andra meningen (betrodda tjänster)"
    reason = "…"
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from gapcheck.errors import LawTextError, Problem
from gapcheck.errors import ProblemCode as Code
from gapcheck.lawtext.model import Provision

__all__ = ["REPAIRS_FILE", "Repair", "apply_repairs", "load_repairs", "sentences"]

REPAIRS_FILE = "repairs.toml"

# A sentence ends at ". " before a capital letter; "2 kap. 6 §" and "m.m." do not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")


@dataclass(frozen=True, slots=True)
class Repair:
    id: str
    source_of: str
    first: int
    ref: str
    reason: str


def sentences(text: str) -> list[str]:
    """`text` cut into sentences (whitespace between them dropped)."""
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def load_repairs(path: Path, display: str) -> list[Repair]:
    """The repairs in `path` (none when it does not exist); LawTextError when malformed."""
    if not path.is_file():
        return []
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LawTextError(
            [Problem.of(Code.REPAIRS_UNREADABLE, display, None, None, reason=str(exc))]
        ) from exc
    out: list[Repair] = []
    problems: list[Problem] = []
    for i, entry in enumerate(raw.get("sentence", [])):
        try:
            out.append(
                Repair(
                    id=str(entry["id"]),
                    source_of=str(entry["from"]),
                    first=int(entry["first"]),
                    ref=str(entry["ref"]),
                    reason=" ".join(str(entry["reason"]).split()),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(
                Problem.of(Code.REPAIR_INCOMPLETE, display, None, f"sentence[{i}]", reason=str(exc))
            )
    unknown = sorted(set(raw) - {"sentence"})
    if unknown:
        problems.append(
            Problem.of(Code.REPAIR_UNKNOWN_KIND, display, None, None, kinds=", ".join(unknown))
        )
    if problems:
        raise LawTextError(problems)
    return out


def apply_repairs(
    provisions: list[Provision], repairs: list[Repair], prefix: str
) -> tuple[list[Provision], list[Repair], list[Repair]]:
    """Provisions with the repairs applied; and the repairs (applied, no longer applicable).

    Ids in the repairs are full (`csl:2.6.st2`); `prefix` is `csl:`."""
    out = list(provisions)
    applied: list[Repair] = []
    stale: list[Repair] = []
    for repair in repairs:
        local_from = repair.source_of.removeprefix(prefix)
        local_id = repair.id.removeprefix(prefix)
        index = next((i for i, p in enumerate(out) if p.id == local_from), None)
        parts = sentences(out[index].text or "") if index is not None else []
        if index is None or len(parts) < repair.first or any(p.id == local_id for p in out):
            stale.append(repair)
            continue
        base = out[index]
        child = Provision(
            id=local_id,
            ref=repair.ref,
            kind=base.kind,
            line=base.line,
            parent=base.id,
            text=" ".join(parts[repair.first - 1 :]),
            in_force=base.in_force,
        )
        # After the provision and its existing children, in document order.
        end = index + 1
        while end < len(out) and out[end].id.startswith(base.id + "."):
            end += 1
        out.insert(end, child)
        applied.append(repair)
    return out, applied, stale
