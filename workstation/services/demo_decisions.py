"""The examiners' morning for the demo, made through the services Mail Sort and Batch Review use
(so every filing, decision, letter and audit record is what the screens write): the overnight
courier pouch, logged at Mail Sort (its tray closed and verified), then examined. Its documents
join the open batches of their class, next to this morning's mail, which is left undecided
for a new user to examine. A dozen decisions give the lead's reports something to show:
rejections with one or two catalogue reasons on several filing types (the "Rejections by
reason" chart), two documents returned for correction with their fee held, three accepted (an
agent changed, an LLC's amendment, a UCC financing statement indexed) waiting for the second
person's quality check. None adds or ends an entity: the register keeps the size it was built
with, and the entities the other demo desks use are not touched.

The data is Ohio's (its forms and reason codes), as the rest of the demo's mail is; every reason
is checked against the profile's catalogue by ``batch_review.decide``. Nothing is random.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from workstation.db.uow import Database
from workstation.errors import UserError
from workstation.models import Entity
from workstation.models.types import utcnow
from workstation.services import batch_review, intake, intake_trays
from workstation.services.batch_review import Decision
from workstation.services.demo_mail import person
from workstation.services.dto import Actor
from workstation.services.intake_dto import DocumentLine
from workstation.services.intake_rules import DocumentInput, EnvelopeInput, RemittanceInput
from workstation.services.profile import Profile

AGENT = (("agent_name", "Harriet Vance"), ("agent_street", "88 East Broad St"),
         ("agent_city", "Columbus"), ("agent_zip", "43215"))


@dataclass(frozen=True)
class Paper:
    """One envelope of the pouch (one document, one check for its fee) and its decision."""

    customer: str
    check: str
    bank: str
    filing_type: str  # the code, as the clerk may type it
    pages: int
    on_llc: bool  # filed on an active LLC of the register (the envelope names it)
    examiner: str  # demo user
    decision: str  # accepted / rejected / returned
    reasons: tuple[str, ...] = ()  # catalogue codes (rejected, returned)
    money: str | None = None  # refund / credit / hold: the whole fee (rejected, returned)
    fields: tuple[tuple[str, str], ...] = ()  # typed from the paper (accepted)
    exceptions: tuple[str, ...] = ()  # marked by the opener at Mail Sort
    note: str = ""


PAPERS = (
    Paper("Harrowgate Law LLP", "5019", "Huntington", "OH-610", 3, False, "senior",
          "rejected", ("NAME-01",), "credit",
          note="Name conflicts with an active LLC; fee credited to the firm's account."),
    Paper("Tri-County Formations LLC", "1408", "Fifth Third", "OH-610", 2, False, "senior",
          "rejected", ("NAME-01", "AGT-03"), "refund"),
    Paper("Buckeye Incorporators", "7795", "KeyBank", "OH-610", 2, False, "senior",
          "rejected", ("NAME-02",), "refund"),
    Paper("Gallia Street Bakery", "233", "Ohio Valley Bank", "OH-534A-T", 1, False, "senior",
          "rejected", ("FORM-03",), "refund"),
    Paper("Registered Agents of Ohio", "3327", "Chase", "OH-521", 1, True, "senior",
          "rejected", ("FEE-03",), "refund", exceptions=("wrong_payee",)),
    Paper("Lakeshore Bank N.A.", "100419", "Lakeshore Bank", "OH-UCC1", 1, False, "lead",
          "rejected", ("UCC-R03",), "refund"),
    Paper("Columbus Equipment Finance", "8839", "PNC", "OH-UCC1", 2, False, "lead",
          "rejected", ("UCC-R07", "UCC-R08"), "refund"),
    Paper("Whitfield & Ames CPAs", "6120", "Park National", "OH-543A", 2, True, "senior",
          "returned", ("INFO-01",), "hold",
          note="Item 3 (the amended article) left blank; fee held for the corrected document."),
    Paper("Stoneleigh Family Partners", "1022", "Huntington", "OH-616", 1, True, "senior",
          "returned", ("SIG-01",), "hold",
          note="Not signed by an authorized person; fee held for the signed document."),
    Paper("Registered Agents of Ohio", "3328", "Chase", "OH-521", 1, True, "senior",
          "accepted", fields=AGENT),
    Paper("Marietta Business Filings", "450", "Peoples Bank", "OH-543A", 2, True, "senior",
          "accepted"),
    Paper("Hocking Valley Credit Union", "22071", "Hocking Valley CU", "OH-UCC1", 1, False,
          "lead", "accepted",
          fields=(("debtor_name", "Kilbourne Quarry Stone Co."),
                  ("secured_party", "Hocking Valley Credit Union"))),
)
COUNTS = {"rejected": "demo_rejections", "returned": "demo_returns",
          "accepted": "demo_acceptances"}


def build(db: Database, profile: Profile) -> dict[str, int]:
    """Log the courier pouch, close and verify its tray, and decide its documents; returns
    {"demo_rejections": n, "demo_returns": n, "demo_acceptances": n}."""
    documents = _log_pouch(db, profile)
    counts = dict.fromkeys(COUNTS.values(), 0)
    for paper, document in zip(PAPERS, documents, strict=True):
        _decide(db, profile, person(db, paper.examiner), document, paper)
        counts[COUNTS[paper.decision]] += 1
    return counts


def _log_pouch(db: Database, profile: Profile) -> list[DocumentLine]:
    """The pouch's envelopes logged by the clerk in PAPERS order; their documents."""
    clerk = person(db, "clerk")
    session_id, _ = intake.open_session(db, profile, clerk, "courier", "senior")
    arrived = _pouch_arrived(profile)
    llcs = iter(_active_llcs(db, sum(p.on_llc for p in PAPERS)))
    documents = []
    for paper in PAPERS:
        document = DocumentInput(paper.filing_type, str(paper.pages),
                                 entity=next(llcs) if paper.on_llc else "")
        unpaid = EnvelopeInput(arrived_at=arrived, customer_name=paper.customer,
                               documents=(document,))
        on = profile.calendar.normalise_received(arrived).date()
        fee = intake.preview(profile, unpaid, on, "courier").due_cents
        slip = intake.log_envelope(db, profile, clerk, session_id, EnvelopeInput(
            arrived_at=arrived, customer_name=paper.customer, documents=(document,),
            exceptions=paper.exceptions,
            remittances=(RemittanceInput(
                f"{fee // 100}.{fee % 100:02d}", paper.customer, "check", paper.check,
                paper.bank, payable_to_ok="wrong_payee" not in paper.exceptions),)))
        documents.append(slip.documents[0])
    intake_trays.close_session(db, profile, clerk, session_id)
    intake_trays.verify_session(db, profile, person(db, "senior"), session_id)
    return documents


def _pouch_arrived(profile: Profile) -> datetime:
    """The pouch comes at opening: today's once the office has opened, else the last business
    day's (a demo built at night or on a weekend), so no document is decided before it is
    received."""
    calendar, now = profile.calendar, utcnow()
    day = now.astimezone(calendar.zone).date()
    while not calendar.is_business_day(day) or calendar.opening(day) > now:
        day -= timedelta(days=1)
    return calendar.opening(day).astimezone(UTC)


def _active_llcs(db: Database, count: int) -> list[str]:
    """Active LLCs of the register after the first, which this morning's agent update and the
    certificate desk use."""
    with db.uow(read_only=True) as uow:
        return [str(n) for n in uow.session.execute(select(Entity.number).where(
            Entity.entity_type == "llc", Entity.status == "active")
            .order_by(Entity.id).offset(1).limit(count)).scalars()]


def _decide(db: Database, profile: Profile, examiner: Actor, document: DocumentLine,
            paper: Paper) -> None:
    """Take the document and decide it as the screen sends it: every check of its checklist
    answered (no for the checks that fail with the reasons given), a refusal's whole fee
    refunded, credited or held as the paper says."""
    taken = batch_review.take(db, examiner, document.id)
    if not taken.won:
        raise UserError(f"{taken.document_number} is with {taken.examiner}.", field="filing")
    fee = document.fee_due_cents
    checks = profile.examination.checklist(paper.filing_type)
    batch_review.decide(db, profile, examiner, document.id, taken.version, Decision(
        paper.decision, reasons=paper.reasons, note=paper.note, fields=dict(paper.fields),
        answers={c.code: c.fails_with not in paper.reasons for c in checks},
        money=paper.money, refund_cents=fee if paper.money == "refund" else 0,
        credit_cents=fee if paper.money == "credit" else 0,
        held_cents=fee if paper.money == "hold" else 0))

