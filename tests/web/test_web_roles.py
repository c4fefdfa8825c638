"""The full role-by-route matrix: every route enforces its role, on both databases."""

from __future__ import annotations

import pytest
from webhelpers import WebEnv, csrf_of, login, make_env

ROLES = ["admin", "supervisor", "clinician", "auditor", None]
USER = {"admin": "admin", "supervisor": "sup", "clinician": "clin", "auditor": "aud"}

# (method, path template, roles allowed); {flag}/{case} are the clinician's own, {oflag}/{ocase} someone else's.
ROUTES: list[tuple[str, str, set[str]]] = [
    ("GET", "/queue", {"admin", "supervisor", "clinician", "auditor"}),
    ("GET", "/flags/{flag}", {"admin", "supervisor", "clinician", "auditor"}),
    ("GET", "/flags/{oflag}", {"admin", "supervisor", "auditor"}),
    ("POST", "/flags/{flag}/decision", {"admin", "supervisor"}),
    ("GET", "/cases", {"admin", "supervisor", "clinician", "auditor"}),
    ("GET", "/cases/{case}", {"admin", "supervisor", "clinician", "auditor"}),
    ("GET", "/cases/{ocase}", {"admin", "supervisor", "auditor"}),
    ("GET", "/cases/{case}/export.html", {"admin", "supervisor", "auditor"}),
    ("GET", "/cases/{case}/export.pdf", {"admin", "supervisor", "auditor"}),
    ("GET", "/dashboard", {"admin", "supervisor", "auditor"}),
    ("GET", "/upload", {"admin", "supervisor"}),
    ("POST", "/upload", {"admin", "supervisor"}),
    ("GET", "/audit", {"admin", "auditor"}),
    ("GET", "/users", {"admin"}),
    ("POST", "/users", {"admin"}),
]


@pytest.fixture
def env(db_url: str) -> WebEnv:
    return make_env(db_url, screener_factory=lambda: (_ for _ in ()).throw(RuntimeError("no screening here")))


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_role_route_matrix(env: WebEnv, role: str | None) -> None:
    client = env.client()
    if role:
        login(client, USER[role])
    token = csrf_of(client, "/login")
    failures = []
    for method, template, allowed in ROUTES:
        path = template.format(
            flag=env.flag_id, oflag=env.other_flag_id, case=env.case_id, ocase=env.other_case_id
        )
        if method == "GET":
            r = client.get(path, follow_redirects=False)
        elif path == "/upload":
            r = client.post(
                path, data={"csrf_token": token}, files={"files": ("x.txt", b"A: hi\n")}, follow_redirects=False
            )
        elif path == "/users":
            r = client.post(
                path,
                data={"csrf_token": token, "username": "x", "password": "short", "role": "admin"},
                follow_redirects=False,
            )
        else:
            r = client.post(
                path,
                data={
                    "csrf_token": token,
                    "action": "escalate",
                    "reason_code": "needs_consultation",
                    "version": 1,
                },
                follow_redirects=False,
            )
        if role is None:
            ok = r.status_code == 303 and r.headers["location"].startswith("/login")
        elif role in allowed:
            ok = (
                r.status_code < 400
                or (path == "/upload" and r.status_code in (500, 503))
                or (path == "/users" and r.status_code == 422)
            )
        else:
            ok = r.status_code in (403, 404)
        if not ok:
            failures.append(f"{method} {path}: {r.status_code}")
    assert not failures, failures


def test_clinician_queue_shows_only_own_sessions(env: WebEnv) -> None:
    client = login(env.client(), "clin")
    page = client.get("/queue?status=all").text
    assert "Dr. Reyes" in page and "Dr. Okafor" not in page
    assert "Dr. Okafor" not in client.get("/cases").text


def test_denied_access_is_audited(env: WebEnv) -> None:
    client = login(env.client(), "aud")
    assert client.get("/users").status_code == 403
    page = client.get("/audit").text
    assert "access_denied" in page and "Chain intact" in page
