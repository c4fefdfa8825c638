"""The bundled examples, screened with the shipped model: expected flags found, near misses quiet.

The detector is not perfect (see docs/detection.md for measured figures); these floors catch regressions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from boundarywatch.config import load_config
from boundarywatch.detect import Screener
from boundarywatch.ingest import ReadOptions, RoleMap, load_document, parse_roles_option

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def outcome() -> dict[str, int]:
    spec = json.loads((EXAMPLES / "expected.json").read_text())["files"]
    opts = ReadOptions(roles=RoleMap(parse_roles_option(f"@{EXAMPLES / 'roles.yaml'}")))
    screener = Screener(load_config())
    counts = {"expected": 0, "found": 0, "quiet": 0, "quiet_crossings": 0, "held_as_crossing": 0}
    for name, exp in spec.items():
        doc = load_document(EXAMPLES / name, None, opts)
        got = {(f.turn, f.category, f.kind.value) for f in screener.screen(doc)}
        want = {(f["turn"], f["category"], f["kind"]) for f in exp["flags"]}
        counts["expected"] += len(want)
        counts["found"] += len(want & got)
        held = {t for t, _, k in want if k == "held"}
        counts["held_as_crossing"] += sum(1 for t, _, k in got if t in held and k == "crossing")
        for q in exp.get("quiet_turns", []):
            counts["quiet"] += 1
            counts["quiet_crossings"] += any(t == q and k == "crossing" for t, _, k in got)
    return counts


def test_most_expected_flags_found(outcome: dict[str, int]) -> None:
    assert outcome["expected"] >= 40
    assert outcome["found"] / outcome["expected"] >= 0.6, outcome


def test_near_misses_stay_quiet(outcome: dict[str, int]) -> None:
    assert outcome["quiet"] >= 40
    assert outcome["quiet_crossings"] <= 1, outcome


def test_held_replies_never_reported_as_crossings(outcome: dict[str, int]) -> None:
    assert outcome["held_as_crossing"] == 0, outcome
