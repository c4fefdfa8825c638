"""SQLAlchemy 2 tables, kept separate from the domain dataclasses.

Rows: users, import runs, cases (one per clinician-client pair), documents with their utterances, flags with
the explanation and provenance that produced them, review decisions, and the hash-chained audit log.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = [
    "AuditEventRow",
    "AuditHeadRow",
    "Base",
    "CaseRow",
    "DecisionRow",
    "DocumentRow",
    "FlagRow",
    "ImportRow",
    "UserRow",
    "UtteranceRow",
    "utcnow",
]


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base for every boundarywatch table."""

    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}


class UserRow(Base):
    """A local account. ``clinician_name`` links a clinician account to the therapist speaker in documents."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    clinician_name: Mapped[str | None] = mapped_column(String(200), default=None)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ImportRow(Base):
    """One import run: who, when, and the provenance shared by its flags."""

    __tablename__ = "imports"
    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    config_hash: Mapped[str] = mapped_column(String(64))
    recognizer_versions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    documents_new: Mapped[int] = mapped_column(default=0)
    documents_skipped: Mapped[int] = mapped_column(default=0)
    flags_new: Mapped[int] = mapped_column(default=0)
    errors: Mapped[int] = mapped_column(default=0)


class CaseRow(Base):
    """A therapist-client pair; collects the documents and flags over time."""

    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("clinician", "client", name="uq_cases_pair"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    clinician: Mapped[str] = mapped_column(String(200))
    client: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DocumentRow(Base):
    """An imported document; ``content_hash`` makes re-imports idempotent."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(128), unique=True)
    path: Mapped[str] = mapped_column(String(1000))
    mode: Mapped[str] = mapped_column(String(20))
    input_format: Mapped[str] = mapped_column(String(40))
    clinician: Mapped[str] = mapped_column(String(200), index=True)
    client: Mapped[str] = mapped_column(String(200), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    session_date: Mapped[str] = mapped_column(String(10), index=True)  # ISO date, from metadata or import day
    doc_metadata: Mapped[dict[str, Any]] = mapped_column("metadata", default=dict)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    utterances: Mapped[list[UtteranceRow]] = relationship(
        back_populates="document", order_by="UtteranceRow.index", cascade="all, delete-orphan"
    )


class UtteranceRow(Base):
    """One utterance with its speaker, role, text and timestamps."""

    __tablename__ = "utterances"
    __table_args__ = (UniqueConstraint("document_id", "index", name="uq_utterances_doc_index"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    index: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    source_start: Mapped[int] = mapped_column(default=0)
    timestamp: Mapped[str | None] = mapped_column(String(40), default=None)
    end_timestamp: Mapped[str | None] = mapped_column(String(40), default=None)
    thread: Mapped[str | None] = mapped_column(String(200), default=None)
    document: Mapped[DocumentRow] = relationship(back_populates="utterances")


class FlagRow(Base):
    """A finding under review. ``version`` is the optimistic-lock counter bumped by every decision."""

    __tablename__ = "flags"
    __table_args__ = (
        UniqueConstraint("document_id", "fingerprint", name="uq_flags_doc_fingerprint"),
        Index("ix_flags_queue", "status", "severity_rank", "score"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id"))
    fingerprint: Mapped[str] = mapped_column(String(64))
    turn: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(200))
    speaker_role: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(20))
    severity_rank: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    utt_start: Mapped[int] = mapped_column(Integer, default=0)
    utt_end: Mapped[int] = mapped_column(Integer, default=0)
    evidence: Mapped[str] = mapped_column(Text)
    rationale: Mapped[str] = mapped_column(Text)
    codes: Mapped[list[str]] = mapped_column(default=list)
    recognizer: Mapped[str] = mapped_column(String(200))
    explanation: Mapped[dict[str, Any]] = mapped_column(default=dict)
    timestamp: Mapped[str | None] = mapped_column(String(40), default=None)
    related_turn: Mapped[int | None] = mapped_column(Integer, default=None)
    config_hash: Mapped[str] = mapped_column(String(64))
    recognizer_versions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), default="open")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    document: Mapped[DocumentRow] = relationship()
    case: Mapped[CaseRow] = relationship()
    decisions: Mapped[list[DecisionRow]] = relationship(back_populates="flag", order_by="DecisionRow.id")


class DecisionRow(Base):
    """One review decision on a flag (append-only; the flag's ``status`` is the latest)."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id"), index=True)
    reviewer: Mapped[str] = mapped_column(String(80), index=True)
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    reason_code: Mapped[str] = mapped_column(String(60))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    flag: Mapped[FlagRow] = relationship(back_populates="decisions")


class AuditEventRow(Base):
    """An append-only audit event; ``hash`` chains it to the previous event (see ``store/audit.py``)."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    at: Mapped[str] = mapped_column(String(40))  # ISO-8601 UTC string, hashed exactly as stored
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40), index=True)
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON, hashed exactly as stored
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHeadRow(Base):
    """Single row holding the chain head; updating it first serialises concurrent appends on every database."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64))
