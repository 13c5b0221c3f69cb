"""The rejection (or UCC refusal) letter of a decided document, composed from the record: the
envelope's customer and control number, the catalogue's reasons with their cures, what happens
to the money, and for a UCC refusal the time the record would have been filed (9-520(b))."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from workstation.db.uow import Database, UnitOfWork
from workstation.errors import UserError
from workstation.models import Customer, Envelope, EnvelopeDocument, Filing, User
from workstation.models.types import utcnow
from workstation.services.authz import authorize
from workstation.services.batch_items import standing
from workstation.services.dto import Actor
from workstation.services.profile import Profile

if TYPE_CHECKING:
    from workstation.printing.rejection_letter import RejectionNotice, RejectionReason

MONEY_WORDS = {
    "refund": "The fee will be refunded by a check mailed to you separately.",
    "credit": "The fee has been credited to your account with this office.",
    "hold": "The fee is held for the corrected document; send it with a copy of this letter.",
}


def rejection_letter(db: Database, profile: Profile, actor: Actor, filing_id: int) -> bytes:
    """The letter PDF for a rejected or returned document."""
    from workstation.printing.rejection_letter import build_rejection_letter


    def work(uow: UnitOfWork) -> RejectionNotice:
        authorize(uow, actor, "batch.read")
        filing = uow.session.get(Filing, filing_id)
        last = standing(uow, [filing_id]).get(filing_id)
        if filing is None or last is None or last.decision not in ("rejected", "returned"):
            raise UserError("Only a rejected or returned document has a rejection letter.",
                            field="filing")
        envelope = uow.session.execute(
            select(Envelope).join(EnvelopeDocument, EnvelopeDocument.envelope_id == Envelope.id)
            .where(EnvelopeDocument.filing_id == filing_id)).scalar_one_or_none()
        customer = uow.session.get(Customer, envelope.customer_id) \
            if envelope is not None and envelope.customer_id else None
        recipient = tuple(line for line in (
            envelope.customer_name if envelope else "Filer",
            *((customer.address or "").splitlines() if customer else ())) if line.strip())
        examiner = uow.session.execute(select(User.full_name).where(
            User.id == last.decided_by)).scalar() or ""
        kind = profile.filing_types.get(filing.filing_type)
        reasons = tuple(_reason(profile, filing.filing_type, code)
                        for code in last.reasons.split(",") if code)
        refused = kind.service == "ucc"
        money = last.money or "refund"
        amount = {"refund": last.refund_cents, "credit": last.credit_cents,
                  "hold": last.held_cents}.get(money, 0)
        head = profile.answer_templates.letterhead
        from workstation.printing.rejection_letter import RejectionNotice

        return RejectionNotice(
            letterhead=head, date_line=utcnow().astimezone(profile.calendar.zone).date(),
            recipient=recipient, reference=envelope.control_number if envelope else
            filing.document_number, document_label=kind.label, received_at=filing.received_at,
            kind="refusal" if refused else "rejection", reasons=reasons,
            money=money if amount else "none", amount_cents=amount,
            money_words=MONEY_WORDS.get(money, ""),
            signature=(examiner, "Business Services Division", head.office[0]),
            would_be_filed_at=last.would_be_filed_at if refused else None,
            examiner=examiner, service_level=filing.service_level, note=last.note)

    notice = db.run(work, read_only=True)
    return build_rejection_letter(notice, zone=profile.calendar.zone)


def _reason(profile: Profile, filing_type: str, code: str) -> RejectionReason:
    from workstation.printing.rejection_letter import RejectionReason

    found = profile.examination.reason_for(filing_type, code)
    return RejectionReason(found.code, found.label, found.cure, found.citation)
