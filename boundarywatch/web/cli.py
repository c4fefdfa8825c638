"""Click commands for the workbench: ``serve``, ``migrate``, ``audit verify`` and ``users add|list``.

They are exported individually so the main CLI can attach them; ``workbench`` groups them for standalone use.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import click

from boundarywatch.store import repository as repo
from boundarywatch.store.audit import record_event, verify_chain
from boundarywatch.store.db import ENV_DB, make_engine, migrate, migrated_session, resolve_db_url, session_scope
from boundarywatch.store.importer import ImportSummary, import_results

__all__ = ["audit", "migrate_cmd", "serve", "users", "workbench"]

ENV_SECRET = "BOUNDARYWATCH_SECRET"

db_option = click.option(
    "--db",
    "db_url",
    envvar=ENV_DB,
    default=None,
    show_envvar=True,
    help="Database URL or SQLite file (default ./boundarywatch.db). PostgreSQL: postgresql://user:pw@host/db",
)


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


def _set_demo_account(session: object, username: str, role: str) -> str:
    from boundarywatch.web.security import hash_password

    password = secrets.token_urlsafe(12)
    user = repo.get_user_by_username(session=session, username=username)  # type: ignore[arg-type]
    if user is None:
        user = repo.create_user(
            session=session,
            username=username,
            password_hash=hash_password(password),  # type: ignore[arg-type]
            role=role,
        )
        record_event(
            session=session,
            actor="cli",
            action="user_add",
            target=f"user:{user.id}",  # type: ignore[arg-type]
            detail={"role": role, "demo": True},
        )
    else:
        user.password_hash = hash_password(password)
        user.active = True
    return password


def load_demo(db_url: str | None, examples: Path = Path("examples")) -> ImportSummary:
    """Import the example transcripts (screened by the detector if available) or the bundled demo sessions."""
    from boundarywatch.web.demo import DEMO_CONFIG_HASH, DEMO_VERSIONS, demo_results, example_files
    from boundarywatch.web.screening import ScreenerUnavailableError, provenance, scan_files

    results: list[object] = []
    config_hash, versions = DEMO_CONFIG_HASH, DEMO_VERSIONS
    files = example_files(examples)
    if files:
        try:
            from boundarywatch.ingest import ReadOptions, RoleMap, parse_roles_option

            roles_file = examples / "roles.yaml"
            roles = parse_roles_option(f"@{roles_file}") if roles_file.is_file() else {}
            scanned, screener = scan_files([(str(p), p) for p in files], options=ReadOptions(roles=RoleMap(roles)))
            if any(r.findings for r in scanned):
                results = list(scanned)
                config_hash, versions = provenance(screener)
        except ScreenerUnavailableError:
            click.echo("The detector is not installed; using the bundled demo sessions.", err=True)
        except Exception as exc:  # noqa: BLE001 - the demo must start; say what kind of failure, no content
            click.echo(
                f"Screening examples/ failed ({type(exc).__name__}); using the bundled demo sessions.", err=True
            )
    if not results:
        results = list(demo_results())
    engine = make_engine(db_url)
    try:
        with session_scope(engine) as s:
            return import_results(
                session=s,
                results=results,
                config_hash=config_hash,  # type: ignore[arg-type]
                recognizer_versions=versions,
                actor="demo",
            )
    finally:
        engine.dispose()


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8765, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--demo", is_flag=True, help="Create the database, demo accounts (passwords printed) and example flags."
)
@click.option(
    "--secure-cookies/--no-secure-cookies",
    default=None,
    help="Force the Secure cookie flag (default: set when the request arrived over HTTPS).",
)
def serve(db_url: str | None, host: str, port: int, demo: bool, secure_cookies: bool | None) -> None:
    """Run the review workbench."""
    import uvicorn

    from boundarywatch.web.app import create_app
    from boundarywatch.web.settings import Settings

    url = resolve_db_url(db_url)
    engine = make_engine(url)
    migrate(engine)
    if demo:
        with session_scope(engine) as s:
            admin_pw = _set_demo_account(s, "admin", "admin")
            sup_pw = _set_demo_account(s, "supervisor", "supervisor")
        summary = load_demo(url)
        click.echo(f"Demo data: {summary.documents_new} new documents, {summary.flags_new} new flags.")
        click.echo(f"Demo accounts:  admin / {admin_pw}   supervisor / {sup_pw}")
    else:
        with session_scope(engine) as s:
            if not repo.list_users(session=s):
                click.echo("No accounts yet: add one with `users add` or start with --demo.", err=True)
    engine.dispose()
    secret = os.environ.get(ENV_SECRET) or secrets.token_hex(32)
    app = create_app(Settings(db_url=url, secret_key=secret, secure_cookies=secure_cookies, run_migrations=False))
    click.echo(f"Database: {_redact(url)}")
    click.echo(f"Open http://{host}:{port}/ (Ctrl+C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True)


@click.command("migrate")
@db_option
def migrate_cmd(db_url: str | None) -> None:
    """Create or upgrade the database schema."""
    url = resolve_db_url(db_url)
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    click.echo(f"Schema up to date: {_redact(url)}")


@click.group("audit")
def audit() -> None:
    """Check the audit trail."""


@audit.command("verify")
@db_option
def audit_verify(db_url: str | None) -> None:
    """Verify the hash chain; exits 1 if any event was edited, deleted or reordered."""
    with migrated_session(db_url) as s:
        result = verify_chain(session=s)
    if result.ok:
        click.echo(f"OK: {result.events} events, chain intact. Head {result.head_hash}")
        return
    click.echo(f"BROKEN: {len(result.problems)} problem(s) in {result.events} events", err=True)
    for p in result.problems:
        click.echo(f"  {p}", err=True)
    raise SystemExit(1)


@click.group("users")
def users() -> None:
    """Manage local accounts."""


@users.command("add")
@db_option
@click.argument("username")
@click.option("--role", type=click.Choice(["admin", "supervisor", "clinician", "auditor"]), required=True)
@click.option("--clinician-name", default=None, help="For clinicians: the therapist name in their transcripts.")
@click.option("--password", default=None, help="Password (prompted if omitted; at least 12 characters).")
@click.option("--generate", is_flag=True, help="Generate a password and print it.")
def users_add(
    db_url: str | None, username: str, role: str, clinician_name: str | None, password: str | None, generate: bool
) -> None:
    """Add an account."""
    from boundarywatch.web.security import hash_password

    if generate:
        password = secrets.token_urlsafe(12)
    elif password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    assert password is not None
    if len(password) < 12:
        raise click.UsageError("the password must have at least 12 characters")
    if role == "clinician" and not clinician_name:
        raise click.UsageError("clinician accounts need --clinician-name (the therapist name in transcripts)")
    with migrated_session(db_url) as s:
        if repo.get_user_by_username(session=s, username=username):
            raise click.UsageError(f"user {username!r} exists")
        user = repo.create_user(
            session=s,
            username=username,
            password_hash=hash_password(password),
            role=role,
            clinician_name=clinician_name,
        )
        record_event(session=s, actor="cli", action="user_add", target=f"user:{user.id}", detail={"role": role})
    click.echo(f"Added {username} ({role})" + (f"; password: {password}" if generate else ""))


@users.command("list")
@db_option
def users_list(db_url: str | None) -> None:
    """List accounts."""
    with migrated_session(db_url) as s:
        rows = [(u.username, u.role, u.clinician_name or "", u.active) for u in repo.list_users(session=s)]
    for name, role, clin, active in rows:
        click.echo(f"{name:<20} {role:<11} {clin:<24} {'active' if active else 'disabled'}")


@click.group("workbench")
def workbench() -> None:
    """The review workbench (standalone entry point; the main CLI attaches the same commands)."""


for _cmd in (serve, migrate_cmd, audit, users):
    workbench.add_command(_cmd)

if __name__ == "__main__":
    workbench()
