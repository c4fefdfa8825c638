"""Flag review states and decisions.

A flag starts ``open``. A reviewer confirms, dismisses or escalates it, always with a reason code; an escalated
flag is later confirmed or dismissed. Confirmed and dismissed are final. Dismissing a high or critical flag needs
a comment. Decisions use an optimistic version check: of two reviewers deciding the same flag at once, exactly one
wins and the other gets :class:`ConflictError`. Every decision appends an audit event in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from boundarywatch.store import repository as repo
from boundarywatch.store.audit import record_event
from boundarywatch.store.tables import DecisionRow

__all__ = [
    "ACTIONS",
    "REASONS",
    "TRANSITIONS",
    "ConflictError",
    "DecisionError",
    "Reason",
    "comment_required",
    "decide",
    "reason_label",
]

#: action -> resulting status
ACTIONS: dict[str, str] = {"confirm": "confirmed", "dismiss": "dismissed", "escalate": "escalated"}

#: status -> actions allowed from it
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "open": ("confirm", "dismiss", "escalate"),
    "escalated": ("confirm", "dismiss"),
    "confirmed": (),
    "dismissed": (),
}


@dataclass(frozen=True)
class Reason:
    """A reason code offered for an action."""

    code: str
    label: str


REASONS: dict[str, tuple[Reason, ...]] = {
    "confirm": (
        Reason("boundary_violation", "Boundary violation"),
        Reason("undocumented_crossing", "Crossing without documented clinical rationale"),
        Reason("pattern_of_concern", "Part of a pattern of concern"),
    ),
    "dismiss": (
        Reason("false_positive", "False positive"),
        Reason("clinically_indicated", "Clinically indicated and documented"),
        Reason("boundary_held", "Boundary held appropriately"),
        Reason("duplicate", "Duplicate of another flag"),
    ),
    "escalate": (
        Reason("needs_consultation", "Needs consultation"),
        Reason("ethics_legal_review", "Needs ethics or legal review"),
        Reason("client_safety", "Possible client safety issue"),
    ),
}


class DecisionError(ValueError):
    """The decision is not allowed (unknown action or reason, wrong state, missing comment)."""


class ConflictError(RuntimeError):
    """Someone else decided the flag first; reload and look again."""


def reason_label(code: str) -> str:
    """The readable label of a reason code (the code itself if unknown)."""
    for reasons in REASONS.values():
        for r in reasons:
            if r.code == code:
                return r.label
    return code


def comment_required(action: str, severity: str) -> bool:
    """Dismissing a high or critical flag needs a written comment."""
    return action == "dismiss" and severity in ("high", "critical")


def decide(
    *,
    session: Session,
    flag_id: int,
    expected_version: int,
    action: str,
    reason_code: str,
    comment: str,
    reviewer: str,
) -> DecisionRow:
    """Apply a decision if the flag is still at ``expected_version``; raises DecisionError or ConflictError."""
    flag = repo.get_flag(session=session, flag_id=flag_id)
    if flag is None:
        raise DecisionError("no such flag")
    if action not in ACTIONS:
        raise DecisionError(f"unknown action {action!r}; use one of {', '.join(ACTIONS)}")
    if reason_code not in {r.code for r in REASONS[action]}:
        raise DecisionError(f"choose a reason for {action}")
    comment = comment.strip()
    if comment_required(action, flag.severity) and not comment:
        raise DecisionError(f"a comment is required to dismiss a {flag.severity} flag")
    if flag.version != expected_version:
        raise ConflictError(_conflict_message(flag.decisions))
    if action not in TRANSITIONS.get(flag.status, ()):
        raise DecisionError(f"a {flag.status} flag cannot be {ACTIONS[action]}")
    from_status = flag.status
    if not repo.update_flag_status(
        session=session, flag_id=flag_id, expected_version=expected_version, status=ACTIONS[action]
    ):
        session.rollback()
        fresh = repo.get_flag(session=session, flag_id=flag_id)
        raise ConflictError(_conflict_message(fresh.decisions if fresh else []))
    decision = repo.add_decision(
        session=session,
        decision=DecisionRow(
            flag_id=flag_id,
            reviewer=reviewer,
            action=action,
            from_status=from_status,
            to_status=ACTIONS[action],
            reason_code=reason_code,
            comment=comment,
        ),
    )
    record_event(
        session=session,
        actor=reviewer,
        action="decision",
        target=f"flag:{flag_id}",
        detail={
            "action": action,
            "reason": reason_code,
            "from": from_status,
            "to": ACTIONS[action],
            "version": expected_version + 1,
            "comment_given": bool(comment),
        },
    )
    session.expire(flag)
    return decision


def _conflict_message(decisions: list[DecisionRow]) -> str:
    if decisions:
        last = decisions[-1]
        return (
            f"This flag was just {last.to_status} by {last.reviewer}; your decision was not saved. "
            "Review the current state before deciding again."
        )
    return "This flag changed while you were reviewing it; your decision was not saved. Reload and try again."
