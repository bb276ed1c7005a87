"""The end of a document: the last text, the lists and the sign-off, paged as one.

The sign-off (签字 lines, 署名, date) and the short lists before it (请假, 列席) never stand on a page
without real text: when they do not fit below the text, the last lines of the text go along with
them, and the page before is filled as far as the text allows rather than left a third empty.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer
from reportlab.platypus.flowables import _listWrapOn

from station_app.documents.text_styles import BODY_LEADING, TYPE_HEIGHT

# The real text carried over keeps at least this much (a line of body text, or a table row).
_LEAST_CARRIED = BODY_LEADING - 1


class Closing(KeepTogether):  # type: ignore[misc]
    """``text`` (the last flowables of the body, which may be split) followed by ``tail`` (lists
    and sign-off, kept together). ``headings`` are text flowables never left at a page's end."""

    def __init__(
        self, text: Sequence[Flowable], tail: Sequence[Flowable], *, headings: Sequence[Flowable] = ()
    ) -> None:
        super().__init__([*text, *tail])
        self.text = list(text)
        self.tail = list(tail)
        self.headings = {id(h) for h in headings}

    def split(self, aW: float, aH: float) -> list[Flowable]:
        content = [*self.text, *self.tail]
        _w, total = _listWrapOn(content, aW, self.canv)
        if total <= aH + 1e-6:
            return content
        # The blank lines around the signatures may close up to half a line each to stay on the page.
        gaps = [f for f in self.tail if isinstance(f, Spacer)]
        if total - sum(g.height for g in gaps) / 2 <= aH + 1e-6:
            return [*self.text, *(Spacer(1, f.height / 2) if f in gaps else f for f in self.tail)]
        best = self._best_break(aW, aH)
        if best is not None:
            return best
        carried = self._carry_end(aW)
        if carried is not None:  # text longer than a page: its end goes with the tail
            return carried
        if aH >= TYPE_HEIGHT - 1:  # a fresh page that cannot hold it all: let it flow
            return content
        return []  # all of it starts the next page

    def _carry_end(self, aW: float) -> list[Flowable] | None:
        """For text that no single page break fits (a table of several pages): the last text
        flowable is cut so that its end and the tail fill one page at most; the rest flows."""
        if not self.text or id(self.text[-1]) in self.headings:
            return None
        last = self.text[-1]
        height = _listWrapOn([last], aW, self.canv)[1]
        tail_height = _listWrapOn(self.tail, aW, self.canv)[1]
        cut = height - (TYPE_HEIGHT - tail_height)
        while 0 < cut <= height - _LEAST_CARRIED:
            parts = last.splitOn(self.canv, aW, cut)
            end = parts[1].wrapOn(self.canv, aW, TYPE_HEIGHT)[1] if len(parts) == 2 else TYPE_HEIGHT
            if end + tail_height <= TYPE_HEIGHT:
                return [*self.text[:-1], parts[0], KeepTogether([parts[1], *self.tail])]
            cut += BODY_LEADING / 2
        return None

    def _best_break(self, aW: float, aH: float) -> list[Flowable] | None:
        """The break that fills this page most, leaving real text to go with the tail."""
        heights = [_listWrapOn([f], aW, self.canv)[1] for f in self.text]
        _w, tail_height = _listWrapOn(self.tail, aW, self.canv)
        best: tuple[float, list[Flowable]] | None = None
        used = 0.0
        for j, flowable in enumerate(self.text):
            if used > aH:
                break
            rest = self.text[j + 1 :]
            # Break before this flowable (never right after a heading).
            if j > 0 and id(self.text[j - 1]) not in self.headings and id(flowable) not in self.headings:
                after = sum(heights[j:]) + tail_height
                if after <= TYPE_HEIGHT and (best is None or used > best[0]):
                    best = (used, [*self.text[:j], PageBreak(), *self.text[j:], *self.tail])
            # Break inside it: its first part here, at least two lines (a row) of it carried.
            room = min(aH - used, heights[j] - _LEAST_CARRIED)
            if room > 0 and id(flowable) not in self.headings:
                parts = flowable.splitOn(self.canv, aW, room)
                if len(parts) == 2:
                    first = parts[0].wrapOn(self.canv, aW, room)[1]
                    second = parts[1].wrapOn(self.canv, aW, TYPE_HEIGHT)[1]
                    after = second + sum(heights[j + 1 :]) + tail_height
                    if after <= TYPE_HEIGHT and (best is None or used + first > best[0]):
                        carried = [parts[0], PageBreak(), parts[1], *rest]
                        best = (used + first, [*self.text[:j], *carried, *self.tail])
            used += heights[j]
        return best[1] if best else None
