"""Screen a message store with PySpark: Parquet or JSON Lines in, a Parquet (or JSON) table of flags out.

The job keeps the local semantics exactly:

1. every input row becomes one JSON record (Parquet rows through ``to_json``; JSON Lines lines as written) with
   its file and position, and its thread read with the same field aliases as the local reader;
2. rows are partitioned by ``(file, thread)`` and sorted by position, so each thread arrives whole and in order;
3. each thread is parsed by the local :class:`~boundarywatch.ingest.messages.JsonLinesReader` (same
   normalisation, roles, timestamps, empty messages) and named as
   :func:`~boundarywatch.scale.threads.split_by_thread` names it, then screened by a
   :class:`~boundarywatch.detect.Screener` built once per Python worker (module-level cache; Spark reuses
   workers between tasks) and fed 32 threads at a time.

The encoder's vectors do not depend on batch neighbours, so partitioning cannot change a flag.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

import click

from boundarywatch.config import Config, load_config
from boundarywatch.ingest.messages import FIELD_ALIASES
from boundarywatch.scale.threads import finding_row, split_by_thread

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["OUTPUT_COLUMNS", "local_session", "spark_scan", "spark_scan_command"]

#: output table columns, in order (``explanation`` is a JSON string; ``codes`` an array of strings)
OUTPUT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("document", "string"), ("thread", "string"), ("turn", "int"), ("speaker", "string"),
    ("speaker_role", "string"), ("category", "string"), ("kind", "string"), ("severity", "string"),
    ("score", "double"), ("start", "int"), ("end", "int"), ("evidence", "string"), ("rationale", "string"),
    ("codes", "array<string>"), ("recognizer", "string"), ("timestamp", "string"), ("related_turn", "int"),
    ("explanation", "string"),
)
_SCHEMA = ", ".join(f"`{n}` {t}" for n, t in OUTPUT_COLUMNS)
_BATCH = 32
_SCREENERS: dict[str, Any] = {}  # config hash -> Screener, one per Python worker process


def _screener(config: Config) -> Any:
    key = config.hash()
    if key not in _SCREENERS:
        from boundarywatch.detect import Screener

        # Spark runs one task per core: one encoder thread per worker, unless the deployment says otherwise
        os.environ.setdefault("BOUNDARYWATCH_THREADS", "1")

        screener = Screener(config)
        screener.load()
        _SCREENERS[key] = screener
    return _SCREENERS[key]


def _local_path(uri: str) -> str:
    """``file:///tmp/a.jsonl`` -> ``/tmp/a.jsonl`` (other schemes are kept as URIs)."""
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme in ("", "file") else uri


def _thread_of(line: str) -> str | None:
    """The thread of one JSON record, by the local reader's aliases (None if absent or unparsable)."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if not isinstance(record, dict):
        return None
    keys = {str(k).strip().casefold(): k for k in record}
    for name in FIELD_ALIASES["thread"]:
        k = keys.get(name)
        if k is not None and record[k] not in (None, ""):
            return str(record[k]).strip()
    return None


def _with_threads(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    for pdf in batches:
        pdf = pdf.assign(thread=[_thread_of(v) for v in pdf["value"]])
        yield pdf[["file", "seq", "thread", "value"]]


def _screen_partition(config: Config, roles: Mapping[str, str]) -> Any:
    """A mapInPandas function screening the whole threads of one partition (sorted by file, thread, seq)."""

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        import pandas as pd

        from boundarywatch.errors import InputError
        from boundarywatch.ingest import ReadOptions, RoleMap
        from boundarywatch.ingest.messages import JsonLinesReader

        screener = _screener(config)
        reader = JsonLinesReader()
        options = ReadOptions(roles=RoleMap(dict(roles)))
        columns = [n for n, _ in OUTPUT_COLUMNS]
        docs: list[tuple[Any, str | None]] = []

        def flush() -> pd.DataFrame:
            found = screener.screen_many([d for d, _ in docs])
            rows = [finding_row(f, t) for (_, t), fs in zip(docs, found, strict=True) for f in fs]
            docs.clear()
            return pd.DataFrame(rows, columns=columns)

        def add(path: str, thread: str | None, lines: list[str]) -> None:
            try:
                doc = reader.read(path, "\n".join(lines), options)
            except InputError:
                return  # a thread of only empty messages (the local reader yields no utterance for it either)
            for part in split_by_thread(doc):
                docs.append((part, thread))

        current: tuple[str, str | None] | None = None
        lines: list[str] = []
        for pdf in batches:
            for file, thread, value in zip(pdf["file"], pdf["thread"], pdf["value"], strict=True):
                thread = None if thread is None or (isinstance(thread, float)) else str(thread)
                key = (str(file), thread)
                if key != current:
                    if current is not None:
                        add(_local_path(current[0]), current[1], lines)
                        if len(docs) >= _BATCH:
                            yield flush()
                    current, lines = key, []
                lines.append(value)
        if current is not None:
            add(_local_path(current[0]), current[1], lines)
        if docs:
            yield flush()

    return run


def _read(spark: SparkSession, input_path: str, input_format: str | None) -> DataFrame:
    from pyspark.sql import functions as F  # noqa: N812

    fmt = input_format or ("parquet" if _looks_parquet(input_path) else "jsonl")
    if fmt == "parquet":
        df = spark.read.parquet(input_path)
        df = df.select(F.to_json(F.struct(*[F.col(f"`{c}`") for c in df.columns])).alias("value"))
    elif fmt in ("jsonl", "json"):
        df = spark.read.text(input_path, wholetext=False).where(F.trim("value") != "")
    else:
        raise click.BadParameter(f"unknown input format {fmt!r} (parquet, jsonl)")
    return df.select(
        F.input_file_name().alias("file"), F.monotonically_increasing_id().alias("seq"), "value"
    )


def _looks_parquet(path: str) -> bool:
    if path.endswith(".parquet"):
        return True
    if os.path.isdir(path):
        return any(name.endswith(".parquet") for _, _, files in os.walk(path) for name in files)
    return False


def spark_scan(
    spark: SparkSession,
    input_path: str,
    output_path: str,
    config: Config | None = None,
    *,
    input_format: str | None = None,
    output_format: str = "parquet",
    roles: Mapping[str, str] | None = None,
    partitions: int | None = None,
) -> dict[str, Any]:
    """Screen the message store at ``input_path``; write one row per flag to ``output_path``.

    Returns a summary: ``messages``, ``flags``, ``seconds``, ``partitions``. ``input_format`` is ``parquet`` or
    ``jsonl`` (default: by extension/contents). ``partitions`` defaults to the session's default parallelism.
    """
    config = config or load_config()
    started = time.perf_counter()
    raw = _read(spark, input_path, input_format)
    n_parts = partitions or spark.sparkContext.defaultParallelism
    threaded = raw.mapInPandas(_with_threads, "file string, seq long, thread string, value string")
    ordered = threaded.repartition(n_parts, "file", "thread").sortWithinPartitions("file", "thread", "seq")
    flags = ordered.mapInPandas(_screen_partition(config, dict(roles or {})), _SCHEMA)
    writer = flags.write.mode("overwrite")
    if output_format == "parquet":
        writer.parquet(output_path)
    elif output_format in ("json", "jsonl"):
        writer.json(output_path)
    else:
        raise click.BadParameter(f"unknown output format {output_format!r} (parquet, json)")
    out = spark.read.parquet(output_path) if output_format == "parquet" else spark.read.json(output_path)
    return {
        "messages": raw.count(),
        "flags": out.count(),
        "seconds": round(time.perf_counter() - started, 2),
        "partitions": n_parts,
    }


def local_session(master: str = "local[*]", app_name: str = "boundarywatch") -> SparkSession:
    """A local Spark session bound to 127.0.0.1 with the UI off (no network beyond loopback).

    Python workers run this interpreter, and can import this package even when it is not installed.
    """
    import sys

    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if root not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([root, *filter(None, paths)])

    return (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.python.worker.reuse", "true")
        .getOrCreate()
    )


@click.command("spark-scan")
@click.argument("input_path")
@click.argument("output_path")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="YAML configuration (default: the built-in one).")
@click.option("--master", default="local[*]", show_default=True, help="Spark master URL.")
@click.option("--input-format", type=click.Choice(["parquet", "jsonl"]), default=None,
              help="Input format (default: by extension).")
@click.option("--output-format", type=click.Choice(["parquet", "json"]), default="parquet", show_default=True)
@click.option("--roles", default=None, help='Speaker roles, "Name=therapist,Other=client" or @file.')
@click.option("--partitions", type=int, default=None, help="Partitions to screen in (default: parallelism).")
def spark_scan_command(
    input_path: str, output_path: str, config_path: str | None, master: str, input_format: str | None,
    output_format: str, roles: str | None, partitions: int | None,
) -> None:
    """Screen a Parquet or JSON Lines message store with PySpark; write one row per flag."""
    from boundarywatch.ingest import parse_roles_option

    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise click.ClickException("spark-scan needs the [spark] extra (pyspark, pyarrow)") from exc
    config = load_config(config_path)
    spark = local_session(master) if master.startswith("local") else _cluster_session(master)
    summary = spark_scan(spark, input_path, output_path, config, input_format=input_format,
                         output_format=output_format, roles=parse_roles_option(roles), partitions=partitions)
    click.echo(json.dumps(summary))


def _cluster_session(master: str) -> SparkSession:
    from pyspark.sql import SparkSession

    return SparkSession.builder.master(master).appName("boundarywatch").getOrCreate()
