"""Engines, sessions and migrations.

The default store is an embedded SQLite file; production uses PostgreSQL through psycopg 3. Every URL goes
through :func:`normalise_url`, so ``postgres://``, ``postgresql://`` and plain file paths all work.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

__all__ = [
    "DEFAULT_DB_URL",
    "ENV_DB",
    "make_engine",
    "make_session_factory",
    "migrate",
    "migrated_session",
    "normalise_url",
    "resolve_db_url",
    "session_scope",
]

ENV_DB = "BOUNDARYWATCH_DB"
DEFAULT_DB_URL = "sqlite:///boundarywatch.db"


def normalise_url(url: str) -> str:
    """Return a SQLAlchemy URL: Postgres URLs use the psycopg 3 driver; a bare path becomes a SQLite file."""
    url = url.strip()
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if "://" not in url and not url.startswith("sqlite:"):
        return f"sqlite:///{Path(url).expanduser()}"
    return url


def resolve_db_url(url: str | None = None) -> str:
    """The URL to use: the explicit one, else ``$BOUNDARYWATCH_DB``, else ``./boundarywatch.db``."""
    return normalise_url(url or os.environ.get(ENV_DB) or DEFAULT_DB_URL)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """Create an engine for ``url`` (see :func:`resolve_db_url`); SQLite gets foreign keys and a busy timeout."""
    full = resolve_db_url(url)
    if full.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 10})
        engine = create_engine(full, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(full, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose objects stay readable after commit (templates render after the transaction)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(engine_or_factory: Engine | sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any exception (nothing is half-written)."""
    factory = (
        make_session_factory(engine_or_factory) if isinstance(engine_or_factory, Engine) else engine_or_factory
    )
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` with the packaged Alembic migrations (run on every start)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


@contextmanager
def migrated_session(url: str | None = None) -> Iterator[Session]:
    """One :func:`session_scope` on the database at ``url``, migrated first; the engine is disposed afterwards."""
    engine = make_engine(url)
    try:
        migrate(engine)
        with session_scope(engine) as session:
            yield session
    finally:
        engine.dispose()
