"""Legal sources, their versions and each version's requirements."""

from __future__ import annotations

from fastapi import APIRouter

from gapcheck import service
from gapcheck.api.deps import CatalogDep
from gapcheck.api.routes._common import SourceId, VersionId, errors
from gapcheck.api.schemas import SourceOut, VersionOut
from gapcheck.model import Requirement

__all__ = ["router"]

router = APIRouter(tags=["catalog"])


@router.get(
    "/sources",
    summary="List the legal sources",
    response_model=list[SourceOut],
    responses=errors(401, 403, 422),
)
async def list_sources(catalog: CatalogDep) -> list[SourceOut]:
    out = []
    for source_id, source in sorted(catalog.sources().items()):
        out.append(
            SourceOut(
                id=source.id,
                short=source.short,
                title=source.title,
                kind=source.kind,
                jurisdiction=source.jurisdiction,
                binding=source.binding,
                versions=[v.version.id for v in catalog.versions_of(source_id)],
            )
        )
    return out


@router.get(
    "/sources/{source}/versions",
    summary="List a source's versions, oldest first",
    response_model=list[VersionOut],
    responses=errors(401, 403, 404, 422),
)
async def list_versions(source: SourceId, catalog: CatalogDep) -> list[VersionOut]:
    return [
        VersionOut(
            **loaded.version.model_dump(),
            source=loaded.source.id,
            requirements=len(loaded.requirements),
        )
        for loaded in service.find_source_versions(catalog, source)
    ]


@router.get(
    "/sources/{source}/versions/{version}/requirements",
    summary="List the requirements of one source version",
    response_model=list[Requirement],
    responses=errors(401, 403, 404, 422),
)
async def list_requirements(
    source: SourceId, version: VersionId, catalog: CatalogDep
) -> list[Requirement]:
    return list(service.find_version(catalog, source, version).requirements)
