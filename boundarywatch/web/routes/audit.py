"""The audit log page (read-only) with a live chain check."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import Response

from boundarywatch.store import repository as repo
from boundarywatch.store.audit import verify_chain
from boundarywatch.web.deps import Principal, SessionDep, render, require

__all__ = ["router"]

router = APIRouter(prefix="/audit", tags=["audit"])

AuditorDep = Annotated[Principal, require("audit")]


@router.get("")
def audit_log(request: Request, session: SessionDep, user: AuditorDep, action: str | None = None) -> Response:
    """The newest events and whether the chain verifies."""
    events = repo.list_audit_events(session=session, limit=300, action=action or None)
    return render(
        request, "audit.html", {"events": events, "check": verify_chain(session=session), "action": action or ""}
    )
