"""The recognizer interface and the pattern/lexicon recognizer.

A recognizer reads a whole document and returns :class:`Signal` objects: "utterance N touches category C with
this score, because of this cue". Signals are not yet findings; the dialogue stage (``dialogue.py``) decides the
kind (crossing, invitation, held) and links replies to proposals, and the engine grades and cites them.
"""

from __future__ import annotations

import hashlib
import json
import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser as _sre_parse  # type: ignore[attr-defined]
from typing import Any

import yaml

from boundarywatch.domain import CATEGORIES, Document, Role
from boundarywatch.errors import ConfigError

__all__ = ["COMMON_TERMS", "Pattern", "PatternRecognizer", "Recognizer", "Signal", "fold_text", "required_keywords"]


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
    """One lexicon rule: a regular expression that is evidence for a category when a given role says it.

    ``keys`` are lower-case ASCII literals of which every match must contain at least one (None: no such set
    was found). The analyser skips the regex when none of them occurs in the folded text, and the regex itself
    is compiled on first use, so a rule whose keywords never appear costs neither a search nor a compile.
    """

    id: str
    source: str
    roles: frozenset[Role]
    score: float
    reason: str
    keys: tuple[str, ...] | None = None
    flags: int = re.IGNORECASE

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The compiled expression (compiled once, on first use)."""
        return re.compile(self.source, self.flags)

    @cached_property
    def key_regex(self) -> re.Pattern[str] | None:
        """One search for any of :attr:`keys` (a literal alternation, case-sensitive on folded text)."""
        return _literal_alternation(self.keys) if self.keys is not None else None

    def may_match(self, folded: str) -> bool:
        """False only if the regex cannot match a text whose :func:`fold_text` is ``folded``."""
        kr = self.key_regex
        return kr is None or kr.search(folded) is not None


def _literal_alternation(keys: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(k) for k in sorted(set(keys), key=lambda k: (-len(k), k))))


# Non-ASCII characters that an ASCII letter matches under re.IGNORECASE (and whose lower() may be ASCII):
# mapped to that letter before lower-casing, so the keyword prefilter never rejects a text the regex accepts.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


@lru_cache(maxsize=8192)  # the 13 lexicons fold the same utterance in turn
def fold_text(text: str) -> str:
    """The text as keyword prefilters see it: lower case, with the IGNORECASE-equivalent letters mapped to ASCII."""
    return text.translate(_FOLD).lower()


_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT)}


def _required(seq: Any) -> frozenset[str] | None:
    """Literals of which any match of the parsed sequence ``seq`` contains at least one (None if unknown)."""
    found: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            found.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in seq:
        if op is _sre.LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        flush()
        req: frozenset[str] | None = None
        if op is _sre.SUBPATTERN:
            req = _required(av[-1])
        elif op is _sre.BRANCH:
            alts = [_required(b) for b in av[1]]
            if alts and all(alts):
                req = frozenset().union(*alts)  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            req = _required(av[2])
        elif op is getattr(_sre, "ATOMIC_GROUP", None):
            req = _required(av)
        if req:
            found.append(req)
    flush()
    if not found:
        return None
    # the most selective set: longest shortest keyword, then fewest alternatives
    return max(found, key=lambda ks: (min(map(len, ks)), -len(ks)))


_KEYWORD_FILE = "keywords.json"
_keyword_cache: dict[str, list[str] | None] | None = None


def _source_key(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:20]


def cached_keywords(source: str) -> tuple[str, ...] | None:
    """:func:`required_keywords` from the packaged cache (``lexicons/keywords.json``, keyed by a hash of the
    expanded regex), parsing only sources it does not list: parsing every regex costs ~0.15 s at start-up."""
    global _keyword_cache
    if _keyword_cache is None:
        f = resources.files("boundarywatch.detect.lexicons").joinpath(_KEYWORD_FILE)
        _keyword_cache = json.loads(f.read_text(encoding="utf-8")) if f.is_file() else {}
    key = _source_key(source)
    if key in _keyword_cache:
        keys = _keyword_cache[key]
        return tuple(keys) if keys is not None else None
    return required_keywords(source)


def write_keyword_cache(path: Path | None = None) -> Path:
    """Rebuild ``lexicons/keywords.json`` from the packaged lexicons (run after editing a lexicon)."""
    entries: dict[str, list[str] | None] = {}
    for c in CATEGORIES:
        rec = PatternRecognizer(c)
        rec.load()
        for pat in rec.patterns:
            keys = required_keywords(pat.source)
            entries[_source_key(pat.source)] = list(keys) if keys is not None else None
    path = path or Path(str(resources.files("boundarywatch.detect.lexicons").joinpath(_KEYWORD_FILE)))
    path.write_text(json.dumps(entries, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return path


def required_keywords(source: str, flags: int = re.IGNORECASE) -> tuple[str, ...] | None:
    """Lower-case literals at least one of which occurs in any match of ``source`` (None if none is known).

    Only ASCII literals are used; case-insensitive matches are covered by :func:`fold_text`. Raises
    :class:`re.error` if ``source`` does not parse.
    """
    keys = _required(_sre_parse.parse(source, flags))
    return tuple(sorted(keys)) if keys else None


_MEMO_SIZE = 16384  # (text, role) outcomes kept per lexicon
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10x faster to load

_ROLE_NAMES = {"therapist": Role.THERAPIST, "client": Role.CLIENT, "narrator": Role.NARRATOR,
               "unknown": Role.UNKNOWN}

# Terms every lexicon may use as {name}; a lexicon's own ``terms`` may override them. They make regexes tolerant
# of texting style ("u", "ur", missing apostrophes) and spoken disfluency ("um", "like").
_A = "['\u2019`]?"  # optional apostrophe, straight or curly
COMMON_TERMS: dict[str, str] = {
    "apos": _A,
    "you": r"(?:you|u|ya|yu)",
    "your": r"(?:your|ur|yr|yer)",
    "youre": rf"(?:you{_A}re|u{_A}re|ur|u r|you are|u are|your)",
    "im": rf"(?:i{_A}m|i am)",
    "ill": rf"(?:i{_A}ll|i will)",
    "id": rf"(?:i{_A}d|i would)",
    "dont": rf"(?:don{_A}t|do not)",
    "cant": rf"(?:can{_A}t|cannot|can not)",
    "wanna": r"(?:want to|wanna|want ta)",
    "gonna": r"(?:going to|gonna)",
    # optional fillers between two words: "could you, um, like, grab me"
    "f": r"(?:[\s,.]+(?:u+m+|u+h+|e+r+m*|like|you know|i mean|just|maybe|actually|really|honestly|kinda|"
    r"sort of|possibly|perhaps|also|please|pls|plz|ever|so|then|at some point))*[\s,.]+",
    # who a narrative reports about: "my therapist", "she", "Dr. Lee"
    "ther": r"(?:he|she|they|my (?:former |old |ex-?)?(?:therapist|counsel+or|psychologist|psychiatrist|"
    r"social worker|clinician|provider|analyst|coach)|"
    r"the (?:therapist|counsel+or|psychologist|clinician|intern|provider)|"
    r"(?:dr|mr|ms|mrs|mx)\.? ?[a-z]+)",
    # up to three arbitrary words between two words
    "w3": r"(?:\s+[\w'\u2019-]+,?){0,3}\s+",
}

_TERM_REF = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _expand(src: str, terms: dict[str, str]) -> str:
    """Replace ``{name}`` by the term's alternation; unknown names (and quantifiers like ``{0,3}``) stay."""
    for _ in range(5):
        new = _TERM_REF.sub(lambda m: terms.get(m.group(1), m.group(0)), src)
        if new == src:
            break
        src = new
    return src


_SENTENCE_BREAK = re.compile(r"(?<=[.!?;:])\s+|\n")
_CLAUSE_BREAK = re.compile(r",\s*|\s+(?:but|and then|although|though|however|because)\s+|\s[-\u2013\u2014]+\s")
_NEG_WORDS = (
    f"never|wouldn{_A}t|won{_A}t|will not|can{_A}t|cannot|can not|not going to|not gonna|don{_A}t|do not|"
    f"doesn{_A}t|does not|shouldn{_A}t|should not|mustn{_A}t|must not|not allowed to|no longer|refuse[sd]? to|"
    f"declined? to|i{_A}m not|i am not|isn{_A}t|is not|aren{_A}t|are not|not"
)
_NEGATED = re.compile(rf"\b(?:{_NEG_WORDS})\b(?:\s+[\w'\u2019]+){{0,5}}\s*$")
_HYPOTHETICAL = re.compile(
    # "what if I/we ..." and "let's say one bookshelf for ..." are proposals, not hypotheticals
    r"\b(?:what if (?!i\b|i['\u2019]|we\b|we['\u2019]|u\b)|"
    r"what (?:would you do if|do you do if|should (?:i|you|we) do if)|suppose|imagine|hypothetically|"
    r"let['\u2019]?s say (?:a|an|that|someone|somebody|hypothetically)\b|role[- ]?play|in supervision|"
    r"(?:ethics|training|case) (?:discussion|vignette|seminar)|"
    r"(?:if|when|whenever) (?:a|an|your|the|my) (?:client|patient|counsel+or|therapist|clinician|supervisee)s?\b|"
    r"(?:if|when) (?:clients|patients|therapists|counsel+ors)\b|"
    r"(?:clients|patients|therapists) (?:sometimes|often|may|might|who)\b|"
    r"(?:the|our|my|apa|aca|nasw|aamft) (?:ethics )?codes? (?:says?|forbids?|prohibits?|bars?)\b|"
    r"is it (?:normal|ok|okay|common|ethical|appropriate|allowed|acceptable|legal) (?:for|when|if) (?:a|your) "
    r"(?:therapist|counsel+or|clinician)s?\b|(?:has|have) (?:anyone|anybody)(?: else)?(?:['\u2019]s)? "
    r"(?:therapist|counsel+or)s?\b)"
)


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
        self._gate: re.Pattern[str] | None = None  # any keyword of any rule; None when a rule has no keyword set
        self._memo: dict[tuple[str, Role], tuple[Pattern, str, int, int] | None] = {}
        if spec is not None:
            self._compile(spec)

    def load(self) -> None:  # noqa: D102
        if self._spec is None:
            text = resources.files("boundarywatch.detect.lexicons").joinpath(f"{self.category}.yaml").read_text(
                encoding="utf-8"
            )
            self._spec = yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
            self._compile(self._spec)

    def _compile(self, spec: dict[str, Any]) -> None:
        if not isinstance(spec, dict):
            raise ConfigError(f"lexicon {self.category}: expected a mapping, got {type(spec).__name__}")
        declared = spec.get("category")
        if declared is not None and declared != self.category:
            raise ConfigError(f"lexicon {self.category}: the file declares category {declared!r}")
        self.version = str(spec.get("version", 1))
        terms = dict(COMMON_TERMS)
        for k, v in (spec.get("terms") or {}).items():
            alt = "|".join(str(x) for x in v) if isinstance(v, list) else str(v)
            terms[str(k)] = f"(?:{_expand(alt, terms)})"  # a term may use the common terms and earlier terms
        self.patterns = []
        self._memo = {}
        seen: set[str] = set()
        for n, p in enumerate(spec.get("patterns") or []):
            if not isinstance(p, dict) or "regex" not in p or "id" not in p:
                raise ConfigError(f"lexicon {self.category}: pattern #{n} needs an id and a regex")
            pid = str(p["id"])
            if pid in seen:
                raise ConfigError(f"lexicon {self.category}: duplicate pattern id {pid!r}")
            seen.add(pid)
            src = _expand(str(p["regex"]), terms)
            try:
                keys = cached_keywords(src)  # a new regex is parsed here (and fails here); compiling waits for use
            except re.error as exc:
                raise ConfigError(f"lexicon {self.category}: pattern {pid}: {exc}") from None
            try:
                roles = frozenset(_ROLE_NAMES[r] for r in p.get("roles", ["therapist", "narrator"]))
            except KeyError as exc:
                raise ConfigError(f"lexicon {self.category}: pattern {pid}: unknown role {exc}") from None
            score = float(p.get("score", 0.7))
            if not 0.0 < score <= 1.0:
                raise ConfigError(f"lexicon {self.category}: pattern {pid}: score {score} is not in (0, 1]")
            self.patterns.append(Pattern(pid, src, roles, score, str(p.get("reason", "")), keys))
        every = [pat.keys for pat in self.patterns]
        self._gate = (_literal_alternation([k for ks in every for k in ks])  # type: ignore[union-attr]
                      if every and all(ks is not None for ks in every) else None)

    def validate_result(self, text: str, match: re.Match[str]) -> bool:
        """Hook: return False to drop a match (default keeps all)."""
        return True

    def invalidate_result(self, text: str, match: re.Match[str]) -> bool:
        """Hook: return True to drop a match.

        Drops a match that is negated in its own clause ("I would never ask you to ...", "I don't connect with
        clients on ...") or that sits in a hypothetical or training frame in the same sentence ("what if a client
        asks you to ...", "in supervision we discussed ..."). A negation that is part of the cue itself ("don't
        tell anyone") lies inside the match and is not looked at.
        """
        sentence = _SENTENCE_BREAK.split(text[: match.start()])[-1]
        clause = _CLAUSE_BREAK.split(sentence)[-1].casefold()
        if _NEGATED.search(clause[-60:]):
            return True
        return bool(_HYPOTHETICAL.search(sentence.casefold()))

    def analyze(self, doc: Document) -> list[Signal]:  # noqa: D102
        return self._analyze(doc, prefilter=True)

    def _analyze(self, doc: Document, *, prefilter: bool) -> list[Signal]:
        """Signals for ``doc``; ``prefilter=False`` runs every regex (the reference the prefilter is tested on).

        With the prefilter, the outcome per ``(text, role)`` is memoised (message stores repeat "ok", "thanks"):
        it depends on nothing else, since the hooks see only the text and the match.
        """
        if self._spec is None:
            self.load()
        out: list[Signal] = []
        memo = self._memo
        for u in doc.utterances:
            key = (u.text, u.role)
            if prefilter and key in memo:
                hit = memo[key]
            else:
                hit = self._best(u.text, u.role, prefilter)
                if prefilter:
                    if len(memo) >= _MEMO_SIZE:
                        memo.clear()
                    memo[key] = hit
            if hit is not None:
                pat, cue, start, end = hit
                out.append(Signal(u.index, self.category, pat.score, self.id, rule=pat.id, cue=cue,
                                  start=start, end=end))
        return out

    def _best(self, text: str, role: Role, prefilter: bool) -> tuple[Pattern, str, int, int] | None:
        """The highest-scoring rule that matches (first of equals), with its cue and span."""
        best: tuple[Pattern, re.Match[str]] | None = None
        folded = fold_text(text) if prefilter else ""
        if prefilter and self._gate is not None and self._gate.search(folded) is None:
            return None  # no keyword of any rule of this lexicon occurs
        for pat in self.patterns:
            if role not in pat.roles:
                continue
            if prefilter and not pat.may_match(folded):
                continue
            m = pat.regex.search(text)
            if not m or not self.validate_result(text, m) or self.invalidate_result(text, m):
                continue
            if best is None or pat.score > best[0].score:
                best = (pat, m)
        if best is None:
            return None
        pat, m = best
        return pat, m.group(0), m.start(), m.end()
