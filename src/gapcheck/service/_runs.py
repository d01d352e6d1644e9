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
from pathlib import Path
from typing import Any

from gapcheck import __version__
from gapcheck.catalog.yamlio import read_yaml
from gapcheck.errors import NotFoundError, StorageError
from gapcheck.lang import Lang
from gapcheck.model.result import SCHEMA_VERSION, AnalysisResult, SourceRole
from gapcheck.model.runs import (
    DatabaseStatus,
    PruneOutcome,
    RunDetail,
    RunGap,
    RunMeasure,
    RunPage,
    RunSummary,
    SaveOutcome,
    SourceCoverage,
    StoredFile,
)
from gapcheck.service._capture import Captured
from gapcheck.store import (
    HEAD,
    Database,
    NewRun,
    current_revision,
    database_url,
    open_database,
    repo,
    safe_url,
    upgrade,
)

__all__ = [
    "RUN_NAMESPACE",
    "binding_coverage",
    "content_hash",
    "database_shown",
    "db_status",
    "db_upgrade",
    "default_user",
    "list_runs",
    "open_runs",
    "org_ref",
    "prune_runs",
    "resolve_run",
    "run_detail",
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


def org_ref(org: str | Path) -> tuple[str, Lang]:
    """The organisation id and language for a CLI argument: a folder's organisation.yaml,
    else `org` itself taken as an id, in Swedish (runs can be listed when the folder is gone).
    Only organisation.yaml is read, so a folder whose other files have problems still works."""
    folder = Path(org)
    doc_path = folder / "organisation.yaml"
    if doc_path.is_file():
        doc, _ = read_yaml(doc_path, str(doc_path))
        data = doc.data if doc is not None else None
        section = data.get("organisation") if isinstance(data, dict) else None
        if isinstance(section, dict) and isinstance(section.get("id"), str):
            language: Lang = "en" if section.get("language") == "en" else "sv"
            return section["id"].strip(), language
    if folder.is_dir():
        raise NotFoundError(
            "organisation", str(org), "the folder has no organisation.yaml with an id"
        )
    return str(org), "sv"


def database_shown() -> str:
    """The runs database's URL, password hidden."""
    return safe_url(database_url())


def list_runs(
    org: str, limit: int | None = None, offset: int = 0, db: Database | None = None
) -> RunPage:
    """The organisation's saved runs, newest first."""
    db = db or open_runs()
    if db is None:
        return RunPage(organisation=org, total=0, limit=limit or 0, offset=offset, items=[])
    with db.connect() as conn:
        total = repo.count_runs(conn, org)
        items = repo.list_runs(conn, org, limit, offset)
    return RunPage(organisation=org, total=total, limit=limit or total, offset=offset, items=items)


def resolve_run(org: str, ref: str, db: Database | None = None) -> RunSummary:
    """The run `ref` names: its id, a unique id prefix (4+ characters) or its exact label."""
    db = db or open_runs()
    found: list[RunSummary] = []
    if db is not None and ref.strip():
        with db.connect() as conn:
            found = repo.find_runs(conn, org, ref.strip())
    exact = [r for r in found if r.id == ref.lower() or r.label == ref]
    if len(exact) == 1:
        return exact[0]
    if len(found) == 1 and len(ref) >= _MIN_PREFIX:
        return found[0]
    if len(found) > 1:
        ids = ", ".join(r.id[:8] for r in found[:5])
        raise NotFoundError("run", ref, f"ambiguous: {ids}; give more of the id")
    raise NotFoundError(
        "run",
        ref,
        f"`gapcheck runs {org}` lists the saved runs (id, a 4+ character prefix, "
        "or the exact label)",
    )


def run_detail(org: str, ref: str, db: Database | None = None) -> RunDetail:
    """One run in full (`gapcheck runs show`, `GET /orgs/{org}/runs/{id}`)."""
    db = db or open_runs()
    run = resolve_run(org, ref, db)
    assert db is not None
    with db.connect() as conn:
        _, totals, sources = repo.read_run(conn, run.id)
        rows = repo.read_requirements(conn, run.id)
        measures = repo.read_measures(conn, run.id)
        inputs = repo.read_files(conn, run.inputs_hash, with_data=False)
        catalog_files = len(repo.read_files(conn, run.catalog_hash, with_data=False))
    gaps = [
        RunGap(
            id=r["requirement"],
            source=r["source"],
            ref=r["ref"],
            title=r["title"],
            category=r["category"],
            coverage=r["coverage"],
            priority=r["priority"],
            projected=r["projected"],
            next_step=r["next_step"],
            closing=r["closing"],
        )
        for r in rows
    ]
    gaps.sort(key=lambda g: (g.category.value == "covered", -(g.priority or 0), g.id))
    return RunDetail(
        run=run,
        sources=[SourceCoverage.model_validate(s) for s in sources],
        projected=totals.get("projected", {}),
        measures=[
            RunMeasure(
                id=m["measure"],
                title=m["title"],
                status=m["status"],
                due=m["due"],
                owner=m["owner"],
            )
            for m in measures
        ],
        requirements=gaps,
        inputs=[StoredFile(path=p, sha256=h, size=n) for p, (h, n, _) in sorted(inputs.items())],
        catalog_files=catalog_files,
    )


def binding_coverage(sources: list[dict[str, Any]]) -> dict[str, float]:
    """source → coverage of the binding sources in a stored `sources` list."""
    return {
        s["source"]: float(s["coverage"]) for s in sources if s["role"] == SourceRole.BINDING.value
    }


def prune_runs(
    org: str,
    keep: int,
    include_labelled: bool = False,
    dry_run: bool = False,
    db: Database | None = None,
) -> PruneOutcome:
    """Delete all but the newest `keep` runs; labelled runs stay unless `include_labelled`.
    Files no remaining run needs are deleted with them."""
    db = db or open_runs()
    if db is None:
        return PruneOutcome(organisation=org, deleted=[], kept=0, kept_labelled=0, dry_run=dry_run)
    with db.begin() as conn:
        every = repo.list_runs(conn, org)
        older = every[keep:]
        doomed = [r for r in older if include_labelled or r.label is None]
        if doomed and not dry_run:
            repo.delete_runs(conn, [r.id for r in doomed])
    return PruneOutcome(
        organisation=org,
        deleted=doomed,
        kept=len(every) - len(doomed),
        kept_labelled=len(older) - len(doomed),
        dry_run=dry_run,
    )


def db_status() -> DatabaseStatus:
    """Where the runs database is, its revision and what it holds (opening nothing new)."""
    url = database_url()
    db = open_database(url, create=False)
    if db is None:
        return DatabaseStatus(url=safe_url(url), exists=False, head=HEAD)
    with db.connect() as conn:
        revision = current_revision(conn)
        runs, orgs = repo.database_counts(conn)
    return DatabaseStatus(
        url=db.shown, exists=True, revision=revision, head=HEAD, runs=runs, organisations=orgs
    )


def db_upgrade() -> DatabaseStatus:
    """Create the runs database or bring its tables to the newest revision."""
    url = database_url()
    existed = open_database(url, create=False, migrate=False) is not None
    db = open_database(url, create=True, migrate=False)
    assert db is not None
    before, _ = upgrade(db)
    status = db_status()
    return status.model_copy(update={"upgraded_from": before if existed else None})
