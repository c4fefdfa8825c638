"""Helpers to build small record sets in a temporary directory."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

STAFF = [
    {
        "name": "Helen Okafor",
        "email": "helen@p.example",
        "phone": "555-000-0001",
        "dob": "1970-01-01",
        "role": "clinician",
        "staff_id": "S1",
        "start_date": "2010-01-01",
    },
    {
        "name": "Marcus Reyes",
        "email": "marcus@p.example",
        "phone": "555-000-0002",
        "dob": "1975-01-01",
        "role": "clinician",
        "staff_id": "S2",
        "start_date": "2010-01-01",
    },
]


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    """Write rows with the union of their keys as header."""
    cols: list[str] = []
    for r in rows:
        cols.extend(k for k in r if k not in cols)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        w.writerows(rows)


@pytest.fixture
def make_records(tmp_path: Path) -> Callable[..., Path]:
    """make_records(clients=[...], ties=[...], ...) -> directory with staff.csv plus the given kinds."""

    def make(**kinds: list[dict[str, str]]) -> Path:
        d = tmp_path / "records"
        d.mkdir(exist_ok=True)
        write_csv(d / "staff.csv", STAFF + kinds.pop("staff", []))
        for kind, rows in kinds.items():
            if rows:
                write_csv(d / f"{kind}.csv", rows)
        return d

    return make
