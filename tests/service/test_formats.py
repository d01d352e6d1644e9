"""One output-format registry for the CLI and the API (issue 10 item 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gapcheck.errors import NotFoundError, OutputError
from gapcheck.service import analyze_loaded, load_workspace, result_json
from gapcheck.service.formats import (
    FORMAT_NAMES,
    FORMATS,
    Output,
    format_for_path,
    negotiate,
    output_format,
)

DATA = Path(__file__).parents[1] / "data"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_every_name_has_one_entry_with_a_media_type_and_suffix() -> None:
    assert tuple(FORMATS) == FORMAT_NAMES == ("json", "xlsx")
    assert FORMATS["json"].media_type == "application/json"
    assert FORMATS["xlsx"].media_type == XLSX
    assert len({f.suffix for f in FORMATS.values()}) == len(FORMATS)


@pytest.mark.parametrize(
    ("accept", "name"),
    [
        (None, "json"),
        ("", "json"),
        ("*/*", "json"),
        ("application/json", "json"),
        (XLSX, "xlsx"),
        (f"application/json;q=0.5, {XLSX}", "xlsx"),
        (f"{XLSX};q=0.2, application/json", "json"),
        (f"text/html, {XLSX};q=0.9, */*;q=0.1", "xlsx"),
        ("text/csv", None),
        ("application/json;q=0", None),
    ],
)
def test_accept_negotiation(accept: str | None, name: str | None) -> None:
    found = negotiate(accept)
    assert (found.name if found else None) == name


def test_lookup_by_name_and_by_file_suffix() -> None:
    assert output_format("xlsx") is FORMATS["xlsx"]
    assert format_for_path(Path("out/Report.XLSX")) is FORMATS["xlsx"]
    assert format_for_path(Path("a.json")) is FORMATS["json"]
    assert format_for_path(Path("a.csv")) is None
    with pytest.raises(NotFoundError, match="known: json, xlsx"):
        output_format("csv")


def test_json_is_the_cli_json_and_xlsx_needs_its_writer(tmp_path: Path) -> None:
    catalog, data = load_workspace(DATA / "org_tiny", DATA / "catalog_tiny")
    result = analyze_loaded(catalog, data)
    out = Output(result, catalog, data, "sv")
    assert FORMATS["json"].render(out) == (result_json(result) + "\n").encode()
    FORMATS["json"].write(out, tmp_path / "a.json")
    assert (tmp_path / "a.json").read_bytes() == FORMATS["json"].render(out)
    with pytest.raises(OutputError, match=r"gapcheck\[excel\]"):
        FORMATS["xlsx"].render(out)
