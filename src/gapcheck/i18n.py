"""The one translation table: every user-facing label in Swedish and English.

The labels live in the data file `messages.toml` beside this module; code refers to them by key,
and no Swedish literal lives anywhere else in the code. Values may contain `str.format` fields.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Final

from gapcheck.cachedir import cache_dir, read_private, write_private
from gapcheck.lang import Lang

__all__ = ["LANGS", "MESSAGES", "reason_text", "t"]

LANGS: Final[tuple[Lang, ...]] = ("sv", "en")


# The parsed table is kept as JSON in the cache folder (gapcheck.cachedir), under the hash of
# messages.toml's bytes: parsing the TOML costs every command some 35 ms of start-up, reading
# the JSON under 1 ms. messages.toml stays the one source; the JSON is derived from it.
_CACHE_NAME = "messages.json"
_CACHE_FORMAT = "1"


def _load() -> dict[str, dict[Lang, str]]:
    # A data file, not code, so translators edit text without touching Python. The wheel
    # installs it as a plain file beside this module, so no importlib.resources is needed.
    data = Path(__file__).with_name("messages.toml").read_bytes()
    key = hashlib.sha256(_CACHE_FORMAT.encode() + b"\0" + data).hexdigest()
    folder = cache_dir()
    cached = _cached(folder / _CACHE_NAME, key) if folder is not None else None
    if cached is not None:
        return cached
    import tomllib  # only when the kept JSON cannot be used (1/2 % of a warm `analyze`)

    raw = tomllib.loads(data.decode("utf-8"))
    table: dict[str, dict[Lang, str]] = {}
    for name, texts in raw.items():
        table[name] = {"sv": texts["sv"], "en": texts["en"]}
    if folder is not None:
        text = json.dumps({"key": key, "messages": table}, ensure_ascii=False, sort_keys=True)
        write_private(folder / _CACHE_NAME, text.encode("utf-8"))
    return table


def _cached(path: Path, key: str) -> dict[str, dict[Lang, str]] | None:
    """The table kept at `path` for the TOML hashed as `key`; None when there is none, it is
    for other bytes, or it is not a table of Swedish and English strings."""
    data = read_private(path)
    if data is None:
        return None
    try:
        value = json.loads(data)
    except ValueError:
        return None
    if not isinstance(value, dict) or value.get("key") != key:
        return None
    table = value.get("messages")
    if not isinstance(table, dict) or not all(
        isinstance(texts, dict)
        and texts.keys() == {"sv", "en"}
        and isinstance(texts["sv"], str)
        and isinstance(texts["en"], str)
        for texts in table.values()
    ):
        return None
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
