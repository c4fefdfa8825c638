"""The Screener: run recognizers, resolve dialogue events, grade, cite, explain and threshold."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager

from boundarywatch.config import Config, load_config
from boundarywatch.detect.builtin import DEFAULT_RECOGNIZERS
from boundarywatch.detect.dialogue import Event, Weights, resolve_events
from boundarywatch.detect.firststage import FirstStage, candidate_turns, first_stage_path
from boundarywatch.detect.learned import EmbeddingRecognizer
from boundarywatch.detect.recognizer import Recognizer, Signal
from boundarywatch.detect.registry import registry
from boundarywatch.detect.severity import grade
from boundarywatch.detect.taxonomy import TAXONOMY, codes_for
from boundarywatch.domain import Document, Explanation, Finding, Kind, Role, Severity, Utterance
from boundarywatch.normalize import normalize_text

__all__ = ["Screener"]

log = logging.getLogger("boundarywatch")
_EVIDENCE_MAX = 240

_KIND_PHRASE = {
    Kind.CROSSING: "crossing by the therapist",
    Kind.INVITATION: "proposal by the client",
    Kind.HELD: "boundary held by the therapist",
}


class Screener:
    """Screen documents for boundary events. Build once, reuse: models load on first use."""

    def __init__(self, config: Config | None = None, *, recognizers: Sequence[Recognizer] | None = None,
                 encoder: object | None = None, weights: Weights | None = None) -> None:
        self.config = config or load_config()
        if recognizers is None:
            recognizers = [
                registry.create(n, encoder=encoder or self.config.encoder) if n == "boundary.embedding.v1"
                else registry.create(n)
                for n in DEFAULT_RECOGNIZERS
            ]
        self.recognizers = list(recognizers)
        self.weights = weights or Weights()
        self.first_stage: FirstStage | None = None
        self._loaded = False
        self._candidate_cache: dict[tuple[str, Role, str | None], bool] = {}
        self._ahead: ThreadPoolExecutor | None = None  # embeds a batch while the lexicons run

    def load(self) -> None:
        """Load every recognizer (lexicons, model, encoder) and the first stage if it is on."""
        if not self._loaded:
            for r in self.recognizers:
                r.load()
            if self.config.first_stage and any(isinstance(r, EmbeddingRecognizer) for r in self.recognizers):
                path = first_stage_path()
                if path.is_file():
                    self.first_stage = FirstStage.load(path)
                else:
                    log.warning("%s missing: every utterance is embedded (run `boundarywatch train`)", path)
            self._loaded = True

    @property
    def config_hash(self) -> str:
        """Hash of the resolved configuration, stored with every flag."""
        return self.config.hash()

    @property
    def recognizer_versions(self) -> dict[str, str]:
        """``name -> version`` of every recognizer in use."""
        self.load()
        return {r.name: r.version for r in self.recognizers}

    def screen(self, doc: Document) -> list[Finding]:
        """Findings for one document."""
        return self.screen_many([doc])[0]

    def signals_many(self, docs: Sequence[Document]) -> list[list[Signal]]:
        """Raw recognizer signals per document (for evaluation and debugging)."""
        self.load()
        stage = self.first_stage
        if stage is None:
            results = self._analyze_overlapped(docs)
        else:  # cheap recognizers first; the encoder sees only first-stage candidates and their context
            late = [isinstance(r, EmbeddingRecognizer) for r in self.recognizers]
            by_rec: list[list[list[Signal]] | None] = [
                None if lt else r.analyze_many(docs) for r, lt in zip(self.recognizers, late, strict=True)]
            matched = [{s.turn for res in by_rec if res is not None for s in res[i]} for i in range(len(docs))]
            if len(self._candidate_cache) > 65536:
                self._candidate_cache.clear()
            turns = [candidate_turns(d, stage, matched[i], self.weights.reply_window, self._candidate_cache)
                     for i, d in enumerate(docs)]
            results = [res if res is not None else r.analyze_many(docs, turns=turns)  # type: ignore[attr-defined]
                       for r, res in zip(self.recognizers, by_rec, strict=True)]
        per_doc: list[list[Signal]] = [[] for _ in docs]
        for res in results:
            for i, sigs in enumerate(res):
                per_doc[i].extend(sigs)
        return per_doc

    def _analyze_overlapped(self, docs: Sequence[Document]) -> list[list[list[Signal]]]:
        """Every recognizer's signals; the utterances are embedded in the background while the others run.

        The encoder's runs release the GIL, so the lexicons' regex work (single-threaded Python) no longer
        waits for them, nor they for it. The vectors are the same as when the recognizer embeds them itself
        (each text is run alone), so the signals are too.

        Each encoder thread needs the GIL for a moment after every run; with the default 5 ms switch
        interval it would wait up to 5 ms behind the lexicons for each ~3 ms run, so the interval is
        shortened while both run (see :func:`_short_switch_interval`).
        """
        learned = [r for r in self.recognizers if isinstance(r, EmbeddingRecognizer)]
        if len(learned) != 1:
            return [r.analyze_many(docs) for r in self.recognizers]
        if self._ahead is None:
            self._ahead = ThreadPoolExecutor(1, thread_name_prefix="boundarywatch-embed")
        texts = [u.text for d in docs for u in d.utterances]
        ahead = self._ahead.submit(learned[0].encode_texts, texts)
        try:
            with _short_switch_interval():
                others = {id(r): r.analyze_many(docs) for r in self.recognizers if r is not learned[0]}
        except BaseException:
            wait([ahead])  # never leave the encoder busy behind the caller's back
            raise
        return [r.analyze_many(docs, embeddings=ahead.result()) if r is learned[0] else others[id(r)]
                for r in self.recognizers]

    def events_many(self, docs: Sequence[Document]) -> list[list[Event]]:
        """Resolved events per document, before thresholds and category filters."""
        return [resolve_events(d, s, self.weights) for d, s in zip(docs, self.signals_many(docs), strict=True)]

    def screen_many(self, docs: Sequence[Document]) -> list[list[Finding]]:
        """Findings for several documents (utterances are embedded in one batch)."""
        return [self._findings(d, evs) for d, evs in zip(docs, self.events_many(docs), strict=True)]

    def passes(self, event: Event) -> bool:
        """Whether an event is reported under the configured thresholds and filters."""
        cfg = self.config
        if event.category not in cfg.categories:
            return False
        if event.score < getattr(cfg.thresholds, event.kind.value):
            return False
        if event.kind is Kind.HELD and not cfg.report_held:
            return False
        return True

    def _findings(self, doc: Document, events: list[Event]) -> list[Finding]:
        kept = [e for e in events if self.passes(e)]
        if not self.config.report_answered_invitations:
            held_replies = {(e.related_turn, e.category) for e in kept if e.kind is Kind.HELD}
            kept = [e for e in kept if not (e.kind is Kind.INVITATION and (e.turn, e.category) in held_replies)]
        grades = grade(doc, kept, self.config)
        out = []
        for e, (sev, mods) in zip(kept, grades, strict=True):
            out.append(self._finding(doc, e, sev, mods))
        out.sort(key=lambda f: (f.turn, -f.severity.rank, f.category))
        return out

    def _finding(self, doc: Document, e: Event, sev: Severity, mods: tuple[str, ...]) -> Finding:
        u = doc.utterances[e.turn]
        pattern = max((s for s in e.signals if s.rule), key=lambda s: s.score, default=None)
        learned = max((s for s in e.signals if s.kind_scores), key=lambda s: s.score, default=None)
        lead = pattern or learned
        a, b = (pattern.start, pattern.end) if pattern else (0, len(u.text))
        start, end = _document_span(u, a, b)
        evidence = u.text[a:b] if b - a <= _EVIDENCE_MAX else u.text[a : a + _EVIDENCE_MAX] + "…"
        recognizer = lead.recognizer if lead else "dialogue.context@1"
        reason = _rationale(u, e, pattern, learned)
        expl = Explanation(
            recognizer=recognizer,
            reason=reason,
            rule=pattern.rule if pattern else None,
            cue=pattern.cue if pattern else e.stance_cue,
            neighbours=learned.neighbours if learned else (),
            original_score=e.original_score,
            score=e.score,
            context=e.context,
            modifiers=mods,
        )
        return Finding(
            document=doc.path, turn=u.index, speaker=u.speaker, speaker_role=u.role, category=e.category,
            kind=e.kind, severity=sev, score=e.score, start=start, end=end, evidence=evidence, rationale=reason,
            codes=codes_for(e.category, self.config.code), recognizer=recognizer, explanation=expl,
            timestamp=u.timestamp, related_turn=e.related_turn, utt_start=a, utt_end=b,
        )


_SWITCH_INTERVAL = 0.0005  # seconds; Python's default is 0.005
_switch_lock = threading.Lock()
_switch_users = 0
_switch_saved = 0.0


@contextmanager
def _short_switch_interval() -> Iterator[None]:
    """Shorten the interpreter's thread switch interval for the block (restored when the last user leaves).

    A thread that wants the GIL waits one interval before the running thread is asked to drop it. While the
    lexicons run Python code, the encoder's worker threads want it after every run; 0.5 ms instead of 5 ms
    keeps them busy at the cost of a few more switches.
    """
    global _switch_users, _switch_saved
    with _switch_lock:
        if _switch_users == 0:
            _switch_saved = sys.getswitchinterval()
            sys.setswitchinterval(min(_switch_saved, _SWITCH_INTERVAL))
        _switch_users += 1
    try:
        yield
    finally:
        with _switch_lock:
            _switch_users -= 1
            if _switch_users == 0:
                sys.setswitchinterval(_switch_saved)


def _document_span(u: Utterance, a: int, b: int) -> tuple[int, int]:
    s, t = normalize_text(u.source).source_span(a, b)
    return u.source_start + s, u.source_start + t


def _rationale(u: Utterance, e: Event, pattern: Signal | None, learned: Signal | None) -> str:
    info = TAXONOMY[e.category]
    who = {Role.THERAPIST: "The therapist", Role.CLIENT: "The client", Role.NARRATOR: "The report"}.get(
        u.role, f"Speaker {u.speaker!r} (role unknown)")
    if u.role is Role.NARRATOR:
        what = {Kind.CROSSING: "describes the therapist crossing into", Kind.INVITATION:
                "describes the client considering or proposing", Kind.HELD: "describes the therapist declining"}[e.kind]
    else:
        what = {Kind.CROSSING: "crosses into" if e.related_turn is None else "accepts", Kind.INVITATION:
                "proposes", Kind.HELD: "holds the boundary on"}[e.kind]
    why = []
    if pattern and pattern.cue:
        why.append(f"cue {pattern.rule}")
    if learned and learned.neighbours:
        nid, sim = learned.neighbours[0]
        why.append(f"similar to labelled example {nid} ({sim:.2f})")
    if e.context:
        why.append(e.context)
    tail = f" ({'; '.join(why)})" if why else ""
    return f"{who} {what} {info.label.lower()}: {info.meaning}; {_KIND_PHRASE[e.kind]}{tail}."
