"""Mail Sort after the envelopes: closing and verifying a tray, line voids, and the lists and
slips the screens read (open trays, open batches, a logged envelope, a batch's cover sheet,
known customers, the inquiry a letter became)."""


from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from workstation.db.uow import Database, UnitOfWork
from workstation.errors import PermissionDenied, UserError
from workstation.models import (
    Batch,
    BatchItem,
    Customer,
    Entity,
    Envelope,
    EnvelopeDocument,
    Filing,
    Inquiry,
    LineVoid,
    MailSession,
    Remittance,
    User,
)
from workstation.models.types import utcnow
from workstation.services import audit
from workstation.services.authz import authorize
from workstation.services.dto import Actor
from workstation.services.intake import _open_session
from workstation.services.intake_dto import (
    BatchCover,
    BatchRow,
    CashList,
    CashListLine,
    DocumentLine,
    EnvelopeSlip,
    InquiryInfo,
    RemittanceLine,
    SessionInfo,
)
from workstation.services.intake_dto import BatchItem as BatchItem_
from workstation.services.profile import Profile


def close_session(db: Database, profile: Profile, actor: Actor, session_id: int) -> CashList:
    """Close the tray: no more envelopes; returns the cash list for the verifier to sign off.
    The opener (or a lead) closes; the chain head printed on the list is the external witness."""

    def work(uow: UnitOfWork) -> CashList:
        authorize(uow, actor, "intake.log")
        session = _open_session(uow, session_id)
        if session.opened_by != actor.user_id and actor.role.value not in ("lead", "supervisor"):
            raise UserError("Only the clerk who opened the tray, or a lead, closes it.",
                            field="session")
        session.status = "closed"
        session.closed_at = utcnow()
        uow.session.flush()
        audit.record(uow, actor, "intake.close_session", "mail_session", session.id,
                     after={"number": session.number})
        cash = _cash_list(uow, profile, session)
        uow.commit()
        return cash

    return db.run(work)


def verify_session(db: Database, profile: Profile, verifier: Actor, session_id: int) -> CashList:
    """The second person signs off the closed tray's cash list. Only the named verifier."""

    def work(uow: UnitOfWork) -> CashList:
        authorize(uow, verifier, "intake.verify")
        session = uow.session.get(MailSession, session_id)
        if session is None or session.status != "closed":
            raise UserError("Close the tray before its cash list is verified.", field="session")
        if session.verifier_id != verifier.user_id:
            raise UserError("Only the second person named when the tray was opened verifies "
                            "its cash list.", field="verifier")
        if session.verified_at is not None:
            raise UserError("This cash list is already verified.", field="session")
        session.verified_at = utcnow()
        uow.session.flush()
        audit.record(uow, verifier, "intake.verify_session", "mail_session", session.id,
                     after={"number": session.number})
        cash = _cash_list(uow, profile, session)
        uow.commit()
        return cash

    return db.run(work)


def _cash_list(uow: UnitOfWork, profile: Profile, session: MailSession) -> CashList:
    voided = select(LineVoid.line_id).where(LineVoid.line_kind == "remittance")
    rows = uow.session.execute(
        select(Envelope.control_number, Remittance)
        .join(Remittance, Remittance.envelope_id == Envelope.id)
        .where(Envelope.session_id == session.id, Remittance.id.not_in(voided))
        .order_by(Envelope.id, Remittance.id)).all()
    lines = tuple(CashListLine(number, r.payer, r.instrument, r.check_number, r.bank,
                               r.amount_cents) for number, r in rows)
    envelopes = uow.session.execute(select(func.count()).select_from(Envelope).where(
        Envelope.session_id == session.id)).scalar_one()
    classes = uow.session.execute(
        select(Batch.service_type, Batch.service_level, func.count())
        .join(BatchItem, BatchItem.batch_id == Batch.id)
        .join(EnvelopeDocument, EnvelopeDocument.filing_id == BatchItem.filing_id)
        .join(Envelope, Envelope.id == EnvelopeDocument.envelope_id)
        .where(Envelope.session_id == session.id)
        .group_by(Batch.service_type, Batch.service_level)
        .order_by(Batch.service_type, Batch.service_level)).all()
    names = dict(uow.session.execute(select(User.id, User.username).where(
        User.id.in_([session.opened_by, session.verifier_id or 0]))).all())
    head_seq, head_hash = audit.chain_head(uow)
    return CashList(
        session.number, session.source, session.opened_at, session.closed_at,
        names.get(session.opened_by, "?"),
        names.get(session.verifier_id) if session.verifier_id else None, lines, int(envelopes),
        tuple((f"{kind.title()} / {level.replace('_', ' ').title()}", int(n))
              for kind, level, n in classes),
        f"{head_seq}:{head_hash}", session.verified_at)


def void_line(db: Database, actor: Actor, control: str, line_kind: str, line_id: int,
              reason: str, approver: Actor | None = None) -> None:
    """Void one line of a logged envelope, with a reason. A money line needs a lead's or
    supervisor's approval, and the approver is never the person voiding (separation of duties).
    The line stays; the void is appended."""
    if not reason.strip():
        raise UserError("Say why the line is voided.", field="reason")
    if line_kind not in ("remittance", "document"):
        raise UserError("Only a remittance or a document line can be voided.", field="line")

    def work(uow: UnitOfWork) -> None:
        authorize(uow, actor, "intake.log")
        row = uow.session.execute(select(Envelope).where(
            Envelope.control_number == control)).scalar_one_or_none()
        if row is None:
            raise UserError(f"No envelope has the control number {control}.", field="control")
        _check_line(uow, row, line_kind, line_id)
        approver_id = None
        if line_kind == "remittance":
            if approver is None:
                raise UserError("Voiding money needs a lead's approval.", field="approver")
            if approver.user_id == actor.user_id:
                raise UserError("The approver must be someone else.", field="approver")
            try:
                authorize(uow, approver, "intake.approve_money_void")
            except PermissionDenied as exc:  # the approver's refusal, shown at the approver
                raise PermissionDenied(exc.message, field="approver", code=exc.code) from exc
            approver_id = approver.user_id
        uow.session.add(LineVoid(envelope_id=row.id, line_kind=line_kind, line_id=line_id,
                                 reason=reason.strip(), voided_by=actor.user_id,
                                 approved_by=approver_id, at=utcnow()))
        audit.record(uow, actor, f"intake.void_{line_kind}", line_kind, line_id,
                     reason=reason.strip(), approver=approver.username if approver else None,
                     after={"envelope": control})
        uow.commit()

    db.run(work)


def _check_line(uow: UnitOfWork, row: Envelope, line_kind: str, line_id: int) -> None:
    line: Remittance | EnvelopeDocument | None = (
        uow.session.get(Remittance, line_id) if line_kind == "remittance"
        else uow.session.get(EnvelopeDocument, line_id))
    if line is None or line.envelope_id != row.id:
        raise UserError(f"That {line_kind} is not on envelope {row.control_number}.",
                        field="line")
    already = uow.session.execute(select(LineVoid.id).where(
        LineVoid.line_kind == line_kind, LineVoid.line_id == line_id)).first()
    if already:
        raise UserError(f"That {line_kind} line is already voided.", field="line")


def batch_cover(db: Database, profile: Profile, actor: Actor, number: str) -> BatchCover:
    """The cover sheet of a batch (by its number, as typed or scanned from a cover sheet)."""

    def work(uow: UnitOfWork) -> BatchCover:
        authorize(uow, actor, "registry.read")
        batch = uow.session.execute(select(Batch).where(
            Batch.number == number.strip().upper())).scalar_one_or_none()
        if batch is None:
            raise UserError(f"No batch has the number {number.strip()}.", field="batch")
        rows = uow.session.execute(
            select(Envelope.control_number, Filing, Entity.name)
            .select_from(Filing)
            .join(BatchItem, BatchItem.filing_id == Filing.id)
            .join(EnvelopeDocument, EnvelopeDocument.filing_id == Filing.id)
            .join(Envelope, Envelope.id == EnvelopeDocument.envelope_id)
            .outerjoin(Entity, Entity.id == Filing.entity_id)
            .where(BatchItem.batch_id == batch.id, _current_placement())
            .order_by(BatchItem.id)).all()
        items = tuple(BatchItem_(control, profile.filing_type_label(f.filing_type),
                                 name or "(new entity)", f.pages, f.fee_due_cents,
                                 f.received_at) for control, f, name in rows)
        due = profile.calendar.due(batch.service_level, batch.opened_at) \
            if batch.service_level != "regular" else None
        return BatchCover(batch.number, batch.service_type, batch.service_level,
                          batch.work_level, batch.opened_at, batch.due_at,
                          due.explanation if due else "Regular service", items)

    return db.run(work, read_only=True)


def _current_placement() -> Any:
    """A filing's place is its latest batch item: a move appends, the old row stays."""
    later = aliased(BatchItem)
    return ~select(later.id).where(later.filing_id == BatchItem.filing_id,
                                   later.id > BatchItem.id).correlate(BatchItem).exists()


def open_sessions(db: Database, actor: Actor) -> list[SessionInfo]:
    """Trays still open that this person opened or verifies (to resume after a restart)."""
    return _trays(db, actor, MailSession.status == "open")


def awaiting_sign_off(db: Database, actor: Actor) -> list[SessionInfo]:
    """Closed trays whose cash list the named verifier has not signed off yet, that this person
    opened or verifies: the sign-off is still to do after the opener has left the screen."""
    return _trays(db, actor, (MailSession.status == "closed")
                  & MailSession.verified_at.is_(None) & MailSession.verifier_id.is_not(None))


def _trays(db: Database, actor: Actor, which: Any) -> list[SessionInfo]:
    def work(uow: UnitOfWork) -> list[SessionInfo]:
        authorize(uow, actor, "intake.log")
        rows = uow.session.execute(
            select(MailSession).where(which, (MailSession.opened_by == actor.user_id)
                                      | (MailSession.verifier_id == actor.user_id))
            .order_by(MailSession.opened_at)).scalars().all()
        people = {int(i): (str(u), str(n)) for i, u, n in uow.session.execute(
            select(User.id, User.username, User.full_name).where(
                User.id.in_({s.opened_by for s in rows} | {s.verifier_id for s in rows
                                                           if s.verifier_id})))}
        unknown = ("?", "?")
        return [SessionInfo(
            s.id, s.number, s.source, s.opened_at, people.get(s.opened_by, unknown)[1],
            people.get(s.verifier_id, unknown)[1] if s.verifier_id else None, s.status,
            people.get(s.opened_by, unknown)[0],
            people.get(s.verifier_id, unknown)[0] if s.verifier_id else None, s.closed_at)
            for s in rows]

    return db.run(work, read_only=True)


def open_batches(db: Database, actor: Actor) -> list[BatchRow]:
    """Batches still open for sorting, expedite first (highest level, soonest due), then by
    class. What Mail Sort shows as "where today's paper went"."""
    level_rank = {"expedite_3": 0, "expedite_2": 1, "expedite_1": 2}

    def work(uow: UnitOfWork) -> list[BatchRow]:
        authorize(uow, actor, "registry.read")
        rows = uow.session.execute(
            select(Batch, func.count(BatchItem.id), func.coalesce(func.sum(Filing.pages), 0),
                   func.coalesce(func.sum(Filing.fee_due_cents), 0))
            .select_from(Batch)
            .outerjoin(BatchItem, (BatchItem.batch_id == Batch.id) & _current_placement())
            .outerjoin(Filing, Filing.id == BatchItem.filing_id)
            .where(Batch.status == "open").group_by(Batch.id)).all()
        found = [BatchRow(b.id, b.number, b.service_type, b.service_level, b.work_level,
                          b.status, int(n), int(pages), int(fees), b.due_at)
                 for b, n, pages, fees in rows]
        return sorted(found, key=lambda r: (level_rank.get(r.service_level, 9),
                                            r.due_at or datetime.max.replace(tzinfo=UTC),
                                            r.service_type, r.work_level, r.number))

    return db.run(work, read_only=True)


def envelope_slip(db: Database, profile: Profile, actor: Actor, control: str) -> EnvelopeSlip:
    """A logged envelope as its control slip (for a reprint, or a scanned slip)."""

    def work(uow: UnitOfWork) -> EnvelopeSlip:
        authorize(uow, actor, "registry.read")
        row = uow.session.execute(select(Envelope).where(
            Envelope.control_number == control.strip().upper())).scalar_one_or_none()
        if row is None:
            raise UserError(f"No envelope has the control number {control.strip()}.",
                            field="control")
        session = uow.session.get(MailSession, row.session_id)
        assert session is not None
        voided = {(v.line_kind, v.line_id) for v in uow.session.execute(
            select(LineVoid).where(LineVoid.envelope_id == row.id)).scalars()}
        money = tuple(RemittanceLine(r.id, r.instrument, r.check_number, r.payer, r.bank,
                                     r.amount_cents, r.payable_to_ok, r.endorsed,
                                     ("remittance", r.id) in voided)
                      for r in uow.session.execute(select(Remittance).where(
                          Remittance.envelope_id == row.id).order_by(Remittance.id)).scalars())
        documents = tuple(_document_line(uow, profile, d, ("document", d.id) in voided)
                          for d in uow.session.execute(select(EnvelopeDocument).where(
                              EnvelopeDocument.envelope_id == row.id)
                              .order_by(EnvelopeDocument.id)).scalars())
        names = dict(uow.session.execute(select(User.id, User.username)).all())
        return EnvelopeSlip(row.control_number, session.number, session.source, row.arrived_at,
                            row.received_at, row.postmark, row.customer_name, money, documents,
                            tuple(c for c in row.exceptions.split(",") if c), row.outcome,
                            row.outcome_note, names.get(row.logged_by, "?"),
                            names.get(session.verifier_id) if session.verifier_id else None,
                            row.correspondence_only)

    return db.run(work, read_only=True)


def _document_line(uow: UnitOfWork, profile: Profile, doc: EnvelopeDocument,
                   voided: bool) -> DocumentLine:
    filing = uow.session.get(Filing, doc.filing_id)
    assert filing is not None
    entity = uow.session.get(Entity, filing.entity_id) if filing.entity_id else None
    batch = uow.session.execute(
        select(Batch.number).join(BatchItem, BatchItem.batch_id == Batch.id)
        .where(BatchItem.filing_id == filing.id).order_by(BatchItem.id.desc()).limit(1)).scalar()
    return DocumentLine(filing.id, filing.filing_type,
                        profile.filing_type_label(filing.filing_type),
                        entity.number if entity else None, entity.name if entity else None,
                        filing.pages, doc.requested_level, filing.service_level,
                        filing.fee_due_cents, batch, voided)


def find_customers(db: Database, actor: Actor, text: str, limit: int = 12
                   ) -> list[tuple[int, str]]:
    """Known customers whose name starts with ``text`` (law firms and service companies recur:
    the clerk picks one instead of typing it again). (id, name), alphabetical."""
    prefix = text.strip().casefold()
    if not prefix:
        return []

    def work(uow: UnitOfWork) -> list[tuple[int, str]]:
        authorize(uow, actor, "intake.log")
        rows = uow.session.execute(
            select(Customer.id, Customer.name)
            .where(Customer.name_sort >= prefix, Customer.name_sort < prefix + "\uffff")
            .order_by(Customer.name_sort).limit(limit)).all()
        return [(int(i), str(n)) for i, n in rows]

    return db.run(work, read_only=True)


def inquiry_for_envelope(db: Database, actor: Actor, control: str) -> InquiryInfo | None:
    """The inquiry a correspondence-only envelope became (None for an envelope of filings)."""

    def work(uow: UnitOfWork) -> InquiryInfo | None:
        authorize(uow, actor, "registry.read")
        row = uow.session.execute(
            select(Inquiry).join(Envelope, Envelope.id == Inquiry.envelope_id)
            .where(Envelope.control_number == control.strip().upper())).scalar_one_or_none()
        if row is None:
            return None
        return InquiryInfo(row.id, row.number, row.channel, row.received_at, row.requester,
                           row.category, row.status, row.summary)

    return db.run(work, read_only=True)
