"""The one translation table: every user-facing label in Swedish and English.

Code refers to labels by key; no Swedish literal lives anywhere else in the code. Values may
contain `str.format` fields.
"""

from __future__ import annotations

import contextlib
from typing import Final

from gapcheck.lang import Lang

__all__ = ["LANGS", "MESSAGES", "reason_text", "t"]

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
    "via.transposed_by": {"sv": "genomförs av", "en": "transposed by"},
    "via.child": {"sv": "underpunkt", "en": "sub-provision"},
    # Priority reasons: `detail` is already human-readable (see reason_text)
    "priority.category": {"sv": "{detail}", "en": "{detail}"},
    "priority.shortfall": {"sv": "brist {detail}", "en": "shortfall {detail}"},
    "priority.in_force": {"sv": "i kraft {detail}", "en": "in force {detail}"},
    "priority.risk": {"sv": "risk {detail}", "en": "risk {detail}"},
    # CLI summary
    "cli.title": {
        "sv": "Gapanalys för {org} per {as_of}",
        "en": "Gap analysis for {org} as of {as_of}",
    },
    "cli.sources": {"sv": "Täckning per källa", "en": "Coverage per source"},
    "cli.source": {"sv": "Källa", "en": "Source"},
    "cli.version": {"sv": "Version", "en": "Version"},
    "cli.requirements": {"sv": "Krav", "en": "Reqs"},
    "cli.now": {"sv": "Nu", "en": "Now"},
    "cli.end_of": {"sv": "Slut {year}", "en": "End {year}"},
    "cli.gaps": {"sv": "Gap", "en": "Gaps"},
    "cli.gap_counts": {"sv": "Gap per kategori", "en": "Gaps per category"},
    "cli.category": {"sv": "Kategori", "en": "Category"},
    "cli.count": {"sv": "Antal", "en": "Count"},
    "cli.top_gaps": {"sv": "De {n} högst prioriterade gapen", "en": "Top {n} gaps by priority"},
    "cli.top_gap": {"sv": "Det högst prioriterade gapet", "en": "The top gap by priority"},
    "cli.priority": {"sv": "Prio", "en": "Prio"},
    "cli.requirement": {"sv": "Krav", "en": "Requirement"},
    "cli.coverage": {"sv": "Täckning", "en": "Coverage"},
    "cli.reasons": {"sv": "Skäl", "en": "Reasons"},
    "cli.guidance": {"sv": "vägledning", "en": "guidance"},
    "cli.next_due": {"sv": "nästa åtgärd senast {date}", "en": "next measure due {date}"},
    "cli.json_written": {"sv": "JSON skrivet till {path}", "en": "JSON written to {path}"},
    "cli.valid": {"sv": "Inga fel hittades.", "en": "No problems found."},
    "cli.problems": {"sv": "{n} fel hittades:", "en": "{n} problems found:"},
    "cli.problem": {"sv": "{n} fel hittades:", "en": "{n} problem found:"},
    "cli.loading": {
        "sv": "Läser kataloger och organisation …",
        "en": "Loading catalogs and organisation …",
    },
    # Explain
    "explain.coverage": {"sv": "täckning {cov} ({basis})", "en": "coverage {cov} ({basis})"},
    "explain.guidance_controls": {
        "sv": "kontroller som vägledningens {n} punkter pekar på "
        "(gapcheck explain ORG {id} visar varje punkt)",
        "en": "controls the guidance's {n} points reach "
        "(gapcheck explain ORG {id} shows each point)",
    },
    "explain.control": {"sv": "kontroll", "en": "control"},
    "explain.measure": {"sv": "åtgärd", "en": "measure"},
    "explain.direct": {"sv": "direkt kopplade åtgärder", "en": "directly linked measures"},
    "explain.no_measure": {"sv": "ingen åtgärd", "en": "no measure"},
    "explain.capped": {"sv": "begränsad till delvis: {why}", "en": "capped at partial: {why}"},
    "explain.manual": {
        "sv": "manuell bedömning ”{result}” av {assessor} {date}: {why} "
        "(beräknad täckning utan bedömningen: {computed})",
        "en": "manual assessment “{result}” by {assessor} {date}: {why} "
        "(computed coverage without it: {computed})",
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
    # Versions: diff, gap delta, mapping review (gapcheck.versions, cli/render_diff.py)
    "diff.title": {
        "sv": "Ändringar i {source}: {old} → {new}",
        "en": "Changes in {source}: {old} → {new}",
    },
    "diff.unverified": {
        "sv": "Obs: versionen {version} ({status}) är inte kontrollerad mot den officiella texten.",
        "en": "Note: version {version} ({status}) is not verified against the official text.",
    },
    "diff.scope": {"sv": "Avgränsat till {scope}", "en": "Limited to {scope}"},
    "diff.counts": {
        "sv": "{added} tillkomna, {removed} borttagna, {renumbered} omnumrerade "
        "(varav {renumbered_substantive} ändrade i sak), {substantive} ändrade i sak, "
        "{editorial} redaktionellt ändrade, {unchanged} oförändrade",
        "en": "{added} added, {removed} removed, {renumbered} renumbered "
        "({renumbered_substantive} of them changed in substance), {substantive} changed in "
        "substance, {editorial} changed editorially, {unchanged} unchanged",
    },
    "diff.changes": {"sv": "Ändrade bestämmelser", "en": "Changed provisions"},
    "diff.no_changes": {"sv": "Inga ändringar.", "en": "No changes."},
    "diff.kind.added": {"sv": "tillkommen", "en": "added"},
    "diff.kind.removed": {"sv": "borttagen", "en": "removed"},
    "diff.kind.renumbered": {"sv": "omnumrerad", "en": "renumbered"},
    "diff.kind.changed": {"sv": "ändrad", "en": "changed"},
    "diff.kind.unchanged": {"sv": "oförändrad", "en": "unchanged"},
    "diff.level.editorial": {"sv": "redaktionell", "en": "editorial"},
    "diff.level.substantive": {"sv": "i sak", "en": "substantive"},
    "diff.col.change": {"sv": "Ändring", "en": "Change"},
    "diff.col.from": {"sv": "Från", "en": "From"},
    "diff.col.to": {"sv": "Till", "en": "To"},
    "diff.col.similarity": {"sv": "Likhet", "en": "Similarity"},
    "diff.col.title": {"sv": "Rubrik", "en": "Title"},
    "diff.col.note": {"sv": "Not", "en": "Note"},
    "diff.split_from": {"sv": "utbruten ur {id}", "en": "split from {id}"},
    "diff.merged_into": {"sv": "uppgår i {id}", "en": "merged into {id}"},
    "diff.words": {"sv": "Ordändringar", "en": "Word changes"},
    "diff.words_elided": {"sv": "… {n} ord …", "en": "… {n} words …"},
    "diff.delta.title": {
        "sv": "Gapbild för {org} per {as_of}: {old} → {new}",
        "en": "Gap picture for {org} as of {as_of}: {old} → {new}",
    },
    "diff.delta.coverage": {
        "sv": "Täckning {source}: {before} → {after}; gap: {gaps_before} → {gaps_after}",
        "en": "Coverage {source}: {before} → {after}; gaps: {gaps_before} → {gaps_after}",
    },
    "diff.delta.rows": {
        "sv": "Krav vars täckning eller kategori ändras",
        "en": "Requirements whose coverage or category changes",
    },
    "diff.delta.no_rows": {
        "sv": "Ingen täckning eller kategori ändras.",
        "en": "No coverage or category changes.",
    },
    "diff.delta.requirement": {"sv": "Krav", "en": "Requirement"},
    "diff.delta.before": {"sv": "Före", "en": "Before"},
    "diff.delta.after": {"sv": "Efter", "en": "After"},
    "diff.delta.absent": {"sv": "finns ej", "en": "absent"},
    "diff.delta.new_unmapped": {
        "sv": "Nya eller omnumrerade krav utan mappning: {ids}",
        "en": "New or renumbered requirements without a mapping: {ids}",
    },
    "diff.attach.title": {
        "sv": "Bedömningar och direkta åtgärdskopplingar",
        "en": "Assessments and direct measure links",
    },
    "diff.attach.none": {
        "sv": "Inga bedömningar eller direkta kopplingar på denna källa.",
        "en": "No assessments or direct links on this source.",
    },
    "diff.attach.kind": {"sv": "Typ", "en": "Kind"},
    "diff.attach.owner": {"sv": "Av", "en": "By"},
    "diff.attach.target": {"sv": "Krav", "en": "Requirement"},
    "diff.attach.status": {"sv": "Status", "en": "Status"},
    "diff.attach.new_target": {"sv": "Gäller nu", "en": "Applies to"},
    "diff.attach.assessment": {"sv": "bedömning", "en": "assessment"},
    "diff.attach.link": {"sv": "åtgärdskoppling", "en": "measure link"},
    "diff.status.kept": {"sv": "behålls", "en": "kept"},
    "diff.status.carried_over": {"sv": "överförd", "en": "carried over"},
    "diff.status.orphaned": {
        "sv": "föräldralös (sparad, tillämpas ej)",
        "en": "orphaned (kept, not applied)",
    },
    "diff.status.new_target": {"sv": "finns bara i nya versionen", "en": "only in the new version"},
    "diff.status.superseded": {
        "sv": "ersatt av egen post på nya id:t",
        "en": "superseded by the new id's own entry",
    },
    "diff.review.title": {
        "sv": "Att granska i {source} mot version {version}",
        "en": "To review in {source} against version {version}",
    },
    "diff.review.none": {"sv": "Inget behöver granskas.", "en": "Nothing needs review."},
    "diff.review.unreviewed": {
        "sv": "{n} mappningar eller kopplingar saknar uppgift om granskad version.",
        "en": "{n} mappings or links record no reviewed version.",
    },
    "diff.review.requirement": {"sv": "Krav", "en": "Requirement"},
    "diff.review.item": {"sv": "Post", "en": "Item"},
    "diff.review.reviewed": {"sv": "Granskad mot", "en": "Reviewed against"},
    "diff.review.reason": {"sv": "Skäl", "en": "Reason"},
    "diff.reason.substantive": {"sv": "ändrad i sak", "en": "changed in substance"},
    "diff.reason.renumbered": {"sv": "omnumrerad", "en": "renumbered"},
    "diff.reason.removed": {"sv": "borttagen", "en": "removed"},
    "diff.reason.added": {
        "sv": "fanns inte i granskad version",
        "en": "not in the reviewed version",
    },
    "diff.reason.unknown_version": {"sv": "okänd version", "en": "unknown version"},
    "diff.reason.not_in_version": {
        "sv": "id finns inte i versionen",
        "en": "id not in the version",
    },
    # Excel report (gapcheck.report): sheets, headings, columns, next steps, import
    "report.sheet.summary": {"sv": "Sammanfattning", "en": "Summary"},
    "report.sheet.requirements": {"sv": "Krav", "en": "Requirements"},
    "report.sheet.gaps": {"sv": "Gap", "en": "Gaps"},
    "report.sheet.plan": {"sv": "Åtgärdsplan", "en": "Action plan"},
    "report.sheet.controls": {"sv": "Kontroller", "en": "Controls"},
    "report.sheet.risks": {"sv": "Risker", "en": "Risks"},
    "report.sheet.trace": {"sv": "Spårbarhet", "en": "Traceability"},
    "report.sheet.transfers": {"sv": "Överföringar", "en": "Transfers"},
    "report.doc_title": {"sv": "Gapanalys – {org}", "en": "Gap analysis – {org}"},
    "report.doc_subject": {
        "sv": "NIS2, cybersäkerhetslagen, CER och GDPR mot ISO/IEC 27001:2022 och egna åtgärder",
        "en": "NIS2, the Cybersecurity Act, CER and GDPR against ISO/IEC 27001:2022 "
        "and own measures",
    },
    "report.subtitle": {
        "sv": "Läge per {date} · framtagen med gapcheck {version}",
        "en": "Status as of {date} · produced with gapcheck {version}",
    },
    "report.as_of": {"sv": "Per {date}", "en": "As of {date}"},
    "report.page": {"sv": "Sida &P av &N", "en": "Page &P of &N"},
    "report.kpi.title": {"sv": "Nyckeltal", "en": "Key figures"},
    "report.kpi.requirements": {
        "sv": "Tillämpliga krav (bindande källor)",
        "en": "Applicable requirements (binding sources)",
    },
    "report.kpi.coverage_now": {"sv": "Genomsnittlig täckning i dag", "en": "Mean coverage today"},
    "report.kpi.coverage_end": {
        "sv": "Prognos vid utgången av {year}",
        "en": "Projected at the end of {year}",
    },
    "report.kpi.gaps": {"sv": "Krav med gap", "en": "Requirements with gaps"},
    "report.kpi.transfer_gaps": {
        "sv": "Överföringar till tredje land med gap",
        "en": "Third-country transfers with gaps",
    },
    "report.section.sources": {
        "sv": "Täckning per källa och använda källversioner",
        "en": "Coverage per source and source versions used",
    },
    "report.chart.coverage": {
        "sv": "Täckning per källa – i dag och prognos",
        "en": "Coverage per source – today and projected",
    },
    "report.version_status.draft": {"sv": "utkast", "en": "draft"},
    "report.version_status.proposal": {"sv": "förslag", "en": "proposal"},
    "report.version_status.final": {"sv": "slutlig", "en": "final"},
    "report.version_status.consolidated": {"sv": "konsoliderad", "en": "consolidated"},
    "report.in_force_on": {"sv": "i kraft {date}", "en": "in force {date}"},
    "report.in_force.yes": {"sv": "I kraft", "en": "In force"},
    "report.in_force.no": {"sv": "Ännu ej i kraft", "en": "Not yet in force"},
    "report.yes": {"sv": "Ja", "en": "Yes"},
    "report.no": {"sv": "Nej", "en": "No"},
    "report.col.id": {"sv": "ID", "en": "ID"},
    "report.col.source": {"sv": "Källa", "en": "Source"},
    "report.col.source_title": {"sv": "Rättsakt", "en": "Legal act"},
    "report.col.version": {"sv": "Version", "en": "Version"},
    "report.col.version_status": {"sv": "Versionsstatus", "en": "Version status"},
    "report.col.citation": {"sv": "Hänvisning", "en": "Citation"},
    "report.col.requirements_n": {"sv": "Krav", "en": "Requirements"},
    "report.col.gaps_n": {"sv": "Gap", "en": "Gaps"},
    "report.col.ref": {"sv": "Referens", "en": "Reference"},
    "report.col.title": {"sv": "Rubrik", "en": "Title"},
    "report.col.requirement": {"sv": "Krav", "en": "Requirement"},
    "report.col.coverage": {"sv": "Täckning", "en": "Coverage"},
    "report.col.status": {"sv": "Status", "en": "Status"},
    "report.col.category": {"sv": "Kategori", "en": "Category"},
    "report.col.priority": {"sv": "Prioritet", "en": "Priority"},
    "report.col.controls": {"sv": "Mappade kontroller", "en": "Mapped controls"},
    "report.col.measures": {"sv": "Åtgärder", "en": "Measures"},
    "report.col.explanation": {"sv": "Förklaring", "en": "Explanation"},
    "report.col.basis": {"sv": "Grund för täckningen", "en": "Basis of coverage"},
    "report.col.next_due": {"sv": "Nästa åtgärd klar senast", "en": "Next measure due"},
    "report.col.risks": {"sv": "Risker", "en": "Risks"},
    "report.col.needs_review": {"sv": "Mappning att granska", "en": "Mapping to review"},
    "report.col.reasons": {"sv": "Skäl till prioriteten", "en": "Reasons for the priority"},
    "report.col.next_step": {"sv": "Rekommenderat nästa steg", "en": "Recommended next step"},
    "report.col.measure": {"sv": "Planerad åtgärd", "en": "Planned measure"},
    "report.col.owner": {"sv": "Ansvarig", "en": "Owner"},
    "report.col.due": {"sv": "Klar senast", "en": "Due"},
    "report.col.plan_year": {"sv": "Planår", "en": "Plan year"},
    "report.col.description": {"sv": "Beskrivning", "en": "Description"},
    "report.col.evidence": {"sv": "Belägg", "en": "Evidence"},
    "report.col.control_links": {"sv": "Kontroller", "en": "Controls"},
    "report.col.requirement_links": {"sv": "Krav (direkt)", "en": "Requirements (direct)"},
    "report.note.links": {
        "sv": "Skriv id (full) eller id (partial), åtskilda med semikolon, "
        "t.ex. iso27001:A.5.24 (full); iso27001:A.5.25 (partial)",
        "en": "Write id (full) or id (partial), separated by semicolons, "
        "e.g. iso27001:A.5.24 (full); iso27001:A.5.25 (partial)",
    },
    "report.note.evidence": {
        "sv": "Ett belägg per rad (Alt+Retur för ny rad i cellen).",
        "en": "One piece of evidence per line (Alt+Enter for a new line in the cell).",
    },
    "report.note.impact": {
        "sv": "Ökning av den genomsnittliga täckningen med åtgärden jämfört med utan den "
        "(procentenheter). Beräknas, läses inte in.",
        "en": "Increase in mean coverage with the measure compared with without it "
        "(percentage points). Computed; not imported.",
    },
    "report.col.impact_now": {"sv": "Tillför i dag", "en": "Adds today"},
    "report.col.impact_end": {"sv": "Tillför slut {year}", "en": "Adds end {year}"},
    "report.col.theme": {"sv": "Tema", "en": "Theme"},
    "report.col.applicable": {"sv": "Tillämplig", "en": "Applicable"},
    "report.col.justification": {"sv": "Motivering", "en": "Justification"},
    "report.col.level": {"sv": "Genomförandegrad", "en": "Implementation level"},
    "report.col.assessment": {"sv": "Manuell bedömning", "en": "Manual assessment"},
    "report.col.origin": {"sv": "Ursprung", "en": "Origin"},
    "report.col.likelihood": {"sv": "Sannolikhet", "en": "Likelihood"},
    "report.col.impact": {"sv": "Konsekvens", "en": "Impact"},
    "report.col.score": {"sv": "Riskvärde", "en": "Score"},
    "report.col.concerns": {"sv": "Berör", "en": "Concerns"},
    "report.col.linked_reqs": {"sv": "Kopplade krav", "en": "Linked requirements"},
    "report.col.gaps": {"sv": "Gap bland kopplade krav", "en": "Gaps among linked requirements"},
    "report.col.linked_n": {"sv": "Antal krav", "en": "Requirements"},
    "report.col.gaps_by_category": {"sv": "Gap per kategori", "en": "Gaps per category"},
    "report.col.top_gaps": {"sv": "Högst prioriterade gap", "en": "Highest-priority gaps"},
    "report.col.legal_basis": {"sv": "Rättslig grund", "en": "Legal basis"},
    "report.col.catalog_reqs": {"sv": "Krav i katalogen", "en": "Catalog requirements"},
    "report.note.unverified": {
        "sv": "Ej verifierad: regeln har inte lästs i den officiella text som anges som "
        "rättslig grund – kontrollera innan den används.",
        "en": "Not verified: the rule has not been read in the official text cited as its "
        "legal basis – check it before relying on it.",
    },
    "report.col.personal_data": {"sv": "Personuppgifter", "en": "Personal data"},
    "report.col.mechanism_name": {"sv": "Mekanismens benämning", "en": "Mechanism name"},
    "report.col.findings": {"sv": "Skäl", "en": "Reasons"},
    "report.col.exit_plan": {"sv": "Exitplan", "en": "Exit plan"},
    "report.col.tia": {
        "sv": "Överföringsbedömning (TIA)",
        "en": "Transfer impact assessment (TIA)",
    },
    "report.col.reqs_concerned": {"sv": "Berörda krav", "en": "Requirements concerned"},
    "report.col.notes": {"sv": "Anteckningar", "en": "Notes"},
    "report.theme.clause": {"sv": "Ledningssystem (4–10)", "en": "Management system (4–10)"},
    "report.theme.organizational": {"sv": "Organisatorisk", "en": "Organizational"},
    "report.theme.people": {"sv": "Personal", "en": "People"},
    "report.theme.physical": {"sv": "Fysisk", "en": "Physical"},
    "report.theme.technological": {"sv": "Teknisk", "en": "Technological"},
    "report.soa.required": {
        "sv": "Krävs av {n} tillämpliga krav: {ids}",
        "en": "Required by {n} applicable requirements: {ids}",
    },
    "report.soa.implemented": {"sv": "Genomförs av åtgärd {ids}", "en": "Implemented by {ids}"},
    "report.soa.not_required": {
        "sv": "Inget tillämpligt krav mappar till kontrollen och ingen åtgärd genomför den",
        "en": "No applicable requirement maps to the control and no measure implements it",
    },
    "report.soa.assessed_na": {
        "sv": "Bedömd som ej tillämplig: {why}",
        "en": "Assessed not applicable: {why}",
    },
    "report.owner_unknown": {"sv": "ej angiven", "en": "not set"},
    "report.step.overdue": {
        "sv": "Följ upp försenad åtgärd {id} (ansvarig: {owner}, skulle vara klar {due})",
        "en": "Follow up overdue measure {id} (owner: {owner}, was due {due})",
    },
    "report.step.planned_only": {
        "sv": "Bevaka att åtgärd {id} genomförs senast {due} (ansvarig: {owner})",
        "en": "Make sure measure {id} is done by {due} (owner: {owner})",
    },
    "report.step.no_measure": {
        "sv": "Besluta om åtgärd för kontroll {controls}",
        "en": "Decide on a measure for control {controls}",
    },
    "report.step.no_measure_direct": {
        "sv": "Besluta om åtgärd för kravet",
        "en": "Decide on a measure for the requirement",
    },
    "report.step.partial": {
        "sv": "Komplettera åtgärderna för kontroll {controls}",
        "en": "Complete the measures for control {controls}",
    },
    "report.step.partial_other": {
        "sv": "Komplettera åtgärderna för de underliggande kraven",
        "en": "Complete the measures for the underlying requirements",
    },
    "report.step.partial_capped": {
        "sv": "Gör en manuell bedömning – mappningen räcker inte ensam: {why}",
        "en": "Make a manual assessment – the mapping alone is not sufficient: {why}",
    },
    "report.step.non_compliant": {
        "sv": "Besluta om åtgärd utifrån den manuella bedömningen: {why}",
        "en": "Decide on a measure based on the manual assessment: {why}",
    },
    "report.step.unmapped": {
        "sv": "Komplettera mappningen i katalogen",
        "en": "Complete the mapping in the catalog",
    },
    "report.validation.status": {
        "sv": "Välj en status ur listan.",
        "en": "Choose a status from the list.",
    },
    "report.validation.date": {
        "sv": "Skriv datumet som ÅÅÅÅ-MM-DD.",
        "en": "Write the date as YYYY-MM-DD.",
    },
    "report.written": {"sv": "Arbetsbok skriven till {path}", "en": "Workbook written to {path}"},
    "report.writing": {"sv": "Skriver arbetsboken …", "en": "Writing the workbook …"},
    # The Changes sheet (issue 6): version diffs, mappings to review, gap delta
    "report.changes.sheet": {"sv": "Ändringar", "en": "Changes"},
    "report.changes.col.section": {"sv": "Avsnitt", "en": "Section"},
    "report.changes.col.change": {"sv": "Ändring", "en": "Change"},
    "report.changes.col.level": {"sv": "Redaktionell / i sak", "en": "Editorial / substantive"},
    "report.changes.col.from_id": {"sv": "Från (ID)", "en": "From (ID)"},
    "report.changes.col.from_ref": {"sv": "Från (referens)", "en": "From (reference)"},
    "report.changes.col.to_id": {"sv": "Till (ID)", "en": "To (ID)"},
    "report.changes.col.to_ref": {"sv": "Till (referens)", "en": "To (reference)"},
    "report.changes.col.detail": {"sv": "Vad som berörs", "en": "What is affected"},
    "report.changes.col.before": {"sv": "Täckning före", "en": "Coverage before"},
    "report.changes.col.after": {"sv": "Täckning efter", "en": "Coverage after"},
    "report.changes.col.similarity": {"sv": "Textlikhet", "en": "Text similarity"},
    "report.changes.col.words": {"sv": "Ordändringar eller text", "en": "Word changes or text"},
    "report.changes.col.versions": {"sv": "Versioner", "en": "Versions"},
    "report.changes.section.diff": {"sv": "Ändrad bestämmelse", "en": "Changed provision"},
    "report.changes.section.review": {"sv": "Mappning att granska", "en": "Mapping to review"},
    "report.changes.section.delta": {"sv": "Gapbild", "en": "Gap picture"},
    "report.changes.section.attachment": {
        "sv": "Bedömning eller åtgärdskoppling",
        "en": "Assessment or measure link",
    },
    "report.changes.item.maps_to": {"sv": "mappas till {target}", "en": "maps to {target}"},
    "report.changes.item.transposes": {"sv": "genomför {target}", "en": "transposes {target}"},
    "report.changes.item.specified_by": {
        "sv": "preciseras av {target}",
        "en": "specified by {target}",
    },
    "report.changes.item.addresses": {
        "sv": "åtgärd {target} (direkt koppling)",
        "en": "measure {target} (direct link)",
    },
    "report.changes.item.assessment": {
        "sv": "bedömning av {target}",
        "en": "assessment by {target}",
    },
    "report.changes.category": {"sv": "{before} → {after}", "en": "{before} → {after}"},
    "report.changes.total": {"sv": "Källan totalt", "en": "Source total"},
    "report.changes.gaps": {"sv": "Gap: {before} → {after}", "en": "Gaps: {before} → {after}"},
    "report.changes.new_unmapped": {
        "sv": "ny eller omnumrerad, saknar mappning",
        "en": "new or renumbered, no mapping",
    },
    "report.changes.reviewed": {
        "sv": "granskad mot {reviewed}, analyserad {selected}",
        "en": "reviewed against {reviewed}, analysed {selected}",
    },
    # The analyze summary's section on mappings to review
    "cli.review.title": {
        "sv": "Mappningar att granska: {n} krav, {items} poster",
        "en": "Mappings to review: {n} requirements, {items} items",
    },
    "cli.review.more": {"sv": "… och {n} krav till", "en": "… and {n} more requirements"},
    "cli.review.hint": {
        "sv": "Hela listan, med borttagna krav: {command}",
        "en": "The full list, with removed requirements: {command}",
    },
    "report.import.none": {
        "sv": "Inga ändringar jämfört med {path}.",
        "en": "No changes compared with {path}.",
    },
    "report.import.added": {"sv": "ny åtgärd {id}", "en": "added measure {id}"},
    "report.import.removed": {"sv": "borttagen åtgärd {id}", "en": "removed measure {id}"},
    "report.import.changed": {"sv": "ändrad åtgärd {id}", "en": "changed measure {id}"},
    "report.import.field": {"sv": "{field}: {old} → {new}", "en": "{field}: {old} → {new}"},
    "report.import.empty": {"sv": "(tom)", "en": "(empty)"},
    "report.import.written": {
        "sv": "{path} uppdaterad ({n} åtgärd(er) ändrade).",
        "en": "{path} updated ({n} measure(s) changed).",
    },
    "report.import.dry_run": {
        "sv": "Torrkörning: {n} åtgärd(er) skulle ändras, inget skrevs.",
        "en": "Dry run: {n} measure(s) would change, nothing was written.",
    },
    # Facts: authorities, transfers, report deadlines (issue 3)
    "priority.transfer": {"sv": "överföring {detail}", "en": "transfer {detail}"},
    "facts.authorities": {"sv": "Tillsyn och rapportering", "en": "Supervision and reporting"},
    "facts.role": {"sv": "Roll", "en": "Role"},
    "facts.authority": {"sv": "Myndighet", "en": "Authority"},
    "facts.basis": {"sv": "Grund", "en": "Basis"},
    "facts.unverified": {"sv": "ej verifierad", "en": "not verified"},
    "role.supervision": {"sv": "Tillsynsmyndighet", "en": "Supervisory authority"},
    "role.registration": {"sv": "Anmälan (registrering)", "en": "Registration"},
    "role.incident_reporting": {"sv": "Incidentrapportering", "en": "Incident reporting"},
    "role.personal_data_breach": {
        "sv": "Personuppgiftsincidenter",
        "en": "Personal data breaches",
    },
    "facts.transfers": {
        "sv": "Överföringar till tredje land per {as_of}",
        "en": "Transfers to third countries as of {as_of}",
    },
    "facts.supplier": {"sv": "Leverantör", "en": "Supplier"},
    "facts.country": {"sv": "Land", "en": "Country"},
    "facts.mechanism": {"sv": "Mekanism", "en": "Mechanism"},
    "facts.status": {"sv": "Status", "en": "Status"},
    "facts.valid_until": {"sv": "Giltig till", "en": "Valid until"},
    "facts.open_ended": {"sv": "tills vidare", "en": "open-ended"},
    "transfer.status.expired": {"sv": "Upphört", "en": "Expired"},
    "transfer.status.no_mechanism": {"sv": "Saknar mekanism", "en": "No mechanism"},
    "transfer.status.expiring": {"sv": "Upphör snart", "en": "Expiring"},
    "transfer.status.at_risk": {"sv": "Risk", "en": "At risk"},
    "transfer.status.ok": {"sv": "OK", "en": "OK"},
    "transfer.status.no_transfer": {"sv": "Ingen överföring", "en": "No transfer"},
    "transfer.no_personal_data": {"sv": "inga personuppgifter", "en": "no personal data"},
    "transfer.in_eea": {"sv": "inom EU/EES ({detail})", "en": "within the EU/EEA ({detail})"},
    "transfer.no_mechanism": {
        "sv": "ingen överföringsmekanism angiven",
        "en": "no mechanism given",
    },
    "transfer.not_covered": {
        "sv": "mekanismen gäller inte landet ({detail})",
        "en": "the mechanism does not cover the country ({detail})",
    },
    "transfer.not_yet_valid": {
        "sv": "gäller först från {detail}",
        "en": "valid only from {detail}",
    },
    "transfer.expired": {"sv": "upphörde {detail}", "en": "expired {detail}"},
    "transfer.expiring": {"sv": "upphör {detail}", "en": "expires {detail}"},
    "transfer.challenged": {
        "sv": "beslutet prövas rättsligt ({detail})",
        "en": "the decision is under legal challenge ({detail})",
    },
    "transfer.exit_plan_advised": {
        "sv": "exitplan saknas (behövs om mekanismen faller)",
        "en": "no exit plan (needed if the mechanism falls)",
    },
    "transfer.tia_missing": {
        "sv": "överföringsbedömning (TIA) saknas",
        "en": "no transfer impact assessment",
    },
    "transfer.no_exit_plan": {"sv": "exitplan saknas", "en": "no exit plan"},
    "facts.transfer_gaps": {
        "sv": "Överföringar med gap ({n}), högst prioriterad först: {ids}",
        "en": "Transfers with gaps ({n}), highest priority first: {ids}",
    },
    "deadline.title": {
        "sv": "Rapporter efter kännedom {aware} ({tz})",
        "en": "Reports after awareness at {aware} ({tz})",
    },
    "deadline.report": {"sv": "Rapport", "en": "Report"},
    "deadline.period": {"sv": "Frist", "en": "Period"},
    "deadline.due": {"sv": "Senast", "en": "Due"},
    "deadline.recipient": {"sv": "Mottagare", "en": "Recipient"},
    "deadline.on_request": {"sv": "på begäran", "en": "on request"},
    "deadline.unknown": {"sv": "okänd – bedöm manuellt", "en": "unknown – judge manually"},
    "deadline.after": {"sv": "efter {event}", "en": "after {event}"},
    "deadline.assumed": {
        "sv": "räknat från {req}:s sista tidpunkt",
        "en": "counted from the latest time of {req}",
    },
    "deadline.omitted": {"sv": "Inte listade", "en": "Not listed"},
    "deadline.omitted.transposed": {
        "sv": "{req}: rapporteras enligt {by}, som genomför bestämmelsen",
        "en": "{req}: reported under {by}, which transposes it",
    },
    "deadline.omitted.superseded": {
        "sv": "{req}: ersätts av {by} (samma klocka och mottagare, särskild regel)",
        "en": "{req}: replaced by {by} (same clock and recipient, specific rule)",
    },
    "deadline.omitted.flag.personal_data": {
        "sv": "{req}: gäller bara personuppgiftsincidenter (--personal-data)",
        "en": "{req}: only for personal data breaches (--personal-data)",
    },
    "deadline.omitted.flag.trust_service": {
        "sv": "{req}: gäller bara betrodda tjänster (--trust-service)",
        "en": "{req}: only for trust services (--trust-service)",
    },
    "deadline.none": {
        "sv": "Inga rapporteringsfrister gäller för organisationen.",
        "en": "No reporting deadlines apply to the organisation.",
    },
    # Terminal presentation (cli/render*.py): words for codes that would otherwise show raw
    "priority.in_force_future": {"sv": "träder i kraft {detail}", "en": "in force from {detail}"},
    "cli.next_overdue": {
        "sv": "åtgärd försenad, skulle vara klar {date}",
        "en": "measure overdue, was due {date}",
    },
    "cli.in_force_from": {"sv": "i kraft först {date}", "en": "in force from {date}"},
    "cli.not_in_force": {"sv": "ännu ej i kraft", "en": "not yet in force"},
    "cli.no_requirements": {
        "sv": "–: källan har inga tillämpliga krav att bedöma för organisationen.",
        "en": "–: the source has no applicable requirements to assess for the organisation.",
    },
    "cli.catalog_line": {
        "sv": "kataloger: {sources} källor, {versions} versioner, {reqs} krav, "
        "{controls} kontroller, {edges} mappningar",
        "en": "catalogs: {sources} sources, {versions} versions, {reqs} requirements, "
        "{controls} controls, {edges} edges",
    },
    "count.measure.one": {"sv": "{n} åtgärd", "en": "{n} measure"},
    "count.measure.other": {"sv": "{n} åtgärder", "en": "{n} measures"},
    "count.risk.one": {"sv": "{n} risk", "en": "{n} risk"},
    "count.risk.other": {"sv": "{n} risker", "en": "{n} risks"},
    "count.assessment.one": {"sv": "{n} bedömning", "en": "{n} assessment"},
    "count.assessment.other": {"sv": "{n} bedömningar", "en": "{n} assessments"},
    "count.supplier.one": {"sv": "{n} leverantör", "en": "{n} supplier"},
    "count.supplier.other": {"sv": "{n} leverantörer", "en": "{n} suppliers"},
    "extent.full": {"sv": "hel omfattning", "en": "full extent"},
    "extent.partial": {"sv": "delvis omfattning", "en": "partial extent"},
    "relationship.equal": {"sv": "likvärdig", "en": "equal"},
    "relationship.subset": {"sv": "delmängd", "en": "subset"},
    "relationship.superset": {"sv": "övermängd", "en": "superset"},
    "relationship.intersects": {"sv": "överlappar", "en": "intersects"},
    "explain.weight": {"sv": "vikt {w}", "en": "w={w}"},
    "explain.overdue": {"sv": "försenad", "en": "overdue"},
    "explain.more": {
        "sv": "… = vägen fortsätter till kontroller och åtgärder; visa med --depth {n}",
        "en": "… = the path goes on to controls and measures; show it with --depth {n}",
    },
    "explain.not_assessable": {
        "sv": "Bedöms inte som eget krav (en rubrik, eller en bestämmelse som bara anger "
        "myndighet, frist eller definition) och räknas inte som gap.",
        "en": "Not assessed as a requirement of its own (a heading, or a provision that only "
        "names an authority, a deadline or a definition); not counted as a gap.",
    },
    # GDPR chapter V grounds, short enough for a table cell
    "mechanism.adequacy": {"sv": "adekvansbeslut (art. 45)", "en": "adequacy (art. 45)"},
    "mechanism.scc": {"sv": "SCC (art. 46)", "en": "SCC (art. 46)"},
    "mechanism.bcr": {"sv": "BCR (art. 47)", "en": "BCR (art. 47)"},
    "mechanism.derogation": {"sv": "undantag (art. 49)", "en": "derogation (art. 49)"},
    "deadline.unit.y.one": {"sv": "{n} år", "en": "{n} year"},
    "deadline.unit.y.other": {"sv": "{n} år", "en": "{n} years"},
    "deadline.unit.mo.one": {"sv": "{n} månad", "en": "{n} month"},
    "deadline.unit.mo.other": {"sv": "{n} månader", "en": "{n} months"},
    "deadline.unit.d.one": {"sv": "{n} dag", "en": "{n} day"},
    "deadline.unit.d.other": {"sv": "{n} dagar", "en": "{n} days"},
    "deadline.unit.h.one": {"sv": "{n} timme", "en": "{n} hour"},
    "deadline.unit.h.other": {"sv": "{n} timmar", "en": "{n} hours"},
    "diff.delta.unmapped_before": {
        "sv": "Obs: {n} av kraven saknar mappning i {version}. Deras täckning före är 0 % av "
        "det skälet, inte för att något ändrats i verksamheten.",
        "en": "Note: {n} of the requirements have no mapping in {version}. Their coverage "
        "before is 0 % for that reason, not because anything changed in the organisation.",
    },
}


def t(key: str, lang: Lang, **fields: object) -> str:
    """The label for `key` in `lang`; an unknown key is a programming error (KeyError)."""
    text = MESSAGES[key][lang]
    return text.format(**fields) if fields else text


def reason_text(code: str, detail: str, points: int, lang: Lang) -> str:
    """One priority reason as a short phrase, e.g. 'Försenad åtgärd +35' or 'brist 83 % +17'."""
    if code == "priority.category" and f"category.{detail}" in MESSAGES:
        detail = t(f"category.{detail}", lang)
    elif code == "priority.shortfall":
        with contextlib.suppress(ValueError):
            detail = f"{round(float(detail) * 100)} %"
    elif code == "priority.risk":
        # The two highest risks tell the story; the rest are counted.
        risks = detail.split(", ")
        if len(risks) > 2:
            detail = ", ".join(risks[:2]) + f" (+{len(risks) - 2})"
    elif code == "priority.transfer":
        # "S-01 at_risk, S-02 expiring": translate each status word.
        parts = []
        for item in detail.split(", "):
            supplier, _, status = item.rpartition(" ")
            key = f"transfer.status.{status}"
            parts.append(f"{supplier} {t(key, lang).lower()}" if key in MESSAGES else item)
        detail = ", ".join(parts)
    return f"{t(code, lang, detail=detail)} +{points}"
