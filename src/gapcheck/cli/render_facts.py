"""Rich terminal output for the facts: authorities, supplier transfers and report deadlines."""

from __future__ import annotations

import datetime as dt

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from gapcheck.i18n import t
from gapcheck.model import Lang
from gapcheck.model.facts_result import DeadlineReport, TransferResult, TransferStatus
from gapcheck.model.result import AnalysisResult

__all__ = ["authorities", "deadlines", "facts_summary", "transfers"]

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
    table = Table(title=t("facts.authorities", lang), title_justify="left")
    for header in ("facts.role", "facts.authority", "facts.basis"):
        table.add_column(t(header, lang), overflow="fold")
    for role in result.authorities:
        basis = (
            escape(role.basis)
            if role.verified
            else f"{escape(role.basis)} [dim]({t('facts.unverified', lang)})[/]"
        )
        table.add_row(
            t(f"role.{role.role.value}", lang), escape(role.authority.name.get(lang)), basis
        )
    console.print(table)


def _reasons(row: TransferResult, lang: Lang) -> str:
    return escape("; ".join(t(r.code, lang, detail=r.detail) for r in row.reasons))


def transfers(console: Console, result: AnalysisResult, lang: Lang) -> None:
    """The supplier/transfer register at as_of, with status and reasons."""
    if not result.transfers:
        return
    table = Table(title=t("facts.transfers", lang, as_of=result.as_of), title_justify="left")
    for header in (
        "cli.priority",
        "facts.supplier",
        "facts.country",
        "facts.mechanism",
        "facts.status",
        "facts.valid_until",
        "cli.reasons",
    ):
        table.add_column(t(header, lang), overflow="fold")
    for row in result.transfers:
        style = _STATUS_STYLE[row.status]
        until = ""
        if row.status not in (TransferStatus.NO_TRANSFER, TransferStatus.NO_MECHANISM):
            until = str(row.valid_until) if row.valid_until else t("facts.open_ended", lang)
        table.add_row(
            str(row.priority) if row.priority is not None else "",
            f"{escape(row.name)}\n[dim]{escape(row.supplier)}[/]",
            escape(row.country),
            escape(row.mechanism or "–"),
            f"[{style}]{t(f'transfer.status.{row.status.value}', lang)}[/]",
            until,
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


def _when(value: dt.datetime | None, on_request: bool, lang: Lang) -> str:
    if on_request:
        return t("deadline.on_request", lang)
    if value is None:
        return t("deadline.unknown", lang)
    return value.strftime("%Y-%m-%d %H:%M %z")


def deadlines(console: Console, report: DeadlineReport, lang: Lang) -> None:
    """The report deadlines as a table, then what was left out and why."""
    aware = report.aware.strftime("%Y-%m-%d %H:%M %z")
    console.print(f"[bold]{t('deadline.title', lang, aware=aware, tz=report.timezone)}[/]")
    if not report.deadlines:
        console.print(t("deadline.none", lang))
    table = Table(title_justify="left")
    for header in ("deadline.due", "deadline.report", "deadline.period", "deadline.recipient"):
        table.add_column(t(header, lang), overflow="fold")
    for row in report.deadlines:
        title = row.title.get(lang) if row.title else ""
        event = row.after_title.get(lang) if row.after_title else row.after
        clock = escape(t("deadline.after", lang, event=event))
        if row.assumed_from:
            clock += f"\n[dim]{t('deadline.assumed', lang, req=row.assumed_from)}[/]"
        if row.authorities:
            who = escape(", ".join(a.name.get(lang) for a in row.authorities))
            who += f"\n[dim]{escape('; '.join(row.basis))}[/]"
        elif row.unresolved is not None:
            who = f"[yellow]{escape(row.unresolved.get(lang))}[/]"
        else:
            who = escape(
                row.recipient_title.get(lang) if row.recipient_title else (row.recipient or "")
            )
        table.add_row(
            f"[bold]{_when(row.due, row.on_request, lang)}[/]",
            f"{escape(row.ref)} {escape(title)}\n[dim]{escape(row.requirement)}[/]",
            f"{row.period or '–'} {clock}",
            who,
        )
    if report.deadlines:
        console.print(table)
    if report.omitted:
        console.print(f"[bold]{t('deadline.omitted', lang)}[/]")
        for item in report.omitted:
            by = ", ".join(item.by)
            console.print(f"  {t(item.reason, lang, req=item.requirement, by=by)}", markup=False)
