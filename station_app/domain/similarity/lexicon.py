"""The field's own words: synonyms folded to concepts, and words too generic to group topics.

The concepts are in ``field_words.py`` (one line each: ``name: word word …``); every word of a
line (and its name) in a text becomes the concept token. Longer words win over shorter ones
(``灯不亮`` before ``灯``), so this is also the dictionary of a forward maximum-matching segmenter.
"""

from __future__ import annotations

from station_app.domain.similarity.field_words import CONCEPTS_TEXT, DOMAINS_TEXT

# Words that say nothing about which problem a topic is about: they never make two topics alike.
_GENERIC = """
关于 有关 问题 建议 意见 议题 协商 议事 商量 解决 推进 推动 加强 加快 进一步 提升 提高 完善 规范
    落实 开展 实施 建立 健全 做好 抓好 保障 促进 改善 优化 探索 研究 讨论 反映 呼吁 希望 要求 需要
    群众 村民 居民 老百姓 百姓 农户 住户 市民 大家 广大 部分 一些 个别 不少 很多 多个 几个 相关
    情况 工作 方面 有关部门 部门 单位 政府 党委 镇上 村上 村里 村民小组 组 院落 场镇 社区 街道
    乡镇 乡 镇 村 县 区 市 城区 县城 全镇 全村 本镇 本村 辖区 当地 基层 存在 发生 出现 影响 导致
    造成 隐患 安全隐患 困难 不便 难题 突出 严重 较多 较大 不足 不够 缺乏 缺少 没有 不能 无法 难以
    每年 平时 目前 当前 近年来 今年 去年 长期 经常 时有 一直 多次 后期 以后 之后 前 后 的 了 和 与
    及 等 对 在 是 有 无 把 让 给 被 将 从 向 为 以 也 都 还 又 就 才 只 很 较 更 最 能 会 要 可 可以
    统筹 综合 各类 热点 关心 收集 梳理 协调 提出 积极性 参与 程序 有事来协商 嘉事好商量 政协 委员
    联络站 工作站 院坝会 议事会 村民议事 坝坝会 恳谈会
    农村 乡村 城乡 城镇 城市 山区 偏远 高山 山上 山下 周边 附近 一带 沿线 家门口 身边 子女 家属 家庭
    设施 服务 管理 管护 监管 整治 治理 维修 维护 改造 建设 新建 修建 配套 机制 制度 政策 宣传 措施
    办法 方案 责任 资金 经费 投入 防范 防控 监测 排查 整改 专项 长效 常态化 体系 平台 服务点 标准
    怎么办 怎么 不清楚 不了解 不知道 投诉 意见大 生活 休息 不安全 危险 风险 担心 频繁 时常 多处
    不断 越来越 越来越多 一般 较差 太差 很差 不好 不高 不全 不够用 难 差 少 多 大 小 高 低 新 老
    项目 活动 发展 利用 使用 保护 处理 处置 提供 增加 减少 引导 支持 帮助 组织 安排 统一 集中
    及时 尽快 定期 提前 每天 每月 晚上 夜间 白天 早上 凌晨 夏天 冬天 春节前 节假日 天 年 月
    现象 行为 地方 人员 人家 人们 家长 老少 一家 几户 户 人 车辆 车 东西 事情 事 情况下 方面的
    出路 路子 思路 路线 门路 路径 一路
    走访 入户 调研 调查 问卷 座谈 座谈会 召开 会议 会上 共识 形成共识 牵头 负责人 责任人 限期 办理
    反馈 回应 答复 初步 方案 意见建议 强烈 较为强烈 两委 村两委 村委会 居委会 党支部 党组织
    涉及 条 余条 十余 二十余 户 次 名 家 个 位 党群服务中心 便民服务中心 镇政府 街道办
    质量 安全 水平 能力 效率 效果 成效 实效 提质增效 满意度 获得感 幸福感 群众满意 民生 实事
    增收 致富 带动 发展壮大 振兴 乡村振兴 高质量 打造 提档升级 如何破题 破题 亟待解决 亟待 亟需
    没得 咋个 咋办 啥子 啥时候 晓得 不晓得 屋头 好多 恼火 造孽 搞 整 弄 遭 嘛 哦 啊 哈 呢 吧
    一到 每到 每逢 老是 总是 天天 成天 到处 根本 都要 只能 就是 还是 已经
    不得了 受不了 谁来管 由谁 能否 能不能 啥时 怎样 如何 为啥 为什么
"""
GENERIC_WORDS = frozenset(_GENERIC.split())


SETTING_MARK = "~"  # before a concept's name: a setting (who or where), not a problem


def parse_concepts(text: str = CONCEPTS_TEXT) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """Every surface word (variants and canonical names) to the concepts it stands for, and the
    names of the concepts that are settings."""
    table: dict[str, list[str]] = {}
    settings: set[str] = set()
    name = ""
    for line in text.strip().splitlines():
        if line[:1].isspace():  # more words of the concept above
            variants = line
        else:
            name, _, variants = line.partition(":")
            name = name.strip()
            if name.startswith(SETTING_MARK):
                name = name[1:]
                settings.add(name)
            variants = f"{name} {variants}"
        for word in variants.split():
            names = table.setdefault(word, [])
            if name not in names:
                names.append(name)
    return {word: tuple(names) for word, names in table.items()}, frozenset(settings)


def parse_domains(text: str = DOMAINS_TEXT) -> dict[str, str]:
    """Each concept's broad field (an indented line goes on with the concepts of the line above)."""
    table: dict[str, str] = {}
    domain = ""
    for line in text.strip().splitlines():
        if line[:1].isspace():
            names = line
        else:
            domain, _, names = line.partition(":")
            domain = domain.strip()
        for name in names.split():
            table.setdefault(name, domain)
    return table


CONCEPTS, SETTINGS = parse_concepts()
DOMAINS = parse_domains()
CONCEPT_NAMES = frozenset(name for names in CONCEPTS.values() for name in names)
