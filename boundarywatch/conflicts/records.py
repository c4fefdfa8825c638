"""Practice records: schemas and loading from CSV, JSON and JSON Lines.

Each file holds one *source kind*, named by the first word of the file name (``clients.csv``,
``clients-2024.json``, ``staff_hr.csv``) or, for JSON, by ``{"kind": ..., "records": [...]}``. The columns of
each kind are listed in :data:`SCHEMAS` and documented in docs/conflicts.md. A person is described by ``name``
(or ``first_name`` + ``last_name``), and optionally ``former_surname``, ``email``, ``phone``, ``dob``.
Clinicians are referred to by staff id, name or e-mail as listed in the staff roster.

Bad rows (missing names, impossible dates, unknown roles) become :class:`RecordIssue` values naming the file
and line; they are skipped and never stop the run.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from boundarywatch.conflicts._gc import gc_paused
from boundarywatch.conflicts.matching import (
    Mention,
    canonical_first,
    normalize_dob,
    normalize_email,
    normalize_phone,
    split_name,
)

__all__ = [
    "KINDS",
    "SCHEMAS",
    "Clinician",
    "RecordIssue",
    "RecordSet",
    "Relationship",
    "is_true",
    "load_records",
    "parse_date",
]

#: Allowed ``subtype`` values per source kind (the column that carries it, and its default).
KINDS: dict[str, tuple[str, tuple[str, ...], str | None]] = {
    "clients": ("service", ("therapy", "assessment", "group", "couples", "family"), "therapy"),
    "staff": ("role", ("clinician", "employee", "contractor", "intern", "admin", "bookkeeper"), None),
    "supervision": ("kind", ("supervision", "training"), "supervision"),
    "courses": ("kind", ("course", "programme", "workshop"), "course"),
    "vendors": (
        "kind",
        ("landlord", "tenant", "vendor", "contractor", "business_partner", "bookkeeper", "employee"),
        None,
    ),
    "family": (
        "relation",
        (
            "spouse",
            "partner",
            "former_partner",
            "parent",
            "child",
            "sibling",
            "relative",
            "employer",
            "employee",
            "household",
        ),
        None,
    ),
    "forensic": ("kind", ("custody_evaluation", "forensic_evaluation", "fact_witness"), None),
    "ties": ("tie", ("friend", "relative", "former_partner", "romantic", "sexual", "social_media"), None),
    "transactions": ("kind", ("barter", "gift"), None),
}

#: Columns per kind beyond the person columns (required ones first, marked with ``*``).
SCHEMAS: dict[str, tuple[str, ...]] = {
    "clients": ("clinician*", "start_date*", "end_date", "service", "case_id", "client_id"),
    "staff": ("role*", "staff_id", "start_date", "end_date"),
    "supervision": ("supervisor*", "kind", "start_date", "end_date"),
    "courses": ("instructor*", "course", "kind", "start_date", "end_date"),
    "vendors": ("kind*", "clinician", "start_date", "end_date"),
    "family": ("relation*", "other_name*", "other_email", "other_phone", "other_dob", "start_date", "end_date"),
    "forensic": ("evaluator*", "kind*", "date*", "end_date", "court_case"),
    "ties": ("clinician*", "tie*", "platform", "page", "start_date", "end_date"),
    "transactions": ("clinician*", "kind*", "date*", "value", "written_contract", "client_initiated", "note"),
}

_ALIASES = {
    "client": "clients",
    "ehr": "clients",
    "roster": "clients",
    "hr": "staff",
    "employees": "staff",
    "supervisees": "supervision",
    "training": "supervision",
    "students": "courses",
    "course": "courses",
    "landlords": "vendors",
    "vendor": "vendors",
    "links": "family",
    "relations": "family",
    "court": "forensic",
    "referrals": "forensic",
    "disclosures": "ties",
    "personal": "ties",
    "gifts": "transactions",
    "barter": "transactions",
}
_CLINICIAN_COLUMN = {
    "clients": "clinician",
    "supervision": "supervisor",
    "courses": "instructor",
    "vendors": "clinician",
    "forensic": "evaluator",
    "ties": "clinician",
    "transactions": "clinician",
}
#: rapidfuzz ratio (0-100) at which a clinician reference is taken to name a rostered clinician.
CLINICIAN_NAME_SIMILARITY = 88
#: Required columns per kind other than the type column (which has its own message and default).
_REQUIRED: dict[str, tuple[str, ...]] = {
    kind: tuple(c[:-1] for c in cols if c.endswith("*") and c[:-1] != KINDS[kind][0]) for kind, cols in SCHEMAS.items()
}
#: Columns kept on a relationship as attributes when non-blank.
_ATTRS = (
    "case_id",
    "platform",
    "page",
    "value",
    "written_contract",
    "client_initiated",
    "course",
    "court_case",
    "staff_id",
)
_TRUE = {"yes", "y", "true", "1", "x"}
_MIN_DATE = date(1900, 1, 1)
_MAX_DATE = date(2100, 1, 1)


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
    kind: str  # a key of KINDS
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
        first, surname = parsed if parsed is not None else _person_name(person, prefix)
        if not first and not surname:
            return None
        former = (person.get(f"{prefix}former_surname") or "").strip()
        m = Mention(
            mention_id=self._next_id,
            source=source,
            line=line,
            name=_display_name(person, prefix),
            first=first,
            surname=surname,
            former_surname=split_name(f"x {former}")[1] or None if former else None,
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


def _person_name(row: Mapping[str, str], prefix: str) -> tuple[str, str]:
    name = (row.get(f"{prefix}name") or "").strip()
    if name:
        return split_name(name)
    first = (row.get(f"{prefix}first_name") or "").strip()
    last = (row.get(f"{prefix}last_name") or "").strip()
    if not first and not last:
        return "", ""
    f, _ = split_name(first) if first else ("", "")
    _, s = split_name(f"x {last}") if last else ("", "")
    return f, s


def _display_name(row: Mapping[str, str], prefix: str) -> str:
    name = (row.get(f"{prefix}name") or "").strip()
    if name:
        return name
    return (
        f"{(row.get(f'{prefix}first_name') or '').strip()} {(row.get(f'{prefix}last_name') or '').strip()}".strip()
    )


def parse_date(raw: str | None) -> date | None:
    """Parse ``YYYY-MM-DD`` or ``m/d/yyyy``; ``None`` for blank. Raises ``ValueError`` for impossible dates."""
    if raw is None or not str(raw).strip():
        return None
    return _parse_date(str(raw).strip())


@lru_cache(maxsize=1 << 16)
def _parse_date(text: str) -> date:
    """:func:`parse_date` of a stripped, non-blank text (memoised: dates repeat across records)."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return _checked_iso_date(text)
    iso = normalize_dob(text)
    if iso is None:
        raise ValueError(f"unreadable date {text[:12]!r}")
    return _checked_iso_date(iso)


def _checked_iso_date(iso: str) -> date:
    """The date ``iso`` (YYYY-MM-DD) names, if it exists and lies in the accepted range."""
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        raise ValueError(f"impossible date {iso}") from None
    if not _MIN_DATE <= d <= _MAX_DATE:
        raise ValueError(f"date out of range {iso}")
    return d


def _kind_of(path: Path) -> str | None:
    stem = path.name.split(".")[0].lower()
    word = stem.replace("-", "_").split("_")[0]
    if word in KINDS:
        return word
    return _ALIASES.get(word)


def _iter_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from sorted(
                f for f in path.iterdir() if f.is_file() and f.suffix.lower() in (".csv", ".json", ".jsonl")
            )
        else:
            yield path


def _rows_csv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as ``{lower-case header: value}`` with their line numbers (extra cells dropped, missing ones blank)."""
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if not header:
            return
        names = [h.strip().lower() for h in header]
        width = len(names)
        for cells in reader:
            if not cells:
                continue  # blank line, as csv.DictReader skips it
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            yield reader.line_num, dict(zip(names, cells, strict=False))  # extra cells dropped


def _rows_json(path: Path) -> tuple[str | None, list[tuple[int, object]]]:
    """Top-level items of a JSON array (or ``{"kind", "records"}``) with their line numbers; or JSON Lines."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".jsonl":
        return None, [(i, json.loads(s)) for i, s in enumerate(text.splitlines(), 1) if s.strip()]
    dec = json.JSONDecoder()
    stripped = text.lstrip()
    kind = None
    start = len(text) - len(stripped)
    if stripped.startswith("{"):
        whole = json.loads(text)
        if not isinstance(whole, dict) or not isinstance(whole.get("records"), list):
            raise ValueError('expected a list of records or {"kind": ..., "records": [...]}')
        kind = str(whole.get("kind") or "") or None
        start = text.index("[", text.index('"records"'))
    elif not stripped.startswith("["):
        raise ValueError("expected a JSON array of records")
    items: list[tuple[int, object]] = []
    i = start + 1
    n = len(text)
    while i < n:
        while i < n and text[i] in " \t\r\n,":
            i += 1
        if i >= n or text[i] == "]":
            break
        obj, end = dec.raw_decode(text, i)
        items.append((text.count("\n", 0, i) + 1, obj))
        i = end
    return kind, items


def load_records(paths: Iterable[str | os.PathLike[str]], records: RecordSet | None = None) -> RecordSet:
    """Load record files (or directories of them) into a :class:`RecordSet`; problems become issues.

    Staff rosters are read first so clinician references in other files resolve to them.
    """
    with gc_paused():
        return _load_records(paths, records)


def _load_records(paths: Iterable[str | os.PathLike[str]], records: RecordSet | None) -> RecordSet:
    rs = records if records is not None else RecordSet()
    files = list(_iter_files(paths))
    loaded: list[tuple[Path, str, list[tuple[int, object]]]] = []
    for path in files:
        src = str(path)
        try:
            if path.suffix.lower() == ".csv":
                kind = _kind_of(path)
                rows: list[tuple[int, object]] = list(_rows_csv(path))
            elif path.suffix.lower() in (".json", ".jsonl"):
                declared, rows = _rows_json(path)
                kind = _ALIASES.get(declared or "", declared) if declared else _kind_of(path)
            else:
                rs.issues.append(RecordIssue(src, 0, "unsupported file type (use .csv, .json or .jsonl)"))
                continue
        except (OSError, UnicodeDecodeError, ValueError, csv.Error) as exc:
            problem = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
            if isinstance(exc, json.JSONDecodeError):
                problem = f"invalid JSON at line {exc.lineno}"
            elif isinstance(exc, ValueError) and not isinstance(exc, UnicodeDecodeError):
                problem = str(exc)
            rs.issues.append(RecordIssue(src, 0, f"cannot read file ({problem})"))
            continue
        if kind not in KINDS:
            rs.issues.append(
                RecordIssue(src, 0, f"unknown record kind; name the file after one of: {', '.join(KINDS)}")
            )
            continue
        loaded.append((path, kind, rows))
    loaded.sort(key=lambda t: t[1] != "staff")
    today = date.today()
    for path, kind, rows in loaded:
        src = str(path)
        from_csv = path.suffix.lower() == ".csv"  # CSV rows are already {lower-case str: str}
        for line, row in rows:
            if not isinstance(row, dict):
                rs.issues.append(RecordIssue(src, line, "record is not an object"))
                continue
            clean = row if from_csv else {str(k).strip().lower(): "" if v is None else str(v) for k, v in row.items()}
            problem = _load_row(rs, kind, src, line, clean, today)
            if problem:
                rs.issues.append(RecordIssue(src, line, problem))
    return rs


def _load_row(
    rs: RecordSet, kind: str, src: str, line: int, row: dict[str, str], today: date | None = None
) -> str | None:
    """Add one row; return a problem description instead when it must be skipped."""
    col, allowed, default = KINDS[kind]
    subtype = (row.get(col) or "").strip().lower().replace(" ", "_").replace("-", "_") or default
    if subtype is None:
        return f"missing {col}"
    if subtype not in allowed:
        return f"unknown {col} {subtype[:30]!r} (expected one of: {', '.join(allowed)})"
    for required in _REQUIRED[kind]:
        if not (row.get(required) or "").strip():
            return f"missing {required}"
    parsed = _person_name(row, "")
    if not parsed[0] and not parsed[1]:
        return "missing name"
    try:
        start = parse_date(row.get("start_date") or row.get("date"))
        end = parse_date(row.get("end_date"))
        dob = parse_date(row.get("dob")) if (row.get("dob") or "").strip() else None
    except ValueError as exc:
        return str(exc)
    if start and end and end < start:
        return "end_date is before start_date"
    if dob and start and dob > start:
        return "dob is after the relationship start"
    if dob and dob > (today or date.today()):
        return "dob is in the future"
    if kind == "transactions" and (row.get("value") or "").strip():
        try:
            if float(row["value"].replace("$", "").replace(",", "")) < 0:
                return "negative value"
        except ValueError:
            return "value is not a number"
    other: Mention | None = None
    if kind == "family":
        if not any(_person_name(row, "other_")):
            return "missing other_name"
    person = rs.add_mention(src, line, row, parsed=parsed)
    if person is None:  # pragma: no cover - guarded above
        return "missing name"
    if kind == "family":
        other = rs.add_mention(src, line, row, prefix="other_")
    clinician: str | None = None
    if kind == "staff":
        if subtype == "clinician":
            rs.register_clinician(person, (row.get("staff_id") or "").strip() or None)
        clinician = ""
    elif kind in _CLINICIAN_COLUMN:
        clinician = rs.resolve_clinician(row.get(_CLINICIAN_COLUMN[kind]) or "", src, line)
    attrs = {}
    for k in _ATTRS:
        v = row.get(k)
        if v and (v := v.strip()):
            attrs[k] = v
    rs.add_relationship(
        kind=kind,
        subtype=subtype,
        person=person.mention_id,
        source=src,
        line=line,
        clinician=clinician,
        other=other.mention_id if other else None,
        start=start,
        end=end,
        attrs=attrs,
    )
    return None


def is_true(value: str | None) -> bool:
    """Yes/no columns: ``yes``, ``true``, ``1``, ``y`` and ``x`` are true."""
    return (value or "").strip().lower() in _TRUE
