"""The organisations the server found, and re-reading one after its files changed."""

from __future__ import annotations

from fastapi import APIRouter

from gapcheck.api.auth import check_org
from gapcheck.api.deps import OrgId, ReadAccess, StateDep, WriteAccess
from gapcheck.api.problems import problem_items
from gapcheck.api.routes._common import errors
from gapcheck.api.schemas import OrgSummary, ReloadResult
from gapcheck.errors import OrganisationError

__all__ = ["router"]

router = APIRouter(tags=["organisations"])


@router.get(
    "/orgs",
    summary="List the organisations",
    description="Every organisation folder found in the configured folders that this token may "
    "read, valid or not. One that does not load is listed with its problems; it never hides "
    "the others.",
    response_model=list[OrgSummary],
    responses=errors(401, 403),
)
def list_orgs(state: StateDep, token: ReadAccess) -> list[OrgSummary]:
    summaries = []
    for entry in state.entries(token.may_read):
        items, total = problem_items(entry.problems)
        summaries.append(
            OrgSummary(
                id=entry.id,
                name=entry.data.organisation.name if entry.data else None,
                valid=entry.data is not None,
                problems=items,
                problems_total=total,
            )
        )
    return summaries


@router.post(
    "/orgs/{org}/reload",
    summary="Re-read an organisation's files (write scope)",
    description="Re-reads the catalogs and the organisation's folder and drops its cached "
    "analyses. The configured folders are listed again, so a new organisation folder can be "
    "loaded this way. Answers 422 with every problem when the files do not load.",
    response_model=ReloadResult,
    responses=errors(401, 403, 404, 422),
)
def reload_org(org: OrgId, state: StateDep, token: WriteAccess) -> ReloadResult:
    check_org(token, org)
    entry, changed = state.reload(org)
    if entry.data is None:
        raise OrganisationError(entry.problems)
    ctx = state.org(org)  # the entry just loaded, with its catalog's fingerprint
    return ReloadResult(
        id=org, name=entry.data.organisation.name, changed=changed, fingerprint=ctx.fingerprint
    )
