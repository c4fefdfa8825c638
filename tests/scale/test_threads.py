"""Splitting a message file into per-thread documents, and the spark-scan command surface (no Spark started)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from boundarywatch.ingest import load_document
from boundarywatch.scale.threads import split_by_thread, thread_path


def _write(path: Path, records: list[dict[str, object]]) -> str:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return str(path)


def test_split_by_thread_keeps_order_and_reindexes(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "m.jsonl",
        [
            {"text": "hi", "role": "client", "thread": "a"},
            {"text": "hello", "role": "therapist", "thread": "b"},
            {"text": "", "role": "client", "thread": "a"},
            {"text": "how are you", "role": "therapist", "thread": "a"},
            {"text": "no thread here", "role": "client"},
        ],
    )
    parts = split_by_thread(load_document(path))
    assert [p.path for p in parts] == [thread_path(path, "a"), thread_path(path, "b"), path]
    assert [[u.text for u in p.utterances] for p in parts] == [["hi", "how are you"], ["hello"], ["no thread here"]]
    assert all([u.index for u in p.utterances] == list(range(len(p.utterances))) for p in parts)
    assert parts[0].metadata["thread"] == "a"


def test_single_unthreaded_document_is_unchanged(tmp_path: Path) -> None:
    doc = load_document(_write(tmp_path / "m.jsonl", [{"text": "hi", "role": "client"}]))
    assert split_by_thread(doc) == [doc]


def test_spark_scan_command_help() -> None:
    from boundarywatch.scale.spark import spark_scan_command

    assert spark_scan_command.name == "spark-scan"
    result = CliRunner().invoke(spark_scan_command, ["--help"])
    assert result.exit_code == 0
    assert "Parquet or JSON Lines" in result.output
