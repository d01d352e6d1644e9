"""The one category table drives priorities, the terminal's colours and the workbook's fills."""

from __future__ import annotations

from gapcheck.cli.render import CATEGORY_STYLE
from gapcheck.engine.categorize import CATEGORY_POINTS, GAP_CATEGORIES
from gapcheck.model.categories import CATEGORIES, gap_categories
from gapcheck.model.result import Category, GapCategory
from gapcheck.report.cells import CATEGORY_FILLS


def test_every_category_has_a_row_and_the_gap_enum_agrees_with_the_table() -> None:
    assert set(CATEGORIES) == set(Category)
    assert {c.value for c in gap_categories()} == {g.value for g in GapCategory}
    assert gap_categories() == GAP_CATEGORIES


def test_priority_points_colours_and_fills_all_come_from_the_table() -> None:
    assert {c: CATEGORIES[c].points for c in gap_categories()} == CATEGORY_POINTS
    assert set(CATEGORY_STYLE) == {c.value for c in Category}
    assert set(CATEGORY_FILLS) == {c.value for c in Category}
    # The same signal gives the same colour everywhere.
    for a in Category:
        for b in Category:
            if CATEGORIES[a].signal is CATEGORIES[b].signal:
                assert CATEGORY_STYLE[a.value] == CATEGORY_STYLE[b.value]
                assert CATEGORY_FILLS[a.value][0].start_color.rgb == (
                    CATEGORY_FILLS[b.value][0].start_color.rgb
                )
