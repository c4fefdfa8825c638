"""Conflict check over practice records: find the same person in two roles.

A separate domain from transcript screening (it never imports ``boundarywatch.detect``). Record files are
loaded by :mod:`.loading` into the data model of :mod:`.records`, identities are normalised by :mod:`.identity`,
people are linked across sources by :mod:`.matching` (Splink on DuckDB, model in :mod:`.linkage_model`), rules
R1–R12 of the domain reference live in :mod:`.rules`, and :class:`ConflictChecker` ties them together.
"""

from __future__ import annotations

from boundarywatch.conflicts.checker import CheckOptions, ConflictChecker, scan_findings
from boundarywatch.conflicts.loading import load_records
from boundarywatch.conflicts.records import RecordIssue, RecordSet
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
