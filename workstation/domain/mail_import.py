"""Reading a saved e-mail (.eml) into the parts an inquiry needs.

A citizen's or a law firm's e-mail, saved from a mail program as an ``.eml`` file, becomes an
``ImportedMail``: sender, subject, date, plain-text body, attachments and Message-ID. E-mail in the
wild is often malformed (no Date, broken MIME, a wrong or unknown charset, HTML only, a huge
scan); ``read_eml`` never raises for what is *in* the message. It imports what can be read and
says, in ``notes``, in words a clerk understands, everything it could not read or had to guess.

Decisions (see the tests for each):

* Body: the text/plain rendition is preferred; HTML is converted to text only when there is no
  plain text (or the plain text is empty). Several inline text parts are joined in order.
* Attachments are kept byte for byte. One over ``max_attachment_bytes`` is kept *out* (its data is
  not returned) with a note naming it and its size: the database stores attachments, and one
  oversize scan would bloat every backup. The original .eml file still holds it, and the note says
  so, so nothing is lost as long as the file is kept.
* A forwarded e-mail (message/rfc822 part) is kept whole as an attachment
  ``forwarded-message.eml``; its contents are not mixed into the body.
* Charsets: the declared one, then UTF-8, then Windows-1252, then Latin-1 (which always decodes);
  any fallback is noted. A declared ISO-8859-1 is read as Windows-1252, as browsers do.
* Text never carries NUL characters or lone surrogates (PostgreSQL rejects the one and UTF-8 the
  other); they are replaced and noted.

Only the standard library is used (``email`` with ``policy.default``, ``html.parser``).
"""

from __future__ import annotations

import codecs
import contextlib
import mimetypes
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from email import errors, policy
from email.message import Message
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from workstation.domain.mail_headers import (
    decode_words,
    header_text,
    sender_of,
    sent_at_of,
    unlabelled,
)
from workstation.domain.mail_text import (
    decode_text,
    html_to_text,
    safe_text,
    tidy,
)

__all__ = ["Attachment", "ImportedMail", "MailImportError", "decode_text", "html_to_text",
           "read_eml", "read_eml_file", "read_msg_file"]

DEFAULT_MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024
_MAX_DEPTH = 40  # nesting of multipart parts; deeper than this is hostile, not mail
_MIB = 1024 * 1024


class MailImportError(ValueError):
    """The file could not be read at all (missing, unreadable, empty, not installed support)."""


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ImportedMail:
    sender_address: str  # "" when none could be read
    sender_name: str  # display name, "" when none
    subject: str
    sent_at: datetime | None  # aware, UTC; None when the Date header is missing or unreadable
    body: str  # plain text (converted from HTML when there was no plain text)
    attachments: tuple[Attachment, ...]
    message_id: str  # "" when none; used to refuse importing the same message twice
    notes: tuple[str, ...]  # every problem met, in words a clerk understands
    raw_size: int


# ---------------------------------------------------------------- entry points


def read_eml(
    data: bytes, *, max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES
) -> ImportedMail:
    """Read the bytes of an .eml file. Never raises for anything in the message itself."""
    try:
        return _read(data, max_attachment_bytes)
    except RecursionError:
        return _unreadable(data, max_attachment_bytes, "its parts are nested too deeply")
    except Exception as exc:  # a bug in the parser or here must not lose the clerk's e-mail
        why = f"an unexpected problem ({type(exc).__name__})"
        return _unreadable(data, max_attachment_bytes, why)


def read_eml_file(path: Path, **kw: Any) -> ImportedMail:
    """Read an .eml file. Raises ``MailImportError`` only if the file cannot be read at all."""
    data = _read_file(path)
    return read_eml(data, **kw)


def read_msg_file(path: Path, *, max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES
                  ) -> ImportedMail:
    """Read an Outlook .msg file, if the optional ``extract-msg`` package is installed."""
    from workstation.domain.mail_outlook import read_msg

    return read_msg(path, max_attachment_bytes=max_attachment_bytes)


def _read_file(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise MailImportError(f"{path.name} could not be read: {reason}.") from None
    if not data:
        raise MailImportError(f"{path.name} is empty: there is no e-mail in it.")
    return data


# ---------------------------------------------------------------- the reader


@dataclass
class _Reader:
    max_bytes: int
    notes: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    used_html: bool = False
    used_plain: bool = False
    single_part: bool = True
    part_no: int = 0
    unnamed: int = 0
    forwarded: int = 0
    labels: dict[int, str] = field(default_factory=dict)  # id(part) -> how notes name it
    visited: list[Message] = field(default_factory=list)

    # ---- walking the tree

    def walk(self, part: Message, collect_body: bool, depth: int = 0) -> None:
        self.visited.append(part)
        ctype = _content_type(part)
        if ctype.startswith("message/"):
            self.part_no += 1
            self._attach_message(part, ctype)
            return
        children = _children(part)
        if children is None:
            self.part_no += 1
            self._leaf(part, ctype, collect_body)
            return
        if depth >= _MAX_DEPTH:
            self.notes.append(
                "Parts of the e-mail are nested too deeply to read; they are kept as one "
                "attachment, 'nested-parts.eml'."
            )
            self._keep("nested-parts.eml", "message/rfc822", _serialise(part))
            return
        if ctype == "multipart/alternative" and collect_body:
            chosen = _choose_alternative(children)
            for child in children:
                self.walk(child, child is chosen, depth + 1)
        else:
            for child in children:
                self.walk(child, collect_body, depth + 1)

    def _leaf(self, part: Message, ctype: str, collect_body: bool) -> None:
        is_text = ctype in ("text/plain", "text/html") or ctype.startswith("multipart/")
        if is_text and not _is_attachment(part):
            if collect_body:
                self._body_text(part, ctype)
            return  # the other rendition of an alternative already read
        self._attach_leaf(part, ctype)

    def _label(self, part: Message) -> str:
        label = "The message text" if self.single_part else f"Part {self.part_no}"
        self.labels[id(part)] = label
        return label

    def _body_text(self, part: Message, ctype: str) -> None:
        label = self._label(part)
        text, note = decode_text(_payload_bytes(part), _charset(part), label)
        if note:
            self.notes.append(note)
        if ctype == "text/html":
            text = html_to_text(text)
        if text.strip():
            self.texts.append(tidy(text))
            if ctype == "text/html":
                self.used_html = True
            else:
                self.used_plain = True

    def _attach_leaf(self, part: Message, ctype: str) -> None:
        name = _filename(part)
        if not name:
            self.unnamed += 1
            name = f"attachment-{self.unnamed}{_extension(ctype)}"
        self.labels[id(part)] = f"Attachment '{name}'"
        self._keep(name, ctype, _payload_bytes(part))

    def _attach_message(self, part: Message, ctype: str) -> None:
        name = _filename(part)
        if not name:
            self.forwarded += 1
            stem = "forwarded-message" if ctype == "message/rfc822" else "attached-message"
            suffix = "" if self.forwarded == 1 else f"-{self.forwarded}"
            name = f"{stem}{suffix}.eml"
        self.labels[id(part)] = f"Attachment '{name}'"
        self._keep(name, ctype, _message_bytes(part))

    def _keep(self, name: str, ctype: str, data: bytes) -> None:
        if len(data) > self.max_bytes:
            self.notes.append(
                f"Attachment '{name}' is {_size(len(data))}, over the {_size(self.max_bytes)} "
                "limit: kept out of the inquiry. It is still in the original e-mail file; keep "
                "that file to get it."
            )
            return
        self.attachments.append(Attachment(name, ctype, data))


def _read(data: bytes, max_bytes: int) -> ImportedMail:
    msg = BytesParser(policy=policy.default).parsebytes(_prepare(data))
    reader = _Reader(max_bytes)
    reader.single_part = _children(msg) is None and not _content_type(msg).startswith("message/")
    notes = reader.notes
    looks_like_mail = _looks_like_mail(msg)

    address, name = sender_of(msg, notes)
    subject = header_text(msg, "Subject", "subject", notes)
    if subject is None:
        subject = ""
        notes.append("No subject.")
    sent_at = sent_at_of(msg, notes)
    message_id = header_text(msg, "Message-ID", "Message-ID", notes) or ""
    message_id = message_id.strip()
    if not message_id:
        notes.append(
            "No Message-ID: the workstation cannot tell whether this e-mail was imported before."
        )

    if looks_like_mail:
        reader.walk(msg, collect_body=True)
    else:
        _not_mail(data, reader)

    notes.extend(_defect_notes(reader))
    body = "\n\n".join(reader.texts)
    if reader.used_html:
        notes.append(
            "An HTML part was converted to text." if reader.used_plain
            else "The HTML-only message was converted to text."
        )
    if not body.strip() and looks_like_mail:
        if reader.attachments:
            notes.append("The e-mail has no message text, only attachments.")
        else:
            notes.append("The e-mail has no message text.")
    if not address:
        notes.append("No sender address: add the requester's contact by hand.")

    return _finish(
        sender_address=address,
        sender_name=name,
        subject=subject,
        sent_at=sent_at,
        body=body,
        attachments=reader.attachments,
        message_id=message_id,
        notes=notes,
        raw_size=len(data),
    )


def _finish(
    *,
    sender_address: str,
    sender_name: str,
    subject: str,
    sent_at: datetime | None,
    body: str,
    attachments: Iterable[Attachment],
    message_id: str,
    notes: list[str],
    raw_size: int,
) -> ImportedMail:
    """Make every string safe to store (no NUL, no lone surrogate) and drop repeated notes."""
    found: list[str] = []

    def clean(text: str, what: str) -> str:
        safe = safe_text(text)
        if safe != text:
            found.append(what)
        return safe

    result_attachments = tuple(
        Attachment(clean(a.filename, "an attachment's name"), safe_text(a.content_type), a.data)
        for a in attachments
    )
    mail = ImportedMail(
        sender_address=clean(sender_address, "the sender's address").strip(),
        sender_name=clean(sender_name, "the sender's name").strip(),
        subject=clean(subject, "the subject"),
        sent_at=sent_at,
        body=clean(body, "the message text"),
        attachments=result_attachments,
        message_id=clean(message_id, "the Message-ID"),
        notes=(),
        raw_size=raw_size,
    )
    all_notes = [safe_text(n) for n in notes]
    if found:
        all_notes.append(
            "Characters that cannot be stored (NUL or broken characters) were replaced with "
            f"'\N{REPLACEMENT CHARACTER}' in {', '.join(dict.fromkeys(found))}."
        )
    return replace(mail, notes=tuple(dict.fromkeys(all_notes)))


def _unreadable(data: bytes, max_bytes: int, why: str) -> ImportedMail:
    """The last resort: the parser failed. Keep the whole file so nothing is lost."""
    notes = [f"The e-mail could not be taken apart ({why})."]
    attachments: list[Attachment] = []
    if len(data) <= max_bytes:
        attachments.append(Attachment("original-message.eml", "message/rfc822", data))
        notes[0] += " The whole file is kept as the attachment 'original-message.eml'."
    else:
        notes[0] += " The original file is too large to attach; keep it."
    text, _ = decode_text(data, None, "The file")
    return _finish(
        sender_address="",
        sender_name="",
        subject="",
        sent_at=None,
        body=tidy(text) if not _looks_binary(text) else "",
        attachments=attachments,
        message_id="",
        notes=[*notes, "No sender address: add the requester's contact by hand."],
        raw_size=len(data),
    )


def _prepare(data: bytes) -> bytes:
    """Undo what saving on Windows sometimes does: a byte-order mark, UTF-16, leading blanks."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        with contextlib.suppress(UnicodeError):
            data = data.decode("utf-16").encode("utf-8")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    return data.lstrip(b"\r\n")


_MAIL_HEADERS = frozenset(
    {"from", "to", "cc", "subject", "date", "message-id", "received", "mime-version",
     "content-type", "return-path", "sender", "reply-to", "delivered-to"}
)


def _looks_like_mail(msg: Message) -> bool:
    return any(name.lower() in _MAIL_HEADERS for name, _ in msg.raw_items())


def _not_mail(data: bytes, reader: _Reader) -> None:
    text, _ = decode_text(data, None, "The file")
    if _looks_binary(text):
        reader.notes.append(
            "The file does not look like an e-mail (no From, To, Subject or Date lines); it is "
            "kept whole as the attachment 'imported-file.bin'."
        )
        reader._keep("imported-file.bin", "application/octet-stream", data)
    else:
        reader.notes.append(
            "The file does not look like an e-mail (no From, To, Subject or Date lines); its "
            "content was imported as the message text."
        )
        reader.texts.append(tidy(text))


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    controls = sum(1 for c in sample if (c < " " and c not in "\t\n\r\f") or c == "\ufffd")
    return "\x00" in sample or controls > len(sample) // 20


# ---------------------------------------------------------------- parts


def _content_type(part: Message) -> str:
    try:
        return str(part.get_content_type()).lower()
    except Exception:
        return "application/octet-stream"


def _children(part: Message) -> list[Message] | None:
    """The sub-parts of a multipart part, None for a leaf (or a multipart the parser could not
    split, which is then read as text)."""
    try:
        payload = part.get_payload()
    except Exception:
        return None
    if isinstance(payload, list):
        return [p for p in payload if isinstance(p, Message)]
    return None


def _choose_alternative(children: list[Message]) -> Message | None:
    """The rendition of a multipart/alternative to read: plain text unless it is empty."""
    plain = [c for c in children if _content_type(c) == "text/plain" and not _is_attachment(c)]
    others = [c for c in children if c not in plain and not _is_attachment(c)]
    for candidate in plain:
        text, _ = decode_text(_payload_bytes(candidate), _charset(candidate), "")
        if text.strip():
            return candidate
    richer = [c for c in others if _content_type(c) in ("text/html",) or _children(c) is not None]
    if richer:
        return richer[0]
    return plain[0] if plain else (others[0] if others else None)


def _is_attachment(part: Message) -> bool:
    try:
        disposition = part.get_content_disposition()
    except Exception:
        disposition = None
    if disposition == "attachment":
        return True
    return disposition != "inline" and bool(_filename(part))


def _filename(part: Message) -> str:
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if not name:
        return ""
    name = unlabelled(str(name), "", [])
    if "=?" in name:
        name = decode_words(name)
    name = re.split(r"[\\/]", name)[-1]  # never a path: "C:\scans\a.pdf", "../../a.pdf"
    name = "".join(c for c in name if c >= " " and c != "\x7f").strip().strip(".")
    return name[:200]


def _charset(part: Message) -> str | None:
    try:
        charset = part.get_param("charset")
    except Exception:
        return None
    if isinstance(charset, tuple):  # RFC 2231 form
        charset = charset[2]
    if not isinstance(charset, str):
        return None
    charset = charset.strip().strip("\"'")
    return charset or None


def _payload_bytes(part: Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
        if isinstance(data, bytes):
            return data
    except Exception:
        pass
    try:
        payload = part.get_payload()
    except Exception:
        return b""
    if isinstance(payload, str):
        return payload.encode("utf-8", "surrogateescape")
    return b""


def _serialise(part: Message) -> bytes:
    """The part as a file; if the modern policy cannot write it, the lenient old one."""
    for how in (policy.default, policy.compat32):
        try:
            return part.as_bytes(policy=how)
        except Exception:
            continue
    try:
        return str(part).encode("utf-8", "surrogateescape")
    except Exception:
        return b""


def _message_bytes(part: Message) -> bytes:
    """The attached message itself (message/rfc822: the forwarded e-mail, as a file)."""
    children = _children(part)
    if children is not None and len(children) == 1:
        return _serialise(children[0])
    whole = _serialise(part)  # other message/* types: the part without its own headers
    for sep in (b"\r\n\r\n", b"\n\n"):
        _head, found, rest = whole.partition(sep)
        if found:
            return rest
    return whole


_EXTENSIONS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "text/calendar": ".ics",
    "application/x-zip-compressed": ".zip",
    "image/jpg": ".jpg",
    "image/pjpeg": ".jpg",
}
_MIME_TYPES = mimetypes.MimeTypes(filenames=())  # the built-in table only: same on every machine


def _extension(ctype: str) -> str:
    if ctype in _EXTENSIONS:
        return _EXTENSIONS[ctype]
    try:
        ext = _MIME_TYPES.guess_extension(ctype, strict=False)
    except Exception:
        ext = None
    return ext or ".bin"


def _size(n: int) -> str:
    if n % _MIB == 0:
        return f"{n // _MIB} MB"
    if n >= _MIB // 10:
        return f"{n / _MIB:.1f} MB"
    return f"{max(1, round(n / 1024))} KB"


_DEFECT_NOTES: dict[type[errors.MessageDefect], str] = {
    errors.NoBoundaryInMultipartDefect: (
        "The e-mail says it has several parts but not where they begin and end; it was read "
        "as one block of text."
    ),
    errors.StartBoundaryNotFoundDefect: (
        "The e-mail's parts were not where it said they would be; it was read as one block of "
        "text."
    ),
    errors.CloseBoundaryNotFoundDefect: (
        "The e-mail seems to be cut short (its last part never ends); everything that arrived "
        "was imported."
    ),
    errors.FirstHeaderLineIsContinuationDefect: "The e-mail's first header line was malformed.",
    errors.MissingHeaderBodySeparatorDefect: (
        "A header line was malformed; from there on it was read as message text."
    ),
    errors.MisplacedEnvelopeHeaderDefect: (
        "A stray 'From ' line was found among the headers and ignored."
    ),
}
_DAMAGE = (
    errors.InvalidBase64PaddingDefect,
    errors.InvalidBase64CharactersDefect,
    errors.InvalidBase64LengthDefect,
)


def _defect_notes(reader: _Reader) -> list[str]:
    notes: list[str] = []
    for part in reader.visited:
        for defect in getattr(part, "defects", ()):
            label = reader.labels.get(id(part))
            if isinstance(defect, _DAMAGE):
                who = label or "Part of the e-mail"
                notes.append(f"{who} was damaged in transit; what could be decoded was kept.")
                continue
            for kind, text in _DEFECT_NOTES.items():
                if isinstance(defect, kind):
                    notes.append(text)
                    break
    return notes
