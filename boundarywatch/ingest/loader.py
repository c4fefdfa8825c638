"""Choose a reader for a file and load it; walk directories for inputs."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from boundarywatch.domain import Document
from boundarywatch.errors import InputError
from boundarywatch.ingest import base as _base
from boundarywatch.ingest.base import Reader, ReadOptions, content_hash, decode_bytes
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
            names = ", ".join(FORMATS)
            raise InputError(path, f"unknown input format {input_format!r} (one of {names})") from None
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
    limit = _base.MAX_BYTES  # looked up at call time so tests (and callers) can lower it
    try:
        st = os.stat(p)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(p, "is a directory")
        if not stat.S_ISREG(st.st_mode):  # a FIFO or device would block or never end
            raise InputError(p, "not a regular file")
        if st.st_size > limit:
            raise InputError(p, f"file too large ({_size(st.st_size)} > {_size(limit)})")
        with open(p, "rb") as fh:
            data = fh.read(limit + 1)
        if len(data) > limit:  # grew while we looked
            raise InputError(p, f"file too large (> {_size(limit)})")
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
    except (ValueError, LookupError, TypeError, UnicodeError, RecursionError) as exc:  # parser bug or odd input
        raise InputError(p, f"malformed {reader.name} input ({exc.__class__.__name__})") from None
    return replace(doc, content_hash=content_hash(data))


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def iter_input_files(paths: list[str]) -> Iterator[tuple[str, InputError | None]]:
    """Yield input files under ``paths`` (directories recursively, sorted), or an error for a missing path.

    Hidden files and directories and tool directories (``.git``, ``__pycache__``...) are skipped inside a
    directory walk; an unreadable subdirectory yields an error instead of vanishing silently.
    """
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            errors: list[OSError] = []
            for root, dirs, files in os.walk(p, onerror=errors.append):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield os.path.join(root, name), None
                while errors:
                    err = errors.pop(0)
                    where = str(err.filename or root)
                    yield where, InputError(where, f"cannot read directory ({err.strerror or 'error'})")
            for err in errors:
                where = str(err.filename or raw)
                yield where, InputError(where, f"cannot read directory ({err.strerror or 'error'})")
        elif p.exists():
            yield raw, None
        else:
            yield raw, InputError(raw, "no such file or directory")
