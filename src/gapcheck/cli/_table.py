"""Tables that wrap and never truncate, on an 80-column terminal too.

Rich fits a table that is too wide by shrinking its widest columns first, below the longest
word, and then cuts that word with "…" — an id such as `MCFFS 2026:11` or a reason loses its
end, and two rows can no longer be told apart. `WrapTable` gives every column at least its
longest word and shares out the rest of the width by how much each column wants, so cells wrap
between words. Only when even the longest words cannot fit side by side does a word fold onto
the next line; no character is ever dropped.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Column, Table
from rich.text import Text

__all__ = ["WrapTable", "column_widths"]


class WrapTable(Table):
    """A `rich.table.Table` whose columns wrap between words instead of cutting them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Light rules and no outer border: more of 80 columns is left for the text.
        kwargs.setdefault("title_justify", "left")
        kwargs.setdefault("box", box.SIMPLE_HEAD)
        kwargs.setdefault("show_edge", False)
        kwargs.setdefault("pad_edge", False)
        super().__init__(*args, **kwargs)
        self._fitted: set[int] = set()

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for index in self._fitted:  # a second render starts again from the caller's settings
            self.columns[index].width = None
        self._fitted = set()
        # Each text cell's markup is parsed once here, not again by every measuring and by the
        # rendering; the caller's strings are put back afterwards.
        kept = [(column.header, column._cells) for column in self.columns]
        for column in self.columns:
            column.header = _text(console, options, column.header, column.highlight)
            column._cells = [_text(console, options, c, column.highlight) for c in column._cells]
        try:
            widths = column_widths(self, console, options.max_width)
            if widths is not None:
                for index, (column, width) in enumerate(zip(self.columns, widths, strict=True)):
                    if column.width is None:
                        column.width = width
                        self._fitted.add(index)
            yield from super().__rich_console__(console, options)
        finally:
            for column, (header, cells) in zip(self.columns, kept, strict=True):
                column.header, column._cells = header, cells


def _text(
    console: Console, options: ConsoleOptions, cell: RenderableType, highlight: bool
) -> RenderableType:
    """A string cell as the Text Rich makes of it when it renders the cell (Console.render)."""
    if not isinstance(cell, str):
        return cell
    return console.render_str(cell, highlight=highlight, markup=options.markup)


def _overhead(table: Table) -> int:
    """Characters a row spends on borders and padding rather than on cell text."""
    n = len(table.columns)
    _, right, _, left = table.padding
    if table.collapse_padding:  # as Rich's Table._get_padding_width counts it
        left = 0
    width = (n - 1 + (2 if table.show_edge else 0)) if table.box else 0
    for i in range(n):
        pad_left = left if (i > 0 or table.pad_edge) else 0
        pad_right = right if (i < n - 1 or table.pad_edge) else 0
        width += pad_left + pad_right
    return width


def _measure(console: Console, options: ConsoleOptions, column: Column) -> tuple[int, int]:
    """(longest word, longest line) over the column's header and cells."""
    if column.width is not None:
        return column.width, column.width
    lo = hi = 1
    for cell in [column.header, *column.cells]:
        if isinstance(cell, str | Text) and not cell:
            continue
        m = Measurement.get(console, options, cell)
        lo, hi = max(lo, m.minimum), max(hi, m.maximum)
    if column.no_wrap:
        lo = hi
    if column.max_width is not None:
        hi = max(lo, min(hi, column.max_width))
    if column.min_width is not None:
        lo = max(lo, column.min_width)
        hi = max(hi, lo)
    return lo, hi


def column_widths(table: Table, console: Console, width: int) -> list[int] | None:
    """Cell widths that fit `width`, or None when the table fits as it is.

    Every column gets at least its longest word and at most its longest line; between those,
    the widths are as even as possible (a column's `ratio` weighs it). If even the longest
    words do not fit, the columns with the longest words narrow until they do and fold those
    words (the only case in which a word is split)."""
    if not table.columns:
        return None
    options = console.options.update_width(max(width, 1_000))
    ranges = [_measure(console, options, column) for column in table.columns]
    available = max(width - _overhead(table), len(ranges))
    lows = [lo for lo, _ in ranges]
    highs = [hi for _, hi in ranges]
    if sum(highs) <= available:
        return None
    if sum(lows) > available:
        # Cap the longest words only: the columns that hold them fold, the others still wrap.
        cap = max(lows)
        while cap > 1 and sum(min(lo, cap) for lo in lows) > available:
            cap -= 1
        for column, lo in zip(table.columns, lows, strict=True):
            if lo > cap:  # fold, never crop or end in "…"
                column.overflow = "fold"
                column.no_wrap = False
        return _shrink([min(lo, cap) for lo in lows], available)
    weights = [column.ratio or 1 for column in table.columns]
    return _level(lows, highs, weights, available)


def _level(lows: list[int], highs: list[int], weights: list[int], available: int) -> list[int]:
    """Widths as even as the columns allow: each `clamp(level × weight, low, high)`, with the
    highest level at which they still add up to no more than `available`."""

    def at(level: float) -> list[int]:
        return [
            min(h, max(lo, int(level * w))) for lo, h, w in zip(lows, highs, weights, strict=True)
        ]

    bottom, top = 0.0, float(max(highs))
    for _ in range(50):
        middle = (bottom + top) / 2
        if sum(at(middle)) <= available:
            bottom = middle
        else:
            top = middle
    widths = at(bottom)
    spare = available - sum(widths)
    for i in sorted(range(len(widths)), key=lambda i: -weights[i]):  # rounding's leftovers
        extra = min(spare, highs[i] - widths[i])
        widths[i] += extra
        spare -= extra
    return widths


def _shrink(widths: list[int], available: int) -> list[int]:
    """Scale widths down to `available` in total, each at least 1."""
    total = sum(widths)
    scaled = [max(1, w * available // total) for w in widths]
    i = 0
    while sum(scaled) > available and any(w > 1 for w in scaled):
        j = i % len(scaled)
        if scaled[j] > 1:
            scaled[j] -= 1
        i += 1
    return scaled
