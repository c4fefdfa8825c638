"""Passwords (argon2id), signed session cookies, CSRF tokens and the role model.

Sessions are signed (itsdangerous) cookies holding the user id and the issue time, checked against the database
on every request, so a deactivated account is logged out at once. CSRF uses a per-browser random secret in an
HttpOnly cookie; every form carries a signed copy of it, and every POST is refused unless the two match.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer

__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "ROLES",
    "SESSION_COOKIE",
    "CsrfTokens",
    "SessionSigner",
    "hash_password",
    "needs_rehash",
    "new_csrf_secret",
    "verify_password",
]

SESSION_COOKIE = "bw_session"
CSRF_COOKIE = "bw_csrf"
CSRF_FIELD = "csrf_token"

#: admin: everything; supervisor: review, cases, exports, dashboard, uploads; clinician: own sessions, read-only;
#: auditor: read-only everywhere, plus the audit log.
ROLES: tuple[str, ...] = ("admin", "supervisor", "clinician", "auditor")

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant-effort check (a missing user still costs one hash, so timing does not reveal user names)."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the stored hash uses weaker parameters than the current ones."""
    return _hasher.check_needs_rehash(password_hash)


def new_csrf_secret() -> str:
    """A fresh random per-browser CSRF secret."""
    return secrets.token_urlsafe(32)


class SessionSigner:
    """Signs and checks the session cookie payload."""

    def __init__(self, secret_key: str, max_age: int) -> None:
        self._s = URLSafeTimedSerializer(secret_key, salt="bw-session")
        self.max_age = max_age

    def dumps(self, user_id: int) -> str:
        """The cookie value for ``user_id``."""
        return self._s.dumps({"uid": user_id, "n": secrets.token_hex(8)})

    def loads(self, value: str | None) -> int | None:
        """The user id in a valid, unexpired cookie, else None."""
        if not value:
            return None
        try:
            data: Any = self._s.loads(value, max_age=self.max_age)
        except BadSignature:
            return None
        uid = data.get("uid") if isinstance(data, dict) else None
        return uid if isinstance(uid, int) else None


class CsrfTokens:
    """Form tokens bound to the browser's CSRF cookie secret."""

    def __init__(self, secret_key: str) -> None:
        self._s = URLSafeTimedSerializer(secret_key, salt="bw-csrf")

    def token_for(self, cookie_secret: str) -> str:
        """The token to embed in forms."""
        return self._s.dumps(cookie_secret)

    def check(self, cookie_secret: str | None, token: str | None) -> bool:
        """True when ``token`` was issued for ``cookie_secret``."""
        if not cookie_secret or not token:
            return False
        try:
            value = self._s.loads(token, max_age=24 * 3600)
        except BadSignature:
            return False
        return isinstance(value, str) and hmac.compare_digest(value, cookie_secret)


#: permission -> roles holding it; every route declares the permission it needs.
PERMISSIONS: dict[str, frozenset[str]] = {
    "read": frozenset(ROLES),
    "review": frozenset({"admin", "supervisor"}),
    "export": frozenset({"admin", "supervisor", "auditor"}),
    "dashboard": frozenset({"admin", "supervisor", "auditor"}),
    "upload": frozenset({"admin", "supervisor"}),
    "audit": frozenset({"admin", "auditor"}),
    "users": frozenset({"admin"}),
}
__all__ += ["PERMISSIONS"]
