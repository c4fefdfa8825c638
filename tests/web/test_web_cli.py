"""CLI commands: users add/list, audit verify (intact, edited, deleted), migrate; on both databases."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import text

from boundarywatch.store.db import make_engine
from boundarywatch.web.cli import audit, load_demo, migrate_cmd, users, workbench


def test_users_add_list_and_audit_verify(db_url: str) -> None:
    runner = CliRunner()
    assert runner.invoke(migrate_cmd, ["--db", db_url]).exit_code == 0
    r = runner.invoke(users, ["add", "--db", db_url, "carol", "--role", "supervisor", "--generate"])
    assert r.exit_code == 0 and "password:" in r.output
    r = runner.invoke(users, ["add", "--db", db_url, "dan", "--role", "clinician", "--password", "x" * 12])
    assert r.exit_code != 0 and "clinician-name" in r.output
    r = runner.invoke(
        users,
        [
            "add",
            "--db",
            db_url,
            "dan",
            "--role",
            "clinician",
            "--password",
            "x" * 12,
            "--clinician-name",
            "Dr. Dan",
        ],
    )
    assert r.exit_code == 0
    listing = runner.invoke(users, ["list", "--db", db_url]).output
    assert "carol" in listing and "Dr. Dan" in listing
    summary = load_demo(db_url)
    assert summary.flags_new > 0 and load_demo(db_url).flags_new == 0
    ok = runner.invoke(audit, ["verify", "--db", db_url])
    assert ok.exit_code == 0 and "chain intact" in ok.output


def test_audit_verify_detects_edit_and_delete(db_url: str) -> None:
    runner = CliRunner()
    for name in ("u1", "u2", "u3"):
        runner.invoke(users, ["add", "--db", db_url, name, "--role", "auditor", "--generate"])
    eng = make_engine(db_url)
    with eng.begin() as conn:
        conn.execute(text("UPDATE audit_events SET target = 'user:99' WHERE seq = 2"))
    r = runner.invoke(audit, ["verify", "--db", db_url])
    assert r.exit_code == 1 and "event 2" in r.output and "edited" in r.output
    with eng.begin() as conn:
        conn.execute(text("DELETE FROM audit_events WHERE seq = 2"))
    r = runner.invoke(audit, ["verify", "--db", db_url])
    assert r.exit_code == 1 and "deleted" in r.output
    eng.dispose()


def test_workbench_group_lists_commands() -> None:
    out = CliRunner().invoke(workbench, ["--help"]).output
    for name in ("serve", "migrate", "audit", "users"):
        assert name in out
