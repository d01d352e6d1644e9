"""The one category table: for every `Category`, whether it is a gap, the priority points it
gives, and its traffic-light signal (the CLI's colours and the workbook's fills both come from
it). A new category is an enum member, a row here and its labels in messages.toml."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple

from gapcheck.model.result import Category

__all__ = ["CATEGORIES", "CategoryInfo", "Signal", "gap_categories"]


class Signal(StrEnum):
    """A traffic-light colour: how urgent what it marks is."""

    DARK_RED = "dark_red"  # judged non-compliant
    RED = "red"  # action needed: late, or nothing planned
    AMBER = "amber"  # partly there, or planned
    GREEN = "green"  # met
    VIOLET = "violet"  # catalog work, not the organisation's
    GREY = "grey"  # does not apply


class CategoryInfo(NamedTuple):
    """A category's row (a named tuple: made at every start-up, at a fifth of a dataclass's
    cost)."""

    gap: bool
    points: int  # the priority's category component (0 for what is not a gap)
    signal: Signal


CATEGORIES: Mapping[Category, CategoryInfo] = MappingProxyType(
    {
        Category.NON_COMPLIANT: CategoryInfo(gap=True, points=40, signal=Signal.DARK_RED),
        Category.OVERDUE: CategoryInfo(gap=True, points=35, signal=Signal.RED),
        Category.NO_MEASURE: CategoryInfo(gap=True, points=30, signal=Signal.RED),
        Category.UNMAPPED: CategoryInfo(gap=True, points=25, signal=Signal.VIOLET),
        Category.PLANNED_ONLY: CategoryInfo(gap=True, points=20, signal=Signal.AMBER),
        Category.PARTIAL: CategoryInfo(gap=True, points=15, signal=Signal.AMBER),
        Category.COVERED: CategoryInfo(gap=False, points=0, signal=Signal.GREEN),
        Category.NOT_APPLICABLE: CategoryInfo(gap=False, points=0, signal=Signal.GREY),
    }
)


def gap_categories() -> frozenset[Category]:
    """The categories that are gaps (the values of `GapCategory`)."""
    return frozenset(c for c, info in CATEGORIES.items() if info.gap)
