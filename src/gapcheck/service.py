"""Service functions: the one place that orchestrates load → analyse → output.

The CLI and the HTTP API are thin adapters over these; neither holds business logic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from gapcheck.atomic import write_text_atomic
from gapcheck.catalog import (
    collect_catalog,
    collect_org,
    default_catalog_root,
    load_catalog,
    load_org,
)
from gapcheck.engine import analyze, natural_sorted
from gapcheck.engine.deadlines import report_deadlines
from gapcheck.errors import NotFoundError, OutputError, Problem
from gapcheck.model import (
    Catalog,
    Control,
    Edge,
    LoadedVersion,
    OrgData,
    Requirement,
    select_versions,
)
from gapcheck.model.facts_result import DeadlineReport
from gapcheck.model.result import AnalysisResult, GapCategory, RequirementResult
from gapcheck.versions import (
    DiffReport,
    ReviewReport,
    diff_versions,
    rerun,
    review_report,
)

__all__ = [
    "analyze_org",
    "deadlines_json",
    "deadlines_loaded",
    "diff_json",
    "diff_loaded",
    "diff_result",
    "diff_sources",
    "edges_of",
    "filter_gaps",
    "find_control",
    "find_requirement",
    "find_requirement_versions",
    "find_source_versions",
    "find_version",
    "fingerprint",
    "init_org",
    "load_catalogs",
    "load_workspace",
    "parse_diff_specs",
    "parse_events",
    "parse_pins",
    "report_loaded",
    "resolve_pins",
    "result_json",
    "review_loaded",
    "review_mappings",
    "validate_paths",
    "write_text_atomic",
]


def load_workspace(org_dir: Path, catalog_root: Path | None = None) -> tuple[Catalog, OrgData]:
    """Load the catalogs and one organisation, raising one error with every problem."""
    catalog = load_catalog(catalog_root or default_catalog_root())
    return catalog, load_org(org_dir, catalog)


def parse_pins(items: list[str]) -> dict[str, str]:
    """`["csl=sfs-2025-1506"]` → `{"csl": "sfs-2025-1506"}`."""
    pins: dict[str, str] = {}
    for item in items:
        source, sep, version = item.partition("=")
        if not sep or not source or not version:
            raise NotFoundError("version pin", item, "write SOURCE=VERSION, e.g. csl=sfs-2025-1506")
        pins[source.strip()] = version.strip()
    return pins


def _check_pins(catalog: Catalog, pins: dict[str, str]) -> None:
    for source, version in sorted(pins.items()):
        known = [v.version.id for v in catalog.versions_of(source)]
        if not known:
            raise NotFoundError("source", source, f"known: {', '.join(sorted(catalog.sources()))}")
        if version not in known:
            raise NotFoundError(f"version of {source}", version, f"known: {', '.join(known)}")


def analyze_org(
    org_dir: Path,
    as_of: dt.date | None = None,
    pins: dict[str, str] | None = None,
    catalog_root: Path | None = None,
) -> AnalysisResult:
    """Analyse the organisation in `org_dir` at `as_of` (default: today)."""
    catalog, org = load_workspace(org_dir, catalog_root)
    return analyze_loaded(catalog, org, as_of, pins)


def analyze_loaded(
    catalog: Catalog, org: OrgData, as_of: dt.date | None = None, pins: dict[str, str] | None = None
) -> AnalysisResult:
    """Analyse already loaded data; organisation pins apply, explicit pins win."""
    merged = {**org.organisation.source_versions, **(pins or {})}
    _check_pins(catalog, merged)
    return analyze(catalog, org, as_of or dt.date.today(), merged)


def find_requirement(result: AnalysisResult, requirement_id: str) -> RequirementResult:
    """The result row for one requirement, or NotFoundError naming close matches."""
    for row in result.requirements:
        if row.id == requirement_id:
            return row
    prefix = requirement_id.rsplit(".", 1)[0]
    near = [r.id for r in result.requirements if r.id.startswith(prefix)][:5]
    hint = f"did you mean {', '.join(near)}?" if near else "ids look like csl:2.3.p2, nis2:21.2.b"
    raise NotFoundError("requirement", requirement_id, hint)


def validate_paths(
    org_dirs: list[Path], catalog_root: Path | None = None
) -> tuple[Catalog | None, list[OrgData], list[Problem]]:
    """Validate the catalogs and each organisation folder; every problem, nothing raised."""
    catalog, problems = collect_catalog(catalog_root or default_catalog_root())
    orgs: list[OrgData] = []
    for folder in org_dirs:
        org, found = collect_org(folder, catalog)
        problems += found
        if org is not None:
            orgs.append(org)
    return catalog, orgs, problems


def resolve_pins(
    catalog: Catalog, org: OrgData, pins: dict[str, str] | None = None
) -> dict[str, str]:
    """The pins an analysis of `org` uses (its own, explicit ones winning); unknown ones raise."""
    merged = {**org.organisation.source_versions, **(pins or {})}
    _check_pins(catalog, merged)
    return merged


def filter_gaps(
    result: AnalysisResult,
    category: GapCategory | None = None,
    source: str | None = None,
    min_priority: int | None = None,
) -> list[RequirementResult]:
    """The result's gaps, highest priority first, narrowed by category, source and priority."""
    rows = {r.id: r for r in result.requirements}
    out = []
    for ident in result.gaps:
        row = rows[ident]
        if category is not None and row.category.value != category.value:
            continue
        if source is not None and row.source != source:
            continue
        if min_priority is not None and (row.priority or 0) < min_priority:
            continue
        out.append(row)
    return out


def fingerprint(files: Iterable[str | Path]) -> str:
    """sha256 over the names and bytes of `files` in sorted order: the identity of an input.

    A file that cannot be read counts as absent, so the value still changes when it comes back.
    """
    digest = hashlib.sha256()
    for name in sorted({str(f) for f in files}):
        digest.update(name.encode() + b"\0")
        try:
            data = Path(name).read_bytes()
        except OSError:
            digest.update(b"-\0")
            continue
        digest.update(str(len(data)).encode() + b"\0" + data)
    return digest.hexdigest()


def _near(ids: Iterable[str], wanted: str, example: str) -> str:
    prefix = wanted.rsplit(".", 1)[0]
    near = natural_sorted(i for i in set(ids) if prefix and i.startswith(prefix))[:5]
    return f"did you mean {', '.join(near)}?" if near else f"ids look like {example}"


def find_source_versions(catalog: Catalog, source_id: str) -> list[LoadedVersion]:
    """A source's versions, oldest first, or NotFoundError listing the known sources."""
    versions = catalog.versions_of(source_id)
    if not versions:
        known = ", ".join(sorted(catalog.sources()))
        raise NotFoundError("source", source_id, f"known: {known}")
    return versions


def find_version(catalog: Catalog, source_id: str, version_id: str) -> LoadedVersion:
    """One version of one source, or NotFoundError listing that source's versions."""
    versions = find_source_versions(catalog, source_id)
    for loaded in versions:
        if loaded.version.id == version_id:
            return loaded
    known = ", ".join(v.version.id for v in versions)
    raise NotFoundError(f"version of {source_id}", version_id, f"known: {known}")


def find_requirement_versions(
    catalog: Catalog, requirement_id: str
) -> list[tuple[LoadedVersion, Requirement]]:
    """Every source version that has the requirement (oldest first), or NotFoundError."""
    found = [
        (loaded, req)
        for source_id in sorted(catalog.sources())
        for loaded in catalog.versions_of(source_id)
        for req in loaded.requirements
        if req.id == requirement_id
    ]
    if not found:
        ids = (r.id for v in catalog.versions for r in v.requirements)
        raise NotFoundError(
            "requirement", requirement_id, _near(ids, requirement_id, "csl:2.3.p2, nis2:21.2.b")
        )
    return found


def find_control(catalog: Catalog, control_id: str) -> Control:
    """One control by id, or NotFoundError naming close matches."""
    for control in catalog.controls:
        if control.id == control_id:
            return control
    ids = (c.id for c in catalog.controls)
    raise NotFoundError("control", control_id, _near(ids, control_id, "iso27001:A.5.1"))


def edges_of(catalog: Catalog, ident: str) -> list[Edge]:
    """The mapping edges that start or end at `ident` (a requirement or a control)."""
    return [e for e in catalog.edges if ident in (e.source, e.target)]


def result_json(result: AnalysisResult) -> str:
    """The result as JSON: sorted keys, stable ordering, UTF-8 text."""
    return json.dumps(result.model_dump(mode="json"), sort_keys=True, indent=2, ensure_ascii=False)


_SKELETON = {
    "organisation.yaml": """\
# The organisation profile decides which requirements apply. See docs/formats.md.
organisation:
  id: {org_id}
  name: {name}
  entity_type: municipality      # municipality | region | state_agency | company | ...
  nis2_class: essential          # essential | important | none
  cer_critical: false
  processes_personal_data: true
  transfers_outside_eea: false
  healthcare_provider: false
  plan_years: [{y0}, {y1}, {y2}]
  language: sv
""",
    "measures.yaml": """\
# Åtgärder: what the organisation does or plans. Link each to ISO/IEC 27001:2022 controls.
measures:
  - id: M-001
    title: Informationssäkerhetspolicy
    owner: Informationssäkerhetssamordnare
    status: planned              # implemented | partially_implemented | in_progress | planned | ...
    plan_year: {y0}
    evidence: []
    controls:
      - {{control: iso27001:A.5.1, extent: full}}
""",
    "risks.yaml": "# Risks from RSA / VoR, linked to ids they concern.\nrisks: []\n",
    "assessments.yaml": "# Manual judgements (override computed coverage).\nassessments: []\n",
    "suppliers.yaml": "# Suppliers processing personal data, with country.\nsuppliers: []\n",
}


def init_org(folder: Path, org_id: str, name: str, today: dt.date | None = None) -> list[Path]:
    """Write a new organisation skeleton that validates; refuse to overwrite files."""
    year = (today or dt.date.today()).year
    existing = [folder / n for n in _SKELETON if (folder / n).exists()]
    if existing:
        raise OutputError(
            f"{existing[0]} already exists — choose an empty folder, gapcheck init never overwrites"
        )
    written = []
    for file_name, template in _SKELETON.items():
        path = folder / file_name
        text = template.format(
            org_id=org_id,
            name=json.dumps(name, ensure_ascii=False),
            y0=year,
            y1=year + 1,
            y2=year + 2,
        )
        write_text_atomic(path, text)
        written.append(path)
    return written


# --- Versions: diff, gap delta, mapping review (issue 6) -------------------------------------


def diff_loaded(
    catalog: Catalog,
    source: str,
    from_version: str,
    to_version: str,
    org: OrgData | None = None,
    as_of: dt.date | None = None,
    scope: list[str] | None = None,
    pins: dict[str, str] | None = None,
) -> DiffReport:
    """Diff two versions of `source`; with `org`, also its gap picture under each (gap delta).

    `scope` limits the diff to id prefixes; `pins` fix the versions of the other sources.
    """
    old = find_version(catalog, source, from_version)
    new = find_version(catalog, source, to_version)
    diff = diff_versions(old, new, scope)
    if org is None:
        return DiffReport(diff=diff)
    others = resolve_pins(catalog, org, pins)
    delta = rerun(catalog, org, diff, as_of or dt.date.today(), analyze, others)
    return DiffReport(diff=diff, delta=delta)


def diff_sources(
    source: str,
    from_version: str,
    to_version: str,
    org_dir: Path | None = None,
    as_of: dt.date | None = None,
    scope: list[str] | None = None,
    catalog_root: Path | None = None,
) -> DiffReport:
    """`gapcheck diff` and `GET /api/v1/diff`: load, then `diff_loaded`."""
    catalog = load_catalog(catalog_root or default_catalog_root())
    org = load_org(org_dir, catalog) if org_dir is not None else None
    return diff_loaded(catalog, source, from_version, to_version, org, as_of, scope)


def review_loaded(
    catalog: Catalog,
    source: str,
    org: OrgData | None = None,
    version: str | None = None,
    as_of: dt.date | None = None,
) -> ReviewReport:
    """Edges, direct links and assessments on `source` to review against the version analysed
    (`version`, else the organisation's pin, else the default selection at `as_of`)."""
    find_source_versions(catalog, source)
    if version is not None:
        selected = find_version(catalog, source, version)
    else:
        pins = org.organisation.source_versions if org is not None else {}
        chosen = select_versions(catalog, as_of or dt.date.today(), pins)
        selected = chosen[source]
    return review_report(catalog, selected, org)


def review_mappings(
    source: str,
    org_dir: Path | None = None,
    version: str | None = None,
    as_of: dt.date | None = None,
    catalog_root: Path | None = None,
) -> ReviewReport:
    """`gapcheck review-mappings`: load, then `review_loaded`."""
    catalog = load_catalog(catalog_root or default_catalog_root())
    org = load_org(org_dir, catalog) if org_dir is not None else None
    return review_loaded(catalog, source, org, version, as_of)


def load_catalogs(catalog_root: Path | None = None) -> Catalog:
    """The catalogs alone (`--catalog`, else the shipped ones), for commands without an
    organisation."""
    return load_catalog(catalog_root or default_catalog_root())


def parse_diff_specs(items: list[str]) -> list[tuple[str, str, str]]:
    """`["csl:sou-2024-18:sfs-2025-1506"]` → `[("csl", "sou-2024-18", "sfs-2025-1506")]`."""
    specs: list[tuple[str, str, str]] = []
    for item in items:
        parts = [p.strip() for p in item.split(":")]
        if len(parts) != 3 or not all(parts):
            raise NotFoundError(
                "diff", item, "write SOURCE:FROM:TO, e.g. csl:sou-2024-18:sfs-2025-1506"
            )
        specs.append((parts[0], parts[1], parts[2]))
    return specs


def report_loaded(
    catalog: Catalog,
    org: OrgData,
    as_of: dt.date | None = None,
    pins: dict[str, str] | None = None,
    diffs: Iterable[tuple[str, str, str]] = (),
) -> tuple[AnalysisResult, list[DiffReport]]:
    """`gapcheck report --diff`: the analysis behind the workbook, and one `DiffReport` (with
    the gap delta) per (source, FROM, TO) for its Changes sheet.

    A diffed source is analysed in its TO version, so that the other sheets show the picture
    the Changes sheet leads to; an explicit pin (`pins`) of that source wins.
    """
    when = as_of or dt.date.today()
    specs = list(diffs)
    reports = [diff_loaded(catalog, s, old, new, org, when, None, pins) for s, old, new in specs]
    to_pins = {source: new for source, _, new in specs}
    return analyze_loaded(catalog, org, when, {**to_pins, **(pins or {})}), reports


def diff_result(
    catalog: Catalog, org: OrgData, report: DiffReport, as_of: dt.date | None = None
) -> AnalysisResult:
    """The organisation analysed with the diffed source in its TO version, at the gap delta's
    date: the workbook `gapcheck diff --org --xlsx` writes around its Changes sheet."""
    when = report.delta.as_of if report.delta is not None else as_of
    return analyze_loaded(catalog, org, when, {report.diff.source: report.diff.to_version})


def diff_json(report: DiffReport | ReviewReport) -> str:
    """A diff or review report as JSON: sorted keys, UTF-8 text."""
    return json.dumps(report.model_dump(mode="json"), sort_keys=True, indent=2, ensure_ascii=False)


# --- Reporting deadlines after an incident (issue 3) -----------------------------------------


def deadlines_loaded(
    catalog: Catalog,
    org: OrgData,
    aware: dt.datetime,
    *,
    personal_data: bool = False,
    trust_service: bool = False,
    events: dict[str, dt.datetime] | None = None,
    pins: dict[str, str] | None = None,
) -> DeadlineReport:
    """Every report due after becoming aware of an incident at `aware` (naive = Swedish time)."""
    facts = catalog.facts.authorities
    known = {e.code for e in (facts.events if facts else [])}
    for code in sorted(events or {}):
        if code not in known:
            raise NotFoundError("reporting event", code, f"known: {', '.join(sorted(known))}")
    return report_deadlines(
        catalog,
        org,
        aware,
        personal_data=personal_data,
        trust_service=trust_service,
        events=events,
        pins=resolve_pins(catalog, org, pins),
    )


def parse_events(items: list[str]) -> dict[str, dt.datetime]:
    """`["incident_notification=2026-11-30T10:00"]` → {code: datetime}."""
    events: dict[str, dt.datetime] = {}
    for item in items:
        code, sep, when = item.partition("=")
        try:
            events[code.strip()] = dt.datetime.fromisoformat(when.strip())
        except ValueError:
            sep = ""
        if not sep or not code.strip():
            raise NotFoundError(
                "event time", item, "write EVENT=YYYY-MM-DDTHH:MM, e.g. incident_notification=…"
            )
    return events


def deadlines_json(report: DeadlineReport) -> str:
    """A deadline report as JSON: sorted keys, UTF-8 text."""
    return json.dumps(report.model_dump(mode="json"), sort_keys=True, indent=2, ensure_ascii=False)
