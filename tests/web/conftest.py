"""Fixtures: SQLite and PostgreSQL databases (see tests/dbsupport.py)."""

import sys
from pathlib import Path

_TESTS = Path(__file__).resolve().parents[1]
for _p in (_TESTS, _TESTS.parent):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

from dbsupport import db_url, engine, factory  # noqa: E402,F401
