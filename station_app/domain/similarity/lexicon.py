"""The field's own words: synonyms folded to one concept, and words too generic to group topics.

A concept is written as ``canonical: variant variant …``; every variant (and the canonical word)
in a text becomes the one concept token. Longer variants win over shorter ones (``灯不亮`` before
``灯``), so this is also the dictionary of a forward maximum-matching segmenter.
"""

from __future__ import annotations

# One concept a line: the name shown as a key term, then the words that mean the same here.
_CONCEPTS = """
路灯: 路灯 照明 亮化 灯不亮 太阳能灯 路灯坏 夜间照明 照明设施 黑灯瞎火 一片漆黑 亮灯
噪声: 噪声 噪音 扰民 吵闹 吵得 音响 音箱 高音喇叭 声音过大 声音大
广场舞: 广场舞 坝坝舞 跳舞 舞蹈队
医保: 医保 医疗保险 城乡居民医保 参保 续保 断保 漏缴 断缴 医保缴费 医保费
养老保险: 养老保险 社保缴费 养老金
停车: 停车 车位 停车场 停车位 乱停 乱停乱放 占道停放 停放
拥堵: 拥堵 堵车 堵得 交通秩序 疏导交通
充电: 充电 充电桩 充电棚 飞线 拉电线 私拉电线 充电设施 充电难
电动车: 电动车 电动自行车 电瓶车
火灾: 火灾 着火 消防 起火
饮水: 饮用水 自来水 吃水 供水 水压 停水 用水 没水 挑水 供水管网 水管
托管: 托管 四点半课堂 课后服务 课后托管 放学后 无人照看 无人看管 没人接 没人管 看护 照看
孩子: 孩子 留守儿童 学生 小孩
老年食堂: 老年食堂 长者食堂 助餐 助老餐厅 老年助餐 助餐点 吃饭难 一日三餐 做饭 送餐
老人: 老人 老年人 高龄 独居 留守老人 长者
河道: 河道 河沟 河面 沿河 河里 沿岸 小河沟 河水
垃圾: 垃圾 漂浮物 塑料袋 保洁 垃圾堆积 乱倒
污水: 污水 直排 粪污 异味 气味
客运: 客运 班车 班线 公交 村村通 摩的 出行难 坐车
电梯: 电梯 加装电梯 增设电梯 上下楼
坝坝宴: 坝坝宴 群宴 宴席 酒席 乡厨 流动厨师 帮厨 红白喜事 厨师
食品安全: 食品安全 食物中毒 健康证 食材
撂荒: 撂荒 弃耕 闲置耕地 无人耕种 复耕 复种 土地闲置 长满杂草 耕地 承包地
流转: 流转 种植大户
夜间就医: 夜间值守 夜间值班 轮流值班 值守 值班 坐诊 夜间看病 半夜发病 突发疾病 急诊
卫生室: 卫生室 村医 卫生院 医生
秸秆: 秸秆 烧秸秆 秸秆焚烧 禁烧 还田
防汛: 防汛 防洪 汛期 洪涝 山洪 涨水 河水上涨 漫过 被淹 暴雨
避险: 避险 转移 撤离 避险点 预案 演练 预警
校门口: 校门口 学校门口 接送 上下学 护学岗 接孩子 减速带 放学时
物业: 物业 物业管理 自管小组 业主委员会 无人管理
小区: 小区 老旧小区 安置小区 老楼 楼道 住宅 楼房
通组路: 通组路 泥结石 道路硬化 硬化
信号: 信号 通信 基站
快递: 快递 取件 物流
流浪犬: 流浪狗 流浪犬 犬只 狗
民宿: 民宿 农家乐
茶叶: 茶叶 茶园 茶
危房: 危房 土坯房 危旧房 垮塌
创业: 创业 返乡青年
务工: 务工 招工 就业 岗位 打工 外出务工
补贴: 补贴 惠民惠农
村务公开: 村务公开 公开栏 居务公开
纠纷: 纠纷 调解 宅基地
冷链: 冷链 冷库 冷藏 保鲜
市场: 农贸市场 菜市场 占道经营
养殖: 养殖 生猪 养殖场
心理: 心理 心理辅导 心理健康
取药: 取药 慢性病 高血压 糖尿病 长期处方
救助: 临时救助 救助 因病致困
手工: 手工纸 造纸 竹编 技艺
营业执照: 营业执照 证照 个体户 个体工商户 年报
文化活动: 川剧 文化活动 文艺队
旅游: 旅游 游客 景区 古镇
农田: 高标准农田 沟渠
柑橘: 柑橘 猕猴桃 水果
"""

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
    联络站 工作站
"""
GENERIC_WORDS = frozenset(_GENERIC.split())


def concepts() -> dict[str, str]:
    """Every surface word (variants and canonical names) to its concept name."""
    table: dict[str, str] = {}
    for line in _CONCEPTS.strip().splitlines():
        name, _, variants = line.partition(":")
        name = name.strip()
        table.setdefault(name, name)
        for word in variants.split():
            table.setdefault(word, name)
    return table


CONCEPTS = concepts()
