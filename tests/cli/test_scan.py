"""`boundarywatch scan` end to end: formats, exit codes, bad inputs, the output contract, privacy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SECRET = "PURPLEWOMBAT"  # marker text that must never reach stderr

CONTRACT = {
    "document": str, "turn": int, "speaker": str, "speaker_role": str, "category": str, "kind": str,
    "severity": str, "score": float, "start": int, "end": int, "evidence": str, "rationale": str,
    "codes": list, "recognizer": str, "explanation": dict,
}


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "boundarywatch.cli.main", *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=300)


@pytest.fixture(scope="module")
def flagged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("in")
    (d / "s.txt").write_text(
        f"Therapist: How was your week?\nClient: Fine. {SECRET}\n"
        "Therapist: Could you get me some Xanax without a script from your pharmacy?\n", encoding="utf-8")
    return d / "s.txt"


def test_jsonl_contract(flagged: Path) -> None:
    res = run("scan", str(flagged), "--format", "jsonl", "--no-progress")
    assert res.returncode == 1, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert rows
    for row in rows:
        for key, typ in CONTRACT.items():
            assert isinstance(row[key], typ), key
        assert row["kind"] in {"crossing", "invitation", "held"}
        assert row["severity"] in {"low", "medium", "high", "critical"}
        text = flagged.read_text(encoding="utf-8")
        assert text[row["start"] : row["end"]] == row["evidence"] or row["evidence"].endswith("…")
    sol = [r for r in rows if r["category"] == "solicitation"]
    assert sol and sol[0]["kind"] == "crossing" and sol[0]["severity"] == "critical" and sol[0]["turn"] == 2
    assert sol[0]["codes"] and sol[0]["codes"][0].startswith("APA ")


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_other_formats(flagged: Path, fmt: str) -> None:
    res = run("scan", str(flagged), "--format", fmt, "--no-progress")
    assert res.returncode == 1
    if fmt == "json":
        assert isinstance(json.loads(res.stdout), list)
    elif fmt == "csv":
        assert res.stdout.splitlines()[0].startswith("document,turn,speaker")
    else:
        assert "solicitation" in res.stdout
    assert "scanned 1 document(s)" in res.stderr


def test_clean_input_exits_zero(tmp_path: Path) -> None:
    f = tmp_path / "ok.txt"
    f.write_text("Therapist: Please fill in the mood questionnaire before next week.\nClient: Will do.\n")
    res = run("scan", str(f), "--no-progress")
    assert res.returncode == 0, res.stdout


def test_bad_inputs_reported_and_others_scanned(tmp_path: Path, flagged: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.vtt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "broken.json").write_text('{"messages": [ {"text": "' + SECRET + '" ')
    (tmp_path / "broken.vtt").write_text(f"not a vtt {SECRET}\n")
    res = run("scan", str(tmp_path), str(flagged), "--format", "jsonl", "--no-progress")
    assert res.returncode == 2
    errors = [ln for ln in res.stderr.splitlines() if ": error: " in ln]
    assert len(errors) == 4
    for name in ("empty.txt", "binary.vtt", "broken.json", "broken.vtt"):
        assert any(name in ln for ln in errors)
    assert SECRET not in res.stderr and "Traceback" not in res.stderr
    assert any(json.loads(line)["category"] == "solicitation" for line in res.stdout.splitlines())


def test_missing_path_is_usage_error() -> None:
    res = run("scan", "/nonexistent/file.vtt", "--no-progress")
    assert res.returncode == 2 and "no such file" in res.stderr and "Traceback" not in res.stderr


def test_output_file_is_atomic(tmp_path: Path, flagged: Path) -> None:
    out = tmp_path / "flags.jsonl"
    res = run("scan", str(flagged), "--format", "jsonl", "-o", str(out), "--no-progress")
    assert res.returncode == 1 and res.stdout == ""
    assert out.read_text().strip()
    assert not list(tmp_path.glob(".*.tmp"))


def test_roles_option_maps_names(tmp_path: Path) -> None:
    f = tmp_path / "named.txt"
    f.write_text("Dr. Lee: Could you get me some Xanax without a script?\nSam: what?\n")
    res = run("scan", str(f), "--format", "jsonl", "--roles", "Dr. Lee=therapist,Sam=client", "--no-progress")
    row = json.loads(res.stdout.splitlines()[0])
    assert row["speaker"] == "Dr. Lee" and row["speaker_role"] == "therapist" and row["kind"] == "crossing"
    unmapped = run("scan", str(f), "--format", "jsonl", "--no-progress")
    assert "not mapped to a role" in unmapped.stderr


def test_config_show_and_bad_config(tmp_path: Path) -> None:
    res = run("config", "show")
    assert res.returncode == 0 and "code: APA" in res.stdout
    bad = tmp_path / "bw.yaml"
    bad.write_text("code: XYZ\n")
    res = run("config", "show", "--config", str(bad))
    assert res.returncode == 2 and "invalid setting code" in res.stderr


def test_code_option_changes_citations(flagged: Path) -> None:
    res = run("scan", str(flagged), "--format", "jsonl", "--code", "NASW", "--no-progress")
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert all(c.startswith("NASW ") for r in rows for c in r["codes"])


def test_recognizers_list() -> None:
    res = run("recognizers", "list")
    assert res.returncode == 0 and "boundary.embedding.v1" in res.stdout and "gifts.lexicon.v1" in res.stdout


def test_store_is_idempotent(tmp_path: Path, flagged: Path) -> None:
    db = tmp_path / "bw.db"
    first = run("scan", str(flagged), "--store", "--db", str(db), "--no-progress")
    assert first.returncode == 1 and "1 new document(s)" in first.stderr
    second = run("scan", str(flagged), "--store", "--db", str(db), "--no-progress")
    assert "0 new document(s), 1 already stored, 0 new flag(s)" in second.stderr
    verify = run("audit", "verify", "--db", str(db))
    assert verify.returncode == 0 and "chain intact" in verify.stdout
