"""Everything the pages are drawn from, normalised once: the events (one row per event and country,
and one record per event), the side tables, the client data for the filters, and the summary
figures several pages show."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import pandas as pd

from dashboards.figures import on_timeline
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
    normalise_events,
    normalise_table,
)
from dashboards.style import UNLABELLED_TYPE, event_type_colours


@dataclass(frozen=True)
class Site:
    """The inputs of every page, normalised once."""

    events: pd.DataFrame  # one row per (event, country), normalised
    records: list[dict[str, Any]]  # one per event, in the frame's order (prep.event_records)
    issues: pd.DataFrame
    files: pd.DataFrame
    threads: pd.DataFrame
    tweets: pd.DataFrame
    ingested_at: datetime | None
    data: dict[str, Any]  # the client data (prep.client_data)

    # -- lookups several pages share
    @functools.cached_property
    def names(self) -> dict[str | None, str]:
        return country_names(self.events)

    @functools.cached_property
    def lane_index(self) -> dict[str | None, int]:
        """Country -> its place in lane order (Kazakhstan, Ukraine, Russia, then by events)."""
        return {c: i for i, c in enumerate(country_order(self.events))}

    @functools.cached_property
    def event_number(self) -> dict[Any, int]:
        """Event id -> its number in the client data (what table rows carry for the filters)."""
        return {r["event_id"]: i for i, r in enumerate(self.records)}

    # -- summary figures
    @property
    def n_events(self) -> int:
        return len(self.records)

    @property
    def n_undated(self) -> int:
        return sum(1 for r in self.records if r["event_date"] is None)

    @property
    def n_tweets(self) -> int:
        counts = [v for v in self.files["tweets"] if not is_null(v)]
        if counts:
            return int(sum(float(v) for v in counts))
        return len({r["tweet_id"] for r in self.records if r["tweet_id"]})

    @property
    def n_threads(self) -> int:
        return len(self.threads) or len({r["thread_id"] for r in self.records if r["thread_id"]})

    @property
    def n_countries(self) -> int:
        return len({c for c in self.events["country"] if c is not None})

    @property
    def n_errors(self) -> int:
        return sum(1 for s in self.issues["severity"] if (s or "") == "error")

    @property
    def date_range(self) -> str:
        dates = [r["event_date"] for r in self.records if on_timeline(r)]
        if not dates:
            return "—"
        first, last = min(dates), max(dates)
        return day_label(first) if first == last else f"{day_label(first)} – {day_label(last)}"

    @property
    def ingested(self) -> str:
        if self.ingested_at is None:
            return "unknown"
        stamp = self.ingested_at if self.ingested_at.tzinfo else self.ingested_at.replace(tzinfo=timezone.utc)
        return stamp.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

    # -- the threads, each with its tweets in order and their events
    @functools.cached_property
    def thread_list(self) -> list[dict[str, Any]]:
        """Every thread with `tweets` in order, each tweet with its `events`. Threads and tweets come
        from their tables when given, else from the events (the page writer works from events alone)."""
        by_tweet: dict[Any, list[dict[str, Any]]] = {}
        for r in self.records:
            by_tweet.setdefault(r["tweet_id"], []).append(r)
        threads: dict[Any, dict[str, Any]] = {t["thread_id"]: {**t, "tweets": {}} for t in self.threads.to_dict("records")}
        for r in self.records:  # threads and tweets the tables did not give
            t = threads.setdefault(
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
        for tw in self.tweets.to_dict("records"):
            if tw["thread_id"] in threads:
                threads[tw["thread_id"]]["tweets"][tw["tweet_id"]] = dict(tw)
        out = []
        for t in threads.values():
            tweets = sorted(t["tweets"].values(), key=lambda tw: (tw["position"] if tw["position"] is not None else 0, str(tw["tweet_id"])))
            out.append({**t, "tweets": [{**tw, "events": by_tweet.get(tw["tweet_id"], [])} for tw in tweets]})
        out.sort(key=lambda t: (t["source_file"] or "", t["thread_seq"] if t["thread_seq"] is not None else 0, str(t["thread_id"])))
        return out


def load_site(
    events: pd.DataFrame | None,
    issues: pd.DataFrame | None,
    files: pd.DataFrame | None,
    threads: pd.DataFrame | None = None,
    tweets: pd.DataFrame | None = None,
    ingested_at: datetime | None = None,
) -> Site:
    df = normalise_events(events)
    types = [r["event_type"] or UNLABELLED_TYPE for r in df.to_dict("records")]
    return Site(
        events=df,
        records=event_records(df),
        issues=normalise_table(issues, ISSUE_COLUMNS, ["source_file", "line_no", "severity", "message"]),
        files=normalise_table(files, FILE_COLUMNS, ["source_file", "format"]),
        threads=normalise_table(threads, THREAD_COLUMNS, ["source_file", "thread_seq", "thread_id"]),
        tweets=normalise_table(tweets, TWEET_COLUMNS, ["thread_id", "position", "tweet_id"]),
        ingested_at=ingested_at,
        data=client_data(df, event_type_colours(types)),
    )
