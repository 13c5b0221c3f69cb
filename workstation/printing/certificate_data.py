"""What a certificate says, as plain frozen values: the services fill a ``CertificateSheet`` from
the certificate's stored snapshot (so a reprint says exactly what the original said) and
``certificate_pdf`` draws it. Every string here is already rendered: the builder adds nothing but
layout, the REPRINT or SPECIMEN mark and the QR symbol of the code."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SheetItem:
    """One numbered item of an apostille: "2. has been signed by  Jane Roe"."""

    number: int
    label: str
    text: str
    heading: str = ""  # printed above the item ("This public document", "Certified")


@dataclass(frozen=True)
class CertificateSheet:
    heading: tuple[str, ...]  # the office: "Ohio Secretary of State", "Business Services Division"
    title: str  # "Certificate of Good Standing"
    subtitle: str  # "also called a Certificate of Existence", or ""
    body: str  # the certifying text, rendered; "" for an apostille
    facts: tuple[tuple[str, str], ...]  # the facts table: label, value
    closing: str  # "Witness my hand and the seal ... at Columbus, Ohio, on November 23, 2026."
    officer_name: str
    officer_title: str
    seal_text: str  # around the drawn seal
    number: str  # the certificate number, CE0000001
    code: str  # the verification code as printed, 4821-5539-219; also the QR symbol's content
    verify_note: str  # how a reader verifies the certificate
    items: tuple[SheetItem, ...] = ()  # an apostille's ten numbered items
    reprint: str = ""  # "" on the original; the reprint's line ("printed again on ...") else
    # A specimen: the page shown before release for checking, marked SPECIMEN, not valid.
    specimen: bool = False
