"""`requirement_row`, `make_explanation`, `inherited_path` and `analysis_result` build the
engine's rows, explanations and results without pydantic's validation (`model.trusted`): every
model in a result must be what validating its values gives (the result's check that its
measures resolve included) — equal, field by field, with values of the same types — on the
example and on generated catalogs and organisations, and they must take every field."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from pydantic import BaseModel

from gapcheck import service
from gapcheck.engine import analyze
from gapcheck.model.bundle import Catalog, OrgData
from gapcheck.model.explanation import InheritedPath, inherited_path, make_explanation
from gapcheck.model.result import (
    AnalysisResult,
    Explanation,
    RequirementResult,
    analysis_result,
)
from gapcheck.model.result_rows import (
    ClosingMeasure,
    NextStep,
    PriorityReason,
    closing_measure,
    next_step_entry,
    priority_reason,
    requirement_row,
)
from tests.engine.test_invariants import catalogs, orgs
from tests.support.engine_builders import AS_OF

EXAMPLE = Path(__file__).parents[2] / "examples" / "aldreforvaltningen"


def _assert_as_validated(made: BaseModel, where: str) -> None:
    given = {name: made.__dict__[name] for name in made.model_fields_set}
    validated = type(made).model_validate(given)
    assert made == validated, where
    assert made.model_fields_set == validated.model_fields_set, where
    for name, value in made.__dict__.items():
        assert type(value) is type(validated.__dict__[name]), (where, name)
    assert made.model_dump_json() == validated.model_dump_json(), where


def _assert_all_as_validated(value: object, where: str, seen: set[int]) -> None:
    # Every model in the result, however built (shared ones once).
    if isinstance(value, BaseModel):
        if id(value) in seen:
            return
        seen.add(id(value))
        _assert_as_validated(value, where)
        for name, item in value.__dict__.items():
            _assert_all_as_validated(item, f"{where}.{name}", seen)
    elif isinstance(value, list):
        for item in value:
            _assert_all_as_validated(item, where, seen)
    elif isinstance(value, dict):
        for key, item in value.items():
            _assert_all_as_validated(item, f"{where}[{key}]", seen)


def _assert_rows_as_validated(result: AnalysisResult) -> None:
    _assert_all_as_validated(result, "result", set())
    for row in result.requirements:
        for year, value in row.projected.items():
            assert type(value) is float, (row.id, year)
        for name in ("partial_mean", "computed_coverage"):
            value = getattr(row.explanation, name)
            assert value is None or type(value) is float, (row.id, name)


def test_the_examples_rows_are_what_validation_makes_of_their_values() -> None:
    catalog, org = service.load_workspace(EXAMPLE)
    for day in (dt.date(2026, 11, 28), dt.date(2027, 6, 1)):
        _assert_rows_as_validated(analyze(catalog, org, day))


@settings(max_examples=30, deadline=None)
@given(catalog=catalogs(), org=orgs())
def test_generated_rows_are_what_validation_makes_of_their_values(
    catalog: Catalog, org: OrgData
) -> None:
    _assert_rows_as_validated(analyze(catalog, org, AS_OF))


@pytest.mark.parametrize(
    ("build", "model"),
    [
        (requirement_row, RequirementResult),
        (closing_measure, ClosingMeasure),
        (priority_reason, PriorityReason),
        (next_step_entry, NextStep),
        (make_explanation, Explanation),
        (inherited_path, InheritedPath),
        (analysis_result, AnalysisResult),
    ],
)
def test_a_builder_takes_every_field_of_its_model_and_nothing_else(
    build: Callable[..., BaseModel], model: type[BaseModel]
) -> None:
    params = inspect.signature(build).parameters
    fields = [f for f in model.model_fields if f != "schema_version"]  # (always the current)
    assert list(params) == fields
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params.values())
    assert all(p.default is inspect.Parameter.empty for p in params.values())


def test_a_rows_lists_and_dicts_are_its_own() -> None:
    catalog, org = service.load_workspace(EXAMPLE)
    rows = analyze(catalog, org, dt.date(2026, 11, 28)).requirements
    for field in ("projected", "reasons", "closing", "risks", "needs_review"):
        assert len({id(getattr(r, field)) for r in rows}) == len(rows), field
    for field in ("to_meet", "facts", "controls", "direct_measures", "inherited"):
        assert len({id(getattr(r.explanation, field)) for r in rows}) == len(rows), field


def test_a_results_lists_and_dicts_are_its_own() -> None:
    catalog, org = service.load_workspace(EXAMPLE)
    day = dt.date(2026, 11, 28)
    first, second = analyze(catalog, org, day), analyze(catalog, org, day)
    for name, value in first.__dict__.items():
        if isinstance(value, list | dict):
            assert value is not second.__dict__[name], name
    assert first == second


def test_a_row_can_be_copied_with_changes_as_a_validated_one_can() -> None:
    catalog, org = service.load_workspace(EXAMPLE)
    row = analyze(catalog, org, dt.date(2026, 11, 28)).requirements[0]
    before = row.priority
    copy = row.model_copy(update={"priority": 107})
    assert copy.priority == 107
    assert row.priority == before
    assert copy.model_fields_set == row.model_fields_set
