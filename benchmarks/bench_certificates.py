"""Certificates (issue 8: one certificate PDF p95 <= 20 ms; 1,000 certificates issued and
released in a batch run in under 30 s).

* ``certificate_pdf``: one certificate of good standing drawn from its stored snapshot, as
  ``certificates.release`` does it: the snapshot JSON read, the sheet made from it, the page
  drawn (``certificate_pdf.build_certificate_pdf``) and its SHA-256 taken. Each sample has a
  verification code of its own, so the QR symbol is encoded afresh every time. The baseline is
  a bare ReportLab canvas drawing the same strings (the text already broken into the same lines,
  in the same embedded fonts) and the same code as ReportLab's stock ``QrCodeWidget``, then the
  same hash: what any certificate page costs before this program's layout (wrapping, the seal,
  the font fallback, the QR drawn as one path). No database.
* ``certificate_batch``: 1,000 certificates of good standing for entities of the demo register
  in good standing, each issued (``certificates.issue_good_standing``), paid at the drawer
  (``teller.post_receipt`` of its charge in cash: untimed, the teller's work) and released
  (``certificates.release``: the PDF, its hash, the release, the print row, the audit record).
  A sample is one certificate's issue plus its release. The baseline is the same writes as text
  SQL: the role check, the entity read, ``UPDATE number_series ... RETURNING`` (a series of its
  own), the certificate row into a scratch table and an audit record into a scratch chain
  (``bench_certificate_audit`` / ``_head``) in one transaction; then, in a second, the bare
  canvas page as in ``certificate_pdf``, its hash, the release UPDATE, the print row and a
  second audit record. The notes give the batch's total seconds (issue and release, the
  budget's measure) and the payments' seconds apart. The row fails unless every
  certificate was released once, the numbers taken are consecutive, and the drawer the
  payments went into counts exact and closes.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

from reportlab.graphics import renderPDF  # type: ignore[import-untyped]
from reportlab.graphics.barcode.qr import QrCodeWidget  # type: ignore[import-untyped]
from reportlab.graphics.shapes import Drawing  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import letter  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, Text, select, text

from benchmarks.bench_registry import _register
from benchmarks.bench_teller import _clerk_session, _exact_count, _person
from benchmarks.core import BenchmarkError, Context, Measurement, benchmark, log, timed
from benchmarks.dbtools import scratch_table
from benchmarks.scratch_chain import ScratchChain, audit_row
from workstation.domain import verification_code as codes
from workstation.domain.templates import long_date
from workstation.models import Entity
from workstation.printing.certificate_data import CertificateSheet
from workstation.printing.certificate_pdf import MARGIN, TEXT_W, build_certificate_pdf, wrap
from workstation.printing.fonts import register_fonts
from workstation.services import (
    certificate_issue,
    certificate_papers,
    certificates,
    profile,
    teller,
    teller_close,
)
from workstation.services.dto import Actor
from workstation.services.profile import Profile
from workstation.services.teller_dto import LineInput, ReceiptInput, TenderInput
from workstation.startup import Backend

BATCH = 1_000
CHAIN = ScratchChain("certificate")
RAW = Table("bench_certificate_raw", MetaData(),
            Column("id", Integer, primary_key=True), Column("number", String(12), unique=True),
            Column("code", String(11), unique=True), Column("entity_id", Integer),
            Column("snapshot", Text), Column("snapshot_sha256", String(64)),
            Column("pdf_sha256", String(64)), Column("released_by", Integer))
RAW_PRINTS = Table("bench_certificate_raw_prints", MetaData(),
                   Column("id", Integer, primary_key=True), Column("certificate_id", Integer),
                   Column("pdf_sha256", String(64)))
ROLE = text("SELECT active, role FROM users WHERE id = :uid")
ENTITY = text("SELECT * FROM entities WHERE number = :n")
NEXT = text("UPDATE number_series SET last_value = last_value + 1 "
            "WHERE series = 'bench_certificate' RETURNING last_value")
SERIES = text("INSERT INTO number_series (series, last_value) VALUES ('bench_certificate', 0)")
INSERT = text("INSERT INTO bench_certificate_raw (number, code, entity_id, snapshot, "
              "snapshot_sha256) VALUES (:number, :code, :entity, :snapshot, :sha) RETURNING id")
READ = text("SELECT * FROM bench_certificate_raw WHERE id = :id")
RELEASE = text("UPDATE bench_certificate_raw SET pdf_sha256 = :sha, released_by = :uid "
               "WHERE id = :id AND pdf_sha256 IS NULL")
PRINT = text("INSERT INTO bench_certificate_raw_prints (certificate_id, pdf_sha256) "
             "VALUES (:id, :sha)")


def _snapshot(prof: Profile, code: str, number: str = "CE0001234") -> dict[str, Any]:
    """A good-standing certificate's snapshot as the service makes one (a typical LLC)."""
    rules = prof.certificates
    facts = {"entity.name": "Maple Orchard Holdings of Central Ohio LLC",
             "entity.number": "1004321", "entity.type": "limited liability company",
             "entity.formation_date": "March 4, 2019", "entity.status": "Active",
             "entity.standing": certificates.STANDING, "certificate.number": number,
             "certificate.code": codes.format_code(code),
             "certificate.title": "Certificate of Good Standing",
             "certificate.issued_date": long_date(datetime.now(UTC).date()),
             "officer.name": rules.officer.name, "officer.title": rules.officer.title,
             "office.name": rules.office.name, "office.place": rules.office.place}
    return certificate_papers.snapshot_of(rules, rules.product("good_standing"), facts)


def program_pdf(snapshot_text: str) -> str:
    """What ``release`` does for the page: snapshot read, sheet made, page drawn, hashed."""
    sheet = certificate_papers.sheet_of(certificate_papers.load(snapshot_text))
    return hashlib.sha256(build_certificate_pdf(sheet)).hexdigest()


def bare_pdf(sheet: CertificateSheet, lines: dict[str, list[str]]) -> str:
    """The same strings on a bare canvas (lines broken beforehand) and the stock QR widget."""
    fonts = register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=letter, invariant=1, initialFontName=fonts.regular)
    y = 730.0
    for heading in sheet.heading:
        canvas.setFont(fonts.bold, 14)
        canvas.drawCentredString(306, y, heading)
        y -= 18
    canvas.setFont(fonts.bold, 22)
    canvas.drawCentredString(306, y - 20, sheet.title)
    canvas.setFont(fonts.regular, 10.5)
    canvas.drawCentredString(306, y - 34, sheet.subtitle)
    y -= 70
    canvas.setFont(fonts.regular, 11.5)
    for line in [*lines["body"], *[f"{k}  {v}" for k, v in sheet.facts], *lines["closing"]]:
        canvas.drawString(MARGIN, y, line)
        y -= 16
    for n, line in enumerate((sheet.officer_name, sheet.officer_title, sheet.number,
                              sheet.code, *lines["note"])):
        canvas.drawString(MARGIN, 220 - n * 14, line)
    widget = QrCodeWidget(sheet.code, barLevel="M", barWidth=100, barHeight=100)
    drawing = Drawing(100, 100)
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, 440, 48)
    canvas.showPage()
    canvas.save()
    return hashlib.sha256(out.getvalue()).hexdigest()


def _bare_lines(sheet: CertificateSheet) -> dict[str, list[str]]:
    font = register_fonts().regular
    return {"body": wrap(sheet.body, font, 11.5, TEXT_W),
            "closing": wrap(sheet.closing, font, 11.5, TEXT_W),
            "note": wrap(sheet.verify_note, font, 8, TEXT_W - 120)}


# ---------------------------------------------------------------------- certificate_pdf


@benchmark("certificate_pdf")
def certificate_pdf(ctx: Context) -> Measurement:
    n = ctx.n(300, 1000)
    prof = profile.load()
    snapshots = [certificate_papers.serialise(_snapshot(prof, codes.new_code()))[0]
                 for _ in range(n + 20)]
    sheets = [certificate_papers.sheet_of(certificate_papers.load(s)) for s in snapshots]
    lines = _bare_lines(sheets[0])
    for i in range(20):  # untimed: fonts registered and subset tables warm on both sides
        program_pdf(snapshots[n + i])
        bare_pdf(sheets[n + i], lines)
    samples: list[float] = []
    baseline: list[float] = []
    for i in range(n):  # alternating which side goes first, as dbtools.interleaved does
        pair = [(samples, partial(program_pdf, snapshots[i])),
                (baseline, partial(bare_pdf, sheets[i], lines))]
        for into, call in pair if i % 2 == 0 else reversed(pair):
            into.append(timed(call))
    size = len(build_certificate_pdf(sheets[0]))
    return Measurement(samples, baseline, {"pdf_bytes": size})


# ---------------------------------------------------------------------- certificate_batch


@benchmark("certificate_batch")
def certificate_batch(ctx: Context) -> Measurement:
    n = ctx.n(BATCH, BATCH)
    with _register(ctx) as (backend, clerk):
        prof, engine = profile.load(), backend.db.engine
        numbers = _in_good_standing(backend, prof, n)
        session_id = _clerk_session(backend, prof, clerk, _person(backend, "lead"))
        with engine.begin() as conn:
            if conn.execute(text("SELECT 1 FROM number_series WHERE series = "
                                 "'bench_certificate'")).first() is None:
                conn.execute(SERIES)
        with scratch_table(engine, RAW), scratch_table(engine, RAW_PRINTS), \
                CHAIN.created(engine):
            measured, taken = _batch(backend, prof, clerk, numbers, n)
        _close_drawer(backend, prof, clerk, session_id)
    taken.sort()
    if taken != list(range(taken[0], taken[0] + len(taken))):
        raise BenchmarkError("certificate_batch: the certificate numbers are not consecutive")
    measured.notes.update(
        certificates=len(taken), total_s=round(sum(measured.samples), 2),
        baseline_total_s=round(sum(measured.baseline), 2),
        numbers=f"{certificate_issue.certificate_number(taken[0])}.."
                f"{certificate_issue.certificate_number(taken[-1])}")
    return measured


def _dollars(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _in_good_standing(backend: Backend, prof: Profile, n: int) -> list[str]:
    """Numbers of entities of the register in good standing today (repeated if too few)."""
    today = datetime.now(prof.calendar.zone).date()
    with backend.db.uow(read_only=True) as uow:
        rows = uow.session.execute(select(Entity).where(Entity.status == "active")
                                   .order_by(Entity.id).limit(4 * n)).scalars().all()
        found = [e.number for e in rows if prof.good_standing(e, today)[0] is True]
    if not found:
        raise BenchmarkError("certificate_batch: no entity of the register is in good standing")
    log(f"certificate_batch: {len(found)} entities in good standing")
    return [found[i % len(found)] for i in range(n)]


def _batch(backend: Backend, prof: Profile, clerk: Actor, numbers: list[str],
           n: int) -> tuple[Measurement, list[int]]:
    samples: list[float] = []
    baseline: list[float] = []
    paying: list[float] = []
    taken: list[int] = []
    lines = _bare_lines(certificate_papers.sheet_of(_snapshot(prof, codes.new_code())))
    where = (backend.db.os_user, backend.db.workstation)

    def program(i: int) -> float:
        start = time.perf_counter()
        issued = certificates.issue_good_standing(backend.db, prof, clerk, numbers[i])
        issue_s = time.perf_counter() - start
        paying.append(timed(partial(teller.post_receipt, backend.db, prof, clerk, ReceiptInput(
            "Bench Customer", (LineInput("charge", issued.charge_reference),),
            (TenderInput("cash", _dollars(issued.amount_cents)),), f"cert-{issued.number}"))))
        start = time.perf_counter()
        printed = certificates.release(backend.db, prof, clerk, issued.number)
        if printed.reprint or not printed.pdf.startswith(b"%PDF"):
            raise BenchmarkError(f"certificate_batch: {issued.number} was not released once")
        taken.append(int(issued.number[2:]))
        return issue_s + time.perf_counter() - start

    def raw(i: int) -> float:
        return _raw(backend, prof, clerk, numbers[i], lines, where)

    for i in range(n):
        order: list[tuple[list[float], Callable[[int], float]]] = [(samples, program),
                                                                   (baseline, raw)]
        for into, call in order if i % 2 == 0 else reversed(order):
            into.append(call(i))
    return Measurement(samples, baseline, {"payments_s": round(sum(paying), 2)}), taken


def _raw(backend: Backend, prof: Profile, clerk: Actor, number: str,
         lines: dict[str, list[str]], where: tuple[str, str]) -> float:
    """One certificate as text SQL and a bare page: the seconds both transactions took."""
    engine = backend.db.engine
    start = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(ROLE, {"uid": clerk.user_id}).one()
        entity = conn.execute(ENTITY, {"n": number}).one()
        seq = int(conn.execute(NEXT).scalar_one())
        code = codes.new_code()
        snapshot, digest = certificate_papers.serialise(
            _snapshot(prof, code, certificate_issue.certificate_number(seq)))
        row_id = conn.execute(INSERT, {"number": f"BC{seq:07d}", "code": code,
                                       "entity": entity.id, "snapshot": snapshot,
                                       "sha": digest}).scalar_one()
        _chain(conn, clerk, where, "certificate.issue", row_id, {"number": seq})
    with engine.begin() as conn:
        conn.execute(ROLE, {"uid": clerk.user_id}).one()
        row = conn.execute(READ, {"id": row_id}).one()
        sheet = certificate_papers.sheet_of(json.loads(row.snapshot))
        pdf_sha = bare_pdf(sheet, lines)
        conn.execute(RELEASE, {"sha": pdf_sha, "uid": clerk.user_id, "id": row_id})
        conn.execute(PRINT, {"id": row_id, "sha": pdf_sha})
        _chain(conn, clerk, where, "certificate.release", row_id, {"pdf_sha256": pdf_sha})
    return time.perf_counter() - start


def _chain(conn: Connection, clerk: Actor, where: tuple[str, str], action: str, row_id: int,
           after: dict[str, Any]) -> None:
    seq, prev_hash = conn.execute(CHAIN.next).one()
    row = audit_row(os_user=where[0], workstation=where[1], user_id=clerk.user_id,
                    username=clerk.username, seq=int(seq), prev_hash=str(prev_hash),
                    action=action, entity_type="certificate", entity_id=row_id, after=after)
    conn.execute(CHAIN.insert, row)
    conn.execute(CHAIN.set_hash, {"hash": row["hash"]})


def _close_drawer(backend: Backend, prof: Profile, clerk: Actor, session_id: int) -> None:
    """The payments' drawer counted exactly and closed, as the teller's row leaves it."""
    done = teller_close.submit_count(backend.db, prof, clerk, session_id,
                                     _exact_count(backend.db.engine, prof, session_id))
    if done.off_by_cents or done.status != "closed":
        raise BenchmarkError(f"certificate_batch: the drawer counted {done.off_by_cents} off")
