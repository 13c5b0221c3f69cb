"""Help > About: what a helpdesk call needs first (version, database, workstation, Qt)."""

from __future__ import annotations

import html
import importlib.metadata

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from workstation import APP_NAME, ORG_NAME, __version__
from workstation.startup import Backend

DISTRIBUTION = "counter-workstation"


def licence() -> str:
    """The licence declared in pyproject.toml, so the dialog never disagrees with the package."""
    try:
        meta = importlib.metadata.metadata(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return "see the package"
    found = meta.get_all("License-Expression") or meta.get_all("License") or ["see the package"]
    return str(found[0])


def about_text(backend: Backend) -> str:
    rows = [
        ("Version", __version__),
        ("Database", backend.db.target.describe()),
        ("Workstation", backend.settings.workstation),
        ("Qt / PySide", f"{qVersion()} / {PySide6.__version__}"),
        ("Licence", licence()),
    ]
    cells = "".join(f"<tr><td><b>{html.escape(k)}</b>&nbsp;&nbsp;</td>"
                    f"<td>{html.escape(v)}</td></tr>" for k, v in rows)
    return (f"<h3>{html.escape(APP_NAME)}</h3>"
            f"<p>Mail sort, inquiry queue, batch review and teller drawer for the "
            f"{html.escape(ORG_NAME)}.</p><table>{cells}</table>")


def show_about(parent: QWidget, backend: Backend) -> None:
    QMessageBox.about(parent, f"About {APP_NAME}", about_text(backend))
