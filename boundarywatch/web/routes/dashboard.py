"""The dashboard: open flags by category and severity, decisions per reviewer, dismissal rate per category."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import Response

from boundarywatch.domain import Severity
from boundarywatch.review.charts import SEVERITY_COLORS, rate_chart, stacked_bar_chart
from boundarywatch.store import repository as repo
from boundarywatch.web.deps import Principal, SessionDep, render, require
from boundarywatch.web.filters import CATEGORY_LABELS

__all__ = ["router"]

router = APIRouter(prefix="/dashboard", tags=["dashboard"])

DashDep = Annotated[Principal, require("dashboard")]

_ACTION_SERIES = [
    ("confirm", "confirmed", "#2f855a"),
    ("dismiss", "dismissed", "#a0aec0"),
    ("escalate", "escalated", "#c53030"),
]


@router.get("")
def dashboard(request: Request, session: SessionDep, user: DashDep) -> Response:
    """Three charts and the headline numbers."""
    open_rows = repo.open_by_category_severity(session=session)
    by_cat: dict[str, dict[str, int]] = defaultdict(dict)
    for cat, sev, n in open_rows:
        by_cat[cat][sev] = n
    cat_rows = sorted(by_cat.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    sev_series = [(s.value, s.value, SEVERITY_COLORS[s.value]) for s in reversed(list(Severity))]
    open_chart = stacked_bar_chart(
        [(CATEGORY_LABELS.get(c, c), v) for c, v in cat_rows],
        sev_series,
        title="Open flags by category and severity",
    )
    by_reviewer: dict[str, dict[str, int]] = defaultdict(dict)
    for reviewer, action, n in repo.decisions_per_reviewer(session=session):
        by_reviewer[reviewer][action] = n
    reviewer_chart = stacked_bar_chart(sorted(by_reviewer.items()), _ACTION_SERIES, title="Decisions per reviewer")
    rates = sorted(repo.dismissal_rate_per_category(session=session), key=lambda r: (-r[1] / max(r[2], 1), r[0]))
    rate = rate_chart(
        [(CATEGORY_LABELS.get(c, c), d, n) for c, d, n in rates],
        title="Dismissal rate per category (false-positive feedback)",
    )
    sev_totals: dict[str, int] = defaultdict(int)
    for _c, sev, n in open_rows:
        sev_totals[sev] += n
    return render(
        request,
        "dashboard.html",
        {
            "open_chart": open_chart,
            "reviewer_chart": reviewer_chart,
            "rate_chart": rate,
            "open_total": sum(n for *_x, n in open_rows),
            "sev_totals": sev_totals,
            "decisions_total": sum(sum(v.values()) for v in by_reviewer.values()),
        },
    )
