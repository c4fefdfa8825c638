"""``boundarywatch conflicts``: intake checks, organisation scans, synthetic data and evaluation.

Exit codes: 0 no conflicts, 1 conflicts found, 2 usage or input errors.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from boundarywatch.config import CODE_WINDOWS_YEARS
from boundarywatch.conflicts.checker import INTAKE_ROLES, CheckOptions, CheckResult, ConflictChecker
from boundarywatch.conflicts.loading import load_records
from boundarywatch.conflicts.records import RecordSet
from boundarywatch.conflicts.report import FORMATS, render, write_atomic

__all__ = ["conflicts"]


def _records_option(f: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--records",
        "records",
        multiple=True,
        envvar="BOUNDARYWATCH_RECORDS",
        help="Record file or directory (repeatable; env BOUNDARYWATCH_RECORDS, separated by the path separator).",
    )(f)


def _common(f: Callable[..., None]) -> Callable[..., None]:
    """The record, scope and report options; the scope options reach ``f`` as one ``options: CheckOptions``."""

    @functools.wraps(f)
    def command(
        *, code: str | None, config_path: str | None, threshold: float, as_of: str | None, agency_scope: bool, **kw: Any
    ) -> None:
        f(options=_options(code, config_path, threshold, as_of, agency_scope), **kw)

    options = [
        click.option(
            "--code",
            type=click.Choice(sorted(CODE_WINDOWS_YEARS), case_sensitive=False),
            default=None,
            help="Professional code (default: from config, else APA).",
        ),
        click.option(
            "--config",
            "config_path",
            type=click.Path(dir_okay=False),
            default=None,
            help="boundarywatch.yaml (code, gift_value_threshold, practice_setting).",
        ),
        click.option(
            "--threshold",
            type=click.FloatRange(0.01, 1.0),
            default=0.9,
            show_default=True,
            help="Match probability at which two records are taken to be one person.",
        ),
        click.option("--as-of", "as_of", default=None, help="Date to evaluate (YYYY-MM-DD; default today)."),
        click.option(
            "--agency-scope/--no-agency-scope",
            default=True,
            show_default=True,
            help="R10: a client of the agency counts as a client of every clinician there.",
        ),
        click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True),
        click.option(
            "--output",
            type=click.Path(dir_okay=False),
            default=None,
            help="Write the report here (atomically) instead of standard output.",
        ),
    ]
    for opt in reversed(options):
        command = opt(command)
    return _records_option(command)


def _options(
    code: str | None, config_path: str | None, threshold: float, as_of: str | None, agency_scope: bool
) -> CheckOptions:
    from boundarywatch.config import load_config
    from boundarywatch.errors import ConfigError

    try:
        config = load_config(config_path)
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--as-of") from None
    return CheckOptions.from_config(
        config, code=code.upper() if code else None, threshold=threshold, as_of=day, agency_scope=agency_scope
    )


def _paths(records: tuple[str, ...]) -> list[str]:
    paths: list[str] = []
    for item in records:
        paths.extend(p for p in item.split(os.pathsep) if p)
    if not paths:
        raise click.UsageError("no records given: use --records DIR_OR_FILE or set BOUNDARYWATCH_RECORDS")
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise click.UsageError(f"records not found: {', '.join(missing)}")
    return paths


def _load(records: tuple[str, ...]) -> RecordSet:
    rs = load_records(_paths(records))
    if not rs.relationships:
        for issue in rs.issues[:20]:
            click.echo(f"skipped {issue}", err=True)
        raise click.UsageError("no usable records were found")
    return rs


def _emit(result: CheckResult, fmt: str, output: str | None) -> None:
    text = render(result, fmt)
    if output:
        write_atomic(output, text)
        click.echo(f"{len(result.findings)} finding(s); report written to {output}", err=True)
    else:
        click.echo(text, nl=False)
    for issue in result.issues[:20]:
        click.echo(f"skipped {issue}", err=True)
    raise SystemExit(1 if result.findings else 0)


@click.group("conflicts")
def conflicts() -> None:
    """Conflict check over practice records: the same person in two roles (rules R1-R12)."""


@conflicts.command("check")
@click.option("--name", required=True, help="Full name of the person at intake.")
@click.option("--email", default=None)
@click.option("--phone", default=None)
@click.option("--dob", default=None, help="Date of birth (YYYY-MM-DD or m/d/yyyy).")
@click.option("--role", type=click.Choice(sorted(INTAKE_ROLES)), default="prospective_client", show_default=True)
@click.option("--clinician", required=True, help="Clinician (staff id, name or e-mail) the person would see.")
@_common
def check_cmd(
    name: str,
    email: str | None,
    phone: str | None,
    dob: str | None,
    role: str,
    clinician: str,
    records: tuple[str, ...],
    options: CheckOptions,
    fmt: str,
    output: str | None,
) -> None:
    """Intake check: would this person in this role conflict with existing records?"""
    rs = _load(records)
    try:
        result = ConflictChecker(options).check(
            rs, name=name, clinician=clinician, role=role, email=email, phone=phone, dob=dob
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    _emit(result, fmt, output)


@conflicts.command("scan")
@_common
def scan_cmd(
    records: tuple[str, ...],
    options: CheckOptions,
    fmt: str,
    output: str | None,
) -> None:
    """All conflicts active on the date across the organisation."""
    result = ConflictChecker(options).scan(_load(records))
    _emit(result, fmt, output)


@conflicts.command("generate")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--seed", type=int, required=True)
@click.option("--people", type=int, default=3000, show_default=True)
@click.option("--planted-per-rule", type=int, default=10, show_default=True)
@click.option("--relationships-per-person", type=float, default=3.0, show_default=True)
def generate_cmd(
    directory: str, seed: int, people: int, planted_per_rule: int, relationships_per_person: float
) -> None:
    """Write a synthetic organisation (DIRECTORY/records/*.csv and DIRECTORY/truth.json)."""
    from boundarywatch.conflicts.generate import generate_org

    org = generate_org(
        directory,
        seed=seed,
        people=people,
        planted_per_rule=planted_per_rule,
        relationships_per_person=relationships_per_person,
    )
    click.echo(
        f"wrote {org.relationships} records about {org.people} people, {len(org.planted)} planted "
        f"conflicts and {len(org.negatives)} near misses to {directory}"
    )


@conflicts.command("eval")
@click.option("--seed", type=int, default=None, help="Organisation seed (default: the held-out EVAL_SEED).")
@click.option("--people", type=int, default=3000, show_default=True)
@click.option("--planted-per-rule", type=int, default=10, show_default=True)
@click.option("--threshold", type=click.FloatRange(0.01, 1.0), default=0.9, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def eval_cmd(seed: int | None, people: int, planted_per_rule: int, threshold: float, as_json: bool) -> None:
    """Generate a fresh organisation, scan it, and print precision and recall of planted conflicts."""
    from boundarywatch.conflicts.evaluate import EVAL_SEED, run_eval

    report = run_eval(
        seed=EVAL_SEED if seed is None else seed,
        people=people,
        planted_per_rule=planted_per_rule,
        threshold=threshold,
    )
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.to_text())
