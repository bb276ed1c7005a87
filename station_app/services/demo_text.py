"""Phrase banks for demonstration data: people, places and topics that fit a Leshan township."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from station_app.domain.townships import Township

T = TypeVar("T")

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏吕"
    "丁任沈姚卢钟谭廖贾夏付方邹熊秦邱江尹雷侯龙汤黎贺毛万严向冉税苟"
)
GIVEN_NAMES = (
    "建华",
    "国强",
    "志刚",
    "文斌",
    "海燕",
    "丽华",
    "秀英",
    "桂兰",
    "玉珍",
    "德明",
    "正华",
    "光辉",
    "永刚",
    "春梅",
    "小红",
    "晓东",
    "明辉",
    "红英",
    "淑芬",
    "建平",
    "宏伟",
    "家福",
    "成林",
    "开明",
    "学军",
    "国庆",
    "素华",
    "思远",
    "雨欣",
    "子涵",
    "浩然",
    "婷婷",
    "俊杰",
    "琼",
    "勇",
    "敏",
    "静",
    "涛",
    "斌",
    "丹",
    "霞",
    "平",
    "军",
    "芳",
    "英",
    "兵",
    "刚",
    "磊",
    "洁",
    "燕",
    "萍",
    "梅",
    "鹏",
    "杰",
    "莉",
    "娟",
    "川",
    "蓉",
)
YI_NAMES = (
    "吉克伍呷",
    "阿说木呷",
    "沙马阿果",
    "曲比拉且",
    "阿的日火",
    "吉伍石布",
    "马海金花",
    "阿西尔布",
    "勒格阿依",
    "海来拉者",
    "俄底伍各",
    "木乃石且",
)
PHONE_PREFIXES = (
    "138",
    "139",
    "135",
    "136",
    "137",
    "150",
    "151",
    "152",
    "158",
    "159",
    "180",
    "181",
    "182",
    "183",
    "187",
    "188",
    "189",
    "133",
    "153",
    "177",
    "199",
)

COMMON_VILLAGES = (
    "新华",
    "红星",
    "青龙",
    "白果",
    "金山",
    "太平",
    "石桥",
    "玉林",
    "桂花",
    "双河",
    "黄桷",
    "青杠",
    "柏杨",
    "团结",
    "和平",
    "光明",
    "胜利",
    "前进",
    "龙泉",
    "凤凰",
    "观音",
    "宝塔",
    "茶园",
    "竹林",
    "杨柳",
    "三江",
    "马鞍",
    "大田",
    "枇杷",
    "五星",
    "建设",
    "新民",
    "永丰",
    "长岭",
    "狮子",
    "龙门",
)
STREET_COMMUNITIES = (
    "嘉州",
    "青衣",
    "岷江",
    "凌云",
    "海棠",
    "铁牛",
    "育贤",
    "新村",
    "白塔",
    "滨江",
    "肖坝",
    "迎春",
    "桂花",
    "兴发",
    "春华",
    "东岳",
    "金山",
    "棉花",
    "通江",
    "学府",
)
# Per county: the river whose floods matter and a sight that brings tourists.
COUNTY_FLAVOUR: dict[str, tuple[str, str]] = {
    "市中区": ("岷江", "乐山大佛"),
    "沙湾区": ("大渡河", "沫若故居"),
    "五通桥区": ("茫溪河", "五通桥小西湖"),
    "金口河区": ("大渡河", "大渡河金口大峡谷"),
    "犍为县": ("岷江", "嘉阳小火车"),
    "井研县": ("茫溪河", "熊克武故居"),
    "夹江县": ("青衣江", "夹江千佛岩"),
    "沐川县": ("沐溪河", "沐川竹海"),
    "峨边彝族自治县": ("大渡河", "黑竹沟"),
    "马边彝族自治县": ("马边河", "大风顶"),
    "峨眉山市": ("峨眉河", "峨眉山"),
}
# Township offices a topic is handed to (key → name after the township's name).
OFFICES: dict[str, str] = {
    "党政办": "党政办公室",
    "经发办": "经济发展办公室",
    "社事办": "社会事务办公室",
    "应急办": "社会治安和应急管理办公室",
    "执法办": "综合行政执法办公室",
    "农服": "农业农村服务中心",
    "规建": "村镇建设服务中心",
    "综治": "综治中心",
    "便民": "便民服务中心",
    "财政所": "财政所",
}


@dataclass(frozen=True)
class Locale:
    """The township as the demonstration data sees it."""

    township: str
    stem: str  # the name without 镇/乡/街道: 大佛, 苏稽
    county: str
    street: bool  # a 街道: communities rather than villages
    villages: tuple[str, ...]
    river: str
    scenic: str
    yi: bool  # a Yi area: some Yi names

    def render(self, phrase: str) -> str:
        """Fill the township's own names into a phrase of the banks below."""
        if "{" not in phrase:
            return phrase
        return phrase.format(
            stem=self.stem, county=self.county, river=self.river, scenic=self.scenic, township=self.township
        )

    @property
    def party_committee(self) -> str:
        return f"中共{self.township}{'工作委员会' if self.street else '委员会'}"

    def unit(self, key: str, village: str) -> str:
        if key == "村委":
            return village + ("居民委员会" if village.endswith("社区") else "村民委员会")
        if key == "卫生院":
            return self.township + ("社区卫生服务中心" if self.street else "卫生院")
        if key == "学校":
            return f"{self.stem}小学" if self.street else f"{self.township}中心小学"
        if key == "派出所":
            return f"{self.county}公安局{self.stem}派出所"
        if key == "市场监管":
            return f"{self.county}市场监督管理局{self.stem}市场监管所"
        return self.township + OFFICES[key]


def township_stem(name: str) -> str:
    return re.sub(r"(彝族乡|乡|镇|街道)$", "", name) or name


def make_locale(town: Township) -> Locale:
    """Villages come from the township code alone, so every run sees the same map."""
    rng = random.Random(town.code)
    stem = township_stem(town.name)
    street = town.kind == "街道"
    if street:
        names = [f"{stem}社区"] + [f"{n}社区" for n in rng.sample(STREET_COMMUNITIES, 7) if n != stem]
    else:
        names = [f"{stem}社区", f"{stem}村"] + [f"{n}村" for n in rng.sample(COMMON_VILLAGES, 8)]
    river, scenic = COUNTY_FLAVOUR.get(town.county_name, ("岷江", "乐山大佛"))
    yi = "彝族" in town.name or "彝族" in town.county_name
    return Locale(town.name, stem, town.county_name, street, tuple(dict.fromkeys(names)), river, scenic, yi)


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """``rng.choice`` for hot loops: one float instead of a bit-exact draw (a fill makes millions)."""
    return items[int(rng.random() * len(items))]


def between(rng: random.Random, low: int, high: int) -> int:
    """``rng.randint`` for hot loops, the same way."""
    return low + int(rng.random() * (high - low + 1))


def some(rng: random.Random, items: Sequence[T], count: int) -> list[T]:
    """Up to ``count`` distinct items in their original order (a cheap ``rng.sample`` for short lists)."""
    chosen = list(items)
    while len(chosen) > count:
        del chosen[int(rng.random() * len(chosen))]
    return chosen


def person_name(rng: random.Random, locale: Locale) -> str:
    if locale.yi and rng.random() < 0.3:
        return pick(rng, YI_NAMES)
    return pick(rng, SURNAMES) + pick(rng, GIVEN_NAMES)


def phone(rng: random.Random) -> str:
    """Valid mobile numbers that look made up: 138 1234 xxxx."""
    return f"{pick(rng, PHONE_PREFIXES)}1234{rng.randrange(10_000):04d}"


@dataclass(frozen=True)
class Topic:
    scope: str  # 全: anywhere, 村: rural townships, 城: 街道
    field: str
    subject: str
    lead: str  # key of the lead unit
    wide: bool  # about the whole township rather than one village
    problem: str
    measures: tuple[str, ...]


# Four lines a topic: scope|field|subject|lead|村 or 镇, problem, measures (；-separated).
_TOPICS = """
全|教育|放学后“四点半课堂”托管|学校|村
双职工和留守儿童家庭放学后无人照看，孩子在路边、河边逗留，存在安全隐患
利用学校闲置教室开设课后托管班；招募退休教师和志愿者轮流值守；托管费用由家长适当分担、集体给予补助

全|教育|校门口上下学交通秩序|派出所|镇
学校门口上下学时段车辆乱停乱放，接送家长拥堵，存在交通安全隐患
在校门口施划接送等候区和临时停车位；上下学高峰时段设立护学岗；增设减速带和警示标志

村|教育|留守儿童周末阅读空间|社事办|村
留守儿童周末缺少看护和学习场所，大多在家看手机
利用党群服务中心开设周末阅读角；组织志愿者和在校大学生开展陪伴辅导；争取图书捐赠和流动借阅

全|医疗卫生|卫生室夜间值守|卫生院|村
卫生室晚上无人值守，老人和小孩夜间突发疾病只能赶往{county}城区就医
建立卫生院与卫生室夜间轮值制度；公布夜间值班和急救联系电话；为行动不便的老人开通家庭医生上门服务

全|医疗卫生|慢性病老人取药难|卫生院|村
高血压、糖尿病等慢性病老人较多，每月往返取药不便
在卫生室配备常用慢性病药品；推行长期处方和家庭医生代购送药；每季度组织巡回义诊和健康体检

全|养老服务|院坝老年食堂|社事办|村
独居和留守老人较多，一日三餐凑合，营养跟不上
利用闲置院坝房屋开办老年食堂；按“个人出一点、集体补一点、社会捐一点”筹集运营资金；组织志愿者送餐上门

全|养老服务|居家养老服务站运行|社事办|村
居家养老服务站建成后使用率不高，服务项目单一
引入专业社会组织运营服务站；增设助浴、理发、康复理疗等服务项目；推行低龄老人帮扶高龄老人的“时间银行”

村|住房保障|农村危旧房排查改造|规建|村
部分老旧土坯房年久失修，雨季存在垮塌风险
开展危旧房全面排查并建立台账；符合条件的纳入农村危房改造计划；雨季前落实临时避险安置措施

城|住房保障|老旧小区加装电梯|规建|村
老旧小区多为六七层的无电梯楼房，老年人上下楼困难
逐栋摸排加装电梯意愿并公示；协调低层住户利益，推行“一梯一议”；争取既有住宅加装电梯补助资金

全|社会保障|城乡居民医保参保缴费|社事办|村
部分外出务工人员不了解参保缴费政策，错过缴费期导致断保
由村（社区）干部逐户核对参保信息；开通线上缴费指导服务；对困难群众落实参保资助政策

全|社会保障|困难群众临时救助|社事办|镇
个别因病因灾致困家庭不清楚临时救助申请渠道，救助不够及时
公开临时救助申请流程和联系人；建立困难群众动态台账；对急难情形实行先行救助

全|就业创业|返乡青年创业扶持|经发办|镇
返乡青年有创业意愿，但缺资金、缺技术、缺场地
开展创业培训和政策宣讲；协调创业担保贷款和贴息；利用闲置厂房建设返乡创业孵化点

全|就业创业|就近务工信息发布|社事办|镇
周边企业招工难与群众就近务工难并存，用工信息传递不畅
在党群服务中心设立就业信息公示栏；建立就业服务群及时推送岗位；组织企业开展专场招聘

全|生态环境|河道垃圾清理|农服|村
河道沿岸垃圾堆积，汛期冲入{river}，影响水质和群众生活
设立河道保洁员分段包干；在沿河院落增设垃圾收集点；将河道保洁纳入村规民约

村|生态环境|农村生活污水治理|规建|村
部分院落生活污水直排沟渠，夏季异味明显
实施院落污水管网和小型处理设施建设；推进农户厕所改造与污水治理衔接；建立设施运行管护制度

村|生态环境|秸秆禁烧和综合利用|农服|镇
每年收割季节仍有焚烧秸秆现象，烟雾影响交通和群众健康
推广秸秆还田和饲料化利用；引进秸秆收储企业设立收储点；网格员包片巡查并加强宣传

村|交通出行|通组路硬化|规建|村
部分村民小组通组路仍是泥结石路面，雨天泥泞、晴天扬尘，农产品运输不便
争取通组路硬化项目资金；群众投工投劳、村集体适当补助；建立道路日常管护制度

村|交通出行|农村客运班线延伸|经发办|村
到场镇没有固定班车，老人和学生出行不便
协调客运公司延伸班线并固定班次；在主要院落设置招呼站；赶场天和节假日加密班次

全|交通出行|停车难和道路拥堵|执法办|镇
赶场天和上下班高峰车辆乱停，道路拥堵
利用闲置地块建设临时停车场；施划停车泊位和禁停区域；高峰时段安排专人疏导交通

全|食品药品安全|农村坝坝宴食品安全|市场监管|村
坝坝宴较多，厨师和帮厨健康证不全，食材来源不明
对乡村厨师进行登记和培训；推行坝坝宴申报备案和食材索证索票；市场监管所开展现场指导

村|乡村振兴|茶叶合作社品牌|农服|村
茶叶种植面积大，但各家各户分散销售，没有统一品牌，价格上不去
由茶叶专业合作社统一标准、统一包装，打造“{stem}茶”品牌；对接“峨眉山茶”公用品牌和电商平台；开展茶园管护技术培训

村|乡村振兴|竹编手艺传承和增收|经发办|村
会竹编的多是老年人，手艺后继乏人，产品销路窄
开办竹编技艺培训班，吸引年轻人学习；与文旅企业合作开发竹编文创产品；借助直播电商拓宽销路

村|乡村振兴|撂荒地复耕复种|农服|村
部分外出务工农户承包地撂荒，土地资源闲置
摸清撂荒地底数并建立台账；引导土地流转给种植大户和合作社；对复耕复种给予农资和农机服务支持

全|基础设施|饮用水水压不足|规建|村
部分院落饮用水水压不足，旱季经常停水
实施供水管网延伸和改造工程；在高位院落增建加压设施；建立供水设施管护和水费收缴制度

全|基础设施|院落路灯安装|规建|村
主要道路和院落没有路灯，群众夜间出行不便、不安全
统筹安装太阳能路灯；路灯点位由群众议定；明确路灯日常维护责任人

全|城乡建设|农贸市场改造|经发办|镇
农贸市场设施陈旧，占道经营，环境卫生差
对农贸市场进行提档改造；规范划行归市，取缔占道经营；落实市场管理方保洁责任

城|社会治理|老旧小区物业管理|村委|村
部分老旧小区无物业管理，环境脏乱、停车无序
推动成立业主委员会或自管小组；引入“红色物业”提供基础服务；由社区党组织牵头建立议事协商机制

全|社会治理|邻里纠纷调解|综治|村
宅基地界址、用水用路等邻里纠纷时有发生，调解力量不足
设立“有事来协商”调解室；吸纳老党员、乡贤担任调解员；建立纠纷排查和分级调处台账

全|公共安全|{river}汛期防洪安全|应急办|村
临近{river}，每年汛期部分低洼院落有被淹风险，群众对转移预案不熟悉
完善汛期转移避险预案并落实到户；设置水位警示标志和避险场所指引；汛前组织防洪演练

全|公共安全|电动自行车充电安全|应急办|村
群众在楼道和屋内给电动自行车充电，存在火灾隐患
建设集中充电桩和停放棚；开展楼道飞线充电专项整治；加强消防安全宣传

全|文化旅游|承接{scenic}游客和民宿提档|经发办|镇
离{scenic}不远，但游客大多过而不留，农家乐和民宿档次不高
统一规划民宿和农家乐提档升级；设计串联{scenic}的乡村旅游线路；培训从业人员提升服务水平

全|文化旅游|院坝文化活动场地|社事办|村
群众喜欢跳坝坝舞、唱川剧，但缺少固定活动场地
利用党群服务中心广场建设文化活动场地；组建群众文艺队；定期开展嘉州文化进院坝活动

村|产业发展|特色水果提质增效|农服|村
柑橘、猕猴桃种植规模不小，但品种老化，采摘后缺少冷藏
引进优良品种开展品种改良；建设产地冷藏保鲜设施；对接商超和电商拓宽销售渠道

全|营商环境|个体工商户办事便利|便民|镇
个体工商户办理证照、年报要跑县城，耗时费力
在便民服务中心设立个体工商户服务专窗；推行营业执照帮办代办；开展涉企政策进店宣讲

全|民主监督|惠民惠农补贴发放|财政所|镇
群众反映部分惠民惠农补贴发放标准和名单不够公开
在公开栏和微信群公示补贴名单和标准；组织政协委员和群众代表开展专项监督；畅通补贴问题反映渠道

全|民主监督|村（居）务公开|党政办|村
村（居）务公开内容不全、更新不及时，群众看不明白
规范公开内容、时间和形式；推行“线上+线下”双公开；由政协委员和监督委员会定期评议

村|政策落实监督|高标准农田建设质量|农服|村
高标准农田建设中部分沟渠质量不高，建成后缺少管护
邀请政协委员和群众代表参与工程质量监督；督促施工方对发现的问题限期整改；建立建后管护责任制
"""


def _parse_topics(text: str) -> tuple[Topic, ...]:
    topics = []
    for block in text.strip().split("\n\n"):
        head, problem, measures = block.strip().split("\n")
        scope, field, subject, lead, where = head.split("|")
        topics.append(Topic(scope, field, subject, lead, where == "镇", problem, tuple(measures.split("；"))))
    return tuple(topics)


TOPICS = _parse_topics(_TOPICS)


def topics_for(locale: Locale) -> tuple[Topic, ...]:
    skip = "村" if locale.street else "城"
    return tuple(t for t in TOPICS if t.scope != skip)


TITLE_PATTERNS = (
    "关于{where}{subject}的协商",
    "关于推进{where}{subject}的议题",
    "{where}{subject}问题协商",
    "关于解决{where}{subject}问题的建议",
)
REJECT_REASONS = (
    "该事项属于司法诉讼范围，不宜作为协商议题",
    "该事项已纳入{township}年度民生实事，正在组织实施",
    "涉及个人诉求，已转交相关部门按信访程序办理",
    "与已立题的议题内容重复，合并协商",
    "超出乡镇职权范围，已建议向县级有关部门反映",
)
REVOKE_REASONS = (
    "问题已由{lead}在日常工作中解决，无需再协商",
    "提出人申请撤回",
    "因项目规划调整，议题暂不具备协商条件",
    "与其他议题合并办理",
)
STATEMENTS: dict[str, tuple[str, ...]] = {
    "群众代表": (
        "我们{village}的群众最关心的就是这件事，{problem}，希望这次能真正解决。",
        "我赞成{m}，群众也愿意出工出力。",
        "建议把进展情况定期公示，让大家心里有数。",
    ),
    "政协委员": (
        "通过前期调研走访，我们发现{problem}，建议{m}。",
        "建议借鉴周边乡镇的做法，{m}，同时建立长效管护机制。",
    ),
    "部门代表": (
        "我们将积极配合，{m}，资金方面可以争取上级项目支持。",
        "这项工作涉及多个部门，建议明确牵头单位和完成时限。",
    ),
    "村（社区）干部": (
        "两委已经初步摸排了情况，{m}需要大家共同参与。",
        "我们会把协商结果在院落会上向群众讲清楚。",
    ),
    "企业代表": ("企业愿意参与，可以提供一部分资金和技术支持。",),
    "专家": ("从专业角度看，{m}要注意规范操作和安全保障。",),
    "党政领导": ("大家的意见很中肯，{township}将把这件事纳入重点工作，明确责任、限时办结。",),
    "其他": ("我补充一点，{m}时要多听听老人和妇女的意见。",),
}
CONSENSUS_EXTRA = "由政协工作联络站跟踪督促，定期向群众通报办理进展"
DISAGREEMENTS = (
    "个别群众代表对费用分担比例有不同意见，会后由村（社区）干部进一步沟通。",
    "部分参会人员认为实施时间偏紧，建议分步推进。",
)
REPLIES = {
    "A": "经研究，{lead}已{m}，相关工作已全部完成，问题得到解决。",
    "B": "{lead}正在推进{m}，目前已完成前期工作，预计三个月内全面完成。",
    "C": "受资金和规划限制，已将该事项纳入下一年度工作计划统筹解决，届时将{m}。",
    "D": "所提意见已留作参考，将在今后制定相关规划时研究吸纳。",
}
NOTES = (
    "{lead}已组织现场踏勘，制定工作方案。",
    "已召开专题会议研究，落实资金{money}万元。",
    "{m}已完成约{pct}%，正在加紧推进。",
    "联络站回访群众代表，群众对目前进展表示认可。",
)
EVALUATION_COMMENTS = {
    "满意": ("问题解决得及时，群众很满意。", "协商过程公开透明，办理结果看得见。"),
    "基本满意": ("大部分问题已解决，希望后续加强管护。", "进展总体不错，个别环节还需改进。"),
    "不满意": ("办理进度偏慢，希望加快推进。",),
}
