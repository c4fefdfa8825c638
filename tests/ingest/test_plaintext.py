"""Plain-text dialogue and narrative readers."""

from __future__ import annotations

import pytest

from boundarywatch.domain import Mode, Role
from boundarywatch.errors import InputError
from boundarywatch.ingest import ReadOptions, RoleMap, load_document

DIALOGUE_CASES = [
    pytest.param(
        "Session 3\n\nTherapist: Hello.\nClient: Hi.\nstill the client\n",
        [("Therapist", Role.THERAPIST, "Hello.", None), ("Client", Role.CLIENT, "Hi. still the client", None)],
        id="preamble-and-continuation",
    ),
    pytest.param(
        "[00:01:02] T: First.\r\n(00:01:09) C: Second.\r\n",
        [("T", Role.THERAPIST, "First.", "00:01:02"), ("C", Role.CLIENT, "Second.", "00:01:09")],
        id="timestamps-crlf",
    ),
    pytest.param(
        "Dr. Lee: Hi.\nSam: I was naÃ¯ve.\nDr. Lee: And na├»ve?\n",
        [("Dr. Lee", Role.THERAPIST, "Hi.", None), ("Sam", Role.CLIENT, "I was naïve.", None),
         ("Dr. Lee", Role.THERAPIST, "And naïve?", None)],
        id="names-via-roles-and-mojibake",
    ),
]


@pytest.mark.parametrize(("content", "expected"), DIALOGUE_CASES)
def test_dialogue(write, offsets_map_back, content: str, expected) -> None:
    path = write("s.txt", content)
    doc = load_document(path, options=ReadOptions(roles=RoleMap({"Dr. Lee": "therapist", "Sam": "client"})))
    assert (doc.input_format, doc.mode) == ("text", Mode.DIALOGUE)
    assert [(u.speaker, u.role, u.text, u.timestamp) for u in doc.utterances] == expected
    offsets_map_back(doc, content)


def test_mojibake_evidence_maps_back_to_source(write) -> None:
    from boundarywatch.normalize import normalize_text

    content = "Therapist: Hello.\nClient: I was naÃ¯ve, and na├»ve.\n"
    u = load_document(write("s.txt", content)).utterances[1]
    norm = normalize_text(u.source)
    for start in [i for i in range(len(u.text)) if u.text.startswith("naïve", i)]:
        a, b = norm.source_span(start, start + len("naïve"))
        assert content[u.source_start + a : u.source_start + b] in ("naÃ¯ve", "na├»ve")


def test_prose_txt_is_read_as_narrative(write) -> None:
    doc = load_document(write("c.txt", "I saw Dr. Hale for a year. He asked me for favours.\n"))
    assert (doc.input_format, doc.mode) == ("narrative", Mode.REPORT)
    assert [u.text for u in doc.utterances] == ["I saw Dr. Hale for a year.", "He asked me for favours."]
    assert {u.role for u in doc.utterances} == {Role.NARRATOR}


def test_forced_text_format_on_prose_is_an_error(write) -> None:
    with pytest.raises(InputError, match="no 'Speaker: text' lines found"):
        load_document(write("c.txt", "Just prose about secret things.\n"), input_format="text")
