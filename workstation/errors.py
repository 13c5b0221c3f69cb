"""The three kinds of failure (qutebrowser's misc/sql.py split, DESIGN.md section 2).

* ``UserError``: a rule refused what the clerk asked; the message is shown as it is and the
  program carries on. ``field`` names the form field the message belongs to, when there is one.
* ``EnvironmentFailure``: the world is wrong (database unreachable, disk full, file locked, newer
  schema); shown in words, never as a traceback.
* Anything else is a bug and goes to the crash dialog.
"""

from __future__ import annotations


class UserError(Exception):
    """A business rule or validation refused the request."""

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class PermissionDenied(UserError):
    """The acting user's role does not allow the action (checked in the service layer)."""


class AuthenticationFailed(UserError):
    """Wrong username or password, or the account is disabled or locked."""


class ConflictError(UserError):
    """Somebody else changed the record since it was read; reload and try again."""


class EnvironmentFailure(Exception):
    """The database, disk or configuration is not usable; the message says what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NewerDatabaseError(EnvironmentFailure):
    """The database was migrated by a newer program than this one."""


class ValidationErrors(UserError):
    """Every problem found in a form, each with its field path (bcgov/lear: collect them all)."""

    def __init__(self, problems: list[tuple[str, str]]):
        first_field, first_message = problems[0]
        super().__init__(first_message, field=first_field, code="validation")
        self.problems = tuple(problems)
