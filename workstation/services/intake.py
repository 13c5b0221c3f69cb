"""Mail Sort: open a tray's session, log envelopes, route documents to batches, close the tray.

An envelope is logged in one transaction: its control number, received time (the registry
calendar's, never re-implemented here), customer, money, documents as filings in the register,
each filing in the open batch for its service type x speed x work level, an inquiry for
correspondence, and one audit record. Nothing logged is edited later; voids are appended.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from workstation.db.uow import Database, UnitOfWork
from workstation.domain import check_digits
from workstation.domain.envelope_balance import DocumentAsk, EnvelopeBalance, balance
from workstation.domain.fees import FeeError, FeeRequest
from workstation.errors import PermissionDenied, UserError, ValidationErrors
from workstation.models import (
    Batch,
    BatchItem,
    Customer,
    Entity,
    Envelope,
    EnvelopeDocument,
    Filing,
    FilingEvent,
    Inquiry,
    LineVoid,
    MailSession,
    Remittance,
    User,
)
from workstation.models.types import utcnow
from workstation.services import audit, numbering
from workstation.services.authz import authorize
from workstation.services.dto import Actor
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
from workstation.services.intake_rules import (
    EnvelopeInput,
    check_document,
    check_remittance,
    rules,
)
from workstation.services.profile import Profile

_SPACE = re.compile(r"\s+")


def control_number(n: int) -> str:
    """"M" + seven digits + a Verhoeff check digit: typed back or scanned, a slip is caught."""
    return "M" + check_digits.append_check_digit(f"{n:07d}")


def batch_number(n: int) -> str:
    return "B" + check_digits.append_check_digit(f"{n:06d}")


def payer_key(payer: str) -> str:
    return _SPACE.sub(" ", payer).strip().casefold()


def open_session(db: Database, profile: Profile, actor: Actor, source: str,
                 verifier: str | None = None) -> tuple[int, str]:
    """Open a tray. Sources where money is expected need a second person who is not the
    opener. Returns (session id, session number)."""
    known = rules(profile.code).sources
    if source not in known:
        raise UserError(f"Source must be one of {', '.join(known)}.", field="source")

    def work(uow: UnitOfWork) -> tuple[int, str]:
        authorize(uow, actor, "intake.log")
        verifier_id = _verifier(uow, actor, verifier, known[source].money_expected)
        number = f"S{numbering.next_number(uow, 'mail_session'):06d}"
        session = MailSession(number=number, source=source, opened_at=utcnow(),
                              opened_by=actor.user_id, verifier_id=verifier_id, status="open")
        uow.session.add(session)
        uow.session.flush()
        audit.record(uow, actor, "intake.open_session", "mail_session", session.id,
                     after={"number": number, "source": source, "verifier_id": verifier_id})
        uow.commit()
        return session.id, number

    return db.run(work)


def _verifier(uow: UnitOfWork, actor: Actor, username: str | None, required: bool) -> int | None:
    if not username:
        if required:
            raise UserError("Money is expected in this tray: name the second person who "
                            "verifies the cash list.", field="verifier")
        return None
    user = uow.session.execute(select(User).where(
        User.username == username.strip().casefold(), User.active.is_(True))).scalar_one_or_none()
    if user is None:
        raise UserError(f"There is no active user {username!r}.", field="verifier")
    if user.id == actor.user_id:
        raise UserError("The verifier must be a second person, not the opener.",
                        field="verifier")
    return user.id


def preview(profile: Profile, envelope: EnvelopeInput, on: date,
            source: str | None = None) -> EnvelopeBalance:
    """The live balance while the clerk types (``source``: the tray's); raises ValidationErrors
    for unreadable lines."""
    tendered, asks, problems = _read(profile, envelope)
    if problems:
        raise ValidationErrors(problems)
    return _balance(profile, envelope, asks, tendered, on, source)


def _balance(profile: Profile, envelope: EnvelopeInput, asks: list[DocumentAsk], tendered: int,
             on: date, source: str | None) -> EnvelopeBalance:
    known = rules(profile.code)
    held = [known.exceptions[c] for c in envelope.exceptions if c in known.holds_money]
    try:
        return balance(profile.fees, asks, tendered, on,
                       in_person=source in (None, "walk_in"),
                       money_held="; ".join(held) or None)
    except FeeError as exc:
        raise UserError(str(exc), field="documents") from exc


def _read(profile: Profile, envelope: EnvelopeInput
          ) -> tuple[int, list[DocumentAsk], list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    tendered = 0
    for i, line in enumerate(envelope.remittances):
        cents, found = check_remittance(i, line)
        problems += found
        tendered += cents or 0
    asks = []
    for i, doc in enumerate(envelope.documents):
        kind, pages, shares, found = check_document(profile, i, doc)
        problems += found
        if kind is not None:
            # A type filed by one kind of entity is priced for it; others are priced "*".
            entity_type = next(iter(kind.entity_types)) if len(kind.entity_types) == 1 \
                else None
            asks.append(DocumentAsk(FeeRequest(kind.code, entity_type, shares=shares,
                                               pages=pages, service_level=doc.requested_level)))
    known = rules(profile.code).exceptions
    problems += [("exceptions", f"Unknown exception {code!r}.")
                 for code in envelope.exceptions if code not in known]
    if envelope.correspondence_only and envelope.documents:
        problems.append(("documents", "Correspondence only: remove the documents, or untick "
                                      "correspondence only."))
    if envelope.correspondence_only and not envelope.correspondence_summary.strip():
        problems.append(("correspondence_summary", "Say in a line what the letter asks."))
    if not envelope.customer_name.strip():
        problems.append(("customer_name", "Type who sent the envelope."))
    return tendered, asks, problems


def log_envelope(db: Database, profile: Profile, actor: Actor, session_id: int,
                 envelope: EnvelopeInput) -> EnvelopeSlip:
    """Log one envelope; refuses with every problem at its field (ValidationErrors)."""
    tendered, asks, problems = _read(profile, envelope)
    if problems:
        raise ValidationErrors(problems)
    received = profile.calendar.normalise_received(envelope.arrived_at)

    def work(uow: UnitOfWork) -> EnvelopeSlip:
        authorize(uow, actor, "intake.log")
        session = _open_session(uow, session_id)
        result = _balance(profile, envelope, asks, tendered, received.date(), session.source)
        _refuse_repeated_checks(uow, envelope)
        entities = _entities(uow, envelope)
        number = control_number(numbering.next_number(uow, "control"))
        row = Envelope(control_number=number, session_id=session.id,
                       arrived_at=envelope.arrived_at, received_at=received,
                       postmark=envelope.postmark, customer_id=_customer(uow, envelope),
                       customer_name=envelope.customer_name.strip(),
                       correspondence_only=envelope.correspondence_only,
                       exceptions=",".join(envelope.exceptions), outcome=result.outcome,
                       outcome_note=result.note, logged_by=actor.user_id)
        uow.session.add(row)
        uow.session.flush()
        money = _remittances(uow, row, envelope)
        documents = _documents(uow, profile, actor, row, envelope, result, entities)
        if envelope.correspondence_only:
            _inquiry(uow, row, session.source, envelope)
        audit.record(uow, actor, "intake.log_envelope", "envelope", row.id, after={
            "control_number": number, "tendered_cents": tendered, "due_cents": result.due_cents,
            "outcome": result.outcome, "documents": len(documents)})
        uow.commit()
        return EnvelopeSlip(number, session.number, session.source, row.arrived_at,
                            row.received_at, row.postmark, row.customer_name, tuple(money),
                            tuple(documents), envelope.exceptions, result.outcome, result.note,
                            actor.username, None, envelope.correspondence_only)

    return db.run(work)


def _open_session(uow: UnitOfWork, session_id: int) -> MailSession:
    session = uow.session.get(MailSession, session_id)
    if session is None or session.status != "open":
        raise UserError("This mail session is not open.", field="session")
    return session


def _refuse_repeated_checks(uow: UnitOfWork, envelope: EnvelopeInput) -> None:
    """One payer's check number is logged once (a second time is a copy or a mistake)."""
    seen: set[tuple[str, str]] = set()
    problems = []
    for i, line in enumerate(envelope.remittances):
        if line.instrument != "check":
            continue
        key = (payer_key(line.payer), line.check_number.strip())
        earlier = uow.session.execute(
            select(Envelope.control_number).join(Remittance, Remittance.envelope_id == Envelope.id)
            .where(Remittance.payer_key == key[0], Remittance.check_number == key[1])
            .limit(1)).scalar()
        if key in seen or earlier:
            where = f"envelope {earlier}" if earlier else "this envelope"
            problems.append((f"remittances[{i}].check_number",
                             f"Check {key[1]} from {line.payer.strip()} is already logged in "
                             f"{where}."))
        seen.add(key)
    if problems:
        raise ValidationErrors(problems)


def _entities(uow: UnitOfWork, envelope: EnvelopeInput) -> dict[int, Entity]:
    found: dict[int, Entity] = {}
    problems = []
    for i, doc in enumerate(envelope.documents):
        number = doc.entity.strip().replace(" ", "")
        if not number:
            continue
        entity = uow.session.execute(
            select(Entity).where(Entity.number == number)).scalar_one_or_none()
        if entity is None:
            problems.append((f"documents[{i}].entity", f"No entity has the number {number}."))
        else:
            found[i] = entity
    if problems:
        raise ValidationErrors(problems)
    return found


def _customer(uow: UnitOfWork, envelope: EnvelopeInput) -> int | None:
    if envelope.customer_id is not None:
        if uow.session.get(Customer, envelope.customer_id) is None:
            raise UserError("That customer is no longer on file.", field="customer_name")
        return envelope.customer_id
    name = envelope.customer_name.strip()
    known = uow.session.execute(select(Customer.id).where(
        Customer.name_sort == name.casefold())).scalar()
    if known is not None:
        return int(known)
    customer = Customer(name=name, name_sort=name.casefold())
    uow.session.add(customer)
    uow.session.flush()
    return customer.id


def _remittances(uow: UnitOfWork, row: Envelope, envelope: EnvelopeInput
                 ) -> list[RemittanceLine]:
    lines = []
    for line in envelope.remittances:
        cents, _ = check_remittance(0, line)
        assert cents is not None  # _read refused anything unreadable
        money = Remittance(envelope_id=row.id, instrument=line.instrument,
                           check_number=line.check_number.strip() or None,
                           payer=line.payer.strip(), payer_key=payer_key(line.payer),
                           bank=line.bank.strip() or None, amount_cents=cents,
                           payable_to_ok=line.payable_to_ok, endorsed=line.endorsed)
        uow.session.add(money)
        uow.session.flush()
        lines.append(RemittanceLine(money.id, money.instrument, money.check_number, money.payer,
                                    money.bank, cents, money.payable_to_ok, money.endorsed))
    return lines


def _documents(uow: UnitOfWork, profile: Profile, actor: Actor, row: Envelope,
               envelope: EnvelopeInput, result: EnvelopeBalance,
               entities: dict[int, Entity]) -> list[DocumentLine]:
    lines = []
    for i, (doc, priced) in enumerate(zip(envelope.documents, result.documents, strict=True)):
        kind, pages, _, _ = check_document(profile, i, doc)
        assert kind is not None and pages is not None
        entity = entities.get(i)
        year = row.received_at.year
        filing = Filing(document_number=f"{year}{numbering.next_number(uow, 'document'):08d}",
                        filing_type=kind.code, entity_id=entity.id if entity else None,
                        received_at=row.received_at, pages=pages,
                        fee_due_cents=priced.fee_due_cents, service_level=priced.service_level,
                        status="received")
        uow.session.add(filing)
        uow.session.flush()
        uow.session.add(FilingEvent(filing_id=filing.id, status="received",
                                    at=row.received_at, by_user=actor.username,
                                    note=f"envelope {row.control_number}"))
        uow.session.add(EnvelopeDocument(envelope_id=row.id, filing_id=filing.id,
                                         requested_level=priced.requested_level,
                                         note=priced.note))
        batch = route(uow, profile, actor, filing, kind.service.value, kind.work_level)
        lines.append(DocumentLine(filing.id, kind.code, kind.title,
                                  entity.number if entity else None,
                                  entity.name if entity else None, pages,
                                  priced.requested_level, priced.service_level,
                                  priced.fee_due_cents, batch.number))
    return lines


def route(uow: UnitOfWork, profile: Profile, actor: Actor, filing: Filing, service_type: str,
          work_level: int, *, reason: str | None = None) -> Batch:
    """Put ``filing`` in the open batch of its class, opening one when there is none. An
    expedite batch is due by its first item's clock (the registry calendar's)."""
    batch = uow.session.execute(
        select(Batch).where(Batch.service_type == service_type,
                            Batch.service_level == filing.service_level,
                            Batch.work_level == work_level, Batch.status == "open")
        .order_by(Batch.id).limit(1).with_for_update()).scalar_one_or_none()
    if batch is None:
        due = profile.calendar.due(filing.service_level, filing.received_at)
        batch = Batch(number=batch_number(numbering.next_number(uow, "batch")),
                      service_type=service_type, service_level=filing.service_level,
                      work_level=work_level, status="open", opened_at=utcnow(),
                      due_at=due.at if due and filing.service_level != "regular" else None)
        uow.session.add(batch)
        uow.session.flush()
        audit.record(uow, actor, "intake.open_batch", "batch", batch.id,
                     after={"number": batch.number, "class": [service_type,
                                                                filing.service_level,
                                                                work_level]})
    uow.session.add(BatchItem(batch_id=batch.id, filing_id=filing.id, added_at=utcnow(),
                              added_by=actor.user_id, reason=reason))
    return batch


def _inquiry(uow: UnitOfWork, row: Envelope, source: str, envelope: EnvelopeInput) -> None:
    channel = {"email": "email", "fax": "fax", "walk_in": "walk_in"}.get(source, "mail")
    uow.session.add(Inquiry(
        number=f"Q{numbering.next_number(uow, 'inquiry'):07d}", channel=channel,
        arrived_at=row.arrived_at, received_at=row.received_at, requester=row.customer_name,
        summary=envelope.correspondence_summary.strip(), envelope_id=row.id, status="new"))


def session_totals(db: Database, actor: Actor, session_id: int) -> dict[str, int]:
    """Envelopes, documents and money of a session so far (for the tray's running totals)."""

    def work(uow: UnitOfWork) -> dict[str, int]:
        authorize(uow, actor, "intake.log")
        envelopes = uow.session.execute(select(func.count()).select_from(Envelope).where(
            Envelope.session_id == session_id)).scalar_one()
        money = uow.session.execute(
            select(func.count(), func.coalesce(func.sum(Remittance.amount_cents), 0))
            .join(Envelope, Envelope.id == Remittance.envelope_id)
            .where(Envelope.session_id == session_id)).one()
        documents = uow.session.execute(
            select(func.count()).select_from(EnvelopeDocument)
            .join(Envelope, Envelope.id == EnvelopeDocument.envelope_id)
            .where(Envelope.session_id == session_id)).scalar_one()
        return {"envelopes": int(envelopes), "documents": int(documents),
                "remittances": int(money[0]), "amount_cents": int(money[1])}

    return db.run(work, read_only=True)


def received_today(profile: Profile, arrived: datetime) -> datetime:
    """The received time Mail Sort stamps for an arrival (shown before the envelope is saved)."""
    return profile.calendar.normalise_received(arrived)


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

    def work(uow: UnitOfWork) -> list[SessionInfo]:
        authorize(uow, actor, "intake.log")
        rows = uow.session.execute(
            select(MailSession).where(MailSession.status == "open",
                                      (MailSession.opened_by == actor.user_id)
                                      | (MailSession.verifier_id == actor.user_id))
            .order_by(MailSession.opened_at)).scalars().all()
        names = dict(uow.session.execute(select(User.id, User.full_name)).all())
        return [SessionInfo(s.id, s.number, s.source, s.opened_at, names.get(s.opened_by, "?"),
                            names.get(s.verifier_id) if s.verifier_id else None, s.status)
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


def move_to_batch(db: Database, profile: Profile, actor: Actor, filing_id: int,
                  batch_number_: str, reason: str) -> None:
    """Override the sorting: put a filing in another open batch, with a reason (appended; the
    earlier placement stays in the history)."""
    if not reason.strip():
        raise UserError("Say why the document goes to another batch.", field="reason")

    def work(uow: UnitOfWork) -> None:
        authorize(uow, actor, "intake.log")
        batch = uow.session.execute(select(Batch).where(
            Batch.number == batch_number_.strip().upper())).scalar_one_or_none()
        if batch is None or batch.status != "open":
            raise UserError("Move documents only into an open batch.", field="batch")
        if uow.session.get(Filing, filing_id) is None:
            raise UserError("That document is not on file.", field="document")
        uow.session.add(BatchItem(batch_id=batch.id, filing_id=filing_id, added_at=utcnow(),
                                  added_by=actor.user_id, reason=reason.strip()))
        audit.record(uow, actor, "intake.move_to_batch", "filing", filing_id,
                     after={"batch": batch.number}, reason=reason.strip())
        uow.commit()

    db.run(work)


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
