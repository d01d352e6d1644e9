"""ISO/IEC 27001:2022 clauses and Annex A controls (identifiers and titles)."""

from __future__ import annotations

from fastapi import APIRouter

from gapcheck import service
from gapcheck.api.deps import CatalogDep
from gapcheck.api.routes._common import ControlId, errors
from gapcheck.api.schemas import ControlDetail
from gapcheck.model import Control

__all__ = ["router"]

router = APIRouter(tags=["catalog"])


@router.get(
    "/controls",
    summary="List the controls",
    response_model=list[Control],
    responses=errors(401, 403, 422),
)
async def list_controls(catalog: CatalogDep) -> list[Control]:
    return list(catalog.controls)


@router.get(
    "/controls/{control_id}",
    summary="Show a control and the requirements mapped to it",
    response_model=ControlDetail,
    responses=errors(401, 403, 404, 422),
)
async def get_control(control_id: ControlId, catalog: CatalogDep) -> ControlDetail:
    return ControlDetail(
        control=service.find_control(catalog, control_id),
        mappings=service.edges_of(catalog, control_id),
    )
