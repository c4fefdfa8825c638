"""Domain values shared by every stage: documents, utterances, findings and their explanations.

These are plain frozen dataclasses with no I/O. Ingest produces :class:`Document`, detection produces
:class:`Finding`, and the store, reports and web layer consume them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "CATEGORIES",
    "Category",
    "Document",
    "Explanation",
    "Finding",
    "Kind",
    "Mode",
    "Role",
    "Severity",
    "Utterance",
]


class Category(StrEnum):
    """The 13 boundary-risk categories (ids are stable and shared with the domain reference)."""

    ROMANTIC_SEXUAL = "romantic_sexual"
    PHYSICAL_CONTACT = "physical_contact"
    GIFTS = "gifts"
    SOLICITATION = "solicitation"
    FINANCIAL = "financial"
    TESTIMONIAL = "testimonial"
    SOCIAL = "social"
    SELF_DISCLOSURE = "self_disclosure"
    TIME_PLACE = "time_place"
    ROLE_CONFLICT = "role_conflict"
    CONNECTED_CLIENTS = "connected_clients"
    UNDUE_INFLUENCE = "undue_influence"
    SECRECY = "secrecy"


CATEGORIES: tuple[str, ...] = tuple(c.value for c in Category)


class Kind(StrEnum):
    """Who moved across the boundary, and what the therapist did about it."""

    CROSSING = "crossing"  # the therapist initiates or accepts
    INVITATION = "invitation"  # the client proposes
    HELD = "held"  # the therapist declines, redirects or explores it clinically


class Role(StrEnum):
    """The role of a speaker in a conversation."""

    THERAPIST = "therapist"
    CLIENT = "client"
    UNKNOWN = "unknown"
    NARRATOR = "narrator"  # report mode: the author of a narrative


class Mode(StrEnum):
    """Dialogue (turns with speakers) or report (narrative prose read sentence by sentence)."""

    DIALOGUE = "dialogue"
    REPORT = "report"


class Severity(StrEnum):
    """Ordered severity scale; compare with :attr:`rank`."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Position on the scale, 0 (low) to 3 (critical)."""
        return _SEVERITY_ORDER.index(self)

    def shifted(self, steps: int) -> Severity:
        """Return the severity ``steps`` levels up (positive) or down (negative), clamped to the scale."""
        return _SEVERITY_ORDER[max(0, min(len(_SEVERITY_ORDER) - 1, self.rank + steps))]


_SEVERITY_ORDER = (Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL)


@dataclass(frozen=True, slots=True)
class Utterance:
    """One unit of a document: a speaker line, a caption cue, a message, or (report mode) a sentence.

    ``text`` is the normalised text that detectors read. ``source`` is the text as it was extracted, and
    ``source_start`` the character offset of ``source`` in the decoded input document (for structured message
    formats, offsets are relative to the message's own text field and ``source_start`` is 0).
    """

    index: int
    speaker: str
    role: Role
    text: str
    source: str
    source_start: int = 0
    timestamp: str | None = None
    end_timestamp: str | None = None
    thread: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A normalised input document: a conversation or a narrative report."""

    path: str
    mode: Mode
    utterances: tuple[Utterance, ...]
    input_format: str
    content_hash: str = ""
    warnings: tuple[str, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a finding was raised. Persisted with every flag; this is what a supervisor reviews."""

    recognizer: str  # "name@version"
    reason: str  # one readable sentence
    rule: str | None = None  # pattern or rule id
    cue: str | None = None  # matched lexicon term or phrase
    neighbours: tuple[tuple[str, float], ...] = ()  # nearest labelled examples (id, similarity)
    original_score: float = 0.0
    score: float = 0.0
    context: str | None = None  # supporting context, e.g. "reply to turn 4 accepted the proposal"
    modifiers: tuple[str, ...] = ()  # severity modifiers applied


@dataclass(frozen=True, slots=True)
class Finding:
    """One flag: a category and kind at one utterance, with evidence, severity, codes and explanation."""

    document: str
    turn: int
    speaker: str
    speaker_role: Role
    category: str
    kind: Kind
    severity: Severity
    score: float
    start: int  # evidence offsets in the source document (see Utterance)
    end: int
    evidence: str
    rationale: str
    codes: tuple[str, ...]
    recognizer: str
    explanation: Explanation
    timestamp: str | None = None
    related_turn: int | None = None  # the proposal an acceptance/decline answers, or the reply to an invitation
    utt_start: int = 0  # evidence offsets in the normalised utterance text
    utt_end: int = 0

    def to_dict(self) -> dict[str, object]:
        """The stable output contract (see docs/output.md)."""
        e = self.explanation
        return {
            "document": self.document,
            "turn": self.turn,
            "speaker": self.speaker,
            "speaker_role": self.speaker_role.value,
            "category": self.category,
            "kind": self.kind.value,
            "severity": self.severity.value,
            "score": round(self.score, 4),
            "start": self.start,
            "end": self.end,
            "evidence": self.evidence,
            "rationale": self.rationale,
            "codes": list(self.codes),
            "recognizer": self.recognizer,
            "timestamp": self.timestamp,
            "related_turn": self.related_turn,
            "explanation": {
                "recognizer": e.recognizer,
                "reason": e.reason,
                "rule": e.rule,
                "cue": e.cue,
                "neighbours": [{"id": i, "similarity": round(s, 4)} for i, s in e.neighbours],
                "original_score": round(e.original_score, 4),
                "score": round(e.score, 4),
                "context": e.context,
                "modifiers": list(e.modifiers),
            },
        }
