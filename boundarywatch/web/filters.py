"""Jinja filters and globals: evidence highlighting, labels and dates. Output is always escaped by Jinja."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jinja2 import Environment

from boundarywatch.review.workflow import reason_label

__all__ = ["CATEGORY_LABELS", "highlight_segments", "install"]

CATEGORY_LABELS: dict[str, str] = {
    "romantic_sexual": "Romantic / sexual",
    "physical_contact": "Physical contact",
    "gifts": "Gifts",
    "solicitation": "Solicitation",
    "financial": "Financial",
    "testimonial": "Testimonial",
    "social": "Social",
    "self_disclosure": "Self-disclosure",
    "time_place": "Time / place",
    "role_conflict": "Role conflict",
    "connected_clients": "Connected clients",
    "undue_influence": "Undue influence",
    "secrecy": "Secrecy",
}


def highlight_segments(text: str, start: int, end: int, evidence: str = "") -> list[tuple[str, bool]]:
    """Split ``text`` into (piece, is_evidence) so the template can wrap the evidence in ``<mark>``."""
    if not (0 <= start < end <= len(text)):
        pos = text.find(evidence) if evidence else -1
        if pos < 0:
            return [(text, False)]
        start, end = pos, pos + len(evidence)
    return [p for p in ((text[:start], False), (text[start:end], True), (text[end:], False)) if p[0]]


def _category(value: str) -> str:
    return CATEGORY_LABELS.get(value, value.replace("_", " ").capitalize())


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, str) and "T" in value:
        return value[:16].replace("T", " ") + " UTC"
    return "" if value is None else str(value)


def install(env: Environment) -> None:
    """Register the filters on a Jinja environment."""
    env.filters["category"] = _category
    env.filters["reason"] = reason_label
    env.filters["when"] = _when
    env.globals["highlight_segments"] = highlight_segments
    env.globals["CATEGORY_LABELS"] = CATEGORY_LABELS
