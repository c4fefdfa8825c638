"""Conflict check over practice records: find the same person in two roles.

A separate domain from transcript screening (it never imports ``boundarywatch.detect``). Records are loaded by
:mod:`.records`, people are linked across sources by :mod:`.matching` (Splink on DuckDB), rules R1–R12 of the
domain reference live in :mod:`.rules`, and :class:`ConflictChecker` ties them together.
"""

from __future__ import annotations

from boundarywatch.conflicts.checker import CheckOptions, ConflictChecker, scan_findings
from boundarywatch.conflicts.records import RecordIssue, RecordSet, load_records
from boundarywatch.conflicts.rules import ConflictFinding

__all__ = [
    "CheckOptions",
    "ConflictChecker",
    "ConflictFinding",
    "RecordIssue",
    "RecordSet",
    "load_records",
    "scan_findings",
]
