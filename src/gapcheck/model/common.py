"""Shared vocabulary: closed enums, localized text and the strict base model."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from gapcheck.lang import Lang

__all__ = [
    "Date",
    "Extent",
    "Id",
    "Lang",
    "LocalizedOrEnglish",
    "LocalizedText",
    "OutputModel",
    "StrictModel",
]


# Ids are ASCII so they survive URLs, file names and Excel untouched.
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\-]*$", min_length=1, max_length=120),
]


class StrictModel(BaseModel):
    """Base for every input model: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class OutputModel(BaseModel):
    """Base for computed results (analysis, diff, facts): immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class LocalizedText(StrictModel):
    """A text in Swedish and/or English; at least one must be given."""

    sv: str | None = None
    en: str | None = None

    def get(self, lang: Lang) -> str:
        """The text in `lang`, falling back to the other language, else empty."""
        primary, fallback = (self.sv, self.en) if lang == "sv" else (self.en, self.sv)
        return primary or fallback or ""


def _plain_is_english(value: Any) -> Any:
    # Before texts became bilingual a rationale was one English string: still read as such.
    return {"en": value} if isinstance(value, str) else value


def _not_empty(text: LocalizedText) -> LocalizedText:
    if not (text.sv or text.en):
        raise PydanticCustomError(
            "text_empty", "the text is empty: give it in sv and/or en (keys sv, en)"
        )
    return text


LocalizedOrEnglish = Annotated[
    LocalizedText, BeforeValidator(_plain_is_english), AfterValidator(_not_empty)
]
"""A non-empty text in Swedish and/or English, {sv, en}; a plain string is read as English."""


class Extent(StrEnum):
    """How much of a control (or requirement) a measure implements."""

    FULL = "full"
    PARTIAL = "partial"


Weight = Annotated[float, Field(gt=0, le=10)]


def _not_a_number(value: Any) -> Any:
    # pydantic would read 2027 as a Unix timestamp (1970-01-01 + 2027 s): refuse numbers.
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise PydanticCustomError("date_type", "{value} is a number, not a date", {"value": value})
    return value


Date = Annotated[dt.date, BeforeValidator(_not_a_number)]
