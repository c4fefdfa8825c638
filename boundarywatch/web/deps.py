"""Request dependencies: the app state, a database session per request, the current user and role checks.

Use the ``Annotated`` aliases in routes: ``SessionDep``, ``StateDep``, ``CsrfDep`` and ``require("review")``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from boundarywatch.store import repository as repo
from boundarywatch.store.db import session_scope
from boundarywatch.web.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    PERMISSIONS,
    SESSION_COOKIE,
    CsrfTokens,
    SessionSigner,
)
from boundarywatch.web.settings import Settings

__all__ = [
    "AppState",
    "CsrfDep",
    "CsrfError",
    "ForbiddenError",
    "LoginRequiredError",
    "Principal",
    "SessionDep",
    "StateDep",
    "get_db",
    "get_state",
    "render",
    "require",
    "scope_for",
    "verify_csrf",
]


@dataclass
class AppState:
    """Everything a request needs, built once by ``create_app``."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    templates: Jinja2Templates
    signer: SessionSigner
    csrf: CsrfTokens


@dataclass(frozen=True)
class Principal:
    """The signed-in user, detached from any database session."""

    id: int
    username: str
    role: str
    clinician_name: str | None


class LoginRequiredError(Exception):
    """No valid session: send the browser to the login page."""


class ForbiddenError(Exception):
    """The user's role does not allow this route."""

    def __init__(self, user: Principal, permission: str) -> None:
        super().__init__(permission)
        self.username = user.username
        self.permission = permission


class CsrfError(Exception):
    """A form arrived without a valid CSRF token."""


def get_state(request: Request) -> AppState:
    """The app's state."""
    state: AppState = request.app.state.bw
    return state


StateDep = Annotated[AppState, Depends(get_state)]


def get_db(state: StateDep) -> Iterator[Session]:
    """One session per request; committed at the end unless the route raised."""
    with session_scope(state.sessions) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_db)]


def _current_user(request: Request, state: StateDep, session: SessionDep) -> Principal | None:
    uid = state.signer.loads(request.cookies.get(SESSION_COOKIE))
    if uid is None:
        return None
    row = repo.get_user(session=session, user_id=uid)
    if row is None or not row.active:
        return None
    user = Principal(id=row.id, username=row.username, role=row.role, clinician_name=row.clinician_name)
    request.state.user = user
    return user


def require(permission: str) -> Any:
    """A dependency returning the signed-in user if their role holds ``permission``."""
    allowed = PERMISSIONS[permission]

    def check(user: Annotated[Principal | None, Depends(_current_user)]) -> Principal:
        if user is None:
            raise LoginRequiredError()
        if user.role not in allowed:
            raise ForbiddenError(user, permission)
        return user

    return Depends(check)


def scope_for(user: Principal) -> str | None:
    """Clinicians see only their own sessions: the therapist name their account is linked to."""
    if user.role == "clinician":
        return user.clinician_name or "\x00no-clinician-link"
    return None


async def verify_csrf(request: Request, state: StateDep) -> None:
    """Refuse a form whose token does not match this browser's CSRF cookie."""
    form = await request.form()
    token = form.get(CSRF_FIELD)
    if not state.csrf.check(request.cookies.get(CSRF_COOKIE), token if isinstance(token, str) else None):
        raise CsrfError()


CsrfDep = Annotated[None, Depends(verify_csrf)]


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Any:
    """Render a template with the user, the CSRF token and the permission helper in context."""
    state = get_state(request)
    user: Principal | None = getattr(request.state, "user", None)
    secret: str = request.state.csrf_secret
    role = user.role if user is not None else None
    can: Callable[[str], bool] = lambda perm: role in PERMISSIONS[perm]  # noqa: E731
    ctx = {"user": user, "csrf_token": state.csrf.token_for(secret), "can": can, "request": request}
    ctx.update(context or {})
    return state.templates.TemplateResponse(request, name, ctx, status_code=status_code, headers=headers)
