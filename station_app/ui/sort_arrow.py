"""The sort arrow of a table header drawn the way Chinese office software shows it: ▲ for ascending
(small to large, oldest first), ▼ for descending (newest first).

Qt hands the styles an indicator whose direction each style reads its own way (Fusion on Linux
shows ▲ for a descending sort), so the clerk saw ▲ over a newest-first list. Drawn here from the
header's own sort order, the arrow is the same on every platform.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter, QPolygonF
from PySide6.QtWidgets import QHeaderView, QProxyStyle, QStyle, QStyleOption, QWidget

ARROW_WIDTH = 9.0
ARROW_HEIGHT = 5.0


class SortArrowStyle(QProxyStyle):
    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element != QStyle.PrimitiveElement.PE_IndicatorHeaderArrow or not isinstance(widget, QHeaderView):
            super().drawPrimitive(element, option, painter, widget)
            return
        rect = option.rect
        cx, cy = rect.center().x() + 0.5, rect.center().y() + 0.5
        half_w, half_h = ARROW_WIDTH / 2, ARROW_HEIGHT / 2
        if widget.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder:  # ▲
            points = [
                QPointF(cx - half_w, cy + half_h),
                QPointF(cx + half_w, cy + half_h),
                QPointF(cx, cy - half_h),
            ]
        else:  # ▼
            points = [
                QPointF(cx - half_w, cy - half_h),
                QPointF(cx + half_w, cy - half_h),
                QPointF(cx, cy + half_h),
            ]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(widget.palette().windowText())
        painter.drawPolygon(QPolygonF(points))
        painter.restore()


def use_sort_arrows(header: QHeaderView) -> None:
    """Give ``header`` the arrow that matches its order (the style is owned by the header)."""
    style = SortArrowStyle()
    style.setParent(header)
    header.setStyle(style)
