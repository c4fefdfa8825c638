# ruff: noqa: E501  (demo data: long synthetic dialogue lines read better unwrapped)
"""Demo data for ``boundarywatch serve --demo``.

When ``examples/`` holds transcripts and the detector is installed, they are screened for real. Otherwise a small
bundled set of synthetic sessions with hand-written findings is imported, so the workbench can always be tried
in one command. Every name and line here is invented.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from boundarywatch.domain import Document, Explanation, Finding, Kind, Mode, Role, Severity, Utterance

__all__ = ["DEMO_CONFIG_HASH", "DEMO_VERSIONS", "demo_results", "example_files"]

DEMO_CONFIG_HASH = "demo00000000"
DEMO_VERSIONS = {"demo.lexicon": "1"}

T, C = Role.THERAPIST, Role.CLIENT

# (path, date, therapist, client, lines, findings: (turn, category, kind, severity, score, cue, codes, reason, related))
_SESSIONS: list[tuple[str, str, str, str, list[tuple[Role, str]], list[tuple[Any, ...]]]] = [
    (
        "reyes-sam-0304.txt",
        "2024-03-04",
        "Dr. Reyes",
        "Sam",
        [
            (T, "Good to see you. How has the week been since we last met?"),
            (C, "Better. I finished the painting I told you about, and I brought it for you as a thank-you."),
            (T, "That is very kind. It's lovely, I'll hang it in my kitchen at home."),
            (C, "Also, my cousin runs a gym. Would you want to come to a class with me on Saturday?"),
            (
                T,
                "I appreciate the thought, but it's important we keep our time together here. Can we talk about what it means to you to invite me?",
            ),
            (C, "I guess I just want you to be part of my life outside of this room."),
        ],
        [
            (
                1,
                "gifts",
                Kind.INVITATION,
                Severity.MEDIUM,
                0.71,
                "I brought it for you",
                ("ACA A.10.f", "AAMFT 3.9"),
                "client offers a gift",
                2,
            ),
            (
                2,
                "gifts",
                Kind.CROSSING,
                Severity.HIGH,
                0.83,
                "I'll hang it in my kitchen at home",
                ("ACA A.10.f", "APA 3.05"),
                "therapist accepts a personal gift for use at home",
                1,
            ),
            (
                3,
                "social",
                Kind.INVITATION,
                Severity.MEDIUM,
                0.77,
                "come to a class with me on Saturday",
                ("APA 3.05", "ACA A.6.e"),
                "client proposes a social activity",
                4,
            ),
            (
                4,
                "social",
                Kind.HELD,
                Severity.LOW,
                0.66,
                "it's important we keep our time together here",
                ("APA 3.05",),
                "therapist declines and explores the invitation",
                3,
            ),
        ],
    ),
    (
        "reyes-sam-0318.txt",
        "2024-03-18",
        "Dr. Reyes",
        "Sam",
        [
            (T, "Last time you mentioned wanting me in your life outside of here."),
            (C, "Yes. Could we text instead of waiting two weeks? Here's my personal number."),
            (
                T,
                "Sure, just text my personal cell, but let's keep this between us, the practice doesn't need to know.",
            ),
            (C, "Okay. <script>alert('x')</script> is what my nephew typed on my phone, sorry."),
            (
                T,
                "No problem. By the way, I'm raising money for my daughter's school; would you consider buying a raffle ticket?",
            ),
        ],
        [
            (
                1,
                "time_place",
                Kind.INVITATION,
                Severity.MEDIUM,
                0.74,
                "Could we text instead",
                ("NASW 1.06(e)",),
                "client proposes a personal channel",
                2,
            ),
            (
                2,
                "secrecy",
                Kind.CROSSING,
                Severity.CRITICAL,
                0.93,
                "let's keep this between us",
                ("APA 3.05", "NASW 1.06(c)"),
                "therapist asks the client to keep contact secret and moves to a private channel",
                None,
            ),
            (
                2,
                "time_place",
                Kind.CROSSING,
                Severity.HIGH,
                0.88,
                "just text my personal cell",
                ("NASW 1.06(e)", "ACA H.6.a"),
                "therapist accepts contact on a personal phone",
                1,
            ),
            (
                4,
                "solicitation",
                Kind.CROSSING,
                Severity.HIGH,
                0.81,
                "would you consider buying a raffle ticket",
                ("APA 3.06", "ACA C.3.f"),
                "therapist solicits a purchase from the client",
                None,
            ),
        ],
    ),
    (
        "okafor-lee-0212.txt",
        "2024-02-12",
        "Dr. Okafor",
        "Lee",
        [
            (T, "You mentioned you're a financial adviser. I have some savings I don't know what to do with."),
            (C, "I could look at your portfolio, no charge, you've helped me so much."),
            (T, "That would be great, let's set up a time after our session."),
            (C, "Perfect. And maybe you could write a review for my firm afterwards?"),
        ],
        [
            (
                0,
                "financial",
                Kind.CROSSING,
                Severity.HIGH,
                0.79,
                "I have some savings I don't know what to do with",
                ("APA 3.06", "AAMFT 1.3"),
                "therapist raises a personal financial matter with the client",
                None,
            ),
            (
                2,
                "financial",
                Kind.CROSSING,
                Severity.CRITICAL,
                0.91,
                "let's set up a time after our session",
                ("APA 3.05", "APA 3.08", "AAMFT 1.3"),
                "therapist accepts free professional services from the client",
                1,
            ),
            (
                3,
                "testimonial",
                Kind.INVITATION,
                Severity.MEDIUM,
                0.62,
                "write a review for my firm",
                ("APA 5.05",),
                "client asks the therapist for an endorsement",
                None,
            ),
        ],
    ),
    (
        "okafor-lee-0311.txt",
        "2024-03-11",
        "Dr. Okafor",
        "Lee",
        [
            (T, "Before we start, I want to revisit the portfolio conversation. I shouldn't have agreed to that."),
            (C, "Oh. I thought we were friends now."),
            (
                T,
                "I care about our work together, and that's why I need to keep our roles clear. Let's talk about how that lands.",
            ),
        ],
        [
            (
                2,
                "financial",
                Kind.HELD,
                Severity.LOW,
                0.7,
                "I need to keep our roles clear",
                ("AAMFT 1.3",),
                "therapist repairs the boundary and explores it",
                None,
            ),
        ],
    ),
    (
        "novak-ana-0405.txt",
        "2024-04-05",
        "Dr. Novak",
        "Ana",
        [
            (
                C,
                "I feel like you're the only one who understands me. Do you ever think about me outside sessions?",
            ),
            (T, "Honestly, yes. You're special to me, more than my other clients."),
            (C, "Could we meet for dinner sometime?"),
            (T, "I'd like that. There's a quiet place near my apartment."),
        ],
        [
            (
                1,
                "secrecy",
                Kind.CROSSING,
                Severity.HIGH,
                0.86,
                "You're special to me, more than my other clients",
                ("APA 3.05", "NASW 1.06(c)"),
                "therapist signals a special relationship (grooming marker)",
                None,
            ),
            (
                2,
                "romantic_sexual",
                Kind.INVITATION,
                Severity.HIGH,
                0.72,
                "Could we meet for dinner sometime?",
                ("APA 10.05", "ACA A.5.a"),
                "client proposes a date",
                3,
            ),
            (
                3,
                "romantic_sexual",
                Kind.CROSSING,
                Severity.CRITICAL,
                0.95,
                "There's a quiet place near my apartment",
                ("APA 10.05", "ACA A.5.a", "NASW 1.09(a)"),
                "therapist accepts a dinner invitation near their home",
                2,
            ),
        ],
    ),
    (
        "report-complaint-17.txt",
        "2024-04-20",
        "unknown",
        "unknown",
        [
            (Role.NARRATOR, "My therapist hired me to renovate her office and paid me in sessions."),
            (Role.NARRATOR, "Later she asked me to look after her dog while she travelled."),
        ],
        [
            (
                0,
                "financial",
                Kind.CROSSING,
                Severity.HIGH,
                0.84,
                "paid me in sessions",
                ("APA 6.05", "ACA A.10.e"),
                "report of barter: labour for therapy",
                None,
            ),
            (
                1,
                "solicitation",
                Kind.CROSSING,
                Severity.MEDIUM,
                0.69,
                "asked me to look after her dog",
                ("APA 3.08",),
                "report of a personal favour requested from the client",
                None,
            ),
        ],
    ),
]


def demo_results() -> list[Any]:
    """ScanResult-shaped objects for the bundled sessions."""
    from boundarywatch.web.demo_types import DemoResult

    out: list[Any] = []
    for path, date, therapist, client, lines, findings in _SESSIONS:
        mode = Mode.REPORT if lines[0][0] is Role.NARRATOR else Mode.DIALOGUE
        utts = []
        for i, (role, text) in enumerate(lines):
            speaker = therapist if role is T else client if role is C else "Author"
            utts.append(
                Utterance(
                    index=i,
                    speaker=speaker,
                    role=role,
                    text=text,
                    source=text,
                    timestamp=f"00:{2 * i:02d}:{(17 * i) % 60:02d}" if mode is Mode.DIALOGUE else None,
                )
            )
        doc = Document(
            path=f"examples/{path}",
            mode=mode,
            utterances=tuple(utts),
            input_format="text",
            content_hash=f"demo-{path}",
            metadata={"date": date},
        )
        found = []
        for turn, cat, kind, sev, score, cue, codes, reason, related in findings:
            u = utts[turn]
            start = u.text.find(cue)
            found.append(
                Finding(
                    document=doc.path,
                    turn=turn,
                    speaker=u.speaker,
                    speaker_role=u.role,
                    category=cat,
                    kind=kind,
                    severity=sev,
                    score=score,
                    start=start,
                    end=start + len(cue),
                    evidence=cue,
                    rationale=reason,
                    codes=codes,
                    recognizer=f"{cat}.lexicon.v1",
                    timestamp=u.timestamp,
                    related_turn=related,
                    utt_start=start,
                    utt_end=start + len(cue),
                    explanation=Explanation(
                        recognizer=f"{cat}.lexicon@1",
                        reason=reason,
                        rule=f"{cat}.demo",
                        cue=cue,
                        original_score=round(score - 0.05, 2),
                        score=score,
                        context=f"reply to turn {related}" if related is not None else None,
                    ),
                )
            )
        out.append(DemoResult(doc.path, doc, found))
    return out


def example_files(root: Path) -> list[Path]:
    """Transcript files under ``root`` (``examples/``), if any."""
    if not root.is_dir():
        return []
    exts = {".txt", ".vtt", ".srt", ".json", ".jsonl", ".eml", ".mbox", ".md", ".csv"}
    skip = {"expected.json"}  # the examples' answer key, not a transcript
    return sorted(
        p for p in root.glob("*")  # top level only: examples/records/ holds practice rosters, not transcripts
        if p.is_file() and p.suffix.lower() in exts and p.name not in skip
    )
