"""The search box: two-character terms, phrases, names by pinyin, tombstones, edits, PostgreSQL."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime

import pytest
from sqlalchemy import select, update

from station_app.domain.progress import CancelToken, Progress, run_to_end
from station_app.errors import Cancelled
from station_app.services import search as search_service
from station_app.services.consultations import TopicInput, create_topic
from station_app.services.search import (
    SearchHit,
    matching_consultation_ids,
    rebuild_index,
    reindex_consultation,
    reindex_member,
    reindex_report,
    search,
)
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.base import new_uuid
from station_app.storage.engine import Database
from station_app.storage.migrate import open_database
from station_app.storage.records import (
    ActionItem,
    Consultation,
    Evaluation,
    Meeting,
    Member,
    Participant,
    Report,
    Statement,
)

TODAY = date(2026, 11, 26)
ORIGIN = "511102004"


def _topic(db: Database, title: str, description: str = "", village: str = "青龙社区") -> str:
    return create_topic(
        db,
        TopicInput(title, "群众点题", "养老服务", date(2026, 3, 5), village=village, description=description),
        today=TODAY,
    )


def _meeting(db: Database, consultation_id: str, *, statements: Sequence[tuple[str, str]] = ()) -> str:
    with db.session() as session:
        meeting = Meeting(
            origin=ORIGIN,
            consultation_id=consultation_id,
            form="院坝",
            held_at=datetime(2026, 4, 2, 9, 30),
            place="青龙社区议事室",
            chair="李明",
            consensus="在村委会旁边开设助餐点",
        )
        session.add(meeting)
        session.flush()
        for position, (speaker, text) in enumerate(statements):
            session.add(
                Statement(origin=ORIGIN, meeting_id=meeting.id, position=position, speaker=speaker, text=text)
            )
        session.add(
            Participant(
                origin=ORIGIN, meeting_id=meeting.id, name="张三丰", category="群众代表", unit="武当村"
            )
        )
        session.add(
            ActionItem(
                origin=ORIGIN,
                meeting_id=meeting.id,
                matter="落实助餐场地",
                unit="大佛街道民政办",
                person="赵敏",
            )
        )
        session.add(
            Evaluation(
                origin=ORIGIN,
                consultation_id=consultation_id,
                rater_type="群众代表",
                rating="满意",
                comments="饭菜可口",
            )
        )
        session.flush()
        reindex_consultation(session, consultation_id)
        return meeting.id


def _ids(hits: list[SearchHit], kind: str = "consultation") -> set[str]:
    return {hit.record_id for hit in hits if hit.kind == kind}


@pytest.fixture
def sample(station_db: Database) -> dict[str, str]:
    db = station_db
    ids = {
        "canteen": _topic(db, "院坝老年食堂怎么办", "本村老年人吃饭难，子女多在外务工。"),
        "river": _topic(db, "河道垃圾清理", "青衣江支流河道淤塞，G213国道旁堆放垃圾。"),
        "road": _topic(db, "通组路硬化协商", "老年人 年食", village="金鼓村"),
        "care": _topic(db, "社区养老服务站建设", ""),
    }
    _meeting(
        db,
        ids["canteen"],
        statements=[("王大妈", "希望食堂能提供送餐上门服务"), ("刘委员", "建议引入社会资本")],
    )
    with db.session() as session:
        member = Member(origin=ORIGIN, name="张三丰", sector="农业界", unit="大佛街道农技站", position="站长")
        report = Report(
            origin=ORIGIN,
            title="关于河道采砂扰民的情况反映",
            reporter="周芷若",
            reporter_unit="乐山市第一中学",
            situation="夜间采砂噪声大",
            status="已报送",
        )
        session.add_all([member, report])
        session.flush()
        reindex_member(session, member.id)
        reindex_report(session, report.id)
        ids["member"], ids["report"] = member.id, report.id
    return ids


def test_two_character_terms_are_found(station_db: Database, sample: dict[str, str]) -> None:
    assert _ids(search(station_db, "养老")) == {sample["care"]}
    assert _ids(search(station_db, "河道")) == {sample["river"]}
    assert _ids(search(station_db, "河道"), "report") == {sample["report"]}
    assert _ids(search(station_db, "硬化")) == {sample["road"]}


@pytest.mark.parametrize(
    ("term", "key"),
    [
        ("老年食", "canteen"),
        ("老年食堂", "canteen"),
        ("垃圾清理", "river"),
        ("青衣江支流", "river"),
        ("社区养老服务", "care"),
    ],
)
def test_three_to_six_character_terms(
    station_db: Database, sample: dict[str, str], term: str, key: str
) -> None:
    assert _ids(search(station_db, term)) == {sample[key]}


def test_terms_in_meetings_statements_participants_and_actions(
    station_db: Database, sample: dict[str, str]
) -> None:
    canteen = {sample["canteen"]}
    for term in ("送餐上门", "社会资本", "王大妈", "武当村", "助餐场地", "民政办", "饭菜可口", "议事室"):
        assert _ids(search(station_db, term)) == canteen, term
    # A statement and the topic's own description together.
    assert _ids(search(station_db, "送餐 子女")) == canteen


def test_bigrams_that_are_not_consecutive_do_not_match(station_db: Database, sample: dict[str, str]) -> None:
    # The road topic says 「老年人 年食」: both bigrams of 老年食 occur, but not one after the other.
    assert sample["road"] not in _ids(search(station_db, "老年食"))
    assert _ids(search(station_db, "人年")) == set()
    # Nor across two fields (title 「…清理」 and description 「青衣江…」).
    assert _ids(search(station_db, "理青")) == set()


def test_latin_words_and_digits(station_db: Database, sample: dict[str, str]) -> None:
    assert _ids(search(station_db, "g213")) == {sample["river"]}
    assert _ids(search(station_db, "G21")) == {sample["river"]}  # prefix, any case
    assert _ids(search(station_db, "Ｇ２１３")) == {sample["river"]}  # full-width
    topics = {sample[key] for key in ("canteen", "river", "road", "care")}
    assert _ids(search(station_db, "2026")) == topics  # in every number: 大佛街道〔2026〕N号
    assert _ids(search(station_db, "2026 老年")) == {sample["canteen"], sample["road"]}


def test_names_by_pinyin_initials_and_full_pinyin(station_db: Database, sample: dict[str, str]) -> None:
    hits = search(station_db, "zsf")
    assert _ids(hits) == {sample["canteen"]}  # the participant
    assert _ids(hits, "member") == {sample["member"]}
    assert _ids(search(station_db, "zhangsanfeng"), "member") == {sample["member"]}
    assert _ids(search(station_db, "ZSF"), "member") == {sample["member"]}
    assert _ids(search(station_db, "zzr"), "report") == {sample["report"]}
    assert _ids(search(station_db, "zm")) == {sample["canteen"]}  # 赵敏, responsible for an action


def test_several_words_must_all_match(station_db: Database, sample: dict[str, str]) -> None:
    assert _ids(search(station_db, "河道 垃圾")) == {sample["river"]}
    assert _ids(search(station_db, "河道 食堂")) == set()
    assert _ids(search(station_db, "老年人，吃饭")) == {sample["canteen"]}


def test_results_are_ordered_by_kind_and_limited(station_db: Database, sample: dict[str, str]) -> None:
    hits = search(station_db, "张三丰")
    assert [hit.kind for hit in hits] == ["consultation", "member"]
    assert hits[1].title == "张三丰" and "农业界" in hits[1].detail
    assert [hit.kind for hit in search(station_db, "河道")] == ["consultation", "report"]
    assert [hit.kind for hit in search(station_db, "河道", kinds={"report"})] == ["report"]
    assert len(search(station_db, "张三丰", limit=1)) == 1
    assert search(station_db, "张三丰", limit=0) == []
    river = search(station_db, "河道")[0]
    assert river.title == "河道垃圾清理" and "〔2026〕" in river.detail and "征集中" in river.detail


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "*",
        "(",
        ")",
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "-",
        '"河道',
        "河道*",
        "(养老",
        "^",
        ":",
        "{head}",
        "a:b",
        "'",
        "\\",
        "   ",
        "",
    ],
)
def test_special_characters_never_raise(station_db: Database, sample: dict[str, str], text: str) -> None:
    hits = search(station_db, text)
    with station_db.session() as session:
        session.execute(matching_consultation_ids(session, text)).all()
    if "河道" in text:
        assert _ids(hits) == {sample["river"]}
    elif text.strip() in ("", '"', "*", "(", ")", "-", "^", ":", "'", "\\"):
        assert hits == []


def test_tombstoned_records_and_rows_are_not_found(station_db: Database, sample: dict[str, str]) -> None:
    with station_db.session() as session:
        session.execute(update(Statement).where(Statement.speaker == "王大妈").values(deleted=True))
        session.execute(update(Consultation).where(Consultation.id == sample["river"]).values(deleted=True))
        session.execute(update(Member).where(Member.id == sample["member"]).values(deleted=True))
        reindex_consultation(session, sample["canteen"])
        reindex_consultation(session, sample["river"])
        reindex_member(session, sample["member"])
    assert search(station_db, "送餐上门") == []
    assert _ids(search(station_db, "社会资本")) == {sample["canteen"]}
    assert _ids(search(station_db, "垃圾清理")) == set()
    assert _ids(search(station_db, "zsf"), "member") == set()
    # A rebuild agrees.
    run_to_end(rebuild_index(station_db))
    assert search(station_db, "送餐上门") == [] and _ids(search(station_db, "垃圾清理")) == set()


def test_reindex_after_an_edit_finds_the_new_text_only(station_db: Database, sample: dict[str, str]) -> None:
    with station_db.session() as session:
        row = session.get(Consultation, sample["road"])
        assert row is not None
        row.title = "村道安装路灯"
        reindex_consultation(session, row.id)
    assert _ids(search(station_db, "路灯")) == {sample["road"]}
    assert _ids(search(station_db, "硬化")) == set()
    # Newly indexed records come first.
    assert search(station_db, "2026")[0].record_id == sample["road"]


def test_matching_ids_combine_with_other_filters(station_db: Database, sample: dict[str, str]) -> None:
    with station_db.session() as session:
        query = select(Consultation.id).where(
            Consultation.id.in_(matching_consultation_ids(session, "老年")), Consultation.village == "金鼓村"
        )
        assert set(session.scalars(query)) == {sample["road"]}
        assert set(session.scalars(matching_consultation_ids(session, "  "))) == set()


def test_rebuild_reports_progress_and_can_be_cancelled(station_db: Database, sample: dict[str, str]) -> None:
    steps: list[Progress] = []
    job = rebuild_index(station_db)
    while True:
        try:
            steps.append(next(job))
        except StopIteration as stop:
            assert stop.value == 6  # four topics, one report, one member
            break
    assert steps[0].done == 0 and steps[-1].done == steps[-1].total == 6
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        run_to_end(rebuild_index(station_db, token))
    assert _ids(search(station_db, "河道")) == {sample["river"]}  # the old index is intact


_ALPHABET = "老年人食堂河道养路灯村"


def _random_text(rng: random.Random) -> str:
    return "".join(rng.choice(_ALPHABET + "，") for _ in range(rng.randint(2, 14)))


def test_thousands_of_records_agree_with_a_plain_substring_scan(station_db: Database) -> None:
    """Texts from a tiny alphabet make bigrams collide everywhere; results must equal `in`."""
    rng = random.Random(7)
    rows = [
        Consultation(
            id=new_uuid(),
            origin=ORIGIN,
            number=f"大佛街道〔2025〕{seq}号",
            year=2025,
            seq=seq,
            title=_random_text(rng),
            description=_random_text(rng),
            source="群众点题",
            field="养老服务",
            status="征集中",
        )
        for seq in range(1, 3001)
    ]
    texts = {row.id: (row.title, row.description, row.number) for row in rows}
    with station_db.session() as session:
        session.add_all(rows)
    assert run_to_end(rebuild_index(station_db)) == 3000
    terms = ["老年", "河道", "人食", "老年食", "道养路", "年人食堂", "食堂河道养", "老 河道", "灯村老年人"]
    with station_db.session() as session:
        for term in terms:
            words = term.split()
            expected = {
                cid for cid, fields in texts.items() if all(any(w in f for f in fields) for w in words)
            }
            found = set(session.scalars(matching_consultation_ids(session, term)))
            assert found == expected, term
            like = select(Consultation.id).where(search_service.like_condition("consultation", term))
            assert set(session.scalars(like)) == expected, term
            hits = search(station_db, term, kinds={"consultation"}, limit=50)
            assert len(hits) == min(50, len(expected)) and _ids(hits) <= expected


@pytest.mark.postgres
def test_the_same_search_works_on_postgresql(pg_url: str) -> None:
    db = open_database(pg_url)
    try:
        setup_station(db, SetupRequest(township_code=ORIGIN))
        river = _topic(db, "河道垃圾清理", "青衣江支流淤塞，G213国道旁堆放垃圾。")
        road = _topic(db, "通组路硬化协商", "老年人 年食")
        canteen = _topic(db, "院坝老年食堂怎么办")
        _meeting(db, canteen, statements=[("王大妈", "希望食堂能提供送餐上门服务_100%")])
        with db.session() as session:
            session.add(Member(origin=ORIGIN, name="张三丰", sector="农业界", initials="zsf"))
        assert _ids(search(db, "河道")) == {river}
        assert _ids(search(db, "老年食")) == {canteen}
        assert road not in _ids(search(db, "老年食"))
        assert _ids(search(db, "送餐上门 武当村")) == {canteen}
        assert _ids(search(db, "g213")) == {river}
        assert _ids(search(db, "_100%")) == {canteen}
        assert _ids(search(db, "zsf"), "member") != set()
        assert search(db, '"*(AND-') == []
        assert run_to_end(rebuild_index(db)) == 4  # three topics and a member, in search_texts
        with db.session() as session:
            found = set(session.scalars(matching_consultation_ids(session, "老年")))
        assert found == {road, canteen}
    finally:
        db.dispose()
