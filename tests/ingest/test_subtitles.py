"""WebVTT and SRT readers: speakers, timing, markup, offsets and malformed input."""

from __future__ import annotations

import pytest

from boundarywatch.domain import Role
from boundarywatch.errors import InputError
from boundarywatch.ingest import ReadOptions, RoleMap, load_document
from boundarywatch.ingest.subtitles import SrtReader, WebVttReader, parse_time

SECRET = "pineapple"  # a word that must never appear in an error message

ZOOM = """WEBVTT

1
00:00:01.000 --> 00:00:03.500
Dr. Maya Lee: Hi Sam, good to see you.

2
00:00:04.000 --> 00:00:06.000
Sam Rivera: Thanks. Here's the thing: I'm tired.

3
00:00:06.500 --> 00:00:08.000
Sam Rivera: Really tired.
"""

TEAMS = """WEBVTT

NOTE exported by Teams

STYLE
::cue { color: yellow }

6f1c2a9e-3b7d-4e21-9c55-0a8b7d3e4f12/14-0
00:00:03.120 --> 00:00:07.834 align:start position:10%
<v Maya Lee>Welcome <c.yellow>back</c>, Jordan.</v>

6f1c2a9e-3b7d-4e21-9c55-0a8b7d3e4f12/15-0
00:00:09.434 --> 00:00:11.234
<v.loud Jordan Park>Tom &amp; <i>Jerry</i>
on two lines</v>
"""

VTT_CASES = [
    pytest.param(
        ZOOM,
        [("Dr. Maya Lee", "Hi Sam, good to see you.", "00:00:01.000", "00:00:03.500"),
         ("Sam Rivera", "Thanks. Here's the thing: I'm tired.", "00:00:04.000", "00:00:06.000"),
         ("Sam Rivera", "Really tired.", "00:00:06.500", "00:00:08.000")],
        id="zoom-name-prefix-cues-not-merged",
    ),
    pytest.param(
        TEAMS,
        [("Maya Lee", "Welcome back, Jordan.", "00:00:03.120", "00:00:07.834"),
         ("Jordan Park", "Tom & Jerry on two lines", "00:00:09.434", "00:00:11.234")],
        id="teams-voice-tags-note-style-entities",
    ),
    pytest.param(
        "WEBVTT\n\n00:01.000 --> 00:02.500\n<v A>Hello there.</v><v B>Hi!</v>\n",
        [("A", "Hello there.", "00:00:01.000", "00:00:02.500"), ("B", "Hi!", "00:00:01.000", "00:00:02.500")],
        id="two-voices-in-one-cue-short-times",
    ),
    pytest.param(
        "WEBVTT - captions\r\nKind: captions\r\n\r\n1\r\n01:00:00.000 --> 01:00:02.000\r\nNote: plain caption.\r\n"
        "\r\n2\r\n01:00:03.000 --> 01:00:04.000\r\nNo speaker here.\r\n",
        [("", "Note: plain caption.", "01:00:00.000", "01:00:02.000"),
         ("", "No speaker here.", "01:00:03.000", "01:00:04.000")],
        id="crlf-header-text-lone-label-is-not-a-speaker",
    ),
    pytest.param(
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nT: first part\n\nsecond part after a blank line\n",
        [("T", "first part second part after a blank line", "00:00:01.000", "00:00:02.000")],
        id="blank-line-inside-cue-continues-it",
    ),
    pytest.param(
        "\ufeffWEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n<00:00:01.500>Timed <b>words</b> &#39;here&#x27;\n",
        [("", "Timed words 'here'", "00:00:01.000", "00:00:02.000")],
        id="bom-timestamp-tags-numeric-entities",
    ),
]


@pytest.mark.parametrize(("content", "expected"), VTT_CASES)
def test_vtt_cues(write, offsets_map_back, content: str, expected: list[tuple[str, str, str, str]]) -> None:
    path = write("s.vtt", content)
    doc = load_document(path)
    assert doc.input_format == "vtt"
    got = [(u.speaker, u.text, u.timestamp, u.end_timestamp) for u in doc.utterances]
    assert got == expected
    assert [u.index for u in doc.utterances] == list(range(len(expected)))
    offsets_map_back(doc, path.read_text(encoding="utf-8-sig") if content.startswith("\ufeff")
                            else path.read_bytes().decode("utf-8"))


def test_vtt_roles_and_unmapped_warning(write) -> None:
    doc = load_document(write("s.vtt", ZOOM), options=ReadOptions(roles=RoleMap({"Dr. Maya Lee": "therapist"})))
    assert [u.role for u in doc.utterances] == [Role.THERAPIST, Role.UNKNOWN, Role.UNKNOWN]
    assert len(doc.warnings) == 1 and "Sam Rivera" in doc.warnings[0]


def test_label_accepted_when_it_maps_to_a_role(write) -> None:
    content = "WEBVTT\n\n00:01.000 --> 00:02.000\nClient: once\n\n00:03.000 --> 00:04.000\nplain words\n"
    doc = load_document(write("s.vtt", content))
    assert [(u.speaker, u.role) for u in doc.utterances] == [("Client", Role.CLIENT), ("", Role.UNKNOWN)]


VTT_BAD = [
    pytest.param(f"1\n00:00:01.000 --> 00:00:02.000\n{SECRET}\n", "line 1: missing WEBVTT header", id="no-header"),
    pytest.param(f"WEBVTTX\n\n00:00:01.000 --> 00:00:02.000\n{SECRET}\n", "line 1: missing WEBVTT header",
                 id="bad-header"),
    pytest.param(f"WEBVTT\n\n1\n00:00:01.000 --> 00:00:0x.000\n{SECRET}\n", "line 4: malformed cue timing",
                 id="broken-timing"),
    pytest.param(f"WEBVTT\n\n1\n00:00:01.000 - 00:00:02.000\n{SECRET}\n", "line 4: malformed cue timing",
                 id="timing-without-arrow"),
    pytest.param(f"WEBVTT\n\n00:00:01.000 --> 00:61:02.000\n{SECRET}\n", "line 3: malformed cue timing",
                 id="minutes-out-of-range"),
    pytest.param(f"WEBVTT\n\n00:00:05.000 --> 00:00:02.000\n{SECRET}\n", "line 3: cue ends before it starts",
                 id="end-before-start"),
    pytest.param("WEBVTT\n\nNOTE nothing else\n", "no cues found", id="no-cues"),
    pytest.param(f"WEBVTT\n\n{SECRET} words\nmore words\n", "line 3: text block without a cue timing line",
                 id="text-before-first-cue"),
    pytest.param(f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n{SECRET}\n00:00:03.000 --> 00:00:04.000\nx\n",
                 "line 5: cue timing inside cue text", id="missing-blank-line"),
    pytest.param("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<i></i>\n", "no utterances found", id="only-markup"),
]


@pytest.mark.parametrize(("content", "message"), VTT_BAD)
def test_vtt_malformed(write, content: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        load_document(write("bad.vtt", content))
    assert message in str(err.value)
    assert SECRET not in str(err.value)


SRT_CASES = [
    pytest.param(
        "1\n00:00:01,000 --> 00:00:04,000\nDr. Lee: Welcome back.\n\n2\n00:00:05,000 --> 00:00:06,500\n"
        "Alex: <i>Thanks</i>,\nit was a week.\n",
        [("Dr. Lee", "Welcome back.", "00:00:01.000", "00:00:04.000"),
         ("Alex", "Thanks, it was a week.", "00:00:05.000", "00:00:06.500")],
        id="numbered-labels-italics-multiline",
    ),
    pytest.param(
        "1\r\n00:00:01,000 --> 00:00:02,000 X1:10 X2:20\r\n{\\an8}<font color=\"#fff\">Top line</font>\r\n\r\n",
        [("", "Top line", "00:00:01.000", "00:00:02.000")],
        id="crlf-coordinates-ass-and-font-tags",
    ),
    pytest.param(
        "00:00:01.000 --> 00:00:02.000\nTherapist: no number, dot decimals\n",
        [("Therapist", "no number, dot decimals", "00:00:01.000", "00:00:02.000")],
        id="no-cue-number",
    ),
    pytest.param(
        "1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\nClient: after an empty cue\n",
        [("Client", "after an empty cue", "00:00:03.000", "00:00:04.000")],
        id="empty-cue-skipped",
    ),
]


@pytest.mark.parametrize(("content", "expected"), SRT_CASES)
def test_srt_cues(write, offsets_map_back, content: str, expected: list[tuple[str, str, str, str]]) -> None:
    path = write("s.srt", content)
    doc = load_document(path)
    assert doc.input_format == "srt"
    assert [(u.speaker, u.text, u.timestamp, u.end_timestamp) for u in doc.utterances] == expected
    offsets_map_back(doc, content)


SRT_BAD = [
    pytest.param(f"1\n00:00:01,000 -> 00:00:02,000\n{SECRET}\n", "line 2: malformed cue timing", id="bad-arrow"),
    pytest.param(f"1\n{SECRET}\n", "line 2: malformed cue timing", id="text-instead-of-timing"),
    pytest.param("1\n\n2\n00:00:01,000 --> 00:00:02,000\nx\n", "line 1: cue number without a timing line",
                 id="number-alone"),
    pytest.param(f"{SECRET} intro\n\n1\n00:00:01,000 --> 00:00:02,000\nx\n",
                 "line 1: expected a cue number or timing line", id="text-first"),
    pytest.param("1\n00:00:09,000 --> 00:00:02,000\nx\n", "line 2: cue ends before it starts", id="backwards"),
]


@pytest.mark.parametrize(("content", "message"), SRT_BAD)
def test_srt_malformed(write, content: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        load_document(write("bad.srt", content))
    assert message in str(err.value)
    assert SECRET not in str(err.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("00:01:02.345", "00:01:02.345"), ("1:02.5", "00:01:02.500"), ("00:00:01,000", "00:00:01.000"),
     ("100:00:00.000", "100:00:00.000"), ("00:60:00.000", None), ("00:00:61.000", None), ("1.000", None)],
)
def test_parse_time(value: str, expected: str | None) -> None:
    assert parse_time(value) == expected


@pytest.mark.parametrize(
    ("reader", "content", "expected"),
    [(WebVttReader(), "WEBVTT\n\n", True), (WebVttReader(), "WEBVTT2\n", False),
     (SrtReader(), "1\n00:00:01,000 --> 00:00:02,000\nx\n", True), (SrtReader(), "1\nhello\n", False)],
)
def test_sniff(reader, content: str, expected: bool) -> None:
    assert reader.sniff(content) is expected
