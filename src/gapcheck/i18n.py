"""The one translation table: every user-facing label in Swedish and English.

Code refers to labels by key; no Swedish literal lives anywhere else in the code. Values may
contain `str.format` fields.
"""

from __future__ import annotations

from typing import Final

from gapcheck.model.common import Lang

__all__ = ["LANGS", "MESSAGES", "t"]

LANGS: Final[tuple[Lang, ...]] = ("sv", "en")

MESSAGES: Final[dict[str, dict[Lang, str]]] = {
    # Categories (gap categories plus covered / not applicable)
    "category.non_compliant": {"sv": "Uppfylls ej (manuell)", "en": "Non-compliant (manual)"},
    "category.unmapped": {"sv": "Saknar mappning", "en": "Unmapped"},
    "category.overdue": {"sv": "Försenad åtgärd", "en": "Overdue measure"},
    "category.no_measure": {"sv": "Saknar åtgärd", "en": "No measure"},
    "category.planned_only": {"sv": "Endast planerad", "en": "Planned only"},
    "category.partial": {"sv": "Delvis uppfylld", "en": "Partially covered"},
    "category.covered": {"sv": "Uppfylld", "en": "Covered"},
    "category.not_applicable": {"sv": "Ej tillämplig", "en": "Not applicable"},
    # Measure statuses
    "status.implemented": {"sv": "Genomförd", "en": "Implemented"},
    "status.partially_implemented": {"sv": "Delvis genomförd", "en": "Partially implemented"},
    "status.in_progress": {"sv": "Pågår", "en": "In progress"},
    "status.planned": {"sv": "Planerad", "en": "Planned"},
    "status.not_started": {"sv": "Ej påbörjad", "en": "Not started"},
    "status.cancelled": {"sv": "Avbruten", "en": "Cancelled"},
    # Assessment results
    "assessment.compliant": {"sv": "Uppfyller", "en": "Compliant"},
    "assessment.partially_compliant": {"sv": "Uppfyller delvis", "en": "Partially compliant"},
    "assessment.non_compliant": {"sv": "Uppfyller inte", "en": "Non-compliant"},
    "assessment.not_applicable": {"sv": "Ej tillämplig", "en": "Not applicable"},
    # Bases of a coverage number
    "basis.manual": {"sv": "manuell bedömning", "en": "manual assessment"},
    "basis.mapped": {"sv": "mappade kontroller och åtgärder", "en": "mapped controls and measures"},
    "basis.inherited": {"sv": "ärvd via genomförande/precisering", "en": "inherited"},
    "basis.aggregated": {
        "sv": "medelvärde av underliggande krav",
        "en": "mean of sub-requirements",
    },
    "basis.unmapped": {"sv": "ingen väg till kontroll eller åtgärd", "en": "no path to a control"},
    "via.transposes": {"sv": "genomför", "en": "transposes"},
    "via.specified_by": {"sv": "preciseras av", "en": "specified by"},
    "via.child": {"sv": "underpunkt", "en": "sub-provision"},
    # Priority reasons
    "priority.category": {"sv": "Kategori: {detail}", "en": "Category: {detail}"},
    "priority.shortfall": {"sv": "Täckningsbrist: {detail}", "en": "Coverage shortfall: {detail}"},
    "priority.in_force": {"sv": "Ikraftträdande: {detail}", "en": "In force: {detail}"},
    "priority.risk": {"sv": "Kopplade risker: {detail}", "en": "Linked risks: {detail}"},
    # CLI summary
    "cli.title": {
        "sv": "Gapanalys för {org} per {as_of}",
        "en": "Gap analysis for {org} as of {as_of}",
    },
    "cli.sources": {"sv": "Täckning per källa", "en": "Coverage per source"},
    "cli.source": {"sv": "Källa", "en": "Source"},
    "cli.version": {"sv": "Version", "en": "Version"},
    "cli.requirements": {"sv": "Krav", "en": "Requirements"},
    "cli.now": {"sv": "Nu", "en": "Now"},
    "cli.end_of": {"sv": "Slut {year}", "en": "End {year}"},
    "cli.gaps": {"sv": "Gap", "en": "Gaps"},
    "cli.gap_counts": {"sv": "Gap per kategori", "en": "Gaps per category"},
    "cli.category": {"sv": "Kategori", "en": "Category"},
    "cli.count": {"sv": "Antal", "en": "Count"},
    "cli.top_gaps": {"sv": "De {n} högst prioriterade gapen", "en": "Top {n} gaps by priority"},
    "cli.priority": {"sv": "Prio", "en": "Prio"},
    "cli.requirement": {"sv": "Krav", "en": "Requirement"},
    "cli.coverage": {"sv": "Täckning", "en": "Coverage"},
    "cli.reasons": {"sv": "Skäl", "en": "Reasons"},
    "cli.guidance": {"sv": "vägledning", "en": "guidance"},
    "cli.next_due": {"sv": "nästa åtgärd senast {date}", "en": "next measure due {date}"},
    "cli.json_written": {"sv": "JSON skrivet till {path}", "en": "JSON written to {path}"},
    "cli.valid": {"sv": "Inga fel hittades.", "en": "No problems found."},
    "cli.problems": {"sv": "{n} fel hittades:", "en": "{n} problems found:"},
    "cli.loading": {
        "sv": "Läser kataloger och organisation …",
        "en": "Loading catalogs and organisation …",
    },
    # Explain
    "explain.coverage": {"sv": "täckning {cov} ({basis})", "en": "coverage {cov} ({basis})"},
    "explain.control": {"sv": "kontroll", "en": "control"},
    "explain.measure": {"sv": "åtgärd", "en": "measure"},
    "explain.direct": {"sv": "direkt kopplade åtgärder", "en": "directly linked measures"},
    "explain.no_measure": {"sv": "ingen åtgärd", "en": "no measure"},
    "explain.capped": {"sv": "begränsad till delvis: {why}", "en": "capped at partial: {why}"},
    "explain.manual": {
        "sv": "manuell bedömning {result} av {assessor} {date}: {why} (beräknat {computed})",
        "en": "manual assessment {result} by {assessor} {date}: {why} (computed {computed})",
    },
    "explain.evidence": {"sv": "belägg", "en": "evidence"},
    "explain.due": {"sv": "klar senast", "en": "due"},
    "explain.owner": {"sv": "ansvarig", "en": "owner"},
    "explain.risks": {"sv": "Risker", "en": "Risks"},
    "explain.projected": {"sv": "Prognos", "en": "Projected"},
    # init
    "init.done": {
        "sv": "Skapade {path}. Redigera filerna och kör: gapcheck validate {path}",
        "en": "Created {path}. Edit the files, then run: gapcheck validate {path}",
    },
}


def t(key: str, lang: Lang, **fields: object) -> str:
    """The label for `key` in `lang`; an unknown key is a programming error (KeyError)."""
    text = MESSAGES[key][lang]
    return text.format(**fields) if fields else text
