"""The closeness word tells groups apart: on the labelled sets, a 「高」 group's topics are more often
one problem than a 「中」 group's, and those more than a 「低」 group's."""

from __future__ import annotations

from station_app.domain.similarity.features import Analyzer
from station_app.domain.similarity.places import leshan_places
from station_app.hub.closeness import HIGH, LOW, WORDS, closeness
from tests.bench.bench_common_issues import closeness_rows, labelled_sets


def test_the_words_follow_the_score() -> None:
    assert LOW < HIGH
    scores = [0.6, LOW - 0.001, LOW, (LOW + HIGH) / 2, HIGH, 1.0]
    assert [closeness(s) for s in scores] == ["低", "低", "中", "中", "高", "高"]


def test_each_word_is_more_often_right_than_the_next() -> None:
    rows = closeness_rows(labelled_sets(), Analyzer(leshan_places()))
    right = {}
    for word in WORDS:
        shares = [share for _name, w, share in rows if w == word]
        assert len(shares) >= 10, word  # every word is used, on enough groups to compare
        right[word] = sum(shares) / len(shares)
    assert right["高"] > right["中"] > right["低"], right
    assert right["高"] >= 0.85 and right["低"] <= 0.7, right
