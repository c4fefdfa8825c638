"""Benchmark the organisation scan: generate 100,000 people / ~300,000 relationships, then time the scan.

Run: .venv/bin/python bench/conflicts_bench.py [--people 100000] [--seed 4242] [--dir bench/out/conflicts]
Prints figures; it is not a timed test.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from boundarywatch.conflicts.checker import CheckOptions, ConflictChecker  # noqa: E402
from boundarywatch.conflicts.evaluate import score  # noqa: E402
from boundarywatch.conflicts.generate import AS_OF, generate_org  # noqa: E402
from boundarywatch.conflicts.loading import load_records  # noqa: E402


def main() -> None:
    """Generate (unless present), scan, print timings and accuracy."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=100_000)
    ap.add_argument("--relationships-per-person", type=float, default=3.0)
    ap.add_argument("--seed", type=int, default=4242)
    ap.add_argument("--dir", default="bench/out/conflicts")
    args = ap.parse_args()
    base = Path(args.dir)
    t0 = time.perf_counter()
    if not (base / "truth.json").exists():
        generate_org(
            base,
            seed=args.seed,
            people=args.people,
            planted_per_rule=50,
            relationships_per_person=args.relationships_per_person,
        )
    t_gen = time.perf_counter() - t0
    load_start = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    t1 = time.perf_counter()
    cpu0 = time.process_time()
    records = load_records([base / "records"])
    t_load = time.perf_counter() - t1
    result = ConflictChecker(CheckOptions(as_of=AS_OF if AS_OF else date.today())).scan(records)
    total = time.perf_counter() - t1
    cpu = time.process_time() - cpu0
    import json

    truth = json.loads((base / "truth.json").read_text())
    rep = score(result.findings, truth)
    load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"machine: {os.cpu_count()} cores, load average {load_start:.1f} at the start, {load_avg:.1f} at the end; "
        f"generate {t_gen:.1f}s (not part of the scan)"
    )
    print(
        f"people (true)={truth['people']} relationships={result.relationships} mentions={result.mentions} "
        f"linked people={result.people} pairs above threshold={result.pairs_linked}"
    )
    link, rules = result.timings["link"], result.timings["rules"]
    print(
        f"load {t_load:.1f}s  link (Splink/DuckDB) {link:.1f}s  rules {rules:.1f}s  "
        f"total scan {total:.1f}s (CPU {cpu:.1f}s, all threads)"
    )
    print(f"findings={len(result.findings)} precision={rep.precision:.4f} recall={rep.recall:.4f}")


if __name__ == "__main__":
    main()
