"""Take the handbook's pictures from a demo station (run under a real display, e.g. snap-window).

    station-app --data-dir /tmp/demo demo --township-code 511102004
    snap-window /tmp/x.png --wait 20 -- .venv/bin/python resources/handbook/make_screenshots.py /tmp/demo resources/handbook
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from station_app import paths
from station_app.domain.lifecycle import Status
from station_app.services import meetings
from station_app.services.station import load_station
from station_app.storage.migrate import open_database
from station_app.storage.records import Consultation
from station_app.ui.app import make_application
from station_app.ui.main_window import MainWindow
from station_app.ui.pages.consultations_page import ConsultationsPage

WIDTH = 760  # pixels of a picture in the handbook: small files, still readable


def save(widget: QWidget, target: Path) -> None:
    QApplication.processEvents()
    image = widget.grab().toImage()
    image.scaledToWidth(WIDTH, Qt.TransformationMode.SmoothTransformation).save(str(target))
    print(target)


def main(data_dir: str, out: str) -> int:
    paths.configure(data_dir)
    app = make_application()
    db = open_database(None)
    info = load_station(db)
    assert info is not None
    window = MainWindow(db, info)
    window.resize(1200, 720)
    window.show()
    folder = Path(out)

    def shoot() -> None:
        save(window, folder / "consultations.png")
        for key, name in (("documents", "documents.png"), ("sync", "sync.png"), ("settings", "settings.png")):
            window.show_page(key)
            QApplication.processEvents()
            save(window, folder / name)
        window.show_page("consultations")
        with db.session() as session:
            cid = session.query(Consultation.id).filter(Consultation.status == Status.HANDLING.value).first()[0]
        page = window.pages["consultations"]
        assert isinstance(page, ConsultationsPage)
        page.open_consultation(cid)
        editor = page.editor
        assert editor is not None
        editor.tabs.setCurrentWidget(editor.meetings)
        editor.meetings.form_scroll.ensureWidgetVisible(editor.meetings.form.action_items)
        QApplication.processEvents()
        save(window, folder / "meeting.png")
        assert meetings  # (the demo's meetings are what the picture shows)
        app.quit()

    QTimer.singleShot(1500, shoot)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
