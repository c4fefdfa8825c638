"""``boundarywatch eval``: score the detector on a corpus split and print the figures the targets use.

Figures:
- per-category precision/recall/F1 over (utterance, category) pairs, any kind;
- therapist-crossing detection: precision/recall/F1 over (utterance, category) pairs whose kind is crossing,
  dialogue utterances only, with per-category recall;
- kind accuracy on pairs found with the right category, and a gold-kind x predicted-kind confusion table;
- held turns reported as crossings; negative (unlabelled) utterances flagged as crossings, and flagged at all;
- narrative reports: document-level precision/recall/F1 over (category, kind) pairs;
- therapist-crossing detection per register (spoken session, texting, e-mail, ...), so that a user can see which
  kinds of input the figures hold for.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from boundarywatch.corpus import LabelledConversation
from boundarywatch.detect.engine import Screener
from boundarywatch.domain import CATEGORIES, Mode

__all__ = ["EvalReport", "evaluate", "format_report"]

KIND_ORDER = ("none", "crossing", "invitation", "held")


@dataclass
class PRF:
    """Counts with precision, recall and F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:  # noqa: D102
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:  # noqa: D102
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:  # noqa: D102
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: set[object], pred: set[object]) -> None:
        """Accumulate one unit's gold and predicted sets."""
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)


@dataclass
class EvalReport:
    """Everything ``boundarywatch eval`` prints."""

    split: str
    utterances: int = 0
    documents: int = 0
    per_category: dict[str, PRF] = field(default_factory=lambda: {c: PRF() for c in CATEGORIES})
    crossing: PRF = field(default_factory=PRF)
    crossing_utterances: PRF = field(default_factory=PRF)  # any category: is the turn flagged as a crossing?
    crossing_per_category: dict[str, PRF] = field(default_factory=lambda: {c: PRF() for c in CATEGORIES})
    crossing_per_register: dict[str, PRF] = field(default_factory=dict)  # dialogue registers only
    register_documents: Counter[str] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    held_turns: int = 0
    held_as_crossing: int = 0
    negative_utterances: int = 0
    negatives_flagged_crossing: int = 0
    negatives_flagged_any: int = 0
    near_miss_flagged: Counter[str] = field(default_factory=Counter)
    report_docs: PRF = field(default_factory=PRF)
    report_count: int = 0

    @property
    def kind_accuracy(self) -> float:
        """Share of (utterance, category) pairs found by both whose kind is right."""
        both = {k: v for k, v in self.confusion.items() if k[0] != "none" and k[1] != "none"}
        total = sum(both.values())
        return sum(v for (g, p), v in both.items() if g == p) / total if total else 1.0

    def as_dict(self) -> dict[str, object]:
        """Figures as plain data (for --json)."""
        def prf(x: PRF) -> dict[str, float]:
            return {"precision": round(x.precision, 4), "recall": round(x.recall, 4), "f1": round(x.f1, 4),
                    "tp": x.tp, "fp": x.fp, "fn": x.fn}
        return {
            "split": self.split, "utterances": self.utterances, "documents": self.documents,
            "crossing": prf(self.crossing),
            "crossing_utterances_any_category": prf(self.crossing_utterances),
            "crossing_recall_per_category": {c: round(v.recall, 4) for c, v in self.crossing_per_category.items()},
            "crossing_per_register": {r: dict(prf(v), documents=self.register_documents[r])
                                      for r, v in sorted(self.crossing_per_register.items())},
            "per_category": {c: prf(v) for c, v in self.per_category.items()},
            "kind_accuracy": round(self.kind_accuracy, 4),
            "held_as_crossing_rate": round(self.held_as_crossing / max(1, self.held_turns), 4),
            "negative_crossing_rate": round(self.negatives_flagged_crossing / max(1, self.negative_utterances), 4),
            "negative_any_flag_rate": round(self.negatives_flagged_any / max(1, self.negative_utterances), 4),
            "reports": prf(self.report_docs), "report_count": self.report_count,
            "confusion": {f"{g}->{p}": n for (g, p), n in sorted(self.confusion.items())},
        }


def evaluate(screener: Screener, convs: Sequence[LabelledConversation], split: str, batch: int = 64) -> EvalReport:
    """Run the screener over labelled conversations and compare with the gold labels."""
    rep = EvalReport(split)
    for i in range(0, len(convs), batch):
        chunk = convs[i : i + batch]
        all_events = screener.events_many([c.document() for c in chunk])
        for conv, events in zip(chunk, all_events, strict=True):
            kept = [e for e in events if screener.passes(e)]
            _score(rep, conv, kept)
    return rep


def _score(rep: EvalReport, conv: LabelledConversation, events: list) -> None:  # type: ignore[type-arg]
    rep.documents += 1
    pred: dict[int, dict[str, str]] = defaultdict(dict)
    for e in events:
        pred[e.turn][e.category] = e.kind.value
    if conv.mode is Mode.REPORT:
        rep.report_count += 1
        gold_doc = {(c, k) for ex in conv.examples for c, k in ex.labels}
        pred_doc = {(c, k) for t in pred.values() for c, k in t.items()}
        rep.report_docs.add(gold_doc, pred_doc)  # type: ignore[arg-type]
    if conv.mode is Mode.DIALOGUE:
        rep.register_documents[conv.register] += 1
    for ex in conv.examples:
        rep.utterances += 1
        gold = dict(ex.labels)
        got = pred.get(ex.turn, {})
        for c in CATEGORIES:
            rep.per_category[c].add({c} if c in gold else set(), {c} if c in got else set())  # type: ignore[arg-type]
            g, p = gold.get(c, "none"), got.get(c, "none")
            if g != "none" or p != "none":
                rep.confusion[(g, p)] += 1
        if conv.mode is Mode.DIALOGUE:
            gc = {c for c, k in gold.items() if k == "crossing"}
            pc = {c for c, k in got.items() if k == "crossing"}
            rep.crossing.add(gc, pc)  # type: ignore[arg-type]
            rep.crossing_per_register.setdefault(conv.register, PRF()).add(gc, pc)  # type: ignore[arg-type]
            rep.crossing_utterances.add({ex.turn} if gc else set(), {ex.turn} if pc else set())  # type: ignore[arg-type]
            for c in CATEGORIES:
                rep.crossing_per_category[c].add({c} & gc, {c} & pc)  # type: ignore[arg-type]
            if "held" in gold.values() and "crossing" not in gold.values():
                rep.held_turns += 1
                rep.held_as_crossing += bool(pc)
            if not gold:
                rep.negative_utterances += 1
                rep.negatives_flagged_crossing += bool(pc)
                rep.negatives_flagged_any += bool(got)
                if got and ex.near_miss:
                    rep.near_miss_flagged[ex.near_miss] += 1


def format_report(rep: EvalReport) -> str:
    """The human-readable table ``boundarywatch eval`` prints."""
    lines = [f"boundarywatch eval: split={rep.split}  documents={rep.documents}  utterances={rep.utterances}", ""]
    lines.append(f"{'category':18s} {'P':>6s} {'R':>6s} {'F1':>6s}   {'crossing R':>10s} {'n(cross)':>8s}")
    for c in CATEGORIES:
        m, x = rep.per_category[c], rep.crossing_per_category[c]
        lines.append(f"{c:18s} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f}   {x.recall:10.3f} {x.tp + x.fn:8d}")
    x, y = rep.crossing, rep.crossing_utterances
    lines += [
        "",
        f"therapist-crossing detection (utterance level): P={x.precision:.3f} R={x.recall:.3f} F1={x.f1:.3f}"
        f"  (tp={x.tp} fp={x.fp} fn={x.fn})",
        f"  crossing turns found with any category: P={y.precision:.3f} R={y.recall:.3f} F1={y.f1:.3f}"
        f"  (tp={y.tp} fp={y.fp} fn={y.fn})",
        f"min per-category crossing recall: {min(v.recall for v in rep.crossing_per_category.values()):.3f}",
        f"kind accuracy (pairs found with the right category): {rep.kind_accuracy:.3f}",
        f"held turns reported as crossings: {rep.held_as_crossing}/{rep.held_turns}"
        f" = {rep.held_as_crossing / max(1, rep.held_turns):.2%}",
        f"negative utterances flagged as crossings: {rep.negatives_flagged_crossing}/{rep.negative_utterances}"
        f" = {rep.negatives_flagged_crossing / max(1, rep.negative_utterances):.2%}"
        f"  (flagged with any kind: {rep.negatives_flagged_any / max(1, rep.negative_utterances):.2%})",
        f"narrative reports, document level ({rep.report_count} docs): P={rep.report_docs.precision:.3f}"
        f" R={rep.report_docs.recall:.3f} F1={rep.report_docs.f1:.3f}",
    ]
    if rep.crossing_per_register:
        lines += ["", "therapist-crossing detection by register (dialogues):"]
        for r, m in sorted(rep.crossing_per_register.items()):
            lines.append(f"  {r:16s} P={m.precision:.3f} R={m.recall:.3f} F1={m.f1:.3f}"
                         f"  (documents={rep.register_documents[r]}, crossings={m.tp + m.fn})")
    lines += [
        "",
        "confusion (rows gold kind, columns predicted kind, per utterance-category pair):",
        f"{'':12s}" + "".join(f"{k:>12s}" for k in KIND_ORDER),
    ]
    for g in KIND_ORDER:
        lines.append(f"{g:12s}" + "".join(f"{rep.confusion.get((g, p), 0):12d}" for p in KIND_ORDER))
    if rep.near_miss_flagged:
        flagged = ", ".join(f"{k}={v}" for k, v in rep.near_miss_flagged.most_common())
        lines += ["", f"near misses flagged: {flagged}"]
    return "\n".join(lines)
