"""The dialogue stage: from per-utterance signals to events with a kind, linked to the replies they get.

For each utterance and category the recognizers' scores are combined; the speaker's role and the learned kind
head decide the kind (a client proposes: ``invitation``; a therapist initiates or accepts: ``crossing``; a
therapist declines or explores: ``held``). A client's proposal is then linked to the therapist's reply that
follows, so that a short acceptance ("Sure!") becomes a crossing in the proposal's category.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from boundarywatch.detect.recognizer import Signal
from boundarywatch.detect.stance import Stance, stance_of
from boundarywatch.domain import Document, Kind, Mode, Role

__all__ = ["Event", "Weights", "resolve_events"]


@dataclass(frozen=True)
class Weights:
    """How recognizer scores combine (fitted on the dev split, see docs/detection.md)."""

    pattern: float = 0.6  # weight of a lexicon cue in the noisy-or with the learned score
    none_gate: float = 0.5  # how much the learned "no event" probability discounts the score
    reply_window: int = 3  # how many utterances after a proposal the therapist's reply may come
    accept_factor: float = 0.9  # score of an inferred acceptance relative to the proposal


@dataclass
class Event:
    """A category and kind at one utterance, with the signals that support it."""

    turn: int
    category: str
    kind: Kind
    score: float
    original_score: float
    signals: list[Signal] = field(default_factory=list)
    related_turn: int | None = None
    context: str | None = None
    stance_cue: str | None = None


def _therapist_kind(ks: dict[str, float], text: str) -> tuple[Kind, str | None]:
    stance, cue = stance_of(text)
    if stance in (Stance.DECLINE, Stance.EXPLORE) and ks.get("crossing", 0) < 0.95:
        return Kind.HELD, cue
    if ks:
        return (Kind.HELD if ks.get("held", 0) > ks.get("crossing", 0) else Kind.CROSSING), cue
    return Kind.CROSSING, cue


def _narrator_kind(ks: dict[str, float]) -> Kind:
    if not ks:
        return Kind.CROSSING
    return max((Kind.CROSSING, Kind.INVITATION, Kind.HELD), key=lambda k: ks.get(k.value, 0.0))


def resolve_events(doc: Document, signals: list[Signal], weights: Weights | None = None) -> list[Event]:
    """Turn one document's signals into events (before thresholds)."""
    w = weights or Weights()
    by_key: dict[tuple[int, str], list[Signal]] = defaultdict(list)
    for s in signals:
        by_key[(s.turn, s.category)].append(s)
    events: dict[tuple[int, str], Event] = {}
    for (turn, cat), sigs in by_key.items():
        u = doc.utterances[turn]
        learned = [s for s in sigs if s.kind_scores]
        p_learned = max((s.score for s in learned), default=0.0)
        p_pattern = max((s.score for s in sigs if not s.kind_scores), default=0.0)
        ks = learned[0].kind_scores if learned else {}
        combined = 1.0 - (1.0 - p_learned) * (1.0 - w.pattern * p_pattern)
        gate = 1.0 - w.none_gate * ks.get("none", 0.0) if ks else 1.0
        # the learned "no event" probability discounts the learned evidence, but never vetoes a precise lexicon
        # cue: a cue alone scores what it would score with no learned signal at all
        score = max(combined * gate, w.pattern * p_pattern)
        stance_cue = None
        if doc.mode is Mode.REPORT or u.role is Role.NARRATOR:
            kind = _narrator_kind(ks)
        elif u.role is Role.CLIENT:
            kind = Kind.INVITATION
        elif u.role is Role.THERAPIST:
            kind, stance_cue = _therapist_kind(ks, u.text)
        else:  # unknown speaker: let the learned head decide among all kinds
            kind = _narrator_kind(ks)
        events[(turn, cat)] = Event(turn, cat, kind, score, max(p_learned, p_pattern), sigs, stance_cue=stance_cue)
    if doc.mode is Mode.DIALOGUE:
        _link_replies(doc, events, w)
    return sorted(events.values(), key=lambda e: (e.turn, e.category))


def _link_replies(doc: Document, events: dict[tuple[int, str], Event], w: Weights) -> None:
    """Link each client invitation to the therapist's reply; infer short acceptances and declines."""
    utts = doc.utterances
    for (turn, cat), ev in sorted(events.items()):
        if ev.kind is not Kind.INVITATION:
            continue
        reply = next((v for v in utts[turn + 1 : turn + 1 + w.reply_window]
                      if v.role is Role.THERAPIST and v.thread == utts[turn].thread), None)
        if reply is None:
            continue
        ev.related_turn = reply.index
        existing = events.get((reply.index, cat))
        if existing is not None:
            existing.related_turn = turn
            existing.context = f"reply to the client's proposal at turn {turn}"
            # a reply the model already reads as taking up the proposal is as likely as the proposal itself
            if existing.kind is Kind.CROSSING and existing.score < ev.score * w.accept_factor:
                existing.score = ev.score * w.accept_factor
                existing.context = f"took up the client's proposal at turn {turn}"
            continue
        stance, cue = stance_of(reply.text)
        if stance is Stance.NEUTRAL:
            continue
        kind = Kind.CROSSING if stance is Stance.ACCEPT else Kind.HELD
        verb = {Kind.CROSSING: "accepted", Kind.HELD: "declined or explored"}[kind]
        events[(reply.index, cat)] = Event(
            reply.index, cat, kind, ev.score * w.accept_factor, 0.0, [], related_turn=turn,
            context=f"{verb} the client's proposal at turn {turn}", stance_cue=cue,
        )
