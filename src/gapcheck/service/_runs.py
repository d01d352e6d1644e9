"""Saved runs (issue 11): save an analysis with its inputs, list, show and prune runs.

Identity (docs/runs.md): a run's content hash is sha256 over the organisation id, the hash of
its input files, the hash of the catalog files, the analysis date, the source versions used
and the explicit pins. Its id is uuid5(RUN_NAMESPACE, "<org>/<content hash>"): the same
content always has the same id, whoever saves it when, so saving it again finds the run that
exists (and the database's primary key keeps two concurrent savers from storing it twice).
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import uuid
from typing import Any

from gapcheck import __version__
from gapcheck.errors import StorageError
from gapcheck.model.result import SCHEMA_VERSION, AnalysisResult, SourceRole
from gapcheck.model.runs import (
    SaveOutcome,
    SourceCoverage,
)
from gapcheck.service._capture import Captured
from gapcheck.store import (
    Database,
    NewRun,
    database_url,
    open_database,
    repo,
    safe_url,
)

__all__ = [
    "RUN_NAMESPACE",
    "binding_coverage",
    "content_hash",
    "database_shown",
    "default_user",
    "open_runs",
    "save_run",
]

RUN_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:gapcheck:run")
_MIN_PREFIX = 4


def content_hash(
    org: str,
    inputs_hash: str,
    catalog_hash: str,
    as_of: dt.date,
    versions: dict[str, str],
    pins: dict[str, str],
) -> str:
    """sha256 over what decides a run's result (see the module docstring)."""
    key = {
        "organisation": org,
        "inputs": inputs_hash,
        "catalog": catalog_hash,
        "as_of": as_of.isoformat(),
        "versions": versions,
        "pins": pins,
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()


def default_user() -> str:
    """The OS user, for `--by`'s default."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (a container) and no LOGNAME/USER
        return "unknown"


def _requirement_rows(result: AnalysisResult) -> list[dict[str, Any]]:
    rows = []
    for r in result.requirements:
        if not r.applicable:
            continue
        rows.append(
            {
                "requirement": r.id,
                "source": r.source,
                "ref": r.ref,
                "title": r.title.model_dump(mode="json") if r.title and r.counted else None,
                "role": r.role.value,
                "counted": r.counted,
                "applicable": r.applicable,
                "category": r.category.value,
                "coverage": r.coverage,
                "priority": r.priority,
                "projected": r.projected,
                "next_step": r.next_step.model_dump(mode="json") if r.next_step else None,
                "closing": [c.measure for c in r.closing],
            }
        )
    return rows


def _source_rows(result: AnalysisResult) -> list[dict[str, Any]]:
    return [
        SourceCoverage(
            source=s.source,
            short=s.short,
            role=s.role,
            version=s.version,
            requirements=s.requirements,
            coverage=s.coverage,
            gaps=s.gaps,
            projected=s.projected,
        ).model_dump(mode="json")
        for s in result.sources
    ]


def save_run(
    captured: Captured,
    result: AnalysisResult,
    *,
    label: str | None = None,
    by: str | None = None,
    pins: dict[str, str] | None = None,
    now: dt.datetime | None = None,
    db: Database | None = None,
) -> SaveOutcome:
    """Store `result` with the inputs and catalogs it came from, in one transaction; the
    existing run when the same content was saved before (nothing is written then)."""
    org = captured.org.organisation
    explicit = dict(sorted((pins or {}).items()))
    chash = content_hash(
        org.id,
        captured.inputs.hash,
        captured.catalog_files.hash,
        result.as_of,
        result.source_versions,
        explicit,
    )
    run_id = str(uuid.uuid5(RUN_NAMESPACE, f"{org.id}/{chash}"))
    measures = [
        {
            "measure": m.id,
            "title": m.title,
            "status": m.status.value,
            "due": m.effective_due,
            "owner": m.owner,
        }
        for m in captured.org.measures
    ]
    new = NewRun(
        id=run_id,
        organisation=org.id,
        organisation_name=org.name,
        saved_at=now or dt.datetime.now(dt.UTC),
        saved_by=(by or default_user()).strip()[:200] or default_user(),
        label=(label.strip()[:200] or None) if label else None,
        as_of=result.as_of,
        content_hash=chash,
        inputs=captured.inputs,
        catalog=captured.catalog_files,
        source_versions=dict(result.source_versions),
        pins=explicit,
        gapcheck_version=__version__,
        schema_version=SCHEMA_VERSION,
        requirements=result.totals.requirements,
        coverage=result.totals.coverage,
        gaps=result.totals.gaps,
        totals=result.totals.model_dump(mode="json"),
        sources=_source_rows(result),
        result_json=result.model_dump_json().encode(),
        requirement_rows=_requirement_rows(result),
        measure_rows=measures,
    )
    db = db or _writable()
    with db.begin() as conn:
        created = repo.insert_run(conn, new)
        summary, _, _ = repo.read_run(conn, run_id)
    return SaveOutcome(run=summary, created=created)


def _writable() -> Database:
    db = open_database(create=True)
    if db is None:  # pragma: no cover - create=True always opens or raises
        raise StorageError("the runs database could not be created")
    return db


def open_runs(create: bool = False) -> Database | None:
    """The runs database; None when the default SQLite file does not exist yet (no runs)."""
    return open_database(create=create)


def database_shown() -> str:
    """The runs database's URL, password hidden."""
    return safe_url(database_url())


def binding_coverage(sources: list[dict[str, Any]]) -> dict[str, float]:
    """source → coverage of the binding sources in a stored `sources` list."""
    return {
        s["source"]: float(s["coverage"]) for s in sources if s["role"] == SourceRole.BINDING.value
    }
