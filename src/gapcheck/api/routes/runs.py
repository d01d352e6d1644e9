"""Saved runs over HTTP (issue 11): list, one run, compare two, the trend, and saving the
current analysis (write scope). The same database as the CLI (`GAPCHECK_DATABASE_URL`), so
several workers or hosts share one PostgreSQL.

An organisation's runs are keyed by its id (organisation.yaml); the URL names its folder, as
everywhere in the API, and a token reads only the organisations it names. Lists, runs,
comparisons and trends carry an ETag of their body; a run never changes, so its ETag is its id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from gapcheck import __version__
from gapcheck.api.auth import check_org
from gapcheck.api.cache import revalidates
from gapcheck.api.deps import IfNoneMatch, OrgId, ReadAccess, WriteAccess
from gapcheck.api.params import DATE_PATTERN, parse_date
from gapcheck.api.routes._common import CACHE_CONTROL, NOT_MODIFIED, errors
from gapcheck.api.state import AppState
from gapcheck.api.tokens import ORG_HINT
from gapcheck.errors import NotFoundError
from gapcheck.model.runs import Comparison, RunDetail, RunPage, SaveOutcome, Trend

__all__ = ["MAX_LIMIT", "SaveRequest", "router"]


class _SharedPathRoute(APIRoute):
    """Starlette answers a wrong method with the `Allow` of the first route whose path
    matches; GET and POST /orgs/{org}/runs are two routes, so `Allow` names both here."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.methods and scope["method"] not in self.methods:
            methods: set[str] = set()
            for route in getattr(scope.get("router"), "routes", []):
                if isinstance(route, APIRoute) and route.path_format == self.path_format:
                    methods |= route.methods or set()
            raise HTTPException(405, headers={"Allow": ", ".join(sorted(methods))})
        await super().handle(scope, receive, send)


router = APIRouter(tags=["runs"], route_class=_SharedPathRoute)

MAX_LIMIT = 500
_RUN = r"^[^\x00-\x1f\x7f/]+$"  # an id, a prefix of one, or a label (any printable text)
_ETAG = {"ETag": {"schema": {"type": "string"}, "description": "send back in If-None-Match"}}


class SaveRequest(BaseModel):
    """What to save: the current analysis of the organisation's files, at `as_of`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str | None = Field(default=None, min_length=1, max_length=200)
    by: str | None = Field(
        default=None, min_length=1, max_length=200, description="default: the token's name"
    )
    as_of: str | None = Field(
        default=None,
        max_length=10,
        json_schema_extra={"pattern": DATE_PATTERN, "format": "date"},
        description="analysis date (default: today)",
    )


def _runs() -> Any:
    from gapcheck.service import runs  # loads SQLAlchemy on first use, not at start-up

    return runs


def _state(request: Request) -> AppState:
    state: AppState = request.app.state.gapcheck
    return state


def _org_id(state: AppState, org: str) -> str:
    """The organisation id runs are stored under; its folder name if its files do not load
    now (its runs can still be read)."""
    entries = state.entries(lambda o: o == org)
    if not entries:
        raise NotFoundError("organisation", org, ORG_HINT)
    data = entries[0].data
    return data.organisation.id if data is not None else org


def _json(request: Request, body: bytes, etag: str, status: int = 200) -> Response:
    if status == 200 and revalidates(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers={"ETag": etag, "Cache-Control": CACHE_CONTROL})
    return Response(
        body,
        status_code=status,
        media_type="application/json",
        headers={"ETag": etag, "Cache-Control": CACHE_CONTROL},
    )


def _etag(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


@router.get(
    "/orgs/{org}/runs",
    summary="The organisation's saved runs, newest first (paginated)",
    response_model=RunPage,
    responses={
        200: {"headers": _ETAG, "description": "One page of runs and their total."},
        **NOT_MODIFIED,
        **errors(401, 403, 404, 422),
    },
)
def list_runs(
    request: Request,
    org: OrgId,
    token: ReadAccess,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Runs to skip.")] = 0,
    if_none_match: IfNoneMatch = None,
) -> Response:
    check_org(token, org)
    page = _runs().list_runs(_org_id(_state(request), org), limit=limit, offset=offset)
    page = page.model_copy(update={"limit": limit})
    body = page.model_dump_json().encode()
    return _json(request, body, _etag(body))


@router.get(
    "/orgs/{org}/runs/{run}",
    summary="One saved run: coverage per source, counted requirements, measures, files",
    response_model=RunDetail,
    responses={
        200: {"headers": _ETAG, "description": "The run (never changes: its ETag is its id)."},
        **NOT_MODIFIED,
        **errors(401, 403, 404, 422),
    },
)
def get_run(
    request: Request,
    org: OrgId,
    run: Annotated[
        str,
        Path(
            pattern=_RUN,
            min_length=1,
            max_length=200,
            description="A run id, a unique prefix of it (4+ characters), or its label.",
        ),
    ],
    token: ReadAccess,
    if_none_match: IfNoneMatch = None,
) -> Response:
    check_org(token, org)
    detail = _runs().run_detail(_org_id(_state(request), org), run)
    return _json(request, detail.model_dump_json().encode(), f'"run-{detail.run.id}"')


# Comparisons re-analyse stored inputs (about a second for a real organisation): kept, by the
# pair of run ids, for as long as this gapcheck runs (a run's content never changes).
_comparisons: OrderedDict[tuple[str, str, str, str], bytes] = OrderedDict()
_comparisons_lock = threading.Lock()
_KEEP = 64


def _compare(org_id: str, ref_from: str | None, ref_to: str | None) -> bytes:
    runs = _runs()
    page = runs.list_runs(org_id, limit=2)
    a = runs.resolve_run(org_id, ref_from).id if ref_from else None
    b = runs.resolve_run(org_id, ref_to).id if ref_to else None
    key = (runs.database_shown(), a or "", b or "", ",".join(r.id for r in page.items))
    with _comparisons_lock:
        if key in _comparisons:
            _comparisons.move_to_end(key)
            return _comparisons[key]
    comparison: Comparison = runs.compare_runs(org_id, a, b)
    body = comparison.model_dump_json().encode()
    with _comparisons_lock:
        _comparisons[key] = body
        while len(_comparisons) > _KEEP:
            _comparisons.popitem(last=False)
    return body


@router.get(
    "/orgs/{org}/compare",
    summary="What moved between two saved runs, and why",
    description="Coverage per binding source then and now, gaps closed, new gaps, measures "
    "whose status moved or that slipped past their due date, priorities that changed — each "
    "traced to the calendar, the inputs or the law (as `gapcheck compare --json`). Default: "
    "the two newest runs; `from` alone compares it with the newest.",
    response_model=Comparison,
    responses={
        200: {"headers": _ETAG, "description": "The comparison."},
        **NOT_MODIFIED,
        **errors(401, 403, 404, 422),
    },
)
def compare(
    request: Request,
    org: OrgId,
    token: ReadAccess,
    from_: Annotated[
        str | None,
        Query(alias="from", pattern=_RUN, max_length=200, description="The earlier run."),
    ] = None,
    to: Annotated[
        str | None, Query(pattern=_RUN, max_length=200, description="The later run.")
    ] = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    check_org(token, org)
    body = _compare(_org_id(_state(request), org), from_, to)
    return _json(request, body, _etag(body + __version__.encode()))


@router.get(
    "/orgs/{org}/trend",
    summary="Binding coverage in total and per source across every saved run",
    response_model=Trend,
    responses={
        200: {"headers": _ETAG, "description": "One point per run, oldest first."},
        **NOT_MODIFIED,
        **errors(401, 403, 404, 422),
    },
)
def trend(
    request: Request, org: OrgId, token: ReadAccess, if_none_match: IfNoneMatch = None
) -> Response:
    check_org(token, org)
    org_id = _org_id(_state(request), org)
    points, shorts = _runs().trend(org_id)
    body = Trend(organisation=org_id, sources=shorts, points=points).model_dump_json().encode()
    return _json(request, body, _etag(body))


@router.post(
    "/orgs/{org}/runs",
    summary="Save the current analysis as a run (write scope)",
    description="Analyses the organisation's files as they are now (at `as_of`, default "
    "today) and stores the run with its inputs. 201 with `Location` for a new run; 200 with "
    "`created: false` when the same inputs, catalogs and date are saved already.",
    response_model=SaveOutcome,
    status_code=201,
    responses={
        200: {"description": "Saved already: the existing run.", "model": SaveOutcome},
        201: {"headers": {"Location": {"schema": {"type": "string"}}}},
        **errors(401, 403, 404, 422),
    },
)
async def save_run(
    request: Request, org: OrgId, token: WriteAccess, body: SaveRequest | None = None
) -> Response:
    check_org(token, org)
    body = body or SaveRequest()
    as_of = parse_date(body.as_of, ("body", "as_of")) or dt.date.today()
    state = _state(request)
    by = body.by or getattr(request.state, "token_name", None) or "api"

    def work() -> SaveOutcome:
        from gapcheck import service

        runs = _runs()
        state.org(org)  # 404, or 422 with the problems, exactly as the analysis answers
        folder = next(e.folder for e in state.entries(lambda o: o == org))
        # Loaded again, keeping the bytes: what is stored is exactly what was analysed.
        captured = runs.load_captured(folder, state.catalog_root)
        result = service.analyze_loaded(captured.catalog, captured.org, as_of)
        outcome: SaveOutcome = runs.save_run(captured, result, label=body.label, by=by)
        return outcome

    outcome = await run_in_threadpool(work)
    status = 201 if outcome.created else 200
    answer = _json(request, outcome.model_dump_json().encode(), f'"run-{outcome.run.id}"', status)
    if outcome.created:
        answer.headers["Location"] = f"{request.url.path}/{outcome.run.id}"
    return answer
