"""What the minutes of a meeting contain, from plain data: the one definition both readers use.

``services.printing`` reads the meeting through the ORM (the window, 定稿); ``services.minutes_read``
reads the same rows through SQLAlchemy's core for ``station-app minutes`` from cold. Both hand what
they read to :func:`minutes_from`; ``tests/services/test_minutes_read.py`` checks that they agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from station_app.documents.data import ActionItem, MinutesData, Participant, Statement, strings_of
from station_app.domain import townships
from station_app.domain.lifecycle import Status
from station_app.errors import InputError
from station_app.services.meeting_inputs import MeetingInput
from station_app.services.station_info import StationInfo


class TopicText(Protocol):
    """The consultation's fields the minutes print (a mapped ``Consultation`` or a plain row)."""

    @property
    def title(self) -> str: ...
    @property
    def number(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def research_findings(self) -> str: ...
    @property
    def origin(self) -> str: ...
    @property
    def status(self) -> str: ...


@dataclass(frozen=True)
class Issuer:
    """Who signs the document: the station the record belongs to."""

    station_name: str
    township_name: str


def issuer_of(info: StationInfo, origin: str) -> Issuer:
    if not info.is_hub:
        return Issuer(info.station_name, info.township_name)
    # A county or city office prints a station's record in that station's name.
    try:
        town = townships.township_by_code(origin)
    except InputError:
        return Issuer(info.station_name, "")
    return Issuer(townships.proposed_station_name(town), town.name)


def withdrawn(status: str) -> bool:
    """A withdrawn (已撤销) topic's documents are marked so on every page."""
    return status == Status.REVOKED.value


def text_lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _background(topic: TopicText, data: MeetingInput) -> str:
    if data.background.strip():
        return data.background
    # Without a written background the topic's own description and findings say what it is about.
    return "\n".join(t for t in (topic.description, topic.research_findings) if t.strip())


def minutes_from(
    issuer: Issuer,
    topic: TopicText,
    data: MeetingInput,
    held_at: datetime,
    *,
    revision: int,
    finalised: bool,
) -> MinutesData:
    when = data.held_at or held_at
    category_of = {p.name: p.category for p in data.participants}
    return MinutesData(
        station_name=issuer.station_name,
        township_name=issuer.township_name,
        title=topic.title,
        number=topic.number,
        source=topic.source,
        form=data.form,
        held_at=when,
        place=data.place,
        chair=data.chair,
        recorder=data.recorder,
        background=_background(topic, data),
        statements=tuple(
            Statement(s.speaker, s.category or category_of.get(s.speaker, ""), s.text)
            for s in data.statements
        ),
        consensus=text_lines(data.consensus),
        disagreements=data.disagreements,
        action_items=tuple(ActionItem(a.matter, a.unit, a.person, a.due_on) for a in data.action_items),
        participants=tuple(
            Participant(p.name, p.category, p.unit, p.phone, p.attendance) for p in data.participants
        ),
        date=when.date(),
        revision=revision,
        finalised=finalised,
        withdrawn=withdrawn(topic.status),
    )


def check_printable(data: object) -> None:
    """Refuse, naming the characters, before anything is rendered or printed."""
    from station_app.documents.data import ResultReportData
    from station_app.documents.fonts import MissingGlyphsError, missing_characters

    texts = list(strings_of(data))
    if isinstance(data, ResultReportData):
        texts.append(data.recipients)
    missing: set[str] = set()
    for text in texts:
        missing |= missing_characters(text)
    if missing:
        raise MissingGlyphsError(missing)
