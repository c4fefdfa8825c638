"""E-mail readers: body choice, quoted-history removal, speakers, dates, threads and malformed input."""

from __future__ import annotations

import pytest

from boundarywatch.domain import Role
from boundarywatch.errors import InputError
from boundarywatch.ingest import ReadOptions, RoleMap, load_document
from boundarywatch.ingest.email import html_to_text, strip_quoted, thread_subject

SECRET = "pineapple"
ROLES = ReadOptions(roles=RoleMap({"maya@clinic.example": "therapist", "Sam Rivera": "client"}))

HEAD = ('From: "Dr. Maya Lee" <maya@clinic.example>\nTo: Sam Rivera <sam@mail.example>\n'
        "Date: Wed, 11 Mar 2026 09:15:30 -0500\nSubject: Re: Fwd: RE: Thursday\n")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("New text.\n\nOn Tue, 10 Mar 2026 at 19:02, Sam <s@x> wrote:\n> old " + SECRET, "New text.",
                     id="on-wrote"),
        pytest.param("New text.\nOn Tue, 10 Mar 2026 at 19:02, Sam Rivera <s@x>\nwrote:\n" + SECRET, "New text.",
                     id="on-wrote-two-lines"),
        pytest.param("Top.\n> quoted " + SECRET + "\n>> deeper\nBottom.", "Top.\nBottom.", id="inline-quotes"),
        pytest.param("Reply.\n-----Original Message-----\nFrom: x\n" + SECRET, "Reply.", id="original-message"),
        pytest.param("Reply.\n\nFrom: Sam Rivera\nSent: Monday\nTo: me\n" + SECRET, "Reply.", id="outlook-block"),
        pytest.param("Reply.\n________________________________\nFrom: Sam\nSent: Monday\n" + SECRET, "Reply.",
                     id="outlook-underscores"),
        pytest.param("FYI\n---------- Forwarded message ---------\nFrom: a\n" + SECRET, "FYI", id="forwarded"),
        pytest.param("Thanks,\nMaya\n-- \nDr. Maya Lee, LCSW " + SECRET, "Thanks,\nMaya", id="signature"),
        pytest.param("From: the start of a sentence, no Sent line follows.\nok", 
                     "From: the start of a sentence, no Sent line follows.\nok", id="from-without-sent-kept"),
        pytest.param("Line\n_______________\nstill mine", "Line\n_______________\nstill mine",
                     id="underscores-without-from-kept"),
    ],
)
def test_strip_quoted(body: str, expected: str) -> None:
    assert strip_quoted(body) == expected


@pytest.mark.parametrize(
    ("subject", "expected"),
    [("Re: Fwd: RE[2]: Scheduling", "Scheduling"), ("AW: WG:  Termin", "Termin"), ("Thursday", "Thursday"),
     ("Re:", None), ("", None), (None, None), ("Regarding fees", "Regarding fees")],
)
def test_thread_subject(subject: str | None, expected: str | None) -> None:
    assert thread_subject(subject) == expected


def test_html_to_text_drops_quotes_scripts_and_keeps_blocks() -> None:
    html = ("<html><head><title>t</title><style>p{}</style></head><body><p>Hi&nbsp;Sam,</p><p>See you<br/>soon"
            "</p><script>x()</script><div class='gmail_quote'>On Mon wrote:<blockquote>" + SECRET + "</blockquote>"
            "</div><p>after quote " + SECRET + "</p></body></html>")
    assert html_to_text(html) == "Hi Sam,\n\nSee you\nsoon"


EML_CASES = [
    pytest.param(HEAD + "\nHello Sam,\nsee you Thursday.\n\nOn Tue, Sam wrote:\n> " + SECRET + "\n",
                 "Hello Sam, see you Thursday.", id="plain"),
    pytest.param(
        HEAD + 'MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="b"\n\n--b\n'
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
        "Caf=C3=A9 at ten=\n is fine.\n--b\nContent-Type: text/html; charset=utf-8\n\n<p>HTML " + SECRET
        + "</p>\n--b--\n",
        "Café at ten is fine.", id="multipart-prefers-plain-qp"),
    pytest.param(
        HEAD + "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        "PHA+SGVsbG8gPGI+U2FtPC9iPjwvcD48YmxvY2txdW90ZT5vbGQ8L2Jsb2NrcXVvdGU+\n",
        "Hello Sam", id="html-only-base64"),
]


@pytest.mark.parametrize(("content", "text"), EML_CASES)
def test_eml(write, content: str, text: str) -> None:
    doc = load_document(write("m.eml", content), options=ROLES)
    assert doc.input_format == "eml"
    (u,) = doc.utterances
    assert (u.speaker, u.role, u.text, u.timestamp, u.thread) == (
        "Dr. Maya Lee <maya@clinic.example>", Role.THERAPIST, text, "2026-03-11T09:15:30-05:00", "Thursday")
    assert u.source_start == 0 and SECRET not in u.source


def test_eml_speaker_resolved_by_display_name_and_raw_date_kept(write) -> None:
    content = "From: Sam Rivera <sam@mail.example>\nDate: sometime last week\nSubject: hi\n\nbody\n"
    (u,) = load_document(write("m.eml", content), options=ROLES).utterances
    assert (u.role, u.timestamp) == (Role.CLIENT, "sometime last week")


MBOX = (
    "From sam@mail.example Mon Feb  2 08:01:12 2026\n" "From: Sam Rivera <sam@mail.example>\n"
    "Date: Mon, 02 Feb 2026 08:01:12 -0500\nSubject: Invoice\n\nFirst message.\n>From the start.\n\n"
    "From maya@clinic.example Mon Feb  2 11:40:03 2026\nFrom: Dr. Maya Lee <maya@clinic.example>\n"
    "Date: Mon, 02 Feb 2026 11:40:03 -0500\nSubject: RE: Invoice\n\nFixed.\n\n-----Original Message-----\n"
    "First " + SECRET + "\n"
)


def test_mbox(write) -> None:
    doc = load_document(write("box.mbox", MBOX), options=ROLES)
    assert doc.input_format == "mbox"
    assert [(u.index, u.role, u.text, u.thread) for u in doc.utterances] == [
        (0, Role.CLIENT, "First message. From the start.", "Invoice"),
        (1, Role.THERAPIST, "Fixed.", "Invoice"),
    ]


EMAIL_BAD = [
    pytest.param("m.eml", "just some " + SECRET + " words\nwith no headers\n", "line 1: not an e-mail message",
                 id="eml-no-headers"),
    pytest.param("m.eml", "To: x@y\nX-Note: " + SECRET + "\n\nbody\n", "line 1: not an e-mail message",
                 id="eml-no-from"),
    pytest.param("m.eml", HEAD + "\n\n", "no utterances found", id="eml-empty-body"),
    pytest.param("box.mbox", "From: a@b\nSubject: " + SECRET + "\n\nbody\n", "line 1: not an mbox file",
                 id="mbox-no-separator"),
    pytest.param("box.mbox", "From a@b Mon Feb  2 08:01:12 2026\n" + SECRET + " is not a header\n",
                 "message 1 (line 1): not an e-mail message", id="mbox-message-without-headers"),
]


@pytest.mark.parametrize(("name", "content", "message"), EMAIL_BAD)
def test_email_malformed(write, name: str, content: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        load_document(write(name, content))
    assert message in str(err.value)
    assert SECRET not in str(err.value)
