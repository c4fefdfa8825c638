"""Output writers. ``jsonl`` is the stable contract (docs/output.md): one JSON object per flag."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterable
from typing import TextIO

from boundarywatch.domain import Finding
from boundarywatch.pipeline import ScanResult

__all__ = ["CSV_FIELDS", "OUTPUT_FORMATS", "count_kinds", "summary_line", "write_results"]

OUTPUT_FORMATS = ("table", "json", "jsonl", "csv")
CSV_FIELDS = ("document", "turn", "speaker", "speaker_role", "category", "kind", "severity", "score", "start",
              "end", "evidence", "rationale", "codes", "recognizer", "timestamp", "related_turn")


def _excerpt(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


class _Table:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        cols = shutil.get_terminal_size((140, 20)).columns
        self.ev_width = max(30, cols - 92)
        self.header = False

    def write(self, res: ScanResult) -> None:
        if not res.findings:
            return
        if not self.header:
            self.out.write(f"{'document':28s} {'turn':>4s} {'speaker':14s} {'category':17s} {'kind':10s} "
                           f"{'severity':8s} evidence\n")
            self.header = True
        for f in res.findings:
            who = _excerpt(f"{f.speaker} ({f.speaker_role.value[0]})", 14)
            self.out.write(
                f"{_excerpt(f.document, 28):28s} {f.turn:>4d} {who:14s} {f.category:17s} {f.kind.value:10s} "
                f"{f.severity.value:8s} {_excerpt(f.evidence, self.ev_width)}\n"
            )


def write_results(results: Iterable[ScanResult], fmt: str, out: TextIO) -> Iterable[ScanResult]:
    """Write each result's findings as they arrive; yields results back for summary counting."""
    if fmt == "json":
        items: list[dict[str, object]] = []
        for r in results:
            items.extend(f.to_dict() for f in r.findings)
            yield r
        json.dump(items, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if fmt == "jsonl":
        for r in results:
            for f in r.findings:
                out.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
            yield r
        return
    if fmt == "csv":
        w = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
        w.writeheader()
        for r in results:
            for f in r.findings:
                row = f.to_dict()
                row["codes"] = "; ".join(f.codes)
                w.writerow(row)
            yield r
        return
    table = _Table(out)
    for r in results:
        table.write(r)
        yield r


def summary_line(n_docs: int, n_flags: int, n_errors: int, by_kind: dict[str, int], seconds: float) -> str:
    """The one-line run summary (stderr)."""
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items())) or "none"
    return (f"scanned {n_docs} document(s): {n_flags} flag(s) ({kinds}); {n_errors} input error(s); "
            f"{seconds:.1f}s")


def count_kinds(findings: Iterable[Finding], acc: dict[str, int]) -> None:
    """Add findings to a kind -> count map."""
    for f in findings:
        acc[f.kind.value] = acc.get(f.kind.value, 0) + 1
