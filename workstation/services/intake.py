"""Mail Sort: open a tray's session, log envelopes, route documents to batches, close the tray.

An envelope is logged in one transaction: its control number, received time (the registry
calendar's, never re-implemented here), customer, money, documents as filings in the register,
each filing in the open batch for its service type x speed x work level, an inquiry for
correspondence, and one audit record. Nothing logged is edited later; voids are appended.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import func, select

from workstation.db.uow import Database, UnitOfWork
from workstation.domain import check_digits
from workstation.domain.envelope_balance import DocumentAsk, EnvelopeBalance, balance
from workstation.domain.fees import FeeError, FeeRequest
from workstation.errors import UserError, ValidationErrors
from workstation.models import (
    Batch,
    BatchItem,
    Customer,
    Entity,
    Envelope,
    EnvelopeDocument,
    Filing,
    FilingEvent,
    MailSession,
    Remittance,
    User,
)
from workstation.models.types import utcnow
from workstation.services import audit, inquiries, intake_entities, numbering
from workstation.services.authz import authorize
from workstation.services.dto import Actor
from workstation.services.intake_dto import (
    DocumentLine,
    EnvelopeSlip,
    RemittanceLine,
)
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
        entities = intake_entities.resolve(uow, profile, envelope)
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
            _inquiry(uow, profile, actor, row, session.source, envelope)
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


def _inquiry(uow: UnitOfWork, profile: Profile, actor: Actor, row: Envelope, source: str,
             envelope: EnvelopeInput) -> None:
    channel = {"email": "email", "fax": "fax", "walk_in": "walk_in"}.get(source, "mail")
    inquiries.from_envelope(uow, profile, actor, row, channel,
                            envelope.correspondence_summary.strip())


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


# The tray's later steps live in intake_trays (a module of their own for size); callers keep
# one name for the whole workflow.
from workstation.services.intake_entities import find_entities  # noqa: E402
from workstation.services.intake_trays import (  # noqa: E402
    awaiting_sign_off,
    batch_cover,
    close_session,
    envelope_slip,
    find_customers,
    inquiry_for_envelope,
    open_batches,
    open_sessions,
    verify_session,
    void_line,
)

__all__ = [
    "awaiting_sign_off", "batch_cover", "batch_number", "close_session", "control_number",
    "envelope_slip", "find_customers", "find_entities", "inquiry_for_envelope", "log_envelope",
    "open_batches", "open_session", "open_sessions", "payer_key", "preview",
    "received_today", "route", "session_totals", "verify_session", "void_line",
]
