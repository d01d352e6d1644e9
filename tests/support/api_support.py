"""Shared constants and helpers of the API tests (imported as `tests.support.api_support`,
never from a `conftest`, whose name every test folder shares)."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable
from pathlib import Path

from starlette.exceptions import StarletteDeprecationWarning

from gapcheck.api.config import TokenSpec
from gapcheck.api.tokens import hash_token

__all__ = [
    "AS_OF",
    "DATA",
    "EXAMPLE",
    "READ",
    "REPO",
    "TINY_ONLY",
    "TOKENS",
    "WRITE",
    "WRONG",
    "MakeClient",
    "TestClient",
    "bearer",
]

with warnings.catch_warnings():
    # Starlette 1.x warns on import that its TestClient should run on `httpx2` rather than
    # `httpx`. The project depends on httpx (the benchmark's client) and the test client works
    # the same on it; ignore exactly this one deprecation, only around this import.
    warnings.filterwarnings(
        "ignore",
        message=r"Using `httpx` with `starlette\.testclient` is deprecated",
        category=StarletteDeprecationWarning,
    )
    from fastapi.testclient import TestClient

DATA = Path(__file__).parents[1] / "data"
REPO = Path(__file__).parents[2]
EXAMPLE = REPO / "examples" / "aldreforvaltningen"

READ = "gck_read-token-for-tests"
WRITE = "gck_write-token-for-tests"
WRONG = "gck_not-a-configured-token"
AS_OF = dt.date(2026, 11, 28)

TINY_ONLY = "gck_read-token-for-tiny-only"

TOKENS = [
    TokenSpec(hash=hash_token(READ), scopes=frozenset({"read"}), name="reader", orgs={"*"}),
    TokenSpec(hash=hash_token(WRITE), scopes=frozenset({"write"}), name="admin", orgs={"*"}),
    TokenSpec(hash=hash_token(TINY_ONLY), name="tiny-register", orgs={"tiny"}),
]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


MakeClient = Callable[..., TestClient]
