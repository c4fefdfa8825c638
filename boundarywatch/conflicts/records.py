"""The record data model: mentions in relationships, the clinicians they point to and issues, in a RecordSet."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from boundarywatch.conflicts.identity import (
    canonical_first,
    normalize_dob,
    normalize_email,
    normalize_phone,
    split_name,
)
from boundarywatch.conflicts.matching import Mention

__all__ = [
    "Clinician",
    "RecordIssue",
    "RecordSet",
    "Relationship",
    "is_true",
]

#: rapidfuzz ratio (0-100) at which a clinician reference is taken to name a rostered clinician.
CLINICIAN_NAME_SIMILARITY = 88
_TRUE = {"yes", "y", "true", "1", "x"}


@dataclass(frozen=True, slots=True)
class RecordIssue:
    """A row or file that was skipped, with where and why (never the row's content)."""

    source: str
    line: int
    problem: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.problem}"


@dataclass(frozen=True, slots=True)
class Clinician:
    """A clinician (or the practice itself, key ``""``) that other records point to."""

    key: str
    name: str
    mention_id: int | None
    staff_id: str | None = None


@dataclass(frozen=True, slots=True)
class Relationship:
    """One relationship record: a person (mention) in a role towards a clinician, the practice or a person."""

    rel_id: int
    kind: str  # a key of loading.KINDS
    subtype: str
    person: int  # mention id
    source: str
    line: int
    clinician: str | None = None  # Clinician.key; "" = the practice as a whole
    other: int | None = None  # second person's mention id (family links)
    start: date | None = None
    end: date | None = None
    attrs: Mapping[str, str] = field(default_factory=dict)

    def active_on(self, day: date) -> bool:
        """True when the relationship has started by ``day`` and not ended before it."""
        return (self.start is None or self.start <= day) and (self.end is None or self.end >= day)

    @property
    def where(self) -> str:
        """``file:line`` of the record."""
        return f"{self.source}:{self.line}"


@dataclass
class RecordSet:
    """All mentions, relationships, clinicians and issues loaded from a set of record files."""

    mentions: dict[int, Mention] = field(default_factory=dict)
    relationships: list[Relationship] = field(default_factory=list)
    clinicians: dict[str, Clinician] = field(default_factory=dict)
    issues: list[RecordIssue] = field(default_factory=list)
    _clinician_index: dict[str, str] = field(default_factory=dict)
    _ref_cache: dict[str, str] = field(default_factory=dict)
    _next_id: int = 1

    def add_mention(
        self,
        source: str,
        line: int,
        person: Mapping[str, str],
        prefix: str = "",
        parsed: tuple[str, str] | None = None,
    ) -> Mention | None:
        """Normalise the person columns of a row (with ``prefix``) into a mention; ``None`` if unnamed."""
        given, surname, display = _person_fields(
            person.get(f"{prefix}name") or "",
            person.get(f"{prefix}first_name") or "",
            person.get(f"{prefix}last_name") or "",
        )
        if parsed is not None:
            given, surname = parsed
        if not given and not surname:
            return None
        m = Mention(
            mention_id=self._next_id,
            source=source,
            line=line,
            name=display,
            first=given,
            surname=surname,
            former_surname=_former_surname(person.get(f"{prefix}former_surname") or ""),
            email=normalize_email(person.get(f"{prefix}email")),
            phone=normalize_phone(person.get(f"{prefix}phone")),
            dob=normalize_dob(person.get(f"{prefix}dob")),
            slot=prefix.rstrip("_"),
        )
        self._next_id += 1
        self.mentions[m.mention_id] = m
        return m

    def add_relationship(self, **kwargs: object) -> Relationship:
        """Append a relationship, numbering it."""
        rel = Relationship(rel_id=len(self.relationships) + 1, **kwargs)  # type: ignore[arg-type]
        self.relationships.append(rel)
        return rel

    def register_clinician(self, mention: Mention, staff_id: str | None) -> Clinician:
        """Add a clinician from the staff roster, indexed by staff id, name and e-mail."""
        key = staff_id or _name_key(mention.first, mention.surname)
        c = Clinician(key=key, name=mention.name, mention_id=mention.mention_id, staff_id=staff_id)
        self.clinicians[key] = c
        for alias in (staff_id, _name_key(mention.first, mention.surname), mention.email):
            if alias:
                self._clinician_index.setdefault(alias.lower(), key)
        return c

    def resolve_clinician(self, ref: str, source: str, line: int) -> str:
        """The clinician key for a reference (staff id, name or e-mail); unknown names become clinicians."""
        cached = self._ref_cache.get(ref)
        if cached is not None:
            return cached
        key = self._resolve_clinician(ref, source, line)
        self._ref_cache[ref] = key
        return key

    def _resolve_clinician(self, ref: str, source: str, line: int) -> str:
        ref = ref.strip()
        if not ref or ref.lower() in ("practice", "agency", "organisation", "organization"):
            self.clinicians.setdefault("", Clinician("", "the practice", None))
            return ""
        name_key = _name_key(*split_name(ref))
        for probe in (ref.lower(), normalize_email(ref) or "", name_key):
            if probe and probe in self._clinician_index:
                return self._clinician_index[probe]
        fuzzy = self._fuzzy_clinician(name_key)
        if fuzzy is not None:
            self._clinician_index[name_key] = fuzzy
            return fuzzy
        m = self.add_mention(source, line, {"name": ref})
        if m is None:
            return ""
        return self.register_clinician(m, None).key

    def _fuzzy_clinician(self, name_key: str) -> str | None:
        """A registered clinician whose name is one typo away (same surname initial), or ``None``."""
        from rapidfuzz import fuzz, process

        names = {k: v for k, v in self._clinician_index.items() if " " in k and "@" not in k}
        if not name_key or not names:
            return None
        hit = process.extractOne(name_key, list(names), scorer=fuzz.ratio, score_cutoff=CLINICIAN_NAME_SIMILARITY)
        return names[hit[0]] if hit else None


def _name_key(first: str, surname: str) -> str:
    return f"{canonical_first(first)} {surname}".strip()



def _person_fields(name: str, first: str, last: str) -> tuple[str, str, str]:
    """(given name, surname, display name) from ``name`` or ``first_name`` + ``last_name``; blanks if unnamed."""
    name = name.strip()
    if name:
        given, surname = split_name(name)
        return given, surname, name
    first, last = first.strip(), last.strip()
    if not first and not last:
        return "", "", ""
    given = split_name(first)[0] if first else ""
    surname = split_name(f"x {last}")[1] if last else ""
    return given, surname, f"{first} {last}".strip()


def _former_surname(raw: str) -> str | None:
    former = raw.strip()
    return (split_name(f"x {former}")[1] or None) if former else None



def is_true(value: str | None) -> bool:
    """Yes/no columns: ``yes``, ``true``, ``1``, ``y`` and ``x`` are true."""
    return (value or "").strip().lower() in _TRUE
