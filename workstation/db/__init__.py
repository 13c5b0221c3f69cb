"""Persistence: engine factory, unit of work, migrations, backups. No Qt here."""
