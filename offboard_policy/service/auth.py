"""Bearer tokens and roles.

The token file has one token per line: ``TOKEN ROLE NAME`` separated by blanks (the name may
contain spaces); blank lines and lines starting with ``#`` are skipped. Roles:

- ``hr``: check cases, read the policies, read the decisions it recorded itself;
- ``legal``: read everything (policies, every decision), no checks;
- ``admin``: reload the policies, read the policies.

Tokens are compared with :func:`hmac.compare_digest` against every known token (the time does
not depend on where a guess first differs, nor on which token matched), and never logged: only
the token's name appears in the decision log.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from fastapi import Request

from offboard_policy import codes
from offboard_policy.errors import Diagnostic, InputError

from .errors import ApiError

Role = Literal["hr", "legal", "admin"]
ROLES: tuple[Role, ...] = ("hr", "legal", "admin")
Action = Literal["check", "read_policies", "read_own_decisions", "read_all_decisions",
                 "reload"]

PERMISSIONS: dict[Action, frozenset[Role]] = {
    "check": frozenset({"hr"}),
    "read_policies": frozenset({"hr", "legal", "admin"}),
    "read_own_decisions": frozenset({"hr", "legal"}),
    "read_all_decisions": frozenset({"legal"}),
    "reload": frozenset({"admin"}),
}

OP_TOKENS = codes.TOKEN_FILE
MIN_TOKEN_LENGTH = 16


@dataclass(frozen=True)
class Principal:
    """Who is calling: the token's name and role (``local`` with every role without tokens)."""

    name: str
    roles: frozenset[Role]

    def may(self, action: Action) -> bool:
        return bool(self.roles & PERMISSIONS[action])


LOCAL = Principal("local", frozenset(ROLES))
"""The caller when the server runs without a token file (loopback only)."""


@dataclass(frozen=True)
class TokenTable:
    """The tokens of a token file, as (token bytes, principal) pairs."""

    entries: tuple[tuple[bytes, Principal], ...]

    def find(self, token: str) -> Principal | None:
        """The principal of ``token``, comparing against every entry in constant time."""
        given = token.encode("utf-8", "surrogateescape")
        found: Principal | None = None
        for known, principal in self.entries:
            if hmac.compare_digest(given, known):
                found = principal
        return found


def read_tokens(path: Path) -> TokenTable:
    """Parse a token file; :class:`InputError` naming the line for anything wrong (the
    message never repeats the token itself)."""
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Diagnostic(f"cannot read the token file: {exc}", OP_TOKENS,
                                    shown)) from None
    return parse_tokens(text.splitlines(), shown)


def parse_tokens(lines: Iterable[str], shown: str) -> TokenTable:
    entries: list[tuple[bytes, Principal]] = []
    seen: set[bytes] = set()
    problems: list[Diagnostic] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 2)

        def bad(why: str, number: int = number) -> None:
            problems.append(Diagnostic(why, OP_TOKENS, shown, number))

        if len(parts) < 3:
            bad("expected three fields: TOKEN ROLE NAME")
            continue
        token, role, name = parts
        if role not in ROLES:
            bad(f"unknown role '{role}' (roles: {', '.join(ROLES)})")
            continue
        if len(token) < MIN_TOKEN_LENGTH:
            bad(f"token too short: at least {MIN_TOKEN_LENGTH} characters "
                "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')")
            continue
        key = token.encode("utf-8", "surrogateescape")
        if key in seen:
            bad("the same token appears on an earlier line")
            continue
        seen.add(key)
        entries.append((key, Principal(name.strip(), frozenset({role}))))
    if problems:
        raise InputError(problems)
    if not entries:
        raise InputError(Diagnostic("the token file has no tokens", OP_TOKENS, shown))
    return TokenTable(tuple(entries))


def principal_of(request: Request) -> Principal:
    """The caller of ``request``: 401 without a valid Bearer token when tokens are on."""
    tokens = request.app.state.service.tokens
    if tokens is None:
        return LOCAL
    header = request.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    challenge = {"WWW-Authenticate": 'Bearer realm="offboard-policy"'}
    if scheme.lower() != "bearer" or not credentials.strip():
        raise ApiError(401, "this call needs 'Authorization: Bearer <token>'", headers=challenge)
    principal = tokens.find(credentials.strip())
    if principal is None:
        raise ApiError(401, "unknown token", headers=challenge)
    assert isinstance(principal, Principal)
    return principal


def require(action: Action) -> Callable[[Request], Principal]:
    """A FastAPI dependency: the caller, who must be allowed ``action`` (else 401 / 403)."""

    def dependency(request: Request) -> Principal:
        principal = principal_of(request)
        if not principal.may(action):
            allowed = ", ".join(sorted(PERMISSIONS[action]))
            raise ApiError(403, f"the role of this token may not {action.replace('_', ' ')} "
                           f"(roles that may: {allowed})")
        return principal

    return dependency


may_check = require("check")
may_read_policies = require("read_policies")
may_read_decisions = require("read_own_decisions")
may_reload = require("reload")
