"""Normalise utterance text while keeping a map from every output character back to the input.

Steps, in order: repair mojibake (UTF-8 bytes that were decoded as cp1252, latin-1 or cp437, such as
``naÃ¯ve`` or ``na├»ve``), Unicode NFC, and whitespace folding (runs of whitespace become one space; the ends are
trimmed). Detectors read :attr:`Normalized.text`; :meth:`Normalized.source_span` maps an evidence span back to
offsets in the original string.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Normalized", "normalize_text", "repair_mojibake"]

# A run of characters that can only be mojibake: a lead byte rendered in a legacy code page followed by one or
# more continuation bytes rendered the same way. ASCII never takes part.
_SUSPECT_RUN = re.compile(r"[\u0080-\uffff]{2,}")
_LEGACY_CODECS = ("cp1252", "latin-1", "cp437")
_WS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text plus, for each of its characters, the index of the source character it came from."""

    text: str
    source_index: tuple[int, ...] | None  # None means identity (text == source)
    source_length: int

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map ``[start, end)`` in :attr:`text` to the covering span in the source string."""
        if self.source_index is None:
            return start, end
        if not self.source_index:
            return 0, 0
        start = max(0, min(start, len(self.source_index) - 1))
        last = max(start, min(end, len(self.source_index)) - 1)
        src_end = self.source_index[last + 1] if last + 1 < len(self.source_index) else self.source_index[last] + 1
        # the last character may have come from several source characters (a repaired run)
        return self.source_index[start], max(src_end, self.source_index[last] + 1)


def _decode_run(run: str) -> str | None:
    """Return the repaired text for one suspect run, or None if it is not mojibake."""
    for codec in _LEGACY_CODECS:
        try:
            raw = run.encode(codec)
        except UnicodeEncodeError:
            continue
        try:
            fixed = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(fixed) < len(run):
            return fixed
    return None


def repair_mojibake(text: str) -> tuple[str, list[int]]:
    """Repair mojibake runs; return the new text and, per output character, its source index."""
    out: list[str] = []
    index: list[int] = []
    pos = 0
    for m in _SUSPECT_RUN.finditer(text):
        run = m.group(0)
        fixed = _decode_run(run)
        if fixed is None:
            continue
        out.append(text[pos : m.start()])
        index.extend(range(pos, m.start()))
        # spread the repaired characters over the run: each maps to the start of its byte group
        step = len(run) / len(fixed)
        out.append(fixed)
        index.extend(m.start() + int(i * step) for i in range(len(fixed)))
        pos = m.end()
    out.append(text[pos:])
    index.extend(range(pos, len(text)))
    return "".join(out), index


def normalize_text(source: str) -> Normalized:
    """Repair, NFC-normalise and fold whitespace in ``source``, keeping offsets (see module docstring)."""
    if source.isascii() and not _needs_ws_fold(source):
        return Normalized(source, None, len(source))
    text, index = repair_mojibake(source) if not source.isascii() else (source, list(range(len(source))))
    # NFC per character cluster: compose, keeping the index of the first source char of each cluster
    if not unicodedata.is_normalized("NFC", text):
        composed: list[str] = []
        cidx: list[int] = []
        i = 0
        while i < len(text):
            j = i + 1
            while j < len(text) and unicodedata.combining(text[j]):
                j += 1
            piece = unicodedata.normalize("NFC", text[i:j])
            composed.append(piece)
            cidx.extend([index[i]] * len(piece))
            i = j
        text, index = "".join(composed), cidx
    # whitespace folding
    folded: list[str] = []
    fidx: list[int] = []
    pos = 0
    for m in _WS.finditer(text):
        folded.append(text[pos : m.start()])
        fidx.extend(index[pos : m.start()])
        folded.append(" ")
        fidx.append(index[m.start()])
        pos = m.end()
    folded.append(text[pos:])
    fidx.extend(index[pos:])
    out = "".join(folded)
    lead = len(out) - len(out.lstrip())
    out_stripped = out.strip()
    fidx = fidx[lead : lead + len(out_stripped)]
    if out_stripped == source:
        return Normalized(source, None, len(source))
    return Normalized(out_stripped, tuple(fidx), len(source))


def _needs_ws_fold(s: str) -> bool:
    return s != s.strip() or "  " in s or "\n" in s or "\t" in s or "\r" in s
