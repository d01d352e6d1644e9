"""The analysis summary's review section ('Mappningar att granska'): the requirements whose
mappings, direct links or assessments were reviewed against an earlier version of their
source, and the `gapcheck review-mappings` command for each source. Part of `cli.render`'s
summary, which re-exports these names.
"""

from __future__ import annotations

import re
import shlex

from rich.console import Console
from rich.text import Text

from gapcheck import i18n
from gapcheck.i18n import t
from gapcheck.model import Lang
from gapcheck.model.result import AnalysisResult

__all__ = ["REVIEW_ITEMS", "REVIEW_SHOWN", "review_label", "review_summary"]


REVIEW_SHOWN = 5
"""How many requirements the summary's review section names; the rest are counted."""
REVIEW_ITEMS = 3
"""How many items to review the summary shows per requirement; the rest are counted."""

# `ReviewItem.label()`: "<kind>:<target> (<reviewed version>: <reason>)" (docs/versions.md).
_LABEL = re.compile(
    r"(?P<kind>[a-z_]+):(?P<target>.+) \((?P<version>[^():]+): (?P<reason>[a-z_]+)\)"
)


def review_label(label: str, lang: Lang) -> str:
    """One `needs_review` label in words: 'maps to iso27001:A.5.24 (sou-2024-18: renumbered)'."""
    m = _LABEL.fullmatch(label)
    kind_key = f"report.changes.item.{m['kind']}" if m else ""
    reason_key = f"diff.reason.{m['reason']}" if m else ""
    if m is None or kind_key not in i18n.MESSAGES or reason_key not in i18n.MESSAGES:
        return label
    what = t(kind_key, lang, target=m["target"])
    return f"{what} ({m['version']}: {t(reason_key, lang)})"


def review_summary(
    console: Console, result: AnalysisResult, lang: Lang, org_dir: str | None = None
) -> None:
    """'Mappningar att granska': how many requirements have mappings, direct links or
    assessments to review, the first few with what to review, and the command for the rest."""
    rows = [r for r in result.requirements if r.needs_review]
    if not rows:
        return
    items = sum(len(r.needs_review) for r in rows)
    console.print()
    console.print(Text(t("cli.review.title", lang, n=len(rows), items=items), style="bold yellow"))
    for row in rows[:REVIEW_SHOWN]:
        line = Text(f"  {row.id}", style="bold")
        shown = [review_label(x, lang) for x in row.needs_review[:REVIEW_ITEMS]]
        rest = len(row.needs_review) - len(shown)
        line.append(f"  {'; '.join(shown)}" + (f" (+{rest})" if rest > 0 else ""))
        console.print(line)
    if len(rows) > REVIEW_SHOWN:
        console.print(Text(f"  {t('cli.review.more', lang, n=len(rows) - REVIEW_SHOWN)}"))
    versions = {s.source: s.version for s in result.sources}
    for source in sorted({r.source for r in rows}):
        command = f"gapcheck review-mappings {source} --version {versions.get(source, '')}"
        if org_dir is not None:
            command += f" --org {shlex.quote(org_dir)}"
        console.print(Text(t("cli.review.hint", lang, command=command.strip()), style="dim"))
