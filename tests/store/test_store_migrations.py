"""Migrations produce exactly the schema declared in tables.py, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from boundarywatch.store.db import migrate
from boundarywatch.store.tables import Base


def test_migrations_match_tables(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migrate_is_repeatable(engine: Engine) -> None:
    migrate(engine)
    migrate(engine)
