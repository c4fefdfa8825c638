"""JSON, JSON Lines and CSV message readers: schema, aliases, roles, threads and malformed input."""

from __future__ import annotations

import json

import pytest

from boundarywatch.domain import Role
from boundarywatch.errors import ConfigError, InputError
from boundarywatch.ingest import ReadOptions, RoleMap, load_document

SECRET = "pineapple"
ROLES = ReadOptions(roles=RoleMap({"Dr. Lee": "therapist", "sam@mail.example": "client"}))


def rows(doc):
    return [(u.speaker, u.role, u.text, u.timestamp, u.thread) for u in doc.utterances]


JSON_CASES = [
    pytest.param(
        [{"text": "Hello", "sender": "Dr. Lee", "timestamp": "2026-03-01T10:00:00Z", "thread": "t1"},
         {"text": "Hi back", "sender": "Sam <sam@mail.example>", "conversation_id": 7}],
        [("Dr. Lee", Role.THERAPIST, "Hello", "2026-03-01T10:00:00Z", "t1"),
         ("Sam <sam@mail.example>", Role.CLIENT, "Hi back", None, "7")],
        id="list-canonical-fields",
    ),
    pytest.param(
        {"thread": "portal-1", "messages": [
            {"Body": "aliases work", "From": "Dr. Lee", "Sent_At": "2026-03-01"},
            {"content": "content alias", "author": {"name": "Sam", "email": "sam@mail.example"}, "time": 0},
            {"message": "message alias", "speaker": "Someone", "role": "Client", "date": 1772400000000}]},
        [("Dr. Lee", Role.THERAPIST, "aliases work", "2026-03-01", "portal-1"),
         ("Sam <sam@mail.example>", Role.CLIENT, "content alias", "1970-01-01T00:00:00+00:00", "portal-1"),
         ("Someone", Role.CLIENT, "message alias", "2026-03-01T21:20:00+00:00", "portal-1")],
        id="object-aliases-sender-object-epoch",
    ),
    pytest.param(
        [{"text": "role only", "role": "therapist"}, {"text": "", "sender": "Dr. Lee"},
         {"text": None, "sender": "Dr. Lee"}, {"text": "  spaced\n text  ", "role": "patient"}],
        [("therapist", Role.THERAPIST, "role only", None, None),
         ("patient", Role.CLIENT, "spaced text", None, None)],
        id="role-without-sender-empty-messages-skipped",
    ),
    pytest.param(
        [{"text": "role field wins", "sender": "Dr. Lee", "role": "client"},
         {"text": "unknown role falls back to sender", "sender": "Dr. Lee", "role": "staff"}],
        [("Dr. Lee", Role.CLIENT, "role field wins", None, None),
         ("Dr. Lee", Role.THERAPIST, "unknown role falls back to sender", None, None)],
        id="role-precedence",
    ),
]


@pytest.mark.parametrize(("data", "expected"), JSON_CASES)
def test_json_messages(write, data, expected) -> None:
    doc = load_document(write("m.json", json.dumps(data)), options=ROLES)
    assert doc.input_format == "json"
    assert rows(doc) == expected
    assert all(u.source_start == 0 and u.source.strip() for u in doc.utterances)


def test_json_lines_saved_as_json(write) -> None:
    doc = load_document(write("m.json", '{"text": "a"}\n{"text": "b"}\n'))
    assert [u.text for u in doc.utterances] == ["a", "b"]


JSON_BAD = [
    pytest.param('[{"text": "' + SECRET + '"}', "invalid JSON at line 1, column", id="truncated"),
    pytest.param('[\n {"text": "x"},\n {"text": ' + SECRET + "}\n]", "invalid JSON at line 3, column 11",
                 id="bare-word"),
    pytest.param('"' + SECRET + '"', "expected a list of messages", id="scalar"),
    pytest.param('{"items": []}', "expected a list of messages or an object with a 'messages' list",
                 id="no-messages-key"),
    pytest.param('{"messages": {"text": "x"}}', "'messages' is not a list", id="messages-not-list"),
    pytest.param('[{"text": "ok"}, "' + SECRET + '"]', "message 2: expected an object", id="item-not-object"),
    pytest.param('[{"body2": "' + SECRET + '"}]', "message 1: no text field", id="no-text-field"),
    pytest.param('[{"text": 42}]', "message 1: text is not a string", id="text-not-string"),
    pytest.param('[{"text": "x", "timestamp": true}]', "message 1: timestamp has an unsupported type",
                 id="bad-timestamp-type"),
    pytest.param("[]", "no messages found", id="empty-list"),
    pytest.param("[" * 100000 + "]" * 100000, "nested too deeply", id="deep-nesting"),
]


@pytest.mark.parametrize(("content", "message"), JSON_BAD)
def test_json_malformed(write, content: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        load_document(write("bad.json", content))
    assert message in str(err.value)
    assert SECRET not in str(err.value)


def test_jsonl_messages(write) -> None:
    content = ('\ufeff{"text": "first", "sender": "Dr. Lee", "thread": "a"}\n\n  \n'
               '{"text": "second", "role": "client"}\r\n')
    doc = load_document(write("m.jsonl", content), options=ROLES)
    assert rows(doc) == [("Dr. Lee", Role.THERAPIST, "first", None, "a"),
                         ("client", Role.CLIENT, "second", None, None)]


JSONL_BAD = [
    pytest.param('{"text": "ok"}\n{"text": "ok"}\n{"text": "' + SECRET + '"\n', "line 3: invalid JSON at column",
                 id="bad-third-line"),
    pytest.param('{"text": "ok"}\n["' + SECRET + '"]\n', "line 2: expected a JSON object", id="array-line"),
    pytest.param('{"text": "ok"}\n\n{"who": "' + SECRET + '"}\n', "line 3: no text field", id="missing-text"),
    pytest.param("\n\n", "empty file", id="blank"),
]


@pytest.mark.parametrize(("content", "message"), JSONL_BAD)
def test_jsonl_malformed_fails_whole_file(write, content: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        load_document(write("bad.jsonl", content))
    assert message in str(err.value)
    assert SECRET not in str(err.value)


CSV_CASES = [
    pytest.param(
        "m.csv", "thread,timestamp,sender,role,text\nt1,2026-01-01,Dr. Lee,,\"Hello, there\"\n"
        "t1,2026-01-02,sam@mail.example,,\"multi\nline \"\"quoted\"\"\"\n",
        {},
        [("Dr. Lee", Role.THERAPIST, "Hello, there", "2026-01-01", "t1"),
         ("sam@mail.example", Role.CLIENT, 'multi line "quoted"', "2026-01-02", "t1")],
        id="canonical-quoted-multiline",
    ),
    pytest.param(
        "m.csv", "Conversation_ID,Sent_At,From,Body\nc9,2026-02-02T09:00:00Z,Dr. Lee,aliases\n,,,\n",
        {},
        [("Dr. Lee", Role.THERAPIST, "aliases", "2026-02-02T09:00:00Z", "c9")],
        id="alias-headers-blank-row",
    ),
    pytest.param(
        "m.tsv", "Who\tWhat\tWhen\nDr. Lee\tmapped, with comma\t10:00\n",
        {"sender": "who", "text": "What", "timestamp": "When"},
        [("Dr. Lee", Role.THERAPIST, "mapped, with comma", "10:00", None)],
        id="tsv-column-mapping",
    ),
    pytest.param(
        "m.csv", "text;sender;role\nsemicolons;Pat;client\nshort row\n",
        {},
        [("Pat", Role.CLIENT, "semicolons", None, None), ("", Role.UNKNOWN, "short row", None, None)],
        id="semicolon-delimiter-short-row",
    ),
]


@pytest.mark.parametrize(("name", "content", "columns", "expected"), CSV_CASES)
def test_csv_messages(write, name, content, columns, expected) -> None:
    opts = ReadOptions(roles=ROLES.roles, csv_columns=columns)
    doc = load_document(write(name, content), options=opts)
    assert doc.input_format == "csv"
    assert rows(doc) == expected


CSV_BAD = [
    pytest.param("sender,when\nDr. Lee," + SECRET + "\n", {}, "no text column in the header", id="no-text-column"),
    pytest.param("a,b\nx,y\n", {"text": "missing"}, "mapped column for 'text' is not in the header",
                 id="mapped-column-missing"),
    pytest.param("sender,text\nA,ok\nB,one," + SECRET + "\n", {}, "line 3: 3 fields but the header has 2",
                 id="unquoted-delimiter"),
    pytest.param('sender,text\nA,"ok"\nB,"' + SECRET + '" trailing\n', {}, "line 3: malformed CSV",
                 id="bad-quoting"),
    pytest.param("sender,text\n", {}, "no messages found", id="header-only"),
]


@pytest.mark.parametrize(("content", "columns", "message"), CSV_BAD)
def test_csv_malformed(write, content, columns, message) -> None:
    with pytest.raises(InputError) as err:
        load_document(write("bad.csv", content), options=ReadOptions(csv_columns=columns))
    assert message in str(err.value)
    assert SECRET not in str(err.value)


def test_csv_unknown_mapping_field_is_a_config_error(write) -> None:
    with pytest.raises(ConfigError, match="unknown field 'body'"):
        load_document(write("m.csv", "text\nx\n"), options=ReadOptions(csv_columns={"body": "text"}))


def test_unmapped_sender_warning(write) -> None:
    doc = load_document(write("m.jsonl", '{"text": "a", "sender": "Pat Q"}\n{"text": "b", "role": "client"}\n'))
    assert [u.role for u in doc.utterances] == [Role.UNKNOWN, Role.CLIENT]
    assert len(doc.warnings) == 1 and "Pat Q" in doc.warnings[0] and "--roles" in doc.warnings[0]
