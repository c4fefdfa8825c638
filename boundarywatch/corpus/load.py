"""Load ``data/corpus/*.jsonl`` (format in ``data/corpus/SCHEMA.md``) into conversations and examples."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from boundarywatch.corpus.split import split_of
from boundarywatch.domain import Document, Mode, Role, Utterance
from boundarywatch.errors import BoundarywatchError

__all__ = ["DEFAULT_CORPUS", "DEFAULT_HOLDOUT", "Example", "LabelledConversation", "load_corpus", "load_holdout"]

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
#: Conversations by writers whose work is never trained on (every conversation is evaluated, whatever its hash).
DEFAULT_HOLDOUT = Path(__file__).resolve().parents[2] / "data" / "holdout"


@dataclass(frozen=True)
class Example:
    """One labelled utterance (dialogue turn or report sentence)."""

    conversation: str
    turn: int
    role: Role
    text: str
    labels: tuple[tuple[str, str], ...]  # (category, kind)
    near_miss: str | None
    register: str


@dataclass(frozen=True)
class LabelledConversation:
    """A conversation or report with gold labels per utterance."""

    id: str
    mode: Mode
    register: str
    split: str
    examples: tuple[Example, ...]

    def document(self) -> Document:
        """The conversation as an unlabelled document, as the scanner would see it."""
        utts = []
        offset = 0
        for ex in self.examples:
            speaker = "narrator" if self.mode is Mode.REPORT else ex.role.value
            utts.append(Utterance(ex.turn, speaker, ex.role, ex.text, ex.text, offset))
            offset += len(ex.text) + 1
        return Document(path=f"corpus:{self.id}", mode=self.mode, utterances=tuple(utts), input_format="corpus")


def load_corpus(directory: Path | str = DEFAULT_CORPUS, splits: tuple[str, ...] = ("train", "dev"),
                *, allow_test: bool = False) -> list[LabelledConversation]:
    """Load conversations in ``splits``. Reading ``test`` needs ``allow_test=True`` (the eval command only)."""
    if "test" in splits and not allow_test:
        raise BoundarywatchError("the test split is reserved for `boundarywatch eval --split test`")
    return [conv for conv in _read(Path(directory)) if conv.split in splits]


def load_holdout(directory: Path | str = DEFAULT_HOLDOUT) -> list[LabelledConversation]:
    """Every conversation in ``directory`` (the holdout set: written apart from the corpus, never trained on)."""
    return list(_read(Path(directory)))


def _read(directory: Path) -> Iterator[LabelledConversation]:
    files = sorted(directory.glob("*.jsonl"))
    if not files:
        raise BoundarywatchError(f"{directory}: no corpus files (*.jsonl)")
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                conv = _parse(raw)
            except (json.JSONDecodeError, KeyError, ValueError) as exc:
                raise BoundarywatchError(f"{f}:{n}: bad corpus record ({exc.__class__.__name__}: {exc})") from None
            yield conv


def _parse(raw: dict[str, object]) -> LabelledConversation:
    cid = str(raw["id"])
    mode = Mode(str(raw["mode"]))
    register = str(raw.get("register", ""))
    units = raw["turns"] if mode is Mode.DIALOGUE else raw["sentences"]
    examples = []
    for i, u in enumerate(units):  # type: ignore[arg-type]
        role = Role(u["speaker"]) if mode is Mode.DIALOGUE else Role.NARRATOR
        labels = tuple((lab["category"], lab["kind"]) for lab in u.get("labels", []))
        examples.append(Example(cid, i, role, u["text"], labels, u.get("near_miss"), register))
    return LabelledConversation(cid, mode, register, split_of(cid), tuple(examples))
