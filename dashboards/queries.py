"""The SQL that reads the tables for the pages, bounded whatever the database holds.

Every count the pages chart comes from GROUP BY queries over all the rows (`counts.Counts`; cheap
on a small database). Up to `limits.DETAIL_EVENTS` events the pages also get every row, as they
always did; beyond, the rows of the newest threads only (their events, threads and tweets,
DETAIL_EVENTS events at most). Issues and files: the first TABLE_ROWS. Nothing here loads a large
table whole.

Queries run through `query(sql, params) -> DataFrame`, which the caller passes in (the asset hands
over its DuckDB connection), so this package imports no database driver. Every column is named:
the tables may gain columns.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Callable, Sequence

import pandas as pd

from dashboards.comentions import heatmap_countries
from dashboards.counts import COUNTRY_COUNT_COLUMNS, PAIR_COUNT_COLUMNS, Counts, Totals, totals_from_row
from dashboards.limits import DETAIL_EVENTS, ISSUE_FILES_SHOWN, ISSUE_KINDS_SHOWN, QUALITY_FILES_SHOWN, TABLE_ROWS
from dashboards.prep import TIMELINE_PRECISIONS, WEEKLY_PRECISIONS, row_dicts

Query = Callable[[str, Sequence[object]], pd.DataFrame]

# Every counting query starts from `ev`: $1 the precisions placed on the timeline, $2 those counted by
# week (an unknown precision counts as both, as on the pages). event_countries holds one row per
# (event, country) (threadline.tagging writes each pair once), so its rows are counted as they are.
_EVENTS = """
WITH ev AS (
    SELECT event_id, thread_id, source_file, event_date, date_source,
           event_date IS NOT NULL AND (nullif(lower(trim(date_precision)), '') IS NULL
               OR list_contains($1::VARCHAR[], lower(trim(date_precision)))) AS placed,
           event_date IS NOT NULL AND (nullif(lower(trim(date_precision)), '') IS NULL
               OR list_contains($2::VARCHAR[], lower(trim(date_precision)))) AS counted
    FROM events
)
"""
_EVENT_PARAMS: tuple[object, ...] = (sorted(TIMELINE_PRECISIONS), sorted(WEEKLY_PRECISIONS))
_NAMED = "how IS DISTINCT FROM 'inherited'"  # the tweet names the country (as on the pages: anything not inherited)

TOTALS = _EVENTS + """
SELECT count(*) AS events,
       count(*) FILTER (WHERE event_date IS NULL) AS undated,
       min(event_date) FILTER (WHERE placed) AS first_day,
       max(event_date) FILTER (WHERE placed) AS last_day,
       (SELECT count(*) FROM tweets) AS tweets,
       (SELECT count(*) FROM threads) AS threads,
       (SELECT count(*) FROM source_files) AS files,
       (SELECT count(*) FROM ingest_issues) AS issues,
       (SELECT count(*) FROM ingest_issues WHERE severity = 'error') AS errors,
       (SELECT count(*) FROM ingest_issues WHERE severity = 'warning') AS warnings,
       (SELECT count(DISTINCT country) FROM event_countries) AS countries
FROM ev
"""

COUNTRY_COUNTS = f"""
SELECT country, count(*) FILTER (WHERE {_NAMED}) AS explicit, count(*) FILTER (WHERE NOT ({_NAMED})) AS inherited
FROM event_countries WHERE country IS NOT NULL GROUP BY country ORDER BY country
"""
# Events per day and country named in the tweet (the charts leave inherited countries out until asked,
# and at this size always); an event that concerns no country at all counts under NULL. One outer join
# (the events hashed, the countries streamed past them), filtered after it: an event whose countries
# are all inherited drops out, one with none keeps its NULL row.
DAY_COUNTS = _EVENTS + f"""
SELECT ev.event_date AS day, ec.country, count(*) AS events
FROM ev LEFT JOIN event_countries ec ON ec.event_id = ev.event_id
WHERE ev.counted AND (ec.event_id IS NULL OR ec.{_NAMED})
GROUP BY ALL ORDER BY day, country NULLS LAST
"""
WEEK_COUNTS = _EVENTS + """
SELECT date_trunc('week', event_date)::DATE AS week, count(*) AS events FROM ev WHERE counted GROUP BY ALL ORDER BY week
"""
# Events naming both countries of a pair among $1 (the heatmap's): in the tweet, or anywhere in the
# thread (inherited too). Each event's countries among them become two bit masks, the masks are
# counted, and each distinct mask adds its events to the pairs it holds: no join of rows with rows.
PAIR_COUNTS = f"""
WITH top AS (SELECT unnest($1::VARCHAR[]) AS country, generate_subscripts($1::VARCHAR[], 1) - 1 AS bit),
masks AS (
    SELECT bit_or(CASE WHEN ec.{_NAMED} THEN 1::UBIGINT << top.bit ELSE 0::UBIGINT END) AS tweet,
           bit_or(1::UBIGINT << top.bit) AS thread
    FROM event_countries ec JOIN top ON top.country = ec.country GROUP BY ec.event_id
), mask_counts AS (
    SELECT tweet, thread, count(*) AS events FROM masks GROUP BY ALL
)
SELECT a.country AS a, b.country AS b,
       coalesce(sum(events) FILTER (WHERE (tweet >> a.bit) & 1 = 1 AND (tweet >> b.bit) & 1 = 1), 0) AS tweet,
       coalesce(sum(events) FILTER (WHERE (thread >> a.bit) & 1 = 1 AND (thread >> b.bit) & 1 = 1), 0) AS thread
FROM mask_counts, top a, top b WHERE a.bit < b.bit
GROUP BY ALL ORDER BY a, b
"""
OFFICIAL_COUNTS = f"""
SELECT country, surface, count(DISTINCT event_id) AS events FROM event_countries
WHERE kind = 'official' AND {_NAMED} AND country IS NOT NULL AND nullif(trim(surface), '') IS NOT NULL
GROUP BY ALL ORDER BY country, surface
"""
# Events per file and date source (NULL: undated) for the files the quality page lists ($3 of them,
# by name) and the busiest ($4), which its chart shows.
FILE_DATE_COUNTS = _EVENTS + """
, per_file AS (
    SELECT source_file, CASE WHEN event_date IS NULL THEN NULL ELSE date_source END AS date_source, count(*) AS events
    FROM ev GROUP BY ALL
), chosen AS (
    (SELECT source_file FROM source_files ORDER BY source_file LIMIT $3)
    UNION
    (SELECT source_file FROM per_file GROUP BY source_file ORDER BY sum(events) DESC, source_file LIMIT $4)
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

# The newest threads (by their latest event date; undated last) whose events add up to $1 at most.
NEWEST_THREADS = """
WITH per_thread AS (
    SELECT thread_id, max(event_date) AS last_day, count(*) AS events FROM events GROUP BY thread_id
), running AS (
    SELECT thread_id, sum(events) OVER (ORDER BY last_day DESC NULLS LAST, thread_id DESC
                                        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS total
    FROM per_thread
)
SELECT thread_id FROM running WHERE total <= $1 ORDER BY thread_id
"""

# The rows the pages draw one by one: every row, or ({where}) those of the threads in $1 only. Then
# ({countries}) an event keeps the countries its tweet names, and its inherited ones only when it names
# none: a thread naming thirty countries would otherwise give each of its tweets thirty rows.
_IN_THREADS = "WHERE thread_id IN (SELECT unnest($1::VARCHAR[]))"
_ALL_COUNTRIES = "ec AS (SELECT event_id, country, how, surface, kind FROM event_countries)"
_NAMED_FIRST = f"""named AS (
    SELECT event_id, country, how, surface, kind FROM event_countries WHERE {_NAMED} AND event_id IN (SELECT event_id FROM e)
), unnamed AS (
    SELECT event_id FROM e WHERE event_id NOT IN (SELECT event_id FROM named)
), inherited AS (
    SELECT event_id, country, how, surface, kind FROM event_countries WHERE event_id IN (SELECT event_id FROM unnamed)
), ec AS (
    SELECT event_id, country, how, surface, kind FROM named UNION ALL SELECT event_id, country, how, surface, kind FROM inherited
)"""
# One row per (event, country); an event with no country keeps one row with country NULL.
EVENT_ROWS = """
WITH e AS (
    SELECT event_id, tweet_id, thread_id, source_file, event_date, date_precision, date_source, date_text, event_type
    FROM events {where}
), tw AS (
    SELECT tweet_id, position, author, status_id, text FROM tweets {where}
), th AS (
    SELECT thread_id, thread_seq, author, url FROM threads {where}
), {countries}
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
THREAD_ROWS = "SELECT thread_id, source_file, thread_seq, author, posted_at, posted_source, url, tweet_count FROM threads {where}"
TWEET_ROWS = "SELECT tweet_id, thread_id, source_file, position, declared_total, text, author, created_at FROM tweets {where}"
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


def read_totals(query: Query) -> Totals:
    return totals_from_row(row_dicts(query(TOTALS, _EVENT_PARAMS))[0])


def newest_threads(query: Query, events: int = DETAIL_EVENTS) -> list[str]:
    return [str(t) for t in query(NEWEST_THREADS, (events,))["thread_id"]]


def _rows_of(sql: str, thread_ids: list[str] | None) -> tuple[str, tuple[object, ...]]:
    """A row query for every thread (None) or for `thread_ids` only, naming countries first."""
    if thread_ids is None:
        return sql.format(where="", countries=_ALL_COUNTRIES), ()
    return sql.format(where=_IN_THREADS, countries=_NAMED_FIRST), (thread_ids,)


def read_rows(query: Query, thread_ids: list[str] | None, country_name: Callable[[str], str | None]) -> dict[str, pd.DataFrame]:
    """The events (with their countries' names), threads and tweets of `thread_ids` (None: all)."""
    events = query(*_rows_of(EVENT_ROWS, thread_ids))
    events.insert(events.columns.get_loc("country") + 1, "country_name", events["country"].map(country_name, na_action="ignore"))
    return {"events": events, "threads": query(*_rows_of(THREAD_ROWS, thread_ids)), "tweets": query(*_rows_of(TWEET_ROWS, thread_ids))}


def read_counts(query: Query, country_name: Callable[[str], str | None]) -> Counts:
    countries = query(COUNTRY_COUNTS, ())
    countries.insert(1, "country_name", countries["country"].map(country_name, na_action="ignore"))
    codes = heatmap_countries(Counter({str(c): int(n) for c, n in zip(countries["country"], countries["explicit"])}))
    return Counts(
        countries=countries.reindex(columns=COUNTRY_COUNT_COLUMNS),
        days=query(DAY_COUNTS, _EVENT_PARAMS),
        weeks=query(WEEK_COUNTS, _EVENT_PARAMS),
        pairs=query(PAIR_COUNTS, (codes,)) if len(codes) > 1 else pd.DataFrame(columns=PAIR_COUNT_COLUMNS),
        officials=query(OFFICIAL_COUNTS, ()),
        file_dates=query(FILE_DATE_COUNTS, (*_EVENT_PARAMS, TABLE_ROWS, QUALITY_FILES_SHOWN)),
        issue_kinds=query(ISSUE_KINDS, (ISSUE_KINDS_SHOWN,)),
        issue_files=query(ISSUE_FILES, (ISSUE_FILES_SHOWN,)),
    )


def read_site_tables(query: Query, country_name: Callable[[str], str | None], detail_events: int = DETAIL_EVENTS) -> SiteTables:
    """Everything the pages need, bounded: the totals and counts over every event, and every row up to
    `detail_events` events, else the newest threads' rows."""
    totals = read_totals(query)
    partial = totals.events > detail_events
    rows = read_rows(query, newest_threads(query, detail_events) if partial else None, country_name)
    return SiteTables(
        issues=query(ISSUE_ROWS, (TABLE_ROWS,)),
        files=query(FILE_ROWS, (TABLE_ROWS,)),
        totals=totals,
        counts=read_counts(query, country_name),
        **rows,
    )
