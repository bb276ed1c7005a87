"""A topic reported resolved (办理结果 A) has no overdue 下步措施: the strip and 逾期事项 agree."""

from __future__ import annotations

from datetime import timedelta

import pytest

from station_app.domain.lifecycle import Status
from station_app.services import conversion, queries
from station_app.services.figures import figures_for
from station_app.storage.engine import Database
from tests.ui.test_editor_support import TODAY, meeting_with_items, topic_in


@pytest.mark.parametrize(("code", "counted"), [("", 1), ("B", 1), ("A", 0)])
def test_resolved_topics_have_nothing_overdue(station_db: Database, code: str, counted: int) -> None:
    cid = topic_in(station_db, Status.CONSULTED)
    meeting_with_items(station_db, cid, due=TODAY - timedelta(days=30))
    conversion.save_conversion(
        station_db,
        cid,
        conversion.ConversionInput(
            "协商意见书", "区住建局", TODAY, result_code=code, reply_on=TODAY if code else None
        ),
        today=TODAY,
    )
    due = queries.open_action_items(station_db, before=TODAY)
    with station_db.session() as session:
        figures = figures_for(session, None, None, TODAY)
    assert len(due) == counted == figures.overdue_actions
