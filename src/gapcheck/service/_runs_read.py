"""Reading and pruning saved runs: list, name, show, prune; and the database's status."""

from __future__ import annotations

from pathlib import Path

from gapcheck.catalog.yamlio import read_yaml
from gapcheck.errors import NotFoundError
from gapcheck.lang import Lang
from gapcheck.model.runs import (
    DatabaseStatus,
    PruneOutcome,
    RunDetail,
    RunGap,
    RunMeasure,
    RunPage,
    RunSummary,
    SourceCoverage,
    StoredFile,
)
from gapcheck.service._runs import open_runs
from gapcheck.store import (
    HEAD,
    Database,
    current_revision,
    database_url,
    open_database,
    repo,
    safe_url,
    upgrade,
)

__all__ = [
    "db_status",
    "db_upgrade",
    "list_runs",
    "org_ref",
    "prune_runs",
    "resolve_run",
    "run_detail",
]

_MIN_PREFIX = 4


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
