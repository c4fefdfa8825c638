"""Validated forms and query parameters for the web layer."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlencode

from pydantic import BaseModel, Field, field_validator

from boundarywatch.store.repository import FlagFilter

__all__ = ["FILTER_KEYS", "STATUSES", "DecisionForm", "UserCreate", "filter_from_query", "filter_query_string"]

STATUSES = ("open", "escalated", "confirmed", "dismissed", "all")
FILTER_KEYS = ("clinician", "client", "category", "kind", "status", "severity", "date_from", "date_to")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def filter_from_query(params: Mapping[str, str]) -> FlagFilter:
    """Queue filters from a query string; unknown or malformed values are ignored."""
    values = {k: (params.get(k) or "").strip()[:200] or None for k in FILTER_KEYS}
    if values["status"] not in STATUSES:
        values["status"] = "open"
    for key in ("date_from", "date_to"):
        if values[key] and not _DATE.match(values[key] or ""):
            values[key] = None
    return FlagFilter(**values)  # type: ignore[arg-type]


def filter_query_string(flt: FlagFilter) -> str:
    """The query string that reproduces ``flt`` (carried from the queue into flag pages)."""
    pairs = [(k, getattr(flt, k)) for k in FILTER_KEYS if getattr(flt, k)]
    return urlencode([(k, v) for k, v in pairs if not (k == "status" and v == "open")])


class DecisionForm(BaseModel):
    """A reviewer's decision on a flag."""

    action: str = Field(pattern="^(confirm|dismiss|escalate)$")
    reason_code: str = Field(min_length=1, max_length=60)
    comment: str = Field(default="", max_length=4000)
    version: int = Field(ge=1)


class UserCreate(BaseModel):
    """A new local account."""

    username: str = Field(min_length=2, max_length=80, pattern=r"^[A-Za-z0-9_.@-]+$")
    password: str = Field(min_length=12, max_length=1024)
    role: str = Field(pattern="^(admin|supervisor|clinician|auditor)$")
    clinician_name: str | None = Field(default=None, max_length=200)

    @field_validator("clinician_name")
    @classmethod
    def _blank_is_none(cls, v: str | None) -> str | None:
        return v.strip() or None if v is not None else None
