"""The review queue, the flag view and decisions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from boundarywatch.domain import CATEGORIES, Kind, Severity
from boundarywatch.review.workflow import (
    ACTIONS,
    REASONS,
    TRANSITIONS,
    ConflictError,
    DecisionError,
    comment_required,
    decide,
)
from boundarywatch.store import repository as repo
from boundarywatch.store.audit import record_event
from boundarywatch.store.tables import FlagRow
from boundarywatch.web.deps import CsrfDep, Principal, SessionDep, render, require, scope_for
from boundarywatch.web.schemas import STATUSES, DecisionForm, filter_from_query, filter_query_string

__all__ = ["router"]

router = APIRouter(tags=["flags"])

ReaderDep = Annotated[Principal, require("read")]
ReviewerDep = Annotated[Principal, require("review")]

CONTEXT_TURNS = 4


@router.get("/queue")
def queue(request: Request, session: SessionDep, user: ReaderDep) -> Response:
    """Open flags, most severe and highest-scoring first, with filters."""
    flt = filter_from_query(request.query_params)
    scope = scope_for(user)
    rows = repo.list_flags(session=session, flt=flt, scope_clinician=scope, limit=500)
    total = repo.count_flags(session=session, flt=flt, scope_clinician=scope)
    return render(
        request,
        "queue.html",
        {
            "flags": rows,
            "total": total,
            "flt": flt,
            "qs": filter_query_string(flt),
            "clinicians": repo.distinct_values(session=session, column="clinician", scope_clinician=scope),
            "clients": repo.distinct_values(session=session, column="client", scope_clinician=scope),
            "categories": CATEGORIES,
            "kinds": [k.value for k in Kind],
            "statuses": STATUSES,
            "severities": [s.value for s in Severity],
            "msg": request.query_params.get("msg"),
        },
    )


def _visible_flag(session: Session, user: Principal, flag_id: int) -> FlagRow:
    flag = repo.get_flag(session=session, flag_id=flag_id)
    scope = scope_for(user)
    if flag is None or (scope is not None and flag.document.clinician != scope):
        raise HTTPException(status_code=404, detail="No such flag.")
    return flag


def _flag_page(
    request: Request,
    session: Session,
    user: Principal,
    flag: FlagRow,
    *,
    error: str | None = None,
    form: DecisionForm | None = None,
    status_code: int = 200,
) -> Response:
    flt = filter_from_query(request.query_params)
    scope = scope_for(user)
    first, last = flag.turn - CONTEXT_TURNS, flag.turn + CONTEXT_TURNS
    if flag.related_turn is not None:
        first, last = min(first, flag.related_turn - 1), max(last, flag.related_turn + 1)
    utterances = repo.get_utterances(session=session, document_id=flag.document_id, first=first, last=last)
    prev_id, next_id = repo.queue_neighbours(session=session, flag=flag, flt=flt, scope_clinician=scope)
    record_event(
        session=session,
        actor=user.username,
        action="view_transcript",
        target=f"flag:{flag.id}",
        detail={"document": flag.document_id, "turns": [first, last]},
    )
    session.commit()
    return render(
        request,
        "flag.html",
        {
            "flag": flag,
            "utterances": utterances,
            "prev_id": prev_id,
            "next_id": next_id,
            "qs": filter_query_string(flt),
            "reasons": REASONS,
            "actions": ACTIONS,
            "allowed": TRANSITIONS.get(flag.status, ()),
            "error": error,
            "form": form,
            "comment_required_dismiss": comment_required("dismiss", flag.severity),
            "msg": request.query_params.get("msg"),
        },
        status_code=status_code,
    )


@router.get("/flags/{flag_id}")
def flag_view(request: Request, session: SessionDep, user: ReaderDep, flag_id: int) -> Response:
    """The transcript around the flag, the evidence, explanation, codes and the decision form."""
    return _flag_page(request, session, user, _visible_flag(session, user, flag_id))


@router.post("/flags/{flag_id}/decision")
def flag_decision(
    request: Request,
    session: SessionDep,
    user: ReviewerDep,
    _csrf: CsrfDep,
    flag_id: int,
    action: Annotated[str, Form()] = "",
    reason_code: Annotated[str, Form()] = "",
    comment: Annotated[str, Form()] = "",
    version: Annotated[int, Form()] = 0,
) -> Response:
    """Confirm, dismiss or escalate; on success go to the next flag in the queue."""
    flag = _visible_flag(session, user, flag_id)
    try:
        form = DecisionForm(action=action, reason_code=reason_code, comment=comment, version=version)
    except ValidationError:
        return _flag_page(request, session, user, flag, error="Choose an action and a reason.", status_code=422)
    try:
        decide(
            session=session,
            flag_id=flag_id,
            expected_version=form.version,
            action=form.action,
            reason_code=form.reason_code,
            comment=form.comment,
            reviewer=user.username,
        )
        session.commit()
    except DecisionError as exc:
        session.rollback()
        return _flag_page(request, session, user, flag, error=str(exc), form=form, status_code=422)
    except ConflictError as exc:
        session.rollback()
        fresh = _visible_flag(session, user, flag_id)
        session.refresh(fresh)
        return _flag_page(request, session, user, fresh, error=str(exc), status_code=409)
    flt = filter_from_query(request.query_params)
    qs = filter_query_string(flt)
    session.expire_all()
    flag = _visible_flag(session, user, flag_id)
    _prev, next_id = repo.queue_neighbours(session=session, flag=flag, flt=flt, scope_clinician=scope_for(user))
    sep = f"?{qs}&" if qs else "?"
    target = f"/flags/{next_id}{sep}msg=saved" if next_id else f"/queue{sep}msg=saved"
    return RedirectResponse(target, status_code=303)
