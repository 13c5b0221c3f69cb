"""The header fields of a saved e-mail, read as well as they can be: encoded words decoded,
unlabelled 8-bit text guessed with a note, the sender and the date found even in damaged
headers (the e-mail reader's helpers, kept apart from the message's structure)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email import policy
from email.header import decode_header
from email.message import Message
from typing import Any

from workstation.domain.mail_text import codec_name, decode_first, decode_text


def _raw_header(msg: Message, name: str) -> str | None:
    wanted = name.lower()
    for key, value in msg.raw_items():
        if key.lower() == wanted:
            return str(value)
    return None


def _has_surrogates(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def unlabelled(raw: str, what: str, notes: list[str]) -> str:
    """A header with raw 8-bit bytes (no RFC 2047 label): UTF-8, else Windows-1252/Latin-1."""
    if not _has_surrogates(raw):
        return raw
    data = raw.encode("utf-8", "surrogateescape")
    text, used = decode_first(data, ("utf-8", "cp1252", "latin-1"))
    if used != "utf-8":
        notes.append(
            f"The {what} contained unlabelled non-English characters; read as {codec_name(used)}."
        )
    return text


def _parsed_header(msg: Message, name: str, what: str, notes: list[str]) -> Any:
    """The modern-policy header object for ``name`` (None when absent or unparseable)."""
    raw = _raw_header(msg, name)
    if raw is None:
        return None
    raw = unlabelled(raw, what, notes)
    try:
        return policy.default.header_factory(name, raw)
    except Exception:
        return None


def decode_words(raw: str) -> str:
    """RFC 2047 decoding by hand, each word with the charset fallbacks of the body."""
    try:
        chunks = decode_header(raw)
    except Exception:
        return raw
    out: list[str] = []
    for chunk, charset in chunks:
        if isinstance(chunk, str):
            out.append(chunk)
        else:
            out.append(decode_text(chunk, charset, "")[0])
    return "".join(out)


def header_text(msg: Message, name: str, what: str, notes: list[str]) -> str | None:
    raw = _raw_header(msg, name)
    if raw is None:
        return None
    header = _parsed_header(msg, name, what, notes)
    try:
        text = str(header) if header is not None else decode_words(unlabelled(raw, what, []))
    except Exception:
        text = decode_words(unlabelled(raw, what, []))
    text = " ".join(text.split())
    if "\ufffd" in text and "\ufffd" not in raw:
        notes.append(f"Some characters of the {what} could not be read; they show as '\ufffd'.")
    return text


def sender_of(msg: Message, notes: list[str]) -> tuple[str, str]:
    """(address, display name) from From; Reply-To or Sender when From has no address."""
    from_name = ""
    for header in ("From", "Reply-To", "Sender"):
        found = _addresses(msg, header, notes)
        if header == "From":
            if found is None:
                continue
            valid = [(a, n) for a, n in found if a]
            if not from_name:
                from_name = next((n for _, n in found if n), "")
            if not from_name:
                from_name = _bare_name(_raw_header(msg, "From") or "")
            if len(valid) > 1:
                notes.append(
                    f"The e-mail names {len(valid)} senders; the first, {valid[0][0]}, was used."
                )
            if valid:
                address, name = valid[0]
                return address, name or from_name
            continue
        if found:
            valid = [(a, n) for a, n in found if a]
            if valid:
                address, name = valid[0]
                notes.append(f"The From line has no address; the {header} address was used.")
                return address, from_name or name
    return "", from_name


def _addresses(msg: Message, name: str, notes: list[str]) -> list[tuple[str, str]] | None:
    """[(address or "", display name)] for the header; None when it is absent."""
    raw = _raw_header(msg, name)
    if raw is None:
        return None
    what = "sender's name" if name == "From" else f"{name} line"
    header = _parsed_header(msg, name, what, notes)
    result: list[tuple[str, str]] = []
    try:
        for addr in header.addresses:
            ok = bool(addr.username) and bool(addr.domain) and " " not in addr.username
            result.append((addr.addr_spec if ok else "", " ".join(addr.display_name.split())))
    except Exception:
        return _addresses_by_hand(raw)
    return result


def _addresses_by_hand(raw: str) -> list[tuple[str, str]]:
    from email.utils import getaddresses

    result: list[tuple[str, str]] = []
    try:
        pairs = getaddresses([decode_words(unlabelled(raw, "", []))])
    except Exception:
        return result
    for display, addr in pairs:
        local, _, domain = addr.partition("@")
        ok = bool(local) and bool(domain) and " " not in local
        result.append((addr if ok else "", " ".join(display.split())))
    return result


def _bare_name(raw: str) -> str:
    """"John Smith" from a From line that is only a name."""
    text = decode_words(unlabelled(raw, "", []))
    text = re.sub(r"<[^<>]*>", " ", text).replace('"', " ")
    text = " ".join(text.split())
    return "" if "@" in text or text.endswith(":;") else text


def sent_at_of(msg: Message, notes: list[str]) -> datetime | None:
    raw = _raw_header(msg, "Date")
    if raw is None or not raw.strip():
        notes.append("No Date header: the file's arrival time is used.")
        return None
    shown = " ".join(decode_words(unlabelled(raw, "", [])).split())[:80]
    try:
        header = policy.default.header_factory("Date", raw)
        when = header.datetime
        if when is None:
            raise ValueError(raw)
        if when.tzinfo is None:  # "-0000": the sender's zone is unknown; the time is UTC
            when = when.replace(tzinfo=UTC)
        result: datetime = when.astimezone(UTC)
    except Exception:
        notes.append(
            f"The Date header '{shown}' could not be read: the file's arrival time is used."
        )
        return None
    return result
