"""What changed between two versions of a legal source, and what it does to an organisation's
gaps: `gapcheck diff SOURCE FROM TO [--org ORG] [--only …] --json -` over HTTP (issue 6).

Every id in the query is looked up in the loaded catalog and the discovered organisations (404
naming an unknown one); none is ever joined onto a path. Diffs are cached like analyses: keyed
by the ids, the prefixes, the date and the inputs' fingerprint, with an ETag from that key.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import StringConstraints
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from gapcheck import service
from gapcheck.api.cache import DiffKey, revalidates
from gapcheck.api.deps import (
    ID_PATTERN,
    IfNoneMatch,
    ReadAccess,
    StateDep,
    catalog_snapshot,
    org_context,
)
from gapcheck.api.params import DATE_PATTERN, parse_date
from gapcheck.api.routes._common import (
    ETAG_HEADERS,
    NOT_MODIFIED,
    cached_json,
    errors,
    not_modified,
)
from gapcheck.api.state import ORG_ID_PATTERN
from gapcheck.model import OrgData
from gapcheck.versions import DiffReport

__all__ = ["DIFF_EXAMPLE", "ONLY_PATTERN", "router"]

router = APIRouter(tags=["versions"])

_PREFIX = r"[A-Za-z0-9][A-Za-z0-9._:\-]*"
ONLY_PATTERN = rf"^ *{_PREFIX}( *, *{_PREFIX})* *$"

OnlyStr = Annotated[str, StringConstraints(pattern=ONLY_PATTERN, max_length=500)]


def _version_query(alias: str, what: str, example: str) -> Any:
    return Query(
        alias=alias,
        pattern=ID_PATTERN,
        min_length=1,
        max_length=120,
        description=f"The {what} version's id (see `GET /sources/{{source}}/versions`).",
        examples=[example],
    )


SourceQuery = Annotated[
    str,
    Query(
        pattern=ID_PATTERN,
        min_length=1,
        max_length=120,
        description="The source's id (see `GET /sources`).",
        examples=["csl"],
    ),
]
FromQuery = Annotated[str, _version_query("from", "earlier (FROM)", "sou-2024-18")]
ToQuery = Annotated[str, _version_query("to", "later (TO)", "sfs-2025-1506")]
OrgQuery = Annotated[
    str | None,
    Query(
        pattern=ORG_ID_PATTERN,
        max_length=64,
        description="Also this organisation's gap picture under each version (the gap delta), "
        "as `--org` does; its folder name (see `GET /orgs`).",
        examples=["aldreforvaltningen"],
    ),
]
DeltaDateQuery = Annotated[
    str | None,
    Query(
        max_length=40,
        json_schema_extra={"pattern": DATE_PATTERN, "format": "date"},
        description="The gap delta's date, YYYY-MM-DD in 2000–2099 (default: today). Only "
        "used with `org`.",
        examples=["2026-11-28"],
    ),
]
OnlyQuery = Annotated[
    list[OnlyStr] | None,
    Query(
        max_length=20,
        description="Limit the diff to ids under these prefixes, comma-separated (repeatable), "
        "as `--only`: `csl:2` covers `csl:2` and `csl:2.3.p1`, not `csl:20`. A prefix that "
        "matches nothing narrows the diff to nothing.",
        examples=[["csl:2.3,csl:2.4"]],
    ),
]

# A real answer (csl, only=csl:2.6, org=aldreforvaltningen, as_of=2026-11-28), shortened.
DIFF_EXAMPLE: dict[str, Any] = {
    "schema_version": "1.0",
    "diff": {
        "schema_version": "1.0",
        "source": "csl",
        "source_short": "CSL",
        "from_version": "sou-2024-18",
        "to_version": "sfs-2025-1506",
        "from_status": "proposal",
        "to_status": "final",
        "from_verified": False,
        "to_verified": True,
        "from_notes": "PARTLY RECONSTRUCTED; …",
        "to_notes": "Original text as issued 2025-12-11, in force 2026-01-15 …",
        "thresholds": {
            "containment": 0.8,
            "editorial_max_words": 3.0,
            "editorial_min_ratio": 0.9,
            "min_hint_words": 4.0,
            "renumber": 0.6,
            "structural": 0.25,
        },
        "scope": ["csl:2.6"],
        "counts": {
            "added": 2,
            "removed": 0,
            "renumbered": 0,
            "editorial": 0,
            "substantive": 0,
            "unchanged": 0,
            "renumbered_substantive": 0,
        },
        "changes": [
            {
                "kind": "added",
                "old_id": None,
                "new_id": "csl:2.6",
                "old_ref": None,
                "new_ref": "2 kap. 6 §",
                "title": {
                    "sv": "Incidentanmälan inom 72 timmar",
                    "en": "Incident notification within 72 hours",
                },
                "level": None,
                "similarity": 0.0,
                "changed_words": 0,
                "reasons": [],
                "words": [],
                "text": "Verksamhetsutövare ska till samma myndighet som avses i 5 § göra en "
                "incidentanmälan om den betydande incidenten så snart det kan ske. …",
                "related": None,
            }
        ],
    },
    "delta": {
        "organisation": "aldreforvaltningen",
        "as_of": "2026-11-28",
        "from_coverage": 0.0,
        "to_coverage": 0.2797,
        "from_gaps": 17,
        "to_gaps": 19,
        "rows": [
            {
                "old_id": None,
                "new_id": "csl:2.6",
                "change": "added",
                "level": None,
                "before": None,
                "after": {
                    "coverage": 0.1875,
                    "category": "overdue",
                    "applicable": True,
                    "assessable": True,
                },
            }
        ],
        "new_unmapped": [],
        "attachments": [],
    },
}


@router.get(
    "/diff",
    summary="Compare two versions of a source (as `gapcheck diff --json`)",
    description="Every requirement of FROM and TO classified as added, removed, renumbered, "
    "changed (editorial or substantive, with a word-level diff) or unchanged — the JSON of "
    "`gapcheck diff SOURCE FROM TO --json -`, field by field in docs/versions.md. With `org`, "
    "also the gap delta: the organisation analysed under FROM and under TO (its own pins fix "
    "the other sources), as `--org`. Cached per inputs and query; the ETag changes when the "
    "catalog's or the organisation's files do.",
    response_model=DiffReport,
    responses={
        200: {
            "headers": ETAG_HEADERS,
            "description": "The diff report (with `delta` when `org` is given, else null).",
            "content": {"application/json": {"example": DIFF_EXAMPLE}},
        },
        **NOT_MODIFIED,
        **errors(401, 403, 404, 422),
    },
)
async def get_diff(
    request: Request,
    state: StateDep,
    source: SourceQuery,
    from_version: FromQuery,
    to_version: ToQuery,
    token: ReadAccess,
    org: OrgQuery = None,
    as_of: DeltaDateQuery = None,
    only: OnlyQuery = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    day = parse_date(as_of, ("query", "as_of"))
    data: OrgData | None = None
    if org is None:
        snap = await catalog_snapshot(state)
        catalog, fingerprint = snap.require(), snap.fingerprint
    else:
        ctx = await org_context(state, org, token)  # 404 for one not found or not readable
        catalog, data, fingerprint = ctx.catalog, ctx.data, ctx.fingerprint
    service.find_version(catalog, source, from_version)  # 404 naming the unknown source/version
    service.find_version(catalog, source, to_version)
    scope = service.parse_scope(only or [])
    date = (day or dt.date.today()) if data is not None else None  # no delta, no date
    key = DiffKey(source, from_version, to_version, tuple(sorted(scope)), org, date, fingerprint)
    if revalidates(if_none_match, key.etag):
        return not_modified(request, key.etag)

    def compute() -> DiffReport:
        return service.diff_loaded(
            catalog, source, from_version, to_version, data, date, scope or None
        )

    cached = state.diff_cache.get(key)
    if cached is None:
        cached = await run_in_threadpool(state.diff_cache.get_or_compute, key, compute)
    return await cached_json(request, cached, "diff", lambda r: r.model_dump_json().encode())
