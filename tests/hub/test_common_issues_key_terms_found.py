"""Every key term the office is shown finds the group's topics in the program's own search: a
term is a word to look for, not the engine's private name for a concept (「村务公开」 where the
topics write 「村（居）务公开」 found nothing)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from station_app.domain.progress import run_to_end
from station_app.hub import common_issues as ci
from station_app.hub import status
from station_app.hub.kpi import Period
from station_app.services.search import search
from tests.domain.test_similarity_key_terms import SETS
from tests.hub.common_issues_world import add_topics, make_city_hub

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_key_term_finds_a_topic_of_its_group(
    name: str, data_dir: Path, migrated_template: Path
) -> None:
    db, info = make_city_hub(migrated_template)
    try:
        add_topics(db, SETS[name]())
        issues = run_to_end(ci.find_common_issues(db, status.scope_of(info), YEAR))
        assert issues
        for issue in issues:
            assert issue.key_terms, issue.title
            for term in issue.key_terms:
                found = {hit.record_id for hit in search(db, term, kinds={"consultation"}, limit=500)}
                assert found & set(issue.consultations), (term, issue.title)
    finally:
        db.dispose()
