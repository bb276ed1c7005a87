"""Key terms are words a reader knows: concepts of the field lexicon, or a phrase that two or more
titles of the group write alike — never a bigram cut out of a longer word (「境脏」「施陈」)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station_app.domain.progress import run_to_end
from station_app.domain.similarity.clustering import group_topics
from station_app.domain.similarity.features import Analyzer, TopicText
from station_app.domain.similarity.lexicon import CONCEPT_NAMES
from station_app.domain.similarity.naming import written_form
from station_app.domain.similarity.places import leshan_places
from tests.bench.common_issues_eval import (
    FRESH,
    FRESH2,
    FRESH3,
    FRESH4,
    FRESH5,
    FRESH6,
    FRESH7,
    FRESH8,
    FRESH9,
    FRESH10,
    FRESH11,
    FRESH12,
    FRESH13,
    load_labelled,
)

SETS = {
    "labelled": lambda: load_labelled(),
    "fresh": lambda: load_labelled(path=FRESH),
    "fresh2": lambda: load_labelled(path=FRESH2),
    "fresh3": lambda: load_labelled(path=FRESH3),
    "fresh4": lambda: load_labelled(path=FRESH4),
    "fresh5": lambda: load_labelled(path=FRESH5),
    "fresh6": lambda: load_labelled(path=FRESH6),
    "fresh7": lambda: load_labelled(path=FRESH7),
    "fresh8": lambda: load_labelled(path=FRESH8),
    "fresh9": lambda: load_labelled(path=FRESH9),
    "fresh10": lambda: load_labelled(path=FRESH10),
    "fresh11": lambda: load_labelled(path=FRESH11),
    "fresh12": lambda: load_labelled(path=FRESH12),
    "fresh13": lambda: load_labelled(path=FRESH13),
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_key_terms_are_concepts_or_phrases_the_titles_share(name: str) -> None:
    topics = [item.topic for item in SETS[name]()]
    analyzer = Analyzer(leshan_places())
    assert analyzer.thesaurus is not None
    groups = run_to_end(group_topics(topics, analyzer))
    assert groups
    for group in groups:
        titles = [topics[i].title for i in group.members]
        assert group.key_terms, titles
        for term in group.key_terms:
            assert len(term) >= 2
            shared = sum(term in title for title in titles)
            # a title's word of the general thesaurus stands for a class the members share
            in_title = term in analyzer.thesaurus.classes and shared >= 1
            # a word of the lexicon: a concept as all the members' texts write it (naming.as_written)
            lexicon_word = term in analyzer.concepts
            assert term in CONCEPT_NAMES or lexicon_word or shared >= 2 or in_title, (term, titles)


def test_no_fragments_of_longer_words() -> None:
    topics = [
        TopicText("a", "511102118", "无物业小区环境脏乱", "场镇安置小区没有物业，垃圾乱堆，车辆乱停。"),
        TopicText("b", "511112108", "关于引入物业管理服务的建议", "老旧小区无人管理，环境脏乱，没人修。"),
        TopicText("c", "511124001", "老旧小区物业缺位问题协商", "物业撤走后环境脏乱差，想成立自管小组。"),
        TopicText("d", "511111100", "农贸市场设施陈旧", "沙湾镇农贸市场设施陈旧，占道经营，卫生差。"),
        TopicText("e", "511123100", "关于农贸市场设施陈旧的建议", "玉津镇菜市场设施陈旧，排水不畅。"),
        TopicText("f", "511126107", "村（居）务公开不及时", "公开栏内容更新慢。"),
        TopicText("g", "511102004", "关于规范村（居）务公开的建议", "群众看不明白公开内容。"),
    ]
    groups = run_to_end(group_topics(topics, Analyzer(leshan_places())))
    terms = {t for g in groups for t in g.key_terms}
    assert len(groups) == 3
    # (no text says 市场 alone; 村务公开 as the texts write it, so that a search finds them)
    assert {"物业", "农贸市场", "村（居）务公开"} <= terms
    assert not terms & {"境脏", "施陈", "设施陈", "务公开"}


def _longest_first(words: set[str], text: str) -> list[str]:
    """Forward maximum matching written plainly: the reference for the regular expression."""
    found, at, longest = [], 0, max(map(len, words))
    while at < len(text):
        for size in range(min(longest, len(text) - at), 0, -1):
            if text[at : at + size] in words:
                found.append(text[at : at + size])
                at += size
                break
        else:
            at += 1
    return found


CHARS = "路灯照明亮化噪声音扰民医保险停车位充电桩垃圾污水河道老人食堂"


@settings(max_examples=60, deadline=None)
@given(
    st.sets(st.text(alphabet=CHARS, min_size=1, max_size=4), min_size=20),
    st.text(alphabet=CHARS + "的了", max_size=60),
)
def test_the_trie_pattern_is_forward_maximum_matching(words: set[str], text: str) -> None:
    """Also when the alternatives at a position are many and halved behind lookaheads."""
    import re

    from station_app.domain.similarity.features import trie_pattern

    assert re.findall(trie_pattern(words), text) == _longest_first(words, text)


def test_a_concept_is_shown_in_the_word_its_texts_use() -> None:
    """Topics on 加装电梯 that all mention a 公示 show 「公示」, not the concept 「村务公开」 the word
    belongs to; a concept its texts name in several words shows the one they use most; a concept
    named by a text keeps its name."""
    from station_app.domain.similarity.naming import as_written

    analyzer = Analyzer(leshan_places())
    lifts = ["老旧小区加装电梯方案要公示", "加装电梯前先公示费用分摊"]
    assert as_written(["电梯", "村务公开"], lifts, analyzer) == ["加装电梯", "公示"]
    lights = ["村道晚上照明不足", "亮化工程后期没人维护", "照明设施缺失"]
    assert as_written(["路灯"], lights, analyzer) == ["照明"]
    assert as_written(["路灯"], [*lights, "村道路灯不亮"], analyzer) == ["路灯"]


@settings(max_examples=80, deadline=None)
@given(
    word=st.text(alphabet="村务公开干部社区", min_size=2, max_size=5),
    cut=st.integers(min_value=1, max_value=4),
    alternative=st.sampled_from(["（居）", "（社区）", "(镇)", "（街道）"]),
    plain_too=st.booleans(),
)
def test_a_key_term_is_shown_as_the_texts_write_it(
    word: str, cut: int, alternative: str, plain_too: bool
) -> None:
    """A word the engine read through a bracketed alternative is shown with it, so that it is found
    in the texts; a word some text writes plainly stays plain."""
    cut = min(cut, len(word) - 1)
    written = word[:cut] + alternative + word[cut:]
    texts = [f"关于{written}的建议", "其他内容"] + ([f"{word}不及时"] if plain_too else [])
    shown = written_form(word, texts)
    assert any(shown in text for text in texts)
    assert shown == word if plain_too or word in texts[0] else shown != word
