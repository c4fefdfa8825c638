"""Reader interface, input decoding and the shared utterance builder.

A reader turns the decoded text of one file into a :class:`~boundarywatch.domain.Document`. Readers never log
or quote transcript text; problems are raised as :class:`~boundarywatch.errors.InputError` naming the file.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from boundarywatch.domain import Document, Mode, Role, Utterance
from boundarywatch.errors import InputError
from boundarywatch.ingest.roles import RoleMap
from boundarywatch.normalize import normalize_text

__all__ = ["MAX_BYTES", "Reader", "ReadOptions", "UtteranceBuilder", "decode_bytes", "content_hash"]

MAX_BYTES = 512 * 1024 * 1024  # files above this are refused rather than read into memory


@dataclass(frozen=True)
class ReadOptions:
    """Options shared by all readers."""

    roles: RoleMap = field(default_factory=RoleMap)
    csv_columns: dict[str, str] = field(default_factory=dict)  # contract field -> CSV column name


def content_hash(data: bytes) -> str:
    """SHA-256 of the raw bytes: the identity of a document for idempotent imports."""
    return hashlib.sha256(data).hexdigest()


def decode_bytes(path: str, data: bytes) -> str:
    """Decode input bytes: BOM-aware UTF-8/UTF-16, then UTF-8, then cp1252. Refuse binary content."""
    if not data.strip():
        raise InputError(path, "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(path, f"undecodable UTF-16 at byte {exc.start}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:8192]
    if b"\x00" in head:
        raise InputError(path, "binary file (NUL bytes), not a transcript")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a few stray legacy bytes: fall back to cp1252 only if the text is otherwise printable
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(path, f"undecodable bytes at offset {exc.start} (not UTF-8 or cp1252)") from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > max(8, len(text[:8192]) // 50):
        raise InputError(path, "binary file (control characters), not a transcript")
    return text


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
