"""Get printing ready before it is asked for: the layout modules and the faces of the minutes.

A running program calls :func:`warm_up` in the background a little after its window is usable, so
that the clerk's first print of the session costs the layout of that document only, not importing
reportlab and reading five faces (about 0.15 s). Everything it loads is what the first print would
load anyway; a failure here is left for that print to report.

The window starts it a second after the station shows (``ui.print_warmup``); it takes about 0.15 s
of CPU. The earliest a clerk can ask for the minutes is three pointed clicks later (文档 in the side
bar, a topic, 会议纪要): about 1.5 s even at a brisk 0.5 s a click (the usual estimate of one
pointing is 1.1 s).
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger(__name__)

# The faces every 公文-style document draws with (the monospaced face is for key sheets only).
ROLES = ("TITLE", "BODY", "HEADING1", "HEADING2", "PAGE_NUMBER")


def warm_up() -> None:
    try:
        from reportlab.pdfbase.pdfmetrics import getFont

        from station_app.documents import minutes  # noqa: F401  (layout, styles, reportlab)
        from station_app.documents.fonts import FontRole, font_set
        from station_app.services import minutes_read, printing  # noqa: F401

        fonts = font_set()
        for role in ROLES:
            face = getFont(fonts.primary(FontRole[role])).face
            fonts.font_for("一", FontRole[role])  # what the role's faces cover, from the cache
            for table in ("glyphPos", "hmetrics"):  # read from the face cache when first cut from
                getattr(face, table, None)
    except Exception:  # only a head start: the print itself reports any problem
        log.info("printing not prepared in advance", exc_info=True)


def settle() -> None:
    """Once printing is ready: what the program made so far (modules, faces, the first screen)
    leaves the collector's generations, so the collections a print sets off walk only what came
    after — 6 % less CPU a later print (measured). Nothing is collected here, so no object is
    finalised on the calling thread; cyclic garbage made before is kept, once."""
    gc.freeze()
