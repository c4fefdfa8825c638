"""Load practice record files (CSV, JSON, JSON Lines) into a RecordSet: schemas, parsing and validation.

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
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from boundarywatch.conflicts._gc import gc_paused
from boundarywatch.conflicts.identity import normalize_dob, normalize_email, normalize_phone
from boundarywatch.conflicts.matching import Mention
from boundarywatch.conflicts.records import RecordIssue, RecordSet, Relationship, _former_surname, _person_fields
from boundarywatch.conflicts.tables import Table, read_csv_table, read_json_table

__all__ = [
    "KINDS",
    "SCHEMAS",
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
_MIN_DATE = date(1900, 1, 1)
_MAX_DATE = date(2100, 1, 1)
_T = TypeVar("_T")


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


def load_records(paths: Iterable[str | os.PathLike[str]], records: RecordSet | None = None) -> RecordSet:
    """Load record files (or directories of them) into a :class:`RecordSet`; problems become issues.

    Staff rosters are read first so clinician references in other files resolve to them.
    """
    with gc_paused():
        return _load_records(paths, records)


def _load_records(paths: Iterable[str | os.PathLike[str]], records: RecordSet | None) -> RecordSet:
    rs = records if records is not None else RecordSet()
    loaded: list[tuple[Path, str, Table]] = []
    for path in _iter_files(paths):
        src = str(path)
        try:
            if path.suffix.lower() == ".csv":
                kind = _kind_of(path)
                table = read_csv_table(path)
            elif path.suffix.lower() in (".json", ".jsonl"):
                declared, table = read_json_table(path)
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
        loaded.append((path, kind, table))
    loaded.sort(key=lambda t: t[1] != "staff")
    today = date.today()
    for path, kind, table in loaded:
        _load_table(rs, kind, str(path), table, today)
    return rs


def _mapped(fn: Callable[[str], _T], column: Sequence[str]) -> list[_T]:
    """``[fn(v) for v in column]``, calling ``fn`` once per distinct value (``fn`` must be pure)."""
    memo = {v: fn(v) for v in set(column)}
    return [memo[v] for v in column]


def _keep_first(problems: list[str | None], new: Iterable[str | None]) -> list[str | None]:
    """Per row, the earlier problem if there is one, else the new one (checks run in the order rows report)."""
    return [p if p is not None else q for p, q in zip(problems, new, strict=True)]


def _date_or_problem(raw: str) -> tuple[date | None, str | None]:
    try:
        return parse_date(raw), None
    except ValueError as exc:
        return None, str(exc)


def _person_columns(table: Table, prefix: str) -> tuple[list[tuple[str, str, str]], list[Any]]:
    """Per row: (given, surname, display) and the normalised (former surname, e-mail, phone, dob) columns."""
    c = table.col
    people = list(map(_person_fields, c(f"{prefix}name"), c(f"{prefix}first_name"), c(f"{prefix}last_name")))
    extras = [
        _mapped(_former_surname, c(f"{prefix}former_surname")),
        _mapped(normalize_email, c(f"{prefix}email")),
        _mapped(normalize_phone, c(f"{prefix}phone")),
        _mapped(normalize_dob, c(f"{prefix}dob")),
    ]
    return people, extras


def _row_problems(
    kind: str,
    table: Table,
    people: list[tuple[str, str, str]],
    others: list[tuple[str, str, str]] | None,
    today: date,
) -> tuple[list[str | None], list[Any], list[Any], list[str | None]]:
    """Validate a table column by column: (problem per row, start dates, end dates, subtypes).

    The checks run in a fixed order and a row reports the first one it fails: type column, required columns,
    name, dates (unreadable, reversed, birth date after start or in the future), value, second person.
    """
    c = table.col
    col, allowed, default = KINDS[kind]
    expected = ", ".join(allowed)

    def subtype_of(raw: str) -> tuple[str | None, str | None]:
        subtype = raw.strip().lower().replace(" ", "_").replace("-", "_") or default
        if subtype is None:
            return None, f"missing {col}"
        if subtype not in allowed:
            return subtype, f"unknown {col} {subtype[:30]!r} (expected one of: {expected})"
        return subtype, None

    typed = _mapped(subtype_of, c(col))
    problems = _keep_first(table.problems, (p for _, p in typed))
    for required in _REQUIRED[kind]:
        if required in table:
            problems = _keep_first(problems, (None if v.strip() else f"missing {required}" for v in c(required)))
        else:
            problems = _keep_first(problems, [f"missing {required}"] * len(table))
    problems = _keep_first(problems, (None if p[0] or p[1] else "missing name" for p in people))
    starts_raw = [s or d for s, d in zip(c("start_date"), c("date"), strict=True)]
    starts, ends, dobs = (_mapped(_date_or_problem, column) for column in (starts_raw, c("end_date"), c("dob")))
    problems = _keep_first(
        problems,
        (
            s[1] or e[1] or b[1] or _date_order_problem(s[0], e[0], b[0], today)
            for s, e, b in zip(starts, ends, dobs, strict=True)
        ),
    )
    if kind == "transactions" and "value" in table:
        problems = _keep_first(problems, _mapped(_value_problem, c("value")))
    if others is not None:  # family links: the second person
        problems = _keep_first(problems, (None if p[0] or p[1] else "missing other_name" for p in others))
    return problems, [s[0] for s in starts], [e[0] for e in ends], [t[0] for t in typed]


def _date_order_problem(start: date | None, end: date | None, dob: date | None, today: date) -> str | None:
    if start and end and end < start:
        return "end_date is before start_date"
    if dob and start and dob > start:
        return "dob is after the relationship start"
    if dob and dob > today:
        return "dob is in the future"
    return None


def _value_problem(raw: str) -> str | None:
    if not raw.strip():
        return None
    try:
        return "negative value" if float(raw.replace("$", "").replace(",", "")) < 0 else None
    except ValueError:
        return "value is not a number"


def _load_table(rs: RecordSet, kind: str, src: str, table: Table, today: date) -> None:
    """Validate a table column-wise, report bad rows as issues and add the good ones, in file order.

    Mention and relationship ids are handed out row by row exactly as a row-at-a-time loader would: the
    row's person, the second person of a family link, then a clinician first named by this row.
    """
    people, (formers, emails, phones, dobs) = _person_columns(table, "")
    family = kind == "family"
    other_people, other_extras = _person_columns(table, "other_") if family else (None, [[]] * 4)
    o_formers, o_emails, o_phones, o_dobs = other_extras
    problems, starts, ends, subtypes = _row_problems(kind, table, people, other_people, today)
    clinician_refs = table.col(_CLINICIAN_COLUMN[kind]) if kind in _CLINICIAN_COLUMN else None
    staff_ids = table.col("staff_id") if kind == "staff" else None
    attr_columns = [(k, table.col(k)) for k in _ATTRS if k in table]
    mentions, relationships, issues = rs.mentions, rs.relationships, rs.issues
    ref_cache = rs._ref_cache
    next_id = rs._next_id
    for i, line in enumerate(table.lines):
        problem = problems[i]
        if problem is not None:
            issues.append(RecordIssue(src, line, problem))
            continue
        given, surname, display = people[i]
        person = Mention(next_id, src, line, display, given, surname, formers[i], emails[i], phones[i], dobs[i], "")
        mentions[next_id] = person
        next_id += 1
        other: int | None = None
        if other_people is not None:
            o_given, o_surname, o_display = other_people[i]
            other = next_id
            o_person = (o_formers[i], o_emails[i], o_phones[i], o_dobs[i])
            mentions[other] = Mention(other, src, line, o_display, o_given, o_surname, *o_person, "other")
            next_id += 1
        clinician: str | None = None
        if staff_ids is not None:
            if subtypes[i] == "clinician":
                rs.register_clinician(person, staff_ids[i].strip() or None)
            clinician = ""
        elif clinician_refs is not None:
            ref = clinician_refs[i]
            clinician = ref_cache.get(ref)
            if clinician is None:  # first time this reference is seen: may add a clinician's mention
                rs._next_id = next_id
                clinician = rs.resolve_clinician(ref, src, line)
                next_id = rs._next_id
        attrs = {}
        for k, column in attr_columns:
            if v := column[i].strip():
                attrs[k] = v
        relationships.append(
            Relationship(
                rel_id=len(relationships) + 1,
                kind=kind,
                subtype=subtypes[i],
                person=person.mention_id,
                source=src,
                line=line,
                clinician=clinician,
                other=other,
                start=starts[i],
                end=ends[i],
                attrs=attrs,
            )
        )
    rs._next_id = next_id

