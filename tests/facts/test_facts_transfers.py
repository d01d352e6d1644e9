"""Transfer mechanisms as time-bounded facts: the example's suppliers at several dates."""

from __future__ import annotations

import datetime as dt

import pytest

from gapcheck.engine import analyze
from gapcheck.engine.transfers import EXPIRY_WINDOW_DAYS, evaluate_transfers, known_validity
from gapcheck.model import Catalog, OrgData, Supplier
from gapcheck.model.facts_result import TransferResult, TransferStatus

OK, AT_RISK, EXPIRING = TransferStatus.OK, TransferStatus.AT_RISK, TransferStatus.EXPIRING


def _at(catalog: Catalog, org: OrgData, day: str) -> dict[str, TransferResult]:
    rows = evaluate_transfers(org.suppliers, catalog.facts, dt.date.fromisoformat(day))
    return {r.supplier: r for r in rows}


@pytest.mark.parametrize(
    ("day", "uk_status", "uk_until"),
    [
        # Before the June 2025 extension was adopted: the decision lapses 2025-06-27.
        ("2025-06-01", EXPIRING, dt.date(2025, 6, 27)),
        # The extension is known, the renewal of 2025-12-19 is not: lapses 2025-12-27.
        ("2025-10-01", EXPIRING, dt.date(2025, 12, 27)),
        # Renewed on 2025-12-19 until 2031-12-27.
        ("2025-12-20", OK, dt.date(2031, 12, 27)),
        ("2026-11-28", OK, dt.date(2031, 12, 27)),
    ],
)
def test_uk_supplier_over_time(
    shipped: Catalog, example: OrgData, day: str, uk_status: TransferStatus, uk_until: dt.date
) -> None:
    uk = _at(shipped, example, day)["S-02"]
    assert uk.mechanism == "uk-gdpr-adequacy"
    assert uk.status is uk_status
    assert uk.valid_until == uk_until
    assert uk.gap is (uk_status is EXPIRING)  # no exit plan
    if uk_status is EXPIRING:
        assert uk.reasons[0].code == "transfer.expiring"
        assert uk.days_left is not None
        assert uk.days_left <= EXPIRY_WINDOW_DAYS
        assert uk.priority is not None
        assert uk.priority > 60


@pytest.mark.parametrize("day", ["2025-06-01", "2025-10-01", "2025-12-20", "2026-11-28"])
def test_us_cloud_without_exit_plan_is_a_gap_at_every_date(
    shipped: Catalog, example: OrgData, day: str
) -> None:
    us = _at(shipped, example, day)["S-01"]
    assert (us.mechanism, us.status, us.gap, us.exit_plan) == ("eu-us-dpf", AT_RISK, True, False)
    codes = [r.code for r in us.reasons]
    assert "transfer.exit_plan_advised" in codes
    assert us.requirements == ["gdpr:44", "gdpr:45.1"]


def test_pending_court_cases_are_known_only_from_their_dates(
    shipped: Catalog, example: OrgData
) -> None:
    assert _at(shipped, example, "2025-06-01")["S-01"].challenges == ["T-553/23"]
    # T-553/23 dismissed 2025-09-03; the appeal C-703/25 P lodged 2025-10-31.
    assert _at(shipped, example, "2025-10-01")["S-01"].challenges == []
    assert _at(shipped, example, "2025-12-20")["S-01"].challenges == ["C-703/25 P"]


def test_other_suppliers(shipped: Catalog, example: OrgData) -> None:
    rows = _at(shipped, example, "2026-11-28")
    assert rows["S-03"].status is TransferStatus.NO_TRANSFER  # Swedish
    assert rows["S-04"].status is OK  # SCCs with a transfer impact assessment
    assert not rows["S-03"].gap
    assert not rows["S-04"].gap


def _supplier(**kw: object) -> Supplier:
    fields: dict[str, object] = {"id": "S-X", "name": "X", "country": "US", "personal_data": True}
    fields.update(kw)
    return Supplier.model_validate(fields)


@pytest.mark.parametrize(
    ("supplier", "status", "code"),
    [
        (_supplier(), TransferStatus.NO_MECHANISM, "transfer.no_mechanism"),
        (
            _supplier(mechanism="uk-gdpr-adequacy"),
            TransferStatus.NO_MECHANISM,
            "transfer.not_covered",
        ),
        (_supplier(mechanism="scc-2021-914", exit_plan=True), AT_RISK, "transfer.tia_missing"),
        (_supplier(country="NO"), TransferStatus.NO_TRANSFER, "transfer.in_eea"),
        (_supplier(personal_data=False), TransferStatus.NO_TRANSFER, "transfer.no_personal_data"),
        (_supplier(country="JP", mechanism="jp-adequacy"), OK, None),
    ],
)
def test_statuses(
    shipped: Catalog, supplier: Supplier, status: TransferStatus, code: str | None
) -> None:
    [row] = evaluate_transfers([supplier], shipped.facts, dt.date(2026, 11, 28))
    assert row.status is status
    assert [r.code for r in row.reasons][:1] == ([code] if code else [])
    assert row.gap is (status is TransferStatus.NO_MECHANISM)


def test_an_expired_mechanism_and_one_not_yet_valid(shipped: Catalog) -> None:
    uk = shipped.facts.mechanism("uk-gdpr-adequacy")
    assert uk is not None
    # Without the renewal a decision that ended on 2025-12-27 is expired on 2032-01-01.
    valid, end, _ = known_validity(uk, dt.date(2032, 1, 1))
    assert (valid, end) == (False, dt.date(2031, 12, 27))
    [row] = evaluate_transfers(
        [_supplier(country="GB", mechanism="uk-gdpr-adequacy")], shipped.facts, dt.date(2032, 1, 1)
    )
    assert (row.status, row.gap, row.reasons[0].code) == (
        TransferStatus.EXPIRED,
        True,
        "transfer.expired",
    )
    [early] = evaluate_transfers(
        [_supplier(country="KR", mechanism="kr-adequacy")], shipped.facts, dt.date(2021, 1, 1)
    )
    assert (early.status, early.reasons[0].code) == (
        TransferStatus.EXPIRED,
        "transfer.not_yet_valid",
    )


def test_transfer_gaps_are_in_the_analysis_and_raise_gdpr_priority(
    shipped: Catalog, example: OrgData
) -> None:
    result = analyze(shipped, example, dt.date(2025, 10, 1))
    assert result.transfer_gaps == ["S-02", "S-01"]  # expiring first, then at risk
    rows = {r.id: r for r in result.requirements}
    reason = next(r for r in rows["gdpr:44"].reasons if r.code == "priority.transfer")
    assert reason.detail == "S-01 at_risk, S-02 expiring"
    base = sum(r.points for r in rows["gdpr:44"].reasons if r.code != "priority.transfer")
    assert rows["gdpr:44"].priority == min(100, base + reason.points)
    later = analyze(shipped, example, dt.date(2026, 11, 28))
    assert later.transfer_gaps == ["S-01"]
