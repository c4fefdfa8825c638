"""Audit chain: appends verify; any edited or deleted event is detected."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from boundarywatch.store.audit import record_event, verify_chain
from boundarywatch.store.db import session_scope


def _fill(factory: sessionmaker[Session], n: int = 5) -> None:
    for i in range(n):
        with session_scope(factory) as s:
            record_event(session=s, actor="alice", action="login", target=f"user:{i}", detail={"i": i})


def _verify(factory: sessionmaker[Session]):  # type: ignore[no-untyped-def]
    with session_scope(factory) as s:
        return verify_chain(session=s)


def test_intact_chain_verifies(factory: sessionmaker[Session]) -> None:
    assert _verify(factory).ok and _verify(factory).events == 0
    _fill(factory)
    result = _verify(factory)
    assert result.ok and result.events == 5 and len(result.head_hash) == 64


def test_rolled_back_event_leaves_chain_intact(factory: sessionmaker[Session]) -> None:
    _fill(factory, 2)
    s = factory()
    record_event(session=s, actor="bob", action="export", target="case:1")
    s.rollback()
    s.close()
    _fill(factory, 1)
    assert _verify(factory).ok


@pytest.mark.parametrize(
    ("statement", "params", "problem"),
    [
        pytest.param(
            "UPDATE audit_events SET actor = 'mallory' WHERE seq = 3", {}, ("event 3", "edited"), id="edited-event"
        ),
        pytest.param("UPDATE audit_events SET detail = :d WHERE seq = 2", {"d": '{"i":9}'}, None, id="edited-detail"),
        pytest.param("DELETE FROM audit_events WHERE seq = 2", {}, ("event 2", "deleted"), id="deleted-event"),
        pytest.param("DELETE FROM audit_events WHERE seq = 5", {}, None, id="deleted-newest-event"),
    ],
)
def test_tampering_is_detected(
    factory: sessionmaker[Session], statement: str, params: dict[str, str], problem: tuple[str, ...] | None
) -> None:
    """An edit or deletion made behind the app's back fails verification, naming the event where it can."""
    _fill(factory)
    with factory.begin() as s:
        s.execute(text(statement), params)
    result = _verify(factory)
    assert not result.ok
    if problem is not None:
        assert any(all(word in p for word in problem) for p in result.problems)


def test_rehashed_forgery_still_breaks_the_link(factory: sessionmaker[Session]) -> None:
    """Recomputing one event's own hash after an edit does not help: the next event no longer chains to it."""
    from boundarywatch.store.audit import event_hash

    _fill(factory)
    with factory.begin() as s:
        row = s.execute(
            text("SELECT seq, at, actor, action, target, detail, prev_hash FROM audit_events WHERE seq = 2")
        ).one()
        forged = event_hash(
            prev_hash=row.prev_hash,
            seq=row.seq,
            at=row.at,
            actor="mallory",
            action=row.action,
            target=row.target,
            detail=row.detail,
        )
        s.execute(text("UPDATE audit_events SET actor='mallory', hash=:h WHERE seq = 2"), {"h": forged})
    result = _verify(factory)
    assert not result.ok and any("event 3" in p for p in result.problems)
