"""Charts read back from their rendering: each bar ends where its value is on the axis, ticks are
integers from 0, labels are whole, an empty chart says 「暂无数据」."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCharts import QBarCategoryAxis, QHorizontalBarSeries
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QGraphicsLineItem
from pytestqt.qtbot import QtBot

from station_app.ui.charts import BAR_COLOR, EMPTY_TEXT, ChartView, nice_scale

LONG_LABELS = ["不予立题", "民主监督", "医疗卫生", "食品药品安全", "政策落实监督", "已撤销"]


@settings(max_examples=300)
@given(st.floats(min_value=0.01, max_value=1e6))
def test_nice_scale_is_integer_and_covers_the_maximum(maximum: float) -> None:
    top, step = nice_scale(maximum)
    assert top >= maximum and top % step == 0 and top // step <= 10
    assert top - step < maximum  # no empty step at the end
    assert str(step).strip("0") in ("1", "2", "5")


def _close(color: QColor, want: QColor) -> bool:
    return (
        abs(color.red() - want.red()) + abs(color.green() - want.green()) + abs(color.blue() - want.blue())
        < 30
    )


def _rendered_values(qtbot: QtBot, view: ChartView) -> dict[str, float]:
    """Measure each bar on the rendered image and turn its end back into a value via the axis."""
    qtbot.waitUntil(lambda: view.chart().plotArea().width() > 100)
    image: QImage = view.grab().toImage()
    chart = view.chart()
    series = view.series
    assert isinstance(series, QHorizontalBarSeries)
    area = chart.plotArea()
    labels = [label for label, _ in reversed(view.rows)]
    measured: dict[str, float] = {}
    for index, label in enumerate(labels):
        centre = view.mapFromScene(chart.mapToScene(chart.mapToPosition(QPointF(0, index), series)))
        y = centre.y()
        x0 = view.mapFromScene(chart.mapToScene(area.topLeft())).x()
        x1 = view.mapFromScene(chart.mapToScene(area.topRight())).x()
        ends = [x for x in range(x0, x1 + 1) if _close(image.pixelColor(x, y), BAR_COLOR)]
        if not ends:
            measured[label] = 0.0
            continue
        end = view.mapToScene(ends[-1] + 1, y)
        measured[label] = chart.mapToValue(chart.mapFromScene(end), series).x()
    return measured


def test_bars_end_at_their_values(qtbot: QtBot) -> None:
    view = ChartView("各阶段议题数")
    qtbot.addWidget(view)
    view.resize(640, 380)
    view.show()
    rows = list(zip(LONG_LABELS, [13, 4, 0, 1, 7, 12], strict=True))
    view.show_bars(rows)
    axis = view.value_axis
    assert axis is not None and axis.min() == 0
    top = int(axis.max())
    assert axis.max() == top and top % (axis.tickCount() - 1) == 0  # every tick an integer
    one_pixel = top / view.chart().plotArea().width()
    measured = _rendered_values(qtbot, view)
    for label, value in rows:
        assert abs(measured[label] - value) <= 1.5 * one_pixel + 0.02, (label, measured[label], value)
    categories = next(a for a in view.chart().axes() if isinstance(a, QBarCategoryAxis))
    named = [label if value else f"{label}：0" for label, value in reversed(rows)]  # an empty bar says 0
    assert categories.categories() == named and not categories.labelsTruncated()
    assert "医疗卫生：0" in named
    assert view.series is not None and view.series.isLabelsVisible()
    assert not view.empty_label.isVisible()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(0, 400), min_size=1, max_size=8))
def test_any_values_render_to_their_lengths(qtbot: QtBot, values: list[int]) -> None:
    view = ChartView("议题领域")
    view.resize(600, 360)
    view.show()
    rows = [(f"领域{i}", v) for i, v in enumerate(values)]
    view.show_bars(rows)
    if not any(values):
        assert view.empty_label.isVisible() and view.series is None
        view.deleteLater()
        return
    one_pixel = view.chart().axes()[1].max() / view.chart().plotArea().width()
    measured = _rendered_values(qtbot, view)
    for label, value in rows:
        assert abs(measured[label] - value) <= 1.5 * one_pixel + 0.02, (label, measured[label], value)
    view.deleteLater()


def test_empty_charts_say_so(qtbot: QtBot) -> None:
    bars = ChartView("各阶段议题数")
    pie = ChartView("群众评价")
    for view in (bars, pie):
        qtbot.addWidget(view)
        view.resize(500, 300)
        view.show()
    bars.show_bars([("选题", 5), ("调研", 2)])
    qtbot.waitUntil(lambda: bars.chart().plotArea().width() > 100)
    bars.show_bars([("选题", 0), ("调研", 0)])  # what was drawn before must go, axes included
    pie.show_pie([("满意", 0), ("不满意", 0)])
    for view in (bars, pie):
        assert view.empty_label.isVisible() and view.empty_label.text() == EMPTY_TEXT
        assert view.chart().series() == [] and view.chart().axes() == []
        assert view.chart().plotArea().contains(view.empty_label.pos())
        drawn = [i for i in view.scene().items() if isinstance(i, QGraphicsLineItem) and i.isVisible()]
        assert drawn == []
    pie.show_pie([("满意", 3), ("不满意", 1)])
    assert not pie.empty_label.isVisible()
    assert [s.label() for s in pie.chart().series()[0].slices()] == ["满意 3（75%）", "不满意 1（25%）"]
