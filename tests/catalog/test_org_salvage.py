"""One run reports schema errors and reference errors in the same file (valid entries of a
file with bad ones are still cross-checked)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gapcheck.catalog import collect_org
from gapcheck.errors import ProblemCode
from gapcheck.model import Catalog

MEASURES = """\
measures:
  - id: M-01
    title: Informationssäkerhetspolicy
    status: implementd
    controls:
      - {control: iso27001:A.5.1}
  - id: M-02
    title: Incidentrutin
    status: in_progress
    controls:
      - {control: iso27001:A.9.99}
"""


def test_a_bad_status_does_not_hide_an_unknown_control_in_another_measure(
    tiny_org_dir: Path, tiny_catalog: Catalog, copy_tree: Callable[[Path], Path]
) -> None:
    org = copy_tree(tiny_org_dir)
    (org / "measures.yaml").write_text(MEASURES, encoding="utf-8")
    (org / "risks.yaml").write_text("risks: []\n", encoding="utf-8")
    data, problems = collect_org(org, tiny_catalog)
    assert data is None
    found = {(p.line, p.entry, p.code) for p in problems}
    assert (4, "M-01", ProblemCode.VALUE_NOT_ALLOWED) in found
    assert (11, "M-02", ProblemCode.UNKNOWN_CONTROL) in found
    assert len(problems) == 2


def test_risks_naming_a_measure_of_a_half_broken_file_are_not_reported_as_unknown(
    tiny_org_dir: Path, tiny_catalog: Catalog, copy_tree: Callable[[Path], Path]
) -> None:
    org = copy_tree(tiny_org_dir)
    (org / "measures.yaml").write_text(MEASURES, encoding="utf-8")
    (org / "risks.yaml").write_text(
        "risks:\n  - id: R-1\n    title: {sv: Risk}\n    likelihood: 3\n    impact: 3\n"
        "    concerns: [M-01]\n",
        encoding="utf-8",
    )
    _, problems = collect_org(org, tiny_catalog)
    assert not [p for p in problems if "risks.yaml" in p.file]


def test_typos_get_a_did_you_mean(
    tiny_org_dir: Path, tiny_catalog: Catalog, copy_tree: Callable[[Path], Path]
) -> None:
    org = copy_tree(tiny_org_dir)
    (org / "measures.yaml").write_text(
        MEASURES.replace("implementd", "in_progres").replace("A.9.99", "A.5.240"),
        encoding="utf-8",
    )
    (org / "risks.yaml").write_text("risks: []\n", encoding="utf-8")
    _, problems = collect_org(org, tiny_catalog)
    hints = sorted(p.hint for p in problems)
    assert hints[0] == "did you mean 'in_progress'?"
    assert hints[1].startswith("did you mean iso27001:A.5.24 or ")
    assert hints[1].endswith("Otherwise use an id from controls/, e.g. iso27001:A.5.24")
    swedish = sorted(p.hint_in("sv") for p in problems)
    assert swedish[1].startswith("menade du iso27001:A.5.24 eller ")
    assert " or " not in swedish[1]
