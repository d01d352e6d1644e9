"""The translation table: complete in both languages, and reasons read as text."""

from __future__ import annotations

import ast
import re
import string
from enum import StrEnum
from pathlib import Path

import pytest

from gapcheck.i18n import LANGS, MESSAGES, reason_text
from gapcheck.model.catalog import ControlTheme, EdgeType, Relationship, VersionStatus
from gapcheck.model.common import Extent
from gapcheck.model.facts import IncidentFlag, MechanismKind, RoleKind
from gapcheck.model.facts_result import DayOffKind, TimeWarningCode, TransferStatus
from gapcheck.model.org import AssessmentResult, MeasureStatus, OrgGroup, ProfileEvent
from gapcheck.model.result import (
    Basis,
    Category,
    GapCategory,
    MeetKind,
    NextStepKind,
    Rule,
    SourceRole,
    Via,
)
from gapcheck.versions.models import AttachmentStatus, ChangeKind, ChangeLevel

ROOT = Path(__file__).parents[1]


def test_every_label_exists_in_swedish_and_english_with_the_same_fields() -> None:
    fields = string.Formatter()
    for key, texts in MESSAGES.items():
        assert set(texts) == set(LANGS), key
        names = [{f for _, f, _, _ in fields.parse(texts[lang]) if f} for lang in LANGS]
        assert names[0] == names[1], key


def test_priority_reasons_translate_their_details() -> None:
    assert reason_text("priority.category", "overdue", 35, "sv") == "Försenad åtgärd +35"
    assert reason_text("priority.shortfall", "0.25", 5, "en") == "shortfall 25 % +5"
    assert reason_text("priority.risk", "R-1 4×4, R-2 3×3, R-3 1×1", 13, "en") == (
        "risk R-1 4×4, R-2 3×3 (+1) +13"
    )
    assert reason_text("priority.transfer", "S-01 at_risk", 10, "sv") == "överföring S-01 risk +10"


# Every closed vocabulary a user reads, and the key prefix of its labels ("category.overdue").
LABELLED: dict[str, type[StrEnum]] = {
    "assessment.": AssessmentResult,
    "basis.": Basis,
    "category.": Category,
    "day_off.": DayOffKind,
    "deadline.omitted.flag.": IncidentFlag,
    "diff.kind.": ChangeKind,
    "diff.level.": ChangeLevel,
    "diff.status.": AttachmentStatus,
    "extent.": Extent,
    "group.": OrgGroup,
    "mechanism.": MechanismKind,
    "relationship.": Relationship,
    "report.changes.item.": EdgeType,
    "report.step.": GapCategory,
    "report.theme.": ControlTheme,
    "report.version_status.": VersionStatus,
    "role.": RoleKind,
    "rule.": Rule,
    "meet.": MeetKind,
    "next_step.": NextStepKind,
    "source_role.": SourceRole,
    "cli.role.": SourceRole,
    "event.": ProfileEvent,
    "status.": MeasureStatus,
    "transfer.status.": TransferStatus,
    "via.": Via,
}


@pytest.mark.parametrize("prefix", sorted(LABELLED))
def test_every_value_of_a_vocabulary_users_read_has_its_label(prefix: str) -> None:
    missing = [v.value for v in LABELLED[prefix] if f"{prefix}{v.value}" not in MESSAGES]
    assert missing == [], f"add [{prefix}<value>] for {missing} to src/gapcheck/messages.toml"


def test_every_time_warning_code_is_its_own_label() -> None:
    assert [c.value for c in TimeWarningCode if c.value not in MESSAGES] == []


def _key_references() -> tuple[set[str], list[re.Pattern[str]]]:
    """String literals in src/, and f-strings such as f"category.{x}" as patterns."""
    literals: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for path in (ROOT / "src" / "gapcheck").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                parts = [
                    re.escape(str(v.value)) if isinstance(v, ast.Constant) else r"([^.]+)"
                    for v in node.values
                ]
                if parts and re.match(r"[a-z_]+\\\.", parts[0]):
                    patterns.append(re.compile("".join(parts)))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
    return literals, patterns


def test_no_label_in_messages_toml_is_unused() -> None:
    # A key is used when the code names it, or builds it from an f-string whose variable
    # parts are words the code spells somewhere (enum values, Literal types, constants).
    literals, patterns = _key_references()

    def used(key: str) -> bool:
        if key in literals:
            return True
        for pattern in patterns:
            m = pattern.fullmatch(key)
            if m and all(g in literals or g.isdigit() for g in m.groups()):
                return True
        return False

    assert [key for key in MESSAGES if not used(key)] == []
