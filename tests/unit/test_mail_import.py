"""Reading saved e-mail (.eml) into an inquiry: workstation.domain.mail_import.

Well-formed messages are built with ``email.message.EmailMessage``; the malformed ones are written
by hand as raw bytes, the way broken mailers and truncated downloads produce them.
"""

from __future__ import annotations

import os
import sys
import types
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workstation.domain import mail_import
from workstation.domain.mail_import import (
    Attachment,
    ImportedMail,
    MailImportError,
    html_to_text,
    read_eml,
    read_eml_file,
    read_msg_file,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "mail"
MB = 1024 * 1024


def make(
    body: str | None = "Hello,\nwhat is the status of my filing?\n",
    *,
    sender: str | None = "Pat Doe <pat@example.com>",
    subject: str | None = "Filing status",
    date: str | None = "Tue, 14 May 2024 09:40:55 -0400",
    message_id: str | None = "<abc123@example.com>",
) -> EmailMessage:
    msg = EmailMessage()
    if sender is not None:
        msg["From"] = sender
    msg["To"] = "business@sos.state.example"
    if subject is not None:
        msg["Subject"] = subject
    if date is not None:
        msg["Date"] = date
    if message_id is not None:
        msg["Message-ID"] = message_id
    if body is not None:
        msg.set_content(body)
    return msg


def assert_storable(mail: ImportedMail) -> None:
    """Every string can go into PostgreSQL: no NUL, no lone surrogate."""
    texts = [mail.sender_address, mail.sender_name, mail.subject, mail.body, mail.message_id,
             *mail.notes]
    for a in mail.attachments:
        texts += [a.filename, a.content_type]
        assert isinstance(a.data, bytes)
    for text in texts:
        assert isinstance(text, str)
        assert "\x00" not in text
        text.encode("utf-8")  # raises on a lone surrogate
    assert mail.sent_at is None or mail.sent_at.utcoffset() is not None


def has_note(mail: ImportedMail, *fragments: str) -> bool:
    return any(all(f in note for f in fragments) for note in mail.notes)


# ---------------------------------------------------------------- well-formed mail


def test_plain_text_message() -> None:
    raw = make().as_bytes()
    mail = read_eml(raw)
    assert mail.sender_address == "pat@example.com"
    assert mail.sender_name == "Pat Doe"
    assert mail.subject == "Filing status"
    assert mail.sent_at == datetime(2024, 5, 14, 13, 40, 55, tzinfo=UTC)
    assert mail.body == "Hello,\nwhat is the status of my filing?"
    assert mail.attachments == ()
    assert mail.message_id == "<abc123@example.com>"
    assert mail.notes == ()
    assert mail.raw_size == len(raw)


def test_multipart_alternative_prefers_plain_text() -> None:
    msg = make("The plain version.\n")
    msg.add_alternative("<p>The <b>HTML</b> version.</p>", subtype="html")
    mail = read_eml(msg.as_bytes())
    assert mail.body == "The plain version."
    assert mail.attachments == ()
    assert mail.notes == ()


def test_alternative_with_empty_plain_text_uses_the_html() -> None:
    msg = make(" \n")
    msg.add_alternative("<p>Only the HTML says anything.</p>", subtype="html")
    mail = read_eml(msg.as_bytes())
    assert mail.body == "Only the HTML says anything."
    assert has_note(mail, "HTML", "converted to text")


def test_html_only_message_is_converted() -> None:
    markup = (
        "<html><head><title>Webmail</title><style>p { color: red }</style></head><body>"
        "<p>Dear clerk,</p><p>I am writing about <i>Acme&nbsp;LLC</i> &amp; its &ldquo;"
        "dissolution&rdquo;.<br>Second line.</p><script>var x = '<p>no</p>';</script>"
        "<ul><li>first</li><li>second</li></ul><div>See <a href='https://example.com/x'>here"
        "</a>.</div></body></html>"
    )
    msg = make(None)
    msg.set_content(markup, subtype="html")
    mail = read_eml(msg.as_bytes())
    assert mail.body == (
        "Dear clerk,\n\nI am writing about Acme LLC & its “dissolution”.\nSecond line.\n\n"
        "- first\n- second\n\nSee here (https://example.com/x)."
    )
    assert "The HTML-only message was converted to text." in mail.notes
    assert "color" not in mail.body and "var x" not in mail.body and "Webmail" not in mail.body


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("a<br>b<br/><br>c", "a\nb\n\nc"),
        ("<pre>  keep   this\n    indent</pre>after", "  keep   this\n    indent\n\nafter"),
        ("<table><tr><td>Name</td><td>Acme</td></tr><tr><td>No.</td><td>42</td></tr></table>",
         "Name  Acme\nNo.  42"),
        ("<a href='mailto:x@y.org'>x@y.org</a>", "x@y.org"),
        ("<p>unclosed <b>tags <p>and &#8220;refs&#x201D; &bogus;",
         "unclosed tags\n\nand “refs” &bogus;"),
        ("a <a <a < b <b>bold</b>", "a <a <a < b bold"),
        ("<img src='cid:1' alt='Seal of the State'>", "[Seal of the State]"),
        ("<style>never closed", ""),
        ("", ""),
    ],
)
def test_html_to_text(markup: str, text: str) -> None:
    assert html_to_text(markup) == text


def test_attachments_are_kept_byte_for_byte() -> None:
    pdf = os.urandom(50_000)
    scan = bytes(range(256)) * 10
    msg = make("See attached.\n")
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename="articles.pdf")
    msg.add_attachment(scan, maintype="image", subtype="tiff", filename="Zeugnis Müller.tif")
    msg.add_attachment(b"plain,text\n1,2\n", maintype="text", subtype="csv", filename="fees.csv")
    mail = read_eml(msg.as_bytes())
    assert mail.body == "See attached."
    assert mail.attachments == (
        Attachment("articles.pdf", "application/pdf", pdf),
        Attachment("Zeugnis Müller.tif", "image/tiff", scan),
        Attachment("fees.csv", "text/csv", b"plain,text\n1,2\n"),
    )
    assert mail.notes == ()


def test_attachments_without_a_name_get_one_with_a_guessed_extension() -> None:
    msg = make("x\n")
    msg.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf")
    msg.add_attachment(b"\x00\x01", maintype="application", subtype="x-unheard-of")
    msg.add_attachment(b"PK", maintype="application",
                       subtype="vnd.openxmlformats-officedocument.wordprocessingml.document")
    names = [a.filename for a in read_eml(msg.as_bytes()).attachments]
    assert names == ["attachment-1.pdf", "attachment-2.bin", "attachment-3.docx"]


def test_attachment_names_are_never_paths() -> None:
    msg = make("x\n")
    msg.add_attachment(b"1", maintype="application", subtype="octet-stream",
                       filename="../../etc/passwd")
    msg.add_attachment(b"2", maintype="application", subtype="pdf",
                       filename="C:\\Users\\clerk\\scan.pdf")
    names = [a.filename for a in read_eml(msg.as_bytes()).attachments]
    assert names == ["passwd", "scan.pdf"]


def test_a_20_mb_attachment_is_kept_out_with_a_note() -> None:
    big = os.urandom(20 * MB + 100 * 1024)
    msg = make("Our scan is attached.\n")
    msg.add_attachment(big, maintype="application", subtype="pdf", filename="scan.pdf")
    msg.add_attachment(b"small", maintype="text", subtype="plain", filename="cover.txt")
    mail = read_eml(msg.as_bytes())
    assert [a.filename for a in mail.attachments] == ["cover.txt"]
    assert mail.body == "Our scan is attached."
    assert has_note(mail, "'scan.pdf'", "20.1 MB", "over the 15 MB limit", "kept out",
                    "original e-mail file")


def test_the_attachment_limit_is_a_parameter_and_inclusive() -> None:
    msg = make("x\n")
    msg.add_attachment(b"a" * 1000, maintype="application", subtype="pdf", filename="at.pdf")
    msg.add_attachment(b"a" * 1001, maintype="application", subtype="pdf", filename="over.pdf")
    mail = read_eml(msg.as_bytes(), max_attachment_bytes=1000)
    assert [a.filename for a in mail.attachments] == ["at.pdf"]
    assert has_note(mail, "'over.pdf'", "1 KB")


def test_rfc2047_subject_and_name_are_decoded() -> None:
    raw = (
        b"From: =?UTF-8?Q?Jos=C3=A9_Mart=C3=ADnez?= <jm@example.com>\r\n"
        b"Subject: =?ISO-8859-1?Q?R=E9clamation?= =?UTF-8?B?4oCTIEzDtnNjaHVuZw==?=\r\n"
        b"Date: Sat, 1 Jun 2024 19:12:31 -0400\r\n"
        b"Message-ID: <1@example.com>\r\n"
        b"\r\n"
        b"Texte.\r\n"
    )
    mail = read_eml(raw)
    assert mail.sender_name == "José Martínez"
    assert mail.subject == "Réclamation– Löschung"
    assert mail.notes == ()


def test_raw_8bit_headers_are_read_as_utf8_or_windows_1252() -> None:
    raw = (
        b"From: Jos\xc3\xa9 <jose@example.com>\r\nSubject: R\xe9clamation \x93urgent\x94\r\n"
        b"Date: Sat, 1 Jun 2024 19:12:31 -0400\r\nMessage-ID: <2@example.com>\r\n\r\nx\r\n"
    )
    mail = read_eml(raw)
    assert mail.sender_name == "José"
    assert mail.subject == "Réclamation “urgent”"
    assert has_note(mail, "subject", "Windows-1252")


def test_nested_message_is_kept_as_forwarded_message_eml() -> None:
    inner = make("The original complaint.\n", subject="Original", sender="a@b.example")
    inner.add_attachment(b"%PDF inner", maintype="application", subtype="pdf", filename="i.pdf")
    outer = make("Forwarding this to you.\n", subject="Fwd: Original")
    outer.add_attachment(inner)
    mail = read_eml(outer.as_bytes())
    assert mail.body == "Forwarding this to you."
    assert [(a.filename, a.content_type) for a in mail.attachments] == [
        ("forwarded-message.eml", "message/rfc822")
    ]
    forwarded = read_eml(mail.attachments[0].data)
    assert forwarded.subject == "Original"
    assert forwarded.body == "The original complaint."
    assert forwarded.attachments == (Attachment("i.pdf", "application/pdf", b"%PDF inner"),)


# ---------------------------------------------------------------- headers missing or wrong


def test_no_date() -> None:
    mail = read_eml(make(date=None).as_bytes())
    assert mail.sent_at is None
    assert "No Date header: the file's arrival time is used." in mail.notes


@pytest.mark.parametrize("date", ["yesterday afternoon", "Mon, 45 Foo 2024 99:99:99 +0000",
                                  "Fri, 31 Dec 9999 23:59:59 -1200"])
def test_bad_date(date: str) -> None:
    raw = make(date=None).as_bytes().replace(b"Subject:", f"Date: {date}\nSubject:".encode())
    mail = read_eml(raw)
    assert mail.sent_at is None
    assert has_note(mail, "Date header", "could not be read", "arrival time")


def test_date_is_converted_to_utc_and_minus_zero_is_utc() -> None:
    assert read_eml(make(date="Mon, 1 Jan 2024 10:00:00 +0530").as_bytes()).sent_at == datetime(
        2024, 1, 1, 4, 30, tzinfo=UTC
    )
    assert read_eml(make(date="Mon, 1 Jan 2024 10:00:00 -0000").as_bytes()).sent_at == datetime(
        2024, 1, 1, 10, 0, tzinfo=UTC
    )


def test_no_from() -> None:
    mail = read_eml(make(sender=None).as_bytes())
    assert mail.sender_address == ""
    assert mail.sender_name == ""
    assert "No sender address: add the requester's contact by hand." in mail.notes
    assert mail.body  # everything else is still imported


@pytest.mark.parametrize("sender", [b"John Smith", b'"John Smith" <>', b"John Smith <john>"])
def test_from_without_an_address_keeps_the_name(sender: bytes) -> None:
    raw = b"From: " + sender + b"\r\nSubject: Help\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\nx"
    mail = read_eml(raw)
    assert mail.sender_address == ""
    assert mail.sender_name == "John Smith"
    assert "No sender address: add the requester's contact by hand." in mail.notes


def test_from_without_an_address_falls_back_to_reply_to() -> None:
    raw = b"From: Front Desk\r\nReply-To: Desk <desk@firm.example>\r\nSubject: s\r\n\r\nx"
    mail = read_eml(raw)
    assert (mail.sender_address, mail.sender_name) == ("desk@firm.example", "Front Desk")
    assert has_note(mail, "Reply-To")


def test_several_senders_use_the_first() -> None:
    mail = read_eml(make(sender="a@one.example, b@two.example").as_bytes())
    assert mail.sender_address == "a@one.example"
    assert has_note(mail, "2 senders", "a@one.example")


def test_no_message_id_and_no_subject_are_noted() -> None:
    mail = read_eml(make(subject=None, message_id=None).as_bytes())
    assert (mail.subject, mail.message_id) == ("", "")
    assert "No subject." in mail.notes
    assert has_note(mail, "No Message-ID")


# ---------------------------------------------------------------- charsets


HEAD = (b"From: pat@example.com\r\nSubject: s\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n"
        b"Message-ID: <h@example.com>\r\n")


def test_undeclared_charset_with_utf8_bytes() -> None:
    mail = read_eml(HEAD + b"\r\nCaf\xc3\xa9 cr\xc3\xa8me\r\n")
    assert mail.body == "Café crème"
    assert "The message text did not say which charset it uses; read as UTF-8." in mail.notes


def test_undeclared_charset_with_windows_1252_bytes() -> None:
    mail = read_eml(HEAD + b"\r\n\x93Caf\xe9\x94 \x80 5\r\n")
    assert mail.body == "“Café” € 5"
    assert has_note(mail, "read as Windows-1252")


def test_unknown_charset_falls_back_with_a_note() -> None:
    raw = (HEAD + b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
           b"--B\r\nContent-Type: text/plain\r\n\r\nfirst\r\n"
           b"--B\r\nContent-Type: text/plain; charset=x-unknown\r\n\r\nCaf\xe9 \x81\r\n--B--\r\n")
    mail = read_eml(raw)
    assert mail.body == "first\n\nCafé \x81"
    assert "Part 2 declared charset 'x-unknown', which is unknown; read as Latin-1." in mail.notes


def test_wrong_declared_charset_falls_back() -> None:
    raw = HEAD + b"Content-Type: text/plain; charset=us-ascii\r\n\r\nna\xc3\xafve\r\n"
    mail = read_eml(raw)
    assert mail.body == "naïve"
    assert has_note(mail, "'us-ascii'", "does not fit", "UTF-8")


def test_declared_latin1_is_read_as_windows_1252() -> None:
    raw = HEAD + b"Content-Type: text/plain; charset=iso-8859-1\r\n\r\n\x93quoted\x94 \xe9\r\n"
    mail = read_eml(raw)
    assert mail.body == "“quoted” é"
    assert mail.notes == ()


# ---------------------------------------------------------------- broken structure


def test_multipart_without_closing_boundary() -> None:
    raw = (HEAD + b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XYZ\r\n\r\n"
           b"--XYZ\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease see the scan.\r\n"
           b"--XYZ\r\nContent-Type: application/pdf; name=scan.pdf\r\n"
           b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n")
    mail = read_eml(raw)
    assert mail.body == "Please see the scan."
    assert mail.attachments == (Attachment("scan.pdf", "application/pdf", b"%PDF-1.4\n"),)
    assert has_note(mail, "cut short")


def test_multipart_without_boundary_is_read_as_text() -> None:
    raw = HEAD + b"Content-Type: multipart/mixed\r\n\r\nEverything is in here.\r\n"
    mail = read_eml(raw)
    assert mail.body == "Everything is in here."
    assert has_note(mail, "several parts", "one block of text")


def test_truncated_base64_attachment_keeps_what_decodes() -> None:
    raw = (HEAD + b"Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n\r\ntext\r\n"
           b"--B\r\nContent-Type: image/png; name=photo.png\r\n"
           b"Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgoAAA\r\n--B--\r\n")
    mail = read_eml(raw)
    assert [a.filename for a in mail.attachments] == ["photo.png"]
    assert mail.attachments[0].data.startswith(b"\x89PNG")
    assert has_note(mail, "Attachment 'photo.png'", "damaged")


def test_empty_body() -> None:
    mail = read_eml(make(None).as_bytes())
    assert mail.body == ""
    assert "The e-mail has no message text." in mail.notes
    mail = read_eml(make("\n\n   \n").as_bytes())
    assert mail.body == ""


def test_attachments_only() -> None:
    msg = make(None)
    msg.add_attachment(b"%PDF", maintype="application", subtype="pdf", filename="a.pdf")
    mail = read_eml(msg.as_bytes())
    assert mail.body == ""
    assert "The e-mail has no message text, only attachments." in mail.notes


def test_nul_characters_are_replaced() -> None:
    mail = read_eml(HEAD + b"\r\nbad\x00byte\r\n")
    assert mail.body == "bad\ufffdbyte"
    assert has_note(mail, "cannot be stored", "message text")


def test_very_long_body_is_kept_whole() -> None:
    body = "".join(f"Line {i}: " + "word " * 30 + "\n" for i in range(40_000))
    mail = read_eml(make(body).as_bytes())
    assert mail.body == body.rstrip()


def test_deep_nesting_does_not_crash() -> None:
    depth = 80
    raw = HEAD + b"".join(
        f"Content-Type: multipart/mixed; boundary=b{i}\r\n\r\n--b{i}\r\n".encode()
        for i in range(depth)
    ) + b"Content-Type: text/plain\r\n\r\ndeep\r\n"
    mail = read_eml(raw)
    assert_storable(mail)
    assert has_note(mail, "nested too deeply")


def test_not_an_email_at_all() -> None:
    data = b"%PDF-1.4\n\x00\x01\x02\xff binary"
    mail = read_eml(data)
    assert mail.attachments == (Attachment("imported-file.bin", "application/octet-stream", data),)
    assert has_note(mail, "does not look like an e-mail")
    mail = read_eml(b"Dear Secretary,\nplease help.\n")
    assert mail.body == "Dear Secretary,\nplease help."
    assert has_note(mail, "does not look like an e-mail", "message text")


def test_html_part_beside_plain_text_is_converted_and_joined() -> None:
    raw = (HEAD + b"Content-Type: multipart/mixed; boundary=B\r\n\r\n"
           b"--B\r\nContent-Type: text/plain\r\n\r\nTyped text.\r\n"
           b"--B\r\nContent-Type: text/html\r\n\r\n<p>Signature <b>block</b></p>\r\n--B--\r\n")
    mail = read_eml(raw)
    assert mail.body == "Typed text.\n\nSignature block"
    assert "An HTML part was converted to text." in mail.notes


def test_if_the_parser_itself_fails_the_whole_file_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def __init__(self, **kw: object) -> None:
            pass

        def parsebytes(self, data: bytes) -> None:
            raise IndexError("a bug in the e-mail package")

    monkeypatch.setattr(mail_import, "BytesParser", Broken)
    raw = make().as_bytes()
    mail = read_eml(raw)
    assert mail.attachments == (Attachment("original-message.eml", "message/rfc822", raw),)
    assert has_note(mail, "could not be taken apart", "IndexError", "original-message.eml")
    assert "what is the status of my filing?" in mail.body
    assert_storable(mail)


def test_byte_order_mark_and_utf16_files() -> None:
    raw = make().as_bytes()
    assert read_eml(b"\xef\xbb\xbf" + raw).sender_address == "pat@example.com"
    utf16 = "\ufeff".encode("utf-16-le") + raw.decode("ascii").encode("utf-16-le")
    assert read_eml(utf16).subject == "Filing status"


# ---------------------------------------------------------------- files


@pytest.mark.parametrize("name", ["law_firm_status_request.eml", "webmail_html_complaint.eml"])
def test_fixtures_import_cleanly(name: str) -> None:
    mail = read_eml_file(FIXTURES / name)
    assert_storable(mail)
    assert mail.raw_size == (FIXTURES / name).stat().st_size


def test_fixture_law_firm_status_request() -> None:
    mail = read_eml_file(FIXTURES / "law_firm_status_request.eml")
    assert mail.sender_address == "moneil@harrowgate-law.example"
    assert mail.sender_name == "Margaret O'Neil, Esq."
    assert mail.subject == (
        "Status of Articles of Organization - Buckeye Orchard Holdings LLC (Doc. 202412345678)"
    )
    assert mail.sent_at == datetime(2024, 5, 14, 13, 40, 55, tzinfo=UTC)
    assert mail.message_id == "<20240514134055.7F3A2C0041@mail.harrowgate-law.example>"
    assert "document number 202412345678" in mail.body
    assert "with check no. 10442 for $99.00." in mail.body
    assert mail.body.endswith("Margaret O’Neil\nHarrowgate & Pruitt LLP\n(614) 555-0142")
    assert "<" not in mail.body  # the plain part, not the HTML one
    [pdf] = mail.attachments
    assert pdf.filename == "Buckeye Orchard - Articles (as filed).pdf"
    assert pdf.content_type == "application/pdf"
    assert pdf.data.startswith(b"%PDF-1.4\n") and pdf.data.endswith(b"%%EOF\n")
    assert mail.notes == ()


def test_fixture_webmail_html_complaint() -> None:
    mail = read_eml_file(FIXTURES / "webmail_html_complaint.eml")
    assert mail.sender_address == "jmartinez1987@webmail.example"
    assert mail.sender_name == "José Martínez"
    assert mail.subject == "Complaint – my LLC was dissolved without notice"
    assert mail.sent_at == datetime(2024, 6, 1, 23, 12, 31, tzinfo=UTC)
    assert mail.body.startswith("To whom it may concern,\n\nMy company, Martínez Landscaping LLC, "
                                "was marked “dead” on your website.")
    assert "- why it was done\n- how I fix it" in mail.body
    assert "track()" not in mail.body and "font-family" not in mail.body
    assert mail.notes == ("The HTML-only message was converted to text.",)


def test_unreadable_files_raise_mail_import_error(tmp_path: Path) -> None:
    with pytest.raises(MailImportError, match="could not be read"):
        read_eml_file(tmp_path / "missing.eml")
    with pytest.raises(MailImportError, match="could not be read"):
        read_eml_file(tmp_path)
    (tmp_path / "empty.eml").write_bytes(b"")
    with pytest.raises(MailImportError, match="empty"):
        read_eml_file(tmp_path / "empty.eml")


def test_read_eml_file_passes_the_limit_on(tmp_path: Path) -> None:
    msg = make("x\n")
    msg.add_attachment(b"12345", maintype="application", subtype="pdf", filename="a.pdf")
    path = tmp_path / "m.eml"
    path.write_bytes(msg.as_bytes())
    assert read_eml_file(path, max_attachment_bytes=4).attachments == ()


def test_outlook_msg_without_extract_msg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "extract_msg", None)  # import fails as when not installed
    path = tmp_path / "m.msg"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(MailImportError, match="need the extract-msg package"):
        read_msg_file(path)


def test_outlook_msg_with_extract_msg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    closed: list[bool] = []
    attachment = types.SimpleNamespace(longFilename="scan.pdf", data=b"%PDF", mimetype=None)
    embedded = types.SimpleNamespace(longFilename="Fw.msg", data=object())
    message = types.SimpleNamespace(
        sender='"Pat Doe" <pat@example.com>', subject="Status?", body="",
        htmlBody=b"<p>Where is my filing?</p>", date=datetime(2024, 5, 14, 9, 0),
        messageId="<m@x>", attachments=[attachment, embedded], close=lambda: closed.append(True),
    )
    fake = types.ModuleType("extract_msg")
    fake.openMsg = lambda path: message  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "extract_msg", fake)
    path = tmp_path / "m.msg"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    mail = read_msg_file(path)
    assert (mail.sender_address, mail.sender_name) == ("pat@example.com", "Pat Doe")
    assert mail.body == "Where is my filing?"
    assert mail.sent_at == datetime(2024, 5, 14, 9, 0, tzinfo=UTC)
    assert mail.attachments == (Attachment("scan.pdf", "application/octet-stream", b"%PDF"),)
    assert has_note(mail, "'Fw.msg'", "embedded Outlook item")
    assert closed == [True]


# ---------------------------------------------------------------- never a crash


MIME_PIECES = st.sampled_from([
    b"From: ", b"Subject: ", b"Date: ", b"Reply-To: ", b"Message-ID: ", b"MIME-Version: 1.0\r\n",
    b"Content-Type: multipart/mixed; boundary=b\r\n",
    b"Content-Type: multipart/alternative; boundary=\"b\"\r\n",
    b"Content-Type: message/rfc822\r\n",
    b"Content-Type: text/html; charset=",
    b"Content-Type: text/plain; charset*=utf-8''",
    b"Content-Transfer-Encoding: base64\r\n",
    b"Content-Transfer-Encoding: quoted-printable\r\n",
    b"Content-Disposition: attachment; filename*=",
    b"--b\r\n", b"--b--\r\n", b"\r\n", b"\n", b"=?utf-8?q?", b"=?x?b?", b"?=",
    b"<a@b>", b"<p>", b"<![CDATA[", b"<!--", b"&#", b"\x00", b"\xff\xfe", b"\xc3", b" ", b"\t",
    b"=\r\n", b"==", b"\"", b";", b":", b"@", b"<", b">", b"(", b")", b"\\",
])
MIME_SOUP = st.lists(st.one_of(MIME_PIECES, st.binary(max_size=12)), max_size=60).map(b"".join)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=3000), MIME_SOUP))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    mail = read_eml(data)
    assert isinstance(mail, ImportedMail)
    assert mail.raw_size == len(data)
    assert_storable(mail)


def _valid_messages() -> list[bytes]:
    msg = make("Body text with ünïcödé.\n")
    msg.add_alternative("<p>HTML <b>version</b></p>", subtype="html")
    msg.add_attachment(b"%PDF-1.4 data", maintype="application", subtype="pdf", filename="f.pdf")
    msg.add_attachment(make("inner\n"))
    return [msg.as_bytes(), *(p.read_bytes() for p in sorted(FIXTURES.glob("*.eml")))]


VALID = _valid_messages()
MUTATION = st.tuples(
    st.sampled_from(["delete", "insert", "replace", "truncate", "duplicate"]),
    st.floats(min_value=0, max_value=1),
    st.binary(min_size=1, max_size=40),
)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(VALID), st.lists(MUTATION, min_size=1, max_size=8))
def test_mutated_messages_never_raise(
    data: bytes, mutations: list[tuple[str, float, bytes]]
) -> None:
    for kind, where, chunk in mutations:
        at = int(where * len(data))
        if kind == "delete":
            data = data[:at] + data[at + len(chunk):]
        elif kind == "insert":
            data = data[:at] + chunk + data[at:]
        elif kind == "replace":
            data = data[:at] + chunk + data[at + len(chunk):]
        elif kind == "truncate":
            data = data[:at]
        else:
            data = data[:at] + data[at:at + 200] + data[at:]
    mail = read_eml(data)
    assert isinstance(mail, ImportedMail)
    assert_storable(mail)


BODY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"),
    max_size=2000,
)


@settings(max_examples=200, deadline=None)
@given(BODY_TEXT, st.sampled_from(["utf-8", "iso-8859-15", "cp1252", "koi8-r"]))
def test_a_text_plain_body_round_trips(body: str, charset: str) -> None:
    msg = make(None)
    try:
        msg.set_content(body, charset=charset)
    except UnicodeEncodeError:
        msg.set_content(body)
    mail = read_eml(msg.as_bytes())
    assert mail.body == body.rstrip().lstrip("\n")
