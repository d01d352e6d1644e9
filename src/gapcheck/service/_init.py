"""`gapcheck init`: a new organisation skeleton that validates, and the warnings `validate` gives
about an organisation that loads but misses what the analysis or the API needs."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from pathlib import Path

from gapcheck.atomic import write_text_atomic
from gapcheck.catalog import MAX_ORG_ID_CHARS, ORG_ID_PATTERN, org_language
from gapcheck.engine.authorities import condition_holds
from gapcheck.errors import OutputError, Problem, ProblemCode, Severity
from gapcheck.model import Catalog, OrgData
from gapcheck.model.org import County, Organisation

__all__ = [
    "county_warning",
    "folder_warnings",
    "init_org",
    "init_warnings",
    "org_language",
    "org_warnings",
    "suggest_org_id",
]

_WARN = Severity.WARNING


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
{county_line}
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


def init_org(
    folder: Path,
    org_id: str,
    name: str,
    today: dt.date | None = None,
    county: County | None = None,
) -> list[Path]:
    """Write a new organisation skeleton that validates; refuse to overwrite files. Without
    `county` its line is written commented out (validate then warns that it is needed)."""
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
            county_line=_county_line(county),
        )
        write_text_atomic(path, text)
        written.append(path)
    return written


def _county_line(county: County | None) -> str:
    if county is not None:
        return f"  county: {county.value}                     # län, ISO 3166-2:SE letter code"
    return "  # county: AB                   # län (AB = Stockholms län): decides the supervisor"


def suggest_org_id(name: str) -> str:
    """'Min kommun' → 'min-kommun', 'Ängby' → 'angby': a name made into a valid id (and a
    folder name the API serves)."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:MAX_ORG_ID_CHARS]
    return slug.strip("-") or "organisation"


def _folder_name(folder: Path) -> str:
    return Path(os.path.abspath(folder)).name


def folder_warnings(folder: Path, display: str, org_id: str | None = None) -> list[Problem]:
    """The API skips a folder whose name is not a valid URL id; it serves an organisation
    under its folder's name, so a name other than the organisation's id misleads."""
    name = _folder_name(folder)
    out: list[Problem] = []
    if not re.fullmatch(ORG_ID_PATTERN, name) or len(name) > MAX_ORG_ID_CHARS:
        out.append(
            Problem.of(
                ProblemCode.FOLDER_NAME_SKIPPED,
                display,
                None,
                None,
                severity=_WARN,
                folder=name[:80],
                suggestion=suggest_org_id(name),
            )
        )
    elif org_id is not None and name != org_id:  # (renaming as above fixes this too)
        out.append(
            Problem.of(
                ProblemCode.FOLDER_ID_MISMATCH,
                display,
                None,
                org_id,
                severity=_WARN,
                folder=name[:80],
                ident=org_id,
            )
        )
    return out


def county_warning(profile: Organisation, catalog: Catalog, file: str) -> Problem | None:
    """A warning when an authority rule would apply to this profile if only its county were
    known (the rules are data: mappings/facts/authorities.yaml)."""
    rules = catalog.facts.authorities.rules if catalog.facts.authorities is not None else []
    if profile.county is not None:
        return None
    for rule in rules:
        counties = rule.when.counties or []
        if any(
            condition_holds(rule.when, profile.model_copy(update={"county": c})) for c in counties
        ):
            return Problem.of(ProblemCode.COUNTY_MISSING, file, None, profile.id, severity=_WARN)
    return None


def org_warnings(folder: Path, org: OrgData, catalog: Catalog) -> list[Problem]:
    """Everything `validate` warns about in an organisation that loads."""
    file = next((f for f in org.files if f.endswith("organisation.yaml")), org.path)
    out = folder_warnings(folder, org.path, org.organisation.id)
    if (county := county_warning(org.organisation, catalog, file)) is not None:
        out.append(county)
    return out


def init_warnings(folder: Path, display: str, org_id: str, county: County | None) -> list[Problem]:
    """What `init` warns about the skeleton it wrote: a folder name the API skips or that
    differs from the id, and a county still to fill in (the skeleton is a municipality)."""
    out = folder_warnings(folder, display, org_id)
    if county is None:
        file = os.path.join(display, "organisation.yaml")
        out.append(Problem.of(ProblemCode.COUNTY_MISSING, file, None, org_id, severity=_WARN))
    return out
