"""The first stage: a cheap test of which utterances may carry a boundary event, so only those are embedded.

A logistic model over hashed word unigrams and bigrams, character trigrams, the speaker's role and the words
of the previous turn in the thread (numpy
weights, ~128 KB, trained by ``boundarywatch train`` from the train split; the threshold is chosen on the dev
split for recall). Narrative reports are always screened in full. In dialogues the engine sends an utterance
to the encoder when it is a *candidate*:

- the first-stage score is at or above the threshold, or
- a lexicon pattern matched it, or
- it is the therapist's reply (within the dialogue stage's reply window, same thread) to a candidate client
  utterance, so a short acceptance such as "Sure!" is still screened.

Each candidate is embedded together with its context (the turn before it, and for wide models the turn after it
and the one before the previous), exactly as without the first stage, so the learned recognizer's scores on
candidates are unchanged; non-candidates get no learned signal.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from boundarywatch.detect.learned import contexts
from boundarywatch.detect.recognizer import fold_text
from boundarywatch.domain import Document, Mode, Role

__all__ = ["DIMS", "FirstStage", "candidate_turns", "first_stage_path", "hashed_features"]

DIMS = 1 << 16
_TOKEN = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)?|[^\sa-z0-9]")


def first_stage_path() -> Path:
    """Where the first-stage weights live (next to ``learned.npz``)."""
    return Path(str(resources.files("boundarywatch.models").joinpath("firststage.npz")))


def hashed_features(text: str, role: Role, prev: str | None = None) -> np.ndarray:
    """Distinct hashed feature indices of one utterance and the words of the turn before it (stable across
    processes: CRC-32, not ``hash``)."""
    toks = _TOKEN.findall(fold_text(text))
    feats = [f"r={role.value}", *(f"w={t}" for t in toks)]
    feats.extend(f"b={a} {b}" for a, b in zip(toks, toks[1:], strict=False))
    for t in toks:
        if len(t) > 3:
            p = f"<{t}>"
            feats.extend(f"c={p[i:i + 3]}" for i in range(len(p) - 2))
    if prev is None:
        feats.append("p=none")
    else:
        ptoks = _TOKEN.findall(fold_text(prev))
        feats.extend(f"p={t}" for t in ptoks)
        feats.extend(f"pb={a} {b}" for a, b in zip(ptoks, ptoks[1:], strict=False))
    return np.unique(np.fromiter((zlib.crc32(f.encode()) for f in feats), np.int64, len(feats)) & (DIMS - 1))


@dataclass
class FirstStage:
    """Weights, bias and threshold of the first-stage logistic model."""

    weights: np.ndarray  # (DIMS,) float32
    bias: float
    threshold: float
    manifest: dict[str, object]

    @classmethod
    def load(cls, path: Path | None = None) -> FirstStage:
        """Load weights saved by :meth:`save`."""
        with np.load(path or first_stage_path(), allow_pickle=False) as z:
            return cls(z["w"].astype(np.float32), float(z["b"]), float(z["threshold"]),
                       json.loads(str(z["manifest"])))

    def save(self, path: Path | None = None) -> None:
        """Write the weights (float16)."""
        path = path or first_stage_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez_compressed(tmp, w=self.weights.astype(np.float16), b=np.array(self.bias, np.float32),
                            threshold=np.array(self.threshold, np.float32),
                            manifest=np.array(json.dumps(self.manifest, sort_keys=True)))
        tmp.replace(path)

    def score(self, text: str, role: Role, prev: str | None = None) -> float:
        """Probability-like score that the utterance (after ``prev``) carries a boundary event."""
        z = float(self.weights[hashed_features(text, role, prev)].sum()) + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def is_candidate(self, text: str, role: Role, prev: str | None = None) -> bool:
        """Score at or above the threshold."""
        return self.score(text, role, prev) >= self.threshold

    @classmethod
    def fit(cls, rows: Sequence[tuple[str, Role, str | None, bool]], *, l2: float = 1e-3, steps: int = 400,
            lr: float = 0.2, pos_weight: float = 2.0) -> FirstStage:
        """Fit on ``(text, role, positive)`` rows: full-batch Adam from zero weights (deterministic)."""
        idx = [hashed_features(t, r, p) for t, r, p, _ in rows]
        cols = np.concatenate(idx)
        row_of = np.repeat(np.arange(len(rows)), [len(i) for i in idx])
        y = np.array([float(pos) for *_, pos in rows])
        sw = np.where(y > 0, pos_weight, 1.0)
        sw /= sw.sum()
        w, b = np.zeros(DIMS), 0.0
        m, v, mb, vb = np.zeros(DIMS), np.zeros(DIMS), 0.0, 0.0
        for t in range(1, steps + 1):
            z = np.bincount(row_of, weights=w[cols], minlength=len(rows)) + b
            err = (1.0 / (1.0 + np.exp(-z)) - y) * sw
            g = np.bincount(cols, weights=err[row_of], minlength=DIMS) + l2 * w
            gb = float(err.sum())
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            mb = 0.9 * mb + 0.1 * gb
            vb = 0.999 * vb + 0.001 * gb * gb
            c1, c2 = 1 - 0.9**t, 1 - 0.999**t
            w -= lr * (m / c1) / (np.sqrt(v / c2) + 1e-8)
            b -= lr * (mb / c1) / (np.sqrt(vb / c2) + 1e-8)
        return cls(w.astype(np.float32), float(b), 0.5, {"rows": len(rows), "positives": int(y.sum()),
                                                         "l2": l2, "steps": steps, "dims": DIMS})

    def tune_threshold(self, rows: Sequence[tuple[str, Role, str | None, bool]], recall: float) -> float:
        """Set the threshold to the highest value that keeps ``recall`` of the positive rows; return it."""
        pos = np.sort([self.score(t, r, p) for t, r, p, positive in rows if positive])
        if len(pos):
            k = int(np.floor((1.0 - recall) * len(pos)))
            self.threshold = float(np.nextafter(pos[k], 0.0))
        self.manifest["threshold_recall"] = recall
        return self.threshold


def candidate_turns(doc: Document, stage: FirstStage, matched: set[int], reply_window: int = 3,
                    cache: dict[tuple[str, Role, str | None], bool] | None = None) -> set[int]:
    """Turns of ``doc`` to embed: first-stage candidates, lexicon matches (``matched``) and what follows them."""
    if doc.mode is Mode.REPORT:  # narrative reports are short and dense: every sentence is screened
        return {u.index for u in doc.utterances}
    cache = {} if cache is None else cache
    base: set[int] = set()
    ctxs = contexts(doc)
    for c in ctxs:
        u, prev = c.turn, c.prev.text if c.prev is not None else None
        if u.index in matched:
            base.add(u.index)
            continue
        key = (u.text, u.role, prev)
        hit = cache.get(key)
        if hit is None:
            hit = cache[key] = stage.is_candidate(u.text, u.role, prev)
        if hit:
            base.add(u.index)
    out = set(base)
    utts = doc.utterances
    nxt = {c.turn.index: c.next.index for c in ctxs if c.next is not None}
    for i in sorted(base):
        u = utts[i]
        if i in nxt:
            out.add(nxt[i])  # the next turn in the thread: an answer, a follow-up
        if u.role is Role.CLIENT:  # the therapist's reply the dialogue stage will link to this proposal
            reply = next((v for v in utts[i + 1 : i + 1 + reply_window]
                          if v.role is Role.THERAPIST and v.thread == u.thread), None)
            if reply is not None:
                out.add(reply.index)
    return out
