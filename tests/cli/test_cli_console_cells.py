"""The CLI's console renders a table cell (a Padding around its text) in one pass
(`SafeConsole.render_lines`, issue 12 cold start): the lines are rich's own, segment for
segment, for any text, width, padding, justification and style, and whole tables print the
same bytes with and without colour."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.padding import Padding
from rich.style import Style
from rich.text import Text

from gapcheck.cli._errors import SafeConsole
from gapcheck.cli._table import WrapTable

WORDS = st.sampled_from(["Åtgärd", "M-2026-03", "csl:2.3.p10", "→", "100 %", "漢字", "x" * 30, ""])
STYLES = st.sampled_from([None, Style.parse("bold red"), Style.parse("dim"), Style.null()])


@st.composite
def cells(draw: st.DrawFn) -> tuple[Text, int, int, Style | None, str, str, str]:
    text = Text(
        justify=draw(st.sampled_from([None, "left", "right", "center", "full", "default"])),
        overflow=draw(st.sampled_from([None, "fold", "crop", "ellipsis"])),
        style=draw(st.sampled_from(["", "italic", Style.parse("on blue")])),
    )
    for _ in range(draw(st.integers(0, 8))):
        text.append(draw(WORDS) + draw(st.sampled_from([" ", "\n", ""])), style=draw(STYLES))
    left, right = draw(st.integers(0, 2)), draw(st.integers(0, 2))
    justify = draw(st.sampled_from(["left", "right", "center", "full"]))
    overflow = draw(st.sampled_from(["fold", "crop", "ellipsis"]))
    pad_style = draw(st.sampled_from(["none", "", "on green"]))
    return text, left, right, draw(STYLES), justify, overflow, pad_style


def _console(cls: type[Console], width: int) -> Console:
    return cls(width=width, color_system="truecolor", force_terminal=True, emoji=False)


@settings(max_examples=400, deadline=None)
@given(cell=cells(), width=st.integers(1, 40), no_wrap=st.booleans())
def test_a_padded_cell_renders_to_rich_s_own_lines(
    cell: tuple[Text, int, int, Style | None, str, str, str], width: int, no_wrap: bool
) -> None:
    text, left, right, style, justify, overflow, pad_style = cell
    lines = []
    for cls in (SafeConsole, Console):
        console = _console(cls, 80)
        options = console.options.update(
            width=width, justify=justify, overflow=overflow, no_wrap=no_wrap, height=None
        )
        padding = Padding(text.copy(), (0, right, 0, left), style=pad_style)
        lines.append(console.render_lines(padding, options, style=style))
    assert lines[0] == lines[1]


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(WORDS, min_size=3, max_size=3), max_size=6), width=st.integers(8, 120)
)
def test_a_table_prints_the_same_bytes_as_through_rich_alone(
    rows: list[list[str]], width: int
) -> None:
    printed = []
    for cls in (SafeConsole, Console):
        console = cls(
            file=io.StringIO(),
            width=width,
            record=True,
            color_system="truecolor",
            force_terminal=True,
            emoji=False,
        )
        table = WrapTable(title="Täckning", show_lines=True)
        for name in ("Källa", "Nu", "Skäl"):
            table.add_column(name, justify="right" if name == "Nu" else "left")
        for row in rows:
            table.add_row(f"[bold]{row[0]}[/]", row[1], f"[dim]{row[2]}[/]")
        console.print(table)
        printed.append(console.export_text(styles=True))
    assert printed[0] == printed[1]
