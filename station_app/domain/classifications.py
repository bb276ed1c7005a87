"""Classifications as data: the closed lists a station chooses from.

Kept as tuples and dicts (not enums) because the UI fills combo boxes from them, the reports
group by them and the sync format stores the Chinese text itself; changing a list is one edit here.
"""

from __future__ import annotations

from dataclasses import dataclass

from station_app.errors import InputError

# 议题来源
SOURCE_FROM_REPORT = "社情民意转化"
SOURCES: tuple[str, ...] = ("群众点题", "委员荐题", "部门出题", "党委政府交题", SOURCE_FROM_REPORT)


@dataclass(frozen=True)
class Field:
    """A 领域; the flags feed the city's work-report shares (民生 topics, 民主监督 topics)."""

    name: str
    minsheng: bool
    supervision: bool


# Order is the order shown to the clerk: 民生 first, then development, governance, oversight.
FIELDS: tuple[Field, ...] = (
    Field("教育", minsheng=True, supervision=False),
    Field("医疗卫生", minsheng=True, supervision=False),
    Field("养老服务", minsheng=True, supervision=False),
    Field("住房保障", minsheng=True, supervision=False),
    Field("社会保障", minsheng=True, supervision=False),
    Field("就业创业", minsheng=True, supervision=False),
    Field("生态环境", minsheng=True, supervision=False),
    Field("交通出行", minsheng=True, supervision=False),
    Field("食品药品安全", minsheng=True, supervision=False),
    Field("乡村振兴", minsheng=False, supervision=False),
    Field("基础设施", minsheng=False, supervision=False),
    Field("城乡建设", minsheng=False, supervision=False),
    Field("社会治理", minsheng=False, supervision=False),
    Field("公共安全", minsheng=False, supervision=False),
    Field("文化旅游", minsheng=False, supervision=False),
    Field("产业发展", minsheng=False, supervision=False),
    Field("营商环境", minsheng=False, supervision=False),
    Field("民主监督", minsheng=False, supervision=True),
    Field("政策落实监督", minsheng=False, supervision=True),
    Field("其他", minsheng=False, supervision=False),
)
FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
_FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}


def field_by_name(name: str) -> Field:
    try:
        return _FIELDS_BY_NAME[name.strip()]
    except KeyError:
        raise InputError(f"没有名为“{name}”的领域，请从列表中选择。") from None


def is_minsheng(name: str) -> bool:
    return field_by_name(name).minsheng


def is_supervision(name: str) -> bool:
    return field_by_name(name).supervision


# 协商形式
MEETING_FORMS: tuple[str, ...] = (
    "院坝协商",
    "广场协商",
    "议事室协商",
    "社区协商",
    "园区协商",
    "校园协商",
    "远程协商",
)

# 参加人员类别 and 出席情况
PARTICIPANT_CATEGORIES: tuple[str, ...] = (
    "政协委员",
    "群众代表",
    "部门代表",
    "企业代表",
    "专家",
    "村（社区）干部",
    "党政领导",
    "其他",
)
ATTENDANCE: tuple[str, ...] = ("出席", "请假", "列席")
# The order every document lists participants in: by category, then as recorded. A category not
# named here comes after the named ones, before 其他.
CATEGORY_ORDER: tuple[str, ...] = (
    "党政领导",
    "政协委员",
    "部门代表",
    "村（社区）干部",
    "企业代表",
    "专家",
    "群众代表",
)


def category_rank(category: str) -> int:
    """Sort key for a participant category (see :data:`CATEGORY_ORDER`)."""
    name = category.strip() or "其他"
    if name in CATEGORY_ORDER:
        return CATEGORY_ORDER.index(name)
    return len(CATEGORY_ORDER) + (1 if name == "其他" else 0)


def attendance_rank(attendance: str) -> int:
    """出席, then 请假, then 列席 (and anything else last)."""
    return ATTENDANCE.index(attendance) if attendance in ATTENDANCE else len(ATTENDANCE)


# The 34 界别 of the 14th CPPCC National Committee, in the official order.
SECTORS: tuple[str, ...] = (
    "中国共产党",
    "中国国民党革命委员会",
    "中国民主同盟",
    "中国民主建国会",
    "中国民主促进会",
    "中国农工民主党",
    "中国致公党",
    "九三学社",
    "台湾民主自治同盟",
    "无党派人士",
    "中国共产主义青年团和中华全国青年联合会",
    "中华全国总工会",
    "中华全国妇女联合会",
    "中华全国工商业联合会",
    "中国科学技术协会",
    "中华全国台湾同胞联谊会",
    "中华全国归国华侨联合会",
    "文化艺术界",
    "科学技术界",
    "社会科学界",
    "经济界",
    "农业界",
    "教育界",
    "体育界",
    "新闻出版界",
    "医药卫生界",
    "对外友好界",
    "社会福利和社会保障界",
    "少数民族界",
    "宗教界",
    "环境资源界",
    "特邀香港人士",
    "特邀澳门人士",
    "特别邀请人士",
)

# 办理结果: the code is stored, the label is shown.
RESULT_CODES: dict[str, str] = {"A": "已解决", "B": "正在解决", "C": "以后解决", "D": "留作参考"}


def result_label(code: str) -> str:
    try:
        return RESULT_CODES[code.strip().upper()]
    except KeyError:
        raise InputError(f"办理结果代码“{code}”无效，应为 A、B、C、D 之一。") from None


# 评价
SATISFACTION: tuple[str, ...] = ("满意", "基本满意", "不满意")
RATER_TYPES: tuple[str, ...] = ("群众代表", "政协委员", "部门代表", "村（社区）干部", "其他")

# 转化 and 调研
OUTPUT_TYPES: tuple[str, ...] = ("会议纪要", "协商意见书", "建议案", "社情民意信息")
RESEARCH_METHODS: tuple[str, ...] = ("实地走访", "座谈会", "问卷调查", "入户调查", "查阅资料", "其他")

# 社情民意信息 status
REPORT_DRAFT = "草稿"
REPORT_CONVERTED = "已转为协商议题"
REPORT_STATUSES: tuple[str, ...] = (REPORT_DRAFT, "已报送", "已采用", REPORT_CONVERTED, "未采用")

# Where the program runs (chosen at setup).
ROLE_STATION = "station"
ROLE_COUNTY = "county"
ROLE_CITY = "city"
ROLES: dict[str, str] = {
    ROLE_STATION: "乡镇联络站",
    ROLE_COUNTY: "县（区）政协汇总",
    ROLE_CITY: "市政协汇总",
}
