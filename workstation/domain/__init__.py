"""Pure rules over plain values: no SQLAlchemy, no Qt, nothing of ours. Most tests live here."""
