"""Decisions: transitions, reasons, required comments, audit events and the concurrency guard."""

from __future__ import annotations

import threading

import pytest
from dbsupport import make_doc, make_finding, make_result
from sqlalchemy.orm import Session, sessionmaker

from boundarywatch.domain import Severity
from boundarywatch.review.workflow import REASONS, ConflictError, DecisionError, decide
from boundarywatch.store import repository as repo
from boundarywatch.store.audit import verify_chain
from boundarywatch.store.db import session_scope
from boundarywatch.store.importer import import_results


def _seed(factory: sessionmaker[Session], severity: Severity = Severity.HIGH) -> int:
    doc = make_doc()
    with session_scope(factory) as s:
        import_results(
            session=s,
            results=[make_result(doc, [make_finding(doc, severity=severity)])],
            config_hash="c",
            recognizer_versions={},
            actor="importer",
        )
        return repo.list_flags(session=s, flt=repo.FlagFilter())[0].id


def _decide(
    factory: sessionmaker[Session],
    fid: int,
    action: str,
    reason: str,
    comment: str = "",
    version: int = 1,
    reviewer: str = "sup",
):  # type: ignore[no-untyped-def]
    with session_scope(factory) as s:
        return decide(
            session=s,
            flag_id=fid,
            expected_version=version,
            action=action,
            reason_code=reason,
            comment=comment,
            reviewer=reviewer,
        )


def test_confirm_records_decision_and_audit(factory: sessionmaker[Session]) -> None:
    fid = _seed(factory)
    _decide(factory, fid, "confirm", "boundary_violation")
    with session_scope(factory) as s:
        flag = repo.get_flag(session=s, flag_id=fid)
        assert flag is not None and flag.status == "confirmed" and flag.version == 2
        assert [(d.action, d.reason_code, d.reviewer) for d in flag.decisions] == [
            ("confirm", "boundary_violation", "sup")
        ]
        events = repo.list_audit_events(session=s, action="decision")
        assert len(events) == 1 and events[0].target == f"flag:{fid}"
        assert verify_chain(session=s).ok


def test_dismissing_high_needs_comment(factory: sessionmaker[Session]) -> None:
    fid = _seed(factory)
    with pytest.raises(DecisionError, match="comment"):
        _decide(factory, fid, "dismiss", "false_positive", "  ")
    _decide(factory, fid, "dismiss", "false_positive", "no meeting happened; joke")


def test_dismissing_low_needs_no_comment(factory: sessionmaker[Session]) -> None:
    fid = _seed(factory, Severity.LOW)
    _decide(factory, fid, "dismiss", "false_positive")


@pytest.mark.parametrize("action,reason", [("confirm", "false_positive"), ("fly", "x"), ("dismiss", "")])
def test_bad_reason_or_action(factory: sessionmaker[Session], action: str, reason: str) -> None:
    fid = _seed(factory)
    with pytest.raises(DecisionError):
        _decide(factory, fid, action, reason, "c")


def test_escalated_then_resolved_and_final(factory: sessionmaker[Session]) -> None:
    fid = _seed(factory)
    _decide(factory, fid, "escalate", "needs_consultation")
    with pytest.raises(DecisionError):
        _decide(factory, fid, "escalate", "needs_consultation", version=2)
    _decide(factory, fid, "confirm", "pattern_of_concern", version=2)
    with pytest.raises(DecisionError):
        _decide(factory, fid, "dismiss", "false_positive", "x", version=3)


def test_stale_version_is_a_conflict(factory: sessionmaker[Session]) -> None:
    fid = _seed(factory)
    _decide(factory, fid, "confirm", "boundary_violation", reviewer="alice")
    with pytest.raises(ConflictError, match="confirmed by alice"):
        _decide(factory, fid, "dismiss", "false_positive", "x", reviewer="bob")


def test_two_reviewers_at_once_only_one_wins(factory: sessionmaker[Session]) -> None:
    """Both read version 1 and then write at the same moment; the database lets exactly one through."""
    fid = _seed(factory)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def review(name: str, action: str, reason: str) -> None:
        s = factory()
        try:
            repo.get_flag(session=s, flag_id=fid)  # both have loaded the flag at version 1
            barrier.wait()
            decide(
                session=s,
                flag_id=fid,
                expected_version=1,
                action=action,
                reason_code=reason,
                comment="concurrent",
                reviewer=name,
            )
            s.commit()
            outcomes[name] = "won"
        except ConflictError:
            s.rollback()
            outcomes[name] = "conflict"
        finally:
            s.close()

    threads = [
        threading.Thread(target=review, args=("alice", "confirm", "boundary_violation")),
        threading.Thread(target=review, args=("bob", "dismiss", "false_positive")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes.values()) == ["conflict", "won"]
    with session_scope(factory) as s:
        flag = repo.get_flag(session=s, flag_id=fid)
        assert flag is not None and len(flag.decisions) == 1 and flag.version == 2
        assert verify_chain(session=s).ok


def test_reason_catalogue_is_complete() -> None:
    assert set(REASONS) == {"confirm", "dismiss", "escalate"}
    labels = {r.label for rs in REASONS.values() for r in rs}
    assert {"Clinically indicated and documented", "False positive", "Needs consultation"} <= labels
