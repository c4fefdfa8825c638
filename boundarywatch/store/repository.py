"""Every database query lives here: keyword-only functions over a :class:`~sqlalchemy.orm.Session`.

Routes, the importer, the workflow and the audit module call these; nothing else builds ``select()``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.orm import Session, selectinload

from boundarywatch.store.tables import (
    AuditEventRow,
    AuditHeadRow,
    CaseRow,
    DecisionRow,
    DocumentRow,
    FlagRow,
    ImportRow,
    UserRow,
    UtteranceRow,
)

__all__ = [
    "FlagFilter",
    "add_decision",
    "add_document",
    "add_flag",
    "advance_audit_head",
    "case_documents",
    "case_flags",
    "count_flags",
    "count_rows",
    "create_import",
    "create_user",
    "decisions_per_reviewer",
    "dismissal_rate_per_category",
    "distinct_values",
    "existing_fingerprints",
    "get_audit_head",
    "get_case",
    "get_document_by_hash",
    "get_flag",
    "get_or_create_case",
    "get_user",
    "get_user_by_username",
    "get_utterances",
    "insert_audit_event",
    "iter_audit_events",
    "list_audit_events",
    "list_cases",
    "list_flags",
    "list_users",
    "open_by_category_severity",
    "queue_neighbours",
    "update_flag_status",
]

OPEN_STATUSES = ("open", "escalated")


# --- users -------------------------------------------------------------------------------------------------


def create_user(
    *, session: Session, username: str, password_hash: str, role: str, clinician_name: str | None = None
) -> UserRow:
    """Insert a user."""
    row = UserRow(username=username, password_hash=password_hash, role=role, clinician_name=clinician_name)
    session.add(row)
    session.flush()
    return row


def get_user(*, session: Session, user_id: int) -> UserRow | None:
    """A user by id."""
    return session.get(UserRow, user_id)


def get_user_by_username(*, session: Session, username: str) -> UserRow | None:
    """A user by login name."""
    return session.scalar(select(UserRow).where(UserRow.username == username))


def list_users(*, session: Session) -> Sequence[UserRow]:
    """All users by name."""
    return session.scalars(select(UserRow).order_by(UserRow.username)).all()


def count_rows(*, session: Session, table: type[Any]) -> int:
    """Number of rows in a mapped table (for tests, summaries and the demo set-up)."""
    return int(session.scalar(select(func.count()).select_from(table)) or 0)


# --- import --------------------------------------------------------------------------------------------------


def create_import(
    *, session: Session, actor: str, config_hash: str, recognizer_versions: dict[str, str]
) -> ImportRow:
    """Start an import run."""
    row = ImportRow(actor=actor, config_hash=config_hash, recognizer_versions=dict(recognizer_versions))
    session.add(row)
    session.flush()
    return row


def get_document_by_hash(*, session: Session, content_hash: str) -> DocumentRow | None:
    """An imported document by content hash."""
    return session.scalar(select(DocumentRow).where(DocumentRow.content_hash == content_hash))


def get_or_create_case(*, session: Session, clinician: str, client: str) -> CaseRow:
    """The case for a clinician-client pair, created on first sight."""
    row = session.scalar(select(CaseRow).where(CaseRow.clinician == clinician, CaseRow.client == client))
    if row is None:
        row = CaseRow(clinician=clinician, client=client)
        session.add(row)
        session.flush()
    return row


def add_document(*, session: Session, document: DocumentRow, utterances: Sequence[UtteranceRow]) -> DocumentRow:
    """Insert a document with its utterances."""
    document.utterances = list(utterances)
    session.add(document)
    session.flush()
    return document


def existing_fingerprints(*, session: Session, document_id: int) -> set[str]:
    """Fingerprints of the flags already stored for a document."""
    return set(session.scalars(select(FlagRow.fingerprint).where(FlagRow.document_id == document_id)).all())


def add_flag(*, session: Session, flag: FlagRow) -> FlagRow:
    """Insert a flag."""
    session.add(flag)
    session.flush()
    return flag


# --- queue ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlagFilter:
    """Queue filters; ``None`` or empty means "any". ``status`` defaults to open flags."""

    clinician: str | None = None
    client: str | None = None
    category: str | None = None
    kind: str | None = None
    status: str | None = "open"
    severity: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    case_id: int | None = None


def _flag_conditions(flt: FlagFilter, scope_clinician: str | None) -> list[Any]:
    conds: list[Any] = []
    if scope_clinician is not None:
        conds.append(DocumentRow.clinician == scope_clinician)
    if flt.clinician:
        conds.append(DocumentRow.clinician == flt.clinician)
    if flt.client:
        conds.append(DocumentRow.client == flt.client)
    if flt.category:
        conds.append(FlagRow.category == flt.category)
    if flt.kind:
        conds.append(FlagRow.kind == flt.kind)
    if flt.severity:
        conds.append(FlagRow.severity == flt.severity)
    if flt.status and flt.status != "all":
        conds.append(FlagRow.status == flt.status)
    if flt.date_from:
        conds.append(DocumentRow.session_date >= flt.date_from)
    if flt.date_to:
        conds.append(DocumentRow.session_date <= flt.date_to)
    if flt.case_id is not None:
        conds.append(FlagRow.case_id == flt.case_id)
    return conds


_QUEUE_ORDER = (FlagRow.severity_rank.desc(), FlagRow.score.desc(), FlagRow.id.asc())


def list_flags(
    *, session: Session, flt: FlagFilter, scope_clinician: str | None = None, limit: int = 200, offset: int = 0
) -> Sequence[FlagRow]:
    """Flags matching ``flt`` in queue order (severity, then score), with their documents loaded."""
    stmt = (
        select(FlagRow)
        .join(DocumentRow, FlagRow.document_id == DocumentRow.id)
        .where(*_flag_conditions(flt, scope_clinician))
        .options(selectinload(FlagRow.document))
        .order_by(*_QUEUE_ORDER)
        .limit(limit)
        .offset(offset)
    )
    return session.scalars(stmt).all()


def count_flags(*, session: Session, flt: FlagFilter, scope_clinician: str | None = None) -> int:
    """Number of flags matching ``flt``."""
    stmt = (
        select(func.count(FlagRow.id))
        .join(DocumentRow, FlagRow.document_id == DocumentRow.id)
        .where(*_flag_conditions(flt, scope_clinician))
    )
    return int(session.scalar(stmt) or 0)


def queue_neighbours(
    *, session: Session, flag: FlagRow, flt: FlagFilter, scope_clinician: str | None = None
) -> tuple[int | None, int | None]:
    """Ids of the previous and next flags around ``flag`` in queue order (``flag`` itself need not match)."""
    conds = _flag_conditions(flt, scope_clinician)
    rank, score, fid = flag.severity_rank, flag.score, flag.id
    after = or_(
        FlagRow.severity_rank < rank,
        and_(FlagRow.severity_rank == rank, FlagRow.score < score),
        and_(FlagRow.severity_rank == rank, FlagRow.score == score, FlagRow.id > fid),
    )
    before = or_(
        FlagRow.severity_rank > rank,
        and_(FlagRow.severity_rank == rank, FlagRow.score > score),
        and_(FlagRow.severity_rank == rank, FlagRow.score == score, FlagRow.id < fid),
    )
    base = select(FlagRow.id).join(DocumentRow, FlagRow.document_id == DocumentRow.id)
    nxt = session.scalar(base.where(*conds, after).order_by(*_QUEUE_ORDER).limit(1))
    prev = session.scalar(
        base.where(*conds, before)
        .order_by(FlagRow.severity_rank.asc(), FlagRow.score.asc(), FlagRow.id.desc())
        .limit(1)
    )
    return prev, nxt


def distinct_values(*, session: Session, column: str, scope_clinician: str | None = None) -> list[str]:
    """Distinct clinicians or clients (for filter menus)."""
    col = {"clinician": DocumentRow.clinician, "client": DocumentRow.client}[column]
    stmt = select(col).distinct().order_by(col)
    if scope_clinician is not None:
        stmt = stmt.where(DocumentRow.clinician == scope_clinician)
    return [v for v in session.scalars(stmt).all() if v]


def get_flag(*, session: Session, flag_id: int) -> FlagRow | None:
    """A flag with its document, case and decisions."""
    stmt = (
        select(FlagRow)
        .where(FlagRow.id == flag_id)
        .options(selectinload(FlagRow.document), selectinload(FlagRow.case), selectinload(FlagRow.decisions))
    )
    return session.scalar(stmt)


def get_utterances(*, session: Session, document_id: int, first: int, last: int) -> Sequence[UtteranceRow]:
    """Utterances ``first..last`` (inclusive, by index) of a document."""
    stmt = (
        select(UtteranceRow)
        .where(UtteranceRow.document_id == document_id, UtteranceRow.index >= first, UtteranceRow.index <= last)
        .order_by(UtteranceRow.index)
    )
    return session.scalars(stmt).all()


# --- decisions -----------------------------------------------------------------------------------------------


def update_flag_status(*, session: Session, flag_id: int, expected_version: int, status: str) -> bool:
    """Compare-and-set the status: succeeds only if nobody changed the flag since ``expected_version``."""
    result = session.execute(
        update(FlagRow)
        .where(FlagRow.id == flag_id, FlagRow.version == expected_version)
        .values(status=status, version=FlagRow.version + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def add_decision(*, session: Session, decision: DecisionRow) -> DecisionRow:
    """Insert a decision."""
    session.add(decision)
    session.flush()
    return decision


# --- cases ---------------------------------------------------------------------------------------------------


def list_cases(*, session: Session, scope_clinician: str | None = None) -> list[tuple[CaseRow, int, int]]:
    """Cases with (total flags, open flags), most open flags first."""
    open_count = func.sum(case((FlagRow.status.in_(OPEN_STATUSES), 1), else_=0))
    stmt = (
        select(CaseRow, func.count(FlagRow.id), func.coalesce(open_count, 0))
        .outerjoin(FlagRow, FlagRow.case_id == CaseRow.id)
        .group_by(CaseRow.id)
        .order_by(func.coalesce(open_count, 0).desc(), CaseRow.clinician, CaseRow.client)
    )
    if scope_clinician is not None:
        stmt = stmt.where(CaseRow.clinician == scope_clinician)
    return [(c, int(total), int(opened)) for c, total, opened in session.execute(stmt).all()]


def get_case(*, session: Session, case_id: int) -> CaseRow | None:
    """A case by id."""
    return session.get(CaseRow, case_id)


def case_flags(*, session: Session, case_id: int) -> Sequence[FlagRow]:
    """All flags of a case in date then transcript order, with documents and decisions."""
    stmt = (
        select(FlagRow)
        .join(DocumentRow, FlagRow.document_id == DocumentRow.id)
        .where(FlagRow.case_id == case_id)
        .options(selectinload(FlagRow.document), selectinload(FlagRow.decisions))
        .order_by(DocumentRow.session_date, DocumentRow.id, FlagRow.turn, FlagRow.id)
    )
    return session.scalars(stmt).all()


def case_documents(*, session: Session, case_id: int) -> Sequence[DocumentRow]:
    """Documents of a case by date."""
    stmt = (
        select(DocumentRow)
        .where(DocumentRow.case_id == case_id)
        .order_by(DocumentRow.session_date, DocumentRow.id)
    )
    return session.scalars(stmt).all()


# --- dashboard -----------------------------------------------------------------------------------------------


def open_by_category_severity(*, session: Session) -> list[tuple[str, str, int]]:
    """(category, severity, count) of open and escalated flags."""
    stmt = (
        select(FlagRow.category, FlagRow.severity, func.count(FlagRow.id))
        .where(FlagRow.status.in_(OPEN_STATUSES))
        .group_by(FlagRow.category, FlagRow.severity)
    )
    return [(c, s, int(n)) for c, s, n in session.execute(stmt).all()]


def decisions_per_reviewer(*, session: Session) -> list[tuple[str, str, int]]:
    """(reviewer, action, count) over all decisions."""
    stmt = select(DecisionRow.reviewer, DecisionRow.action, func.count(DecisionRow.id)).group_by(
        DecisionRow.reviewer, DecisionRow.action
    )
    return [(r, a, int(n)) for r, a, n in session.execute(stmt).all()]


def dismissal_rate_per_category(*, session: Session) -> list[tuple[str, int, int]]:
    """(category, dismissed, decided) over flags that have been decided (confirmed or dismissed)."""
    dismissed = func.sum(case((FlagRow.status == "dismissed", 1), else_=0))
    stmt = (
        select(FlagRow.category, func.coalesce(dismissed, 0), func.count(FlagRow.id))
        .where(FlagRow.status.in_(("confirmed", "dismissed")))
        .group_by(FlagRow.category)
    )
    return [(c, int(d), int(n)) for c, d, n in session.execute(stmt).all()]


# --- audit ---------------------------------------------------------------------------------------------------


def advance_audit_head(*, session: Session) -> tuple[int, str]:
    """Reserve the next sequence number; returns (seq, previous hash). Locks the head until commit."""
    session.execute(update(AuditHeadRow).where(AuditHeadRow.id == 1).values(seq=AuditHeadRow.seq + 1))
    seq, prev = session.execute(select(AuditHeadRow.seq, AuditHeadRow.hash).where(AuditHeadRow.id == 1)).one()
    return int(seq), str(prev)


def insert_audit_event(
    *,
    session: Session,
    seq: int,
    at: str,
    actor: str,
    action: str,
    target: str,
    detail: str,
    prev_hash: str,
    digest: str,
) -> AuditEventRow:
    """Insert an event and move the head hash to it."""
    row = AuditEventRow(
        seq=seq, at=at, actor=actor, action=action, target=target, detail=detail, prev_hash=prev_hash, hash=digest
    )
    session.add(row)
    session.execute(update(AuditHeadRow).where(AuditHeadRow.id == 1).values(hash=digest))
    session.flush()
    return row


def get_audit_head(*, session: Session) -> tuple[int, str]:
    """(seq, hash) of the chain head."""
    seq, digest = session.execute(select(AuditHeadRow.seq, AuditHeadRow.hash).where(AuditHeadRow.id == 1)).one()
    return int(seq), str(digest)


def iter_audit_events(*, session: Session, batch: int = 1000) -> Iterator[AuditEventRow]:
    """Every audit event in sequence order, fetched in batches."""
    last = 0
    while True:
        rows = session.scalars(
            select(AuditEventRow).where(AuditEventRow.seq > last).order_by(AuditEventRow.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def list_audit_events(
    *, session: Session, limit: int = 200, action: str | None = None, actor: str | None = None
) -> Sequence[AuditEventRow]:
    """Newest audit events first."""
    stmt = select(AuditEventRow).order_by(AuditEventRow.seq.desc()).limit(limit)
    if action:
        stmt = stmt.where(AuditEventRow.action == action)
    if actor:
        stmt = stmt.where(AuditEventRow.actor == actor)
    return session.scalars(stmt).all()
