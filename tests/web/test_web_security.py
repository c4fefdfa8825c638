"""Cookies, CSRF, inert transcript text, login auditing and decisions through the web layer."""

from __future__ import annotations

import pytest
from webhelpers import PASSWORD, WebEnv, csrf_of, login, make_env

from boundarywatch.store import repository as repo
from boundarywatch.store.audit import verify_chain
from boundarywatch.store.db import session_scope


@pytest.fixture
def env(db_url: str) -> WebEnv:
    return make_env(db_url)


def _set_cookie_headers(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [v for k, v in response.headers.multi_items() if k.lower() == "set-cookie"]


def test_session_cookie_flags_over_http(env: WebEnv) -> None:
    client = env.client()
    r = client.post(
        "/login",
        data={"csrf_token": csrf_of(client), "username": "sup", "password": PASSWORD},
        follow_redirects=False,
    )
    cookie = next(c for c in _set_cookie_headers(r) if c.startswith("bw_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie


def test_session_cookie_secure_over_tls(env: WebEnv) -> None:
    client = env.client(base_url="https://testserver")
    first = client.get("/login")
    csrf_cookie = next(c for c in _set_cookie_headers(first) if c.startswith("bw_csrf="))
    assert "Secure" in csrf_cookie and "HttpOnly" in csrf_cookie and "SameSite=strict" in csrf_cookie
    r = client.post(
        "/login",
        data={"csrf_token": csrf_of(client), "username": "sup", "password": PASSWORD},
        follow_redirects=False,
    )
    cookie = next(c for c in _set_cookie_headers(r) if c.startswith("bw_session="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert r.headers["strict-transport-security"]


def test_security_headers(env: WebEnv) -> None:
    r = env.client().get("/login")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_login_without_valid_csrf_is_refused(env: WebEnv, token: str | None) -> None:
    client = env.client()
    client.get("/login")
    data = {"username": "sup", "password": PASSWORD}
    if token is not None:
        data["csrf_token"] = token
    r = client.post("/login", data=data, follow_redirects=False)
    assert r.status_code == 403 and "bw_session" not in client.cookies


def test_token_from_another_browser_is_refused(env: WebEnv) -> None:
    other = env.client()
    stolen = csrf_of(other)
    victim = login(env.client(), "sup")
    r = victim.post(
        f"/flags/{env.flag_id}/decision",
        data={"csrf_token": stolen, "action": "confirm", "reason_code": "boundary_violation", "version": 1},
    )
    assert r.status_code == 403
    with session_scope(env.sessions) as s:
        assert repo.get_flag(session=s, flag_id=env.flag_id).status == "open"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "path,data",
    [
        ("/logout", {}),
        ("/users", {"username": "evil", "password": "x" * 16, "role": "admin"}),
        ("/upload", {}),
    ],
)
def test_every_form_needs_csrf(env: WebEnv, path: str, data: dict[str, str]) -> None:
    client = login(env.client(), "admin")
    files = {"files": ("a.txt", b"x")} if path == "/upload" else None
    r = client.post(path, data=data, files=files, follow_redirects=False)
    assert r.status_code == 403


def test_transcript_html_is_rendered_inert(env: WebEnv) -> None:
    client = login(env.client(), "sup")
    for path in (
        f"/flags/{env.other_flag_id}",
        f"/cases/{env.other_case_id}",
        "/queue?status=all",
        f"/cases/{env.other_case_id}/export.html",
    ):
        page = client.get(path).text
        assert "<script>alert(" not in page, path
        assert "&lt;script&gt;alert(" in page, path
    flag_page = client.get(f"/flags/{env.other_flag_id}").text
    assert "<b>bold</b>" not in flag_page and "&lt;b&gt;bold&lt;/b&gt; &amp; more" in flag_page
    assert "<mark>&lt;script&gt;" in flag_page  # the evidence is highlighted, as text


def test_login_and_failures_are_audited(env: WebEnv) -> None:
    client = env.client()
    bad = client.post("/login", data={"csrf_token": csrf_of(client), "username": "sup", "password": "nope"})
    assert bad.status_code == 401 and "Wrong user name or password" in bad.text
    login(client, "sup")
    with session_scope(env.sessions) as s:
        actions = [e.action for e in repo.list_audit_events(session=s)]
    assert "login_failed" in actions and "login" in actions


def test_logout_ends_session(env: WebEnv) -> None:
    client = login(env.client(), "sup")
    token = csrf_of(client, "/queue")
    client.post("/logout", data={"csrf_token": token})
    r = client.get("/queue", follow_redirects=False)
    assert r.status_code == 303


def test_open_redirect_is_blocked(env: WebEnv) -> None:
    client = env.client()
    r = client.post(
        "/login",
        data={"csrf_token": csrf_of(client), "username": "sup", "password": PASSWORD, "next": "//evil.example/"},
        follow_redirects=False,
    )
    assert r.headers["location"] == "/queue"


def test_decision_flow_and_required_comment(env: WebEnv) -> None:
    client = login(env.client(), "sup")
    token = csrf_of(client, f"/flags/{env.flag_id}")
    r = client.post(
        f"/flags/{env.flag_id}/decision",
        data={"csrf_token": token, "action": "dismiss", "reason_code": "false_positive", "version": 1},
    )
    assert r.status_code == 422 and "comment is required" in r.text
    r = client.post(
        f"/flags/{env.flag_id}/decision",
        data={
            "csrf_token": token,
            "action": "dismiss",
            "reason_code": "false_positive",
            "comment": "a joke",
            "version": 1,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and "msg=saved" in r.headers["location"]
    with session_scope(env.sessions) as s:
        flag = repo.get_flag(session=s, flag_id=env.flag_id)
        assert flag is not None and flag.status == "dismissed"
        actions = {e.action for e in repo.list_audit_events(session=s)}
        assert {"view_transcript", "decision"} <= actions
        assert verify_chain(session=s).ok


def test_concurrent_reviewers_loser_sees_clear_message(env: WebEnv) -> None:
    """Both reviewers opened the flag at version 1; the second submission is refused with an explanation."""
    alice, bob = login(env.client(), "sup"), login(env.client(), "sup2")
    ta, tb = csrf_of(alice, f"/flags/{env.flag_id}"), csrf_of(bob, f"/flags/{env.flag_id}")
    ra = alice.post(
        f"/flags/{env.flag_id}/decision",
        data={"csrf_token": ta, "action": "confirm", "reason_code": "boundary_violation", "version": 1},
        follow_redirects=False,
    )
    rb = bob.post(
        f"/flags/{env.flag_id}/decision",
        data={
            "csrf_token": tb,
            "action": "dismiss",
            "reason_code": "false_positive",
            "comment": "no",
            "version": 1,
        },
        follow_redirects=False,
    )
    assert ra.status_code == 303
    assert rb.status_code == 409
    assert "just confirmed by sup" in rb.text and "not saved" in rb.text
    with session_scope(env.sessions) as s:
        flag = repo.get_flag(session=s, flag_id=env.flag_id)
        assert flag is not None and flag.status == "confirmed" and len(flag.decisions) == 1


def test_exports_are_audited_and_pdf_is_pdf(env: WebEnv) -> None:
    client = login(env.client(), "aud")
    html = client.get(f"/cases/{env.case_id}/export.html")
    assert html.status_code == 200 and "Case report" in html.text and "<svg" in html.text
    pdf = client.get(f"/cases/{env.case_id}/export.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    with session_scope(env.sessions) as s:
        exports = repo.list_audit_events(session=s, action="export")
        assert len(exports) == 2


def test_flag_view_shows_invitation_reply_and_codes(env: WebEnv) -> None:
    client = login(env.client(), "sup")
    with session_scope(env.sessions) as s:
        inv = next(f for f in repo.list_flags(session=s, flt=repo.FlagFilter()) if f.kind == "invitation")
    page = client.get(f"/flags/{inv.id}").text
    assert "therapist&#39;s reply" in page or "therapist's reply" in page
    assert "APA 3.05" in page and "cfg" in page


def test_queue_filters(env: WebEnv) -> None:
    client = login(env.client(), "sup")
    page = client.get("/queue?category=secrecy").text
    assert "Dr. Okafor" in page and "Dr. Reyes" not in page.split("<tbody>")[1]
    page = client.get("/queue?date_from=2024-04-01").text
    assert "Dr. Reyes" not in page.split("<tbody>")[1]
    page = client.get("/queue?clinician=Dr.%20Reyes&kind=invitation").text
    assert page.split("<tbody>")[1].count('class="row"') == 1


def test_users_page_creates_account(env: WebEnv) -> None:
    client = login(env.client(), "admin")
    token = csrf_of(client, "/users")
    r = client.post(
        "/users",
        data={
            "csrf_token": token,
            "username": "newsup",
            "password": "a-long-password",
            "role": "supervisor",
            "clinician_name": "",
        },
    )
    assert r.status_code == 200 and "newsup" in r.text
    login(env.client(), "newsup", "a-long-password")
