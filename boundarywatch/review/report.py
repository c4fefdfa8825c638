"""Case export for a supervision file: a standalone HTML document (inline CSS, no scripts) and a PDF of it.

The report lists every flag of one therapist-client pair in date order, with the evidence, the explanation, the
code sections and the review history, plus the timeline chart. PDF rendering uses WeasyPrint (``[web]`` extra),
imported only when a PDF is asked for.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy.orm import Session

from boundarywatch.review.charts import timeline_chart
from boundarywatch.review.workflow import reason_label
from boundarywatch.store import repository as repo
from boundarywatch.store.tables import CaseRow, DocumentRow, FlagRow

__all__ = [
    "CaseReport",
    "ReportError",
    "build_case_report",
    "render_case_html",
    "render_case_pdf",
    "timeline_points",
]


class ReportError(RuntimeError):
    """The report cannot be produced (unknown case, PDF engine missing)."""


@dataclass
class CaseReport:
    """Everything the case report shows."""

    case: CaseRow
    documents: Sequence[DocumentRow]
    flags: Sequence[FlagRow]
    generated_by: str
    generated_at: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))

    @property
    def by_status(self) -> dict[str, int]:
        """Flag counts per review status."""
        return dict(Counter(f.status for f in self.flags))

    @property
    def by_category(self) -> list[tuple[str, int]]:
        """Flag counts per category, most frequent first."""
        return Counter(f.category for f in self.flags).most_common()

    @property
    def period(self) -> str:
        """First to last session date."""
        dates = sorted(d.session_date for d in self.documents)
        return f"{dates[0]} to {dates[-1]}" if dates else "-"

    @property
    def timeline(self) -> Markup:
        """The timeline chart."""
        return timeline_chart(timeline_points(self.flags))


def timeline_points(flags: Sequence[FlagRow]) -> list[tuple[str, dict[str, int]]]:
    """(session date, {category: count}) in date order."""
    buckets: dict[str, Counter[str]] = defaultdict(Counter)
    for f in flags:
        buckets[f.document.session_date][f.category] += 1
    return [(d, dict(buckets[d])) for d in sorted(buckets)]


def build_case_report(*, session: Session, case_id: int, generated_by: str) -> CaseReport:
    """Collect a case's documents and flags."""
    case = repo.get_case(session=session, case_id=case_id)
    if case is None:
        raise ReportError("no such case")
    return CaseReport(
        case=case,
        documents=repo.case_documents(session=session, case_id=case_id),
        flags=repo.case_flags(session=session, case_id=case_id),
        generated_by=generated_by,
    )


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    env.filters["reason"] = reason_label
    return env


def render_case_html(report: CaseReport) -> str:
    """The standalone HTML report."""
    return _env().get_template("case_report.html").render(r=report)


def render_case_pdf(html: str) -> bytes:
    """The report as PDF (WeasyPrint; no network access: external URLs are refused)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: pango/cairo system libraries missing
        raise ReportError("PDF export needs WeasyPrint and its system libraries (pip install weasyprint)") from exc

    def _no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
        if url.startswith("data:"):
            from weasyprint import default_url_fetcher

            return default_url_fetcher(url)  # type: ignore[no-any-return]
        raise ReportError("external resources are not fetched")

    pdf = HTML(string=html, url_fetcher=_no_fetch).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf
