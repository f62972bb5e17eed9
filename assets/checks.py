"""Checks that guard the tables; each names the asset it checks."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from threadline.store import ensure_schema


def _violations(duckdb: DuckDBResource, sql: str) -> list[tuple]:
    with duckdb.get_connection() as con:
        ensure_schema(con)
        return con.execute(sql).fetchall()


def _result(rows: list[tuple], what: str) -> dg.AssetCheckResult:
    sample = "\n".join(f"- {', '.join(str(v) for v in row)}" for row in rows[:10])
    return dg.AssetCheckResult(
        passed=not rows,
        metadata={"violations": len(rows), "sample": dg.MetadataValue.md(sample or f"_no {what}_")},
    )


@dg.asset_check(asset="tweets", description="No thread has two different tweets at the same position.")
def tweet_positions_unique(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    rows = _violations(
        duckdb,
        "SELECT thread_id, position, count(*) FROM tweets GROUP BY thread_id, position HAVING count(*) > 1 ORDER BY 1, 2",
    )
    return _result(rows, "repeated positions")


@dg.asset_check(asset="events", description="Every event belongs to a tweet that exists.")
def events_have_tweets(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    rows = _violations(
        duckdb,
        "SELECT e.event_id, e.tweet_id FROM events e ANTI JOIN tweets t USING (tweet_id) ORDER BY 1",
    )
    return _result(rows, "orphan events")


@dg.asset_check(asset="event_countries", description="Every country is an ISO alpha-3 code tagged 'explicit' or 'inherited'.")
def countries_are_alpha3(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    rows = _violations(
        duckdb,
        "SELECT event_id, country, how FROM event_countries "
        "WHERE NOT regexp_full_match(country, '[A-Z]{3}') OR how NOT IN ('explicit', 'inherited') ORDER BY 1",
    )
    return _result(rows, "bad codes")


@dg.asset_check(asset="events", description="Every dated event has a precision and a source for its date.")
def event_dates_explained(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    rows = _violations(
        duckdb,
        "SELECT event_id, event_date FROM events WHERE event_date IS NOT NULL "
        "AND (date_precision IS NULL OR date_source IS NULL) ORDER BY 1",
    )
    return _result(rows, "unexplained dates")
