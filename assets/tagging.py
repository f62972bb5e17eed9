"""Tweets → events (dated, typed) with their date mentions → the countries each event concerns."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.common import partition_keys, table_result, table_spec
from orchestration.partitions import thread_files_partitions
from threadline.schema import DATE_MENTIONS, EVENT_COUNTRIES, EVENTS
from threadline.store import frame, query_records, replace_rows
from threadline.tagging import country_rows, event_rows

TAGGING_GROUP = "tagging"

# A tweet is dated against its own posting day when the file gives one, else its thread's.
TWEETS_TO_TAG = """
    SELECT tw.tweet_id, tw.thread_id, tw.source_file, tw.text,
           coalesce(CAST(tw.created_at AS DATE), CAST(th.posted_at AS DATE)) AS anchor
    FROM tweets tw JOIN threads th USING (thread_id)
    WHERE tw.source_file IN (SELECT unnest(?::VARCHAR[]))
    ORDER BY tw.source_file, th.thread_seq, tw.position
"""

EVENTS_TO_PLACE = """
    SELECT e.event_id, e.thread_id, e.source_file, e.event_date, tw.text
    FROM events e JOIN tweets tw USING (tweet_id)
    WHERE e.source_file IN (SELECT unnest(?::VARCHAR[]))
    ORDER BY e.event_id
"""


@dg.multi_asset(
    specs=[
        table_spec(EVENTS, TAGGING_GROUP, ["tweets", "threads"], thread_files_partitions),
        table_spec(DATE_MENTIONS, TAGGING_GROUP, ["tweets"], thread_files_partitions),
    ],
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool="duckdb_writes",
)
def dated_events(context: dg.AssetExecutionContext, duckdb: DuckDBResource):
    """One event per tweet, dated by the day its text names or else the day it was posted, and typed."""
    keys = partition_keys(context)
    with duckdb.get_connection() as con:
        tweets = query_records(con, TWEETS_TO_TAG, [keys])
        rows = event_rows(tweets)
        replace_rows(con, keys, rows)
    yield table_result(
        EVENTS, frame(EVENTS, rows[EVENTS]), keys,
        {"tweet_id": ("tweets", "tweet_id"), "thread_id": ("tweets", "thread_id"), "source_file": ("tweets", "source_file")},
    )
    yield table_result(
        DATE_MENTIONS, frame(DATE_MENTIONS, rows[DATE_MENTIONS]), keys,
        {"tweet_id": ("tweets", "tweet_id"), "source_file": ("tweets", "source_file")},
    )


@dg.multi_asset(
    specs=[table_spec(EVENT_COUNTRIES, TAGGING_GROUP, ["events", "tweets"], thread_files_partitions)],
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool="duckdb_writes",
)
def event_countries(context: dg.AssetExecutionContext, duckdb: DuckDBResource) -> dg.MaterializeResult:
    """The countries each event's tweet names (explicit) and those its thread names (inherited)."""
    keys = partition_keys(context)
    with duckdb.get_connection() as con:
        events = query_records(con, EVENTS_TO_PLACE, [keys])
        rows = country_rows(events)
        replace_rows(con, keys, {EVENT_COUNTRIES: rows})
    return table_result(EVENT_COUNTRIES, frame(EVENT_COUNTRIES, rows), keys,
                        {"event_id": ("events", "event_id"), "source_file": ("events", "source_file")})
