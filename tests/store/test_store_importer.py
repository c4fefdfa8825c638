"""Importer: documents with all utterances, flags with provenance, idempotency, one transaction."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from dbsupport import ScanResult, make_doc, make_finding, make_result
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from boundarywatch.domain import Mode, Role
from boundarywatch.errors import InputError
from boundarywatch.store import repository as repo
from boundarywatch.store.db import normalise_url, session_scope
from boundarywatch.store.importer import document_identity, import_results
from boundarywatch.store.tables import DocumentRow, FlagRow, UtteranceRow

VERSIONS = {"social.lexicon": "1", "gifts.lexicon": "2"}


def _import(factory: sessionmaker[Session], results: list[ScanResult]):  # type: ignore[no-untyped-def]
    with session_scope(factory) as s:
        return import_results(
            session=s, results=results, config_hash="cfg123", recognizer_versions=VERSIONS, actor="tester"
        )


def test_import_stores_documents_utterances_and_flags(factory: sessionmaker[Session]) -> None:
    doc = make_doc()
    summary = _import(factory, [make_result(doc), ScanResult("bad.txt", error=InputError("bad.txt", "not UTF-8"))])
    assert (summary.documents_new, summary.flags_new) == (1, 1)
    assert summary.errors == ["bad.txt: not UTF-8"]
    with session_scope(factory) as s:
        d = repo.get_document_by_hash(session=s, content_hash=doc.content_hash)
        assert d is not None
        assert (d.clinician, d.client, d.session_date) == ("Dr. Reyes", "Sam", "2024-03-01")
        assert [(u.speaker, u.role, u.timestamp) for u in d.utterances] == [
            (u.speaker, u.role.value, u.timestamp) for u in doc.utterances
        ]
        flag = repo.list_flags(session=s, flt=repo.FlagFilter())[0]
        assert flag.config_hash == "cfg123" and flag.recognizer_versions == VERSIONS
        assert flag.explanation["recognizer"] == "social.lexicon@1"
        assert flag.explanation["modifiers"] == ["accepted"]
        assert flag.codes == ["APA 3.05", "ACA A.6.e"]
        assert flag.status == "open" and flag.version == 1


def test_reimport_is_idempotent(factory: sessionmaker[Session]) -> None:
    doc = make_doc()
    _import(factory, [make_result(doc)])
    again = _import(factory, [make_result(doc)])
    assert (again.documents_new, again.documents_skipped, again.flags_new, again.flags_skipped) == (0, 1, 0, 1)
    more = _import(factory, [make_result(doc, [make_finding(doc), make_finding(doc, 1, category="gifts")])])
    assert more.flags_new == 1
    with session_scope(factory) as s:
        assert repo.count_rows(session=s, table=DocumentRow) == 1
        assert repo.count_rows(session=s, table=UtteranceRow) == 4
        assert repo.count_rows(session=s, table=FlagRow) == 2


def test_identity_from_speaker_roles() -> None:
    assert document_identity(make_doc()) == ("Dr. Reyes", "Sam")
    assert document_identity(make_doc(mode=Mode.REPORT)) == ("unknown", "unknown")
    only_client = make_doc(lines=[("C", Role.CLIENT, "hello")])
    assert document_identity(only_client) == ("unknown", "C")


def test_failure_halfway_writes_nothing(factory: sessionmaker[Session]) -> None:
    docs = [make_doc(f"d{i}.txt") for i in range(3)]

    def results():  # type: ignore[no-untyped-def]
        yield make_result(docs[0])
        yield make_result(docs[1])
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _import(factory, results())  # type: ignore[arg-type]
    with session_scope(factory) as s:
        for table in (DocumentRow, UtteranceRow, FlagRow):
            assert repo.count_rows(session=s, table=table) == 0


_CHILD = textwrap.dedent(
    """
    import sys, time
    sys.path[:0] = [sys.argv[3], sys.argv[4]]
    from dbsupport import make_doc, make_result
    from boundarywatch.store.db import make_engine, session_scope
    from boundarywatch.store.importer import import_results

    def results():
        for i in range(1000):
            yield make_result(make_doc(f"k{i}.txt"))
            if i == 5:
                open(sys.argv[2], "w").write("halfway")
                time.sleep(60)

    with session_scope(make_engine(sys.argv[1])) as s:
        import_results(session=s, results=results(), config_hash="c", recognizer_versions={}, actor="killer")
    """
)


def test_import_killed_halfway_leaves_nothing(engine: Engine, db_url: str, tmp_path: Path) -> None:
    flag_file = tmp_path / "halfway"
    tests_dir = Path(__file__).resolve().parents[1]
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, db_url, str(flag_file), str(tests_dir), str(tests_dir.parent)]
    )
    try:
        deadline = time.monotonic() + 60
        while not flag_file.exists():
            assert proc.poll() is None, "importer exited early"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    from boundarywatch.store.db import make_session_factory

    with session_scope(make_session_factory(engine)) as s:
        for table in (DocumentRow, UtteranceRow, FlagRow):
            assert repo.count_rows(session=s, table=table) == 0


def test_normalise_url() -> None:
    assert normalise_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"
    assert normalise_url("data/x.db") == "sqlite:///data/x.db"
