"""Reader interface, input decoding and the shared utterance builder.

A reader turns the decoded text of one file into a :class:`~boundarywatch.domain.Document`. Readers never log
or quote transcript text; problems are raised as :class:`~boundarywatch.errors.InputError` naming the file.
"""

from __future__ import annotations

import hashlib
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field

from boundarywatch.domain import Document, Mode, Role, Utterance
from boundarywatch.errors import InputError
from boundarywatch.ingest.roles import RoleMap
from boundarywatch.normalize import normalize_text

__all__ = [
    "MAX_BYTES",
    "Line",
    "ReadOptions",
    "Reader",
    "UtteranceBuilder",
    "content_hash",
    "decode_bytes",
    "iter_lines",
]

MAX_BYTES = 512 * 1024 * 1024  # files above this are refused rather than read into memory


@dataclass(frozen=True)
class ReadOptions:
    """Options shared by all readers."""

    roles: RoleMap = field(default_factory=RoleMap)
    csv_columns: dict[str, str] = field(default_factory=dict)  # contract field -> CSV column name


def content_hash(data: bytes) -> str:
    """SHA-256 of the raw bytes: the identity of a document for idempotent imports."""
    return hashlib.sha256(data).hexdigest()


def _utf16_without_bom(head: bytes) -> str | None:
    """Return "utf-16-le"/"utf-16-be" if ``head`` looks like BOM-less UTF-16 text (NULs in every other byte)."""
    sample = head[: len(head) - len(head) % 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def decode_bytes(path: str, data: bytes) -> str:
    """Decode input bytes: BOM-aware UTF-32/UTF-16/UTF-8, then UTF-8, then cp1252. Refuse binary content.

    A UTF-8 BOM is dropped, so offsets are relative to the text after it. Whitespace-only input is refused as
    empty. The error messages give byte offsets, never the bytes themselves.
    """
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        codec: str | None = "utf-32"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16"
    else:
        codec = _utf16_without_bom(data[:8192]) if b"\x00" in data[:8192] else None
    if codec:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise InputError(path, f"undecodable {codec.upper()} at byte {exc.start}") from None
        if not text.strip():
            raise InputError(path, "empty file")
        return _refuse_binary(path, text)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        raise InputError(path, "empty file")
    if b"\x00" in data[:8192]:
        raise InputError(path, "binary file (NUL bytes), not a transcript")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # legacy Windows export: cp1252 (stray UTF-8 sequences in it become mojibake that normalisation repairs)
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(path, f"undecodable bytes at offset {exc.start} (not UTF-8 or cp1252)") from None
    return _refuse_binary(path, text)


def _refuse_binary(path: str, text: str) -> str:
    head = text[:8192]
    controls = sum(1 for ch in head if ord(ch) < 32 and ch not in "\r\n\t\f")
    if "\x00" in head or controls > max(8, len(head) // 50):
        raise InputError(path, "binary file (control characters), not a transcript")
    return text


@dataclass(frozen=True, slots=True)
class Line:
    """One physical line of decoded text: 1-based number, offset of its first character, text without EOL."""

    number: int
    start: int
    text: str

    @property
    def end(self) -> int:
        """Offset just past the last character (before the line break)."""
        return self.start + len(self.text)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")


def iter_lines(text: str) -> Iterator[Line]:
    """Yield the lines of ``text`` split on ``\\n``, ``\\r\\n`` or ``\\r`` only (unlike ``str.splitlines``)."""
    number = 0
    for m in _LINE.finditer(text):
        if m.start() == m.end():
            break
        number += 1
        yield Line(number, m.start(), m.group(0).rstrip("\r\n"))


class UtteranceBuilder:
    """Collect utterances with consecutive indexes, normalising text and resolving roles."""

    def __init__(self, roles: RoleMap) -> None:
        self._roles = roles
        self.utterances: list[Utterance] = []
        self.unmapped: set[str] = set()

    def add(
        self,
        speaker: str,
        source: str,
        source_start: int = 0,
        *,
        role: Role | None = None,
        timestamp: str | None = None,
        end_timestamp: str | None = None,
        thread: str | None = None,
    ) -> None:
        """Append one utterance; empty text is skipped."""
        norm = normalize_text(source)
        if not norm.text:
            return
        if role is None:
            role = self._roles.resolve(speaker) if speaker else Role.UNKNOWN
            if role is Role.UNKNOWN and speaker:
                self.unmapped.add(speaker)
        self.utterances.append(
            Utterance(
                index=len(self.utterances),
                speaker=speaker,
                role=role,
                text=norm.text,
                source=source,
                source_start=source_start,
                timestamp=timestamp,
                end_timestamp=end_timestamp,
                thread=thread,
            )
        )

    def warnings(self) -> tuple[str, ...]:
        """One warning per unmapped speaker label (labels are names, not transcript text)."""
        if not self.unmapped:
            return ()
        names = ", ".join(sorted(self.unmapped)[:8])
        more = "" if len(self.unmapped) <= 8 else f" and {len(self.unmapped) - 8} more"
        return (f"speaker(s) {names}{more} not mapped to a role; use --roles NAME=therapist|client",)


class Reader(ABC):
    """Turn the decoded text of one input into a document."""

    #: format name used by ``--input-format``
    name: str = ""
    #: file extensions (lower case, with dot) this reader claims
    extensions: tuple[str, ...] = ()
    mode: Mode = Mode.DIALOGUE

    @abstractmethod
    def read(self, path: str, text: str, options: ReadOptions) -> Document:
        """Parse ``text`` (the decoded file) into a document or raise InputError."""

    def sniff(self, text: str) -> bool:
        """Return True if ``text`` looks like this format (used when the extension is ambiguous)."""
        return False

    def _document(self, path: str, builder: UtteranceBuilder, mode: Mode | None = None) -> Document:
        if not builder.utterances:
            raise InputError(path, f"no utterances found ({self.name})")
        return Document(
            path=path,
            mode=mode or self.mode,
            utterances=tuple(builder.utterances),
            input_format=self.name,
            warnings=builder.warnings(),
        )
