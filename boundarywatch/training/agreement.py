"""Agreement between the corpus labels and a second annotator's labels of the same conversations.

It answers "how far can a detector get on these labels?": the second annotator is scored against the corpus with
the eval command's own measures (crossing precision/recall/F1 per utterance and category, crossing turns found
with any category, held turns read as crossings, unlabelled turns read as crossings) and on every label.
The second annotator's files live in ``data/agreement/`` (protocol in its README), in the corpus format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from boundarywatch.corpus.load import LabelledConversation
from boundarywatch.errors import BoundarywatchError
from boundarywatch.training.evaluate import PRF

__all__ = ["Agreement", "compare", "format_agreement"]


@dataclass
class Agreement:
    """The second annotator scored against the reference labels (reference = gold, second = prediction)."""

    conversations: int = 0
    utterances: int = 0
    crossing: PRF = field(default_factory=PRF)
    crossing_turns: PRF = field(default_factory=PRF)
    labels: PRF = field(default_factory=PRF)
    held_turns: int = 0
    held_as_crossing: int = 0
    unlabelled_turns: int = 0
    unlabelled_as_crossing: int = 0

    def as_dict(self) -> dict[str, object]:
        """The figures as plain data (for ``--json``)."""
        def prf(p: PRF) -> dict[str, float]:
            return {"precision": round(p.precision, 4), "recall": round(p.recall, 4), "f1": round(p.f1, 4)}

        return {
            "conversations": self.conversations, "utterances": self.utterances,
            "crossing": prf(self.crossing), "crossing_turns": prf(self.crossing_turns), "labels": prf(self.labels),
            "held_turns": self.held_turns, "held_as_crossing": self.held_as_crossing,
            "unlabelled_turns": self.unlabelled_turns, "unlabelled_as_crossing": self.unlabelled_as_crossing,
        }


def compare(reference: Sequence[LabelledConversation], second: Sequence[LabelledConversation]) -> Agreement:
    """Score ``second`` against ``reference``, conversation by conversation (matched by id, then by turn).

    Raises :class:`BoundarywatchError` when a second-annotator conversation is missing from the reference or its
    utterances differ from the reference's in number, speaker or text (the labels would not describe the same
    text). Errors name the conversation and utterance, never the text.
    """
    ref = {c.id: c for c in reference}
    out = Agreement()
    for conv in second:
        gold = ref.get(conv.id)
        if gold is None:
            raise BoundarywatchError(f"conversation {conv.id} is not in the reference corpus")
        if len(gold.examples) != len(conv.examples):
            raise BoundarywatchError(f"conversation {conv.id}: {len(conv.examples)} utterances, "
                                     f"the reference has {len(gold.examples)}")
        changed = next((g.turn for g, s in zip(gold.examples, conv.examples, strict=True)
                        if (g.role, g.text) != (s.role, s.text)), None)
        if changed is not None:
            raise BoundarywatchError(f"conversation {conv.id}: utterance {changed} differs from the reference")
        out.conversations += 1
        for g, s in zip(gold.examples, conv.examples, strict=True):
            out.utterances += 1
            gl, sl = set(g.labels), set(s.labels)
            gc = {c for c, k in gl if k == "crossing"}
            sc = {c for c, k in sl if k == "crossing"}
            out.crossing.add(gc, sc)  # type: ignore[arg-type]
            out.crossing_turns.add({g.turn} if gc else set(), {g.turn} if sc else set())  # type: ignore[arg-type]
            out.labels.add(gl, sl)  # type: ignore[arg-type]
            if any(k == "held" for _, k in gl) and not gc:
                out.held_turns += 1
                out.held_as_crossing += bool(sc)
            if not gl:
                out.unlabelled_turns += 1
                out.unlabelled_as_crossing += bool(sc)
    return out


def format_agreement(a: Agreement) -> str:
    """The figures as the plain-text block the ``agreement`` command prints."""
    def row(name: str, p: PRF) -> str:
        return f"{name:44s} P={p.precision:.3f} R={p.recall:.3f} F1={p.f1:.3f}  (tp={p.tp} fp={p.fp} fn={p.fn})"

    held = a.held_as_crossing / max(1, a.held_turns)
    neg = a.unlabelled_as_crossing / max(1, a.unlabelled_turns)
    return "\n".join([
        f"second annotator against the corpus labels: conversations={a.conversations}  utterances={a.utterances}",
        "",
        row("therapist crossings (utterance, category)", a.crossing),
        row("crossing turns found with any category", a.crossing_turns),
        row("every label (category, kind)", a.labels),
        f"held turns labelled as crossings: {a.held_as_crossing}/{a.held_turns} = {held:.2%}",
        f"unlabelled turns labelled as crossings: {a.unlabelled_as_crossing}/{a.unlabelled_turns} = {neg:.2%}",
    ])
