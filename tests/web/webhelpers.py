"""Helpers for web tests: an app on a fresh database with one user per role and seeded flags."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dbsupport import make_doc, make_finding, make_result
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from boundarywatch.domain import Kind, Role, Severity
from boundarywatch.store import repository as repo
from boundarywatch.store.db import make_session_factory, session_scope
from boundarywatch.store.importer import import_results
from boundarywatch.web.app import create_app
from boundarywatch.web.settings import Settings

__all__ = ["PASSWORD", "WebEnv", "csrf_of", "login", "make_env"]

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class WebEnv:
    """The app, its session factory and the seeded ids."""

    app: object
    sessions: sessionmaker[Session]
    flag_id: int
    other_flag_id: int
    case_id: int
    other_case_id: int

    def client(self, **kw: object) -> TestClient:
        """A fresh browser."""
        return TestClient(self.app, **kw)  # type: ignore[arg-type]


def make_env(db_url: str, *, secure_cookies: bool | None = None, screener_factory: object = None) -> WebEnv:
    """Create the app, one user per role (clinician linked to Dr. Reyes) and flags for two clinicians."""
    from boundarywatch.web.security import hash_password

    app = create_app(Settings(db_url=db_url, secure_cookies=secure_cookies, screener_factory=screener_factory))  # type: ignore[arg-type]
    sessions = make_session_factory(app.state.bw.engine)
    mine = make_doc("reyes.txt")
    theirs = make_doc(
        "okafor.txt",
        [
            ("Dr. Okafor", Role.THERAPIST, "Let's keep this between us."),
            ("Lee", Role.CLIENT, "<script>alert('pwned')</script><b>bold</b> & more"),
        ],
        date="2024-04-02",
    )
    hashed = hash_password(PASSWORD)
    with session_scope(sessions) as s:
        for name, role in [
            ("admin", "admin"),
            ("sup", "supervisor"),
            ("sup2", "supervisor"),
            ("clin", "clinician"),
            ("aud", "auditor"),
        ]:
            repo.create_user(
                session=s,
                username=name,
                password_hash=hashed,
                role=role,
                clinician_name="Dr. Reyes" if role == "clinician" else None,
            )
        import_results(
            session=s,
            results=[
                make_result(
                    mine,
                    [
                        make_finding(mine, 2, severity=Severity.HIGH),
                        make_finding(
                            mine,
                            1,
                            category="social",
                            kind=Kind.INVITATION,
                            severity=Severity.MEDIUM,
                            score=0.6,
                            related_turn=2,
                        ),
                    ],
                ),
                make_result(
                    theirs,
                    [
                        make_finding(
                            theirs,
                            1,
                            category="secrecy",
                            severity=Severity.CRITICAL,
                            cue="<script>alert('pwned')</script>",
                        )
                    ],
                ),
            ],
            config_hash="cfg",
            recognizer_versions={"social.lexicon": "1"},
            actor="test",
        )
        flags = repo.list_flags(session=s, flt=repo.FlagFilter())
        mine_flag = next(f for f in flags if f.document.clinician == "Dr. Reyes" and f.turn == 2)
        other = next(f for f in flags if f.document.clinician == "Dr. Okafor")
        return WebEnv(app, sessions, mine_flag.id, other.id, mine_flag.case_id, other.case_id)


def csrf_of(client: TestClient, path: str = "/login") -> str:
    """The CSRF token from a page's form."""
    m = _CSRF.search(client.get(path).text)
    assert m, f"no form token on {path}"
    return m.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> TestClient:
    """Sign in (asserting success)."""
    r = client.post(
        "/login",
        data={"csrf_token": csrf_of(client), "username": username, "password": password, "next": "/queue"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:200]
    return client
