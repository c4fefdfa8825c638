"""Structured message exports: JSON, JSON Lines and CSV/TSV (secure-message portals, chat exports).

Each message is one utterance, in file order. The contract (see docs/formats.md):

============  ==========================================================  =========
field         aliases (keys/columns, case-insensitive)                     required
============  ==========================================================  =========
text          body, content, message                                      yes
sender        from, author, speaker, sender_name                          no
role          sender_role, speaker_role (therapist | client)              no
timestamp     sent_at, time, date, datetime, created_at                   no
thread        conversation_id, thread_id, conversation                    no
============  ==========================================================  =========

The role comes from ``role`` when it names one, else from the sender through ``ReadOptions.roles``. Offsets of a
structured message are relative to its own text: ``source`` is the message text and ``source_start`` is 0.
Errors name the line (JSON Lines, CSV), the position (JSON) or the message number, never the content.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from boundarywatch.domain import Document, Role
from boundarywatch.errors import ConfigError, InputError
from boundarywatch.ingest.base import Reader, ReadOptions, UtteranceBuilder, iter_lines

__all__ = ["FIELD_ALIASES", "CsvReader", "JsonLinesReader", "JsonReader"]

FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "message"),
    "sender": ("sender", "from", "author", "speaker", "sender_name"),
    "role": ("role", "sender_role", "speaker_role"),
    "timestamp": ("timestamp", "sent_at", "time", "date", "datetime", "created_at"),
    "thread": ("thread", "conversation_id", "thread_id", "conversation"),
}
_TEXT_HELP = "expected one of " + ", ".join(FIELD_ALIASES["text"])


def _folded_keys(record: Mapping[str, object]) -> dict[str, object]:
    """``record``'s keys by their stripped, case-folded form (the last of equals wins)."""
    return {str(k).strip().casefold(): k for k in record}


def _pick(record: Mapping[str, object], field: str, override: str | None = None,
          keys: Mapping[str, object] | None = None) -> object:
    """The value of contract ``field`` in ``record`` (keys compared case-insensitively; ``keys`` is
    :func:`_folded_keys` of ``record`` when the caller picks several fields from one record)."""
    if keys is None:
        keys = _folded_keys(record)
    names = (override,) if override else FIELD_ALIASES[field]
    for name in names:
        k = keys.get(name.casefold())
        if k is not None and record[k] not in (None, ""):
            return record[k]
    return None


def _sender(value: object) -> str:
    """A sender string: plain text, or ``{"name": .., "email": ..}`` as ``Name <addr>``."""
    if value is None:
        return ""
    if isinstance(value, Mapping):
        name = str(value.get("name") or value.get("display_name") or "").strip()
        addr = str(value.get("email") or value.get("address") or "").strip()
        return f"{name} <{addr}>" if name and addr else name or addr
    if isinstance(value, str | int):
        return str(value).strip()
    raise TypeError("sender")


def _timestamp(value: object) -> str | None:
    """ISO 8601 strings are kept as written; epoch seconds (or milliseconds) become ISO 8601 UTC."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError("timestamp")
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value
        return datetime.fromtimestamp(seconds, UTC).isoformat()
    if isinstance(value, str):
        return value.strip() or None
    raise TypeError("timestamp")


class _MessageReader(Reader):
    """Turn records (mappings) into utterances following the field contract."""

    def _add(self, path: str, builder: UtteranceBuilder, record: Mapping[str, object], where: str,
             options: ReadOptions, columns: Mapping[str, str] | None = None,
             default_thread: str | None = None) -> None:
        columns = columns or {}
        keys = _folded_keys(record)
        text = _pick(record, "text", columns.get("text"), keys)
        if text is None:
            if not any(_has_key(record, n) for n in ((columns["text"],) if "text" in columns
                                                      else FIELD_ALIASES["text"])):
                raise InputError(path, f"{where}: no text field ({_TEXT_HELP})")
            return  # an empty message (deleted, attachment only)
        if not isinstance(text, str):
            raise InputError(path, f"{where}: text is not a string")
        try:
            speaker = _sender(_pick(record, "sender", columns.get("sender"), keys))
            timestamp = _timestamp(_pick(record, "timestamp", columns.get("timestamp"), keys))
        except TypeError as exc:
            raise InputError(path, f"{where}: {exc.args[0]} has an unsupported type") from None
        role_value = _pick(record, "role", columns.get("role"), keys)
        role: Role | None = None
        if isinstance(role_value, str) and role_value.strip():
            resolved = options.roles.resolve(role_value)
            if resolved in (Role.THERAPIST, Role.CLIENT):
                role = resolved
            speaker = speaker or role_value.strip().lower()
        thread = _pick(record, "thread", columns.get("thread"), keys)
        builder.add(speaker, text, 0, role=role, timestamp=timestamp,
                    thread=str(thread).strip() if thread is not None else default_thread)


def _has_key(record: Mapping[str, object], name: str) -> bool:
    return any(str(k).strip().casefold() == name.casefold() for k in record)


class JsonReader(_MessageReader):
    """A JSON list of messages, or an object with a ``messages`` list (and optionally a ``thread``)."""

    name = "json"
    extensions = (".json",)

    def sniff(self, text: str) -> bool:  # noqa: D102
        if not text.lstrip("\ufeff \t\r\n").startswith(("[", "{")):
            return False
        try:
            return isinstance(json.loads(text.lstrip("\ufeff")), list | dict)
        except (ValueError, RecursionError):
            return False

    def read(self, path: str, text: str, options: ReadOptions) -> Document:  # noqa: D102
        try:
            data = json.loads(text.lstrip("\ufeff"))
        except json.JSONDecodeError as exc:
            if exc.msg == "Extra data" and JsonLinesReader().sniff(text):
                return JsonLinesReader().read(path, text, options)  # JSON Lines saved as .json
            raise InputError(path, f"invalid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})") from None
        except RecursionError:
            raise InputError(path, "invalid JSON (nested too deeply)") from None
        default_thread = None
        if not isinstance(data, list | dict):
            raise InputError(path, "expected a list of messages or an object with a 'messages' list")
        if isinstance(data, dict):
            top = data
            data = next((v for k, v in top.items() if str(k).casefold() == "messages"), None)
            thread = _pick(top, "thread")
            default_thread = str(thread) if thread is not None and not isinstance(thread, dict | list) else None
            if data is None:
                raise InputError(path, "expected a list of messages or an object with a 'messages' list")
        if not isinstance(data, list):
            raise InputError(path, "'messages' is not a list")
        builder = UtteranceBuilder(options.roles)
        for n, item in enumerate(data, start=1):
            if not isinstance(item, dict):
                raise InputError(path, f"message {n}: expected an object")
            self._add(path, builder, item, f"message {n}", options, default_thread=default_thread)
        if not data:
            raise InputError(path, "no messages found (json)")
        return self._document(path, builder)


class JsonLinesReader(_MessageReader):
    """One JSON object per line; blank lines are ignored. One bad line fails the whole file."""

    name = "jsonl"
    extensions = (".jsonl", ".ndjson")

    def sniff(self, text: str) -> bool:  # noqa: D102
        head = [ln.text for ln in iter_lines(text[:20000]) if ln.text.strip()][:2]
        if not head:
            return False
        try:
            return all(isinstance(json.loads(h.lstrip("\ufeff")), dict) for h in head)
        except (ValueError, RecursionError):
            return False

    def read(self, path: str, text: str, options: ReadOptions) -> Document:  # noqa: D102
        builder = UtteranceBuilder(options.roles)
        seen = 0
        for line in iter_lines(text):
            body = line.text.lstrip("\ufeff").strip() if line.number == 1 else line.text.strip()
            if not body:
                continue
            try:
                record = json.loads(body)
            except json.JSONDecodeError as exc:
                problem = f"line {line.number}: invalid JSON at column {exc.colno} ({exc.msg})"
                raise InputError(path, problem) from None
            except RecursionError:
                raise InputError(path, f"line {line.number}: invalid JSON (nested too deeply)") from None
            if not isinstance(record, dict):
                raise InputError(path, f"line {line.number}: expected a JSON object")
            seen += 1
            self._add(path, builder, record, f"line {line.number}", options)
        if not seen:
            raise InputError(path, "no messages found (jsonl)")
        return self._document(path, builder)


class CsvReader(_MessageReader):
    """CSV or TSV with a header row. ``ReadOptions.csv_columns`` maps contract fields to column names."""

    name = "csv"
    extensions = (".csv", ".tsv")

    def sniff(self, text: str) -> bool:  # noqa: D102
        first = next((ln.text for ln in iter_lines(text[:5000]) if ln.text.strip()), "")
        delim = _delimiter(first)
        cols = {c.strip().strip('"').casefold() for c in first.split(delim)}
        return len(cols) >= 2 and bool(cols & set(FIELD_ALIASES["text"]))

    def read(self, path: str, text: str, options: ReadOptions) -> Document:  # noqa: D102
        text = text.lstrip("\ufeff")
        first = next((ln.text for ln in iter_lines(text) if ln.text.strip()), "")
        delim = "\t" if Path(path).suffix.lower() == ".tsv" else _delimiter(first)
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
        try:
            header = next(_nonblank(rows), None)
        except csv.Error as exc:
            raise InputError(path, f"line {rows.line_num}: malformed CSV header ({exc})") from None
        if not header:
            raise InputError(path, "no header row (csv)")
        names = [h.strip() for h in header]
        columns = _column_map(path, names, options.csv_columns)
        builder = UtteranceBuilder(options.roles)
        seen = 0
        last_line = rows.line_num
        try:
            for row in rows:
                line_no = last_line + 1
                last_line = rows.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) > len(names):
                    raise InputError(path, f"line {line_no}: {len(row)} fields but the header has {len(names)} "
                                           "(unquoted delimiter in a field?)")
                record = dict(zip(names, row, strict=False))
                seen += 1
                self._add(path, builder, record, f"line {line_no}", options, columns)
        except csv.Error as exc:
            raise InputError(path, f"line {last_line + 1}: malformed CSV ({exc})") from None
        if not seen:
            raise InputError(path, "no messages found (csv)")
        return self._document(path, builder)


def _nonblank(rows: Iterable[list[str]]) -> Iterable[list[str]]:
    return (r for r in rows if any(c.strip() for c in r))


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _column_map(path: str, names: list[str], mapping: Mapping[str, str]) -> dict[str, str]:
    """Validate ``--csv-columns`` against the contract and the header; return field -> column name."""
    folded = {n.casefold(): n for n in names}
    out: dict[str, str] = {}
    for field, column in mapping.items():
        if field not in FIELD_ALIASES:
            fields = ", ".join(FIELD_ALIASES)
            raise ConfigError(f"unknown field {field!r} in the CSV column mapping (use {fields})")
        if column.strip().casefold() not in folded:
            raise InputError(path, f"mapped column for {field!r} is not in the header")
        out[field] = folded[column.strip().casefold()]
    if "text" not in out and not any(a in folded for a in FIELD_ALIASES["text"]):
        raise InputError(path, f"no text column in the header ({_TEXT_HELP}, or map one with --csv-columns)")
    return out
