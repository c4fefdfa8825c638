"""Validate the labelled corpus files and print counts (used while writing data)."""

from __future__ import annotations

import collections
import json
import pathlib
import sys

CATEGORIES = {
    "romantic_sexual", "physical_contact", "gifts", "solicitation", "financial", "testimonial", "social",
    "self_disclosure", "time_place", "role_conflict", "connected_clients", "undue_influence", "secrecy",
}
KINDS = {"crossing", "invitation", "held"}


def main(paths: list[str]) -> int:
    files = [pathlib.Path(p) for p in paths] or sorted(pathlib.Path("data/corpus").glob("*.jsonl"))
    errors = 0
    pos: collections.Counter[tuple[str, str]] = collections.Counter()
    near = collections.Counter()
    utter = 0
    ids = set()
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                conv = json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"{f}:{n}: bad JSON: {exc}")
                errors += 1
                continue
            if conv.get("id") in ids:
                print(f"{f}:{n}: duplicate id {conv.get('id')}")
                errors += 1
            ids.add(conv.get("id"))
            units = conv.get("turns") if conv.get("mode") == "dialogue" else conv.get("sentences")
            if not units:
                print(f"{f}:{n}: no turns/sentences (mode must be dialogue or report)")
                errors += 1
                continue
            for u in units:
                utter += conv.get("mode") == "dialogue"
                spk = u.get("speaker")
                if conv["mode"] == "dialogue" and spk not in ("therapist", "client"):
                    print(f"{f}:{n}: bad speaker {spk!r}")
                    errors += 1
                for lab in u.get("labels", []):
                    c, k = lab.get("category"), lab.get("kind")
                    if c not in CATEGORIES or k not in KINDS:
                        print(f"{f}:{n}: bad label {lab}")
                        errors += 1
                        continue
                    if conv["mode"] == "dialogue" and (
                        (spk == "client" and k != "invitation") or (spk == "therapist" and k == "invitation")
                    ):
                        print(f"{f}:{n}: kind {k} impossible for {spk}: {u['text'][:60]}")
                        errors += 1
                    pos[(c, k)] += 1
                if not u.get("labels") and u.get("near_miss"):
                    near[u["near_miss"]] += 1
    print(f"dialogue utterances: {utter}; hard negatives: {sum(near.values())}; conversations: {len(ids)}")
    for c in sorted(CATEGORIES):
        row = {k: pos[(c, k)] for k in sorted(KINDS)}
        print(f"  {c:18s} {row} total={sum(row.values())}")
    print("  near misses:", dict(near))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
