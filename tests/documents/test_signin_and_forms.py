from __future__ import annotations

import itertools
import re
from datetime import date, datetime

import pytest

from station_app.documents import (
    KeyRegistrationData,
    MemberRecordData,
    ParticipationRow,
    ResultReportData,
    build_key_registration,
    build_member_record,
    build_result_report,
    build_signin_sheet,
)
from station_app.documents.data import default_addressee
from station_app.documents.layout import MARGIN_LEFT

from .pdfcheck import MM, embedded_font_files, page_chars, page_texts, reader, squash
from .samples import minutes, signin

HEADER = "序号姓名类别单位联系电话签名"


def test_sign_in_header_repeats_on_every_page() -> None:
    pdf = build_signin_sheet(signin(count=30, spare=5))
    texts = [squash(t) for t in page_texts(pdf)]
    assert len(texts) >= 2
    for text in texts:
        assert HEADER in text
    assert "签到表" in texts[0]


def test_sign_in_lists_everyone_then_blank_rows() -> None:
    data = signin(count=3, spare=4)
    text = squash("".join(page_texts(build_signin_sheet(data))))
    for p in data.participants:
        assert p.name in text
        assert p.phone not in text
        assert f"{p.phone[:3]}****{p.phone[-4:]}" in text
    # rows 4..7 are numbered but empty
    assert "4567" in text.replace(HEADER, "")[-20:] or all(str(n) in text for n in range(4, 8))
    meta = reader(build_signin_sheet(data)).metadata
    assert meta is not None and meta.author == data.station_name


def test_sign_in_signature_cells_are_tall() -> None:
    pdf = build_signin_sheet(signin(count=5, spare=0))
    _, _, chars = page_chars(pdf)[0]
    first_column = MARGIN_LEFT + 12 * MM
    numbers = sorted(c["top"] for c in chars if c["text"] in "12345" and c["x1"] < first_column)
    gaps = [b - a for a, b in itertools.pairwise(numbers)]
    assert len(numbers) == 5
    assert min(gaps) > 14 * MM  # room to sign


def _report(**kw: object) -> ResultReportData:
    base = dict(
        station_name="乐山市五通桥区竹根镇政协工作联络站",
        township_name="竹根镇",
        number="竹根〔2026〕成果1号",
        title="关于改善竹根镇农贸市场环境的协商",
        source="委员荐题",
        field="生态环境",
        meeting_date=date(2026, 2, 1),
        consensus=("市场每日清扫两次。", "增设垃圾分类设施。"),
        suggestions="建议镇政府安排专项资金。",
        sent_on=date(2026, 2, 5),
        lead_unit="竹根镇综合行政执法办",
        deadline=date(2026, 5, 1),
        result_code="A",
        result_meaning="已解决",
        reply_text="已于4月完成改造。" * 200,
        reply_on=date(2026, 4, 28),
    )
    base.update(kw)
    return ResultReportData(**base)  # type: ignore[arg-type]


def test_result_report_long_reply_flows_and_keeps_every_field() -> None:
    data = _report()
    pdf = build_result_report(data)
    text = squash("".join(page_texts(pdf)))
    assert len(reader(pdf).pages) >= 2
    for part in (
        "协商成果报送单",
        "中共竹根镇委员会、竹根镇人民政府",
        "A（已解决）",
        "（二）增设垃圾分类设施",
        "2026年4月28日",
        "竹根镇综合行政执法办",
    ):
        assert part in text
    # The page numbers and the vertically centred label interrupt the flow of the split row.
    assert re.sub(r"—\d+—|办理回复", "", text).count("已于4月完成改造") == 200
    assert all(embedded_font_files(pdf).values())


@pytest.mark.parametrize(
    ("township", "expected"),
    [
        ("竹根镇", "中共竹根镇委员会、竹根镇人民政府"),
        ("大佛街道", "中共大佛街道工作委员会、大佛街道办事处"),
        ("", "中共××镇委员会、××镇人民政府"),
    ],
)
def test_default_addressee(township: str, expected: str) -> None:
    assert default_addressee(township) == expected
    assert _report(township_name=township, addressed_to="").recipients == expected
    assert _report(addressed_to="镇党委").recipients == "镇党委"


def test_member_record_totals_and_rows() -> None:
    kinds = ("提交社情民意", "参与调研", "参加协商", "请假")
    rows = tuple(
        ParticipationRow(date(2025, 1 + i % 12, 1 + i % 28), kinds[i % 4], f"第{i}项履职", "发言")
        for i in range(40)
    )
    data = MemberRecordData(
        "乐山市沙湾区嘉农镇政协工作联络站",
        "刘文华",
        "经济界",
        "嘉农镇农业服务中心",
        date(2025, 1, 1),
        date(2025, 12, 31),
        rows,
    )
    # The fixed order, whatever came first; 请假 is listed but not counted as duty performed.
    assert data.totals == (
        ("参加协商", 10),
        ("列席协商", 0),
        ("参与调研", 10),
        ("提交社情民意", 10),
        ("请假", 10),
    )
    pdf = build_member_record(data)
    texts = [squash(t) for t in page_texts(pdf)]
    assert len(texts) >= 2
    assert "序号日期类别事项角色或备注" in texts[-1]  # header repeated
    joined = "".join(texts)
    assert "参加协商10列席协商0参与调研10提交社情民意10请假10履职合计（不含请假）30" in joined
    assert all(f"第{i}项履职" in joined for i in range(40))


def test_key_registration_groups_the_fingerprint() -> None:
    data = KeyRegistrationData(
        "乐山市峨眉山市绥山镇政协工作联络站",
        "511181100",
        "峨眉山市",
        "ab12cd34ef56" * 4,
        "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs7u9n3c",
        datetime(2026, 1, 10, 9, 5),
        "周海燕",
        "孙春梅",
    )
    assert data.fingerprint_grouped.split(" ")[:3] == ["AB12", "CD34", "EF56"]
    pdf = build_key_registration(data)
    text = squash("".join(page_texts(pdf)))
    # The label sits between the two lines of the value, so look for the lines one by one.
    assert "AB12CD34EF56AB12CD34EF56AB12CD34" in text and "EF56AB12CD34EF56" in text
    assert squash(data.public_key) in text.replace("公钥", "")  # the label sits between the lines
    for part in ("站长（签字）", "联络员（签字）", "核验人（签字）", "政协办公室（盖章）", "511181100"):
        assert part in text
    meta = reader(pdf).metadata
    assert meta is not None and meta.author == data.station_name and "密钥登记表" in (meta.title or "")


def test_every_document_is_a4_with_embedded_fonts() -> None:
    for pdf in (build_signin_sheet(signin(count=2)), build_result_report(_report(reply_text="好"))):
        for page in reader(pdf).pages:
            assert round(float(page.mediabox.width)) == 595
            assert round(float(page.mediabox.height)) == 842
        assert all(embedded_font_files(pdf).values())
    assert minutes().station_name  # the samples stay consistent
