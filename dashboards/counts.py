"""What the pages say about every event when they draw only some of them: the totals and counts the
database makes (`dashboards.queries`), turned into the plain shapes the chart builders take (Counters
by country, week or file) — the shapes figures.weekly_events, worldmap.counts_by_week, … make from an
events frame that holds every event. One builder draws a chart from either.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterator

import numpy as np
import pandas as pd

from dashboards.limits import MAP_MAX_WEEKS
from dashboards.prep import NO_COUNTRY_LABEL, _clean_date, _clean_int, _clean_str, is_null, row_dicts, week_start

# The columns of each table the database counts (dashboards.queries makes them, tests too).
COUNTRY_COUNT_COLUMNS = ["country", "country_name", "explicit", "inherited"]
DAY_COUNT_COLUMNS = ["day", "country", "events"]
WEEK_COUNT_COLUMNS = ["week", "events"]
PAIR_COUNT_COLUMNS = ["a", "b", "tweet", "thread"]
OFFICIAL_COUNT_COLUMNS = ["country", "surface", "events"]
FILE_DATE_COLUMNS = ["source_file", "date_source", "events"]
ISSUE_KIND_COLUMNS = ["severity", "kind", "issues", "files", "example"]
ISSUE_FILE_COLUMNS = ["source_file", "issues", "errors"]


# Keys up to this are counted with one bincount; beyond (days over centuries, say) by sorting, which
# needs no array as long as the largest key.
MAX_BINCOUNT_KEY = 20_000_000


def count_keys(keys: np.ndarray, weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct non-negative integer keys ascending, how often each occurs, or the sum of its
    weights), keys adding up to 0 left out."""
    if len(keys) and int(keys.max()) < MAX_BINCOUNT_KEY:
        distinct, totals = None, np.bincount(keys, weights=weights)
    else:
        distinct, inverse = np.unique(keys, return_inverse=True)
        totals = np.bincount(inverse, weights=weights, minlength=len(distinct))
    kept = np.flatnonzero(totals)
    return (kept if distinct is None else distinct[kept]), totals[kept]


@dataclass(frozen=True)
class Totals:
    """Row counts of the whole database, whatever part of it the pages show one by one."""

    events: int = 0
    undated: int = 0
    tweets: int = 0
    threads: int = 0
    files: int = 0
    issues: int = 0
    errors: int = 0
    warnings: int = 0
    countries: int = 0
    first_day: date | None = None  # of the events placed on the timeline
    last_day: date | None = None


def totals_from_row(row: dict[str, Any]) -> Totals:
    """Totals from one row of the totals query (NULL counts read as 0)."""
    ints = {k: _clean_int(row.get(k)) or 0 for k in ("events", "undated", "tweets", "threads", "files", "issues", "errors", "warnings", "countries")}
    return Totals(**ints, first_day=_clean_date(row.get("first_day")), last_day=_clean_date(row.get("last_day")))


@dataclass(frozen=True)
class Counts:
    """Counts over every event, made by the database (one table per chart; columns above)."""

    countries: pd.DataFrame  # distinct events per country: named in the tweet / only inherited
    days: pd.DataFrame  # events per day (dated to the day or week) per country named, None = no country at all
    weeks: pd.DataFrame  # events per week (Monday), each event once
    pairs: pd.DataFrame  # events naming both a < b: in the tweet / anywhere in the thread
    officials: pd.DataFrame  # events naming the country through an official, by the words used
    file_dates: pd.DataFrame  # events per file by date source (None = undated), for the files shown and the busiest
    issue_kinds: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ISSUE_KIND_COLUMNS))
    issue_files: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ISSUE_FILE_COLUMNS))


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    return row_dicts(frame.reindex(columns=columns))


# ---------------------------------------------------------------- countries


def country_counters(counts: Counts) -> tuple[Counter, Counter]:
    """(events naming each country in the tweet, events that only inherit it from the thread)."""
    explicit: Counter = Counter()
    inherited: Counter = Counter()
    for r in _records(counts.countries, COUNTRY_COUNT_COLUMNS):
        code = _clean_str(r["country"])
        if code:
            explicit[code] += _clean_int(r["explicit"]) or 0
            inherited[code] += _clean_int(r["inherited"]) or 0
    return +explicit, +inherited


def count_names(counts: Counts) -> dict[str | None, str]:
    names: dict[str | None, str] = {None: NO_COUNTRY_LABEL}
    for r in _records(counts.countries, COUNTRY_COUNT_COLUMNS):
        code = _clean_str(r["country"])
        if code:
            names[code] = _clean_str(r["country_name"]) or code
    return names


# ---------------------------------------------------------------- time


@dataclass(frozen=True)
class DayCounts:
    """Events per day and country named in the tweet, as column arrays: a million events make hundreds of
    thousands of (day, country) entries. A country is its index in `countries`, -1 when the events
    concern no country at all."""

    day: np.ndarray  # datetime64[D]
    country: np.ndarray  # int64
    events: np.ndarray  # int64
    countries: tuple[str, ...] = ()

    def __iter__(self) -> Iterator[tuple[date, str | None, int]]:
        """(day, country code or None, events) entries."""
        codes = [*self.countries, None]  # index -1: no country
        return zip(self.day.tolist(), (codes[c] for c in self.country.tolist()), self.events.tolist())

    def __len__(self) -> int:
        return len(self.day)

    @property
    def has_no_country(self) -> bool:
        return bool((self.country < 0).any())

    def present(self) -> set[str | None]:
        """The countries counted (None: no country)."""
        codes = [*self.countries, None]
        return {codes[c] for c in np.unique(self.country).tolist()}

    def span(self) -> tuple[date, date]:
        """The first and the last day (there must be one)."""
        return self.day.min().tolist(), self.day.max().tolist()


NO_DAYS = DayCounts(day=np.array([], dtype="datetime64[D]"), country=np.array([], dtype=np.int64), events=np.array([], dtype=np.int64))


def day_counts(counts: Counts) -> DayCounts:
    """The database's events per day and country (DAY_COUNT_COLUMNS; the country column may be categorical,
    as tally.day_counts makes it) as DayCounts, undated rows left out."""
    frame = counts.days.reindex(columns=DAY_COUNT_COLUMNS)
    day = pd.to_datetime(frame["day"], errors="coerce").to_numpy(dtype="datetime64[D]")
    dated = ~np.isnat(day)
    country = frame["country"]
    if not isinstance(country.dtype, pd.CategoricalDtype):
        country = country.astype(object).where(country.notna(), None).astype("category")
    events = pd.to_numeric(frame["events"], errors="coerce").fillna(0).to_numpy(dtype=np.int64)
    return DayCounts(
        day=day[dated],
        country=country.cat.codes.to_numpy(dtype=np.int64)[dated],
        events=events[dated],
        countries=tuple(str(c) for c in country.cat.categories),
    )


def period_starts(day: np.ndarray, period: str) -> np.ndarray:
    """For each day (datetime64[D]), the first day of its `period`: the day itself, its ISO week (Monday) or its month."""
    if period == "week":
        return day - (day.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    if period == "month":
        return day.astype("datetime64[M]").astype("datetime64[D]")
    return day


def week_totals(counts: Counts) -> Counter:
    """Monday -> events dated to the day or week, each event once."""
    out: Counter = Counter()
    for r in _records(counts.weeks, WEEK_COUNT_COLUMNS):
        week = _clean_date(r["week"])
        if week is not None:
            out[week_start(week)] += _clean_int(r["events"]) or 0
    return out


def map_period(days: DayCounts) -> str:
    """The map's slider steps: 'week', or 'month' when the days span more than MAP_MAX_WEEKS weeks."""
    return "week" if len(np.unique(period_starts(days.day, "week"))) <= MAP_MAX_WEEKS else "month"


def map_counts(counts: Counts, days: DayCounts, period: str = "week") -> dict[str, Counter]:
    """period (ISO first day of the week or month) -> country -> events naming it in the tweet; '' every
    period, undated events too (the shape of worldmap.counts_by_week). `days`: day_counts(counts)."""
    explicit, _ = country_counters(counts)
    out: dict[str, Counter] = {"": explicit}
    named = days.country >= 0
    if not named.any():
        return out
    starts = period_starts(days.day[named], period)
    first, width = starts.min(), len(days.countries)
    keys, events = count_keys((starts - first).astype(np.int64) * width + days.country[named], days.events[named].astype(np.float64))
    offset, country = np.divmod(keys, width)
    codes = np.array(days.countries, dtype=object)[country].tolist()
    per_code = events.astype(np.int64).tolist()
    # The keys ascend, period first: each period's counts are one run of them.
    bounds = [0, *(np.flatnonzero(np.diff(offset)) + 1).tolist(), len(offset)]
    starts = np.datetime_as_string(first + offset[bounds[:-1]], unit="D").tolist()
    for start, lo, hi in zip(starts, bounds, bounds[1:]):
        out[start] = Counter(dict(zip(codes[lo:hi], per_code[lo:hi])))
    return out


# ---------------------------------------------------------------- co-mentions and officials


def pair_matrix(counts: Counts, codes: list[str], *, inherited: bool) -> list[list[int | None]]:
    """m[i][j]: events concerning both codes[i] and codes[j] (the shape of comentions.comention_matrix)."""
    index = {c: i for i, c in enumerate(codes)}
    m: list[list[int | None]] = [[0] * len(codes) for _ in codes]
    for r in _records(counts.pairs, PAIR_COUNT_COLUMNS):
        a, b = index.get(_clean_str(r["a"]) or ""), index.get(_clean_str(r["b"]) or "")
        if a is not None and b is not None and a != b:
            n = _clean_int(r["thread" if inherited else "tweet"]) or 0
            m[a][b] += n  # type: ignore[operator]
            m[b][a] += n  # type: ignore[operator]
    for i in range(len(codes)):
        m[i][i] = None
    return m


def official_counts(counts: Counts) -> list[tuple[str, str, int]]:
    """(country, the official as written, events)."""
    out = []
    for r in _records(counts.officials, OFFICIAL_COUNT_COLUMNS):
        country, surface = _clean_str(r["country"]), _clean_str(r["surface"])
        if country and surface:
            out.append((country, surface, _clean_int(r["events"]) or 0))
    return out


# ---------------------------------------------------------------- files and issues


def file_date_counts(counts: Counts) -> dict[str | None, Counter]:
    """date source (None = undated) -> file -> events."""
    out: dict[str | None, Counter] = {}
    for r in _records(counts.file_dates, FILE_DATE_COLUMNS):
        source = _clean_str(r["date_source"])
        out.setdefault(source, Counter())[_clean_str(r["source_file"])] += _clean_int(r["events"]) or 0
    return out


def rows_of(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    """The rows of a small counted table, nulls as None."""
    return [{c: (None if is_null(v) else v) for c, v in r.items()} for r in _records(frame, columns)]
