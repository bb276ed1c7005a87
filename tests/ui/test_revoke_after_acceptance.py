"""撤销 is offered only after 立题 (README: 已撤销 = 立题后中途撤销); before it, 不予立题."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from station_app.domain.lifecycle import Status, TransitionError
from station_app.services import consultations
from station_app.services.station import StationInfo
from station_app.storage.engine import Database

from .test_editor_support import open_editor, topic_in


def test_a_collecting_topic_offers_reject_not_revoke(
    qtbot: QtBot, db: Database, station: StationInfo
) -> None:
    editor = open_editor(qtbot, db, station, topic_in(db, Status.COLLECTING))
    offered = set(editor.transitions.buttons)
    assert "不予立题" in offered and "撤销" not in offered
    accepted = open_editor(qtbot, db, station, topic_in(db, Status.ACCEPTED, "第二个议题"))
    assert "撤销" in accepted.transitions.buttons


def test_the_service_refuses_revoking_before_acceptance(db: Database, station: StationInfo) -> None:
    cid = topic_in(db, Status.COLLECTING)
    with pytest.raises(TransitionError, match="不能从“征集中”直接变为“已撤销”"):
        consultations.change_status(db, cid, Status.REVOKED, reason="重复")
    consultations.change_status(db, cid, Status.REJECTED, reason="重复")
    with pytest.raises(TransitionError):
        consultations.change_status(db, cid, Status.REVOKED, reason="重复")
