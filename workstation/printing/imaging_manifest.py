"""The imaging manifest of a closed batch: one CSV row per document that goes to imaging.

The scanning station reads it to name and index the images, so it is written for a machine:

- Columns ``batch,item,document_number,pages,filing_type,decision``, one header row, one row per
  imaged item in batch order, and **no total row** (a reader would take it for a document). The
  total is on the batch close report, which prints the same number as "Pages to image".
- Only the items whose decision is in ``batch_close.IMAGED`` (accepted): a rejected or returned
  document goes back to the customer with the letter and is not part of the public record, and
  a held one is not filed yet. An accepted item without a document number is an error
  (``ValueError``): its images could not be indexed.
- UTF-8 **without** a byte-order mark, CRLF line ends (RFC 4180, and what the ``csv`` module
  writes). Every column is an ASCII code or number (the filing type is its code, not its label;
  no entity names), so Excel on Windows shows the file correctly without a BOM, while a BOM
  would put an invisible character at the front of the first column's name for the imaging
  software and for anyone reading the file with ``csv.DictReader``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from workstation.printing.batch_close import CloseItem

__all__ = ["MANIFEST_COLUMNS", "manifest_csv", "manifest_filename", "manifest_rows"]

MANIFEST_COLUMNS = ("batch", "item", "document_number", "pages", "filing_type", "decision")


def manifest_rows(batch_number: str, items: Iterable[CloseItem]) -> list[tuple[str, ...]]:
    """The data rows (no header): the imaged items by position, as the CSV holds them."""
    rows: list[tuple[str, ...]] = []
    for item in sorted(items, key=lambda item: item.position):
        if not item.imaged:
            continue
        if not item.document_number:
            raise ValueError(f"batch {batch_number}, item {item.position}: accepted without a "
                             "document number, so its images cannot be indexed")
        rows.append((batch_number, str(item.position), item.document_number, str(item.pages),
                     item.filing_type, item.decision))
    return rows


def manifest_csv(batch_number: str, items: Iterable[CloseItem]) -> bytes:
    """The manifest as the bytes of a CSV file (UTF-8, no BOM, CRLF)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(MANIFEST_COLUMNS)
    writer.writerows(manifest_rows(batch_number, items))
    return out.getvalue().encode("utf-8")


def manifest_filename(batch_number: str) -> str:
    """``B26-1123-0007-imaging.csv``: the name to save it under."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in batch_number)
    return f"{safe}-imaging.csv"
