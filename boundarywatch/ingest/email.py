"""E-mail: single messages (``.eml``) and mailboxes (``.mbox``).

Each message is one utterance: its own new text only. The body is the ``text/plain`` part (else the HTML part
converted to text); quoted history is dropped so a thread is never scanned twice: lines starting with ``>``, and
everything from an ``On ... wrote:`` line, ``-----Original Message-----``, an Outlook ``From: ... Sent: ...``
header block, a ``---------- Forwarded message ----------`` line or the ``-- `` signature delimiter onwards.

The speaker is the ``From`` header as ``Name <addr>`` (resolved through ``ReadOptions.roles``, which matches the
name or the address), the timestamp is the ``Date`` header in ISO 8601 (kept as written if it does not parse),
and the thread is the ``Subject`` without ``Re:``/``Fwd:`` prefixes. Offsets are relative to the extracted body
text: ``source`` is that text and ``source_start`` is 0.
"""

from __future__ import annotations

import email
import re
from email import policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser

from boundarywatch.domain import Document
from boundarywatch.errors import InputError
from boundarywatch.ingest.base import Reader, ReadOptions, UtteranceBuilder, iter_lines

__all__ = ["EmailReader", "MboxReader", "html_to_text", "strip_quoted", "thread_subject"]

_HEADER = re.compile(r"^[!-9;-~]+:[ \t]?")  # RFC 5322 field name then ':'
_SUBJECT_PREFIX = re.compile(r"^\s*((re|fwd?|aw|wg|sv|vs|antw|tr)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)
_WROTE = re.compile(r"^\s*(On|Le|Am|El)\s.{0,300}(wrote|a écrit|schrieb|escribió)\s*:\s*$", re.IGNORECASE)
_CUT = re.compile(
    r"^\s*(-{2,}\s*Original Message\s*-{2,}|-{2,}\s*Forwarded message\s*-{2,}|Begin forwarded message:"
    r"|_{10,})\s*$",
    re.IGNORECASE,
)
_OUTLOOK_FROM = re.compile(r"^\s*\*?From:\*?\s", re.IGNORECASE)
_OUTLOOK_NEXT = re.compile(r"^\s*\*?(Sent|Date|To|Subject):\*?\s", re.IGNORECASE)


def thread_subject(subject: str | None) -> str | None:
    """The subject without reply/forward prefixes (``Re: Fwd: RE[2]: Scheduling`` -> ``Scheduling``)."""
    if not subject:
        return None
    return re.sub(r"\s+", " ", _SUBJECT_PREFIX.sub("", subject)).strip() or None


def strip_quoted(body: str) -> str:
    """Drop quoted history, forwarded messages and the signature from a plain-text body."""
    lines = body.split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        bare = line.rstrip("\r")
        if bare in ("-- ", "--"):  # signature delimiter
            break
        if _CUT.match(bare):
            if bare.lstrip().startswith("_") and not any(_OUTLOOK_FROM.match(x) for x in lines[i + 1 : i + 3]):
                kept.append(line)
                continue
            break
        if _WROTE.match(bare) or (i + 1 < len(lines) and bare.lstrip().startswith("On ")
                                  and _WROTE.match(bare + " " + lines[i + 1].strip())):
            break
        if _OUTLOOK_FROM.match(bare) and any(_OUTLOOK_NEXT.match(x) for x in lines[i + 1 : i + 4]):
            break
        if bare.lstrip().startswith(">"):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


class _HtmlText(HTMLParser):
    """Collect the visible text of an HTML body, skipping scripts and styles and stopping at quoted blocks."""

    _BLOCK = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"}
    _VOID = {"br", "hr", "img", "meta", "link", "input", "wbr", "col", "area", "base", "source"}
    _HIDDEN = {"script", "style", "head", "title"}
    _QUOTE_MARKERS = ("gmail_quote", "yahoo_quoted", "divrplyfwdmsg", "moz-cite-prefix", "outlook_quote")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # open elements: (tag, hidden)
        self._hidden = 0
        self.quote_seen = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: D102
        if tag in self._VOID:
            if tag in ("br", "hr"):
                self.parts.append("\n")
            return
        marker = " ".join(v or "" for k, v in attrs if k in ("class", "id")).casefold()
        if tag == "blockquote" or any(q in marker for q in self._QUOTE_MARKERS):
            self.quote_seen = True  # quoted history: everything from here on is dropped
        hidden = tag in self._HIDDEN
        self._stack.append((tag, hidden))
        self._hidden += hidden
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:  # noqa: D102
        if tag in self._VOID or not any(t == tag for t, _ in self._stack):
            return
        while self._stack:
            open_tag, hidden = self._stack.pop()
            self._hidden -= hidden
            if open_tag == tag:
                break
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:  # noqa: D102
        if not self._hidden and not self.quote_seen:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML body, up to the first quoted block (``<blockquote>``, ``gmail_quote``...)."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n[ \t]*\n\s*", "\n\n", re.sub(r"[ \t\u00a0]+", " ", text)).strip()


def _body(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if isinstance(content, bytes):
        content = content.decode("utf-8", errors="replace")
    if part.get_content_subtype() == "html":
        return strip_quoted(html_to_text(content))
    return strip_quoted(content.replace("\r\n", "\n"))


def _speaker(msg: EmailMessage) -> str:
    header = msg.get("From")
    if header is None:
        return ""
    addresses = getattr(header, "addresses", ())
    if addresses:
        a = addresses[0]
        if a.display_name and a.addr_spec:
            return f"{a.display_name} <{a.addr_spec}>"
        return a.addr_spec or a.display_name
    return str(header).strip()


def _date(msg: EmailMessage) -> str | None:
    raw = msg.get("Date")
    if raw is None:
        return None
    try:
        return parsedate_to_datetime(str(raw)).isoformat()
    except (TypeError, ValueError, IndexError):
        return str(raw).strip() or None


def _add_message(path: str, builder: UtteranceBuilder, raw: str, where: str) -> None:
    msg = email.message_from_string(raw, policy=policy.default)
    if not isinstance(msg, EmailMessage) or not list(msg.keys()):
        raise InputError(path, f"{where}: not an e-mail message (no headers)")
    if msg.get("From") is None and msg.get("Date") is None and msg.get("Subject") is None:
        raise InputError(path, f"{where}: not an e-mail message (no From, Date or Subject header)")
    try:
        body = _body(msg)
        subject = msg.get("Subject")
    except (LookupError, ValueError, AttributeError) as exc:
        raise InputError(path, f"{where}: undecodable body ({exc.__class__.__name__})") from None
    builder.add(_speaker(msg), body, 0, timestamp=_date(msg), thread=thread_subject(str(subject or "")))


def _looks_like_headers(text: str) -> bool:
    names: set[str] = set()
    for line in iter_lines(text[:20000]):
        if not line.text.strip():
            break
        if _HEADER.match(line.text):
            names.add(line.text.split(":", 1)[0].casefold())
        elif not line.text[:1].isspace():
            return False
    return "from" in names and bool(names & {"subject", "date", "to", "message-id"})


class EmailReader(Reader):
    """One RFC 5322 message (``.eml``): one utterance."""

    name = "eml"
    extensions = (".eml",)

    def sniff(self, text: str) -> bool:  # noqa: D102
        return _looks_like_headers(text.lstrip("\ufeff"))

    def read(self, path: str, text: str, options: ReadOptions) -> Document:  # noqa: D102
        text = text.lstrip("\ufeff")
        if not _looks_like_headers(text):
            raise InputError(path, "line 1: not an e-mail message (expected From plus Subject/Date/To headers)")
        builder = UtteranceBuilder(options.roles)
        _add_message(path, builder, text, "message")
        return self._document(path, builder)


_FROM_LINE = re.compile(r"^From \S")


class MboxReader(Reader):
    """A Unix mailbox (``.mbox``): messages separated by ``From `` lines, one utterance each, in file order."""

    name = "mbox"
    extensions = (".mbox", ".mbx")

    def sniff(self, text: str) -> bool:  # noqa: D102
        first = next(iter_lines(text.lstrip("\ufeff")), None)
        return bool(first and _FROM_LINE.match(first.text)) and _looks_like_headers(text.split("\n", 1)[-1])

    def read(self, path: str, text: str, options: ReadOptions) -> Document:  # noqa: D102
        text = text.lstrip("\ufeff")
        lines = list(iter_lines(text))
        first = next((ln for ln in lines if ln.text.strip()), None)
        if first is None or not _FROM_LINE.match(first.text):
            raise InputError(path, f"line {first.number if first else 1}: not an mbox file "
                                   "(expected a 'From ' separator line)")
        builder = UtteranceBuilder(options.roles)
        starts: list[int] = []
        previous_blank = True
        for i, line in enumerate(lines):
            if _FROM_LINE.match(line.text) and (previous_blank or not starts):
                starts.append(i)
            previous_blank = not line.text.strip()
        for n, start in enumerate(starts, start=1):
            stop = starts[n] if n < len(starts) else len(lines)
            body_lines = [re.sub(r"^>(>*From )", r"\1", ln.text) for ln in lines[start + 1 : stop]]
            where = f"message {n} (line {lines[start].number})"
            _add_message(path, builder, "\n".join(body_lines), where)
        return self._document(path, builder)
