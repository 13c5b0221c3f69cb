"""Certificates the office issues (issue 8): good standing, status, certified copies, apostilles,
authentications and minister licences; every print of one; the documents a certified copy or an
apostille covers; and the public officials whose signatures apostilles certify.

A certificate is issued with a snapshot of every fact it prints (canonical JSON) and the hash
of that snapshot, and with the charge the teller collects for it. It is *released* at its first
print after payment: ``released_at`` and the released PDF's hash are set once, by a conditional
UPDATE (``... WHERE released_at IS NULL``), the certificate's only change. Prints and items are
appended, never edited (app role: INSERT and SELECT only, ``db.grants``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workstation.models.base import Base, Versioned
from workstation.models.types import UTCDateTime, utcnow

SHA256_HEX = 64


class Official(Versioned, Base):
    """A public official whose signature the office certifies on apostilles and
    authentications, with the date the specimen signature was filed; maintained by leads."""

    __tablename__ = "officials"
    __table_args__ = (Index("ix_officials_name", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)  # "Notary Public"
    jurisdiction: Mapped[str] = mapped_column(String(200), nullable=False)  # "Franklin County"
    specimen_on: Mapped[date] = mapped_column(Date, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class Certificate(Base):
    __tablename__ = "certificates"
    __table_args__ = (Index("ix_certificates_entity", "entity_id"),
                      Index("ix_certificates_subject", "subject_key"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(12), unique=True, nullable=False)  # CE0000001
    # good_standing / status / certified_copy / apostille / authentication / minister_licence
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), nullable=True)
    verification_code: Mapped[str] = mapped_column(String(11), unique=True, nullable=False)
    snapshot: Mapped[str] = mapped_column(Text, nullable=False)  # canonical JSON
    snapshot_sha256: Mapped[str] = mapped_column(String(SHA256_HEX), nullable=False)
    # A minister licence's applicant, normalised, so a second licence for one person is found.
    subject_key: Mapped[str | None] = mapped_column(String(300), nullable=True)
    destination_country: Mapped[str | None] = mapped_column(String(2), nullable=True)  # ISO
    official_id: Mapped[int | None] = mapped_column(ForeignKey("officials.id"), nullable=True)
    charge_id: Mapped[int] = mapped_column(ForeignKey("charges.id"), unique=True,
                                           nullable=False)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    issued_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    released_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    pdf_sha256: Mapped[str | None] = mapped_column(String(SHA256_HEX), nullable=True)


class CertificatePrint(Base):
    """One print of a certificate: the first is the release, every later one a reprint."""

    __tablename__ = "certificate_prints"
    __table_args__ = (Index("ix_certificate_prints_certificate", "certificate_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"), nullable=False)
    printed_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    printed_by: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    reprint: Mapped[bool] = mapped_column(Boolean, nullable=False)
    pdf_sha256: Mapped[str] = mapped_column(String(SHA256_HEX), nullable=False)


class CertificateItem(Base):
    """A document a certified copy or an apostille covers (a filing of the register, or a
    document brought in, described)."""

    __tablename__ = "certificate_items"
    __table_args__ = (Index("ix_certificate_items_certificate", "certificate_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"), nullable=False)
    filing_id: Mapped[int | None] = mapped_column(ForeignKey("filings.id"), nullable=True)
    description: Mapped[str] = mapped_column(String(300), nullable=False)
    pages: Mapped[int] = mapped_column(Integer, nullable=False)
