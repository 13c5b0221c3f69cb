"""Shared set-up for the teller tests: people, a drawer with its float, receipts in each tender,
a document logged in Mail Sort with its check."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from tests.helpers import demo_password
from workstation.models import Filing
from workstation.services import auth, intake, profile, teller
from workstation.services.dto import Actor
from workstation.services.intake_rules import DocumentInput, EnvelopeInput, RemittanceInput
from workstation.services.teller_dto import LineInput, ReceiptInput, TenderInput
from workstation.startup import Backend

P = profile.load()
FLOAT = {"bill_20": 4, "bill_10": 4, "bill_5": 8, "bill_1": 20, "coin_25": 40, "coin_10": 50,
         "coin_5": 40, "coin_1": 300}  # $200.00, the Ohio change fund
# The float plus a $99 cash fee paid with a $100 bill ($1 change): $299.00.
EXACT_DAY = {**FLOAT, "bill_100": 1, "bill_1": 19}
_keys = itertools.count(1)


def person(backend: Backend, who: str) -> Actor:
    return auth.sign_in(backend.db, backend.policy, who, demo_password(who))


def key() -> str:
    return f"test-{next(_keys)}"


def drawer(backend: Backend, code: str = "D1") -> str:
    teller.add_drawer(backend.db, P, person(backend, "lead"), code, f"Counter {code}")
    return code


def opened(backend: Backend, who: str = "clerk", code: str = "D1") -> tuple[Actor, int]:
    clerk = person(backend, who)
    drawer(backend, code)
    return clerk, teller.open_session(backend.db, P, clerk, code, FLOAT)


def deposit(amount: str, *tenders: TenderInput, customer: str = "Pat Doe") -> ReceiptInput:
    """A receipt of one suspense line (a deposit for work to come)."""
    return ReceiptInput(customer, (LineInput("suspense", fee_code="OH-CGS", amount=amount),),
                        tenders, key())


def cash(amount: str) -> TenderInput:
    return TenderInput("cash", amount)


def check(amount: str, number: str = "1001", payer: str = "Harrowgate Law") -> TenderInput:
    return TenderInput("check", amount, check_number=number, payer=payer, bank="Chase")


def card(amount: str, last4: str = "4242") -> TenderInput:
    return TenderInput("card", amount, card_brand="Visa", card_last4=last4, auth_code="0A1B2C",
                       terminal_ref="T1-000123")


def mailed_document(backend: Backend, amount: str = "99.00",
                    arrived: datetime | None = None) -> tuple[str, int]:
    """Articles of organization and their check logged in Mail Sort: (document number,
    remittance id)."""
    clerk = person(backend, "clerk")
    session_id, _ = intake.open_session(backend.db, P, clerk, "usps", "senior")
    slip = intake.log_envelope(backend.db, P, clerk, session_id, EnvelopeInput(
        arrived_at=arrived or datetime(2026, 11, 20, 16, 0, tzinfo=UTC),
        customer_name="Harrowgate Law",
        remittances=(RemittanceInput(amount, "Harrowgate Law", "check", "5001", "Huntington"),),
        documents=(DocumentInput("610", "2"),)))
    with backend.db.uow(read_only=True) as uow:
        filing = uow.session.get(Filing, slip.documents[0].id)
        assert filing is not None
        return filing.document_number, slip.remittances[0].id
