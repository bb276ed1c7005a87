from __future__ import annotations

import pytest

from station_app.domain import classifications as c
from station_app.errors import InputError


def test_sources() -> None:
    assert c.SOURCES == ("群众点题", "委员荐题", "部门出题", "党委政府交题", "社情民意转化")
    assert c.SOURCE_FROM_REPORT in c.SOURCES


def test_fields_are_unique_and_flagged() -> None:
    names = [f.name for f in c.FIELDS]
    assert len(names) == len(set(names))
    assert tuple(names) == c.FIELD_NAMES
    assert "其他" in names
    assert any(f.supervision for f in c.FIELDS)
    assert not any(f.minsheng and f.supervision for f in c.FIELDS)
    for name in ("教育", "医疗卫生", "养老服务", "住房保障", "社会保障", "就业创业", "生态环境"):
        assert c.is_minsheng(name), name
        assert not c.is_supervision(name), name
    assert c.is_supervision("民主监督")
    assert not c.is_minsheng("产业发展")
    assert not c.is_minsheng("其他") and not c.is_supervision("其他")


def test_field_by_name() -> None:
    assert c.field_by_name(" 教育 ") == c.Field("教育", minsheng=True, supervision=False)
    with pytest.raises(InputError, match="没有名为“天文”的领域"):
        c.field_by_name("天文")
    with pytest.raises(InputError):
        c.is_minsheng("")


def test_sectors_are_the_34_of_the_14th_national_committee() -> None:
    assert len(c.SECTORS) == 34
    assert len(set(c.SECTORS)) == 34
    assert c.SECTORS[0] == "中国共产党"
    assert c.SECTORS[9] == "无党派人士"
    assert c.SECTORS[-1] == "特别邀请人士"
    assert c.SECTORS.index("环境资源界") == c.SECTORS.index("宗教界") + 1


def test_small_lists() -> None:
    assert len(c.MEETING_FORMS) == 7 and "院坝协商" in c.MEETING_FORMS
    assert c.ATTENDANCE == ("出席", "请假", "列席")
    assert "村（社区）干部" in c.PARTICIPANT_CATEGORIES
    assert c.SATISFACTION == ("满意", "基本满意", "不满意")
    assert c.OUTPUT_TYPES == ("会议纪要", "协商意见书", "建议案", "社情民意信息")
    assert "问卷调查" in c.RESEARCH_METHODS
    assert c.REPORT_CONVERTED in c.REPORT_STATUSES and c.REPORT_STATUSES[0] == c.REPORT_DRAFT
    assert c.ROLES == {"station": "乡镇联络站", "county": "县（区）政协汇总", "city": "市政协汇总"}
    for values in (c.MEETING_FORMS, c.PARTICIPANT_CATEGORIES, c.RATER_TYPES, c.RESEARCH_METHODS):
        assert len(values) == len(set(values))


def test_result_codes() -> None:
    assert c.RESULT_CODES == {"A": "已解决", "B": "正在解决", "C": "以后解决", "D": "留作参考"}
    assert c.result_label("b") == "正在解决"
    with pytest.raises(InputError, match="A、B、C、D"):
        c.result_label("E")
