"""Records > Find record: search, result sections, record cards, name availability, paging, lock.

The tests run on the small demo register (built once for the module, copied for each test), so
names and numbers are those of ``services/demo_registry.py`` with its fixed seed.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.helpers import make_settings
from tests.ui.conftest import wait_idle
from workstation import paths
from workstation.services import demo, inquiry_queue, inquiry_read, profile, registry
from workstation.services.dto import Actor
from workstation.services.inquiry_dto import QueueFilter
from workstation.services.registry_dto import (
    Availability,
    EntityCard,
    EntitySummary,
    FilingEventInfo,
    FilingSummary,
    LookupResult,
    NameConflict,
    UccCard,
    UccPartyInfo,
    UccSummary,
)
from workstation.startup import Backend, open_backend
from workstation.ui.inquiry.log_contact import LogContactDialog
from workstation.ui.lookup import LookupPanel
from workstation.ui.lookup.availability import verdict_text
from workstation.ui.lookup.cards import continuation_text, standing_text
from workstation.ui.lookup.models import (
    ConflictTableModel,
    EntityTableModel,
    FilingEventModel,
    FilingTableModel,
    Labels,
    RecordTableModel,
    UccPartyModel,
    UccTableModel,
)
from workstation.ui.main_window import MainWindow
from workstation.ui.tasks import TaskRunner

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(scope="module")
def register_template(tmp_path_factory: pytest.TempPathFactory,
                      sqlite_template: Path) -> Path:
    """The demo users and the small demo register, built once for this module."""
    path = tmp_path_factory.mktemp("lookup") / "register.sqlite3"
    shutil.copyfile(sqlite_template, path)
    b = open_backend(paths.locations(tmp_path_factory.mktemp("lookup-home")),
                     make_settings(db_url=f"sqlite+pysqlite:///{path}"))
    try:
        demo.refresh(b.db, b.policy)
        demo.build_registry(b.db, "small")
    finally:
        b.close()
    return path


@pytest.fixture
def sqlite_backend(home: paths.Locations, tmp_path: Path,
                   register_template: Path) -> Iterator[Backend]:
    """Overrides the UI conftest's: a copy of the register for each test."""
    path = tmp_path / "ui.sqlite3"
    shutil.copyfile(register_template, path)
    b = open_backend(home, make_settings(db_url=f"sqlite+pysqlite:///{path}"))
    yield b
    b.close()


@pytest.fixture
def panel(qtbot: QtBot, sqlite_backend: Backend, tasks: TaskRunner, lead: Actor) -> LookupPanel:
    dialog = LookupPanel(sqlite_backend, tasks, lead)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    return dialog


def search(qtbot: QtBot, panel: LookupPanel, tasks: TaskRunner, text: str) -> None:
    """Type ``text`` and press Enter; wait for its answer."""
    panel.search_edit.clear()
    qtbot.keyClicks(panel.search_edit, text)
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)


def column(model: RecordTableModel[Any], heading: str) -> list[str]:
    col = model.headings().index(heading)
    return [model.data(model.index(row, col)) for row in range(model.rowCount())]


def count_lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []
    real = registry.lookup

    def counted(*args: Any, **kwargs: Any) -> Any:
        asked.append(args[3])
        return real(*args, **kwargs)

    monkeypatch.setattr(registry, "lookup", counted)
    return asked


# The demo register's names change with its generator: the tests ask the services what is on
# it, and check that the panel shows exactly that.

def service_lookup(b: Backend, actor: Actor, text: str, offset: int = 0) -> LookupResult:
    return registry.lookup(b.db, profile.load(), actor, text, offset=offset)


def first_entity_card(b: Backend, actor: Actor, want: Callable[[EntityCard], bool]
                      ) -> EntityCard:
    for entity_id in range(1, 500):
        card = registry.entity_card(b.db, profile.load(), actor, entity_id)
        if want(card):
            return card
    raise AssertionError("no such entity on the demo register")


def first_ucc_card(b: Backend, actor: Actor, want: Callable[[UccCard], bool]) -> UccCard:
    for record_id in range(1, 500):
        card = registry.ucc_card(b.db, profile.load(), actor, record_id)
        if card.record.record_type == "initial" and want(card):
            return card
    raise AssertionError("no such UCC record on the demo register")


# ---------------------------------------------------------------------- searching


def test_ctrl_f_opens_the_panel_with_focus_in_the_search_field(
        qtbot: QtBot, window: MainWindow) -> None:
    records = window.menuBar().actions()[1].menu()
    assert records.title() == "&Records"
    assert records.actions() == [window.find_action, window.certificates_action,
                                 window.reports_action, window.calendar_action]
    assert window.certificates_action.shortcut() == QKeySequence("Ctrl+E")
    assert window.find_action.text() == "&Find record…"
    assert window.find_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    panel = window.lookup_panel
    assert panel is not None and panel.isVisible()
    qtbot.waitUntil(panel.search_edit.hasFocus)
    window.show_lookup()  # a second Ctrl+F: the same window, brought forward
    assert window.lookup_panel is panel


def test_typing_a_name_searches_once_after_the_pause_and_shows_entity_rows(
        qtbot: QtBot, panel: LookupPanel, tasks: TaskRunner, sqlite_backend: Backend,
        lead: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = service_lookup(sqlite_backend, lead, "Buckeye")
    assert expected.entities and not expected.more_entities
    asked = count_lookups(monkeypatch)
    qtbot.keyClicks(panel.search_edit, "Buckeye")
    page = panel.search_page
    qtbot.waitUntil(lambda: page.shown_query == "Buckeye")
    wait_idle(qtbot, tasks)
    assert asked == ["Buckeye"]  # one search for the whole word, not one per key
    assert column(page.entities, "Number") == [e.number for e in expected.entities]
    assert all("buckeye" in name.casefold() for name in column(page.entities, "Name"))
    assert page.result_tabs.currentIndex() == 0
    count = len(expected.entities)
    assert [page.result_tabs.tabText(i) for i in range(3)] == [
        f"&Entities ({count})", f"&Filings ({len(expected.filings)})",
        f"&UCC ({len(expected.ucc)})"]
    labels = set(profile.load().entity_types.statuses.values())
    assert set(column(page.entities, "Status")) <= labels  # the office's words, not codes
    assert not page.note.isVisible()


def test_a_number_finds_that_entity(qtbot: QtBot, panel: LookupPanel,
                                    tasks: TaskRunner) -> None:
    search(qtbot, panel, tasks, "1000005")
    assert column(panel.search_page.entities, "Number") == ["1000005"]


def test_nothing_found_shows_the_note(qtbot: QtBot, panel: LookupPanel,
                                      tasks: TaskRunner) -> None:
    search(qtbot, panel, tasks, "Qqqxyzzy")
    assert panel.search_page.note.isVisible()
    assert panel.search_page.note.text() == "Nothing on the register matches 'Qqqxyzzy'."


def test_control_characters_are_refused_under_the_field_and_the_text_stays(
        qtbot: QtBot, panel: LookupPanel, tasks: TaskRunner) -> None:
    search(qtbot, panel, tasks, "Buckeye")
    panel.search_edit.setText("Buck\x07eye")
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    page = panel.search_page
    assert page.search_error.isVisible()
    assert page.search_error.text() == \
        "The search text contains control characters; type it again."
    assert panel.search_edit.text() == "Buck\x07eye"
    assert page.entities.rowCount() == 0  # the old results do not pretend to answer it


def test_an_empty_field_clears_at_once_and_a_stale_answer_is_dropped(
        qtbot: QtBot, panel: LookupPanel, tasks: TaskRunner,
        monkeypatch: pytest.MonkeyPatch) -> None:
    search(qtbot, panel, tasks, "Buckeye")
    page = panel.search_page
    assert page.entities.rowCount() > 0
    asked = count_lookups(monkeypatch)
    panel.search_edit.setText("Holdings")
    page.search_now()  # on its way to the worker ...
    panel.search_edit.clear()  # ... when the clerk clears the field
    assert page.entities.rowCount() == 0
    wait_idle(qtbot, tasks)
    assert asked == ["Holdings"]  # the empty field asked nothing
    assert page.entities.rowCount() == 0  # and the Holdings answer was dropped
    assert page.shown_query is None


def test_more_loads_the_next_page(qtbot: QtBot, panel: LookupPanel, tasks: TaskRunner,
                                  sqlite_backend: Backend, lead: Actor) -> None:
    word = next(w for w in ("Holdings", "Consulting", "Services")
                if service_lookup(sqlite_backend, lead, w).more_entities)
    second = service_lookup(sqlite_backend, lead, word, registry.PAGE)
    search(qtbot, panel, tasks, word)
    page = panel.search_page
    assert page.entities.rowCount() == registry.PAGE
    assert page.more_button.isVisible()
    assert page.result_tabs.tabText(0) == f"&Entities ({registry.PAGE}+)"
    first_page = column(page.entities, "Number")
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Down)
    for _ in range(registry.PAGE - 1):
        qtbot.keyClick(page.entity_table, Qt.Key.Key_Down)
    qtbot.keyClick(page.entity_table, Qt.Key.Key_PageDown)  # on the last row: the next page
    wait_idle(qtbot, tasks)
    numbers = column(page.entities, "Number")
    assert numbers == first_page + [e.number for e in second.entities]
    assert page.entity_table.currentIndex().row() == registry.PAGE  # first row of the new page
    assert page.more_button.isVisible() == second.more_entities
    plus = "+" if second.more_entities else ""
    assert page.result_tabs.tabText(0) == f"&Entities ({len(numbers)}{plus})"


# ---------------------------------------------------------------------- cards


def test_down_and_enter_open_the_entity_card_and_escape_goes_back(
        qtbot: QtBot, panel: LookupPanel, tasks: TaskRunner, sqlite_backend: Backend,
        lead: Actor) -> None:
    expected = first_entity_card(sqlite_backend, lead,
                                 lambda c: c.in_good_standing is False and len(c.filings) > 1)
    search(qtbot, panel, tasks, expected.summary.number)
    page = panel.search_page
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Down)
    assert page.entity_table.hasFocus() and page.entity_table.currentIndex().row() == 0
    qtbot.keyClick(page.entity_table, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    card = panel.entity_page
    assert panel.stack.currentWidget() is card
    assert card.title.text() == expected.summary.name
    assert card.value("number") == expected.summary.number
    assert card.value("type") == expected.summary.type_label
    assert card.value("standing").splitlines() == [
        "Not in good standing:", *expected.standing_reasons]
    assert column(card.filings, "Document no.") == [
        f.document_number for f in expected.filings]
    assert card.filing_table.hasFocus()
    qtbot.keyClick(card.filing_table, Qt.Key.Key_Return)  # a filing's status history
    wait_idle(qtbot, tasks)
    assert card.history_heading.isVisible()
    assert card.history_heading.text().endswith(expected.filings[0].document_number)
    qtbot.keyClick(card.filing_table, Qt.Key.Key_Escape)
    assert panel.stack.currentWidget() is page
    assert page.entity_table.hasFocus()  # back on the row the clerk left
    qtbot.keyClick(page.entity_table, Qt.Key.Key_Escape)
    assert not panel.isVisible()


def test_a_filing_in_the_results_opens_its_entity_with_the_filing_history(
        qtbot: QtBot, panel: LookupPanel, tasks: TaskRunner, sqlite_backend: Backend,
        lead: Actor) -> None:
    owner = first_entity_card(sqlite_backend, lead,
                              lambda c: any(f.status != "completed" for f in c.filings))
    filing = next(f for f in owner.filings if f.status != "completed")
    events = registry.filing_history(sqlite_backend.db, lead, filing.id)
    assert events
    search(qtbot, panel, tasks, filing.document_number)
    page = panel.search_page
    assert page.result_tabs.currentIndex() == 1  # the only section with a result
    assert column(page.filings, "Document no.") == [filing.document_number]
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Down)
    qtbot.keyClick(page.filing_table, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    card = panel.entity_page
    assert panel.stack.currentWidget() is card
    assert card.value("number") == owner.summary.number
    assert card.history_heading.text() == \
        f"Status history of filing {filing.document_number}"
    assert column(card.history, "By") == [e.by_user for e in events]
    assert column(card.history, "Status")[0] == "Received"


def test_a_ucc_row_opens_the_ucc_card_with_the_lapse(
        qtbot: QtBot, panel: LookupPanel, tasks: TaskRunner, sqlite_backend: Backend,
        lead: Actor) -> None:
    lapsed = first_ucc_card(sqlite_backend, lead, lambda c: c.lapsed and not c.terminated)
    assert lapsed.lapse_date is not None
    search(qtbot, panel, tasks, lapsed.record.file_number)
    page = panel.search_page
    assert page.result_tabs.currentIndex() == 2
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Down)
    qtbot.keyClick(page.ucc_table, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    card = panel.ucc_page
    assert panel.stack.currentWidget() is card
    assert card.value("file_number") == lapsed.record.file_number
    assert card.value("type") == "Initial financing statement"
    assert card.value("continuation") == f"Lapsed on {lapsed.lapse_date.isoformat()}"
    assert column(card.parties, "Role") == ["Debtor", "Secured party"]
    assert column(card.parties, "Name") == [p.name for p in lapsed.parties]
    qtbot.keyClick(card.related_table, Qt.Key.Key_Escape)
    assert panel.stack.currentWidget() is page


def test_a_live_ucc_record_shows_its_continuation_window_and_opens_related_records(
        qtbot: QtBot, panel: LookupPanel, tasks: TaskRunner, sqlite_backend: Backend,
        lead: Actor) -> None:
    live = first_ucc_card(sqlite_backend, lead,
                          lambda c: not c.lapsed and c.continuation_opens is not None
                          and len(c.related) > 1)
    assert live.continuation_opens and live.continuation_closes
    search(qtbot, panel, tasks, live.record.file_number)
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Down)
    qtbot.keyClick(panel.search_page.ucc_table, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    card = panel.ucc_page
    assert card.value("continuation") == (
        f"Continuation may be filed from {live.continuation_opens.isoformat()} "
        f"to {live.continuation_closes.isoformat()}")
    assert column(card.related, "File no.") == [r.file_number for r in live.related]
    table = card.related_table
    row = table.currentIndex().row()
    assert card.related.row_at(row).id == live.record.id  # the record itself is current
    other = live.related[1 if row == 0 else 0]
    table.setCurrentIndex(card.related.index(live.related.index(other), 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    assert card.value("file_number") == other.file_number
    assert other.initial_id is None or card.value("lapse").endswith(
        "— of the initial financing statement")


# ---------------------------------------------------------------------- name availability


def test_name_availability_shows_the_conflict_with_its_rule(
        qtbot: QtBot, panel: LookupPanel, tasks: TaskRunner, sqlite_backend: Backend,
        lead: Actor) -> None:
    existing = first_entity_card(sqlite_backend, lead,
                                 lambda c: c.summary.status == "active"
                                 and c.summary.entity_type == "llc").summary
    name = existing.name.upper()  # the same name in capitals: still the same name
    expected = registry.name_availability(sqlite_backend.db, profile.load(), lead, name, "llc")
    assert any(c.entity.id == existing.id for c in expected.conflicts)
    assert panel.search_page.availability_button.text() == "Name &availability…"
    panel.search_page.availability_button.click()
    form = panel.availability_page
    assert panel.stack.currentWidget() is form
    assert form.name_edit.hasFocus()
    assert form.entity_type() == "llc"
    assert form.type_combo.currentText() == "Limited liability company"
    qtbot.keyClicks(form.name_edit, name)
    qtbot.keyClick(form.name_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, tasks)
    count = len(expected.conflicts)
    assert form.verdict.text() == (f"Not available: {count} record{'s' if count > 1 else ''} "
                                   "on the register with the same name")
    assert column(form.conflicts, "Number") == [c.entity.number for c in expected.conflicts]
    rules = column(form.conflicts, "Why the names count as the same")
    assert rules == ["\n".join(c.rules) for c in expected.conflicts]
    assert all(rules)  # every conflict says which rule made the names the same
    form.conflict_table.setFocus()
    form.conflict_table.setCurrentIndex(
        form.conflicts.index([c.entity.id for c in expected.conflicts].index(existing.id), 0))
    qtbot.keyClick(form.conflict_table, Qt.Key.Key_Return)  # the conflicting record's card
    wait_idle(qtbot, tasks)
    assert panel.stack.currentWidget() is panel.entity_page
    assert panel.entity_page.value("number") == existing.number
    qtbot.keyClick(panel.entity_page.filing_table, Qt.Key.Key_Escape)
    assert panel.stack.currentWidget() is form  # back where the clerk came from


def test_name_availability_names_designator_problems_and_says_available(
        qtbot: QtBot, panel: LookupPanel, tasks: TaskRunner) -> None:
    panel.search_page.availability_button.click()
    form = panel.availability_page
    form.name_edit.setText("Zzyzx Widgets")
    form.submit()
    wait_idle(qtbot, tasks)
    assert form.verdict.text().startswith("No record on the register has the same name")
    assert form.problems.isVisible()
    assert "must contain one of" in form.problems.text()
    form.name_edit.setText("Zzyzx Widgets LLC")
    form.submit()
    wait_idle(qtbot, tasks)
    assert form.verdict.text() == "Available"
    assert not form.problems.isVisible() and not form.conflict_table.isVisible()


# ---------------------------------------------------------------------- the main window


def test_find_is_disabled_while_locked_and_locking_closes_the_panel(
        qtbot: QtBot, window: MainWindow, tasks: TaskRunner) -> None:
    window.find_action.trigger()
    assert window.lookup_panel is not None
    window.lock()
    wait_idle(qtbot, tasks)
    assert not window.find_action.isEnabled()
    assert window.lookup_panel is None  # no record stays on screen over the lock
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert window.lookup_panel is None


# ---------------------------------------------------------------------- models and texts


ENTITY = EntitySummary(1, "1000000", "Maple Farms LLC", "llc", "Limited liability company",
                       "active", date(2020, 1, 2))
FILING = FilingSummary(2, "202000000001", "OH-610", "Articles of Organization", 1,
                       datetime(2020, 1, 2, 13, 30, tzinfo=UTC), None, "in_review",
                       "expedite_1", 2, 9900)
UCC = UccSummary(3, "OH202000000031", "initial", datetime(2020, 1, 2, 10, 15, tzinfo=UTC),
                 date(2025, 1, 2), "Maple Farms LLC", None)


def test_every_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    labels = Labels(profile.load())
    filled: list[tuple[RecordTableModel[Any], list[Any]]] = [
        (EntityTableModel(labels), [ENTITY]),
        (FilingTableModel(), [FILING]),
        (UccTableModel(labels), [UCC]),
        (FilingEventModel(), [FilingEventInfo("received", FILING.received_at, "mailroom",
                                              None)]),
        (UccPartyModel(), [UccPartyInfo("secured_party", "organization", "Erie Bank",
                                        "1 Main St")]),
        (ConflictTableModel(labels), [NameConflict(ENTITY, ("identical name", "N2 x"))]),
    ]
    for model, rows in filled:
        qtmodeltester.check(model)
        model.set_rows(rows)
        qtmodeltester.check(model)
    entities = filled[0][0]
    assert entities.append_rows([ENTITY]) == 0  # a row already listed is not listed twice
    assert column(filled[1][0], "Status") == ["In review"]
    assert column(filled[1][0], "Level") == ["Expedite 1"]


def test_standing_continuation_and_verdict_texts() -> None:
    def card(standing: bool | None, reasons: tuple[str, ...] = ()) -> EntityCard:
        return EntityCard(ENTITY, None, None, "—", "—", standing, reasons, (), (), 1)

    assert standing_text(card(True)) == "In good standing"
    assert standing_text(card(False, ("a", "b"))) == "Not in good standing:\na\nb"
    assert standing_text(card(None, ("does not apply",))).splitlines()[0] == "Not applicable"

    def ucc(lapse: date | None, lapsed: bool, terminated: bool = False) -> UccCard:
        return UccCard(UCC, "standard", lapse, lapsed, terminated,
                       date(2024, 7, 2) if lapse else None, lapse, ())

    assert continuation_text(ucc(date(2025, 1, 2), True)) == "Lapsed on 2025-01-02"
    assert continuation_text(ucc(date(2025, 1, 2), False)) == \
        "Continuation may be filed from 2024-07-02 to 2025-01-02"
    assert continuation_text(ucc(None, False)) == "Does not lapse"
    assert continuation_text(ucc(date(2025, 1, 2), False, True)).startswith("Terminated")
    assert verdict_text(Availability("X LLC", "x", (), ())) == "Available"
    one = Availability("X", "x", (NameConflict(ENTITY, ("identical name",)),), ())
    assert verdict_text(one) == "Not available: 1 record on the register with the same name"


def test_a_call_about_the_record_on_screen_is_logged_linked_to_it(
        qtbot: QtBot, window: MainWindow, tasks: TaskRunner, sqlite_backend: Backend) -> None:
    found = first_entity_card(sqlite_backend, window.actor, lambda _card: True).summary
    window.show_record("entity", found.id)
    wait_idle(qtbot, tasks)
    panel = window.lookup_panel
    assert panel is not None and panel.stack.currentWidget() is panel.entity_page
    qtbot.keyClick(panel, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    dialog = panel.findChild(LogContactDialog)
    assert dialog is not None and dialog.links == (("entity", found.id),)
    dialog.requester_edit.setText("Caller about the entity")
    dialog.text_edit.setPlainText("Asked whether the annual report is due.")
    dialog.submit()
    wait_idle(qtbot, tasks)
    assert panel.message.text().startswith("Logged as inquiry Q")
    rows = inquiry_queue.queue(sqlite_backend.db, profile.load(), window.actor,
                               QueueFilter(text="Caller about")).rows
    [row] = [r for r in rows if r.requester == "Caller about the entity"]
    detail = inquiry_read.detail(sqlite_backend.db, profile.load(), window.actor, row.id)
    assert [lk.target_id for lk in detail.links] == [found.id]
