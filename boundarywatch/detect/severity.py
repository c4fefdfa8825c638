"""Severity: the category default, then escalators and de-escalators from the domain reference.

Escalators: illegal goods (solicitation becomes critical), secrecy together with another category, the same
crossing repeated, three or more categories crossed in one conversation thread, a vulnerable client.
De-escalators, never applied to romantic/sexual events or illegal goods: the therapist held the boundary, an
explicit clinical rationale, and (for social, time/place and connected clients) a rural, military or
small-community setting.
"""

from __future__ import annotations

from collections import Counter

from boundarywatch.config import Config
from boundarywatch.detect.dialogue import Event
from boundarywatch.detect.stance import clinical_rationale, illegal_goods
from boundarywatch.detect.taxonomy import TAXONOMY
from boundarywatch.domain import Document, Kind, Severity

__all__ = ["grade"]

_SETTING_SENSITIVE = {"social", "time_place", "connected_clients"}


def grade(doc: Document, events: list[Event], config: Config) -> list[tuple[Severity, tuple[str, ...]]]:
    """Severity and the modifiers applied, for each event (same order)."""
    # repetition and co-occurrence count within one conversation thread (a message export holds many)
    thread_of = {e.turn: doc.utterances[e.turn].thread for e in events}
    crossings = [e for e in events if e.kind is Kind.CROSSING]
    repeats = Counter((thread_of[e.turn], e.category) for e in crossings)
    crossed_in: dict[str | None, set[str]] = {}
    for e in crossings:
        crossed_in.setdefault(thread_of[e.turn], set()).add(e.category)
    out = []
    for e in events:
        crossed = crossed_in.get(thread_of[e.turn], set())
        n_repeats = repeats[(thread_of[e.turn], e.category)]
        text = doc.utterances[e.turn].text
        sev = TAXONOMY[e.category].severity
        mods: list[str] = []
        up = 0
        down = 0
        protected = e.category == "romantic_sexual"
        if e.category == "solicitation" and (cue := illegal_goods(text)):
            sev = Severity.CRITICAL
            protected = True
            mods.append(f"illegal goods ({cue})")
        if e.kind is Kind.CROSSING:
            if "secrecy" in crossed and e.category != "secrecy":
                up += 1
                mods.append("secrecy in the same conversation")
            if e.category == "secrecy" and len(crossed) > 1:
                up += 1
                mods.append("secrecy together with another category")
            if n_repeats > 1:
                up += 1
                mods.append(f"repeated ({n_repeats} crossings)")
            if len(crossed) >= 3:
                up += 1
                mods.append(f"{len(crossed)} categories crossed")
        if config.vulnerable_client:
            up += 1
            mods.append("vulnerable client")
        if not protected:
            if e.kind is Kind.HELD:
                down += 1
                mods.append("therapist held the boundary")
            if cue := clinical_rationale(text):
                down += 1
                mods.append(f"clinical rationale ({cue})")
            if config.practice_setting != "standard" and e.category in _SETTING_SENSITIVE:
                down += 1
                mods.append(f"{config.practice_setting} setting")
        out.append((sev.shifted(min(up, 1) - min(down, 2)), tuple(mods)))
    return out
