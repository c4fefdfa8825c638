"""Choose a reader for a file and load it; walk directories for inputs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from boundarywatch.domain import Document
from boundarywatch.errors import InputError
from boundarywatch.ingest.base import MAX_BYTES, Reader, ReadOptions, content_hash, decode_bytes
from boundarywatch.ingest.email import EmailReader, MboxReader
from boundarywatch.ingest.messages import CsvReader, JsonLinesReader, JsonReader
from boundarywatch.ingest.plaintext import NarrativeReader, PlainTextReader
from boundarywatch.ingest.subtitles import SrtReader, WebVttReader

__all__ = ["FORMATS", "iter_input_files", "load_document", "reader_for"]

_READERS: tuple[Reader, ...] = (
    WebVttReader(),
    SrtReader(),
    JsonReader(),
    JsonLinesReader(),
    CsvReader(),
    EmailReader(),
    MboxReader(),
    PlainTextReader(),
    NarrativeReader(),
)
FORMATS: dict[str, Reader] = {r.name: r for r in _READERS}
_SKIP_DIRS = {".git", "__pycache__", ".venv", "node_modules"}


def reader_for(path: str, text: str, input_format: str | None = None) -> Reader:
    """The reader named by ``input_format``, else by extension, else by sniffing the content."""
    if input_format:
        try:
            return FORMATS[input_format]
        except KeyError:
            raise InputError(path, f"unknown input format {input_format!r} (one of {', '.join(FORMATS)})") from None
    ext = Path(path).suffix.lower()
    for r in _READERS:
        if ext in r.extensions:
            if r.name == "text" and not r.sniff(text):
                return FORMATS["narrative"]  # a .txt of prose is a narrative report
            return r
    for r in _READERS:
        if r.sniff(text):
            return r
    return FORMATS["narrative"]


def load_document(path: str | os.PathLike[str], input_format: str | None = None,
                  options: ReadOptions | None = None) -> Document:
    """Read, decode and parse one file. Raises :class:`InputError` naming the file on any problem."""
    p = str(path)
    try:
        size = os.path.getsize(p)
        if size > MAX_BYTES:
            raise InputError(p, f"file too large ({size // (1024 * 1024)} MB > {MAX_BYTES // (1024 * 1024)} MB)")
        with open(p, "rb") as fh:
            data = fh.read()
    except InputError:
        raise
    except IsADirectoryError:
        raise InputError(p, "is a directory") from None
    except PermissionError:
        raise InputError(p, "permission denied") from None
    except FileNotFoundError:
        raise InputError(p, "no such file") from None
    except OSError as exc:
        raise InputError(p, f"cannot read ({exc.strerror or exc.__class__.__name__})") from None
    text = decode_bytes(p, data)
    reader = reader_for(p, text, input_format)
    try:
        doc = reader.read(p, text, options or ReadOptions())
    except InputError:
        raise
    except (ValueError, KeyError, IndexError, TypeError, UnicodeError) as exc:  # parser bug or odd input
        raise InputError(p, f"malformed {reader.name} input ({exc.__class__.__name__})") from None
    return replace(doc, content_hash=content_hash(data))


def iter_input_files(paths: list[str]) -> Iterator[tuple[str, InputError | None]]:
    """Yield input files under ``paths`` (directories recursively, sorted), or an error for a missing path."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p, onerror=None):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield os.path.join(root, name), None
        elif p.exists():
            yield raw, None
        else:
            yield raw, InputError(raw, "no such file or directory")
