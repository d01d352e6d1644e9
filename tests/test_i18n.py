"""The translation table: complete in both languages, and reasons read as text."""

from __future__ import annotations

import string

from gapcheck.i18n import LANGS, MESSAGES, reason_text


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
