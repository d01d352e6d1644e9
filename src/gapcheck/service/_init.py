"""`gapcheck init`: a new organisation skeleton that validates."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from gapcheck.atomic import write_text_atomic
from gapcheck.errors import OutputError

__all__ = [
    "init_org",
]


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
