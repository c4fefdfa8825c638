"""Intake check end to end through the click group, scan exit codes, output formats, bad records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from boundarywatch.cli.conflicts import conflicts
from boundarywatch.conflicts import load_records

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "records"
AS_OF = ["--as-of", "2025-06-30"]


def run(*args: str):
    return CliRunner().invoke(conflicts, list(args), catch_exceptions=False)


def test_intake_sister_of_current_client(make_records):
    d = make_records(
        clients=[
            {
                "name": "Ben Wood",
                "phone": "555-100-0002",
                "dob": "1980-01-01",
                "clinician": "S1",
                "start_date": "2024-01-01",
            }
        ],
        family=[
            {
                "name": "Ben Wood",
                "phone": "555 100 0002",
                "relation": "sibling",
                "other_name": "Lucy Wood",
                "other_email": "lucy@mail.example",
            }
        ],
    )
    res = run(
        "check",
        "--records",
        str(d),
        "--name",
        "Lucy Wood",
        "--email",
        "LUCY@mail.example",
        "--role",
        "prospective_client",
        "--clinician",
        "Marcus Reyes",
        "--format",
        "json",
        *AS_OF,
    )
    assert res.exit_code == 1, res.output
    report = json.loads(res.output)
    assert [f["rule"] for f in report["findings"]] == ["R5"]
    assert report["subject"]["name"] == "Lucy Wood"


def test_intake_former_partner_and_supervisee(make_records):
    d = make_records(
        ties=[
            {
                "name": "Sam Lee",
                "phone": "555-200-0000",
                "clinician": "S1",
                "tie": "former_partner",
                "start_date": "2000-01-01",
                "end_date": "2002-01-01",
            }
        ]
    )
    res = run(
        "check",
        "--records",
        str(d),
        "--name",
        "Samuel Lee",
        "--phone",
        "(555) 200-0000",
        "--clinician",
        "S1",
        *AS_OF,
    )
    assert res.exit_code == 1 and "R9" in res.output


def test_intake_no_conflict_exit_zero(make_records):
    d = make_records(
        clients=[{"name": "Ben Wood", "dob": "1980-01-01", "clinician": "S1", "start_date": "2024-01-01"}]
    )
    res = run(
        "check", "--records", str(d), "--name", "Nora Quist", "--dob", "1991-02-03", "--clinician", "S1", *AS_OF
    )
    assert res.exit_code == 0, res.output
    assert "No conflicts found" in res.output


def test_scan_examples_html_output_atomic(tmp_path):
    out = tmp_path / "report.html"
    res = run("scan", "--records", str(EXAMPLES), "--format", "html", "--output", str(out), *AS_OF)
    assert res.exit_code == 1
    text = out.read_text()
    assert text.startswith("<!doctype html>") and "R1" in text and "R7" in text
    assert not list(tmp_path.glob(".*.tmp"))


def test_scan_examples_rules_and_env(monkeypatch):
    monkeypatch.setenv("BOUNDARYWATCH_RECORDS", str(EXAMPLES))
    res = CliRunner().invoke(conflicts, ["scan", "--format", "json", *AS_OF])
    rules = sorted({f["rule"] for f in json.loads(res.stdout)["findings"]}, key=lambda r: int(r[1:]))
    assert rules == ["R1", "R3", "R4", "R5", "R6", "R7", "R8", "R11", "R12"]


@pytest.mark.parametrize(
    "args",
    [
        ["scan"],
        ["scan", "--records", "/no/such/dir"],
        ["check", "--records", str(EXAMPLES), "--name", "X Y", "--clinician", "S01", "--role", "wizard"],
    ],
)
def test_usage_errors_exit_two(args, monkeypatch):
    monkeypatch.delenv("BOUNDARYWATCH_RECORDS", raising=False)
    assert CliRunner().invoke(conflicts, args).exit_code == 2


def test_bad_records_reported_by_file_and_line(tmp_path):
    d = tmp_path / "r"
    d.mkdir()
    (d / "clients.csv").write_text(
        "name,dob,clinician,start_date,end_date\n"
        ",1990-01-01,S1,2020-01-01,\n"
        "Ann Bee,1990-01-01,S1,2023-02-30,\n"
        "Ann Bee,1990-01-01,S1,2023-02-01,2022-01-01\n"
        "Ann Bee,2030-01-01,S1,2023-02-01,\n"
        "Ann Bee,1990-01-01,S1,2023-02-01,\n"
    )
    (d / "vendors.json").write_text(
        '[\n {"name": "Ann Bee", "kind": "astrologer"},\n {"name": "Cy Dee", "kind": "vendor"}\n]'
    )
    (d / "notes.csv").write_text("a,b\n1,2\n")
    (d / "ties.json").write_text("[{broken")
    rs = load_records([d])
    where = {(Path(i.source).name, i.line) for i in rs.issues}
    assert {
        ("clients.csv", 2),
        ("clients.csv", 3),
        ("clients.csv", 4),
        ("clients.csv", 5),
        ("vendors.json", 2),
        ("notes.csv", 0),
        ("ties.json", 0),
    } <= where
    assert len(rs.relationships) == 2


def test_generate_and_eval_commands(tmp_path):
    res = run("generate", str(tmp_path / "org"), "--seed", "3", "--people", "300", "--planted-per-rule", "2")
    assert res.exit_code == 0 and (tmp_path / "org" / "truth.json").exists()
    res = run("eval", "--seed", "5", "--people", "300", "--planted-per-rule", "2", "--json")
    report = json.loads(res.output)
    assert report["planted"] == 24 and report["precision"] >= 0.9 and report["recall"] >= 0.9


def test_column_wise_reading_keeps_lines_and_cells(tmp_path):
    d = tmp_path / "r"
    d.mkdir()
    (d / "staff.csv").write_text(
        "Name,Role,role,staff_id\n"  # repeated header: the last column wins, as in a dict of the row
        'Helen Okafor,x,clinician,S1,extra cell\n'
        "\n"
        '"Ann\nBee",,employee\n'  # a quoted cell across two lines; missing trailing cells are blank
        "Cy Dee,,astrologer\n"
    )
    (d / "clients.json").write_text(
        '[\n  {"name": "Ann Bee", "clinician": "S1",\n   "start_date": "2024-01-01"},\n  42,\n'
        '  {"NAME": "Dee Eff", "clinician": "S1", "start_date": null}\n]'
    )
    rs = load_records([d])
    assert [(Path(i.source).name, i.line, i.problem[:20]) for i in rs.issues] == [
        ("staff.csv", 6, "unknown role 'astrol"),  # staff rosters are read first
        ("clients.json", 4, "record is not an object"[:20]),
        ("clients.json", 5, "missing start_date"),
    ]
    assert [(r.kind, r.subtype, r.line) for r in rs.relationships] == [
        ("staff", "clinician", 2),
        ("staff", "employee", 5),
        ("clients", "therapy", 2),
    ]
    assert rs.mentions[2].name == "Ann\nBee" and rs.relationships[2].clinician == "S1"
