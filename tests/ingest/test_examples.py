"""The bundled examples load as documented in examples/expected.json (turn indexes, roles, formats)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from boundarywatch.domain import CATEGORIES, Kind, Mode, Role
from boundarywatch.ingest import ReadOptions, RoleMap, load_document, parse_roles_option

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXPECTED = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
OPTIONS = ReadOptions(roles=RoleMap(parse_roles_option("@" + str(EXAMPLES / EXPECTED["roles"]))))


def test_every_example_is_listed() -> None:
    on_disk = {p.name for p in EXAMPLES.iterdir() if p.is_file() and p.name not in ("expected.json", "roles.yaml")}
    assert on_disk == set(EXPECTED["files"])
    assert {spec["format"] for spec in EXPECTED["files"].values()} >= {
        "vtt", "srt", "json", "jsonl", "csv", "eml", "mbox", "text", "narrative"}


@pytest.mark.parametrize("name", sorted(EXPECTED["files"]))
def test_example(name: str) -> None:
    spec = EXPECTED["files"][name]
    doc = load_document(EXAMPLES / name, options=OPTIONS)
    assert (doc.input_format, doc.mode.value, len(doc.utterances)) == (spec["format"], spec["mode"], spec["turns"])
    assert doc.warnings == ()
    flagged = {f["turn"] for f in spec["flags"]}
    assert flagged and not flagged & set(spec["quiet_turns"])
    for flag in spec["flags"]:
        assert flag["category"] in CATEGORIES
        u = doc.utterances[flag["turn"]]
        if doc.mode is Mode.REPORT:
            assert u.role is Role.NARRATOR
        else:  # who speaks decides the kind: clients invite, therapists cross or hold
            want = Role.CLIENT if flag["kind"] == Kind.INVITATION else Role.THERAPIST
            assert u.role is want, (name, flag)
    assert all(0 <= t < len(doc.utterances) for t in spec["quiet_turns"])
    for absent in spec.get("absent", []):
        assert absent["text"] not in doc.utterances[absent["turn"]].text
