"""The recognizer interface and the pattern/lexicon recognizer.

A recognizer reads a whole document and returns :class:`Signal` objects: "utterance N touches category C with
this score, because of this cue". Signals are not yet findings; the dialogue stage (``dialogue.py``) decides the
kind (crossing, invitation, held) and links replies to proposals, and the engine grades and cites them.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from boundarywatch.domain import CATEGORIES, Document, Role
from boundarywatch.errors import ConfigError

__all__ = ["Pattern", "PatternRecognizer", "Recognizer", "Signal"]


@dataclass(frozen=True, slots=True)
class Signal:
    """Evidence that one utterance touches one category."""

    turn: int
    category: str
    score: float
    recognizer: str  # "name@version"
    rule: str | None = None
    cue: str | None = None
    start: int = 0  # evidence span in the utterance's normalised text
    end: int = 0
    neighbours: tuple[tuple[str, float], ...] = ()
    kind_scores: dict[str, float] = field(default_factory=dict)  # optional: crossing/invitation/held/none
    from_context: bool = False  # the category came from the previous turn (a short reply)


class Recognizer(ABC):
    """Base class: subclasses set ``name``, ``version`` and ``categories`` and implement :meth:`analyze`."""

    name: str = ""
    version: str = "1"
    categories: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """``name@version``, stored with every finding."""
        return f"{self.name}@{self.version}"

    def load(self) -> None:  # noqa: B027 - optional hook
        """Load resources (models, lexicons). Called once before the first :meth:`analyze`."""

    @abstractmethod
    def analyze(self, doc: Document) -> list[Signal]:
        """Return signals for ``doc``."""

    def analyze_many(self, docs: Sequence[Document]) -> list[list[Signal]]:
        """Analyse several documents; recognizers that batch (embeddings) override this."""
        return [self.analyze(d) for d in docs]


@dataclass(frozen=True)
class Pattern:
    """One lexicon rule: a regular expression that is evidence for a category when a given role says it."""

    id: str
    regex: re.Pattern[str]
    roles: frozenset[Role]
    score: float
    reason: str


_ROLE_NAMES = {"therapist": Role.THERAPIST, "client": Role.CLIENT, "narrator": Role.NARRATOR,
               "unknown": Role.UNKNOWN}


class PatternRecognizer(Recognizer):
    """Regex-and-lexicon recognizer for one category, loaded from a YAML lexicon.

    Lexicon format (``detect/lexicons/<category>.yaml``)::

        category: gifts
        version: 1
        terms:                     # reusable alternations, referenced as {name} in regexes
          valuable: watch|jewel\\w*|cash|money
        patterns:
          - id: therapist_asks_for_gift
            regex: "(could|would) you (get|buy|bring) me (a|an|some)"
            roles: [therapist, narrator]
            score: 0.8
            reason: the therapist asks the client for a gift

    ``validate_result`` and ``invalidate_result`` are hooks for subclasses (as in presidio) to veto a match,
    e.g. a negation just before it.
    """

    def __init__(self, category: str, spec: dict[str, Any] | None = None) -> None:
        if category not in CATEGORIES:
            raise ConfigError(f"unknown category {category!r}")
        self.category = category
        self.categories = (category,)
        self._spec = spec
        self.name = f"{category}.lexicon"
        self.patterns: list[Pattern] = []
        if spec is not None:
            self._compile(spec)

    def load(self) -> None:  # noqa: D102
        if self._spec is None:
            text = resources.files("boundarywatch.detect.lexicons").joinpath(f"{self.category}.yaml").read_text(
                encoding="utf-8"
            )
            self._spec = yaml.safe_load(text)
            self._compile(self._spec)

    def _compile(self, spec: dict[str, Any]) -> None:
        self.version = str(spec.get("version", 1))
        terms = {k: f"(?:{v})" for k, v in (spec.get("terms") or {}).items()}
        self.patterns = []
        for p in spec.get("patterns") or []:
            src = p["regex"]
            for k, v in terms.items():
                src = src.replace("{" + k + "}", v)
            try:
                rx = re.compile(src, re.IGNORECASE)
            except re.error as exc:
                raise ConfigError(f"lexicon {self.category}: pattern {p['id']}: {exc}") from None
            roles = frozenset(_ROLE_NAMES[r] for r in p.get("roles", ["therapist", "narrator"]))
            self.patterns.append(Pattern(p["id"], rx, roles, float(p.get("score", 0.7)), p.get("reason", "")))

    def validate_result(self, text: str, match: re.Match[str]) -> bool:
        """Hook: return False to drop a match (default keeps all)."""
        return True

    def invalidate_result(self, text: str, match: re.Match[str]) -> bool:
        """Hook: return True to drop a match. Default drops matches inside a quoted or negated clause."""
        before = text[max(0, match.start() - 40) : match.start()].casefold()
        return bool(re.search(r"\b(never|wouldn't ever|would never|won't ever|not going to)\s+\w*\s*$", before))

    def analyze(self, doc: Document) -> list[Signal]:  # noqa: D102
        if self._spec is None:
            self.load()
        out: list[Signal] = []
        for u in doc.utterances:
            best: tuple[Pattern, re.Match[str]] | None = None
            for pat in self.patterns:
                if u.role not in pat.roles:
                    continue
                m = pat.regex.search(u.text)
                if not m or not self.validate_result(u.text, m) or self.invalidate_result(u.text, m):
                    continue
                if best is None or pat.score > best[0].score:
                    best = (pat, m)
            if best:
                pat, m = best
                out.append(Signal(u.index, self.category, pat.score, self.id, rule=pat.id, cue=m.group(0),
                                  start=m.start(), end=m.end()))
        return out
