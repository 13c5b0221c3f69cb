"""Shared fixtures: offscreen Qt, private homes, and databases on SQLite and PostgreSQL.

Every database test that takes ``backend`` runs twice, once per back end. PostgreSQL comes from
``WORKSTATION_TEST_PG_URL`` (a superuser URL; .ci/run starts a private server and sets it). Without
it the PostgreSQL half is skipped with the reason shown, except under CI=true, where it fails.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_SCALE_FACTOR", "1")
_SESSION_HOME = tempfile.mkdtemp(prefix="ws-test-home-")
os.environ["WORKSTATION_HOME"] = _SESSION_HOME  # nothing a test does touches a real user's files
os.environ.pop("WORKSTATION_DB_URL", None)

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402
from sqlalchemy import create_engine, make_url, text  # noqa: E402

from tests.helpers import make_settings  # noqa: E402
from workstation import paths  # noqa: E402
from workstation.db import migrate  # noqa: E402
from workstation.db.engine import DatabaseTarget, make_engine  # noqa: E402
from workstation.services import demo  # noqa: E402
from workstation.startup import Backend, open_backend  # noqa: E402

settings.register_profile("default", max_examples=200, deadline=None)
settings.register_profile("ci", max_examples=500, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "default")

PG_ENV = "WORKSTATION_TEST_PG_URL"
_counter = itertools.count(1)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_SESSION_HOME, ignore_errors=True)


def pg_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if url:
        return url
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {PG_ENV} is not set: PostgreSQL tests must run in CI")
    return None


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file; each test gets a copy (migrating once is what keeps it quick)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    target = DatabaseTarget(make_url(f"sqlite+pysqlite:///{path}"))
    engine = make_engine(target)
    migrate.upgrade(engine, target, path.parent / "backups")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str | None]:
    admin = pg_admin_url()
    if admin is None:
        yield None
        return
    name = f"ws_template_{os.getpid()}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    target = DatabaseTarget(make_url(admin).set(database=name, drivername="postgresql+psycopg"))
    db_engine = make_engine(target)
    migrate.upgrade(db_engine, target, Path(tempfile.gettempdir()))
    db_engine.dispose()
    yield name
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_kind(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and pg_admin_url() is None:
        pytest.skip(f"PostgreSQL: no server ({PG_ENV} is not set); .ci/run starts one")
    return str(request.param)


@pytest.fixture
def database_url(db_kind: str, tmp_path: Path, sqlite_template: Path,
                 pg_template: str | None) -> Iterator[str]:
    """A fresh, migrated database of the kind under test, dropped afterwards."""
    if db_kind == "sqlite":
        path = tmp_path / "workstation.sqlite3"
        shutil.copyfile(sqlite_template, path)
        yield f"sqlite+pysqlite:///{path}"
        return
    admin = pg_admin_url()
    assert admin is not None and pg_template is not None
    name = f"ws_test_{os.getpid()}_{next(_counter)}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"'))
    yield make_url(admin).set(database=name, drivername="postgresql+psycopg").render_as_string(
        hide_password=False)
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture
def home(tmp_path: Path) -> paths.Locations:
    loc = paths.locations(tmp_path / "home")
    loc.ensure()
    return loc


@pytest.fixture
def backend(database_url: str, home: paths.Locations) -> Iterator[Backend]:
    """An open backend on a fresh database (runs once on SQLite, once on PostgreSQL)."""
    b = open_backend(home, make_settings(db_url=database_url))
    yield b
    b.close()


@pytest.fixture
def demo_backend(backend: Backend) -> Backend:
    demo.refresh(backend.db, backend.policy)
    return backend


@pytest.fixture
def sqlite_backend(home: paths.Locations, tmp_path: Path,
                   sqlite_template: Path) -> Iterator[Backend]:
    """SQLite only: for UI tests, where the back end is not what is under test."""
    path = tmp_path / "ui.sqlite3"
    shutil.copyfile(sqlite_template, path)
    b = open_backend(home, make_settings(db_url=f"sqlite+pysqlite:///{path}"))
    demo.refresh(b.db, b.policy)
    yield b
    b.close()
