"""Cases (one per therapist-client pair), their timeline, and the HTML/PDF export."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from boundarywatch.review.report import ReportError, build_case_report, render_case_html, render_case_pdf
from boundarywatch.store import repository as repo
from boundarywatch.store.audit import record_event
from boundarywatch.store.tables import CaseRow
from boundarywatch.web.deps import Principal, SessionDep, render, require, scope_for

__all__ = ["router"]

router = APIRouter(prefix="/cases", tags=["cases"])

ReaderDep = Annotated[Principal, require("read")]
ExporterDep = Annotated[Principal, require("export")]

_EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"


def _visible_case(session: Session, user: Principal, case_id: int) -> CaseRow:
    case = repo.get_case(session=session, case_id=case_id)
    scope = scope_for(user)
    if case is None or (scope is not None and case.clinician != scope):
        raise HTTPException(status_code=404, detail="No such case.")
    return case


@router.get("")
def case_list(request: Request, session: SessionDep, user: ReaderDep) -> Response:
    """Every therapist-client pair with its flag counts."""
    return render(
        request, "cases.html", {"cases": repo.list_cases(session=session, scope_clinician=scope_for(user))}
    )


@router.get("/{case_id}")
def case_view(request: Request, session: SessionDep, user: ReaderDep, case_id: int) -> Response:
    """A case: timeline chart, sessions and flags."""
    _visible_case(session, user, case_id)
    report = build_case_report(session=session, case_id=case_id, generated_by=user.username)
    record_event(session=session, actor=user.username, action="view_case", target=f"case:{case_id}")
    session.commit()
    return render(request, "case.html", {"r": report})


def _filename(case: CaseRow, ext: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{case.clinician}-{case.client}").strip("-").lower() or "case"
    return f"case-{case.id}-{slug[:60]}.{ext}"


def _case_html(session: Session, user: Principal, case_id: int) -> tuple[CaseRow, str]:
    """The case (if ``user`` may see it) and its report as standalone HTML."""
    case = _visible_case(session, user, case_id)
    return case, render_case_html(build_case_report(session=session, case_id=case_id, generated_by=user.username))


def _record_export(session: Session, user: Principal, case_id: int, fmt: str) -> None:
    """Audit the export and commit, once the file has been produced."""
    record_event(
        session=session, actor=user.username, action="export", target=f"case:{case_id}", detail={"format": fmt}
    )
    session.commit()


@router.get("/{case_id}/export.html")
def export_html(session: SessionDep, user: ExporterDep, case_id: int) -> Response:
    """The case report as a standalone HTML file."""
    case, html = _case_html(session, user, case_id)
    _record_export(session, user, case_id, "html")
    return HTMLResponse(
        html,
        headers={
            "Content-Security-Policy": _EXPORT_CSP,
            "Content-Disposition": f'inline; filename="{_filename(case, "html")}"',
        },
    )


@router.get("/{case_id}/export.pdf")
def export_pdf(session: SessionDep, user: ExporterDep, case_id: int) -> Response:
    """The case report as PDF."""
    case, html = _case_html(session, user, case_id)
    try:
        pdf = render_case_pdf(html)
    except ReportError as exc:
        raise HTTPException(status_code=503, detail=str(exc)) from None
    _record_export(session, user, case_id, "pdf")
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{_filename(case, "pdf")}"',
        },
    )
