"""Synthetic workloads re-sampled from the labelled corpus (data/corpus/*.jsonl); deterministic by seed.

The workloads read a fixed set of corpus files (:data:`WORKLOAD_FILES`, the corpus as of rounds 1-4), so they do
not change when a data round adds files: a larger corpus brought more distinct texts into "a day of messages"
(7,043 -> 10,495 of 20,000) and made figures from different rounds incomparable.

- :func:`session_vtt`: a 50-minute session as WebVTT, ~600 cues, 5 s apart, Teams-style voice tags;
- :func:`iter_messages`: secure messages as JSON Lines records (``text``, ``role``, ``sender``, ``timestamp``,
  ``thread``), generated lazily, so a million-message export never sits in memory. Each thread is a window of
  consecutive turns from one corpus conversation (so replies follow proposals), threads are interleaved a little
  the way a day's export is (ordered by time, several conversations active at once).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

__all__ = ["CORPUS_DIR", "WORKLOAD_FILES", "corpus_conversations", "iter_messages", "session_vtt", "write_jsonl"]

CORPUS_DIR = Path(__file__).resolve().parents[1] / "data" / "corpus"
#: the corpus files the workloads are drawn from (fixed; see the module docstring)
WORKLOAD_FILES: tuple[str, ...] = (
    "connected_clients.jsonl",
    "extra_e.jsonl",
    "extra_g.jsonl",
    "extra_h.jsonl",
    "extra_i.jsonl",
    "extra_j.jsonl",
    "extra_k.jsonl",
    "extra_l.jsonl",
    "extra_m.jsonl",
    "financial.jsonl",
    "gifts.jsonl",
    "negatives.jsonl",
    "physical_contact.jsonl",
    "reports_a.jsonl",
    "reports_b.jsonl",
    "reports_c.jsonl",
    "reports_d.jsonl",
    "reports_f.jsonl",
    "reports_g.jsonl",
    "reports_h.jsonl",
    "role_conflict.jsonl",
    "romantic_sexual.jsonl",
    "secrecy.jsonl",
    "self_disclosure.jsonl",
    "social.jsonl",
    "solicitation.jsonl",
    "testimonial.jsonl",
    "time_place.jsonl",
    "undue_influence.jsonl",
)
_EPOCH = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


def corpus_conversations(corpus_dir: Path = CORPUS_DIR,
                         files: tuple[str, ...] = WORKLOAD_FILES) -> list[list[tuple[str, str]]]:
    """Dialogue conversations of ``files`` as lists of ``(speaker_role, text)``; unparsable lines are skipped."""
    convs: list[list[tuple[str, str]]] = []
    missing = [f for f in files if not (corpus_dir / f).is_file()]
    if missing:
        raise SystemExit(f"{corpus_dir}: workload corpus file(s) missing: {', '.join(missing)}")
    for path in (corpus_dir / f for f in sorted(files)):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                conv = json.loads(line)
            except ValueError:
                continue
            turns = [(t["speaker"], t["text"]) for t in conv.get("turns") or [] if t.get("text")]
            if len(turns) >= 2:
                convs.append(turns)
    if not convs:
        raise SystemExit(f"no dialogue conversations under {corpus_dir}")
    return convs


def _ts(seconds: float) -> str:
    h, rem = divmod(int(seconds), 3600)
    m, s = divmod(rem, 60)
    return f"{h:02d}:{m:02d}:{s:02d}.{int((seconds % 1) * 1000):03d}"


def session_vtt(n: int = 600, seed: int = 7, minutes: float = 50.0) -> str:
    """A WebVTT transcript of ``n`` cues spread over ``minutes`` (conversations concatenated, then cut)."""
    rng = random.Random(seed)
    convs = corpus_conversations()
    turns: list[tuple[str, str]] = []
    while len(turns) < n:
        turns.extend(rng.choice(convs))
    step = minutes * 60 / n
    out = ["WEBVTT", ""]
    names = {"therapist": "Therapist", "client": "Client"}
    for i, (speaker, text) in enumerate(turns[:n]):
        # a caption cue is one run of text: the blank lines of e-mail turns would end the cue early
        out += [
            str(i + 1),
            f"{_ts(i * step)} --> {_ts((i + 1) * step - 0.2)}",
            f"<v {names.get(speaker, speaker)}>{' '.join(text.split())}</v>",
            "",
        ]
    return "\n".join(out)


def iter_messages(n: int, seed: int = 11, active: int = 8) -> Iterator[dict[str, Any]]:
    """``n`` message records; ``active`` conversations are open at once and interleave in time order."""
    rng = random.Random(seed)
    convs = corpus_conversations()
    open_threads: list[list[Any]] = []  # [thread id, remaining turns]
    next_id = 0
    clock = 0.0
    for _ in range(n):
        while len(open_threads) < active:
            conv = rng.choice(convs)
            start = rng.randrange(0, max(1, len(conv) - 2))
            window = conv[start : start + rng.randint(3, 12)]
            open_threads.append([f"t{next_id:07d}", list(window)])
            next_id += 1
        k = rng.randrange(len(open_threads))
        thread = open_threads[k]
        role, text = thread[1].pop(0)
        if not thread[1]:
            open_threads.pop(k)
        clock += rng.expovariate(1 / 4.0)
        yield {
            "thread": thread[0],
            "timestamp": (_EPOCH + timedelta(seconds=clock)).isoformat(timespec="seconds"),
            "sender": "Dr. Rivera" if role == "therapist" else f"client-{thread[0]}",
            "role": role,
            "text": text,
        }


def write_jsonl(path: Path, records: Iterator[dict[str, Any]]) -> int:
    """Write records one per line; return the count."""
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False))
            fh.write("\n")
            count += 1
    return count
