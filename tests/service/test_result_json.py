"""`result_json` lets orjson walk the result models' field values (`_jsonout.result_bytes`)
instead of pydantic's dump: the bytes must be exactly pydantic's `model_dump` written by the
reference encoder — on the example (its measures repeated, so that references are shared), and
on hypothesis-generated catalogs and organisations — and every model in the result must keep
to the field types for which that holds."""

from __future__ import annotations

import datetime as dt
import gc
import json
import types
import typing
from enum import StrEnum
from pathlib import Path

from hypothesis import given, settings
from pydantic import BaseModel

from gapcheck import service
from gapcheck.catalog import load_org
from gapcheck.engine import analyze
from gapcheck.model.bundle import Catalog, OrgData
from gapcheck.model.result import AnalysisResult, referenced_measures
from tests.engine.test_invariants import catalogs, orgs
from tests.support.engine_builders import AS_OF

EXAMPLE = Path(__file__).parents[2] / "examples" / "aldreforvaltningen"
NOV = dt.date(2026, 11, 28)


def _reference(result: AnalysisResult) -> str:
    data = result.model_dump(mode="json")
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)


def _example(times: int) -> tuple[Catalog, OrgData]:
    catalog, org = service.load_workspace(EXAMPLE)
    clones = [
        m.model_copy(update={"id": f"{m.id}-x{k}"})
        for k in range(2, times + 1)
        for m in org.measures
    ]
    return catalog, org.model_copy(update={"measures": (*org.measures, *clones)})


def test_the_examples_json_with_shared_references_is_pydantics_dump_byte_for_byte() -> None:
    catalog, org = _example(3)
    result = analyze(catalog, org, NOV)
    assert service.result_json(result) == _reference(result)
    assert service.result_json_bytes(result) == _reference(result).encode()


@settings(max_examples=40, deadline=None)
@given(catalog=catalogs(), org=orgs())
def test_a_generated_results_json_is_pydantics_dump_byte_for_byte(
    catalog: Catalog, org: OrgData
) -> None:
    result = analyze(catalog, org, AS_OF)
    assert service.result_json(result) == _reference(result)


def test_the_json_does_not_depend_on_the_order_of_the_measures_file() -> None:
    catalog, org = _example(2)
    shuffled = org.model_copy(update={"measures": tuple(reversed(org.measures))})
    assert service.result_json_bytes(analyze(catalog, org, NOV)) == service.result_json_bytes(
        analyze(catalog, shuffled, NOV)
    )


def test_the_measures_table_holds_exactly_the_measures_the_result_references() -> None:
    catalog = service.load_catalogs()
    org = load_org(EXAMPLE, catalog)
    result = analyze(catalog, org, NOV)
    assert set(result.measures) == referenced_measures(result.requirements)
    linked = {m.id for m in org.measures}
    assert set(result.measures) <= linked
    assert list(result.measures) == sorted(result.measures)
    for entry in result.measures.values():
        assert entry.evidence == sorted(entry.evidence)


def test_writing_the_json_leaves_the_garbage_collector_as_it_found_it() -> None:
    catalog, org = _example(1)
    result = analyze(catalog, org, NOV)
    assert gc.isenabled()
    service.result_json_bytes(result)
    assert gc.isenabled()
    gc.disable()
    try:
        service.result_json_bytes(result)
        assert not gc.isenabled()
    finally:
        gc.enable()


# What orjson writes exactly as pydantic's JSON dump does. Not datetimes (pydantic writes UTC
# as "Z", orjson as "+00:00"), sets, tuples or non-string keys.
_PLAIN = (str, int, float, bool, type(None))


def _check_type(tp: object, where: str, seen: set[type]) -> None:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        _check_type(args[0], where, seen)
    elif origin in (typing.Union, types.UnionType):
        for arg in args:
            _check_type(arg, where, seen)
    elif origin is list:
        _check_type(args[0], where, seen)
    elif origin is dict:
        assert args[0] is str, f"{where}: dict keys must be str"
        _check_type(args[1], where, seen)
    elif origin is typing.Literal:
        assert all(isinstance(a, str) for a in args), where
    elif isinstance(tp, type) and issubclass(tp, BaseModel):
        _check_model(tp, seen)
    else:
        assert isinstance(tp, type), f"{where}: {tp!r}"
        assert tp is dt.date or (tp in _PLAIN) or issubclass(tp, StrEnum), f"{where}: {tp!r}"


def _check_model(model: type[BaseModel], seen: set[type]) -> None:
    if model in seen:
        return
    seen.add(model)
    decorators = model.__pydantic_decorators__
    assert not decorators.field_serializers, model
    assert not decorators.model_serializers, model
    assert not model.model_computed_fields, model
    for name, info in model.model_fields.items():
        where = f"{model.__name__}.{name}"
        assert info.alias is None, where
        assert info.serialization_alias is None, where
        assert not info.exclude, where
        _check_type(info.annotation, where, seen)


def test_every_model_in_the_result_holds_only_values_orjson_writes_as_pydantic_does() -> None:
    seen: set[type] = set()
    _check_model(AnalysisResult, seen)
    assert len(seen) > 15  # the walk reached the nested models (rows, explanations, transfers)
