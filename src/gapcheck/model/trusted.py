"""Result models built from values the engine has already made of the field types.

pydantic validates every field of every model it builds; for the analysis' rows and
explanations (one each per requirement: 890 for the example, 45,000 for the city's 50
organisations) that validation was most of the cost of building them. The builders that use
`trusted` (`result_rows.requirement_row`, `explanation.explanation`) take every field by
keyword, typed, and tests/model/test_result_rows.py pins what they build equal, field by field
and type by type, to what validation builds from the same values."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

__all__ = ["trusted"]

M = TypeVar("M", bound=BaseModel)

_set = object.__setattr__


def trusted(model: type[M], values: dict[str, Any]) -> M:
    """An instance of `model` holding `values` (every field, in the model's order, of its
    type, lists and dicts its own) as they are, as `model(**values)` would hold them."""
    made = model.__new__(model)
    _set(made, "__dict__", values)
    _set(made, "__pydantic_fields_set__", set(values))
    _set(made, "__pydantic_extra__", None)
    _set(made, "__pydantic_private__", None)
    return made
