"""A clerk's whole journey through one consultation, on real widgets, checking the database each step."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from station_app.domain.lifecycle import Status
from station_app.services import consultations, conversion, meetings
from station_app.services.members import MemberInput, add_member
from station_app.services.station import StationInfo
from station_app.storage.engine import Database
from station_app.ui.editor.consultation_editor import ConsultationEditor

from .helpers import Shown, type_chinese
from .test_editor_support import (
    TODAY,
    audit_texts,
    choose,
    click,
    click_tab,
    open_editor,
    press_save,
    row_of,
)


def step(qtbot: QtBot, editor: ConsultationEditor, label: str) -> None:
    """Press a status button and wait for the editor to report the change."""
    with qtbot.waitSignal(editor.saved, timeout=2000):
        click(qtbot, editor.transitions.buttons[label])


def test_a_clerk_takes_a_topic_from_selection_to_evaluation(
    qtbot: QtBot, db: Database, station: StationInfo, shown: Shown
) -> None:
    zhou = add_member(db, MemberInput("周海燕", "中国民主同盟", "乐山市规划设计院", "", "13712345678"))
    editor = open_editor(qtbot, db, station, None)
    assert [editor.tabs.isTabEnabled(i) for i in range(editor.tabs.count())] == [True] + [False] * 6

    # 选题: type, pick, Ctrl+S creates the topic.
    topic = editor.topic
    type_chinese(topic.title_edit, "嘉州社区老旧小区加装电梯")
    choose(qtbot, topic.source, "群众点题")
    choose(qtbot, topic.field, "住房保障")
    type_chinese(topic.village, "嘉州社区")
    type_chinese(topic.description, "28栋多层住宅没有电梯，老人上下楼难。")
    assert editor.dirty_label.text() == "● 有未保存的修改"
    with qtbot.waitSignal(editor.saved) as created:
        press_save(qtbot, topic.title_edit)
    cid = created.args[0]
    row = row_of(db, cid)
    assert (row.title, row.source, row.field, row.status) == (
        "嘉州社区老旧小区加装电梯",
        "群众点题",
        "住房保障",
        "征集中",
    )
    assert row.proposed_on == TODAY and audit_texts(db, cid)[-1].startswith("新建议题")
    assert all(editor.tabs.isTabEnabled(i) for i in range(editor.tabs.count()))
    assert editor.dirty_tabs() == [], [(t.key, t.form_state(), t._baseline) for t in editor.dirty_tabs()]
    assert editor.dirty_label.text() == "已保存" and not shown.errors
    revision = row.revision

    # 立题, then 开始调研 with findings and a member from the registry.
    step(qtbot, editor, "立题")
    assert row_of(db, cid).status == "已立题"
    assert audit_texts(db, cid)[-1] == "状态由“征集中”变为“已立题”（立题）"
    step(qtbot, editor, "开始调研")
    assert row_of(db, cid).status == "调研中"
    assert not editor.transitions.buttons["调研完成"].isEnabled()
    assert "尚未填写调研结论" in editor.transitions.buttons["调研完成"].toolTip()
    click_tab(qtbot, editor, "调研")
    research = editor.research
    research.start.set_value(TODAY - timedelta(days=7))
    choose(qtbot, research.method, "入户调查")
    research.members.setCurrentRow(0)
    qtbot.keyClick(research.members, Qt.Key.Key_Space)
    type_chinese(research.findings, "走访312户，83%同意加装；低层住户担心采光。")
    press_save(qtbot, research.findings)
    row = row_of(db, cid)
    assert row.research_findings.startswith("走访312户") and row.research_method == "入户调查"
    assert consultations.research_member_ids(db, cid) == [zhou]
    assert row.revision > revision and audit_texts(db, cid)[-1].startswith("修改调研信息")
    step(qtbot, editor, "调研完成")
    assert row_of(db, cid).status == "待协商"

    # 协商: a meeting with a member from the registry, a resident added on the spot, an action item.
    click_tab(qtbot, editor, "协商")
    form = editor.meetings.form
    choose(qtbot, form.form, "院坝协商")
    type_chinese(form.place, "嘉州社区3栋院坝")
    type_chinese(form.chair, "王站长")
    assert form.recorder.text() == "李联络"
    type_chinese(form.background, "群众多次反映。")
    choose(qtbot, form.member_picker, "周海燕（中国民主同盟）")
    click(qtbot, form.add_member_button)
    click(qtbot, form.add_person_button)
    name_cell = form.participants.cell(1, "name")
    assert isinstance(name_cell, QLineEdit)
    type_chinese(name_cell, "张秀英")
    click(qtbot, form.findChild(type(form.add_person_button), "add_statement_button"))
    type_chinese(form.statements.cell(0, "speaker"), "周海燕")
    type_chinese(form.statements.cell(0, "text"), "先做采光模拟。")
    type_chinese(form.consensus, "按楼栋征求意见")
    qtbot.keyClick(form.consensus, Qt.Key.Key_Return)
    type_chinese(form.consensus, "费用按楼层分摊")
    click(qtbot, form.findChild(type(form.add_person_button), "add_action_button"))
    type_chinese(form.action_items.cell(0, "matter"), "征集3栋住户意见")
    type_chinese(form.action_items.cell(0, "unit"), "嘉州社区居委会")
    form.action_items.cell(0, "due_on").set_value(TODAY + timedelta(days=3))  # type: ignore[attr-defined]
    state = form.action_items.cell(0, "state")
    assert isinstance(state, QLabel) and state.text() == "即将到期"
    with qtbot.waitSignal(editor.saved):
        click(qtbot, editor.meetings.save_button)
    assert not shown.errors, shown.errors
    (meeting,) = meetings.meetings_of(db, cid)
    data = meeting.data
    assert data.form == "院坝协商" and data.consensus == "按楼栋征求意见\n费用按楼层分摊"
    assert [(p.name, p.category, p.attendance, p.member_id) for p in data.participants] == [
        ("周海燕", "政协委员", "出席", zhou),
        ("张秀英", "群众代表", "出席", None),
    ]
    assert data.participants[0].unit == "乐山市规划设计院" and data.participants[0].phone == "13712345678"
    assert [(a.matter, a.due_on) for a in data.action_items] == [
        ("征集3栋住户意见", TODAY + timedelta(days=3))
    ]
    assert [(s.speaker, s.text) for s in data.statements] == [("周海燕", "先做采光模拟。")]
    assert audit_texts(db, cid)[-1].startswith("协商会议")
    step(qtbot, editor, "记录协商")
    assert row_of(db, cid).status == "已协商"

    # 定稿 locks the minutes.
    shown.answer = True
    with qtbot.waitSignal(editor.saved):
        click(qtbot, editor.meetings.finalise_button)
    detail = meetings.meeting_detail(db, meeting.id)
    assert detail.finalised and detail.minutes_version == 1 and [v for v, _ in detail.versions] == [1]
    assert editor.meetings.state_label.text() == "已定稿（第1版）"
    assert editor.meetings.form.place.isReadOnly() and not editor.meetings.save_button.isEnabled()
    assert "会议纪要定稿（第1版" in audit_texts(db, cid)[-1]

    # 转化: fill in, save, 报送成果; then the reply and a progress note, 登记反馈.
    click_tab(qtbot, editor, "转化")
    conv = editor.conversion
    choose(qtbot, conv.output_type, "协商意见书")
    type_chinese(conv.sent_to, "大佛街道党工委")
    conv.sent_on.set_value(TODAY)
    type_chinese(conv.lead_unit, "嘉州社区居委会")
    conv.deadline.set_value(TODAY + timedelta(days=30))
    press_save(qtbot, conv.sent_to)
    row = row_of(db, cid)
    assert (row.output_type, row.sent_to, row.sent_on, row.lead_unit) == (
        "协商意见书",
        "大佛街道党工委",
        TODAY,
        "嘉州社区居委会",
    )
    step(qtbot, editor, "报送成果")
    assert row_of(db, cid).status == "已报送"
    type_chinese(conv.note_text, "已对接住建部门")
    with qtbot.waitSignal(editor.saved):
        click(qtbot, conv.add_note_button)
    assert [n.text for n in conversion.progress_notes(db, cid)] == ["已对接住建部门"]
    assert conv.notes.count() == 1
    choose(qtbot, conv.result_code, "B（正在解决）")
    type_chinese(conv.reply_text, "已列入今年老旧小区改造计划。")
    conv.reply_on.set_value(TODAY)
    press_save(qtbot, conv.reply_text)
    row = row_of(db, cid)
    assert (row.result_code, row.reply_text, row.reply_on) == ("B", "已列入今年老旧小区改造计划。", TODAY)
    step(qtbot, editor, "登记反馈")
    assert row_of(db, cid).status == "已反馈"

    # 评价, then 完成评价.
    click_tab(qtbot, editor, "评价")
    ev = editor.evaluation
    choose(qtbot, ev.rater_type, "群众代表")
    type_chinese(ev.rater_name, "张秀英")
    choose(qtbot, ev.rating, "满意")
    with qtbot.waitSignal(editor.saved):
        click(qtbot, ev.add_button)
    assert [(e.rater_type, e.rater_name, e.rating) for e in conversion.evaluations(db, cid)] == [
        ("群众代表", "张秀英", "满意")
    ]
    assert ev.table.rowCount() == 1 and not ev.is_dirty()
    step(qtbot, editor, "完成评价")
    assert row_of(db, cid).status == Status.EVALUATED.value
    assert "归档" in editor.transitions.buttons

    # 历史 reads as Chinese sentences, newest first, with who did it.
    click_tab(qtbot, editor, "历史")
    lines = editor.history.texts()
    assert "状态由“已反馈”变为“已评价”（完成评价）" in lines[0] and "李联络" in lines[0]
    assert any("会议纪要定稿（第1版" in line for line in lines)
    assert lines[-1].split("  ")[2].startswith("新建议题")
    assert editor.dirty_tabs() == [] and editor.maybe_close()
    assert not shown.errors and not shown.crashes
