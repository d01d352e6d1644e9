"""The fast encoder writes exactly what json.dumps(sort_keys, indent=2, ensure_ascii=False)
writes, for the example's result and for the awkward values results can hold."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from gapcheck import service
from gapcheck.service._jsonout import dumps_sorted

EXAMPLE = Path(__file__).parents[2] / "examples" / "aldreforvaltningen"


def _reference(data: object) -> str:
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)


def test_the_example_result_is_byte_identical_to_the_standard_encoder() -> None:
    result = service.analyze_org(EXAMPLE, dt.date(2026, 11, 28))
    data = result.model_dump(mode="json")
    assert service.result_json(result) == _reference(data)


def test_awkward_values_are_written_as_the_standard_encoder_writes_them() -> None:
    data = {
        "text": 'Ä "quoted" \\ / \u2028 \u001f \t tab =SUM(A1)',
        "empty_list": [],
        "empty_object": {},
        "nested": [{"b": 1, "a": [0.0001, 0.5, 1.0, 0.1234, 12.5]}, None, True, False],
        "Ö": 1,
        "Z": 2,
        "é": 3,
        "big": 2**70,
    }
    assert dumps_sorted(data) == _reference(data)
    del data["big"]  # (the fast path)
    assert dumps_sorted(data) == _reference(data)
