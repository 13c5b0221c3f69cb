"""The finance export: the day's fee lines and refunds as a CSV for the state's books.

Its columns follow the Connecticut Office of the State Comptroller's receipts journal (teller.md
4 item 12: date, receipt number, payer, revenue classification, amount, deposit slip number and
date of deposit), with the fund and GL account of each fee code from teller.toml
[[distribution]] beside the revenue code, and the tenders of the receipt:

    date, receipt_number, payer, revenue_code, description, fund, account, amount, tenders,
    deposit_number, deposit_date, kind

- One header row, one row per ``FinanceRow`` in the order given, no total row (an importer
  would take it for a receipt).
- ``amount`` is dollars with two decimals made from the whole cents by integer arithmetic
  (``-5.00`` for a reversal), never through a float.
- The file is opened by people in a spreadsheet, and a payer or a description is text someone
  typed at the counter. A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return would be run as a formula (OWASP "CSV injection"), so such a text cell gets a leading
  ``'``. The amount is a number and may be negative, so it is never prefixed.
- UTF-8 without a byte-order mark and CRLF line ends (RFC 4180, what ``csv`` writes), as the
  imaging manifest: the header is ASCII, so an importer reads the first column's name as is.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from workstation.printing.teller_data import FinanceRow

__all__ = ["FINANCE_COLUMNS", "amount_text", "finance_csv", "finance_rows", "safe_cell"]

FINANCE_COLUMNS = ("date", "receipt_number", "payer", "revenue_code", "description", "fund",
                   "account", "amount", "tenders", "deposit_number", "deposit_date", "kind")
_AMOUNT = FINANCE_COLUMNS.index("amount")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def amount_text(cents: int) -> str:
    """``-500`` -> ``-5.00``; ``123456`` -> ``1234.56`` (no thousands separator)."""
    dollars, rest = divmod(abs(cents), 100)
    return f"{'-' if cents < 0 else ''}{dollars}.{rest:02d}"


def safe_cell(text: str) -> str:
    """A text cell a spreadsheet will show as text, never run as a formula."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def finance_rows(rows: Sequence[FinanceRow]) -> list[tuple[str, ...]]:
    """The data rows as the CSV holds them (no header)."""
    out: list[tuple[str, ...]] = []
    for row in rows:
        cells = [row.business_date.isoformat(), row.receipt, row.payer, row.fee_code,
                 row.description, row.fund, row.account, amount_text(row.amount_cents),
                 row.tenders, row.deposit_number,
                 row.deposit_date.isoformat() if row.deposit_date else "", row.kind]
        out.append(tuple(cell if index == _AMOUNT else safe_cell(cell)
                         for index, cell in enumerate(cells)))
    return out


def finance_csv(rows: Sequence[FinanceRow]) -> bytes:
    """The export as the bytes of a CSV file (UTF-8, no BOM, CRLF, header row first)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FINANCE_COLUMNS)
    writer.writerows(finance_rows(rows))
    return out.getvalue().encode("utf-8")
