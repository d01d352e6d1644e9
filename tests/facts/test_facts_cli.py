"""`gapcheck deadlines` and the facts in `gapcheck analyze`, through Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from gapcheck.cli import app
from gapcheck.i18n import MESSAGES

EXAMPLE = Path(__file__).parents[2] / "examples" / "aldreforvaltningen"


def _run(*args: str, columns: int = 200) -> tuple[int, str, str]:
    env = {"COLUMNS": str(columns)}
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_deadlines_json() -> None:
    code, out, _ = _run("deadlines", EXAMPLE, "--aware", "2026-11-28T09:00", "--json", "-")
    assert code == 0
    doc = json.loads(out)
    due = {d["requirement"]: d["due"] for d in doc["deadlines"]}
    assert due["csl:2.5"] == "2026-11-29T09:00:00+01:00"
    assert due["csl:2.6"] == "2026-12-01T09:00:00+01:00"
    # 1 January 2027 is nyårsdagen: the final report moves to Monday 4 January.
    assert due["csl:2.8"] == "2027-01-04T09:00:00+01:00"
    assert "gdpr:33.1" not in due
    assert doc["timezone"] == "Europe/Stockholm"


def test_deadlines_table_with_personal_data_in_english() -> None:
    code, out, _ = _run(
        "deadlines", EXAMPLE, "--aware", "2026-11-28 09:00", "--personal-data", "--lang", "en"
    )
    assert code == 0
    assert "Swedish Authority for Privacy Protection (IMY)" in out
    assert "2026-12-01 09:00 +0100" in out
    assert "reported under csl:2.5, which transposes it" in out


def test_deadlines_table_says_why_a_deadline_moved_and_where_its_clock_starts() -> None:
    # Wide enough that no cell wraps, so each note reads as one line.
    code, out, _ = _run(
        "deadlines", EXAMPLE, "--aware", "2026-11-28T09:00", "--lang", "en", columns=600
    )
    assert code == 0
    assert "2027-01-04 09:00 +0100" in out
    assert "moved from 2027-01-01 (New Year's Day, Saturday, Sunday) to the next weekday" in out
    assert "counted from the latest time of csl:2.6, 2026-12-01 09:00 (assumed" in out
    code, out, _ = _run(
        "deadlines",
        EXAMPLE,
        "--aware",
        "2026-11-28T09:00",
        "--event",
        "incident_notification=2026-11-30T10:00",
        columns=600,
    )
    assert code == 0
    assert "räknat från incidentanmälan 2026-11-30 10:00 (angiven)" in out
    assert "2026-12-30 10:00 +0100" in out


def test_deadlines_warns_of_a_local_time_a_dst_change_repeats() -> None:
    code, out, err = _run("deadlines", EXAMPLE, "--aware", "2026-10-25T02:30", "--json", "-")
    assert code == 0
    assert json.loads(out)["warnings"][0]["code"] == "time.ambiguous"
    assert "2026-10-25T02:30:00 inträffar två gånger i svensk tid" in err
    # An offset chooses the reading: no warning.
    code, out, err = _run("deadlines", EXAMPLE, "--aware", "2026-10-25T02:30+01:00", "--json", "-")
    assert code == 0
    doc = json.loads(out)
    assert (doc["aware"], doc["warnings"], err) == ("2026-10-25T02:30:00+01:00", [], "")


def test_deadlines_unknown_event_is_an_error() -> None:
    code, _, err = _run(
        "deadlines", EXAMPLE, "--aware", "2026-11-28T09:00", "--event", "nope=2026-11-29T10:00"
    )
    assert code == 1
    assert "nope" in err


def test_analyze_shows_supervision_and_transfers() -> None:
    code, out, _ = _run("analyze", EXAMPLE, "--as-of", "2025-10-01", "--top", "0")
    assert code == 0
    assert MESSAGES["facts.authorities"]["sv"] in out  # "Tillsyn och rapportering"
    assert "Länsstyrelsen i Stockholms län" in out
    assert MESSAGES["transfer.status.expiring"]["sv"] in out  # the UK supplier
    assert "2025-12-27" in out
    code, out, _ = _run("analyze", EXAMPLE, "--as-of", "2026-11-28", "--json", "-")
    doc = json.loads(out)
    assert doc["transfer_gaps"] == ["S-01"]
    uk = next(t for t in doc["transfers"] if t["supplier"] == "S-02")
    assert (uk["status"], uk["valid_until"]) == ("ok", "2031-12-27")
    ids = [a["authority"]["id"] for a in doc["authorities"]]
    assert ids == ["lst-ab", "ivo", "mcf", "mcf", "imy"]  # IVO: to judge manually
