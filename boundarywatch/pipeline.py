"""The scan pipeline: ingest -> normalise -> detect, one document at a time, errors isolated per input."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from boundarywatch.domain import Document, Finding
from boundarywatch.errors import InputError
from boundarywatch.ingest import ReadOptions, iter_input_files, load_document

__all__ = ["ScanResult", "scan_documents", "scan_paths"]


@dataclass
class ScanResult:
    """Outcome for one input: its document and findings, or the input error that stopped it."""

    path: str
    document: Document | None = None
    findings: list[Finding] = field(default_factory=list)
    error: InputError | None = None


def scan_documents(documents: Iterable[Document], screener: object, batch: int = 32) -> Iterator[ScanResult]:
    """Screen documents in batches (so the encoder sees many utterances at once)."""
    pending: list[Document] = []
    for doc in documents:
        pending.append(doc)
        if len(pending) >= batch:
            yield from _flush(pending, screener)
            pending = []
    if pending:
        yield from _flush(pending, screener)


def _flush(docs: list[Document], screener: object) -> Iterator[ScanResult]:
    for doc, findings in zip(docs, screener.screen_many(docs), strict=True):  # type: ignore[attr-defined]
        yield ScanResult(doc.path, doc, findings)


def scan_paths(
    paths: list[str], screener: object, *, input_format: str | None = None, options: ReadOptions | None = None,
    batch: int = 32,
) -> Iterator[ScanResult]:
    """Load every input under ``paths`` and screen it; unreadable inputs yield a result with ``error`` set."""
    options = options or ReadOptions()
    pending: list[Document] = []
    for path, err in iter_input_files(paths):
        if err is not None:
            if pending:
                yield from _flush(pending, screener)
                pending = []
            yield ScanResult(path, error=err)
            continue
        try:
            doc = load_document(path, input_format, options)
        except InputError as exc:
            if pending:
                yield from _flush(pending, screener)
                pending = []
            yield ScanResult(path, error=exc)
            continue
        pending.append(doc)
        if len(pending) >= batch:
            yield from _flush(pending, screener)
            pending = []
    if pending:
        yield from _flush(pending, screener)
