"""Log in and out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from boundarywatch.store import repository as repo
from boundarywatch.store.audit import record_event
from boundarywatch.web.deps import CsrfDep, SessionDep, StateDep, render
from boundarywatch.web.security import SESSION_COOKIE, hash_password, needs_rehash, verify_password

__all__ = ["router"]

router = APIRouter(tags=["auth"])


def _safe_next(value: str | None) -> str:
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/queue"


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:  # noqa: A002
    """The login page."""
    return render(request, "login.html", {"next": _safe_next(next), "error": None})


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    state: StateDep,
    _csrf: CsrfDep,
    username: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form()] = "/queue",  # noqa: A002
) -> Response:
    """Check the password, start a session and record the login (or the failed attempt)."""
    user = repo.get_user_by_username(session=session, username=username.strip())
    ok = verify_password(user.password_hash if user else None, password) and user is not None and user.active
    if not ok or user is None:
        record_event(session=session, actor=username.strip()[:80] or "-", action="login_failed", target="")
        session.commit()
        return render(
            request,
            "login.html",
            {"next": _safe_next(next), "error": "Wrong user name or password."},
            status_code=401,
        )
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    record_event(session=session, actor=user.username, action="login", target=f"user:{user.id}")
    session.commit()
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        state.signer.dumps(user.id),
        max_age=state.settings.session_max_age,
        httponly=True,
        samesite="lax",
        secure=_secure(request, state),
        path="/",
    )
    return response


def _secure(request: Request, state: StateDep) -> bool:
    if state.settings.secure_cookies is not None:
        return state.settings.secure_cookies
    return request.url.scheme == "https"


@router.post("/logout")
def logout(request: Request, session: SessionDep, state: StateDep, _csrf: CsrfDep) -> Response:
    """End the session."""
    uid = state.signer.loads(request.cookies.get(SESSION_COOKIE))
    user = repo.get_user(session=session, user_id=uid) if uid is not None else None
    if user is not None:
        record_event(session=session, actor=user.username, action="logout", target=f"user:{user.id}")
        session.commit()
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request, state))
    return response
