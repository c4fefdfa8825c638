"""A ScanResult-shaped record for demo data (keeps the demo independent of the ingest readers)."""

from __future__ import annotations

from dataclasses import dataclass, field

from boundarywatch.domain import Document, Finding

__all__ = ["DemoResult"]


@dataclass
class DemoResult:
    """Same fields as :class:`boundarywatch.pipeline.ScanResult`."""

    path: str
    document: Document | None = None
    findings: list[Finding] = field(default_factory=list)
    error: None = None
