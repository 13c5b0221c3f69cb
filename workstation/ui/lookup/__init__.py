"""Record lookup: entities, filings and UCC records, their cards, and name availability."""

from workstation.ui.lookup.panel import LookupPanel

__all__ = ["LookupPanel"]
