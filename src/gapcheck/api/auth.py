"""Bearer-token authentication with `read` and `write` scopes.

The configuration holds `sha256:<hex>` hashes only. A presented token is hashed and compared
with every configured hash by `hmac.compare_digest`, without stopping at a match, so timing
says nothing about which hash (if any) matched. Tokens are never logged, stored or echoed.

401 (with `WWW-Authenticate: Bearer`) when no or an unknown token comes; 403 when the token
lacks the scope (RFC 6750 §3.1 error codes).

A token also names the organisations it may read (`orgs`, or `*` for all). An organisation it
may not read is answered exactly like one that does not exist (404), so a token learns nothing
about the others; `check_org` is called by every dependency that resolves an organisation.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer, SecurityScopes

from gapcheck.api.config import Scope, Settings, TokenSpec
from gapcheck.api.tokens import ORG_HINT
from gapcheck.errors import NotFoundError

__all__ = [
    "BEARER",
    "ORG_HINT",
    "authorize",
    "check_org",
    "check_token",
    "current_token",
    "require_all_orgs",
]


log = logging.getLogger("gapcheck.api")

REALM = "gapcheck"
_MAX_TOKEN = 512
_SCOPES: tuple[Scope, ...] = ("read", "write")
# Where `authorize` leaves the accepted token for `current_token`: the ASGI scope is the
# request's own (scope["state"] may start as a copy of the app's lifespan state).
_TOKEN_KEY = "gapcheck.token"

BEARER = HTTPBearer(
    scheme_name="bearer",
    description="A token made with `gapcheck token`; the server's config holds its sha256 hash. "
    "Scopes: `read` for every GET, `write` (includes read) for reload.",
    auto_error=False,
)


def check_token(token: str, specs: list[TokenSpec]) -> TokenSpec | None:
    """The spec whose hash matches `token`, in time independent of which one does."""
    if not token or len(token) > _MAX_TOKEN:
        return None
    presented = ("sha256:" + hashlib.sha256(token.encode("utf-8")).hexdigest()).encode()
    found = None
    for spec in specs:
        if hmac.compare_digest(spec.hash.encode(), presented):
            found = spec
    return found


def _challenge(error: str | None = None, scope: str | None = None) -> dict[str, str]:
    value = f'Bearer realm="{REALM}"'
    if error:
        value += f', error="{error}"'
    if scope:
        value += f', scope="{scope}"'
    return {"WWW-Authenticate": value}


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def authorize(
    security_scopes: SecurityScopes,
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
) -> TokenSpec:
    """The caller's token, if it grants every scope the route asks for; else 401/403."""
    if credentials is None:
        raise HTTPException(401, "a bearer token is required", headers=_challenge())
    spec = check_token(credentials.credentials, _settings(request).tokens)
    if spec is None:
        client = request.client.host if request.client else "?"
        log.info("rejected an unknown bearer token from %s for %s", client, request.url.path)
        raise HTTPException(
            401, "the bearer token is not valid", headers=_challenge("invalid_token")
        )
    for scope in _SCOPES:
        if scope in security_scopes.scopes and not spec.allows(scope):
            raise HTTPException(
                403,
                f"the token lacks the '{scope}' scope",
                headers=_challenge("insufficient_scope", scope),
            )
    # For the audit log: the holder's name, or the start of the configured hash (never the token).
    request.state.token_name = spec.name or spec.hash[:19]
    request.scope[_TOKEN_KEY] = spec
    return spec


async def current_token(request: Request) -> TokenSpec:
    """The token `authorize` accepted for this request, without checking it again.

    Every protected router runs `authorize` (read scope) before a route's own dependencies, so
    a route reads the token here for one dependency instead of a second hash-and-compare
    chain (this is most of a cached answer's cost). Fails closed: where no `authorize` ran,
    the answer is 401.
    """
    spec = request.scope.get(_TOKEN_KEY)
    if not isinstance(spec, TokenSpec):
        raise HTTPException(401, "a bearer token is required", headers=_challenge())
    return spec


def check_org(token: TokenSpec, org: str) -> None:
    """NotFoundError (404, as for an unknown id) unless `token` may read organisation `org`."""
    if not token.may_read(org):
        raise NotFoundError("organisation", org, ORG_HINT)


async def require_all_orgs(
    token: Annotated[TokenSpec, Security(authorize, scopes=["read"])],
) -> TokenSpec:
    """For city-wide answers (about every organisation): the token must hold `orgs: ['*']`."""
    if not token.reads_all:
        raise HTTPException(
            403,
            "this answer covers every organisation: it needs a token made with --org '*'",
            headers=_challenge("insufficient_scope"),
        )
    return token
