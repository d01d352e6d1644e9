"""Results saved by an earlier gapcheck, read as today's schema.

A saved run keeps the result JSON it was analysed with. Schema 2.x (2.0, 2.1) repeated each
measure in full under every explanation path that reaches it; 3.0 keeps what belongs to the
link there (`id`, `extent`, `factor`) and the measure itself once in `measures`
(docs/json-result.md "Changes"). `upgrade_result` turns a 2.x result dict into 3.0 without
losing anything (`service.stored_result` reads saved runs through it).
"""

from __future__ import annotations

from typing import Any

from gapcheck.model.result import SCHEMA_VERSION

__all__ = ["UnknownSchemaError", "upgrade_result"]

# What a 2.x measure reference carried of the measure itself (3.0: `MeasureEntry`).
_OWN = ("title", "status", "due", "owner", "evidence")
_LINK = ("id", "extent", "factor")


class UnknownSchemaError(ValueError):
    """A stored result of a schema this gapcheck cannot read (a newer major version)."""


def _major(version: object) -> str:
    return str(version).split(".", 1)[0]


def upgrade_result(data: dict[str, Any]) -> dict[str, Any]:
    """A result dict of schema 2.x as schema 3.0 (a new dict; `data` is left as it is); a 3.x
    dict is returned unchanged. Raises UnknownSchemaError for any other version."""
    major = _major(data.get("schema_version"))
    if major == _major(SCHEMA_VERSION):
        return data
    if major != "2":
        raise UnknownSchemaError(
            f"result schema {data.get('schema_version')!r}: this gapcheck reads 2.x and "
            f"{SCHEMA_VERSION}; read it with the gapcheck that saved it, or analyse again"
        )
    table: dict[str, dict[str, Any]] = {}

    def links(refs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for ref in refs:
            table.setdefault(ref["id"], {"id": ref["id"], **{k: ref.get(k) for k in _OWN}})
        return [{k: ref[k] for k in _LINK} for ref in refs]

    rows = []
    for row in data.get("requirements", []):
        ex = dict(row["explanation"])
        ex["controls"] = [{**c, "measures": links(c.get("measures", []))} for c in ex["controls"]]
        ex["direct_measures"] = links(ex.get("direct_measures", []))
        rows.append({**row, "explanation": ex})
    for row in rows:
        # A closing measure is on the gap's path, so it is in the table already; should one
        # not be, its entry is what the closing list says of it (2.x closing had no owner).
        for c in row.get("closing", []):
            table.setdefault(
                c["measure"],
                {"id": c["measure"], "title": c["title"], "status": c["status"], "due": c["due"]},
            )
    for entry in table.values():
        entry["evidence"] = entry.get("evidence") or []
    return {
        **data,
        "schema_version": SCHEMA_VERSION,
        "requirements": rows,
        "measures": {m: table[m] for m in sorted(table)},
    }
