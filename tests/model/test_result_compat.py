"""Results saved as schema 2.x read as 3.0: `upgrade_result` on a real 2.1 result saved by
gapcheck before the change (tests/data/results/tiny-2.1.json: org_tiny with catalog_tiny at
2026-11-28, written by `result.model_dump_json()` as saved runs store it)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from gapcheck import service
from gapcheck.model.result import SCHEMA_VERSION, AnalysisResult
from gapcheck.model.result_compat import UnknownSchemaError, upgrade_result

DATA = Path(__file__).parents[1] / "data"
SAVED_2_1 = DATA / "results" / "tiny-2.1.json"
AS_OF = dt.date(2026, 11, 28)


def _saved() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SAVED_2_1.read_bytes())
    assert data["schema_version"] == "2.1"
    return data


def _today() -> AnalysisResult:
    return service.analyze_org(DATA / "org_tiny", AS_OF, catalog_root=DATA / "catalog_tiny")


def test_a_saved_2_1_result_upgrades_to_exactly_todays_analysis_of_the_same_inputs() -> None:
    upgraded = AnalysisResult.model_validate(upgrade_result(_saved()))
    today = _today()
    assert upgraded.schema_version == SCHEMA_VERSION == "3.0"
    assert upgraded.model_dump_json() == today.model_dump_json()
    assert service.result_json(upgraded) == service.result_json(today)


def test_the_upgrade_moves_each_measure_into_the_table_once_and_keeps_the_links() -> None:
    saved = _saved()
    upgraded = upgrade_result(saved)
    assert sorted(upgraded["measures"]) == ["M-01", "M-02", "M-03"]
    assert upgraded["measures"]["M-01"] == {
        "id": "M-01",
        "title": "Informationssäkerhetspolicy",
        "status": "implemented",
        "due": None,
        "owner": "Informationssäkerhetssamordnare",
        "evidence": ["Policy (dnr 1)"],
    }
    row = next(r for r in upgraded["requirements"] if r["id"] == "dir:1.b")
    assert [c["measures"] for c in row["explanation"]["controls"]] == [
        [{"id": "M-02", "extent": "partial", "factor": 0.0}],
        [{"id": "M-02", "extent": "full", "factor": 0.0}],
    ]
    assert saved == _saved()  # the input is left as it was


def test_a_closing_measure_missing_from_the_paths_still_gets_an_entry() -> None:
    saved = _saved()
    for row in saved["requirements"]:  # a 2.x result whose paths do not name M-03
        row["explanation"]["direct_measures"] = []
    upgraded = AnalysisResult.model_validate(upgrade_result(saved))
    entry = upgraded.measures["M-03"]
    assert (entry.title, entry.status.value, entry.due) == (
        "Registrering hos tillsynsmyndigheten",
        "planned",
        dt.date(2027, 12, 31),
    )
    assert (entry.owner, entry.evidence) == (None, [])


def test_a_3_0_result_is_returned_as_it_is_and_an_unknown_major_version_is_refused() -> None:
    current = json.loads(_today().model_dump_json())
    assert upgrade_result(current) is current
    newer = copy.deepcopy(current)
    newer["schema_version"] = "4.0"
    with pytest.raises(UnknownSchemaError, match=r"'4\.0'.*reads 2\.x and 3\.0"):
        upgrade_result(newer)


def test_a_result_whose_paths_name_a_measure_missing_from_the_table_is_invalid() -> None:
    data = json.loads(_today().model_dump_json())
    del data["measures"]["M-02"]
    with pytest.raises(ValueError, match="referenced but not in `measures`: M-02"):
        AnalysisResult.model_validate(data)
