"""Use cases: one module per workflow. Each takes the database and the acting user, checks the
user's role, validates, writes, audits in the same transaction, and returns frozen DTOs."""
