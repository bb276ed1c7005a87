"""The thesaurus backoff of 共性问题: the shipped classes load, give the expected synonym classes,
a damaged file is refused with a clear message, and the engine falls back to bigrams without it."""

from __future__ import annotations

import logging
import lzma
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from station_app import paths
from station_app.domain.similarity import thesaurus as thesaurus_module
from station_app.domain.similarity.features import Analyzer, TopicText
from station_app.domain.similarity.places import leshan_places
from station_app.domain.similarity.thesaurus import (
    CLASS_PREFIX,
    FILE_NAME,
    HEADER,
    Thesaurus,
    read_thesaurus,
    shipped_thesaurus,
)
from station_app.errors import InputError


@pytest.fixture(scope="module")
def shipped() -> Thesaurus:
    found = read_thesaurus(paths.resources_dir() / FILE_NAME)
    return found


def test_shipped_file_is_present_small_and_large_enough(shipped: Thesaurus) -> None:
    path = paths.resources_dir() / FILE_NAME
    assert path.is_file()
    assert path.stat().st_size <= 300_000  # the bundle is near its limit
    assert len(shipped.classes) > 50_000
    assert all(2 <= len(word) <= 4 for word in shipped.classes)


@pytest.mark.parametrize(
    ("words", "code"),
    [
        (("噪音", "噪声"), "Bg07A03"),
        (("漏水", "渗水"), "Id20D02"),
        (("售卖", "出售", "贩卖"), None),
        (("路灯", "街灯"), "Bp01A17"),  # a "#" class: related lamps
        (("医院", "卫生院"), None),
    ],
)
def test_synonyms_share_a_class(shipped: Thesaurus, words: tuple[str, ...], code: str | None) -> None:
    classes = {shipped.classes[word] for word in words}
    assert len(classes) == 1
    if code:
        assert classes == {code}


def test_unrelated_words_and_singletons_are_apart(shipped: Thesaurus) -> None:
    assert shipped.classes["噪音"] != shipped.classes["照明"]
    assert shipped.classes["漏水"] != shipped.classes["垃圾"]
    assert "人" not in shipped.classes  # one-character words are not kept
    assert "堵车" not in shipped.classes  # an "@" line: a word with no synonym


def test_split_is_forward_maximum_matching(shipped: Thesaurus) -> None:
    pieces = list(shipped.split("小卖部售卖三无零食"))
    words = [word for _gap, word in pieces if word]
    assert "售卖" in words and "零食" in words
    assert "".join(gap + word for gap, word in pieces) == "小卖部售卖三无零食"
    assert pieces[-1][1] == ""


def test_synonyms_meet_in_one_token_only_with_the_thesaurus(shipped: Thesaurus) -> None:
    def tokens(analyzer: Analyzer, text: str) -> set[str]:
        return {t for t in analyzer.terms(text) if t[0] == CLASS_PREFIX}

    with_it = Analyzer(leshan_places(), thesaurus=shipped)
    shared = tokens(with_it, "校园周边小卖部售卖零食") & tokens(with_it, "学校周围商铺出售零食")
    assert CLASS_PREFIX + shipped.classes["售卖"] in shared
    without = Analyzer(leshan_places(), thesaurus=False)
    assert not tokens(without, "校园周边小卖部售卖零食")
    assert "售卖" in without.terms("校园周边小卖部售卖零食")  # a bigram, as in version 5


def _write(path: Path, text: str) -> Path:
    path.write_bytes(lzma.compress(text.encode("utf-8")))
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not xz at all", "无法读取或已损坏"),
        (None, "格式不对"),
        (HEADER + "\nBg07A03\n", "第2行不正确"),
        (HEADER + "\nBg07A03 噪音 噪声过大过大\n", "长度不对"),
        (HEADER + "\n", "是空的"),
    ],
)
def test_a_damaged_file_is_refused_clearly(tmp_path: Path, content: bytes | str | None, message: str) -> None:
    path = tmp_path / FILE_NAME
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is None:
        _write(path, "Bg07A03 噪音 噪声\n")  # no header
    else:
        _write(path, content)
    with pytest.raises(InputError, match=message):
        read_thesaurus(path)


def test_a_truncated_file_is_refused(tmp_path: Path) -> None:
    whole = (paths.resources_dir() / FILE_NAME).read_bytes()
    path = tmp_path / FILE_NAME
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputError, match="已损坏"):
        read_thesaurus(path)


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    shipped_thesaurus.cache_clear()
    yield
    shipped_thesaurus.cache_clear()


def test_engine_falls_back_to_bigrams_when_the_file_is_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, fresh_cache: None
) -> None:
    (tmp_path / FILE_NAME).write_bytes(b"damaged")
    monkeypatch.setattr(paths, "resources_dir", lambda: tmp_path)
    with caplog.at_level(logging.WARNING):
        assert shipped_thesaurus() is None
    assert "thesaurus backoff off" in caplog.text
    analyzer = Analyzer(leshan_places())
    assert analyzer.thesaurus is None
    terms: Counter[str] = analyzer.terms("小卖部售卖零食")
    assert "售卖" in terms and not any(t[0] == CLASS_PREFIX for t in terms)
    weights = analyzer.weighted(TopicText("k", "511102004", "小卖部售卖零食"))
    assert weights


def test_switched_off_means_version_5(monkeypatch: pytest.MonkeyPatch, fresh_cache: None) -> None:
    monkeypatch.setattr(thesaurus_module, "USE_THESAURUS", False)
    assert shipped_thesaurus() is None
    assert Analyzer(leshan_places()).thesaurus is None
