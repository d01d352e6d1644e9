"""Service functions: the one place that orchestrates load → analyse → output.

The CLI and the HTTP API are thin adapters over these; neither holds business logic.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

from gapcheck.catalog import (
    collect_catalog,
    collect_org,
    default_catalog_root,
    load_catalog,
    load_org,
)
from gapcheck.engine import analyze
from gapcheck.errors import NotFoundError, OutputError, Problem
from gapcheck.model import Catalog, OrgData
from gapcheck.model.result import AnalysisResult, RequirementResult

__all__ = [
    "analyze_org",
    "find_requirement",
    "init_org",
    "load_workspace",
    "parse_pins",
    "result_json",
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


def result_json(result: AnalysisResult) -> str:
    """The result as JSON: sorted keys, stable ordering, UTF-8 text."""
    return json.dumps(result.model_dump(mode="json"), sort_keys=True, indent=2, ensure_ascii=False)


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` via a temporary file and rename, so no partial file is left."""
    path = path.expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text if text.endswith("\n") else text + "\n")
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}") from exc


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
