"""Strict request parameters shared by the routes: dates, pins, and no unknown query names.

The OpenAPI document promises no more than the server accepts and the server accepts no more
than it promises (schemathesis checks both ways): a date is `YYYY-MM-DD` of a day that exists
in 2000–2099 (not `0`, not a datetime), a source is pinned to one version per request, and a
query parameter the operation does not declare is a 422 naming it and the allowed ones (a typo
such as `categroy=overdue` would otherwise answer every gap).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import StringConstraints

__all__ = [
    "DATE_PATTERN",
    "DAY",
    "ID_CHARS",
    "AsOfQuery",
    "PinQuery",
    "PinStr",
    "invalid",
    "parse_date",
    "parse_pin_list",
    "reject_unknown_query",
]

# A day that exists, in 2000–2099 (every fourth year of them is a leap year): every string the
# pattern admits parses, so the schema promises exactly what the server takes.
DAY = (
    "(20[0-9]{2}-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])"
    "|20[0-9]{2}-(0[469]|11)-(0[1-9]|[12][0-9]|30)"
    "|20[0-9]{2}-02-(0[1-9]|1[0-9]|2[0-8])"
    "|20([02468][048]|[13579][26])-02-29)"
)
DATE_PATTERN = f"^{DAY}$"
_DATE_HINT = "a date YYYY-MM-DD in 2000–2099 that exists in the calendar"
ID_CHARS = r"[A-Za-z0-9][A-Za-z0-9._:\-]*"
_PIN_PATTERN = rf"^{ID_CHARS}={ID_CHARS}$"

PinStr = Annotated[str, StringConstraints(pattern=_PIN_PATTERN, max_length=241)]

AsOfQuery = Annotated[
    str | None,
    Query(
        max_length=40,
        # Documented here, checked by `parse_date` (a readable 422 instead of the pattern).
        json_schema_extra={"pattern": DATE_PATTERN, "format": "date"},
        description="Analysis date, YYYY-MM-DD in 2000–2099 (default: today).",
        examples=["2026-11-28"],
    ),
]
PinQuery = Annotated[
    list[PinStr] | None,
    Query(
        max_length=20,
        description="Pin a source version, SOURCE=VERSION (repeatable, one version per "
        "source); overrides the organisation's own pins.",
        examples=[["csl=sfs-2025-1506"]],
    ),
]


def invalid(loc: tuple[str | int, ...], msg: str, value: Any, kind: str = "value_error") -> None:
    """Raise a 422 invalid-request problem for one request part."""
    raise RequestValidationError([{"type": kind, "loc": loc, "msg": msg, "input": value}])


def parse_date(value: str | None, loc: tuple[str | int, ...]) -> dt.date | None:
    """`value` as a date if it matches `DATE_PATTERN`; None for None; else 422 naming `loc`."""
    if value is None:
        return None
    if len(value) == 10 and value[:2] == "20":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            day = None
        if day is not None and day.isoformat() == value:
            return day
    invalid(loc, f"Input should be {_DATE_HINT}", value, "date_parsing")
    return None  # not reached


def parse_pin_list(items: list[str] | None, loc: tuple[str | int, ...]) -> dict[str, str]:
    """`["csl=A", "nat=v1"]` → `{"csl": "A", "nat": "v1"}`; two versions of a source: 422."""
    pins: dict[str, str] = {}
    for item in items or []:
        source, _, version = item.partition("=")
        if pins.get(source, version) != version:
            invalid(
                loc,
                f"source '{source}' is pinned twice, to '{pins[source]}' and '{version}': "
                "pin each source once",
                items,
            )
        pins[source] = version
    return pins


def _query_names(dependant: Dependant) -> tuple[str, ...]:
    names: set[str] = set()
    stack = [dependant]
    while stack:
        current = stack.pop()
        names.update(field.alias for field in current.query_params)
        stack.extend(current.dependencies)
    return tuple(sorted(names))


async def reject_unknown_query(request: Request) -> None:
    """422 for a query parameter the route does not declare, naming the allowed ones."""
    if not request.scope.get("query_string"):  # not request.url: building it costs time
        return
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    # Per app (which keeps its routes alive, so their ids stay theirs), computed on first use.
    state = request.app.state
    cache: dict[int, tuple[str, ...]] | None = getattr(state, "query_names", None)
    if cache is None:
        cache = state.query_names = {}
    allowed = cache.get(id(route))
    if allowed is None:
        allowed = cache.setdefault(id(route), _query_names(route.dependant))
    unknown = sorted({name for name in request.query_params if name not in allowed})
    if unknown:
        known = ", ".join(allowed) if allowed else "none"
        raise RequestValidationError(
            [
                {
                    "type": "extra_forbidden",
                    "loc": ("query", name[:64]),
                    "msg": f"unknown query parameter; allowed: {known}",
                    "input": None,
                }
                for name in unknown[:10]
            ]
        )
