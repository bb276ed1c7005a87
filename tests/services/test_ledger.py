"""Importing an old 台账: the template, reading and checking rows, and the one-transaction import."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from station_app.domain.lifecycle import Status
from station_app.domain.progress import CancelToken, run_to_end
from station_app.errors import Cancelled, InputError, KnownError, NotSetUpError
from station_app.services.consultations import TopicInput, create_topic
from station_app.services.ledger import (
    ImportResult,
    LedgerFile,
    LedgerFileError,
    LedgerHasErrors,
    import_ledger,
    read_ledger,
    write_template,
)
from station_app.services.ledger_xlsx import CHOICES_SHEET, HELP_SHEET, LEDGER_SHEET
from station_app.services.station import SetupRequest, setup_station
from station_app.storage.engine import Database
from station_app.storage.local import AuditEvent
from station_app.storage.records import Consultation, Evaluation, Meeting

TODAY = date(2025, 12, 1)
Row = dict[str, object]

# What a clerk types: keys are the template's column labels.
PLAIN: Row = {
    "议题名称": "小区停车难",
    "议题来源": "群众点题",
    "所属领域": "交通出行",
    "提出日期": "2025-03-05",
}
CONSULTED: Row = {
    "议题名称": "老旧小区加装电梯",
    "议题来源": "委员荐题",
    "所属领域": "住房保障",
    "村（社区）": "青龙社区",
    "提出日期": "2025/4/1",
    "状态": "已协商",
    "调研结论": "八成住户同意",
    "协商日期": "2025-04-20 14:30",
    "协商形式": "议事室协商",
    "主持人": "李明",
    "形成共识": "先试点一栋\n低层住户逐户协调",
}
EVALUATED: Row = {
    "议题名称": "村道路灯维修",
    "议题来源": "部门出题",
    "所属领域": "基础设施",
    "提出日期": "2025年1月8日",
    "状态": "已评价",
    "调研结论": "坏了23盏",
    "协商日期": "2025-02-18",
    "协商形式": "院坝协商",
    "形成共识": "统一维修",
    "成果形式": "协商意见书",
    "报送对象": "镇党委、镇政府",
    "报送日期": "2025-02-20",
    "办理结果": "已解决",
    "反馈内容": "已全部修复",
    "反馈日期": "2025-03-25",
    "满意度": "满意",
    "评价人": "群众代表",
}


@pytest.fixture
def db(station_db: Database) -> Database:
    return station_db


def fill(path: Path, rows: Sequence[Row], *, start: int = 4, template: bool = True) -> Path:
    """Fill rows into a fresh template with openpyxl, as a clerk would in Excel."""
    if template:
        write_template(path)
    book = load_workbook(path)
    sheet = book[LEDGER_SHEET]
    columns = {str(c.value).rstrip("*"): c.column for c in sheet[1] if c.value}
    for offset, row in enumerate(rows):
        for label, value in row.items():
            sheet.cell(row=start + offset, column=columns[label], value=value)
    book.save(path)
    return path


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def run_import(db: Database, ledger: LedgerFile, **kwargs: object) -> ImportResult:
    return run_to_end(import_ledger(db, ledger, today=TODAY, **kwargs))  # type: ignore[arg-type]


def topics(db: Database) -> list[Consultation]:
    with db.session() as session:
        return list(session.scalars(select(Consultation).order_by(Consultation.year, Consultation.seq)))


def count(db: Database, model: type[object]) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def error_texts(ledger: LedgerFile) -> list[str]:
    return [e.text for e in ledger.errors]


# --- the template -------------------------------------------------------------------------


def test_template_has_headers_dropdowns_help_and_marked_examples(tmp_path: Path) -> None:
    path = write_template(tmp_path / "台账模板.xlsx")
    assert path.exists() and not list(tmp_path.glob("*.tmp"))
    book = load_workbook(path)
    assert book.sheetnames[:2] == [LEDGER_SHEET, HELP_SHEET]
    assert book[CHOICES_SHEET].sheet_state == "hidden"
    sheet = book[LEDGER_SHEET]
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["编号", "议题名称*", "议题来源*", "所属领域*"] and "满意度" in headers
    assert sheet.column_dimensions["B"].width == 30
    ranges = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert len(ranges) == 7
    choices = book[CHOICES_SHEET]
    lists = {
        str(choices.cell(1, c).value): [choices.cell(r, c).value for r in range(2, 30)] for c in range(1, 8)
    }
    assert "院坝协商" in lists["协商形式"] and "已归档" in lists["状态"] and "已解决" in lists["办理结果"]
    assert "医疗卫生" in lists["所属领域"] and "基本满意" in lists["满意度"]
    assert all(str(sheet.cell(r, 1).value).startswith("示例") for r in (2, 3))
    help_text = "\n".join(str(c.value) for row in book[HELP_SHEET].iter_rows() for c in row if c.value)
    assert all(label in help_text for label in ("议题名称", "协商日期", "办理结果", "评价人"))
    assert "示例" in help_text


def test_examples_of_the_template_are_never_imported(tmp_path: Path) -> None:
    with pytest.raises(LedgerFileError, match="示例行不会导入"):
        read_ledger(write_template(tmp_path / "t.xlsx"), today=TODAY)
    ledger = read_ledger(fill(tmp_path / "t.xlsx", [PLAIN]), today=TODAY)
    assert [r.row for r in ledger.rows] == [4] and ledger.ok


def test_template_round_trip_with_the_dates_a_clerk_types(tmp_path: Path, db: Database) -> None:
    rows: list[Row] = [
        {**PLAIN, "提出日期": datetime(2025, 3, 5)},  # a real date cell
        {**PLAIN, "议题名称": "数字日期", "提出日期": 20250306},  # typed as a number
        {**PLAIN, "议题名称": "序列号日期", "提出日期": 45723},  # a date that lost its format
        {**CONSULTED, "协商日期": datetime(2025, 4, 20, 14, 30)},
        EVALUATED,
        {**PLAIN, "议题名称": "不予立题的", "状态": "不予立题"},
    ]
    ledger = read_ledger(fill(tmp_path / "台账.xlsx", rows), today=TODAY)
    assert error_texts(ledger) == []
    assert [r.proposed_on for r in ledger.rows[:3]] == [date(2025, 3, 5), date(2025, 3, 6), date(2025, 3, 7)]
    result = run_import(db, ledger, actor="王芳")
    assert result.imported == 6 and result.skipped_rows == []
    assert result.numbers[0] == "大佛街道〔2025〕1号" and len(set(result.numbers)) == 6
    by_title = {t.title: t for t in topics(db)}
    assert by_title["小区停车难"].status == Status.COLLECTING
    assert by_title["不予立题的"].status == Status.REJECTED
    consulted = by_title["老旧小区加装电梯"]
    assert consulted.status == Status.CONSULTED and consulted.village == "青龙社区"
    evaluated = by_title["村道路灯维修"]
    assert evaluated.status == Status.EVALUATED and evaluated.result_code == "A"
    assert evaluated.sent_on == date(2025, 2, 20) and evaluated.reply_text == "已全部修复"
    with db.session() as session:
        meetings = {m.consultation_id: m for m in session.scalars(select(Meeting))}
        assert len(meetings) == 2
        meeting = meetings[consulted.id]
        assert meeting.held_at == datetime(2025, 4, 20, 14, 30) and meeting.form == "议事室协商"
        assert meeting.chair == "李明" and meeting.consensus == "先试点一栋\n低层住户逐户协调"
        assert not meeting.finalised and meeting.origin == "511102004"
        assert meetings[evaluated.id].held_at == datetime(2025, 2, 18)
        evaluation = session.scalars(select(Evaluation)).one()
        assert (evaluation.consultation_id, evaluation.rating) == (evaluated.id, "满意")
        assert evaluation.rater_type == "群众代表"
        audit = list(session.scalars(select(AuditEvent).where(AuditEvent.action == "import")))
        assert len(audit) == 6 + 2 + 1
        assert all(a.summary.startswith("从台账导入") and a.actor == "王芳" for a in audit)


def test_headers_are_matched_tolerantly_and_unknown_columns_warned(tmp_path: Path, db: Database) -> None:
    book_path = tmp_path / "自制台账.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(
        ["序号", " 议题名称 *", "议题来源＊", "所属 领域", "村(社区)", "提出日期（必填）", "办理结果"]
    )
    sheet.append([1, "河道清淤", "群众点题", "生态环境", "白塔村", "2025.3.5", None])
    sheet.append([2, "学校门口交通", "委员荐题", "教育", "", date(2025, 3, 9), "b"])
    book.save(book_path)
    ledger = read_ledger(book_path, today=TODAY)
    assert ledger.ok and [r.village for r in ledger.rows] == ["白塔村", ""]
    assert ledger.rows[1].result_code == "B"
    assert any("序号" in w for w in ledger.warnings)
    assert run_import(db, ledger).imported == 2


# --- bad rows -----------------------------------------------------------------------------

BAD_ROWS: list[Row] = [
    PLAIN,  # row 4: good
    {**PLAIN, "议题名称": "日期错", "提出日期": "2025-02-30"},  # row 5
    {**PLAIN, "议题名称": "领域错", "所属领域": "外星事务"},  # row 6
    {**PLAIN, "议题名称": None},  # row 7
    {**CONSULTED, "形成共识": None},  # row 8
    {**EVALUATED, "办理结果": "E"},  # row 9
    {**EVALUATED, "议题名称": "另一个好的"},  # row 10: good
]


def test_bad_file_names_rows_and_reasons_in_chinese(tmp_path: Path) -> None:
    ledger = read_ledger(fill(tmp_path / "bad.xlsx", BAD_ROWS), today=TODAY)
    texts = error_texts(ledger)
    assert "第5行 提出日期：“2025-02-30”不是有效日期" in texts
    assert any(t.startswith("第6行 所属领域：“外星事务”不在可选范围内") for t in texts)
    assert "第7行 议题名称：不能为空" in texts
    assert "第8行 形成共识：尚未填写形成的共识（状态为“已协商”时必填）" in texts
    assert any(t.startswith("第9行 办理结果：“E”不在可选范围内") for t in texts)
    assert ledger.bad_rows == [5, 6, 7, 8, 9]
    assert [r.row for r in ledger.rows] == [4, 10]


def test_bad_file_imports_nothing(tmp_path: Path, db: Database) -> None:
    ledger = read_ledger(fill(tmp_path / "bad.xlsx", BAD_ROWS), today=TODAY)
    with pytest.raises(LedgerHasErrors) as caught:
        run_import(db, ledger)
    assert "第5行 提出日期：“2025-02-30”不是有效日期" in caught.value.message
    assert "没有导入任何议题" in caught.value.message
    assert count(db, Consultation) == 0


def test_only_good_imports_the_good_rows(tmp_path: Path, db: Database) -> None:
    ledger = read_ledger(fill(tmp_path / "bad.xlsx", BAD_ROWS), today=TODAY)
    result = run_import(db, ledger, only_good=True)
    assert result.imported == 2 and result.skipped_rows == [5, 6, 7, 8, 9]
    assert {t.title for t in topics(db)} == {"小区停车难", "另一个好的"}


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({**PLAIN, "状态": "已立项"}, "状态：“已立项”不是有效状态"),
        ({**PLAIN, "状态": "待协商"}, "调研结论：尚未填写调研结论（状态为“待协商”时必填）"),
        ({**CONSULTED, "协商日期": None}, "协商日期：填写了协商形式"),
        ({**CONSULTED, "协商形式": None}, "协商形式：请从列表中选择"),
        ({**CONSULTED, "协商日期": "2025-04-31 9:00"}, "协商日期：“2025-04-31 9:00”不是有效"),
        ({**EVALUATED, "满意度": None, "评价人": None}, "满意度：尚未登记满意度评价（状态为“已评价”时必填）"),
        ({**EVALUATED, "报送日期": None}, "报送日期：尚未填写报送日期（状态为“已评价”时必填）"),
        ({**EVALUATED, "满意度": "很好"}, "满意度：“很好”不在可选范围内"),
        ({**PLAIN, "提出日期": "2026-05-01"}, "提出日期：“2026-05-01”是将来的日期"),
        ({**EVALUATED, "反馈日期": "2025-01-01"}, "反馈日期：不能早于报送日期"),
    ],
)
def test_row_checks(tmp_path: Path, row: Row, expected: str) -> None:
    ledger = read_ledger(fill(tmp_path / "one.xlsx", [row]), today=TODAY)
    assert any(t.startswith(f"第4行 {expected}") for t in error_texts(ledger)), error_texts(ledger)


def test_duplicate_numbers_in_the_file(tmp_path: Path) -> None:
    rows = [{**PLAIN, "编号": "大佛街道〔2025〕3号"}, {**PLAIN, "编号": "大佛街道[2025]3号"}]
    ledger = read_ledger(fill(tmp_path / "dup.xlsx", rows), today=TODAY)
    assert error_texts(ledger) == ["第5行 编号：与第4行的编号重复"]


# --- JSON ---------------------------------------------------------------------------------

JSON_GOOD = [
    {"title": "集市占道", "source": "群众点题", "field": "社会治理", "proposed_on": "2025-05-06"},
    {
        "number": "大佛街道〔2025〕12号",
        "title": "养老食堂",
        "source": "党委政府交题",
        "field": "养老服务",
        "proposed_on": "2025-06-01",
        "status": "已报送",
        "research_findings": "老人就餐难",
        "meeting_at": "2025-06-20 09:30",
        "meeting_form": "社区协商",
        "consensus": "开办社区食堂",
        "output_type": "建议案",
        "sent_to": "街道党工委",
        "sent_on": "2025-06-25",
    },
]


@pytest.mark.parametrize("wrapped", [False, True])
def test_json_good_file(tmp_path: Path, db: Database, wrapped: bool) -> None:
    data: object = {"consultations": JSON_GOOD} if wrapped else JSON_GOOD
    ledger = read_ledger(write_json(tmp_path / "台账.json", data), today=TODAY)
    assert ledger.ok
    result = run_import(db, ledger)
    assert result.numbers == ["大佛街道〔2025〕13号", "大佛街道〔2025〕12号"]
    submitted = next(t for t in topics(db) if t.title == "养老食堂")
    assert submitted.status == Status.SUBMITTED and submitted.sent_to == "街道党工委"
    with db.session() as session:
        assert session.scalars(select(Meeting.held_at)).one() == datetime(2025, 6, 20, 9, 30)


def test_json_bad_file_numbers_items_from_one(tmp_path: Path, db: Database) -> None:
    data = [JSON_GOOD[0], {**JSON_GOOD[0], "proposed_on": "2025-02-30", "colour": "red"}, "不是对象"]
    ledger = read_ledger(write_json(tmp_path / "bad.json", data), today=TODAY)
    texts = error_texts(ledger)
    assert "第2行 提出日期：“2025-02-30”不是有效日期" in texts
    assert any(t.startswith("第3行") for t in texts)
    assert any("colour" in w for w in ledger.warnings)
    with pytest.raises(LedgerHasErrors):
        run_import(db, ledger)
    assert count(db, Consultation) == 0


# --- files that are not ledgers -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("坏的.xlsx", b"PK\x03\x04 this is not really a zip", "可能已损坏"),
        ("乱码.xlsx", b"hello, not excel", "不是有效的 Excel"),
        ("加密.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "设置了打开密码"),
        ("空.xlsx", b"", "是空的"),
        ("台账.txt", "议题名称,所属领域".encode(), "只支持 Excel 台账（.xlsx）或 JSON"),
        ("旧.xls", b"\xd0\xcf\x11\xe0", "另存为"),
        ("坏.json", b"[{", "JSON 格式有误"),
        ("空.json", b"[]", "没有找到可导入的议题"),
        ("对象.json", b'{"topics": []}', "议题列表"),
        ("gbk.json", '[{"title": "中文"}]'.encode("gbk"), "UTF-8"),
    ],
)
def test_unreadable_files_give_chinese_errors(tmp_path: Path, name: str, content: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LedgerFileError) as caught:
        read_ledger(path, today=TODAY)
    assert words in caught.value.message


def test_missing_file_and_workbook_without_a_ledger_header(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="找不到文件"):
        read_ledger(tmp_path / "没有.xlsx", today=TODAY)
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "电话"])
    book.save(tmp_path / "名册.xlsx")
    with pytest.raises(LedgerFileError, match="没有找到台账的表头"):
        read_ledger(tmp_path / "名册.xlsx", today=TODAY)


# --- the transaction ----------------------------------------------------------------------


def test_cancel_leaves_the_database_unchanged(tmp_path: Path, db: Database) -> None:
    ledger = read_ledger(fill(tmp_path / "t.xlsx", [PLAIN, CONSULTED, EVALUATED]), today=TODAY)
    token = CancelToken()
    job = import_ledger(db, ledger, today=TODAY, cancel=token)
    next(job)
    next(job)  # the first row is stored inside the open transaction
    token.cancel()
    with pytest.raises(Cancelled):
        run_to_end(job)
    assert count(db, Consultation) == count(db, Meeting) == count(db, AuditEvent) - 1 == 0


def test_closing_the_job_halfway_rolls_back(tmp_path: Path, db: Database) -> None:
    ledger = read_ledger(fill(tmp_path / "t.xlsx", [PLAIN, CONSULTED]), today=TODAY)
    job = import_ledger(db, ledger, today=TODAY)
    next(job)
    next(job)
    job.close()
    assert count(db, Consultation) == 0


def test_hub_is_refused(tmp_path: Path, db: Database) -> None:
    ledger = read_ledger(fill(tmp_path / "t.xlsx", [PLAIN]), today=TODAY)
    from station_app.storage.migrate import open_database

    hub = open_database(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    try:
        with pytest.raises(NotSetUpError):
            run_import(hub, ledger)
        setup_station(hub, SetupRequest(role="county", county_code="511123"))
        with pytest.raises(InputError, match="汇总单位不能导入台账"):
            run_import(hub, ledger)
        assert count(hub, Consultation) == 0
    finally:
        hub.dispose()


def test_numbering_continues_and_keeps_free_numbers(tmp_path: Path, db: Database) -> None:
    for i in range(2):
        create_topic(
            db,
            TopicInput(title=f"已有{i}", source="群众点题", field="教育", proposed_on=date(2025, 1, 2)),
            today=TODAY,
        )
    rows: list[Row] = [
        {**PLAIN, "议题名称": "无编号"},
        {**PLAIN, "议题名称": "占用的", "编号": "大佛街道〔2025〕1号"},
        {**PLAIN, "议题名称": "空闲的", "编号": "大佛街道〔2025〕7号"},
        {**PLAIN, "议题名称": "去年的", "编号": "大佛街道［2024］5号", "提出日期": "2024-11-02"},
        {**PLAIN, "议题名称": "别的前缀", "编号": "大佛镇〔2025〕20号"},
        {**PLAIN, "议题名称": "乱写的", "编号": "第三号"},
    ]
    ledger = read_ledger(fill(tmp_path / "t.xlsx", rows), today=TODAY)
    assert any("第9行 编号“第三号”无法识别" in w for w in ledger.warnings)
    result = run_import(db, ledger)
    assert result.numbers == [
        "大佛街道〔2025〕21号",
        "大佛街道〔2025〕22号",
        "大佛街道〔2025〕7号",
        "大佛街道〔2024〕5号",
        "大佛街道〔2025〕20号",
        "大佛街道〔2025〕23号",
    ]
    assert any("第5行 编号“大佛街道〔2025〕1号”已被占用" in n for n in result.notes)
    assert any("大佛镇〔2025〕20号" in n for n in result.notes)
    by_title = {t.title: t for t in topics(db)}
    assert (by_title["空闲的"].year, by_title["空闲的"].seq) == (2025, 7)


def test_a_clock_set_back_is_refused(tmp_path: Path, db: Database) -> None:
    ledger = read_ledger(fill(tmp_path / "t.xlsx", [PLAIN]), today=TODAY)
    with pytest.raises(InputError, match="本机日期"):
        run_to_end(import_ledger(db, ledger, today=date(2025, 11, 30)))
