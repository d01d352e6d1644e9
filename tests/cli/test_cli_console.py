"""The CLI's console prints data as written: rich would turn `:ok:` in a supplier's or a
measure's name into an emoji (and load its table of them on every command, issue 12)."""

from __future__ import annotations

from gapcheck.cli._errors import SafeConsole, err_console
from gapcheck.cli._table import WrapTable


def test_emoji_codes_in_data_are_printed_as_written() -> None:
    console = SafeConsole(record=True, width=60, color_system=None)
    table = WrapTable()
    table.add_column("Åtgärd")
    table.add_row("[bold]Backup:ok:[/] :thumbs_up: klar")
    console.print(table)
    console.print("Leverantör :warning: Svea")
    text = console.export_text()
    assert "Backup:ok: :thumbs_up: klar" in text
    assert "Leverantör :warning: Svea" in text


def test_an_explicit_emoji_setting_is_kept() -> None:
    console = SafeConsole(record=True, width=40, color_system=None, emoji=True)
    console.print(":thumbs_up:")
    assert ":thumbs_up:" not in console.export_text()
    assert err_console._emoji is False
