"""The deadline report's JSON is documented field by field in docs/json-result.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from gapcheck.model.facts_result import (
    DayOff,
    DeadlineReport,
    OmittedDeadline,
    ReportDeadline,
    TimeWarning,
    TimeWarningCode,
)

DOC = Path(__file__).parents[2] / "docs" / "json-result.md"


def _section(text: str, name: str) -> str:
    match = re.search(rf"^## `{name}`$(.*?)(?=^#+ |\Z)", text, re.S | re.M)
    assert match, f"docs/json-result.md has no section for {name}"
    return match.group(1)


@pytest.mark.parametrize(
    "model", [DeadlineReport, ReportDeadline, OmittedDeadline, DayOff, TimeWarning]
)
def test_every_deadline_report_field_is_documented(model: type[BaseModel]) -> None:
    section = _section(DOC.read_text(encoding="utf-8"), model.__name__)
    assert set(re.findall(r"^\| `([a-z_]+)` \|", section, re.M)) == set(model.model_fields)


def test_every_time_warning_code_is_documented() -> None:
    section = _section(DOC.read_text(encoding="utf-8"), "TimeWarning")
    for code in TimeWarningCode:
        assert f"`{code.value}`" in section, code
