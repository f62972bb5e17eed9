"""The SQL that reads the tables for the pages, bounded whatever the database holds.

Every count the pages chart comes from GROUP BY queries over all the rows (`counts.Counts`; cheap
on a small database). Up to `limits.DETAIL_EVENTS` events the pages also get every row, as they
always did; beyond, the rows of the newest threads only (their events, threads and tweets,
DETAIL_EVENTS events at most). Issues and files: the first TABLE_ROWS. Nothing here loads a large
table whole.

Queries run through `query(sql, params) -> DataFrame`, which the caller passes in (the asset hands
over its DuckDB connection), so this package imports no database driver. Every column is named:
the tables may gain columns.

How a million events (ten million event_countries rows) stay quick to count:

- Only the countries a tweet names are joined to their events (a fifth of event_countries). A tweet
  inherits every country another tweet of its thread names (threadline.staged derives the rows so;
  tests/assets/test_dashboard_asset checks the pipeline still does): an event's countries, named or
  inherited, are its thread's named ones, and an event has no country row exactly when its thread
  names none. So what the charts count over inherited countries (pairs in the same thread, events with
  no country, the countries a shown event inherits) is worked out per thread from the named rows. Only
  the country counts read the inherited rows, without joining them.
- That join runs once (named_rows) and hands over integers only (an event number, a thread number, a
  day number, a country number), which dashboards.tally counts with numpy: grouping two million rows in
  DuckDB would cost more than reading them. The numpy and Python work runs in a thread while DuckDB
  goes on with the next query (read_site_tables).
- Filters are plain comparisons with constants (`how = 'inherited'`, the precisions as stored), which
  DuckDB tests on the compressed columns; long text (tweets) is read by rowid for the rows shown only.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Callable, Iterator, Sequence

import numpy as np
import pandas as pd

from dashboards import tally
from dashboards.comentions import heatmap_countries
from dashboards.counts import COUNTRY_COUNT_COLUMNS, PAIR_COUNT_COLUMNS, Counts, Totals, totals_from_row
from dashboards.limits import DETAIL_EVENTS, ISSUE_FILES_SHOWN, ISSUE_KINDS_SHOWN, QUALITY_FILES_SHOWN, TABLE_ROWS
from dashboards.prep import TIMELINE_PRECISIONS, WEEKLY_PRECISIONS, clean_precision, row_dicts
from dashboards.site import Shown, shown_rows
from threadline.collector import collector_paused

Query = Callable[[str, Sequence[object]], pd.DataFrame]

# The countries a tweet names: anything not inherited (as on the pages).
_NAMED = "(how <> 'inherited' OR how IS NULL)"


def _precision_in(param: str) -> str:
    """`param` is the list of date_precision values, as stored, that place an event on the timeline or
    count it by week (`Precisions`); an unknown precision does both, as on the pages."""
    return f"(date_precision IS NULL OR list_contains({param}::VARCHAR[], date_precision))"


PRECISIONS = "SELECT DISTINCT date_precision AS precision FROM events WHERE date_precision IS NOT NULL"

# Whether the tables are tables, with rowids (not views over Parquet: threadline.parquet_store).
TABLES_WITH_ROWIDS = """
SELECT count(*) = 3 AS tables FROM information_schema.tables
WHERE table_name IN ('events', 'event_countries', 'tweets') AND table_type = 'BASE TABLE' AND table_schema = 'main'
"""


def _row_number(alias: str, by_rowid: bool) -> str:
    """A number for each row of `alias`: its rowid, or (views have none) its place in the scan."""
    return f"{alias}.rowid" if by_rowid else "row_number() OVER ()"

TOTALS = f"""
SELECT count(*) AS events,
       count(*) - count(event_date) AS undated,
       min(event_date) FILTER (WHERE {_precision_in('$1')}) AS first_day,
       max(event_date) FILTER (WHERE {_precision_in('$1')}) AS last_day,
       (SELECT count(*) FROM tweets) AS tweets,
       (SELECT count(*) FROM threads) AS threads,
       (SELECT count(*) FROM source_files) AS files,
       (SELECT count(*) FROM ingest_issues) AS issues,
       (SELECT count(*) FROM ingest_issues WHERE severity = 'error') AS errors,
       (SELECT count(*) FROM ingest_issues WHERE severity = 'warning') AS warnings
FROM events
"""

# event_countries holds one row per (event, country) (threadline.tagging and threadline.staged write each pair once), so
# its rows are counted as they are.
COUNTRY_COUNTS = """
SELECT country, count(*) - count(*) FILTER (WHERE how = 'inherited') AS explicit, count(*) FILTER (WHERE how = 'inherited') AS inherited
FROM event_countries WHERE country IS NOT NULL GROUP BY country ORDER BY country
"""

# Every thread once: a number `t` (from 1) to join on, its latest day and its events.
THREAD_TABLE = """
CREATE OR REPLACE TEMP TABLE dashboard_threads AS
SELECT thread_id, row_number() OVER () AS t, max(event_date) AS last_day, count(*) AS events
FROM events GROUP BY thread_id
"""
THREAD_SIZES = "SELECT t, events FROM dashboard_threads"
# Every country a tweet names (the rows tally.py counts), as integers (two million rows cost less to hand
# over so): `event`, a number per event; `thread`, its thread's `t`; `day`, the event's date in days since
# 1970 when it counts by week ($2 the precisions that do), else tally.NOT_COUNTED; and `country`, 1 + its
# index in $1 (every country, sorted), 0 for none.
def named_rows(by_rowid: bool) -> str:
    return f"""
WITH ev AS (
    SELECT e.event_id, {_row_number("e", by_rowid)}::INTEGER AS event, th.t::INTEGER AS thread,
           CASE WHEN e.event_date IS NOT NULL AND {_precision_in('$2')}
                THEN (e.event_date - DATE '1970-01-01')::INTEGER ELSE {tally.NOT_COUNTED} END AS day
    FROM events e JOIN dashboard_threads th ON th.thread_id IS NOT DISTINCT FROM e.thread_id
), numbered AS (
    SELECT unnest($1::VARCHAR[]) AS country, generate_subscripts($1::VARCHAR[], 1)::SMALLINT AS number
)
SELECT ev.event, ev.thread, ev.day, coalesce(numbered.number, 0)::SMALLINT AS country
FROM event_countries ec JOIN ev ON ev.event_id = ec.event_id LEFT JOIN numbered ON numbered.country = ec.country
WHERE ec.how <> 'inherited' OR ec.how IS NULL
"""


# Events per day (counted by week: $2) of the threads $1 that name no country: their events concern
# none (see the module docstring).
COUNTRYLESS_DAYS = f"""
SELECT e.event_date AS day, count(*) AS events
FROM events e JOIN dashboard_threads th ON th.thread_id IS NOT DISTINCT FROM e.thread_id
WHERE th.t IN (SELECT unnest($1::BIGINT[])) AND e.event_date IS NOT NULL AND {_precision_in('$2')}
GROUP BY ALL ORDER BY day
"""
WEEK_COUNTS = f"""
SELECT date_trunc('week', event_date)::DATE AS week, count(*) AS events FROM events
WHERE event_date IS NOT NULL AND {_precision_in('$1')} GROUP BY ALL ORDER BY week
"""
# Officials, counted once per event: an event names a country once, so through one official at most.
# Blank words are left out after grouping: trimmed once per distinct words, not once per row.
OFFICIAL_COUNTS = f"""
SELECT country, surface, events FROM (
    SELECT country, surface, count(*) AS events FROM event_countries
    WHERE kind = 'official' AND {_NAMED} AND country IS NOT NULL AND surface IS NOT NULL
    GROUP BY ALL
) WHERE trim(surface) <> ''
ORDER BY country, surface
"""
# Events per file and date source (NULL: undated) for the files the quality page lists ($1 of them,
# by name) and the busiest ($2), which its chart shows.
FILE_DATE_COUNTS = """
WITH per_file AS (
    SELECT source_file, CASE WHEN event_date IS NULL THEN NULL ELSE date_source END AS date_source, count(*) AS events
    FROM events GROUP BY ALL
), chosen AS (
    (SELECT source_file FROM source_files ORDER BY source_file LIMIT $1)
    UNION
    (SELECT source_file FROM per_file GROUP BY source_file ORDER BY sum(events) DESC, source_file LIMIT $2)
)
SELECT source_file, date_source, events FROM per_file WHERE source_file IN (SELECT source_file FROM chosen)
ORDER BY source_file, date_source NULLS LAST
"""
# Issues by kind: the message with its numbers taken out ('numbering jumps from N/N to N/N').
ISSUE_KINDS = """
SELECT severity, regexp_replace(message, '[0-9]+', 'N', 'g') AS kind, count(*) AS issues,
       count(DISTINCT source_file) AS files, min(message) AS example
FROM ingest_issues GROUP BY ALL ORDER BY issues DESC, severity, kind LIMIT $1
"""
ISSUE_FILES = """
SELECT source_file, count(*) AS issues, count(*) FILTER (WHERE severity = 'error') AS errors
FROM ingest_issues GROUP BY ALL ORDER BY issues DESC, source_file LIMIT $1
"""

THREAD_EVENTS = "SELECT coalesce(sum(events), 0) AS events FROM dashboard_threads"
# The newest threads (by their latest event date; undated last) whose events add up to $1 at most.
NEWEST_THREADS = """
WITH newest AS (  -- a thread has one event at least: $1 threads are all that can fit
    SELECT thread_id, t, events, last_day FROM dashboard_threads ORDER BY last_day DESC NULLS LAST, thread_id DESC LIMIT $1
), running AS (
    SELECT thread_id, t, sum(events) OVER (ORDER BY last_day DESC NULLS LAST, thread_id DESC
                                        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS total
    FROM newest
)
SELECT thread_id, t FROM running WHERE total <= $1 ORDER BY thread_id
"""

# The rows the pages draw one by one, one per (event, country) (an event with no country keeps one
# row with country NULL): every row, or those of the threads in $1 only.
_ROWS = """
SELECT e.event_id, e.tweet_id, e.thread_id, e.source_file, th.thread_seq, tw.position,
       coalesce(tw.author, th.author) AS author,
       CASE WHEN tw.status_id IS NOT NULL AND coalesce(tw.author, th.author) IS NOT NULL
            THEN 'https://x.com/' || coalesce(tw.author, th.author) || '/status/' || tw.status_id
            ELSE th.url END AS url,
       tw.text, e.event_date, e.date_precision, e.date_source, e.date_text, e.event_type,
       ec.country, ec.how, ec.surface, ec.kind
FROM e
JOIN tw ON tw.tweet_id = e.tweet_id
JOIN th ON th.thread_id = e.thread_id
LEFT JOIN ec ON ec.event_id = e.event_id
"""
_EVENT_COLUMNS = "event_id, tweet_id, thread_id, source_file, event_date, date_precision, date_source, date_text, event_type"
ALL_EVENT_ROWS = f"""
WITH e AS (SELECT {_EVENT_COLUMNS} FROM events),
tw AS (SELECT tweet_id, position, author, status_id, text FROM tweets),
th AS (SELECT thread_id, thread_seq, author, url FROM threads),
ec AS (SELECT event_id, country, how, surface, kind FROM event_countries)
""" + _ROWS
# The rows of the threads $1. Tables (not views over Parquet, which have no rowid) are read in two
# passes: the rows' rowids by their thread ids, then the rows by rowid, so that the long columns (a
# tweet's text) are read for those rows only. An event keeps the countries its tweet names, and its
# inherited ones (its thread's named countries) only when it names none: a thread naming thirty
# countries would otherwise give each of its tweets thirty rows.
_IN_THREADS = "thread_id IN (SELECT unnest($1::VARCHAR[]))"
_TWEET_COLUMNS = "tweet_id, thread_id, source_file, position, declared_total, text, author, created_at"


def _rows_in_threads(table: str, columns: str, by_rowid: bool) -> str:
    """`columns` of the rows of `table` in the threads $1."""
    if by_rowid:
        return f"SELECT {columns} FROM {table} SEMI JOIN (SELECT rowid AS r FROM {table} WHERE {_IN_THREADS}) ON {table}.rowid = r"
    return f"SELECT {columns} FROM {table} WHERE {_IN_THREADS}"


def thread_tweets_table(by_rowid: bool) -> str:
    """The tweets of the threads $1, read once for the events and for the thread explorer."""
    return f"CREATE OR REPLACE TEMP TABLE dashboard_tweets AS {_rows_in_threads('tweets', _TWEET_COLUMNS + ', status_id', by_rowid)}"


def thread_event_rows(by_rowid: bool) -> str:
    """The events of the threads $1, one row per (event, country) as _ROWS (after thread_tweets_table)."""
    named = f"SELECT event_id, country, how, surface, kind FROM event_countries WHERE {_NAMED} AND event_id IN (SELECT event_id FROM e)"
    return f"""
WITH e AS MATERIALIZED ({_rows_in_threads("events", _EVENT_COLUMNS, by_rowid)}),
tw AS (SELECT tweet_id, position, author, status_id, text FROM dashboard_tweets),
th AS MATERIALIZED (SELECT thread_id, thread_seq, author, url FROM threads WHERE {_IN_THREADS}),
named AS MATERIALIZED ({named}),
inherited AS (
    SELECT e.event_id, n.country, 'inherited' AS how, NULL AS surface, NULL AS kind
    FROM e JOIN (SELECT DISTINCT e.thread_id, named.country FROM named JOIN e USING (event_id) WHERE named.country IS NOT NULL) n
         USING (thread_id)
    WHERE e.event_id NOT IN (SELECT event_id FROM named)
), ec AS (
    SELECT event_id, country, how, surface, kind FROM named UNION ALL SELECT event_id, country, how, surface, kind FROM inherited
)
""" + _ROWS


THREAD_ROWS = "SELECT thread_id, source_file, thread_seq, author, posted_at, posted_source, url, tweet_count FROM threads"
TWEET_ROWS = f"SELECT {_TWEET_COLUMNS} FROM tweets"
ISSUE_ROWS = (
    "SELECT source_file, line_no, severity, message FROM ingest_issues ORDER BY source_file, line_no NULLS FIRST, message LIMIT $1"
)
FILE_ROWS = "SELECT source_file, format, size_bytes, threads, tweets, issues FROM source_files ORDER BY source_file LIMIT $1"


@dataclass(frozen=True)
class SiteTables:
    """What `pages.write_site` draws from: the rows shown one by one, the totals, and (when the rows are
    not all the events) the counts over every event."""

    events: pd.DataFrame
    issues: pd.DataFrame
    files: pd.DataFrame
    threads: pd.DataFrame
    tweets: pd.DataFrame
    totals: Totals
    counts: Counts | None
    shown: Shown | None = None  # events, threads and tweets ready for the pages (site.shown_rows)


@dataclass(frozen=True)
class Precisions:
    """The date_precision values as stored that place an event on the timeline / count it by week, read
    as the pages read them (prep.clean_precision): the queries then compare the column with constants."""

    placed: list[str]
    counted: list[str]


def read_precisions(query: Query) -> Precisions:
    stored = [str(p) for p in query(PRECISIONS, ())["precision"]]
    read = {p: clean_precision(p) for p in stored}
    return Precisions(
        placed=sorted(p for p, r in read.items() if r is None or r in TIMELINE_PRECISIONS),
        counted=sorted(p for p, r in read.items() if r is None or r in WEEKLY_PRECISIONS),
    )


def read_country_counts(query: Query, country_name: Callable[[str], str | None]) -> pd.DataFrame:
    """Events per country: named in the tweet / only inherited (COUNTRY_COUNT_COLUMNS), by code."""
    countries = query(COUNTRY_COUNTS, ())
    countries.insert(1, "country_name", countries["country"].map(country_name, na_action="ignore"))
    return countries.reindex(columns=COUNTRY_COUNT_COLUMNS)


TEMP_TABLES = ("dashboard_threads",)


@contextmanager
def temp_tables(query: Query) -> Iterator[None]:
    """THREAD_TABLE, which the named rows, the countryless days and the newest threads read; every
    temporary table dropped after."""
    try:
        query(THREAD_TABLE, ())
        yield
    finally:
        for table in TEMP_TABLES:
            query(f"DROP TABLE IF EXISTS temp.{table}", ())


def newest_threads(query: Query, events: int = DETAIL_EVENTS) -> pd.DataFrame | None:
    """The newest threads whose events add up to `events` at most: thread_id, t (within `temp_tables`);
    None when every event fits."""
    if int(query(THREAD_EVENTS, ())["events"].iloc[0]) <= events:
        return None
    return query(NEWEST_THREADS, (events,))


def read_rows(query: Query, threads: pd.DataFrame | None, by_rowid: bool, country_name: Callable[[str], str | None]) -> dict[str, pd.DataFrame]:
    """The events (with their countries' names), threads and tweets of `threads` (None: all; else a
    newest_threads frame)."""
    if threads is None:
        events = query(ALL_EVENT_ROWS, ())
        thread_rows, tweets = query(THREAD_ROWS, ()), query(TWEET_ROWS, ())
    else:
        ids = [str(t) for t in threads["thread_id"]]
        try:
            query(thread_tweets_table(by_rowid), (ids,))
            events = query(thread_event_rows(by_rowid), (ids,))
            thread_rows = query(f"{THREAD_ROWS} WHERE {_IN_THREADS}", (ids,))
            tweets = query(f"SELECT {_TWEET_COLUMNS} FROM dashboard_tweets", ())
        finally:
            query("DROP TABLE IF EXISTS temp.dashboard_tweets", ())
    events.insert(events.columns.get_loc("country") + 1, "country_name", events["country"].map(country_name, na_action="ignore"))
    return {"events": events, "threads": thread_rows, "tweets": tweets}


def read_side_tables(query: Query, precisions: Precisions) -> dict[str, pd.DataFrame]:
    """The counts and rows that need no temporary table and no other result, by name."""
    return {
        "totals": query(TOTALS, (precisions.placed,)),
        "weeks": query(WEEK_COUNTS, (precisions.counted,)),
        "officials": query(OFFICIAL_COUNTS, ()),
        "file_dates": query(FILE_DATE_COUNTS, (TABLE_ROWS, QUALITY_FILES_SHOWN)),
        "issue_kinds": query(ISSUE_KINDS, (ISSUE_KINDS_SHOWN,)),
        "issue_files": query(ISSUE_FILES, (ISSUE_FILES_SHOWN,)),
        "issues": query(ISSUE_ROWS, (TABLE_ROWS,)),
        "files": query(FILE_ROWS, (TABLE_ROWS,)),
    }


@dataclass(frozen=True)
class ThreadCounts:
    """What the named rows are counted with besides themselves: events per thread, and per day for the
    threads that name no country."""

    events: np.ndarray  # thread number -> its events (tally.per_thread)
    countryless: pd.DataFrame  # (day, events): the events of threads naming no country, counted by week


def read_thread_counts(query: Query, named: pd.DataFrame, precisions: Precisions) -> ThreadCounts:
    """ThreadCounts (within `temp_tables`; `named` the named_rows frame)."""
    thread_events = tally.per_thread(query(THREAD_SIZES, ()))
    quiet = tally.quiet_threads(named, len(thread_events) - 1)
    countryless = query(COUNTRYLESS_DAYS, (quiet, precisions.counted)) if quiet else pd.DataFrame(columns=["day", "events"])
    return ThreadCounts(events=thread_events, countryless=countryless)


def named_counts(countries: pd.DataFrame, named: pd.DataFrame, threads: ThreadCounts) -> dict[str, pd.DataFrame]:
    """The counts made from the named rows with numpy, by name (`countries` from read_country_counts):
    no database needed, so they are made while it reads the side tables."""
    codes = [str(c) for c in countries["country"]]
    top = heatmap_countries(Counter(dict(zip(codes, (int(n) for n in countries["explicit"])))))
    return {
        "days": tally.day_counts(named, codes, threads.countryless),
        "pairs": tally.pair_counts(named, codes, top, threads.events) if len(top) > 1 else pd.DataFrame(columns=PAIR_COUNT_COLUMNS),
    }


def read_site_tables(query: Query, country_name: Callable[[str], str | None], detail_events: int = DETAIL_EVENTS) -> SiteTables:
    """Everything the pages need, bounded: the totals and counts over every event, and every row up to
    `detail_events` events, else the newest threads' rows.

    The queries run one at a time: DuckDB spreads each over every core, and two at once on two cores
    cost more processor time than they save (each one's calling thread polls while it waits). The Python
    and numpy work runs in a thread meanwhile, as soon as its rows are read, while DuckDB (which lets go
    of the GIL) reads on: the rows shown are made ready for the pages (site.shown_rows) while the named
    rows are joined, and those are counted while the side tables are read."""
    precisions = read_precisions(query)
    with collector_paused(), ThreadPoolExecutor(max_workers=1) as pool:
        countries = read_country_counts(query, country_name)
        codes = [str(c) for c in countries["country"]]
        by_rowid = bool(query(TABLES_WITH_ROWIDS, ())["tables"].iloc[0])
        with temp_tables(query):
            rows = read_rows(query, newest_threads(query, detail_events), by_rowid, country_name)
            shown = pool.submit(shown_rows, rows["events"], rows["threads"], rows["tweets"])
            named = query(named_rows(by_rowid), (codes, precisions.counted))
            counted = pool.submit(named_counts, countries, named, read_thread_counts(query, named, precisions))
        side = read_side_tables(query, precisions)
        counts = Counts(
            countries=countries,
            weeks=side["weeks"],
            officials=side["officials"],
            file_dates=side["file_dates"],
            issue_kinds=side["issue_kinds"],
            issue_files=side["issue_files"],
            **counted.result(),
        )
        totals = replace(totals_from_row(row_dicts(side["totals"])[0]), countries=len(codes))
        return SiteTables(issues=side["issues"], files=side["files"], totals=totals, counts=counts, shown=shown.result(), **rows)
