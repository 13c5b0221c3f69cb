"""Account management rules: validation at the field, first-run setup, the last admin."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from tests.helpers import demo_password
from workstation import resources
from workstation.domain.roles import PermissionMatrix
from workstation.errors import AuthenticationFailed, UserError
from workstation.models import AuditRecord
from workstation.services import audit, auth, users
from workstation.services.dto import Actor
from workstation.startup import Backend

GOOD = "a perfectly long passphrase"


def admin(backend: Backend) -> Actor:
    return auth.sign_in(backend.db, backend.policy, "admin", demo_password("admin"))


def test_first_account_of_a_new_database_must_be_an_admin(backend: Backend) -> None:
    with pytest.raises(UserError, match="administrator") as caught:
        users.add_user(backend.db, backend.policy, None, "first", "First Person", "clerk", GOOD)
    assert caught.value.field == "role"
    made = users.add_user(backend.db, backend.policy, None, "first", "First Person", "admin", GOOD)
    assert made.role.value == "admin"
    with pytest.raises(UserError, match="Only an administrator"):
        users.add_user(backend.db, backend.policy, None, "second", "Second", "admin", GOOD)
    with backend.db.uow(read_only=True) as uow:
        row = uow.session.execute(select(AuditRecord).where(AuditRecord.action == "user.add"))
        assert row.scalar_one().actor == "setup"


@pytest.mark.parametrize(("username", "full_name", "role", "password", "field"), [
    ("x", "Name", "clerk", GOOD, "username"),
    ("has space", "Name", "clerk", GOOD, "username"),
    ("newclerk", "  ", "clerk", GOOD, "full_name"),
    ("newclerk", "Name", "boss", GOOD, "role"),
    ("newclerk", "Name", "clerk", "too short", "password"),
    ("newclerk", "Name", "clerk", "password password", "password"),
])
def test_bad_input_is_named_at_its_field(demo_backend: Backend, username: str, full_name: str,
                                         role: str, password: str, field: str) -> None:
    with pytest.raises(UserError) as caught:
        users.add_user(demo_backend.db, demo_backend.policy, admin(demo_backend), username,
                       full_name, role, password)
    assert caught.value.field == field and caught.value.message


def test_duplicate_username(demo_backend: Backend) -> None:
    with pytest.raises(UserError, match="taken") as caught:
        users.add_user(demo_backend.db, demo_backend.policy, admin(demo_backend), "Clerk",
                       "Another", "clerk", GOOD)
    assert caught.value.field == "username"


def test_added_user_can_sign_in(demo_backend: Backend) -> None:
    users.add_user(demo_backend.db, demo_backend.policy, admin(demo_backend), "pat.jones",
                   "Pat Jones", "senior_clerk", GOOD)
    assert auth.sign_in(demo_backend.db, demo_backend.policy, "pat.jones", GOOD).role.value == \
        "senior_clerk"


def test_cannot_disable_oneself(demo_backend: Backend) -> None:
    with pytest.raises(UserError, match="own account"):
        users.disable_user(demo_backend.db, admin(demo_backend), "admin", "oops")


def test_last_admin_cannot_be_disabled(demo_backend: Backend,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule holds whoever is allowed to disable accounts (here the matrix is widened)."""
    widened = PermissionMatrix.from_toml(
        '[action."user.disable"]\nroles = ["admin", "supervisor"]\ndescription = "x"\n'
        '[action."user.list"]\nroles = ["admin"]\ndescription = "x"\n')
    monkeypatch.setattr(resources, "permissions", lambda: widened)
    supervisor = auth.sign_in(demo_backend.db, demo_backend.policy, "supervisor",
                              demo_password("supervisor"))
    with pytest.raises(UserError, match="last active administrator"):
        users.disable_user(demo_backend.db, supervisor, "admin", "test")


def test_two_admins_disabling_each_other_at_once_leave_one(demo_backend: Backend) -> None:
    first = admin(demo_backend)
    users.add_user(demo_backend.db, demo_backend.policy, first, "second", "Second Admin", "admin",
                   GOOD)
    second = auth.sign_in(demo_backend.db, demo_backend.policy, "second", GOOD)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def attempt(actor: Actor, target: str) -> None:
        barrier.wait()
        try:
            users.disable_user(demo_backend.db, actor, target, "race")
            outcomes.append("disabled")
        except UserError as exc:
            outcomes.append(exc.message)

    threads = [threading.Thread(target=attempt, args=(first, "second")),
               threading.Thread(target=attempt, args=(second, "admin"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 2 and outcomes.count("disabled") == 1
    with demo_backend.db.uow(read_only=True) as uow:
        assert users.active_admin_count(uow) == 1


def test_disabled_user_loses_access_at_once(demo_backend: Backend) -> None:
    me = admin(demo_backend)
    lead = auth.sign_in(demo_backend.db, demo_backend.policy, "lead", demo_password("lead"))
    assert users.list_users(demo_backend.db, lead)
    users.disable_user(demo_backend.db, me, "lead", "moved to another division")
    with pytest.raises(UserError, match="disabled"):
        users.list_users(demo_backend.db, lead)


def test_reset_password_clears_a_lockout(demo_backend: Backend) -> None:
    for _ in range(10):
        with pytest.raises(AuthenticationFailed):
            auth.sign_in(demo_backend.db, demo_backend.policy, "clerk", "wrong wrong wrong")
    users.reset_password(demo_backend.db, demo_backend.policy, admin(demo_backend), "clerk", GOOD)
    assert auth.sign_in(demo_backend.db, demo_backend.policy, "clerk", GOOD)
    with demo_backend.db.uow(read_only=True) as uow:
        row = uow.session.execute(select(AuditRecord).where(
            AuditRecord.action == "user.reset_password")).scalar_one()
        assert row.after_json == '{"lockout_cleared":true}'
        assert GOOD not in (row.after_json or "")


def _audit_tail(backend: Backend, after_seq: int) -> list[AuditRecord]:
    with backend.db.uow(read_only=True) as uow:
        rows = list(uow.session.execute(select(AuditRecord).where(AuditRecord.seq > after_seq)
                                        .order_by(AuditRecord.seq)).scalars())
        uow.session.expunge_all()
        return rows


def _head(backend: Backend) -> int:
    with backend.db.uow(read_only=True) as uow:
        return audit.chain_head(uow)[0]


def test_every_account_change_writes_one_audit_record_with_before_and_after(
        demo_backend: Backend) -> None:
    """AU-3: who, where, what, before/after and why, exactly one record per change."""
    db, policy = demo_backend.db, demo_backend.policy
    me = admin(demo_backend)
    steps = [
        ("user.add", lambda: users.add_user(db, policy, me, "kim", "Kim Lee", "clerk", GOOD),
         None),
        ("user.disable", lambda: users.disable_user(db, me, "kim", "left"), "left"),
        ("user.enable", lambda: users.enable_user(db, me, "kim", "back"), "back"),
        ("user.reset_password", lambda: users.reset_password(db, policy, me, "kim", GOOD + "!"),
         None),
    ]
    for action, call, reason in steps:
        start = _head(demo_backend)
        call()
        [row] = _audit_tail(demo_backend, start)
        assert (row.action, row.actor, row.actor_user_id, row.reason) == (
            action, "admin", me.user_id, reason)
        assert row.workstation == "TEST-WS-01" and row.entity_type == "user"
        if action in ("user.disable", "user.enable"):
            assert row.before_json and row.after_json and row.before_json != row.after_json


def test_a_refused_change_leaves_no_audit_record_and_no_change(demo_backend: Backend) -> None:
    start = _head(demo_backend)
    me = admin(demo_backend)  # the sign-in itself is audited
    with pytest.raises(UserError):
        users.disable_user(demo_backend.db, me, "admin", "oops")
    assert [r.action for r in _audit_tail(demo_backend, start)] == ["auth.sign_in"]
