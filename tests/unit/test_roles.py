"""The permission matrix is data; unknown actions are refused for everybody."""

from __future__ import annotations

from workstation import resources
from workstation.domain.roles import PermissionMatrix, Role


def test_every_action_has_roles_a_description_and_a_basis() -> None:
    matrix = resources.permissions()
    for action in matrix.actions:
        perm = matrix.describe(action)
        assert perm.roles and perm.description and perm.basis


def test_unknown_action_refused() -> None:
    matrix = PermissionMatrix.from_toml('[action.x]\nroles=["admin"]\ndescription="x"\n')
    assert matrix.allows(Role.ADMIN, "x")
    assert not matrix.allows(Role.ADMIN, "y")


def test_admin_is_not_a_superuser() -> None:
    """Separation of duties: administration and audit review are different jobs (AC-5)."""
    matrix = resources.permissions()
    assert not matrix.allows(Role.CLERK, "audit.verify")
    assert not matrix.allows(Role.SUPERVISOR, "user.add")
