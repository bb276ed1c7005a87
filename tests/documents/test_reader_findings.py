"""What a county-office reader found in rendered documents, measured in the PDFs themselves."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date

from station_app.documents.data import ActionItem, Participant, ResultReportData
from station_app.documents.minutes import build_minutes
from station_app.documents.result_report import build_result_report
from station_app.documents.signin import build_signin_sheet
from tests.documents import samples
from tests.documents.pdfcheck import MM, lines_of, page_chars, page_texts, squash

LINE = 225 * MM / 22
_SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻"
_GIVEN = ("介平", "海燕", "荣", "渊明", "建国", "秀英", "志强", "丽", "德明", "文军", "玉兰", "春梅")


def _crowd(count: int) -> tuple[Participant, ...]:
    return tuple(
        Participant(_SURNAMES[i % len(_SURNAMES)] + _GIVEN[i % len(_GIVEN)], "群众代表", "岷江社区")
        for i in range(count)
    )


def _big_meeting() -> tuple[Participant, ...]:
    members = tuple(Participant(f"委员{n}", "政协委员", "市政协") for n in "甲乙丙丁戊")
    return _crowd(35) + members  # recorded 群众代表 first, as a clerk may type them


def _lines(pdf: bytes) -> list[str]:
    return [line for _w, _h, chars in page_chars(pdf) for line in lines_of(chars)]


def _text_lines(pdf: bytes) -> list[str]:
    return [line.replace(" ", "") for text in page_texts(pdf) for line in text.splitlines()]


def test_a_long_attendance_list_keeps_every_name_whole_across_the_page_break() -> None:
    carried = 0
    for statements in (0, 1, 4, 7):  # the list carries over to a new page at different lines
        data = dataclasses.replace(samples.minutes(statements=statements), participants=_big_meeting())
        pdf = build_minutes(data)
        texts = page_texts(pdf)
        first = next(i for i, text in enumerate(texts) if "出席：" in text)
        carried += "请假：" not in texts[first]
        lines = _text_lines(pdf)
        start = next(i for i, line in enumerate(lines) if line.startswith("出席："))
        end = next(i for i, line in enumerate(lines) if line.startswith("请假："))
        listed = [line for line in lines[start:end] if not line.startswith("—")]
        for p in data.participants:
            assert any(p.name in line for line in listed), f"{p.name} split between lines: {listed}"
        # One fixed order of categories: 政协委员 before 群众代表, whatever order they were typed in.
        assert "".join(listed).index("政协委员：") < "".join(listed).index("群众代表：")
    assert carried >= 2, "the list must carry over to a new page for this test to mean something"


def test_the_attachment_lists_present_people_by_category_then_observers() -> None:
    people = (
        Participant("刘磊", "其他"),
        Participant("列席人", "部门代表", attendance="列席"),
        Participant("张群", "群众代表"),
        Participant("王干部", "村（社区）干部"),
        Participant("李委员", "政协委员"),
    )
    pdf = build_minutes(dataclasses.replace(samples.minutes(statements=1), participants=people))
    last = squash(page_texts(pdf)[-1])
    order = [last.index(name) for name in ("李委员", "王干部", "张群", "刘磊", "列席人")]
    assert order == sorted(order), last
    body = squash("".join(page_texts(pdf)[:-1]))
    assert body.index("村（社区）干部：王干部") < body.index("其他：刘磊")


def test_village_cadre_category_stays_on_one_line_in_the_sign_in_sheet() -> None:
    cadres = (Participant("王干部", "村（社区）干部"),) * 3
    data = dataclasses.replace(samples.signin(count=3), participants=cadres)
    lines = _lines(build_signin_sheet(data))
    assert sum("村（社区）干部" in line for line in lines) == 3, lines


def test_table_cells_break_organisation_names_between_their_units() -> None:
    items = (
        ActionItem("制定夜市摊位管理办法", "大佛街道经济发展办公室", "赵国强"),
        ActionItem("组织居民议事会", "岷江社区居民委员会", "陈丽华"),
    )
    pdf = build_minutes(dataclasses.replace(samples.minutes(statements=1), action_items=items))
    lines = _lines(pdf)
    for piece in ("大佛街道", "经济发展办公室", "岷江社区", "居民委员会"):
        assert any(piece in line for line in lines), (piece, lines)


def test_the_sign_off_never_stands_on_a_page_with_only_the_short_lists() -> None:
    """Whatever the length of the body, the page with 请假/列席 and the signatures also carries
    real text (at least the end of 出席), and the page before is not left a third empty."""
    lone, gaps = [], []
    for statements in range(0, 12):
        for present in (3, 40):
            people = tuple(Participant(f"张{n:02d}", "群众代表") for n in range(present))
            data = dataclasses.replace(samples.minutes(statements=statements), participants=people)
            pdf = build_minutes(data)
            texts = [squash(t) for t in page_texts(pdf)]
            k = next(i for i, t in enumerate(texts) if "请假：" in t)
            if not texts[k][: texts[k].index("请假：")]:
                lone.append((statements, present))
            if k:
                _w, height, chars = page_chars(pdf)[k - 1]
                type_bottom = height - (297 - 37 - 225) * MM
                lowest = max(c["bottom"] for c in chars if c["top"] < type_bottom and c["text"].strip())
                gaps.append((type_bottom - lowest) / LINE)
    assert lone == []
    # At most the sign-off's own height (7 lines) stays empty where it could not follow.
    assert max(gaps) < 7.5, gaps


def test_the_annex_is_announced_under_the_text_before_the_sign_off() -> None:
    text = squash("".join(page_texts(build_minutes(samples.minutes(statements=1)))))
    assert text.index("列席：") < text.index("附件：参会人员名单") < text.index("主持人（签字）")
    no_people = dataclasses.replace(samples.minutes(statements=1), participants=())
    assert "附件：" not in squash("".join(page_texts(build_minutes(no_people))))


def _long_report() -> ResultReportData:
    point = (
        "建设集中充电桩和停放棚，由大佛街道应急管理办公室牵头，"
        "岷江社区居民委员会配合，培训从业人员提升服务水平。"
    )
    return ResultReportData(
        station_name="乐山市市中区大佛街道政协工作联络站",
        township_name="大佛街道",
        number="大佛街道〔2026〕3号",
        title="关于电动自行车集中充电的协商",
        source="群众点题",
        field="公共安全",
        meeting_date=date(2026, 3, 5),
        consensus=(point,) * 14,
        suggestions="\n".join(
            f"{n}. {point}（责任单位：岷江社区居民委员会；责任人：赵国强）" for n in range(1, 9)
        ),
        sent_on=date(2026, 3, 8),
        lead_unit="大佛街道经济发展办公室",
        deadline=date(2026, 6, 30),
        result_code="B",
        result_meaning="正在解决",
        reply_text="\n".join([point] * 12),
        reply_on=date(2026, 5, 1),
    )


def test_a_long_result_report_has_no_empty_blocks_and_labels_what_carries_over() -> None:
    pdf = build_result_report(_long_report())
    pages = page_chars(pdf)
    assert len(pages) >= 3
    value_left = (28 + 32) * MM  # right of the label column
    for number, (_w, height, chars) in enumerate(pages, 1):
        type_bottom = height - (297 - 37 - 225) * MM
        rows = sorted(
            {round(c["bottom"]) for c in chars if c["x0"] > value_left and c["bottom"] < type_bottom}
        )
        widest = max(b - a for a, b in itertools.pairwise(rows))
        assert widest < 2.5 * 17, f"page {number}: {widest:.0f} pt without text in the form"
    for _w, _h, chars in pages[1:]:
        label = "".join(c["text"] for c in chars if c["x0"] < value_left)
        assert "（续）" in label or not label.strip(), label
    continued = [squash(t) for t in page_texts(pdf)[1:]]
    assert all("（续）" in t for t in continued[:-1]), continued
    lines = _lines(pdf)
    assert not any(line.endswith("责任") or line.startswith("人：") for line in lines), lines


def test_two_people_of_one_name_are_told_apart_in_the_lists() -> None:
    people = (
        Participant("严刚", "其他", "岷江社区"),
        Participant("任梅", "专家"),
        Participant("严刚", "专家", "乐山师院"),
    )
    pdf = build_minutes(dataclasses.replace(samples.minutes(statements=1), participants=people))
    text = squash("".join(page_texts(pdf)))
    assert "专家：任梅、严刚（乐山师院）；其他：严刚（岷江社区）。" in text
