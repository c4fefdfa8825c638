"""Read one record file into columns: CSV with a header, a JSON array (or ``{"kind", "records"}``), or JSON Lines.

A :class:`Table` holds one list of strings per column (lower-case, trimmed column names; blank where a row has
no value) and the line number of every row, so the loader can validate and normalise whole columns at once
instead of building a dict per row. Rows that cannot be records at all (a JSON item that is not an object) are
kept as blank rows with their problem already set, so issues stay in file order.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Table", "read_csv_table", "read_json_table"]


@dataclass
class Table:
    """Columns of one record file; ``lines[i]`` is where row ``i`` starts, ``problems[i]`` a preset issue."""

    lines: list[int]
    columns: dict[str, Sequence[str]]
    problems: list[str | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.problems:
            self.problems = [None] * len(self.lines)
        self._blank: tuple[str, ...] = ("",) * len(self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    def __contains__(self, name: str) -> bool:
        return name in self.columns

    def col(self, name: str) -> Sequence[str]:
        """The column ``name``, all blank when the file does not have it."""
        return self.columns.get(name, self._blank)


def read_csv_table(path: Path) -> Table:
    """Columns of a CSV file with a header (extra cells dropped, missing ones blank, blank lines skipped).

    Line numbers are those of :attr:`csv.reader.line_num`, so a quoted cell spanning lines counts them all.
    """
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if not header:
            return Table([], {})
        names = [h.strip().lower() for h in header]
        width = len(names)
        lines: list[int] = []
        rows: list[list[str]] = []
        for cells in reader:
            if cells:  # a blank line, as csv.DictReader skips it
                lines.append(reader.line_num)
                rows.append(cells)
    if any(len(cells) < width for cells in rows):
        rows = [cells if len(cells) >= width else cells + [""] * (width - len(cells)) for cells in rows]
    columns = list(zip(*rows, strict=False)) if rows else [() for _ in names]
    # a repeated header name keeps its last column, as a dict of the row would
    return Table(lines, {name: columns[i] for i, name in enumerate(names)})


def read_json_table(path: Path) -> tuple[str | None, Table]:
    """The declared kind (``{"kind": ..., "records": [...]}``, else ``None``) and the columns of a JSON file.

    Values become strings (``null`` is blank); keys are trimmed and lower-cased, the last of equal keys wins.
    """
    kind, items = _json_items(path)
    lines: list[int] = []
    rows: list[dict[str, str]] = []
    problems: list[str | None] = []
    names: dict[str, None] = {}
    for line, obj in items:
        lines.append(line)
        if isinstance(obj, dict):
            row = {str(k).strip().lower(): "" if v is None else str(v) for k, v in obj.items()}
            names.update(dict.fromkeys(row))
            problems.append(None)
        else:
            row = {}
            problems.append("record is not an object")
        rows.append(row)
    columns = {name: [row.get(name, "") for row in rows] for name in names}
    return kind, Table(lines, columns, problems)


def _json_items(path: Path) -> tuple[str | None, list[tuple[int, object]]]:
    """Top-level items of a JSON array (or ``{"kind", "records"}``) with their line numbers; or JSON Lines."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".jsonl":
        return None, [(i, json.loads(s)) for i, s in enumerate(text.splitlines(), 1) if s.strip()]
    dec = json.JSONDecoder()
    stripped = text.lstrip()
    kind = None
    start = len(text) - len(stripped)
    if stripped.startswith("{"):
        whole = json.loads(text)
        if not isinstance(whole, dict) or not isinstance(whole.get("records"), list):
            raise ValueError('expected a list of records or {"kind": ..., "records": [...]}')
        kind = str(whole.get("kind") or "") or None
        start = text.index("[", text.index('"records"'))
    elif not stripped.startswith("["):
        raise ValueError("expected a JSON array of records")
    items: list[tuple[int, object]] = []
    i = start + 1
    n = len(text)
    line, counted = 1, 0  # newlines before ``counted``, counted on as items are found (not from 0 each time)
    while i < n:
        while i < n and text[i] in " \t\r\n,":
            i += 1
        if i >= n or text[i] == "]":
            break
        obj, end = dec.raw_decode(text, i)
        line += text.count("\n", counted, i)
        counted = i
        items.append((line, obj))
        i = end
    return kind, items
