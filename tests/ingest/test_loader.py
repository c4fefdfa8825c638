"""Loader: format detection, overrides, decoding, file-system problems and directory walks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from boundarywatch.domain import Role
from boundarywatch.errors import InputError
from boundarywatch.ingest import FORMATS, ReadOptions, RoleMap, iter_input_files, load_document, loader, reader_for
from boundarywatch.ingest import base as ingest_base

SECRET = "pineapple"
VTT = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nTherapist: Hello.\n"
SRT = "1\n00:00:01,000 --> 00:00:02,000\nTherapist: Hello.\n"
JSON = '[{"text": "Hello.", "role": "therapist"}]'
JSONL = '{"text": "Hello.", "role": "therapist"}\n{"text": "Hi.", "role": "client"}\n'
CSV = "sender,text\nTherapist,Hello.\n"
EML = "From: T <t@x.example>\nSubject: s\nDate: Mon, 02 Feb 2026 08:01:12 -0500\n\nHello.\n"
MBOX = "From t@x Mon Feb  2 08:01:12 2026\n" + EML
TEXT = "Therapist: Hello.\nClient: Hi.\n"
PROSE = "My therapist asked me for favours. It felt wrong.\n"

CONTENT = {"vtt": VTT, "srt": SRT, "json": JSON, "jsonl": JSONL, "csv": CSV, "eml": EML, "mbox": MBOX,
           "text": TEXT, "narrative": PROSE}


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.vtt", "vtt"), ("a.webvtt", "vtt"), ("a.srt", "srt"), ("a.json", "json"), ("a.jsonl", "jsonl"),
     ("a.ndjson", "jsonl"), ("a.csv", "csv"), ("a.tsv", "csv"), ("a.eml", "eml"), ("a.mbox", "mbox"),
     ("a.txt", "text"), ("a.TXT", "text"), ("a.md", "narrative")],
)
def test_detect_by_extension(write, name: str, fmt: str) -> None:
    content = CONTENT[fmt].replace(",", "\t") if name.endswith(".tsv") else CONTENT[fmt]
    assert load_document(write(name, content)).input_format == fmt


@pytest.mark.parametrize("fmt", list(CONTENT))
@pytest.mark.parametrize("name", ["noext", "export.dat"])
def test_detect_by_content(write, name: str, fmt: str) -> None:
    doc = load_document(write(name, CONTENT[fmt]))
    assert doc.input_format == fmt
    assert doc.utterances[0].text.startswith(("Hello.", "My therapist"))


@pytest.mark.parametrize(("name", "content", "fmt"), [("a.txt", VTT, "vtt"), ("a.log", CSV, "csv"),
                                                      ("a.txt", TEXT, "narrative"), ("a.json", JSONL, "jsonl")])
def test_input_format_override(write, name: str, content: str, fmt: str) -> None:
    assert load_document(write(name, content), input_format=fmt).input_format == fmt


def test_unknown_input_format(write) -> None:
    with pytest.raises(InputError, match=r"unknown input format 'docx' \(one of vtt, srt"):
        load_document(write("a.txt", TEXT), input_format="docx")


def test_every_format_has_a_reader_and_sniff_agrees() -> None:
    assert set(FORMATS) == set(CONTENT)
    for fmt, content in CONTENT.items():
        assert reader_for("x", content).name == fmt


def test_roles_mapping_and_unmapped_warning(write) -> None:
    content = "Dr. Maya Lee: Hello.\nSam Rivera: Hi.\nDr. Maya Lee: Welcome.\nGuest: Hey.\nGuest: Bye.\n"
    opts = ReadOptions(roles=RoleMap({"dr. maya lee": "therapist", "Sam Rivera": "client"}))
    doc = load_document(write("s.txt", content), options=opts)
    assert [u.role for u in doc.utterances] == [Role.THERAPIST, Role.CLIENT, Role.THERAPIST, Role.UNKNOWN,
                                                Role.UNKNOWN]
    assert doc.warnings == ("speaker(s) Guest not mapped to a role; use --roles NAME=therapist|client",)
    assert load_document(write("s2.txt", "Therapist: a\nClient: b\n")).warnings == ()


ENCODINGS = [
    pytest.param(TEXT.encode("utf-16"), id="utf16-bom"),
    pytest.param(b"\xfe\xff" + TEXT.encode("utf-16-be"), id="utf16-be-bom"),
    pytest.param(TEXT.encode("utf-16-le"), id="utf16-le-no-bom"),
    pytest.param(TEXT.encode("utf-32"), id="utf32-bom"),
    pytest.param(b"\xef\xbb\xbf" + TEXT.encode(), id="utf8-bom"),
]


@pytest.mark.parametrize("data", ENCODINGS)
def test_unicode_encodings(write, data: bytes) -> None:
    doc = load_document(write("s.txt", data))
    assert [u.text for u in doc.utterances] == ["Hello.", "Hi."]


def test_cp1252_bytes(write, offsets_map_back) -> None:
    data = "Therapist: Caf\u00e9 \u201cnext\u201d week.\nClient: Fine \u2013 thanks.\n".encode("cp1252")
    doc = load_document(write("s.txt", data))
    assert [u.text for u in doc.utterances] == ["Caf\u00e9 \u201cnext\u201d week.", "Fine \u2013 thanks."]
    offsets_map_back(doc, data.decode("cp1252"))


def test_utf8_mojibake_in_file_is_repaired_with_offsets(write, offsets_map_back) -> None:
    content = "Therapist: You sound naÃ¯ve about itâ€™s cost.\nClient: na├»ve, sure.\n"
    doc = load_document(write("s.txt", content))
    assert [u.text for u in doc.utterances] == ["You sound naïve about it’s cost.", "naïve, sure."]
    offsets_map_back(doc, content)


BAD_BYTES = [
    pytest.param(b"", "empty file", id="empty"),
    pytest.param(b"  \n\t\r\n", "empty file", id="whitespace"),
    pytest.param(b"\xff\xfe", "empty file", id="bom-only"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file", id="png"),
    pytest.param(bytes(range(1, 32)) * 40, "binary file (control characters)", id="control-chars"),
    pytest.param(b"Therapist: " + SECRET.encode() + b" \x81\x8d\x9d", "undecodable bytes at offset 21",
                 id="undecodable"),
    pytest.param(b"\xff\xfeT\x00\x00\xd8", "undecodable UTF-16", id="broken-utf16"),
]


@pytest.mark.parametrize(("data", "message"), BAD_BYTES)
def test_bad_bytes(write, data: bytes, message: str) -> None:
    with pytest.raises(InputError) as err:
        load_document(write("s.txt", data))
    assert message in str(err.value)
    assert SECRET not in str(err.value)


def test_directory_passed_as_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        load_document(tmp_path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_document(tmp_path / "nope.txt")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        load_document(fifo)


OPEN_FAILURES = [(PermissionError(13, "Permission denied"), "permission denied"),
                 (OSError(5, "Input/output error"), r"cannot read \(Input/output error\)")]


@pytest.mark.parametrize(("exc", "message"), OPEN_FAILURES)
def test_open_failures(write, monkeypatch, exc: OSError, message: str) -> None:
    path = write("s.txt", TEXT)

    def failing_open(*args: object, **kwargs: object) -> None:
        raise exc

    monkeypatch.setattr(loader, "open", failing_open, raising=False)  # root can read chmod-000 files
    with pytest.raises(InputError, match=message):
        load_document(path)


def test_huge_file_is_refused(write, monkeypatch) -> None:
    monkeypatch.setattr(ingest_base, "MAX_BYTES", 64)
    path = write("big.txt", TEXT * 10)
    with pytest.raises(InputError, match=r"file too large \(\d+ bytes > 64 bytes\)"):
        load_document(path)
    assert load_document(write("small.txt", "T: hi\nC: yo\n")).utterances


def test_content_hash_is_of_the_raw_bytes(write) -> None:
    import hashlib

    data = TEXT.encode("utf-16")
    assert load_document(write("s.txt", data)).content_hash == hashlib.sha256(data).hexdigest()


def test_walk_two_thousand_files(tmp_path: Path) -> None:
    for i in range(2000):
        sub = tmp_path / f"clinic{i % 7}" / f"week{i % 13:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"s{i:04d}.txt").write_text(f"Therapist: Hello {i}.\nClient: Hi.\n", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text(TEXT)
    (tmp_path / "clinic0" / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "y.txt").write_text(TEXT)
    found = list(iter_input_files([str(tmp_path), str(tmp_path / "missing.vtt")]))
    files = [p for p, err in found if err is None]
    assert len(files) == 2000 and len(set(files)) == 2000
    assert files == sorted(files, key=lambda p: Path(p).relative_to(tmp_path).parts)
    assert [str(e.problem) for _, e in found if e is not None] == ["no such file or directory"]
    docs = [load_document(p) for p in files]
    assert all(d.input_format == "text" and len(d.utterances) == 2 for d in docs)


def test_explicit_file_is_yielded(write) -> None:
    path = write(".hidden.txt", TEXT)
    assert list(iter_input_files([str(path)])) == [(str(path), None)]


@pytest.mark.parametrize(
    ("label", "role"),
    [("Therapist (Dr. Lee)", Role.THERAPIST), ("Client - Sam", Role.CLIENT), ("T", Role.THERAPIST),
     ("T. Nguyen", Role.UNKNOWN), ("P Smith", Role.UNKNOWN), ("Dr. Somebody", Role.UNKNOWN),
     ('"Maya Lee" <maya@clinic.example>', Role.THERAPIST)],
)
def test_role_resolution(label: str, role: Role) -> None:
    assert RoleMap({"maya@clinic.example": "therapist"}).resolve(label) is role


def test_roles_file_yaml_with_quotes_and_comments(write) -> None:
    from boundarywatch.ingest import parse_roles_option

    path = write("roles.yaml", "# roles\n'Dr. Maya Lee': therapist  # lead\n\"Sam: R\": client\n")
    assert parse_roles_option("@" + str(path)) == {"Dr. Maya Lee": "therapist", "Sam: R": "client"}
