"""Index tokens, FTS5 queries, and the migration that adds the search index."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, create_engine, inspect, select

from station_app import paths
from station_app.services.check import check_database
from station_app.services.search import search
from station_app.storage import search_index as si
from station_app.storage.migrate import open_database

SNAPSHOTS = Path(__file__).parent / "snapshots"


def test_han_runs_become_bigrams_framed_by_single_characters() -> None:
    assert si.index_tokens("老年食堂") == ["老年", "年食", "食堂", "堂"]
    assert si.index_tokens("河") == ["河"]
    assert si.index_tokens("院坝，议事") == ["院坝", "坝", "议", "议事", "事"]
    # Fields never run into each other.
    assert si.index_text(["清理", "青衣江"]).split() == ["清理", "理", "青", "青衣", "衣江", "江"]


def test_other_runs_are_lowercase_words() -> None:
    assert si.index_tokens("G213国道 No.5") == ["国", "国道", "道", "g213", "no", "5"]
    assert si.index_tokens("Ｇ２１３") == ["g213"]  # full-width folded
    assert si.index_tokens("⼀二") == ["一二", "二"]  # a Kangxi radical pasted from a PDF
    assert si.index_tokens("大佛街道〔2026〕1号") == ["大佛", "佛街", "街道", "道", "号", "号", "2026", "1"]
    assert si.index_tokens("") == [] and si.index_tokens("，。！ ") == []


def test_names_get_initials_and_full_pinyin() -> None:
    assert si.name_pinyin("张三丰") == ("zsf", "zhangsanfeng")
    assert "zgf" in si.name_pinyin("曾国藩") and "zengguofan" in si.name_pinyin("曾国藩")
    assert si.name_pinyin("Tom") == ()
    assert si.name_pinyin("") == ()
    document = si.Document()
    document.add(["张三丰"], names=True)
    document.add(["院坝会"], head=True)
    assert [part.split() for part in document.rendered()] == [
        ["院坝", "坝会", "会"],
        ["张三", "三丰", "丰", "zsf", "zhangsanfeng"],
    ]


def test_initials_are_the_first_letters_pypinyin_gives() -> None:
    from pypinyin import Style, lazy_pinyin

    from station_app.services.demo_text import SURNAMES

    names = [f"{surname}{given}" for surname in SURNAMES for given in ("安", "欧阳", "吕明", "乐乐", "曾")]
    names += ["欧阳娜娜", "单雄信", "区小华", "解放", "覃一", "翟二", "仇三", "〇〇"]
    for name in names:
        si.name_pinyin.cache_clear()
        initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER))
        assert initials in si.name_pinyin(name) or not initials.isalnum() or not initials.isascii(), name


def test_match_expressions() -> None:
    assert si.match_expression("养老") == '"养老"'
    assert si.match_expression("老年食堂") == '"老年 年食 食堂"'
    assert si.match_expression("河道 zsf") == '"河道" AND "zsf"*'
    assert si.match_expression("食") == '"食"*'
    assert si.match_expression('"AND" (OR) *-NOT') == '"and"* AND "or"* AND "not"*'
    for blank in ("", "   ", '"', "*", "()", "-", "，。"):
        assert si.match_expression(blank) is None
    assert si.match_expression("河道 河道") == '"河道"'
    assert si.match_expression(" ".join(str(n) for n in range(40))).count("AND") == si.MAX_TERMS - 1


def test_like_terms_are_the_same_pieces() -> None:
    assert si.search_terms("河道 G213，100%") == ["河道", "g213", "100"]
    assert si.search_terms("*") == []


@pytest.fixture
def index() -> Iterator[Connection]:
    engine = create_engine("sqlite://")
    with engine.begin() as connection:
        si.create_tables(connection)
        yield connection
    engine.dispose()


def _put(connection: Connection, kind: str, record_id: str, head: str, body: str = "") -> None:
    document = si.Document()
    document.add([head], head=True)
    document.add([body])
    si.replace_documents(connection, kind, [record_id], {record_id: document})


def _found(connection: Connection, text: str, kind: str = "consultation") -> list[str]:
    expression = si.match_expression(text)
    assert expression is not None
    return si.newest_matches(connection, expression, kind, 100)


def test_documents_are_replaced_removed_and_kept_apart_by_kind(index: Connection) -> None:
    _put(index, "consultation", "a", "河道垃圾清理")
    _put(index, "consultation", "b", "通组路硬化", "老年人 年食")
    _put(index, "report", "r", "河道采砂")
    assert _found(index, "河道") == ["a"]
    assert _found(index, "河道", "report") == ["r"]
    assert _found(index, "老年食") == []
    _put(index, "consultation", "a", "村道路灯")
    assert _found(index, "河道") == [] and _found(index, "路灯") == ["a"]
    assert _found(index, "路") == ["a", "b"]  # newest (re-indexed) first
    si.remove_documents(index, "consultation", ["a", "missing"])
    assert _found(index, "路灯") == []
    assert index.exec_driver_sql("SELECT count(*) FROM search_docs").scalar() == 2
    si.recreate_tables(index)
    assert _found(index, "通组路") == []


def test_words_are_found_whatever_their_case_width_and_accents(index: Connection) -> None:
    assert si.index_tokens("Café ÉCOLE Ｇ２１３") == ["cafe", "ecole", "g213"]
    _put(index, "consultation", "a", "Café 议事厅")
    _put(index, "consultation", "b", "ÉCOLE 路灯")
    assert _found(index, "cafe") == ["a"] and _found(index, "CAFÉ") == ["a"]
    assert _found(index, "ecol") == ["b"] and _found(index, "École") == ["b"]


def test_the_index_splits_only_at_spaces(index: Connection) -> None:
    """Tokens are folded here; the ascii tokenizer keeps every non-ASCII character in its token."""
    for name in (si.FTS_TABLE, si.HEADS_TABLE):
        sql = index.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).scalar()
        assert "tokenize = 'ascii'" in str(sql)


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=30))
def test_any_typed_text_is_a_valid_query(text: str) -> None:
    engine = create_engine("sqlite://")
    try:
        with engine.begin() as connection:
            si.create_tables(connection)
            _put(connection, "consultation", "x", text, "河道")
            expression = si.match_expression(text)
            if expression is not None:
                # The text itself is always found in the document made from it.
                assert si.newest_matches(connection, expression, "consultation", 10) == ["x"]
    finally:
        engine.dispose()


def test_upgrading_the_0001_snapshot_builds_the_index_from_existing_rows(tmp_path: Path) -> None:
    work = tmp_path / "旧 数据.sqlite3"
    shutil.copyfile(SNAPSHOTS / "schema_0001.sqlite3", work)
    db = open_database(f"sqlite:///{work}")
    try:
        tables = set(inspect(db.engine).get_table_names())
        assert {si.FTS_TABLE, si.HEADS_TABLE, si.DOCS_TABLE} <= tables
        assert [hit.title for hit in search(db, "老年食堂")] == ["院坝老年食堂怎么办"]
        assert [hit.title for hit in search(db, "河道")] == ["河道垃圾清理"]
        assert [hit.title for hit in search(db, "硬化")] == ["通组路硬化协商"]
        assert len(search(db, "2026")) == 3
        assert check_database(db).ok
        with db.session() as session:
            assert session.scalar(select(si.docs.c.kind).limit(1)) == "consultation"
    finally:
        db.dispose()
    backups = list(paths.backups_dir().glob("迁移前-0001-*.sqlite3"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as con:
        names = {row[0] for row in con.execute("SELECT name FROM sqlite_master")}
    assert si.FTS_TABLE not in names  # the copy was taken before migrating


def test_upgrading_the_0004_snapshot_moves_the_index_to_the_ascii_tokenizer(tmp_path: Path) -> None:
    work = tmp_path / "旧 数据.sqlite3"
    shutil.copyfile(SNAPSHOTS / "schema_0004.sqlite3", work)
    with sqlite3.connect(work) as con:  # a document with an accented word, as unicode61 stored it
        (record_id,) = con.execute("SELECT id FROM consultations WHERE title = '河道垃圾清理'").fetchone()
        (rowid,) = con.execute("SELECT doc FROM search_docs WHERE record_id = ?", (record_id,)).fetchone()
        (body,) = con.execute(f"SELECT body FROM {si.FTS_TABLE} WHERE rowid = ?", (rowid,)).fetchone()
        con.execute(f"DELETE FROM {si.FTS_TABLE} WHERE rowid = ?", (rowid,))
        con.execute(
            f"INSERT INTO {si.FTS_TABLE} (rowid, head, body) VALUES (?, ?, ?)",
            (rowid, si.index_text(["河道垃圾清理"]), f"{body} café"),
        )
    # Not repaired on opening: the word planted above is not in the record.
    db = open_database(f"sqlite:///{work}", repair_search=False)
    try:
        with db.engine.connect() as connection:
            sql = connection.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = ?", (si.FTS_TABLE,)
            ).scalar()
        assert "tokenize = 'ascii'" in str(sql)
        assert [hit.title for hit in search(db, "cafe")] == ["河道垃圾清理"]
        assert [hit.title for hit in search(db, "老年食堂")] == ["院坝老年食堂怎么办"]
        assert [hit.title for hit in search(db, "硬化")] == ["通组路硬化协商"]
        assert check_database(db).ok
    finally:
        db.dispose()


def test_a_word_with_a_bracketed_alternative_is_found_without_it(index: Connection) -> None:
    """「村（居）务公开」 is what 村务公开 and 居务公开 mean; 村（社区）干部, 村干部 and 社区干部."""
    _put(index, "consultation", "a", "关于规范村（居）务公开的建议", "村(社区)干部值班不到位")
    _put(index, "consultation", "b", "村务管理", "居民议事")
    for typed in ("村务公开", "居务公开", "村（居）务公开", "村(居)务公开", "务公开", "村干部", "社区干部"):
        assert _found(index, typed) == ["a"], typed
    assert _found(index, "范居务") == ["a"]  # the word read with the alternative in place
    assert _found(index, "村务") == ["b", "a"] and _found(index, "居民") == ["b"]


@settings(max_examples=60, deadline=None)
@given(
    left=st.text(alphabet="关于规范村务公开干部的建议", min_size=1, max_size=6),
    right=st.text(alphabet="务公开干部值班建议管理", min_size=1, max_size=6),
    other=st.sampled_from(["居", "社区", "街道", "镇", "乡", "村"]),
    bracket=st.sampled_from(["（{}）", "({})"]),
)
def test_both_readings_of_an_alternative_are_indexed(left: str, right: str, other: str, bracket: str) -> None:
    tokens = set(si.index_tokens(left + bracket.format(other) + right))
    for reading in (left + right, left[:-1] + other + right):
        assert set(si.index_tokens(reading)) - {reading[0], reading[-1]} <= tokens, reading


def test_upgrading_the_0009_snapshot_indexes_words_with_alternatives(tmp_path: Path) -> None:
    """Records written before 0010 are found by the joined word once the program has opened them."""
    work = tmp_path / "旧 数据.sqlite3"
    shutil.copyfile(SNAPSHOTS / "schema_0009.sqlite3", work)
    with sqlite3.connect(work) as con:  # the title and its document as version 0009 wrote them
        title = "关于规范村（居）务公开的建议"
        (record_id,) = con.execute("SELECT id FROM consultations WHERE title = '河道垃圾清理'").fetchone()
        con.execute("UPDATE consultations SET title = ? WHERE id = ?", (title, record_id))
        con.execute("DELETE FROM search_stale")
        (rowid,) = con.execute("SELECT doc FROM search_docs WHERE record_id = ?", (record_id,)).fetchone()
        old_head = si.index_text([title.replace("（", " ").replace("）", " ")])
        con.execute(f"UPDATE {si.FTS_TABLE} SET head = ? WHERE rowid = ?", (old_head, rowid))
        con.execute(f"UPDATE {si.HEADS_TABLE} SET head = ? WHERE rowid = ?", (old_head, rowid))
        assert con.execute("SELECT count(*) FROM app_meta WHERE key = 'search_audit'").fetchone() == (0,)
    db = open_database(f"sqlite:///{work}")
    try:
        assert [hit.title for hit in search(db, "村务公开")] == [title]
        assert [hit.title for hit in search(db, "居务公开")] == [title]
        assert check_database(db).ok
    finally:
        db.dispose()
