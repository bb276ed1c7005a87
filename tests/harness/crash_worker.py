"""A station that works without pause, to be killed with SIGKILL at a random moment.

    python -m tests.harness.crash_worker STICK_DIR FEEDBACK_DIR SEED

The data folder comes from STATION_APP_DATA_DIR (a station set up by the parent). The worker
creates topics, changes their status, saves meetings, exports packages to STICK_DIR and imports the
feedback packages in FEEDBACK_DIR, in a random order, for ever. After each committed transaction it
prints one line and flushes, so that the parent knows what must survive the kill:

    COMMITTED <kind> <uuid> <revision>
    EXPORTED <sequence> <file name>
    IMPORTED <file name>
"""

from __future__ import annotations

import random
import sys
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from station_app.domain.classifications import FIELD_NAMES, MEETING_FORMS, PARTICIPANT_CATEGORIES, SOURCES
from station_app.domain.progress import run_to_end
from station_app.errors import KnownError
from station_app.services import consultations, meetings
from station_app.services.consultations import TopicInput
from station_app.services.export import export_package
from station_app.services.feedback_import import import_feedback
from station_app.services.meetings import ActionItemInput, MeetingInput, ParticipantInput, StatementInput
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database
from station_app.storage.records import Consultation, Meeting

TODAY = date(2026, 11, 26)


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _revision(db: Database, model: type[Consultation] | type[Meeting], row_id: str) -> int:
    with db.session() as session:
        row = session.get(model, row_id)
        assert row is not None
        return int(row.revision)


def _topic_ids(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Consultation.id).where(Consultation.deleted.is_(False))))


def _create(db: Database, rng: random.Random, n: int) -> None:
    topic = TopicInput(
        title=f"第{n}号测试议题：村道路灯维修",
        source=rng.choice(SOURCES[:4]),
        field=rng.choice(FIELD_NAMES),
        proposed_on=date(2026, rng.randint(1, 11), rng.randint(1, 28)),
        village="嘉州社区",
        proposer="张群众",
        description="群众反映夜间出行不便。" * rng.randint(1, 30),
    )
    cid = consultations.create_topic(db, topic, today=TODAY, actor="王芳")
    _say(f"COMMITTED consultation {cid} {_revision(db, Consultation, cid)}")


def _status(db: Database, rng: random.Random, topics: list[str]) -> None:
    cid = rng.choice(topics)
    options = consultations.available_transitions(db, cid)
    if not options:
        return
    choice = rng.choice(options)
    reason = "测试：需要补充材料" if choice.needs_reason else ""
    consultations.change_status(db, cid, choice.target, reason=reason, actor="王芳")
    _say(f"COMMITTED consultation {cid} {_revision(db, Consultation, cid)}")


def _meeting(db: Database, rng: random.Random, topics: list[str]) -> None:
    cid = rng.choice(topics)
    data = MeetingInput(
        form=rng.choice(MEETING_FORMS),
        held_at=datetime(2026, rng.randint(1, 11), rng.randint(1, 28), 9, 30),
        place="村委会议事室",
        chair="李明",
        recorder="王芳",
        background="背景情况。" * rng.randint(1, 20),
        consensus="形成共识：尽快维修。",
        participants=tuple(
            ParticipantInput(name=f"参会人{i}", category=rng.choice(PARTICIPANT_CATEGORIES))
            for i in range(rng.randint(1, 12))
        ),
        statements=(StatementInput(speaker="参会人0", text="同意维修方案。"),),
        action_items=(ActionItemInput(matter="维修路灯", unit="村委会", due_on=date(2026, 12, 31)),),
    )
    mid = meetings.save_meeting(db, cid, data, today=TODAY, actor="王芳")
    _say(f"COMMITTED meeting {mid} {_revision(db, Meeting, mid)}")


def _export(db: Database, rng: random.Random, stick: Path) -> None:
    result = run_to_end(export_package(db, stick, full=rng.random() < 0.15))
    _say(f"EXPORTED {result.sequence} {result.path.name}")


def _import(db: Database, rng: random.Random, feedback: Path) -> None:
    packages = sorted(feedback.glob("*.jzsync"))
    if packages:
        path = rng.choice(packages)
        run_to_end(import_feedback(db, path))
        _say(f"IMPORTED {path.name}")


def main(argv: list[str]) -> int:
    stick, feedback, seed = Path(argv[0]), Path(argv[1]), int(argv[2])
    rng = random.Random(seed)
    db = open_database(None)
    topics = _topic_ids(db)
    _say("READY")
    n = 0
    while True:
        n += 1
        roll = rng.random()
        try:
            if roll < 0.30 or not topics:
                _create(db, rng, n)
                topics = _topic_ids(db)
            elif roll < 0.55:
                _status(db, rng, topics)
            elif roll < 0.75:
                _meeting(db, rng, topics)
            elif roll < 0.95:
                _export(db, rng, stick)
            else:
                _import(db, rng, feedback)
        except KnownError as error:
            _say(
                f"REFUSED {type(error).__name__} {error.message}"
            )  # a refused transition, nothing to export …: the clerk would be told and go on


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
