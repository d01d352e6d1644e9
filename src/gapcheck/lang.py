"""The user-facing languages. Kept free of heavy imports so the CLI starts fast."""

from __future__ import annotations

from typing import Literal

__all__ = ["Lang"]

Lang = Literal["sv", "en"]
