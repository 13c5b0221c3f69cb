"""Outlook .msg files, read through the optional ``extract-msg`` package into the same
``ImportedMail`` a saved .eml gives (what could not be read is noted the same way)."""

from __future__ import annotations

import contextlib
import importlib
from datetime import UTC, datetime
from email import policy
from pathlib import Path
from typing import Any

from workstation.domain.mail_import import (
    DEFAULT_MAX_ATTACHMENT_BYTES,
    ImportedMail,
    MailImportError,
    _extension,
    _finish,
    _read_file,
    _Reader,
)
from workstation.domain.mail_text import decode_text, html_to_text, tidy


def read_msg(
    path: Path, *, max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES
) -> ImportedMail:
    """Read an Outlook .msg file, if the optional ``extract-msg`` package is installed."""
    try:
        extract_msg = importlib.import_module("extract_msg")
    except ImportError:
        raise MailImportError("Outlook .msg files need the extract-msg package") from None
    data = _read_file(path)
    try:
        msg = extract_msg.openMsg(str(path))
    except Exception as exc:
        raise MailImportError(
            f"{path.name} could not be read as an Outlook message ({type(exc).__name__})."
        ) from None
    try:
        return from_outlook(msg, len(data), max_attachment_bytes)
    finally:
        close = getattr(msg, "close", None)
        if callable(close):
            with contextlib.suppress(Exception):  # closing a file we only read cannot lose data
                close()


def _outlook_date(value: object) -> datetime | None:
    try:
        if isinstance(value, str) and value.strip():
            value = policy.default.header_factory("Date", value).datetime
        if isinstance(value, datetime):
            return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    except Exception:
        pass
    return None


def _outlook_attachments(msg: Any, reader: _Reader) -> None:
    for att in getattr(msg, "attachments", ()) or ():
        data = getattr(att, "data", None)
        filename = str(
            getattr(att, "longFilename", None) or getattr(att, "shortFilename", None) or ""
        )
        if not isinstance(data, bytes):
            reader.notes.append(
                f"Attachment '{filename or 'without a name'}' is an embedded Outlook item and "
                "was not imported; keep the original file."
            )
            continue
        ctype = str(getattr(att, "mimetype", None) or "application/octet-stream")
        if not filename:
            reader.unnamed += 1
            filename = f"attachment-{reader.unnamed}{_extension(ctype)}"
        reader._keep(filename, ctype, data)


def from_outlook(msg: Any, raw_size: int, max_bytes: int) -> ImportedMail:
    from email.utils import getaddresses

    notes: list[str] = []
    sender = str(getattr(msg, "sender", "") or "")
    pairs = getaddresses([sender]) if sender else []
    name, address = pairs[0] if pairs else ("", "")
    if "@" not in address:
        address = ""
    sent_at = _outlook_date(getattr(msg, "date", None))
    if sent_at is None:
        notes.append("No readable date: the file's arrival time is used.")
    body = str(getattr(msg, "body", "") or "")
    if not body.strip():
        html_body = getattr(msg, "htmlBody", None)
        if isinstance(html_body, bytes) and html_body.strip():
            body = html_to_text(decode_text(html_body, "utf-8", "The message text")[0])
            notes.append("The HTML-only message was converted to text.")
    reader = _Reader(max_bytes, notes=notes)
    _outlook_attachments(msg, reader)
    if not body.strip():
        notes.append("The e-mail has no message text.")
    if not address:
        notes.append("No sender address: add the requester's contact by hand.")
    return _finish(
        sender_address=address,
        sender_name=name,
        subject=" ".join(str(getattr(msg, "subject", "") or "").split()),
        sent_at=sent_at,
        body=tidy(body),
        attachments=reader.attachments,
        message_id=str(getattr(msg, "messageId", "") or "").strip(),
        notes=notes,
        raw_size=raw_size,
    )
