"""Everything the pages are drawn from, normalised once: the events (one row per event and country,
and one record per event), the side tables, the client data for the filters, and the summary
figures several pages show."""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import pandas as pd

from dashboards.comentions import comention_countries, comention_matrix, heatmap_countries, rank_officials, top_officials
from dashboards.counts import (
    NO_DAYS,
    Counts,
    DayCounts,
    Totals,
    count_names,
    country_counters,
    day_counts,
    file_date_counts,
    map_counts,
    map_period,
    official_counts,
    pair_matrix,
    week_totals,
)
from dashboards.figures import country_event_counts, file_date_sources, on_timeline, weekly_events
from dashboards.prep import (
    FILE_COLUMNS,
    ISSUE_COLUMNS,
    THREAD_COLUMNS,
    TWEET_COLUMNS,
    client_data,
    country_names,
    country_order,
    day_label,
    event_records,
    is_null,
    lane_order,
    normalise_events,
    normalise_table,
    row_dicts,
)
from dashboards.style import UNLABELLED_TYPE, event_type_colours
from dashboards.worldmap import counts_by_week


@dataclass(frozen=True)
class Shown:
    """The events shown one by one with their threads and tweets, ready for the pages: the part of the
    page data that needs no count, so it can be made while the database still counts (queries.read_site_tables)."""

    events: pd.DataFrame  # one row per (event, country), normalised
    records: list[dict[str, Any]]  # one per event, in the frame's order (prep.event_records)
    threads: pd.DataFrame
    tweets: pd.DataFrame
    data: dict[str, Any]  # the client data (prep.client_data)
    thread_list: list[dict[str, Any]]  # every thread with its tweets in order and their events (thread_list)


def shown_rows(events: pd.DataFrame | None, threads: pd.DataFrame | None = None, tweets: pd.DataFrame | None = None) -> Shown:
    """The Shown of these rows (each table may be missing)."""
    df = normalise_events(events)
    records = event_records(df)
    types = [t or UNLABELLED_TYPE for t in df["event_type"].tolist()]
    shown_threads = normalise_table(threads, THREAD_COLUMNS, ["source_file", "thread_seq", "thread_id"])
    shown_tweets = normalise_table(tweets, TWEET_COLUMNS, ["thread_id", "position", "tweet_id"])
    return Shown(
        events=df,
        records=records,
        threads=shown_threads,
        tweets=shown_tweets,
        data=client_data(df, event_type_colours(types), records),
        thread_list=thread_list(records, shown_threads, shown_tweets),
    )


@dataclass(frozen=True)
class Site:
    """The inputs of every page, normalised once. `events` and `records` are the events shown one by
    one: all of them, or (a large corpus) those of the newest threads, when `counts` carries what the
    database counted over all of them; `totals` are always the whole database's."""

    events: pd.DataFrame  # one row per (event, country), normalised
    records: list[dict[str, Any]]  # one per event, in the frame's order (prep.event_records)
    issues: pd.DataFrame
    files: pd.DataFrame
    threads: pd.DataFrame
    tweets: pd.DataFrame
    ingested_at: datetime | None
    data: dict[str, Any]  # the client data (prep.client_data)
    thread_list: list[dict[str, Any]]  # every thread with its tweets in order and their events (thread_list)
    totals: Totals
    counts: Counts | None = None

    # -- lookups several pages share
    @functools.cached_property
    def names(self) -> dict[str | None, str]:
        names = country_names(self.events)
        return {**count_names(self.counts), **names} if self.counts is not None else names

    @functools.cached_property
    def lane_index(self) -> dict[str | None, int]:
        """Country -> its place in lane order (Kazakhstan, Ukraine, Russia, then by events)."""
        return {c: i for i, c in enumerate(country_order(self.events))}

    @functools.cached_property
    def event_number(self) -> dict[Any, int]:
        """Event id -> its number in the client data (what table rows carry for the filters)."""
        return {r["event_id"]: i for i, r in enumerate(self.records)}

    # -- summary figures (the whole database)
    @property
    def n_events(self) -> int:
        return self.totals.events

    @property
    def n_shown(self) -> int:
        """Events shown one by one."""
        return len(self.records)

    @property
    def partial(self) -> bool:
        """Only some events are shown one by one (the charts count them all)."""
        return self.n_shown < self.n_events

    @property
    def n_undated(self) -> int:
        return self.totals.undated

    @property
    def n_tweets(self) -> int:
        return self.totals.tweets

    @property
    def n_threads(self) -> int:
        return self.totals.threads

    @property
    def n_countries(self) -> int:
        return self.totals.countries

    @property
    def n_errors(self) -> int:
        return self.totals.errors

    @property
    def date_range(self) -> str:
        first, last = self.totals.first_day, self.totals.last_day
        if first is None or last is None:
            return "—"
        return day_label(first) if first == last else f"{day_label(first)} – {day_label(last)}"

    @property
    def ingested(self) -> str:
        if self.ingested_at is None:
            return "unknown"
        stamp = self.ingested_at if self.ingested_at.tzinfo else self.ingested_at.replace(tzinfo=timezone.utc)
        return stamp.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

    # -- what the charts count: over every event, from the database's counts or from the events frame
    @functools.cached_property
    def weekly(self) -> Counter:
        return week_totals(self.counts) if self.counts is not None else weekly_events(self.events)

    @functools.cached_property
    def country_counts(self) -> tuple[Counter, Counter]:
        """(events naming each country in the tweet, events only inheriting it)."""
        return country_counters(self.counts) if self.counts is not None else country_event_counts(self.events)

    @functools.cached_property
    def map_counts(self) -> tuple[dict[str, Counter], str]:
        """(period -> country -> events, '' every period; the period: week, or month when only some events are
        shown and they span many weeks: the page's filters recount the shown events week by week)."""
        if self.counts is None:
            return counts_by_week(self.events), "week"
        period = map_period(self.days) if self.partial else "week"
        return map_counts(self.counts, self.days, period), period

    @functools.cached_property
    def heatmap(self) -> tuple[list[str], list[list[int | None]], list[list[int | None]]]:
        """(countries, events naming both in the tweet, events concerning both in the thread)."""
        if self.counts is None:
            codes = comention_countries(self.events)
            return codes, comention_matrix(self.events, codes, inherited=False), comention_matrix(self.events, codes, inherited=True)
        codes = heatmap_countries(self.country_counts[0])
        return codes, pair_matrix(self.counts, codes, inherited=False), pair_matrix(self.counts, codes, inherited=True)

    @functools.cached_property
    def officials(self) -> list[tuple[str, list[tuple[str, int]]]]:
        return rank_officials(official_counts(self.counts)) if self.counts is not None else top_officials(self.events)

    @functools.cached_property
    def file_dates(self) -> dict[str | None, Counter]:
        """date source (None = undated) -> file -> events."""
        return file_date_counts(self.counts) if self.counts is not None else file_date_sources(self.events)

    @functools.cached_property
    def days(self) -> DayCounts:
        """Events per day and country named (or None) over every event dated to the day or week (counts only)."""
        return day_counts(self.counts) if self.counts is not None else NO_DAYS

    @functools.cached_property
    def count_order(self) -> list[str | None]:
        """Every country in lane order by the events that concern it, 'no country' last when the counts have it."""
        explicit, inherited = self.country_counts
        per_country: dict[str | None, int] = dict(explicit + inherited)
        if self.days.has_no_country:
            per_country[None] = 0
        return lane_order(per_country, self.names)


def load_site(
    events: pd.DataFrame | None,
    issues: pd.DataFrame | None,
    files: pd.DataFrame | None,
    threads: pd.DataFrame | None = None,
    tweets: pd.DataFrame | None = None,
    ingested_at: datetime | None = None,
    totals: Totals | None = None,
    counts: Counts | None = None,
    shown: Shown | None = None,
) -> Site:
    """The Site of these rows; `totals` and `counts` default to what the rows themselves add up to.
    `shown`: shown_rows(events, threads, tweets), when made already (the three are then not read)."""
    shown = shown or shown_rows(events, threads, tweets)
    site_issues = normalise_table(issues, ISSUE_COLUMNS, ["source_file", "line_no", "severity", "message"])
    site_files = normalise_table(files, FILE_COLUMNS, ["source_file", "format"])
    totals = totals or totals_of(shown.events, shown.records, site_issues, site_files, shown.threads)
    data = shown.data
    if len(shown.records) < totals.events:
        data = {**data, "partial": {"shown": len(shown.records), "total": totals.events}}
    return Site(
        events=shown.events,
        records=shown.records,
        issues=site_issues,
        files=site_files,
        threads=shown.threads,
        tweets=shown.tweets,
        ingested_at=ingested_at,
        data=data,
        thread_list=shown.thread_list,
        totals=totals,
        counts=counts,
    )


def thread_list(records: list[dict[str, Any]], threads: pd.DataFrame, tweets: pd.DataFrame) -> list[dict[str, Any]]:
    """Every thread with `tweets` in order, each tweet with its `events` (`records`). Threads and tweets come
    from their (normalised) tables when given, else from the events (the page writer works from events alone)."""
    by_tweet: dict[Any, list[dict[str, Any]]] = {}
    for r in records:
        by_tweet.setdefault(r["tweet_id"], []).append(r)
    by_thread: dict[Any, dict[str, Any]] = {t["thread_id"]: {**t, "tweets": {}} for t in row_dicts(threads)}
    for r in records:  # threads and tweets the tables did not give
        t = by_thread.setdefault(
            r["thread_id"],
            {"thread_id": r["thread_id"], "source_file": r["source_file"], "thread_seq": r["thread_seq"],
             "author": r["author"], "posted_at": None, "posted_source": None, "url": None, "tweet_count": None,
             "tweets": {}},
        )  # fmt: skip
        t["tweets"].setdefault(
            r["tweet_id"],
            {"tweet_id": r["tweet_id"], "position": r["position"], "text": r["text"], "author": r["author"],
             "declared_total": None, "created_at": None},
        )  # fmt: skip
    for tw in row_dicts(tweets):
        if tw["thread_id"] in by_thread:
            by_thread[tw["thread_id"]]["tweets"][tw["tweet_id"]] = dict(tw)
    out = []
    for t in by_thread.values():
        ordered = sorted(t["tweets"].values(), key=lambda tw: (tw["position"] if tw["position"] is not None else 0, str(tw["tweet_id"])))
        out.append({**t, "tweets": [{**tw, "events": by_tweet.get(tw["tweet_id"], [])} for tw in ordered]})
    out.sort(key=lambda t: (t["source_file"] or "", t["thread_seq"] if t["thread_seq"] is not None else 0, str(t["thread_id"])))
    return out


def totals_of(events: pd.DataFrame, records: list[dict[str, Any]], issues: pd.DataFrame, files: pd.DataFrame, threads: pd.DataFrame) -> Totals:
    """The totals when the tables given are the whole database: tweets from the files table when it
    counts them, else the events' tweets; threads from their table, else the events'."""
    tweet_counts = [v for v in files["tweets"] if not is_null(v)]
    dates = [r["event_date"] for r in records if on_timeline(r)]
    severities = [(s or "") for s in issues["severity"]]
    return Totals(
        events=len(records),
        undated=sum(1 for r in records if r["event_date"] is None),
        tweets=int(sum(float(v) for v in tweet_counts)) if tweet_counts else len({r["tweet_id"] for r in records if r["tweet_id"]}),
        threads=len(threads) or len({r["thread_id"] for r in records if r["thread_id"]}),
        files=len(files),
        issues=len(issues),
        errors=severities.count("error"),
        warnings=severities.count("warning"),
        countries=len({c for c in events["country"] if c is not None}),
        first_day=min(dates) if dates else None,
        last_day=max(dates) if dates else None,
    )
