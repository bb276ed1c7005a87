"""Take the handbook's pictures from a demo station, as a clerk's 1366×768 screen shows them.

Use a neutral data folder (it is printed on the 设置 page), never /tmp or a developer's folder:

    station-app --data-dir /home/联络员/有事来协商数据 demo --township-code 511102004
    snap-window /tmp/x.png --wait 25 -- .venv/bin/python resources/handbook/make_screenshots.py \\
        /home/联络员/有事来协商数据 resources/handbook

Each picture is a part of the window at its real size (never scaled down: the text must stay
readable in the handbook and on paper), saved with a 256-colour palette to stay small.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image  # reportlab's own dependency; this script is not shipped
from PySide6.QtCore import QBuffer, QIODevice, QPoint, QRect, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from station_app import paths
from station_app.domain.lifecycle import Status
from station_app.services.station import load_station
from station_app.storage.migrate import open_database
from station_app.storage.records import Consultation
from station_app.ui.app import make_application
from station_app.ui.main_window import MainWindow
from station_app.ui.pages.consultations_page import ConsultationsPage

WINDOW = (1366, 728)  # a maximised window on a 1366×768 screen, less the taskbar
MAX_WIDTH = 940  # the help window shows a picture this wide without scrolling sideways
COLOURS = 96  # a screen of flat greys, blue, red and anti-aliased black text
NOT_NEUTRAL = ("/tmp", "/work", "/root")


def save(widget: QWidget, target: Path, area: QRect | None = None) -> None:
    """``area`` of ``widget`` (window coordinates), at most MAX_WIDTH wide, as a palette PNG."""
    QApplication.processEvents()
    image = widget.grab(area or QRect(QPoint(0, 0), widget.size())).toImage()
    if image.width() > MAX_WIDTH:
        image = image.copy(0, 0, MAX_WIDTH, image.height())
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    # A palette made from the picture's own colours, without dithering: flat greys stay flat
    # (Qt's own 8-bit conversion dithers them into a hatch that prints badly).
    picture = Image.open(io.BytesIO(bytes(buffer.data().data()))).convert("RGB")
    picture.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        target, optimize=True
    )
    print(f"{target}  {image.width()}×{image.height()}  {target.stat().st_size // 1024} KB")


def main(data_dir: str, out: str) -> int:
    if data_dir.startswith(NOT_NEUTRAL):
        print(f"请用一个中性的数据目录（它会显示在「设置」页的截图里），不要用 {data_dir}")
        return 2
    paths.configure(data_dir)
    app = make_application()
    db = open_database(None)
    info = load_station(db)
    assert info is not None
    window = MainWindow(db, info)
    window.resize(*WINDOW)
    window.show()
    folder = Path(out)
    page = window.pages["consultations"]
    assert isinstance(page, ConsultationsPage)

    def page_area(height: int) -> QRect:
        """The page beside the navigation, ``height`` pixels from its top."""
        top_left = window.stack.mapTo(window, QPoint(0, 0))
        return QRect(top_left.x(), top_left.y(), window.stack.width(), height)

    def shoot() -> None:
        # The list needs the width of a real screen; its left part is what the handbook explains.
        save(window, folder / "consultations.png", QRect(0, 0, MAX_WIDTH, 430))
        # The other pages are laid out in the narrowest window the program allows (about 1100
        # pixels): little is cut at the right of a picture.
        window.resize(window.minimumSizeHint().width(), 700)
        QApplication.processEvents()
        window.show_page("settings")
        save(window, folder / "settings.png", page_area(470))
        window.show_page("sync")
        save(window, folder / "sync.png", page_area(215))  # the export box: what the handbook explains
        window.resize(window.width(), 500)  # a short list, so that the buttons below it are in the picture
        window.show_page("documents")
        QApplication.processEvents()
        save(window, folder / "documents.png", page_area(window.stack.height()))
        window.resize(window.width(), 700)
        window.show_page("consultations")
        page.new_consultation()
        assert page.editor is not None
        save(window, folder / "new_topic.png", page_area(440))
        page.back_to_list()
        with db.session() as session:
            cid = (
                session.query(Consultation.id).filter(Consultation.status == Status.HANDLING.value).first()[0]
            )
        page.open_consultation(cid)
        editor = page.editor
        assert editor is not None
        editor.tabs.setCurrentWidget(editor.meetings)
        QApplication.processEvents()
        scroll = editor.meetings.form_scroll
        table = editor.meetings.form.action_items
        heading = table.mapTo(scroll.widget(), QPoint(0, 0)).y() - 220  # the consensus, then the table
        scroll.verticalScrollBar().setValue(max(heading, 0))
        save(window, folder / "meeting.png", page_area(580))
        app.quit()

    QTimer.singleShot(2500, shoot)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
