"""Caption files: WebVTT (Zoom, Microsoft Teams) and SubRip (SRT).

Each cue becomes one utterance (consecutive cues of one speaker are not merged), carrying the cue's start and end
time. The speaker comes from a WebVTT voice tag (``<v Dr. Maya Lee>text</v>``, as Teams writes it) or from a
``Name: text`` prefix on the first payload line (as Zoom writes it). A cue with several voice tags yields one
utterance per voice.

Offsets: ``source_start`` is the offset of the cue text in the decoded file. Markup (``<i>``, ``<c.x>``, ``</v>``,
``{\\an8}``) is overwritten with zero-width spaces (U+200B, which normalisation drops) and character references
(``&amp;``) with their character padded the same way, so every character of ``source`` sits at the same offset
as in the file and evidence maps back exactly. Errors name the line number and never quote the file.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from boundarywatch.domain import Document, Role
from boundarywatch.errors import InputError
from boundarywatch.ingest.base import Line, Reader, ReadOptions, UtteranceBuilder, iter_lines
from boundarywatch.ingest.roles import RoleMap

__all__ = ["SrtReader", "WebVttReader", "parse_time"]

_TIME = r"(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}"
_TIMING = re.compile(rf"^\s*(?P<start>{_TIME})[ \t]+-->[ \t]+(?P<end>{_TIME})(?:[ \t]+.*)?$")
_TIMEISH = re.compile(r"^\s*\d+:\d")  # a line that tries to be a timing line
_TIME_PARTS = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})$")
_TAG = re.compile(r"<[^<>\r\n]*>|\{\\[^{}\r\n]*\}")  # HTML-like tags, ASS override blocks ({\an8})
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+(?P<name>[^>\r\n]*)>")
_ENTITY = re.compile(r"&(?:amp|lt|gt|nbsp|lrm|rlm|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
_ENTITY_CHARS = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": " ", "&lrm;": "", "&rlm;": "",
                 "&quot;": '"', "&apos;": "'"}
# "Dr. Maya Lee: text" (Zoom). Up to six words; the label may not contain ':' '<' '>'.
_LABEL = re.compile(r"^(?P<label>[^\W\d_][^\s:<>]*(?:[ \t]+[^\s:<>]+){0,5})[ \t]*:[ \t]+(?=\S)")


def parse_time(value: str) -> str | None:
    """Normalise a cue time (``1:02.5``, ``00:01:02,500``) to ``HH:MM:SS.mmm``; None if it is not valid."""
    m = _TIME_PARTS.match(value.strip())
    if not m:
        return None
    hours, minutes, seconds, frac = int(m.group(1) or 0), int(m.group(2)), int(m.group(3)), m.group(4)
    if minutes > 59 or seconds > 59:
        return None
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{frac.ljust(3, '0')}"


_BLANK = "\u200b"  # zero-width space: keeps offsets, removed by normalize_text
_PAD = " \t\r\n" + _BLANK


def _blank_markup(raw: str) -> str:
    """Overwrite tags with zero-width spaces and entities with their character plus padding (same length)."""
    raw = _TAG.sub(lambda m: _BLANK * len(m.group(0)), raw)

    def entity(m: re.Match[str]) -> str:
        ref = m.group(0)
        if ref.startswith("&#"):
            try:
                code = int(ref[3:-1], 16) if ref[2] in "xX" else int(ref[2:-1])
                char = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else ""
            except ValueError:
                char = ""
        else:
            char = _ENTITY_CHARS[ref]
        return char + _BLANK * (len(ref) - len(char))

    return _ENTITY.sub(entity, raw)


@dataclass
class _Segment:
    """A piece of cue text with its speaker (voice tag or label candidate) and file offsets."""

    start: int  # offset in the file of the first character of ``text``
    text: str  # blanked text, same length as the file slice it came from
    voice: str | None  # from a <v> tag
    label: str | None = None  # candidate "Name:" prefix
    label_len: int = 0


@dataclass
class _Cue:
    line: int
    start_time: str
    end_time: str
    segments: list[_Segment]


def _segments(text: str, start: int, end: int) -> list[_Segment]:
    """Split a cue payload at voice tags and blank its markup."""
    raw = text[start:end]
    voices = list(_VOICE.finditer(raw))
    pieces: list[tuple[int, int, str | None]] = []
    if not voices:
        pieces.append((0, len(raw), None))
    else:
        if raw[: voices[0].start()].strip():
            pieces.append((0, voices[0].start(), None))
        for i, m in enumerate(voices):
            stop = voices[i + 1].start() if i + 1 < len(voices) else len(raw)
            pieces.append((m.end(), stop, m.group("name").strip() or None))
    out: list[_Segment] = []
    for a, b, voice in pieces:
        seg = _Segment(start + a, _blank_markup(raw[a:b]), voice)
        if voice is None:
            lead = len(seg.text) - len(seg.text.lstrip(_PAD))
            m = _LABEL.match(seg.text[lead:])
            if m:
                seg.label, seg.label_len = m.group("label").strip(), lead + m.end()
        out.append(seg)
    return out


def _blocks(lines: list[Line]) -> list[list[Line]]:
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.text.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


class _CaptionReader(Reader):
    """Shared cue handling: timing lines, payload blocks, speakers and utterances."""

    def _timing(self, path: str, line: Line) -> tuple[str, str]:
        m = _TIMING.match(line.text)
        start = parse_time(m.group("start")) if m else None
        end = parse_time(m.group("end")) if m else None
        if not m or start is None or end is None:
            expected = "HH:MM:SS.mmm --> HH:MM:SS.mmm"
            raise InputError(path, f"line {line.number}: malformed cue timing (expected {expected})")
        if end < start:
            raise InputError(path, f"line {line.number}: cue ends before it starts")
        return start, end

    def _cue(self, path: str, text: str, block: list[Line], timing_at: int) -> _Cue:
        start_time, end_time = self._timing(path, block[timing_at])
        payload = block[timing_at + 1 :]
        for line in payload:
            if "-->" in line.text:
                raise InputError(path, f"line {line.number}: cue timing inside cue text (missing blank line?)")
        segments = _segments(text, payload[0].start, payload[-1].end) if payload else []
        return _Cue(block[timing_at].number, start_time, end_time, segments)

    @staticmethod
    def _extend(path: str, text: str, cue: _Cue, block: list[Line]) -> None:
        """A text block after a cue (a blank line inside the cue text): append it to that cue."""
        for line in block:
            if "-->" in line.text:
                raise InputError(path, f"line {line.number}: cue timing line without a cue identifier or number")
        if cue.segments:
            last = cue.segments[-1]
            stop = block[-1].end
            extra = _blank_markup(text[last.start + len(last.text) : stop])
            last.text += extra
        else:
            cue.segments = _segments(text, block[0].start, block[-1].end)

    def _build(self, path: str, cues: list[_Cue], options: ReadOptions) -> Document:
        if not cues:
            raise InputError(path, f"no cues found ({self.name})")
        labels = _accepted_labels(cues, options.roles)
        builder = UtteranceBuilder(options.roles)
        for cue in cues:
            for seg in cue.segments:
                speaker, body, start = seg.voice or "", seg.text, seg.start
                if seg.voice is None and seg.label in labels:
                    speaker, body, start = seg.label or "", seg.text[seg.label_len :], seg.start + seg.label_len
                lead = len(body) - len(body.lstrip(_PAD))
                body = body[lead:].rstrip()  # keep trailing blanked markup: an entity's padding follows it
                builder.add(speaker, body, start + lead, timestamp=cue.start_time,
                            end_timestamp=cue.end_time)
        return self._document(path, builder)


def _accepted_labels(cues: list[_Cue], roles: RoleMap) -> set[str]:
    """Accept a ``Name:`` prefix as a speaker if it recurs, maps to a role, or every cue has one (Zoom)."""
    segs = [s for c in cues for s in c.segments if s.voice is None and s.text.strip(_PAD)]
    counts = Counter(s.label for s in segs if s.label)
    all_labelled = bool(segs) and all(s.label for s in segs)
    return {
        label
        for label, n in counts.items()
        if n >= 2 or all_labelled or roles.resolve(label) is not Role.UNKNOWN
    }


class WebVttReader(_CaptionReader):
    """WebVTT captions (``WEBVTT`` header, NOTE/STYLE/REGION blocks, optional cue identifiers)."""

    name = "vtt"
    extensions = (".vtt", ".webvtt")

    def sniff(self, text: str) -> bool:  # noqa: D102
        return _is_vtt_header(text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r"))

    def read(self, path: str, text: str, options: ReadOptions) -> Document:  # noqa: D102
        lines = list(iter_lines(text))
        if not lines or not _is_vtt_header(lines[0].text.lstrip("\ufeff")):
            raise InputError(path, "line 1: missing WEBVTT header")
        blocks = _blocks(lines)
        header, rest = blocks[0], blocks[1:]
        # a non-conforming file may start its first cue right under the header without a blank line
        for i, line in enumerate(header[1:], start=1):
            if "-->" in line.text or _TIMEISH.match(line.text):
                rest.insert(0, header[i:])
                break
        cues: list[_Cue] = []
        for block in rest:
            first = block[0].text
            if re.match(r"^(NOTE|STYLE|REGION)(?:[ \t]|$)", first):
                continue
            timing_at = _timing_index(block)
            if timing_at is None:
                if not cues:
                    raise InputError(path, f"line {block[0].number}: text block without a cue timing line")
                self._extend(path, text, cues[-1], block)
                continue
            cues.append(self._cue(path, text, block, timing_at))
        return self._build(path, cues, options)


class SrtReader(_CaptionReader):
    """SubRip captions: numbered blocks, ``00:00:01,000 --> 00:00:04,000``, text lines."""

    name = "srt"
    extensions = (".srt",)

    def sniff(self, text: str) -> bool:  # noqa: D102
        head = [ln.text.lstrip("\ufeff") for ln in iter_lines(text[:2000]) if ln.text.strip()][:2]
        return len(head) == 2 and head[0].strip().isdigit() and bool(_TIMING.match(head[1]))

    def read(self, path: str, text: str, options: ReadOptions) -> Document:  # noqa: D102
        cues: list[_Cue] = []
        for block in _blocks(list(iter_lines(text))):
            first = block[0].text.lstrip("\ufeff").strip()
            if first.isdigit():
                if len(block) < 2:
                    raise InputError(path, f"line {block[0].number}: cue number without a timing line")
                cues.append(self._cue(path, text, block, 1))
            elif "-->" in first or _TIMEISH.match(first):
                cues.append(self._cue(path, text, block, 0))
            elif cues:
                self._extend(path, text, cues[-1], block)
            else:
                raise InputError(path, f"line {block[0].number}: expected a cue number or timing line")
        return self._build(path, cues, options)


def _is_vtt_header(first_line: str) -> bool:
    return first_line.startswith("WEBVTT") and (len(first_line) == 6 or first_line[6] in " \t")


def _timing_index(block: list[Line]) -> int | None:
    """Index of the timing line in a cue block (0, or 1 after an identifier); None if there is none."""
    for i, line in enumerate(block[:2]):
        if "-->" in line.text or _TIMEISH.match(line.text):
            return i
    return None
