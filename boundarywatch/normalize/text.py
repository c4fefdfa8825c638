"""Normalise utterance text while keeping a map from every output character back to the input.

Steps, in order: repair mojibake (UTF-8 bytes that were decoded as cp1252, latin-1 or cp437, such as
``naÃ¯ve`` or ``na├»ve``), drop invisible format characters (zero-width space, soft hyphen, LRM/RLM, BOM), Unicode
NFC, and whitespace folding (runs of whitespace become one space; the ends are trimmed). Detectors read
:attr:`Normalized.text`; :meth:`Normalized.source_span` maps an evidence span back to offsets in the original
string, so ``source[a:b]`` is exactly the source of the evidence (a repaired ``ï`` maps back to ``Ã¯``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Normalized", "normalize_text", "repair_mojibake"]

# Candidate runs: two or more non-ASCII characters in a row. ASCII never takes part in mojibake of UTF-8.
_SUSPECT_RUN = re.compile(r"[\u0080-\uffff]{2,}")
_LEGACY_CODECS = ("cp1252", "cp437")
_INVISIBLE = frozenset("\u200b\u200e\u200f\u2060\ufeff\u00ad")
_INVISIBLE_RUN = re.compile("[" + "".join(sorted(_INVISIBLE)) + "]+")
_WS = re.compile(r"\s+")
_OTHER_WS = re.compile(r"[^\S ]")  # whitespace other than a plain space


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text plus, for each of its characters, the source characters it came from.

    ``source_index[i]`` is the offset of the first source character of ``text[i]`` and ``source_end[i]`` the
    offset just past its last one (a repaired character or a folded whitespace run covers several). Both are None
    when the text is the source unchanged.
    """

    text: str
    source_index: tuple[int, ...] | None  # None means identity (text == source)
    source_length: int
    source_end: tuple[int, ...] | None = None

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map ``[start, end)`` in :attr:`text` to the covering span ``[a, b)`` of the source string."""
        if self.source_index is None:
            return start, end
        if not self.source_index:
            return 0, 0
        n = len(self.source_index)
        start = max(0, min(start, n - 1))
        end = max(start, min(end, n))
        if end == start:
            return self.source_index[start], self.source_index[start]
        ends = self.source_end or tuple(i + 1 for i in self.source_index)
        return self.source_index[start], ends[end - 1]


@lru_cache(maxsize=4096)  # runs of the same few characters (zero-width spaces of blanked cue markup) recur
def _char_bytes(ch: str, codec: str) -> bytes | None:
    """The single byte ``ch`` stands for in ``codec`` (cp1252 falls back to latin-1 for its five holes)."""
    for c in (codec, "latin-1") if codec == "cp1252" else (codec,):
        try:
            b = ch.encode(c)
        except UnicodeEncodeError:
            continue
        if len(b) == 1:
            return b
    return None


def _utf8_length(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _repair_run(run: str, codec: str) -> list[tuple[str, int, int]] | None:
    """Pieces ``(text, start, end)`` (offsets within ``run``) if any UTF-8 sequence was repaired, else None."""
    raw = [_char_bytes(ch, codec) for ch in run]
    out: list[tuple[str, int, int]] = []
    repaired = False
    i = 0
    while i < len(run):
        b = raw[i]
        size = _utf8_length(b[0]) if b else 0
        if size and i + size <= len(run) and all(x is not None for x in raw[i : i + size]):
            try:
                ch = b"".join(x for x in raw[i : i + size] if x is not None).decode("utf-8")
            except UnicodeDecodeError:
                ch = ""
            if ch:
                out.append((ch, i, i + size))
                repaired = True
                i += size
                continue
        out.append((run[i], i, i + 1))
        i += 1
    return out if repaired else None


def _repair(text: str) -> tuple[str, list[int], list[int]]:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _SUSPECT_RUN.finditer(text):
        pieces = None
        for codec in _LEGACY_CODECS:
            pieces = _repair_run(m.group(0), codec)
            if pieces:
                break
        if not pieces:
            continue
        out.append(text[pos : m.start()])
        starts.extend(range(pos, m.start()))
        ends.extend(range(pos + 1, m.start() + 1))
        for ch, a, b in pieces:
            out.append(ch)
            starts.append(m.start() + a)
            ends.append(m.start() + b)
        pos = m.end()
    out.append(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return "".join(out), starts, ends


def repair_mojibake(text: str) -> tuple[str, list[int]]:
    """Repair mojibake runs; return the new text and, per output character, the index of its first source char."""
    fixed, starts, _ = _repair(text)
    return fixed, starts


def normalize_text(source: str) -> Normalized:
    """Repair, NFC-normalise and fold whitespace in ``source``, keeping offsets (see module docstring)."""
    if not _needs_ws_fold(source) and (
        source.isascii()
        or (_SUSPECT_RUN.search(source) is None and _INVISIBLE_RUN.search(source) is None
            and unicodedata.is_normalized("NFC", source))
    ):
        return Normalized(source, None, len(source))  # no step changes it
    if source.isascii():
        text, starts, ends = source, list(range(len(source))), list(range(1, len(source) + 1))
    else:
        text, starts, ends = _repair(source)
        if _INVISIBLE_RUN.search(text):
            # drop them; the character before absorbs them, so its span still covers e.g. a whole "&amp;"
            kept: list[str] = []
            ks: list[int] = []
            ke: list[int] = []
            pos = 0
            for m in _INVISIBLE_RUN.finditer(text):
                a, b = m.span()
                if a > pos:  # runs are maximal, so only a run at the very start has no character before it
                    kept.append(text[pos:a])
                    ks.extend(starts[pos:a])
                    ke.extend(ends[pos:a])
                    ke[-1] = ends[b - 1]
                pos = b
            kept.append(text[pos:])
            ks.extend(starts[pos:])
            ke.extend(ends[pos:])
            text, starts, ends = "".join(kept), ks, ke
    # NFC per cluster (a base character and its combining marks): every output char covers the whole cluster
    if not unicodedata.is_normalized("NFC", text):
        composed: list[str] = []
        cs: list[int] = []
        ce: list[int] = []
        i = 0
        while i < len(text):
            j = i + 1
            while j < len(text) and unicodedata.combining(text[j]):
                j += 1
            piece = unicodedata.normalize("NFC", text[i:j])
            composed.append(piece)
            cs.extend([starts[i]] * len(piece))
            ce.extend([ends[j - 1]] * len(piece))
            i = j
        text, starts, ends = "".join(composed), cs, ce
    # whitespace folding: a run becomes one space covering the run; the ends are trimmed
    if not _needs_ws_fold(text):  # only single spaces inside: folding keeps every character
        result, fs, fe = text, starts, ends
    else:
        out: list[str] = []
        fs = []
        fe = []
        pos = 0
        for m in _WS.finditer(text):
            out.append(text[pos : m.start()])
            fs.extend(starts[pos : m.start()])
            fe.extend(ends[pos : m.start()])
            if m.start() > 0 and m.end() < len(text):
                out.append(" ")
                fs.append(starts[m.start()])
                fe.append(ends[m.end() - 1])
            pos = m.end()
        out.append(text[pos:])
        fs.extend(starts[pos:])
        fe.extend(ends[pos:])
        result = "".join(out)
    if result == source:
        return Normalized(source, None, len(source))
    return Normalized(result, tuple(fs), len(source), tuple(fe))


def _needs_ws_fold(s: str) -> bool:
    """Whether folding would change ``s``: whitespace at either end, two spaces, or whitespace but a space."""
    return s != s.strip() or "  " in s or _OTHER_WS.search(s) is not None
