"""The supplier/transfer register evaluated at `as_of` against time-bounded transfer mechanisms.

A pure function of (suppliers, facts, as_of). Only what was known at `as_of` counts: a validity
period whose act was adopted later (an extension, a renewal) and a court decision given later
are ignored, so an analysis at an earlier date sees what an officer saw then.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

from gapcheck.engine.order import natural_key
from gapcheck.model.facts import Facts, TransferGround, TransferMechanism, ValidityPeriod
from gapcheck.model.facts_result import TransferReason, TransferResult, TransferStatus
from gapcheck.model.org import Supplier
from gapcheck.model.result import PriorityReason, RequirementResult

__all__ = [
    "EXPIRY_WINDOW_DAYS",
    "NO_EXIT_PLAN_POINTS",
    "STATUS_POINTS",
    "TRANSFER_PRIORITY_POINTS",
    "URGENCY_POINTS",
    "evaluate_transfers",
    "known_validity",
    "transfer_grounds",
    "transfer_reasons",
    "unlawful_transfers",
    "with_transfer_reasons",
]

# Transfers in these states rest on no valid mechanism at as_of.
_UNLAWFUL = (TransferStatus.EXPIRED, TransferStatus.NO_MECHANISM)

# A mechanism whose known validity ends within this many days of as_of is "expiring": about
# six months, the time a municipality needs to procure or contract a replacement.
EXPIRY_WINDOW_DAYS = 180
# Priority 0–100 of a transfer gap: status + missing exit plan + urgency (documented in
# docs/architecture.md, "Transfers").
STATUS_POINTS: dict[TransferStatus, int] = {
    TransferStatus.EXPIRED: 50,
    TransferStatus.NO_MECHANISM: 50,
    TransferStatus.EXPIRING: 35,
    TransferStatus.AT_RISK: 25,
}
NO_EXIT_PLAN_POINTS = 30
URGENCY_POINTS = 20  # × the share of the window already used up, for an expiring mechanism
_SEVERITY = (
    TransferStatus.EXPIRED,
    TransferStatus.NO_MECHANISM,
    TransferStatus.EXPIRING,
    TransferStatus.AT_RISK,
    TransferStatus.OK,
)
_ONE_DAY = dt.timedelta(days=1)


def known_validity(
    mechanism: TransferMechanism, as_of: dt.date
) -> tuple[bool, dt.date | None, ValidityPeriod | None]:
    """(valid at as_of, end of the known contiguous validity — None when open-ended, the
    period in force or last known). Periods adopted after `as_of` are not known yet."""
    known = [p for p in mechanism.periods if p.known_from <= as_of]
    current = next(
        (
            p
            for p in known
            if p.valid_from <= as_of and (p.valid_until is None or as_of <= p.valid_until)
        ),
        None,
    )
    if current is None:
        # Between periods or after the last: name the end of the latest period that has ended
        # (not a later period's end, nor None for an open-ended period still to come).
        ended = [p for p in known if p.valid_until is not None and p.valid_until < as_of]
        last = max(ended, key=lambda p: p.valid_until or as_of) if ended else None
        return False, last.valid_until if last else None, last
    end = current.valid_until
    for p in known:
        if end is not None and p.valid_from > current.valid_from and p.valid_from <= end + _ONE_DAY:
            end = None if p.valid_until is None else max(end, p.valid_until)
    return True, end, current


def _status(reasons: list[tuple[TransferStatus, TransferReason]]) -> TransferStatus:
    if not reasons:
        return TransferStatus.OK
    return min((s for s, _ in reasons), key=_SEVERITY.index)


def _evaluate(supplier: Supplier, facts: Facts, eea: set[str], as_of: dt.date) -> TransferResult:
    base: dict[str, object] = {
        "supplier": supplier.id,
        "name": supplier.name,
        "country": supplier.country,
        "personal_data": supplier.personal_data,
        "mechanism": supplier.mechanism,
        "exit_plan": supplier.exit_plan,
        "transfer_impact_assessment": supplier.transfer_impact_assessment,
    }
    if not supplier.personal_data or supplier.country in eea:
        why = "transfer.no_personal_data" if not supplier.personal_data else "transfer.in_eea"
        return TransferResult(
            **base,
            status=TransferStatus.NO_TRANSFER,
            gap=False,
            reasons=[TransferReason(code=why, detail=supplier.country)],
        )
    mechanism = facts.mechanism(supplier.mechanism) if supplier.mechanism else None
    found: list[tuple[TransferStatus, TransferReason]] = []
    end: dt.date | None = None
    days_left: int | None = None
    challenges: list[str] = []
    no_mech_reqs = facts.transfers.no_mechanism_requirements if facts.transfers else []
    requirements = list(no_mech_reqs)
    if mechanism is None:
        found.append((TransferStatus.NO_MECHANISM, TransferReason(code="transfer.no_mechanism")))
    elif mechanism.countries and supplier.country not in mechanism.countries:
        detail = f"{mechanism.id}: {', '.join(mechanism.countries)}"
        found.append(
            (
                TransferStatus.NO_MECHANISM,
                TransferReason(code="transfer.not_covered", detail=detail),
            )
        )
    else:
        requirements = list(mechanism.requirements)
        valid, end, period = known_validity(mechanism, as_of)
        if not valid:
            first = mechanism.periods[0].valid_from
            code, when = (
                ("transfer.not_yet_valid", first)
                if period is None or first > as_of
                else ("transfer.expired", end)
            )
            found.append((TransferStatus.EXPIRED, TransferReason(code=code, detail=str(when))))
            # The transfer now rests on nothing: it needs another ground (art. 46).
            requirements = sorted(set(requirements) | set(no_mech_reqs), key=natural_key)
        else:
            if end is not None:
                days_left = (end - as_of).days
                if days_left <= EXPIRY_WINDOW_DAYS:
                    detail = f"{end.isoformat()} ({days_left} d)"
                    found.append(
                        (
                            TransferStatus.EXPIRING,
                            TransferReason(code="transfer.expiring", detail=detail),
                        )
                    )
            challenges = [c.case for c in mechanism.challenges if c.pending_at(as_of)]
            if challenges:
                detail = ", ".join(challenges)
                found.append(
                    (
                        TransferStatus.AT_RISK,
                        TransferReason(code="transfer.challenged", detail=detail),
                    )
                )
            if mechanism.exit_plan_advised and not supplier.exit_plan:
                found.append(
                    (TransferStatus.AT_RISK, TransferReason(code="transfer.exit_plan_advised"))
                )
            if mechanism.requires_tia and not supplier.transfer_impact_assessment:
                found.append((TransferStatus.AT_RISK, TransferReason(code="transfer.tia_missing")))
    status = _status(found)
    reasons = [r for _, r in found]
    gap = status in (TransferStatus.EXPIRED, TransferStatus.NO_MECHANISM) or (
        status is not TransferStatus.OK and not supplier.exit_plan
    )
    advised = any(r.code == "transfer.exit_plan_advised" for r in reasons)
    if status is not TransferStatus.OK and not supplier.exit_plan and not advised:
        reasons.append(TransferReason(code="transfer.no_exit_plan"))
    return TransferResult(
        **base,
        mechanism_kind=mechanism.kind if mechanism else None,
        status=status,
        valid_until=end,
        days_left=days_left,
        challenges=challenges,
        requirements=sorted(requirements, key=natural_key),
        gap=gap,
        priority=_priority(status, supplier.exit_plan, days_left) if gap else None,
        reasons=reasons,
    )


def _priority(status: TransferStatus, exit_plan: bool, days_left: int | None) -> int:
    points = STATUS_POINTS.get(status, 0) + (0 if exit_plan else NO_EXIT_PLAN_POINTS)
    if status is TransferStatus.EXPIRING and days_left is not None:
        used = 1 - max(0, days_left) / EXPIRY_WINDOW_DAYS
        points += math.floor(URGENCY_POINTS * used + 0.5)
    return max(0, min(100, points))


def evaluate_transfers(
    suppliers: Iterable[Supplier], facts: Facts, as_of: dt.date
) -> list[TransferResult]:
    """Every supplier of the register at `as_of`, in supplier id order; none when the catalogs
    have no transfer-mechanism facts to judge them by."""
    if facts.transfers is None:
        return []
    eea = set(facts.transfers.eea)
    results = [_evaluate(s, facts, eea, as_of) for s in suppliers]
    return sorted(results, key=lambda r: natural_key(r.supplier))


def transfer_grounds(transfers: Iterable[TransferResult]) -> set[TransferGround]:
    """What the organisation's third-country transfers rest on at as_of ("none" for a transfer
    without a valid mechanism); decides which ch. V articles apply (`transfer_grounds`)."""
    grounds: set[TransferGround] = set()
    for t in transfers:
        if t.status is TransferStatus.NO_TRANSFER:
            continue
        if t.status in _UNLAWFUL or t.mechanism_kind is None:
            grounds.add(TransferGround.NONE)
        else:
            grounds.add(TransferGround(t.mechanism_kind.value))
    return grounds


def unlawful_transfers(transfers: Iterable[TransferResult]) -> dict[str, tuple[str, ...]]:
    """GDPR requirement id → the suppliers whose transfer has no valid mechanism at as_of:
    those articles are not complied with, whatever controls are in place."""
    found: dict[str, set[str]] = {}
    for t in transfers:
        if t.status in _UNLAWFUL:
            for req in t.requirements:
                found.setdefault(req, set()).add(t.supplier)
    return {req: tuple(sorted(ids, key=natural_key)) for req, ids in found.items()}


# A GDPR requirement that a transfer gap concerns gets this many extra priority points, once.
TRANSFER_PRIORITY_POINTS = 10


def transfer_reasons(transfers: Iterable[TransferResult]) -> dict[str, PriorityReason]:
    """Requirement id → the extra priority reason from the transfer gaps concerning it."""
    suppliers: dict[str, list[str]] = {}
    for t in transfers:
        if t.gap:
            for req in t.requirements:
                suppliers.setdefault(req, []).append(f"{t.supplier} {t.status.value}")
    return {
        req: PriorityReason(
            code="priority.transfer", points=TRANSFER_PRIORITY_POINTS, detail=", ".join(names)
        )
        for req, names in suppliers.items()
    }


def with_transfer_reasons(
    rows: Iterable[RequirementResult], transfers: Iterable[TransferResult]
) -> list[RequirementResult]:
    """Rows whose requirement is a gap and concerned by a transfer gap get the extra reason
    and its points (priority still at most 100)."""
    extra = transfer_reasons(transfers)
    if not extra:  # most organisations: no transfer gap
        return list(rows)
    out = []
    for row in rows:
        reason = extra.get(row.id)
        if reason is None or row.priority is None:
            out.append(row)
            continue
        out.append(
            row.model_copy(
                update={
                    "priority": min(100, row.priority + reason.points),
                    "reasons": [*row.reasons, reason],
                }
            )
        )
    return out
