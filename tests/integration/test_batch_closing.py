"""Quality checks and the close of a batch on both databases: the examiner never checks their
own work, a mismatch holds the close, the funds must balance by tender, two closes cannot both
succeed, and a lead's reopening needs a reason and a new close."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from tests.helpers import demo_password
from workstation.errors import ConflictError, UserError
from workstation.services import (
    auth,
    batch_closing,
    batch_items,
    batch_review,
    intake,
    profile,
)
from workstation.services.batch_review import Decision
from workstation.services.dto import Actor
from workstation.services.intake_rules import DocumentInput, EnvelopeInput, RemittanceInput
from workstation.startup import Backend

P = profile.load()
ARRIVED = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)


def person(backend: Backend, who: str) -> Actor:
    return auth.sign_in(backend.db, backend.policy, who, demo_password(who))


@pytest.fixture
def two_formations(demo_backend: Backend) -> tuple[int, int]:
    """Two LLC formations paid by check in one tray: both land in one batch."""
    clerk = person(demo_backend, "clerk")
    session_id, _ = intake.open_session(demo_backend.db, P, clerk, "usps", "senior")
    ids = []
    for n in (1, 2):
        slip = intake.log_envelope(demo_backend.db, P, clerk, session_id, EnvelopeInput(
            arrived_at=ARRIVED, customer_name=f"Filer {n}",
            remittances=(RemittanceInput("99.00", f"Filer {n}", "check", f"70{n}", "Chase"),),
            documents=(DocumentInput("610", str(n + 1)),)))
        ids.append(slip.documents[0].id)
    return ids[0], ids[1]


def decide(backend: Backend, who: Actor, filing_id: int, choice: Decision) -> None:
    taken = batch_review.take(backend.db, who, filing_id)
    batch_review.decide(backend.db, P, who, filing_id, taken.version, choice)


@dataclass(frozen=True)
class Seen:
    id: int
    number: str
    version: int
    status: str


def batch_of(backend: Backend, filing_id: int) -> Seen:
    with backend.db.uow(read_only=True) as uow:
        found = batch_items.current_batch(uow, filing_id)
        return Seen(found.id, found.number, found.version, found.status)


def test_a_batch_closes_when_checked_decided_and_balanced(
        demo_backend: Backend, two_formations: tuple[int, int]) -> None:
    db = demo_backend.db
    senior, lead = person(demo_backend, "senior"), person(demo_backend, "lead")
    accepted, rejected = two_formations
    assert batch_of(demo_backend, accepted).status == "open"
    decide(demo_backend, senior, accepted, Decision("accepted", fields={
        "name": "Cobble Creek Bakery LLC"}))
    assert batch_of(demo_backend, accepted).status == "in_review"  # one still to decide
    codes = tuple(r.code for r in P.examination.reasons_for("OH-610"))[:1]
    decide(demo_backend, senior, rejected, Decision("rejected", reasons=codes,
                                                    money="refund", refund_cents=0))
    with pytest.raises(UserError, match="own work"):
        batch_closing.quality_check(db, P, senior, accepted, True)
    with pytest.raises(UserError, match="names the fields"):
        batch_closing.quality_check(db, P, lead, accepted, False)
    assert batch_of(demo_backend, accepted).status == "qc"  # all decided, not checked
    batch_closing.quality_check(db, P, lead, accepted, False, ("address",), "zip is 43251")
    batch = batch_of(demo_backend, accepted)
    assert batch.status == "qc"
    with pytest.raises(UserError) as refused:
        batch_closing.close(db, P, lead, batch.id, batch.version)
    message = refused.value.message
    assert "matching quality check" in message and "do not balance" in message
    assert "Check: received $198.00" in message  # both documents' money, one refunded short
    batch_closing.quality_check(db, P, lead, accepted, True)
    # The refund was left at nothing: corrected by a new decision row, the old one kept.
    assert batch_of(demo_backend, accepted).status == "qc"  # checked, but short of money
    with pytest.raises(UserError, match=r"at most the document's fee, \$99\.00"):
        batch_review.correct_money(db, P, senior, rejected, refund_cents=9900, credit_cents=1,
                                   held_cents=0, note="too much")
    batch_review.correct_money(db, P, senior, rejected, refund_cents=9900, credit_cents=0,
                               held_cents=0, note="the whole fee is refunded")
    batch = batch_of(demo_backend, accepted)
    assert batch.status == "balanced"
    done = batch_closing.close(db, P, lead, batch.id, batch.version)
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(done.report_pdf)).pages)
    assert batch.number in text and "Cobble Creek Bakery LLC" in text
    assert done.report.pages_to_image == 2  # only the accepted document is imaged
    rows = list(csv.reader(io.StringIO(done.manifest.decode("utf-8"))))
    assert rows[0][:4] == ["batch", "item", "document_number", "pages"]
    assert len(rows) == 2 and rows[1][0] == batch.number
    with pytest.raises(ConflictError):  # the same screen closing twice
        batch_closing.close(db, P, lead, batch.id, batch.version)
    with pytest.raises(UserError, match="closed already"):
        batch_closing.close(db, P, lead, batch.id, batch_of(demo_backend, accepted).version)
    with pytest.raises(UserError, match="Say why"):
        batch_closing.reopen(db, lead, batch.id, " ")
    batch_closing.reopen(db, lead, batch.id, "page count of item 1 was wrong")
    again = batch_of(demo_backend, accepted)
    assert again.status == "reopened"
    redone = batch_closing.close(db, P, lead, again.id, again.version)
    assert redone.report.reopen_note is not None and "page count" in redone.report.reopen_note


def test_an_undecided_document_keeps_the_batch_open(
        demo_backend: Backend, two_formations: tuple[int, int]) -> None:
    senior, lead = person(demo_backend, "senior"), person(demo_backend, "lead")
    decide(demo_backend, senior, two_formations[0], Decision("accepted", fields={
        "name": "Cobble Creek Bakery LLC"}))
    batch_closing.quality_check(demo_backend.db, P, lead, two_formations[0], True)
    batch = batch_of(demo_backend, two_formations[0])
    with pytest.raises(UserError, match="1 document\\(s\\) still to decide"):
        batch_closing.close(demo_backend.db, P, lead, batch.id, batch.version)
