"""Loading and validating the catalogs: controls/, mappings/sources/, mappings/edges/."""

from __future__ import annotations

from pathlib import Path

from gapcheck.catalog._common import (
    display_path,
    duplicates,
    gc_paused,
    load_file,
    real_root,
    subfolders,
    yaml_files,
)
from gapcheck.catalog.checks import EdgeAt, SetAt, check_cycles, check_edges, parent_cycles
from gapcheck.catalog.facts_loader import load_facts
from gapcheck.catalog.files import ControlCatalogFile, MappingFile, SourceVersionFile
from gapcheck.catalog.fsread import Probe, probe
from gapcheck.catalog.yamlio import YamlDoc
from gapcheck.errors import CatalogError, MappingError, Problem, ProblemCode
from gapcheck.model import Catalog, Control, LoadedVersion

__all__ = ["collect_catalog", "load_catalog"]

C = ProblemCode


def load_catalog(root: Path) -> Catalog:
    """Load every catalog file below `root`; raise one error listing every problem."""
    catalog, problems = collect_catalog(root)
    if problems or catalog is None:
        edge_dir = display_path(root / "mappings" / "edges")
        only_edges = all(p.file.startswith(edge_dir) for p in problems)
        raise (MappingError if only_edges and problems else CatalogError)(problems)
    return catalog


def collect_catalog(root: Path) -> tuple[Catalog | None, list[Problem]]:
    """Load the catalogs and return them with every problem found (none when valid)."""
    with gc_paused():
        return _collect(root)


def _collect(root: Path) -> tuple[Catalog | None, list[Problem]]:
    problems: list[Problem] = []
    where = display_path(root)
    _, problem = probe(root, where)
    if problem is not None:
        return None, [problem]
    if any(probe(root / sub, where)[0] is not Probe.FOLDER for sub in ("controls", "mappings")):
        return None, [Problem.of(C.NO_CATALOG, where, None, None)]
    real = real_root(root)  # no file is read through a link that leads out of it
    controls, control_docs = _load_controls(root / "controls", problems, real)
    controls_failed = len(control_docs) < len(yaml_files(root / "controls"))
    failed_sources: set[str] = set()
    versions = _load_versions(root / "mappings" / "sources", problems, failed_sources, real)
    edges, sets, edge_docs = _load_edges(root / "mappings" / "edges", problems, real)
    req_ids = {r.id for v, _ in versions for r in v.requirements}
    # A file that failed to load would make every reference into it look unknown; its own
    # problems are reported, so references into it are not checked.
    problems += [
        p
        for p in check_edges(edges, sets, edge_docs, req_ids, {c.id for c, _ in controls})
        if not _into_failed(p, failed_sources, controls_failed)
    ]
    problems += check_cycles(versions, edges)
    facts, fact_docs = load_facts(
        root / "mappings" / "facts", [v for v, _ in versions], problems, real
    )
    files = sorted({*control_docs, *(v.path for v, _ in versions), *edge_docs, *fact_docs})
    catalog = Catalog(
        versions=tuple(v for v, _ in versions),
        controls=tuple(c for c, _ in controls),
        edges=tuple(e for e, _, _ in edges),
        sets=tuple(s for s, _, _ in sets),
        facts=facts,
        files=tuple(files),
    )
    return (None if problems else catalog), problems


def _into_failed(problem: Problem, failed_sources: set[str], controls_failed: bool) -> bool:
    if problem.code is C.UNKNOWN_CONTROL:
        return controls_failed
    if problem.code is not C.UNKNOWN_REQUIREMENT or problem.text is None:
        return False
    ref = str(dict(problem.text.params).get("ident", ""))
    return ref.split(":", 1)[0] in failed_sources


def _load_controls(
    folder: Path, problems: list[Problem], real: Path
) -> tuple[list[tuple[Control, int | None]], list[str]]:
    out: list[tuple[Control, int | None]] = []
    where: list[tuple[str, str, int | None]] = []
    files: list[str] = []
    for path in yaml_files(folder):
        parsed, doc, found = load_file(path, ControlCatalogFile, real)
        problems += found
        if parsed is None or doc is None:
            continue
        files.append(doc.path)
        for i, control in enumerate(parsed.controls):
            line = doc.line_of(("controls", i))
            out.append((control, line))
            where.append((control.id, doc.path, line))
    problems += duplicates(where, "control")
    problems += parent_cycles(
        [(c.id, c.parent, f, line) for (c, _), (_, f, line) in zip(out, where, strict=True)]
    )
    ids = {c.id for c, _ in out}
    by_id = {ident: (f, line) for ident, f, line in where}
    for control, _ in out:
        if control.parent and control.parent not in ids:
            f, line = by_id[control.id]
            problems.append(Problem.of(C.UNKNOWN_PARENT, f, line, control.id, ident=control.parent))
    return out, files


def _load_versions(
    folder: Path, problems: list[Problem], failed: set[str], real: Path
) -> list[tuple[LoadedVersion, YamlDoc]]:
    """Every source version file; the folder names of files that failed go into `failed`."""
    out: list[tuple[LoadedVersion, YamlDoc]] = []
    for stray in yaml_files(folder):
        problems.append(Problem.of(C.SOURCE_OUTSIDE_FOLDER, display_path(stray), None, None))
    paths = sorted(p for d in subfolders(folder) for p in yaml_files(d))
    for path in paths:
        parsed, doc, found = load_file(path, SourceVersionFile, real)
        problems += found
        if parsed is None or doc is None:
            failed.add(path.parent.name)
            continue
        problems += _check_version(parsed, doc)
        out.append(
            (
                LoadedVersion(
                    source=parsed.source,
                    version=parsed.version,
                    requirements=tuple(parsed.requirements),
                    path=doc.path,
                ),
                doc,
            )
        )
    problems += duplicates(
        ((f"{v.source.id}/{v.version.id}", d.path, d.line_of(("version", "id"))) for v, d in out),
        "source_version",
    )
    problems += _check_sources(out)
    return out


def _check_version(parsed: SourceVersionFile, doc: YamlDoc) -> list[Problem]:
    problems: list[Problem] = []
    prefix = f"{parsed.source.id}:"
    where = [
        (r.id, doc.path, doc.line_of(("requirements", i)))
        for i, r in enumerate(parsed.requirements)
    ]
    problems += duplicates(where, "requirement")
    ids = {r.id for r in parsed.requirements}
    for (ident, f, line), req in zip(where, parsed.requirements, strict=True):
        if not ident.startswith(prefix):
            problems.append(
                Problem.of(
                    C.REQUIREMENT_PREFIX, f, line, ident, prefix=prefix, source=parsed.source.id
                )
            )
        if req.parent and req.parent not in ids:
            problems.append(
                Problem.of(
                    C.UNKNOWN_PARENT,
                    f,
                    line,
                    ident,
                    "fix.unknown_parent_provision",
                    ident=req.parent,
                )
            )
    return problems


def _check_sources(out: list[tuple[LoadedVersion, YamlDoc]]) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[str, LoadedVersion] = {}
    versions: dict[str, set[str]] = {}
    for loaded, _ in out:
        versions.setdefault(loaded.source.id, set()).add(loaded.version.id)
    for loaded, doc in out:
        sid = loaded.source.id
        if sid in first and first[sid].source != loaded.source:
            problems.append(
                Problem.of(
                    C.SOURCE_METADATA_DIFFERS,
                    doc.path,
                    doc.line_of(("source",)),
                    sid,
                    other=first[sid].path,
                )
            )
        first.setdefault(sid, loaded)
        sup = loaded.version.supersedes
        if sup and sup not in versions[sid]:
            problems.append(
                Problem.of(
                    C.UNKNOWN_SUPERSEDES,
                    doc.path,
                    doc.line_of(("version", "supersedes")),
                    loaded.version.id,
                    version=sup,
                    source=sid,
                    known=", ".join(sorted(versions[sid])),
                )
            )
    return problems


def _load_edges(
    folder: Path, problems: list[Problem], real: Path
) -> tuple[list[EdgeAt], list[SetAt], list[str]]:
    edges: list[EdgeAt] = []
    sets: list[SetAt] = []
    files: list[str] = []
    for path in yaml_files(folder):
        parsed, doc, found = load_file(path, MappingFile, real)
        problems += found
        if parsed is None or doc is None:
            continue
        files.append(doc.path)
        for i, edge in enumerate(parsed.edges):
            review = edge.reviewed_against or parsed.mapping.reviewed_against.get(
                edge.source.split(":", 1)[0]
            )
            cite = edge.citation or parsed.mapping.citation
            by = edge.mapped_by or parsed.mapping.source
            edge = edge.model_copy(
                update={"reviewed_against": review, "citation": cite, "mapped_by": by}
            )
            edges.append((edge, doc.path, doc.line_of(("edges", i))))
        for i, mset in enumerate(parsed.sets):
            review = mset.reviewed_against or parsed.mapping.reviewed_against.get(
                mset.requirement.split(":", 1)[0]
            )
            mset = mset.model_copy(update={"reviewed_against": review})
            sets.append((mset, doc.path, doc.line_of(("sets", i))))
    return edges, sets, files
