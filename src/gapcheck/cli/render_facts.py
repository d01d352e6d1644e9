"""Rich terminal output for the facts: authorities, supplier transfers and report deadlines."""

from __future__ import annotations

import datetime as dt
import re

from rich.console import Console
from rich.markup import escape

from gapcheck.cli._table import WrapTable
from gapcheck.i18n import t
from gapcheck.model import Lang
from gapcheck.model.facts_result import (
    ClockStart,
    DayOff,
    DeadlineReport,
    ReportDeadline,
    TimeWarning,
    TransferResult,
    TransferStatus,
)
from gapcheck.model.result import AnalysisResult

__all__ = [
    "authorities",
    "deadlines",
    "facts_summary",
    "period_text",
    "time_warnings",
    "transfers",
]

_STATUS_STYLE = {
    TransferStatus.EXPIRED: "bold red",
    TransferStatus.NO_MECHANISM: "bold red",
    TransferStatus.EXPIRING: "red",
    TransferStatus.AT_RISK: "yellow",
    TransferStatus.OK: "green",
    TransferStatus.NO_TRANSFER: "dim",
}


def authorities(console: Console, result: AnalysisResult, lang: Lang) -> None:
    """'Tillsyn och rapportering': each role, the authority and the legal basis."""
    if not result.authorities:
        return
    table = WrapTable(title=t("facts.authorities", lang))
    for header in ("facts.role", "facts.authority", "facts.basis"):
        table.add_column(t(header, lang))
    for role in result.authorities:
        basis = (
            escape(role.basis)
            if role.verified
            else f"{escape(role.basis)} [dim]({t('facts.unverified', lang)})[/]"
        )
        name = escape(role.authority.name.get(lang))
        if role.manual:
            name += f" [yellow]({t('facts.manual', lang)})[/]"
        table.add_row(t(f"role.{role.role.value}", lang), name, basis)
    console.print(table)


_DAYS_LEFT = re.compile(r"\((\d+) d\)")


def _reasons(row: TransferResult, lang: Lang) -> str:
    def detail(text: str) -> str:  # "2025-12-27 (87 d)" → "2025-12-27 (87 dagar)"
        return _DAYS_LEFT.sub(lambda m: f"({period_text(m[1] + 'd', lang)})", text)

    return escape("; ".join(t(r.code, lang, detail=detail(r.detail)) for r in row.reasons))


def transfers(console: Console, result: AnalysisResult, lang: Lang) -> None:
    """The supplier/transfer register at as_of, with status and reasons."""
    if not result.transfers:
        return
    table = WrapTable(title=t("facts.transfers", lang, as_of=result.as_of), show_lines=True)
    # Country with mechanism and validity with status: seven columns do not fit 80 characters.
    table.add_column(t("cli.priority", lang), justify="right", no_wrap=True)
    table.add_column(t("facts.supplier", lang))
    table.add_column(f"{t('facts.country', lang)}, {t('facts.mechanism', lang).lower()}")
    table.add_column(f"{t('facts.status', lang)}, {t('facts.valid_until', lang).lower()}")
    table.add_column(t("cli.reasons", lang))
    for row in result.transfers:
        style = _STATUS_STYLE[row.status]
        status = f"[{style}]{t(f'transfer.status.{row.status.value}', lang)}[/]"
        if row.status not in (TransferStatus.NO_TRANSFER, TransferStatus.NO_MECHANISM):
            until = str(row.valid_until) if row.valid_until else t("facts.open_ended", lang)
            status += f"\n{until}"
        mechanism = f"{escape(row.country)}: {escape(row.mechanism or '–')}"
        if row.mechanism_kind is not None:  # the id is the catalog's; the kind says what it is
            mechanism += f"\n[dim]{t(f'mechanism.{row.mechanism_kind.value}', lang)}[/]"
        table.add_row(
            str(row.priority) if row.priority is not None else "",
            f"{escape(row.name)}\n[dim]{escape(row.supplier)}[/]",
            mechanism,
            status,
            _reasons(row, lang),
        )
    console.print(table)
    if result.transfer_gaps:
        console.print(
            t(
                "facts.transfer_gaps",
                lang,
                n=len(result.transfer_gaps),
                ids=", ".join(result.transfer_gaps),
            )
        )


def facts_summary(console: Console, result: AnalysisResult, lang: Lang) -> None:
    """Both tables, as the analysis summary shows them."""
    authorities(console, result, lang)
    transfers(console, result, lang)


_PERIOD = re.compile(r"(\d+)(y|mo|d|h)")


def period_text(period: str, lang: Lang) -> str:
    """'24h' → '24 timmar', '1mo' → '1 månad' ('' stays '')."""
    parts = []
    for word in period.split():
        m = _PERIOD.fullmatch(word)
        if m is None:
            parts.append(word)
            continue
        n = int(m[1])
        parts.append(t(f"deadline.unit.{m[2]}.{'one' if n == 1 else 'other'}", lang, n=n))
    return " ".join(parts)


def _stamp(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M %z")


def _when(value: dt.datetime | None, on_request: bool, lang: Lang) -> str:
    if on_request:
        return t("deadline.on_request", lang)
    if value is None:
        return t("deadline.unknown", lang)
    return _stamp(value)


def _day_name(day: DayOff, lang: Lang) -> str:
    return day.name.get(lang) if day.name else t(f"day_off.{day.kind.value}", lang)


def _clock(row: ReportDeadline, lang: Lang) -> str:
    """'efter incidentanmälan', where its start came from, and why the last day moved."""
    event = row.after_title.get(lang) if row.after_title else row.after
    lines = [escape(t("deadline.after", lang, event=event))]
    when = row.start.strftime("%Y-%m-%d %H:%M") if row.start else ""
    if row.start_kind is ClockStart.ASSUMED_LATEST and row.assumed_from:
        text = t("deadline.assumed", lang, req=row.assumed_from, time=when, event=row.after)
        lines.append(f"[dim]{escape(text)}[/]")
    elif row.start_kind is ClockStart.GIVEN:
        lines.append(f"[dim]{escape(t('deadline.given', lang, event=event, time=when))}[/]")
    if row.moved_from is not None:
        days = ", ".join(_day_name(d, lang) for d in row.moved_over)
        text = t("deadline.moved", lang, date=row.moved_from.date().isoformat(), days=days)
        lines.append(f"[yellow]{escape(text)}[/]")
    return "\n".join(lines)


def _warning_text(warning: TimeWarning, lang: Lang) -> str:
    about = "--aware" if warning.about == "aware" else f"--event {warning.about}"
    return t(
        warning.code.value,
        lang,
        about=about,
        given=warning.given,
        read_as=_stamp(warning.read_as),
        other=_stamp(warning.other) if warning.other else "",
        req=warning.requirement or "",
        due=_stamp(warning.due) if warning.due else "",
    )


def time_warnings(console: Console, report: DeadlineReport, lang: Lang) -> None:
    """Each doubt about a given time (DST, order of events), one line each."""
    for warning in report.warnings:
        label = t("deadline.warning", lang)
        console.print(f"[yellow]{label}: {escape(_warning_text(warning, lang))}[/]")


def deadlines(console: Console, report: DeadlineReport, lang: Lang) -> None:
    """The report deadlines as a table, then what was left out and why."""
    aware = _stamp(report.aware)
    console.print(f"[bold]{t('deadline.title', lang, aware=aware, tz=report.timezone)}[/]")
    time_warnings(console, report, lang)
    if not report.deadlines:
        console.print(t("deadline.none", lang))
    table = WrapTable(show_lines=True)
    # The period goes under its deadline: four columns do not fit 80 characters.
    table.add_column(f"{t('deadline.due', lang)}, {t('deadline.period', lang).lower()}")
    table.add_column(t("deadline.report", lang), ratio=2)
    table.add_column(t("deadline.recipient", lang), ratio=2)
    for row in report.deadlines:
        title = row.title.get(lang) if row.title else ""
        ref = row.ref_sv if lang == "sv" and row.ref_sv else row.ref
        if row.authorities:
            who = escape(", ".join(a.name.get(lang) for a in row.authorities))
            who += f"\n[dim]{escape('; '.join(row.basis))}[/]"
        elif row.unresolved is not None:
            who = f"[yellow]{escape(row.unresolved.get(lang))}[/]"
        else:
            who = escape(
                row.recipient_title.get(lang) if row.recipient_title else (row.recipient or "")
            )
        when = _when(row.due, row.on_request, lang)
        period = f"{period_text(row.period, lang)} {_clock(row, lang)}".strip()
        table.add_row(
            f"[bold]{when}[/]\n{period}",
            f"{escape(ref)} {escape(title)}\n[dim]{escape(row.requirement)}[/]",
            who,
        )
    if report.deadlines:
        console.print(table)
    if report.omitted:
        console.print(f"[bold]{t('deadline.omitted', lang)}[/]")
        for item in report.omitted:
            by = ", ".join(item.by)
            date = item.in_force.isoformat() if item.in_force else ""
            text = t(item.reason, lang, req=item.requirement, by=by, date=date)
            console.print(f"  {text}", markup=False)
