"""`compare`: what moved between two runs, and whether the calendar, the inputs or the law
moved it — traced by analysing the earlier run's stored inputs again one factor at a time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gapcheck import service
from gapcheck.errors import NotFoundError
from gapcheck.model.runs import CauseKind, SaveOutcome
from gapcheck.service import runs

JUNE = dt.date(2026, 6, 1)
INPUTS, LAW, CALENDAR = CauseKind.INPUTS, CauseKind.LAW, CauseKind.CALENDAR


def _save(org: Path, catalog: Path, as_of: dt.date = JUNE) -> SaveOutcome:
    captured = runs.load_captured(org, catalog)
    return runs.save_run(captured, service.analyze_loaded(captured.catalog, captured.org, as_of))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _plan_authentication(org: Path) -> None:
    """M-05, not started, is linked to nat:2.3 with extent full: done, it meets it."""
    with (org / "measures.yaml").open("a", encoding="utf-8") as fh:
        fh.write(
            "  - id: M-05\n    title: Stark autentisering\n    status: not_started\n"
            "    requirements:\n      - {requirement: nat:2.3}\n"
        )


def test_one_measure_status_change_shows_exactly_that_change_and_its_effect(
    db_url: str, tiny: tuple[Path, Path]
) -> None:
    catalog, org = tiny
    _plan_authentication(org)
    before = _save(org, catalog).run
    _edit(org / "measures.yaml", "status: not_started", "status: implemented")  # M-05
    after = _save(org, catalog).run
    cmp = runs.compare_runs("tiny")  # default: the last two
    assert (cmp.from_run.id, cmp.to_run.id if cmp.to_run else None) == (before.id, after.id)
    assert [(c.kind, c.details) for c in cmp.causes] == [(INPUTS, ["measures.yaml"])]
    assert [(m.id, m.status_from, m.status_to, m.slipped) for m in cmp.measures] == [
        ("M-05", "not_started", "implemented", False)
    ]
    assert [(g.id, g.category_from, g.category_to, g.because) for g in cmp.gaps_closed] == [
        ("nat:2.3", "partial", "covered", [INPUTS])
    ]
    assert cmp.new_gaps == []
    change = after.coverage - before.coverage
    assert change > 0
    assert cmp.totals.coverage_from == before.coverage
    assert cmp.totals.coverage_to == after.coverage
    assert cmp.totals.by_cause == {INPUTS: pytest.approx(change)}
    assert [s.source for s in cmp.sources] == ["nat"]
    assert cmp.attributed


def test_the_calendar_alone_slips_an_open_measure_past_its_due_date(
    db_url: str, tiny: tuple[Path, Path]
) -> None:
    catalog, org = tiny
    _save(org, catalog, JUNE)
    _save(org, catalog, dt.date(2027, 1, 15))  # M-02 was due 2026-12-31 and is still open
    cmp = runs.compare_runs("tiny")
    assert [c.kind for c in cmp.causes] == [CALENDAR]
    assert [(m.id, m.status_from, m.status_to, m.slipped) for m in cmp.measures] == [
        ("M-02", "in_progress", "in_progress", True)
    ]
    assert all(p.because == [CALENDAR] for p in cmp.priorities)
    assert set(cmp.totals.by_cause) <= {CALENDAR}


def test_a_requirement_added_to_the_law_is_a_new_gap_because_of_the_law(
    db_url: str, tiny: tuple[Path, Path]
) -> None:
    catalog, org = tiny
    _save(org, catalog)
    law = catalog / "mappings" / "sources" / "nat" / "v1.yaml"
    _edit(law, "  - id: nat:3\n", _NAT4 + "  - id: nat:3\n")
    _save(org, catalog)
    cmp = runs.compare_runs("tiny")
    assert [(c.kind, c.details) for c in cmp.causes] == [(LAW, ["mappings/sources/nat/v1.yaml"])]
    assert [(g.id, g.category_from, g.category_to, g.because) for g in cmp.new_gaps] == [
        ("nat:4", None, "unmapped", [LAW])
    ]
    assert cmp.measures == []


_NAT4 = """\
  - id: nat:4
    ref: "4 kap. 1 §"
    title: {sv: Ny skyldighet}
"""


def test_inputs_that_need_the_new_law_are_traced_after_it(
    db_url: str, tiny: tuple[Path, Path]
) -> None:
    catalog, org = tiny
    first = _save(org, catalog).run
    law = catalog / "mappings" / "sources" / "nat" / "v1.yaml"
    _edit(law, "  - id: nat:3\n", _NAT4 + "  - id: nat:3\n")
    with (org / "measures.yaml").open("a", encoding="utf-8") as fh:
        fh.write(
            "  - id: M-04\n    title: Ny rutin\n    status: implemented\n"
            "    requirements:\n      - {requirement: nat:4, extent: full}\n"
        )
    second = _save(org, catalog).run
    cmp = runs.compare_runs("tiny", first.id, second.id)
    assert {c.kind for c in cmp.causes} == {INPUTS, LAW}
    assert cmp.attributed  # the law first, then the inputs that need it
    nat = cmp.sources[0]
    assert nat.by_cause[LAW] < 0 < nat.by_cause[INPUTS]
    assert [(m.id, m.status_from, m.status_to) for m in cmp.measures] == [
        ("M-04", None, "implemented")
    ]


def test_compare_needs_two_different_runs(db_url: str, tiny: tuple[Path, Path]) -> None:
    catalog, org = tiny
    with pytest.raises(NotFoundError, match="analyze ORG --save"):
        runs.compare_runs("tiny")
    only = _save(org, catalog).run
    with pytest.raises(NotFoundError, match="compare needs two"):
        runs.compare_runs("tiny")
    with pytest.raises(NotFoundError, match="two different runs"):
        runs.compare_runs("tiny", only.id, only.id[:6])


def test_the_current_analysis_compares_with_the_previous_saved_run(
    db_url: str, tiny: tuple[Path, Path]
) -> None:
    catalog, org = tiny
    _plan_authentication(org)
    saved = _save(org, catalog).run
    captured = runs.load_captured(org, catalog)
    result = service.analyze_loaded(captured.catalog, captured.org, JUNE)
    # The very analysis that was saved is not its own previous run.
    assert runs.previous_run(captured, result) is None
    _edit(org / "measures.yaml", "status: not_started", "status: implemented")
    captured = runs.load_captured(org, catalog)
    result = service.analyze_loaded(captured.catalog, captured.org, JUNE)
    followup = runs.followup(captured, result)
    assert followup is not None
    assert [p.run for p in followup.trend] == [saved.id]
    assert followup.shorts == {"dir": "DIR", "nat": "NAT"}
    assert followup.comparison is not None
    assert followup.comparison.to_run is None
    assert [g.id for g in followup.comparison.gaps_closed] == ["nat:2.3"]
