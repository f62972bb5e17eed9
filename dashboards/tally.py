"""Counting the countries tweets name, a million events at a time: numpy over one table of integers.

`queries.named_rows` gives one row per (event, country its tweet names): `event` and `thread` (numbers),
`day` (the event's date in days since 1970 when it counts by week, else NOT_COUNTED) and `country` (1 +
its index in the sorted country codes, 0 for none). Grouping those two million rows in DuckDB costs more
than reading them; here each count is a bincount. The results have the shapes of counts.DAY_COUNT_COLUMNS
and counts.PAIR_COUNT_COLUMNS.

A thread's events all concern the countries its tweets name (named or inherited: see dashboards.queries),
so a pair "in the same thread" counts the events of every thread that names both.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboards.counts import DAY_COUNT_COLUMNS, PAIR_COUNT_COLUMNS, count_keys

NOT_COUNTED = -(2**31)  # the `day` of an event not counted by week (undated, or dated too coarsely)

def day_counts(named: pd.DataFrame, codes: list[str], countryless: pd.DataFrame) -> pd.DataFrame:
    """Events per day and country named, by day then country (codes sorted, no country last); `countryless`:
    events per day that concern no country (day, events)."""
    day = named["day"].to_numpy()
    dated = day != NOT_COUNTED
    day, country = day[dated], named["country"].to_numpy()[dated]
    countryless_days = countryless["day"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    if not len(day) and not len(countryless_days):
        return pd.DataFrame(columns=DAY_COUNT_COLUMNS)
    first = min(int(days.min()) for days in (day, countryless_days) if len(days))
    width = len(codes) + 1
    # Key (day - first) * width + slot; country i goes in slot i - 1, none (0) in the last one. Worked out
    # in place, and counted without weights: the arrays are as long as the rows, and a fresh process pays
    # for every page of a new one.
    keys = day.astype(np.int64)
    keys -= first
    keys *= width
    keys += country
    keys -= 1
    keys[country == 0] += width
    named_keys, named_events = count_keys(keys)
    keys, events = count_keys(
        np.concatenate([named_keys, (countryless_days - first) * width + width - 1]),
        np.concatenate([named_events, countryless["events"].to_numpy(dtype=np.int64)]).astype(np.float64),
    )
    slots = keys % width
    # Categorical: the codes as they are, the no-country slot as a missing value.
    country = pd.Categorical.from_codes(np.where(slots == width - 1, -1, slots), categories=codes)
    return pd.DataFrame(
        {"day": (keys // width + first).astype("datetime64[D]"), "country": country, "events": events.astype(np.int64)},
        columns=DAY_COUNT_COLUMNS,
    )


def country_bits(codes: list[str], top: list[str]) -> np.ndarray:
    """Country number (as in queries.named_rows) -> its bit in a heatmap mask, 1 << (its place in `top`); 0 if not there."""
    bits = np.zeros(len(codes) + 1, dtype=np.int64)
    number = {code: i + 1 for i, code in enumerate(codes)}
    for place, code in enumerate(top):
        bits[number[code]] = 1 << place
    return bits


def _per_pair(masks: np.ndarray, weights: np.ndarray | None, places: int) -> list[int]:
    """For each pair (a, b) of places, a < b, in that order: the weight of the masks holding both bits (each
    mask weighs 1 without `weights`)."""
    distinct, weight = count_keys(masks, weights)
    return [int(weight[((distinct >> a) & (distinct >> b) & 1) == 1].sum()) for a in range(places) for b in range(a + 1, places)]


def pair_counts(named: pd.DataFrame, codes: list[str], top: list[str], thread_events: np.ndarray) -> pd.DataFrame:
    """For each pair of `top`: the events naming both in the tweet, and the events of threads naming both
    (`thread_events[t]`: the events of thread t)."""
    bits = country_bits(codes, top)[named["country"].to_numpy()]
    chosen = np.flatnonzero(bits)
    bits = bits[chosen]
    # (event, country) is unique, so an event's mask is the sum of its bits; a thread's is their union.
    tweet = np.bincount(named["event"].to_numpy()[chosen], weights=bits).astype(np.int64)
    thread = np.zeros(len(thread_events), dtype=np.int64)
    np.bitwise_or.at(thread, named["thread"].to_numpy()[chosen], bits)
    pairs = [(a, b) for i, a in enumerate(top) for b in top[i + 1 :]]
    out = pd.DataFrame(
        {
            "a": [a for a, _ in pairs],
            "b": [b for _, b in pairs],
            "tweet": _per_pair(tweet, None, len(top)),
            "thread": _per_pair(thread, thread_events.astype(np.float64), len(top)),
        },
        columns=PAIR_COUNT_COLUMNS,
    )
    return out.sort_values(["a", "b"], ignore_index=True)


def per_thread(sizes: pd.DataFrame) -> np.ndarray:
    """Thread number -> its events, from (t, events) rows."""
    events = np.zeros(int(sizes["t"].max()) + 1 if len(sizes) else 1, dtype=np.int64)
    events[sizes["t"].to_numpy(dtype=np.int64)] = sizes["events"].to_numpy(dtype=np.int64)
    return events


def quiet_threads(named: pd.DataFrame, threads: int) -> list[int]:
    """The threads (numbered 1..threads) none of whose tweets names a country."""
    names_one = np.zeros(threads + 1, dtype=bool)
    names_one[named["thread"].to_numpy(dtype=np.int64)] = True
    return [int(t) for t in np.flatnonzero(~names_one[1:]) + 1]
