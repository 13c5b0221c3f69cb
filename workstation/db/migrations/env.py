"""Alembic environment: always run in-process on a connection handed over by db.migrate."""

from alembic import context

from workstation.db.migrate import include_object
from workstation.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "Run migrations with `workstation db upgrade`, not the alembic command: "
        "the program backs up, locks and checks versions first."
    )
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
