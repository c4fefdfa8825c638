"""The Spark job flags exactly what the local per-thread scan flags, on 100,000 generated messages."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.spark

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")

ROOT = Path(__file__).resolve().parents[2]
N_MESSAGES = int(os.environ.get("BOUNDARYWATCH_SPARK_TEST_N", "100000"))


def _key(row: dict[str, object]) -> tuple[object, ...]:
    """Everything that makes a flag what it is (the score is compared separately, to float tolerance)."""
    return (
        row["document"],
        row["thread"],
        row["turn"],
        row["category"],
        row["kind"],
        row["severity"],
        row["start"],
        row["end"],
        row["related_turn"],
        row["rationale"],
    )


@pytest.fixture(scope="module")
def spark():  # type: ignore[no-untyped-def]
    from boundarywatch.scale.spark import local_session

    session = local_session("local[2]", "boundarywatch-test")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_scan_matches_local_scan(tmp_path: Path, spark) -> None:  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT))
    from bench.workloads import iter_messages, write_jsonl
    from boundarywatch.detect import Screener
    from boundarywatch.scale.spark import spark_scan
    from boundarywatch.scale.threads import scan_message_files

    store = tmp_path / "messages.jsonl"
    write_jsonl(store, iter_messages(N_MESSAGES))
    screener = Screener()
    local_rows = sorted(scan_message_files([str(store)], screener), key=_key)
    local = [_key(r) for r in local_rows]
    assert local, "the generated store should raise some flags"

    out = tmp_path / "flags.parquet"
    summary = spark_scan(spark, str(store), str(out), screener.config, partitions=4)
    assert summary["messages"] == N_MESSAGES
    remote_rows = sorted((r.asDict() for r in spark.read.parquet(str(out)).collect()), key=_key)
    remote = [_key(r) for r in remote_rows]
    assert summary["flags"] == len(remote)
    assert remote == local
    # scores agree to float rounding (the classifier's matrix products see different batch shapes)
    worst = max(abs(float(a["score"]) - float(b["score"])) for a, b in zip(local_rows, remote_rows, strict=True))
    assert worst < 1e-3


def test_parquet_input_matches_jsonl(tmp_path: Path, spark) -> None:  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT))
    from bench.workloads import iter_messages, write_jsonl
    from boundarywatch.scale.spark import spark_scan

    store = tmp_path / "m.jsonl"
    write_jsonl(store, iter_messages(2000, seed=3))
    pq = tmp_path / "m.parquet"
    spark.read.json(str(store)).select("text", "role", "sender", "timestamp", "thread").coalesce(1).write.parquet(
        str(pq)
    )
    a = spark_scan(spark, str(store), str(tmp_path / "a"), partitions=2)
    b = spark_scan(spark, str(pq), str(tmp_path / "b"), partitions=3)
    assert a["flags"] == b["flags"] > 0
    key = ["thread", "turn", "category", "kind", "severity"]
    rows_a = sorted(tuple(r) for r in spark.read.parquet(str(tmp_path / "a")).select(*key).collect())
    rows_b = sorted(tuple(r) for r in spark.read.parquet(str(tmp_path / "b")).select(*key).collect())
    assert rows_a == rows_b
