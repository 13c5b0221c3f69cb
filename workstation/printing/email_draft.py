"""An answer as an e-mail draft (.eml) for the clerk's mail client.

The file is an ordinary RFC 5322 message (CRLF line ends) with the header ``X-Unsent: 1``:
Outlook opens such a file as an unsent message, in the compose window with a Send button, so the
clerk reads it over and sends it from the division's mailbox; other clients open it as a message
that can be forwarded or edited as new. ``In-Reply-To`` and ``References`` thread the answer
with the customer's e-mail when there was one.

Deterministic: the same arguments give the same bytes (the date and Message-ID are arguments, and
the MIME boundary of a message with attachments is derived from its content, not random).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage
from email.policy import default
from email.utils import format_datetime

__all__ = ["build_email_draft"]

# RFC 5322 line ends on the wire; the default policy otherwise writes bare LF.
POLICY = default.clone(linesep="\r\n")
MAX_LINE = 78


def _angle(message_id: str) -> str:
    """``abc@host`` -> ``<abc@host>``; an id already in angle brackets is kept."""
    value = message_id.strip()
    return value if value.startswith("<") and value.endswith(">") else f"<{value}>"


def _text_encoding(body: str) -> str | None:
    """7bit for short ASCII lines (readable as it is), else quoted-printable (7-bit safe)."""
    lines = body.splitlines()
    if body.isascii() and all(len(line) <= MAX_LINE for line in lines):
        return None  # let the library write 7bit
    return "quoted-printable"


def build_email_draft(*, from_address: str, to_address: str, subject: str, body: str,
                      in_reply_to: str = "", references: str = "", message_id: str,
                      date: datetime,
                      attachments: Sequence[tuple[str, str, bytes]] = ()) -> bytes:
    """The draft as .eml bytes. ``attachments``: (file name, MIME type, bytes), e.g.
    ("Q2026-000123.pdf", "application/pdf", pdf). ``date`` must be aware (it is written with
    its offset). ValueError for a naive date, a bad MIME type or a header with a line break."""
    if date.tzinfo is None or date.utcoffset() is None:
        raise ValueError(f"naive datetime {date.isoformat()}: an e-mail date needs its offset")
    if not message_id.strip():
        raise ValueError("an e-mail draft needs a Message-ID")
    msg = EmailMessage(policy=POLICY)
    msg["From"] = from_address
    msg["To"] = to_address
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = _angle(message_id)
    if in_reply_to.strip():
        msg["In-Reply-To"] = _angle(in_reply_to)
    if references.strip():
        msg["References"] = " ".join(_angle(ref) for ref in references.split())
    msg["X-Unsent"] = "1"
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    if not text.endswith("\n"):
        text += "\n"
    msg.set_content(text, cte=_text_encoding(text))
    for filename, mime_type, data in attachments:
        maintype, _, subtype = mime_type.partition("/")
        if not maintype or not subtype or "/" in subtype:
            raise ValueError(f"attachment {filename!r}: MIME type {mime_type!r} is not type/sub")
        msg.add_attachment(bytes(data), maintype=maintype, subtype=subtype, filename=filename)
    if msg.is_multipart():
        for part in msg.iter_parts():
            del part["MIME-Version"]  # the library copies it into each part; it belongs on top
        msg.set_boundary(_boundary(msg))
    return msg.as_bytes(policy=POLICY)


def _boundary(msg: EmailMessage) -> str:
    """A boundary made from the message's content (not random), checked not to occur in it."""
    parts = [part.as_bytes(policy=POLICY) for part in msg.iter_parts()]
    digest = hashlib.sha256(b"\0".join(parts))
    for attempt in range(100):
        candidate = f"=_cw_{digest.hexdigest()[:32]}_{attempt}"
        if not any(candidate.encode() in part for part in parts):
            return candidate
    raise AssertionError("no MIME boundary found")  # pragma: no cover - 100 sha256 collisions
