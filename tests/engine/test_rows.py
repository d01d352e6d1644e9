"""The analysis builds its rows as the dict `trusted` takes (the keyword call of
`requirement_row` cost as much as the rest of a row): they must be what `requirement_row`
makes of the same fields, in the same order and of the same types, with and without the
explanations' paths."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gapcheck import service
from gapcheck.engine import analyze
from gapcheck.model.result import RequirementResult
from gapcheck.model.result_rows import requirement_row

EXAMPLE = Path(__file__).parents[2] / "examples" / "aldreforvaltningen"


@pytest.mark.parametrize("explain", [True, False])
def test_the_analysis_rows_are_what_requirement_row_makes_of_their_fields(explain: bool) -> None:
    catalog, org = service.load_workspace(EXAMPLE)
    rows = analyze(catalog, org, dt.date(2026, 11, 28), explain=explain).requirements
    assert rows
    for row in rows:
        fields = {name: row.__dict__[name] for name in RequirementResult.model_fields}
        made = requirement_row(**fields)
        assert made == row, row.id
        assert list(made.__dict__) == list(row.__dict__), row.id
        assert made.model_fields_set == row.model_fields_set, row.id
        for name, value in made.__dict__.items():
            assert type(value) is type(row.__dict__[name]), (row.id, name)
