"""One requirement: its text in every loaded version, and its mappings."""

from __future__ import annotations

from fastapi import APIRouter

from gapcheck import service
from gapcheck.api.deps import CatalogDep
from gapcheck.api.routes._common import RequirementId, errors
from gapcheck.api.schemas import RequirementDetail, RequirementVersion

__all__ = ["router"]

router = APIRouter(tags=["catalog"])


@router.get(
    "/requirements/{requirement_id}",
    summary="Show a requirement: text, versions and mappings",
    response_model=RequirementDetail,
    responses=errors(401, 403, 404, 422),
)
async def get_requirement(requirement_id: RequirementId, catalog: CatalogDep) -> RequirementDetail:
    found = service.find_requirement_versions(catalog, requirement_id)
    return RequirementDetail(
        id=requirement_id,
        versions=[
            RequirementVersion(
                source=loaded.source.id,
                version=loaded.version.id,
                status=loaded.version.status,
                requirement=req,
            )
            for loaded, req in found
        ],
        mappings=service.edges_of(catalog, requirement_id),
        sets=[s for s in catalog.sets if s.requirement == requirement_id],
    )
