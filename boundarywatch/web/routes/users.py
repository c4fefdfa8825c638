"""Account administration (admin only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from boundarywatch.store import repository as repo
from boundarywatch.store.audit import record_event
from boundarywatch.web.deps import CsrfDep, Principal, SessionDep, render, require
from boundarywatch.web.schemas import UserCreate
from boundarywatch.web.security import ROLES, hash_password

__all__ = ["router"]

router = APIRouter(prefix="/users", tags=["users"])

AdminDep = Annotated[Principal, require("users")]


def _users_page(
    request: Request, session: Session, *, error: str | None = None, msg: str | None = None, status_code: int = 200
) -> Response:
    """The account list and add form, with an error or a message above it."""
    return render(
        request,
        "users.html",
        {"users": repo.list_users(session=session), "roles": ROLES, "error": error, "msg": msg},
        status_code=status_code,
    )


@router.get("")
def user_list(request: Request, session: SessionDep, user: AdminDep) -> Response:
    """Accounts and the form to add one."""
    return _users_page(request, session, msg=request.query_params.get("msg"))


@router.post("")
def user_add(
    request: Request,
    session: SessionDep,
    user: AdminDep,
    _csrf: CsrfDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    clinician_name: Annotated[str, Form()] = "",
) -> Response:
    """Create an account."""
    try:
        data = UserCreate(username=username.strip(), password=password, role=role, clinician_name=clinician_name)
    except ValidationError as exc:
        field = str(exc.errors()[0]["loc"][0])
        hint = "at least 12 characters" if field == "password" else "letters, digits, . _ @ - only"
        return _users_page(request, session, error=f"Invalid {field} ({hint}).", status_code=422)
    if repo.get_user_by_username(session=session, username=data.username):
        return _users_page(request, session, error="That user name is taken.", status_code=409)
    new = repo.create_user(
        session=session,
        username=data.username,
        password_hash=hash_password(data.password),
        role=data.role,
        clinician_name=data.clinician_name,
    )
    record_event(
        session=session,
        actor=user.username,
        action="user_add",
        target=f"user:{new.id}",
        detail={"role": data.role},
    )
    session.commit()
    return RedirectResponse("/users?msg=added", status_code=303)
