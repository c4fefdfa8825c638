"""Append-only, hash-chained audit trail.

Each event stores ``hash = sha256(prev_hash | seq | at | actor | action | target | detail)`` where ``detail`` is
canonical JSON kept exactly as hashed. Editing any field of any event, deleting or inserting one in the middle,
or reordering events breaks the chain, and :func:`verify_chain` names the first bad sequence number. Deleting the
newest events is caught against the head row; to guard against an attacker who rewrites the head as well, keep
the printed head hash somewhere else (a supervision file, a ticket) and compare it later.

Details carry ids and counts only, never transcript text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from boundarywatch.store import repository as repo
from boundarywatch.store.tables import AuditEventRow

__all__ = ["GENESIS_HASH", "AuditVerification", "event_hash", "record_event", "verify_chain"]

GENESIS_HASH = "0" * 64


def _canonical(detail: Mapping[str, object] | None) -> str:
    return json.dumps(dict(detail or {}), sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str)


def event_hash(*, prev_hash: str, seq: int, at: str, actor: str, action: str, target: str, detail: str) -> str:
    """The chained hash of one event."""
    payload = "\x1f".join([prev_hash, str(seq), at, actor, action, target, detail])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record_event(
    *, session: Session, actor: str, action: str, target: str = "", detail: Mapping[str, object] | None = None
) -> AuditEventRow:
    """Append one event in the caller's transaction (so it commits or rolls back with the action it records)."""
    seq, prev = repo.advance_audit_head(session=session)
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    canon = _canonical(detail)
    digest = event_hash(prev_hash=prev, seq=seq, at=at, actor=actor, action=action, target=target, detail=canon)
    row = repo.insert_audit_event(
        session=session,
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        target=target,
        detail=canon,
        prev_hash=prev,
        digest=digest,
    )
    return row


@dataclass(frozen=True)
class AuditVerification:
    """Result of :func:`verify_chain`: ``ok``, how many events were checked, the head, and the problems found."""

    ok: bool
    events: int
    head_hash: str
    problems: tuple[str, ...]


def verify_chain(*, session: Session) -> AuditVerification:
    """Walk the whole chain and report every edited, deleted, inserted or reordered event."""
    problems: list[str] = []
    prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    for ev in repo.iter_audit_events(session=session):
        count += 1
        if ev.seq != expected_seq:
            problems.append(f"event {expected_seq}: missing (next stored event is {ev.seq}); deleted or reordered")
            expected_seq = ev.seq
        if ev.prev_hash != prev:
            problems.append(f"event {ev.seq}: does not chain to the previous event")
        digest = event_hash(
            prev_hash=ev.prev_hash,
            seq=ev.seq,
            at=ev.at,
            actor=ev.actor,
            action=ev.action,
            target=ev.target,
            detail=ev.detail,
        )
        if digest != ev.hash:
            problems.append(f"event {ev.seq}: contents do not match its hash; edited")
        prev = ev.hash
        expected_seq += 1
    head_seq, head_hash = repo.get_audit_head(session=session)
    if head_seq != expected_seq - 1 or head_hash != prev:
        problems.append(
            f"chain ends at event {expected_seq - 1} but the head records event {head_seq}; "
            "newest events deleted or head altered"
        )
    return AuditVerification(ok=not problems, events=count, head_hash=head_hash, problems=tuple(problems))
