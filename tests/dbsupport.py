"""Shared test support for the store, review and web tests: databases (SQLite and PostgreSQL) and factories.

PostgreSQL runs only when ``BOUNDARYWATCH_TEST_PG`` holds a URL (``scripts/start_postgres.sh`` prints one);
each test gets an empty schema. All transcripts here are synthetic.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from boundarywatch.domain import Document, Explanation, Finding, Kind, Mode, Role, Severity, Utterance
from boundarywatch.store.db import make_engine, make_session_factory, migrate

try:
    from boundarywatch.pipeline import ScanResult
except ImportError:  # the ingest package is being extended concurrently; same shape as pipeline.ScanResult
    from dataclasses import dataclass, field

    from boundarywatch.errors import InputError

    @dataclass
    class ScanResult:  # type: ignore[no-redef]
        """Stand-in for :class:`boundarywatch.pipeline.ScanResult`."""

        path: str
        document: Document | None = None
        findings: list[Finding] = field(default_factory=list)
        error: InputError | None = None


__all__ = [
    "ScanResult",
    "DB_PARAMS",
    "db_url",
    "engine",
    "factory",
    "make_doc",
    "make_finding",
    "make_result",
    "reset_postgres",
]

PG_URL = os.environ.get("BOUNDARYWATCH_TEST_PG")

DB_PARAMS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgres",
        id="postgres",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not PG_URL, reason="BOUNDARYWATCH_TEST_PG is not set"),
        ],
    ),
]


def reset_postgres(url: str) -> None:
    """Drop and recreate the public schema (each test starts empty)."""
    eng = make_engine(url)
    with eng.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    eng.dispose()


@pytest.fixture(params=DB_PARAMS)
def db_url(request: pytest.FixtureRequest, tmp_path: object) -> str:
    """A URL to an empty database, SQLite file or PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/bw.db"
    assert PG_URL
    reset_postgres(PG_URL)
    return PG_URL


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated engine."""
    eng = make_engine(db_url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory on the migrated engine."""
    return make_session_factory(engine)


def make_doc(
    path: str = "s1.txt",
    lines: list[tuple[str, Role, str]] | None = None,
    *,
    content_hash: str | None = None,
    date: str | None = "2024-03-01",
    mode: Mode = Mode.DIALOGUE,
) -> Document:
    """A synthetic dialogue document."""
    lines = lines or [
        ("Dr. Reyes", Role.THERAPIST, "How was your week?"),
        ("Sam", Role.CLIENT, "Good. Would you like to get coffee sometime, just as friends?"),
        ("Dr. Reyes", Role.THERAPIST, "Sure, let's meet at the cafe on Saturday."),
        ("Sam", Role.CLIENT, "Great, I'll bring the book I promised."),
    ]
    utts = tuple(
        Utterance(index=i, speaker=s, role=r, text=t, source=t, source_start=0, timestamp=f"00:0{i}:00")
        for i, (s, r, t) in enumerate(lines)
    )
    return Document(
        path=path,
        mode=mode,
        utterances=utts,
        input_format="text",
        content_hash=content_hash if content_hash is not None else f"hash-{path}",
        metadata={"date": date} if date else {},
    )


def make_finding(
    doc: Document,
    turn: int = 2,
    *,
    category: str = "social",
    kind: Kind = Kind.CROSSING,
    severity: Severity = Severity.HIGH,
    score: float = 0.8,
    cue: str | None = None,
    related_turn: int | None = None,
) -> Finding:
    """A finding on ``doc`` at ``turn`` whose evidence is the cue (or the first 20 characters)."""
    utt = doc.utterances[turn]
    cue = cue or utt.text[:20]
    start = max(0, utt.text.find(cue))
    end = start + len(cue)
    return Finding(
        document=doc.path,
        turn=turn,
        speaker=utt.speaker,
        speaker_role=utt.role,
        category=category,
        kind=kind,
        severity=severity,
        score=score,
        start=start,
        end=end,
        evidence=cue,
        rationale="therapist agrees to meet socially",
        codes=("APA 3.05", "ACA A.6.e"),
        recognizer="social.lexicon.v1",
        timestamp=utt.timestamp,
        related_turn=related_turn,
        utt_start=start,
        utt_end=end,
        explanation=Explanation(
            recognizer="social.lexicon@1",
            reason="accepts a social meeting",
            rule="social.meet",
            cue=cue,
            original_score=score,
            score=score,
            context="reply to turn 1",
            modifiers=("accepted",),
        ),
    )


def make_result(doc: Document, findings: list[Finding] | None = None) -> ScanResult:
    """A ScanResult for ``doc``."""
    return ScanResult(doc.path, doc, findings if findings is not None else [make_finding(doc)])
