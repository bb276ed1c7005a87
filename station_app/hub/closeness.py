"""How alike a common issue's topics are, in a word a reader can use (the page, the CLI, the Excel).

The number behind it is the group's cohesion (mean cosine of its topics with their centre). Every
group the engine keeps is above 0.6, so a single cut there said 「高」 of every group, the mixed ones
too. The cuts below are where the labelled sets show the share of a group's topic pairs that are
truly one problem changing (``python tests/bench/bench_common_issues.py`` prints it per word, on
all sets and on the sets other authors wrote blind).
"""

from __future__ import annotations

CLOSENESS_HEADER = "相近程度"
HIGH = 0.85  # about nine pairs in ten are one problem (0.82 on the seven blind-written sets)
LOW = 0.80  # between: three in four (0.71 blind); below: about six in ten (0.55 blind)
WORDS = ("高", "中", "低")
CLOSENESS_TIP = (
    "相近程度看的是一组议题用词有多接近，是程序的估计，不是结论。\n"
    "用事先核对过的议题检验，同一组里任取两个议题，确是同一个问题的：\n"
    "高——约九成，三档中最可靠；\n"
    "中——约七八成；\n"
    "低——只有五六成，常混入场所或对象相同、问题不同的议题。\n"
    "实际议题的写法更多样，比例会低一些（高约八成）；无论哪一档，标记前都请打开议题看一看。"
)
WORD_TIPS = {
    "高": "相近程度高：这组议题用词很接近，多半说的是同一个问题；标记前仍请打开议题看一看。",
    "中": "相近程度中：这组议题多数说的是同一个问题，也可能混入几个别的问题；请打开议题核对。",
    "低": "相近程度低：这组可能混入了场所或对象相同、问题不同的议题；请逐个打开议题核对，"
    "不同的问题不要一起标记。",
}


def closeness(score: float) -> str:
    """高, 中 or 低 (see the module's note for what each has meant on the labelled sets)."""
    if score >= HIGH:
        return "高"
    return "中" if score >= LOW else "低"
