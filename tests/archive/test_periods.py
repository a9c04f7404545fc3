"""Articles split into days or ISO weeks by their own dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from summarize.archive.periods import period_key, previous_keys, split_by_period
from summarize.errors import ConfigError
from tests.conftest import make_doc


def test_split_by_day_keeps_input_order_and_leaves_undated_out() -> None:
    docs = [make_doc("b", "Text b here.", day=2), make_doc("a", "Text a here.", day=1),
            make_doc("c", "Text c here.", day=2)]
    undated = replace(make_doc("u", "No date here."), published=None)
    periods, left_out = split_by_period([*docs, undated], "day")
    assert [p.key for p in periods] == [docs[1].published.date().isoformat(), docs[0].published.date().isoformat()]
    assert [d.id for d in periods[1].documents] == ["b", "c"]
    assert [d.id for d in left_out] == ["u"]
    assert previous_keys(periods) == {periods[0].key: None, periods[1].key: periods[0].key}


def test_week_keys_are_iso_weeks_that_sort_in_time_order() -> None:
    assert period_key(dt.datetime(1998, 12, 31, tzinfo=dt.timezone.utc), "week") == "1998-W53"
    assert period_key(dt.datetime(1999, 1, 4, tzinfo=dt.timezone.utc), "week") == "1999-W01"
    assert period_key(dt.datetime(1998, 10, 17, 23, 59, tzinfo=dt.timezone.utc), "day") == "1998-10-17"


def test_unknown_period_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="period must be one of day, week"):
        split_by_period([], "month")
