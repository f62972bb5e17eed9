"""Counting the named rows with numpy (dashboards.tally): what a plain loop over the same rows counts."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from dashboards import counts, tally

CODES = ["BLR", "KAZ", "RUS", "UKR", "USA"]
EPOCH = date(1970, 1, 1)


def named_rows(seed: int = 7, events: int = 400) -> tuple[pd.DataFrame, dict[int, set[str]], dict[int, int]]:
    """Random rows shaped as queries.named_rows gives them: (frame, event -> countries named, event -> thread). Thread t names
    the union of its events' countries; some events name none (no row), some are not counted by week."""
    rng = random.Random(seed)
    rows, named, thread_of = [], {}, {}
    for event in range(1, events + 1):
        thread = rng.randint(1, events // 5)
        thread_of[event] = thread
        day = None if rng.random() < 0.1 else date(2022, 1, 1) + timedelta(days=rng.randint(0, 900))
        named[event] = set(rng.sample(CODES, rng.randint(0, 3)))
        for code in sorted(named[event]):
            rows.append((event, thread, (day - EPOCH).days if day else tally.NOT_COUNTED, CODES.index(code) + 1))
    frame = pd.DataFrame(rows, columns=["event", "thread", "day", "country"])
    return frame, named, thread_of


def test_count_keys_counts_the_same_by_bincount_or_by_sorting(monkeypatch):
    keys = np.array([5, 0, 5, 3, 10_000, 3, 5])
    weights = np.array([1.0, 2, 0, 1, 4, 0, 1])
    by_bincount = counts.count_keys(keys), counts.count_keys(keys, weights)
    monkeypatch.setattr(counts, "MAX_BINCOUNT_KEY", 10)
    by_sorting = counts.count_keys(keys), counts.count_keys(keys, weights)
    for (k1, n1), (k2, n2) in zip(by_bincount, by_sorting):
        assert k1.tolist() == k2.tolist() and n1.tolist() == n2.tolist()
    assert dict(zip(*map(np.ndarray.tolist, by_bincount[0]))) == {0: 1, 3: 2, 5: 3, 10_000: 1}
    assert dict(zip(*map(np.ndarray.tolist, by_bincount[1]))) == {0: 2, 3: 1, 5: 2, 10_000: 4}  # 0 in total: left out


def test_day_counts_are_the_events_per_day_and_country_named():
    frame, _, _ = named_rows()
    countryless = pd.DataFrame({"day": [date(2022, 1, 3), date(2030, 5, 5)], "events": [4, 1]})
    out = tally.day_counts(frame, CODES, countryless)
    expected = Counter()
    for r in frame.itertuples():
        if r.day != tally.NOT_COUNTED:
            expected[(EPOCH + timedelta(days=int(r.day)), CODES[r.country - 1])] += 1
    expected[(date(2022, 1, 3), None)] += 4
    expected[(date(2030, 5, 5), None)] += 1
    got = {(d.date(), None if pd.isna(c) else c): n for d, c, n in zip(out["day"], out["country"], out["events"])}
    assert got == dict(expected)
    # By day, then country, no country last.
    order = [(d, c is None, c or "") for d, c in got]
    assert order == sorted(order)
    # What the pages read from it (counts.DayCounts) holds the same, whether the countries come as
    # tally's categories or as plain strings (as a database query gives them).
    for days in (out, out.astype({"country": object})):
        shown = counts.day_counts(_counts(days))
        assert dict(((d, c), n) for d, c, n in shown) == dict(expected)


def _counts(days: pd.DataFrame) -> counts.Counts:
    empty = pd.DataFrame()
    return counts.Counts(countries=empty, days=days, weeks=empty, pairs=empty, officials=empty, file_dates=empty)


def test_pair_counts_are_what_the_events_and_threads_name_together():
    frame, named, thread_of = named_rows()
    top = ["KAZ", "RUS", "UKR", "USA"]  # BLR left out of the heatmap
    thread_events = np.zeros(max(thread_of.values()) + 1, dtype=np.int64)
    for thread in thread_of.values():
        thread_events[thread] += 1
    thread_named: dict[int, set[str]] = {}
    for event, countries in named.items():
        thread_named.setdefault(thread_of[event], set()).update(countries)
    out = tally.pair_counts(frame, CODES, top, thread_events)
    for r in out.itertuples():
        assert r.tweet == sum(1 for c in named.values() if {r.a, r.b} <= c), (r.a, r.b)
        assert r.thread == sum(1 for e in thread_of if {r.a, r.b} <= thread_named[thread_of[e]]), (r.a, r.b)
    assert [(r.a, r.b) for r in out.itertuples()] == sorted((a, b) for i, a in enumerate(top) for b in top[i + 1 :])


def test_quiet_threads_are_those_naming_no_country():
    frame, named, thread_of = named_rows()
    naming = {thread_of[e] for e, c in named.items() if c}
    threads = max(thread_of.values()) + 3  # two more threads with no row at all
    assert tally.quiet_threads(frame, threads) == [t for t in range(1, threads + 1) if t not in naming]


@pytest.mark.parametrize("period", ["day", "week", "month"])
def test_period_starts_are_the_first_day_of_the_day_week_or_month(period):
    days = [date(2021, 12, 27) + timedelta(days=i) for i in range(70)]
    starts = counts.period_starts(np.array(days, dtype="datetime64[D]"), period).tolist()
    for d, s in zip(days, starts):
        assert s == {"day": d, "week": d - timedelta(days=d.weekday()), "month": d.replace(day=1)}[period]
