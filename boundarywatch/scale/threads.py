"""Message stores hold many conversations: split them into one document per thread.

A JSON Lines export of a day of secure messages interleaves many threads. Each thread is a conversation on its
own: replies, repeats and "secrecy in the same conversation" only make sense inside it. :func:`split_by_thread`
turns the document the JSON Lines reader produced for a whole file into one document per thread, in order of
first appearance, with utterances re-indexed from 0 in file order. The Spark job builds its documents the same
way, so both produce the same flags for the same input (see docs/scaling.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from boundarywatch.domain import Document, Finding, Utterance
from boundarywatch.ingest import ReadOptions, load_document

__all__ = ["finding_row", "scan_message_files", "split_by_thread", "thread_path"]


def thread_path(path: str, thread: str | None) -> str:
    """Document name of one thread of a message file: ``path#thread`` (``path`` when there is no thread)."""
    return path if thread is None else f"{path}#{thread}"


def split_by_thread(doc: Document) -> list[Document]:
    """One document per thread of ``doc`` (order of first appearance; utterances re-indexed in file order)."""
    groups: dict[str | None, list[Utterance]] = {}
    for u in doc.utterances:
        groups.setdefault(u.thread, []).append(u)
    if len(groups) == 1 and None in groups:
        return [doc]
    return [
        replace(
            doc,
            path=thread_path(doc.path, thread),
            utterances=tuple(replace(u, index=i) for i, u in enumerate(utts)),
            metadata={**doc.metadata, "thread": thread or ""},
        )
        for thread, utts in groups.items()
    ]


def finding_row(finding: Finding, thread: str | None) -> dict[str, Any]:
    """A flat, columnar record of a finding (the Spark output schema); the explanation is a JSON string."""
    d = finding.to_dict()
    d["thread"] = thread
    d["codes"] = list(finding.codes)
    d["explanation"] = json.dumps(d["explanation"], ensure_ascii=False, sort_keys=True)
    return d


def scan_message_files(
    paths: Iterable[str], screener: Any, *, options: ReadOptions | None = None, batch: int = 32
) -> Iterator[dict[str, Any]]:
    """Local reference for message stores: read each JSON Lines file, split by thread, screen, yield rows.

    Unreadable files raise :class:`InputError`. Rows are :func:`finding_row` records.
    """
    pending: list[Document] = []

    def flush(docs: Sequence[Document]) -> Iterator[dict[str, Any]]:
        for d, findings in zip(docs, screener.screen_many(list(docs)), strict=True):
            thread = d.utterances[0].thread if d.utterances else None
            for f in findings:
                yield finding_row(f, thread)

    for path in paths:
        doc = load_document(path, "jsonl", options)
        for part in split_by_thread(doc):
            pending.append(part)
            if len(pending) >= batch:
                yield from flush(pending)
                pending = []
    if pending:
        yield from flush(pending)


