"""Bearer tokens: make one, hash one. No FastAPI here, so `gapcheck token` stays light.

The server's configuration holds only `sha256:<hex>` hashes of tokens, never tokens. A token is
high-entropy random text (256 bits), so a plain SHA-256 is the right hash: there is nothing to
brute-force, and verifying costs a microsecond per request.
"""

from __future__ import annotations

import hashlib
import secrets

__all__ = [
    "ALL_ORGS",
    "HASH_PATTERN",
    "ORG_HINT",
    "ORG_ID_PATTERN",
    "TOKEN_PREFIX",
    "hash_token",
    "new_token",
]

TOKEN_PREFIX = "gck_"
HASH_PATTERN = r"^sha256:[0-9a-f]{64}$"
# An organisation's id in URLs and tokens: its folder name (see `gapcheck.api.orgfiles`).
ORG_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
# In a token's `orgs`: every organisation, present and future. Never a default.
ALL_ORGS = "*"
# The hint of a 404 for an organisation: never a list of ids (a token may see only some).
ORG_HINT = "GET /api/v1/orgs lists the organisations this token may read"


def new_token() -> str:
    """A new random token: a recognisable prefix (for secret scanners) and 256 random bits."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The configuration form of a token: `sha256:` and the hex digest of its UTF-8 bytes."""
    return "sha256:" + hashlib.sha256(token.encode("utf-8")).hexdigest()
