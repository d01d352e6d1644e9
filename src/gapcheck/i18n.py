"""The one translation table: every user-facing label in Swedish and English.

The labels live in the data file `messages.toml` beside this module; code refers to them by key,
and no Swedish literal lives anywhere else in the code. Values may contain `str.format` fields.
"""

from __future__ import annotations

import contextlib
import tomllib
from pathlib import Path
from typing import Final

from gapcheck.lang import Lang

__all__ = ["LANGS", "MESSAGES", "reason_text", "t"]

LANGS: Final[tuple[Lang, ...]] = ("sv", "en")


def _load() -> dict[str, dict[Lang, str]]:
    # A data file, not code, so translators edit text without touching Python. The wheel
    # installs it as a plain file beside this module, so no importlib.resources is needed.
    raw = tomllib.loads(Path(__file__).with_name("messages.toml").read_text(encoding="utf-8"))
    table: dict[str, dict[Lang, str]] = {}
    for key, texts in raw.items():
        table[key] = {"sv": texts["sv"], "en": texts["en"]}
    return table


MESSAGES: Final[dict[str, dict[Lang, str]]] = _load()


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
