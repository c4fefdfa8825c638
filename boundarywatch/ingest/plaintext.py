"""Plain-text transcripts (``Speaker: text`` lines) and narrative prose (report mode)."""

from __future__ import annotations

import re

from boundarywatch.domain import Document, Mode, Role
from boundarywatch.errors import InputError
from boundarywatch.ingest.base import Reader, ReadOptions, UtteranceBuilder
from boundarywatch.normalize.sentences import split_sentences

__all__ = ["NarrativeReader", "PlainTextReader", "looks_like_dialogue"]

# "Therapist: ...", "Dr. Lee: ...", "[00:01:02] Sam: ...", "T: ...", "Client (Sam): ..."
_SPEAKER_LINE = re.compile(
    r"^(?P<ts>\[?\(?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\]?\)?\s*[-–]?\s*)?"
    r"(?P<speaker>[A-Z][\w.'’\- ]{0,38}?(?:\s*\([^)]{1,30}\))?|[A-Za-z]{1,3})\s*:\s+(?P<text>\S.*)$"
)
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?")


def _speaker_lines(text: str) -> list[re.Match[str] | None]:
    return [_SPEAKER_LINE.match(line) for line in text.splitlines()]


def looks_like_dialogue(text: str) -> bool:
    """At least two speaker lines, and most non-empty lines are speaker lines or continuations."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return False
    hits = [m for m in (_SPEAKER_LINE.match(ln) for ln in lines) if m]
    speakers = {m.group("speaker").strip().casefold() for m in hits}
    return len(hits) >= 2 and len(hits) >= 0.4 * len(lines) and len(speakers) <= max(6, len(hits) // 2)


class PlainTextReader(Reader):
    """One utterance per ``Speaker: text`` line; unprefixed lines continue the previous utterance."""

    name = "text"
    extensions = (".txt", ".text", ".transcript")

    def sniff(self, text: str) -> bool:  # noqa: D102
        return looks_like_dialogue(text)

    def read(self, path: str, text: str, options: ReadOptions) -> Document:  # noqa: D102
        builder = UtteranceBuilder(options.roles)
        current: tuple[str, int, int, str | None] | None = None  # speaker, start, end, timestamp
        offset = 0
        saw_speaker = False
        for line in text.splitlines(keepends=True):
            body = line.rstrip("\r\n")
            m = _SPEAKER_LINE.match(body)
            if m:
                if current:
                    builder.add(current[0], text[current[1] : current[2]], current[1], timestamp=current[3])
                ts = _TIME.search(m.group("ts")).group(0) if m.group("ts") else None
                current = (m.group("speaker").strip(), offset + m.start("text"), offset + len(body), ts)
                saw_speaker = True
            elif body.strip() and current:
                current = (current[0], current[1], offset + len(body), current[3])
            elif body.strip() and not saw_speaker:
                pass  # preamble before the first speaker line (title, date): not an utterance
            offset += len(line)
        if current:
            builder.add(current[0], text[current[1] : current[2]], current[1], timestamp=current[3])
        if not saw_speaker:
            raise InputError(path, "no 'Speaker: text' lines found; use --input-format narrative for prose")
        return self._document(path, builder)


class NarrativeReader(Reader):
    """Prose with no speakers (complaints, questions, notes): one utterance per sentence, report mode."""

    name = "narrative"
    extensions = (".md",)
    mode = Mode.REPORT

    def sniff(self, text: str) -> bool:  # noqa: D102
        return not looks_like_dialogue(text)

    def read(self, path: str, text: str, options: ReadOptions) -> Document:  # noqa: D102
        builder = UtteranceBuilder(options.roles)
        for start, end in split_sentences(text):
            builder.add("narrator", text[start:end], start, role=Role.NARRATOR)
        return self._document(path, builder)
