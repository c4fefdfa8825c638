"""Import scan results (documents, utterances and findings) into the store, in one transaction.

``import_results`` writes into the caller's session and flushes; the caller's transaction (``session_scope``)
commits everything or nothing, so an import killed halfway leaves no trace. Re-importing a document with the same
``content_hash`` adds nothing (flags are matched by fingerprint, so a newer configuration can only add new flags).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from boundarywatch.domain import Document, Finding, Mode, Role, Severity
from boundarywatch.store import repository as repo
from boundarywatch.store.audit import record_event
from boundarywatch.store.db import migrated_session
from boundarywatch.store.tables import DocumentRow, FlagRow, UtteranceRow

if TYPE_CHECKING:  # the pipeline pulls in every reader; the store only needs the shape of a result
    from boundarywatch.pipeline import ScanResult

__all__ = [
    "UNKNOWN",
    "ImportSummary",
    "document_identity",
    "finding_fingerprint",
    "import_results",
    "import_to_database",
]

UNKNOWN = "unknown"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass
class ImportSummary:
    """Counts for one import run. ``errors`` lists ``path: problem`` messages (never transcript text)."""

    import_id: int = 0
    documents_new: int = 0
    documents_skipped: int = 0
    flags_new: int = 0
    flags_skipped: int = 0
    errors: list[str] = field(default_factory=list)


def document_identity(doc: Document) -> tuple[str, str]:
    """(clinician, client): the most frequent therapist and client speaker names; report mode is unknown."""
    if doc.mode is Mode.REPORT:
        return UNKNOWN, UNKNOWN
    therapists: Counter[str] = Counter()
    clients: Counter[str] = Counter()
    for u in doc.utterances:
        name = u.speaker.strip()
        if not name:
            continue
        if u.role is Role.THERAPIST:
            therapists[name] += 1
        elif u.role is Role.CLIENT:
            clients[name] += 1
    clinician = therapists.most_common(1)[0][0] if therapists else UNKNOWN
    client = clients.most_common(1)[0][0] if clients else UNKNOWN
    return clinician, client


def _content_hash(doc: Document) -> str:
    if doc.content_hash:
        return doc.content_hash
    blob = json.dumps([doc.path, [(u.speaker, u.role.value, u.source) for u in doc.utterances]]).encode()
    return hashlib.sha256(blob).hexdigest()


def _session_date(doc: Document) -> str:
    for key in ("date", "session_date", "started", "created"):
        value = doc.metadata.get(key, "")
        if isinstance(value, str) and _ISO_DATE.match(value):
            return value[:10]
    return datetime.now(UTC).date().isoformat()


def finding_fingerprint(f: Finding) -> str:
    """A stable id for a finding within its document (category, kind, turn, offsets, recognizer)."""
    key = f"{f.category}|{f.kind.value}|{f.turn}|{f.start}|{f.end}|{f.recognizer}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _explanation(f: Finding) -> dict[str, object]:
    data = f.to_dict()["explanation"]
    assert isinstance(data, dict)
    return data


def import_results(
    *,
    session: Session,
    results: Iterable[ScanResult],
    config_hash: str,
    recognizer_versions: dict[str, str],
    actor: str,
) -> ImportSummary:
    """Store every document (with all utterances) and its flags; records one ``import`` audit event."""
    run = repo.create_import(
        session=session, actor=actor, config_hash=config_hash, recognizer_versions=recognizer_versions
    )
    summary = ImportSummary(import_id=run.id)
    for result in results:
        if result.error is not None or result.document is None:
            problem = result.error.problem if result.error is not None else "no document"
            summary.errors.append(f"{result.path}: {problem}")
            continue
        doc = result.document
        chash = _content_hash(doc)
        row = repo.get_document_by_hash(session=session, content_hash=chash)
        if row is None:
            clinician, client = document_identity(doc)
            case = repo.get_or_create_case(session=session, clinician=clinician, client=client)
            row = DocumentRow(
                content_hash=chash,
                path=doc.path,
                mode=doc.mode.value,
                input_format=doc.input_format,
                clinician=clinician,
                client=client,
                case_id=case.id,
                session_date=_session_date(doc),
                doc_metadata=dict(doc.metadata),
                import_id=run.id,
            )
            utterances = [
                UtteranceRow(
                    index=u.index,
                    speaker=u.speaker,
                    role=u.role.value,
                    text=u.text,
                    source=u.source,
                    source_start=u.source_start,
                    timestamp=u.timestamp,
                    end_timestamp=u.end_timestamp,
                    thread=u.thread,
                )
                for u in doc.utterances
            ]
            repo.add_document(session=session, document=row, utterances=utterances)
            summary.documents_new += 1
            known: set[str] = set()
        else:
            summary.documents_skipped += 1
            known = repo.existing_fingerprints(session=session, document_id=row.id)
        for f in result.findings:
            fp = finding_fingerprint(f)
            if fp in known:
                summary.flags_skipped += 1
                continue
            known.add(fp)
            severity = Severity(f.severity)
            repo.add_flag(
                session=session,
                flag=FlagRow(
                    document_id=row.id,
                    case_id=row.case_id,
                    import_id=run.id,
                    fingerprint=fp,
                    turn=f.turn,
                    speaker=f.speaker,
                    speaker_role=f.speaker_role.value,
                    category=f.category,
                    kind=f.kind.value,
                    severity=severity.value,
                    severity_rank=severity.rank,
                    score=float(f.score),
                    start=f.start,
                    end=f.end,
                    utt_start=f.utt_start,
                    utt_end=f.utt_end,
                    evidence=f.evidence,
                    rationale=f.rationale,
                    codes=list(f.codes),
                    recognizer=f.recognizer,
                    explanation=_explanation(f),
                    timestamp=f.timestamp,
                    related_turn=f.related_turn,
                    config_hash=config_hash,
                    recognizer_versions=dict(recognizer_versions),
                    status="open",
                    version=1,
                ),
            )
            summary.flags_new += 1
    run.documents_new = summary.documents_new
    run.documents_skipped = summary.documents_skipped
    run.flags_new = summary.flags_new
    run.errors = len(summary.errors)
    record_event(
        session=session,
        actor=actor,
        action="import",
        target=f"import:{run.id}",
        detail={
            "documents_new": summary.documents_new,
            "documents_skipped": summary.documents_skipped,
            "flags_new": summary.flags_new,
            "flags_skipped": summary.flags_skipped,
            "errors": len(summary.errors),
            "config_hash": config_hash,
        },
    )
    session.flush()
    return summary


def import_to_database(
    db_url: str | None,
    results: Iterable[ScanResult],
    *,
    config_hash: str,
    recognizer_versions: dict[str, str],
    actor: str,
) -> ImportSummary:
    """Migrate the database at ``db_url`` (default: ``$BOUNDARYWATCH_DB`` or ./boundarywatch.db) and import."""
    with migrated_session(db_url) as session:
        return import_results(
            session=session,
            results=results,
            config_hash=config_hash,
            recognizer_versions=recognizer_versions,
            actor=actor,
        )
