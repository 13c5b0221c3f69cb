"""The e-mail draft: parses back with the standard library, opens as unsent, same bytes twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from email import message_from_bytes
from email.message import EmailMessage, MIMEPart
from email.parser import BytesParser
from email.policy import default
from typing import Any

import pytest

from workstation.printing.email_draft import build_email_draft

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n\x00\xff" * 50
BODY = ("Dear Ms. Ñúñez:\n\nWe received your letter on November 2, 2026. "
        "The Articles of Organization for Müller & García {Bäckerei} LLC were filed.\n\n"
        "Sincerely,\n\nDana Kowalczyk\nBusiness Services Division\nOhio Secretary of State\n")
EASTERN = timezone(timedelta(hours=-5))


def draft(**changes: Any) -> bytes:
    values: dict[str, Any] = {
        "from_address": "Business Services Division <business@OhioSoS.gov>",
        "to_address": "Zoë Ñúñez 王小明 <zoe@example.com>",
        "subject": "Re: Your inquiry Q2026-000123 — Müller & García",
        "body": BODY,
        "in_reply_to": "<CAB123@mail.example.com>",
        "references": "<CAA000@mail.example.com> <CAB123@mail.example.com>",
        "message_id": "<Q2026-000123.1@workstation.ohiosos.gov>",
        "date": datetime(2026, 11, 24, 14, 5, tzinfo=EASTERN),
        "attachments": [("Q2026-000123 Müller.pdf", "application/pdf", PDF)],
    }
    values.update(changes)
    return build_email_draft(**values)


def parse(raw: bytes) -> EmailMessage:
    message = BytesParser(policy=default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return message


def text_of(part: MIMEPart) -> str:
    """A text part's content with the wire's CRLF line ends read as newlines."""
    content = part.get_content()
    assert isinstance(content, str)
    return content.replace("\r\n", "\n")


def test_headers_parse_back() -> None:
    message = parse(draft())
    assert message["From"] == "Business Services Division <business@OhioSoS.gov>"
    assert message["To"] == "Zoë Ñúñez 王小明 <zoe@example.com>"
    assert message["To"].addresses[0].addr_spec == "zoe@example.com"
    assert message["Subject"] == "Re: Your inquiry Q2026-000123 — Müller & García"
    assert message["Date"].datetime == datetime(2026, 11, 24, 19, 5, tzinfo=UTC)
    assert message["Date"] == "Tue, 24 Nov 2026 14:05:00 -0500"
    assert message["Message-ID"] == "<Q2026-000123.1@workstation.ohiosos.gov>"
    assert message["In-Reply-To"] == "<CAB123@mail.example.com>"
    assert message["References"] == "<CAA000@mail.example.com> <CAB123@mail.example.com>"
    assert message["MIME-Version"] == "1.0"


def test_it_opens_as_an_unsent_draft() -> None:
    raw = draft()
    assert parse(raw)["X-Unsent"] == "1"
    assert b"\r\nX-Unsent: 1\r\n" in raw
    # Every line ends CRLF (RFC 5322), and the file is 7-bit clean.
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert raw.isascii()


def test_body_and_attachment_bytes_parse_back() -> None:
    message = parse(draft())
    assert message.get_content_type() == "multipart/mixed"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None and text_of(body) == BODY
    attachments = list(message.iter_attachments())
    assert len(attachments) == 1
    attachment = attachments[0]
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "Q2026-000123 Müller.pdf"
    assert attachment.get_content() == PDF
    assert "MIME-Version" not in attachment  # only on the message itself


def test_several_attachments_keep_their_order_and_bytes() -> None:
    files = [("letter.pdf", "application/pdf", PDF), ("notes.txt", "text/plain", b"a\r\nb\n"),
             ("scan.png", "image/png", bytes(range(256)))]
    message = parse(draft(attachments=files))
    found = [(a.get_filename(), a.get_content_type(), a.get_payload(decode=True))
             for a in message.iter_attachments()]
    assert found == files


def test_a_draft_without_attachments_or_thread_is_a_plain_text_message() -> None:
    raw = draft(attachments=(), in_reply_to="", references="",
                body="Dear Sir:\n\nThank you.\n\nSincerely,", message_id="abc.1@ohiosos.gov")
    message = parse(raw)
    assert message.get_content_type() == "text/plain"
    assert text_of(message) == "Dear Sir:\n\nThank you.\n\nSincerely,\n"
    assert message["Content-Transfer-Encoding"] == "7bit"  # plain ASCII stays readable
    assert "In-Reply-To" not in message and "References" not in message
    assert message["Message-ID"] == "<abc.1@ohiosos.gov>"  # brackets added
    assert message["X-Unsent"] == "1"


def test_long_and_non_ascii_lines_survive() -> None:
    body = "Ünal Ağaoğlu, 王小明: " + "word " * 60 + "\n\n{entity.name} {{ }} stays as it is.\n"
    message = parse(draft(body=body, attachments=()))
    assert text_of(message) == body
    assert message["Content-Transfer-Encoding"] == "quoted-printable"


def test_line_ends_of_the_body_are_normalised() -> None:
    message = parse(draft(body="One\r\nTwo\rThree", attachments=()))
    assert text_of(message) == "One\nTwo\nThree\n"


def test_the_same_draft_gives_the_same_bytes() -> None:
    first = draft()
    draft(subject="Something else", attachments=[("x.pdf", "application/pdf", b"other")])
    assert draft() == first
    assert draft(attachments=[("Q2026-000123 Müller.pdf", "application/pdf", PDF + b"!")]) != first


def test_the_boundary_is_not_in_the_content() -> None:
    raw = draft()
    boundary = message_from_bytes(raw).get_boundary()
    assert boundary is not None and boundary.startswith("=_cw_")
    assert raw.count(boundary.encode()) == 4  # the header, before each of 2 parts, the end
    # content carrying the would-be boundary still parses back to the same bytes
    sneaky = ("--" + boundary + "\r\n").encode()
    message = parse(draft(attachments=[("a.bin", "application/octet-stream", sneaky)],
                          body="--" + boundary + "\n"))
    assert next(message.iter_attachments()).get_content() == sneaky


@pytest.mark.parametrize(("changes", "message"), [
    ({"date": datetime(2026, 11, 24, 14, 5)}, "naive"),
    ({"message_id": "  "}, "Message-ID"),
    ({"subject": "Hello\r\nBcc: everyone@example.com"}, "linefeed"),
    ({"attachments": [("a.pdf", "pdf", b"x")]}, "MIME type"),
])
def test_bad_input_is_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        draft(**changes)
