"""What the editor reads about one consultation, in one short session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from station_app.domain import lifecycle
from station_app.domain.lifecycle import Status, Transition
from station_app.services.consultations import facts_of, get_row
from station_app.services.station import StationInfo
from station_app.storage.engine import Database


@dataclass
class EditorContext:
    """Shared by the editor and its tabs; ``consultation_id`` is set once a new topic is first saved."""

    db: Database
    info: StationInfo
    consultation_id: str | None
    fixed_today: date | None = None

    def today(self) -> date:
        return self.fixed_today or date.today()

    @property
    def actor(self) -> str:
        return self.info.clerk_name

    @property
    def cid(self) -> str:
        assert self.consultation_id is not None, "the topic has not been saved yet"
        return self.consultation_id


@dataclass(frozen=True)
class TransitionOption:
    transition: Transition
    missing: tuple[str, ...]  # unmet requirements of a forward step (empty = may be taken now)


@dataclass(frozen=True)
class RecordView:
    id: str
    number: str
    title: str
    status: Status
    status_reason: str
    values: dict[str, object]  # the columns the tabs show, by field name
    options: tuple[TransitionOption, ...] = field(default=())

    @property
    def stage_text(self) -> str:
        stage = lifecycle.stage_of(self.status)
        return f"{stage}环节" if stage is not None else ""

    @property
    def is_final(self) -> bool:
        return lifecycle.is_final(self.status)


COLUMNS = (
    "title", "source", "field", "village", "proposer", "proposed_on", "description",
    "research_start", "research_end", "research_method", "research_findings",
    "output_type", "sent_to", "sent_on", "lead_unit", "deadline", "result_code", "reply_text", "reply_on",
)  # fmt: skip


def load_record(db: Database, consultation_id: str) -> RecordView:
    with db.session() as session:
        row = get_row(session, consultation_id)
        status = Status(row.status)
        facts = facts_of(session, row)
        options = tuple(
            TransitionOption(
                t,
                tuple(lifecycle.missing_requirements(t.target, facts))
                if t.kind is lifecycle.TransitionKind.FORWARD
                else (),
            )
            for t in lifecycle.possible_transitions(status)
        )
        return RecordView(
            row.id,
            row.number,
            row.title,
            status,
            row.status_reason,
            {name: getattr(row, name) for name in COLUMNS},
            options,
        )
