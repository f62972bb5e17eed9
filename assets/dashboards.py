"""The tables → Plotly dashboard pages, one asset per page, written under TRACKER_OUT."""

from datetime import datetime, timezone

import dagster as dg
from dagster_duckdb import DuckDBResource

import dashboards
from orchestration.resources import DashboardFolder
from threadline.countries import country_name
from threadline.store import ensure_schema, query_frame

DASHBOARDS_GROUP = "dashboards"
PAGES = {page.name: page for page in dashboards.PAGES}
# The table assets whose newest materialization is the last ingestion shown on the pages.
INGESTED_TABLES = ("source_files", "tweets", "events")

# One row per (event, country); an event with no country keeps one row with country NULL.
EVENTS_FOR_PAGES = """
    SELECT e.event_id, e.tweet_id, e.thread_id, e.source_file, th.thread_seq, tw.position,
           coalesce(tw.author, th.author) AS author,
           CASE WHEN tw.status_id IS NOT NULL AND coalesce(tw.author, th.author) IS NOT NULL
                THEN 'https://x.com/' || coalesce(tw.author, th.author) || '/status/' || tw.status_id
                ELSE th.url END AS url,
           tw.text, e.event_date, e.date_precision, e.date_source, e.date_text, e.event_type,
           ec.country, ec.how, ec.surface, ec.kind
    FROM events e
    JOIN tweets tw USING (tweet_id)
    JOIN threads th ON th.thread_id = e.thread_id
    LEFT JOIN event_countries ec USING (event_id)
    ORDER BY e.event_date NULLS LAST, e.event_id, ec.country
"""
ISSUES_FOR_PAGES = "SELECT source_file, line_no, severity, message FROM ingest_issues ORDER BY source_file, line_no NULLS FIRST, message"
FILES_FOR_PAGES = "SELECT source_file, format, size_bytes, threads, tweets, issues FROM source_files ORDER BY source_file"
THREADS_FOR_PAGES = (
    "SELECT thread_id, source_file, thread_seq, author, posted_at, posted_source, url, tweet_count FROM threads ORDER BY thread_id"
)
TWEETS_FOR_PAGES = (
    "SELECT tweet_id, thread_id, source_file, position, declared_total, text, author, created_at FROM tweets ORDER BY tweet_id"
)


def page_key(name: str) -> str:
    return f"{name}_page"


def last_ingestion(instance: dg.DagsterInstance) -> datetime | None:
    """When the tables were last written: the newest materialization of the table assets."""
    latest = instance.get_latest_materialization_events([dg.AssetKey(t) for t in INGESTED_TABLES])
    stamps = [entry.timestamp for entry in latest.values() if entry is not None]
    return datetime.fromtimestamp(max(stamps), tz=timezone.utc) if stamps else None


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key=page_key(name),
            description=f"{page.title} page ({page.file}): {page.blurb}",
            group_name=DASHBOARDS_GROUP,
            deps=["events", "event_countries", "date_mentions", "ingest_issues", "source_files", "threads", "tweets"],
            kinds={"plotly", "html"},
        )
        for name, page in PAGES.items()
    ],
)
def dashboard_pages(context: dg.AssetExecutionContext, duckdb: DuckDBResource, dashboard_folder: DashboardFolder):
    """Draws every dashboard page from the whole database, beside one shared plotly.min.js."""
    with duckdb.get_connection() as con:
        ensure_schema(con)
        events = query_frame(con, EVENTS_FOR_PAGES)
        issues = query_frame(con, ISSUES_FOR_PAGES)
        files = query_frame(con, FILES_FOR_PAGES)
        threads = query_frame(con, THREADS_FOR_PAGES)
        tweets = query_frame(con, TWEETS_FOR_PAGES)
    events.insert(events.columns.get_loc("country") + 1, "country_name", events["country"].map(country_name, na_action="ignore"))
    ingested_at = last_ingestion(context.instance)
    written = dashboards.write_site(
        events, issues, files, dashboard_folder.root, threads=threads, tweets=tweets, ingested_at=ingested_at
    )
    n_events, n_countries = events["event_id"].nunique(), events["country"].nunique()
    when = ingested_at.strftime("%Y-%m-%d %H:%M UTC") if ingested_at else "unknown"
    for name, page in PAGES.items():
        path = written[name]
        yield dg.MaterializeResult(
            asset_key=page_key(name),
            metadata={
                "path": dg.MetadataValue.path(str(path)),
                "url": dg.MetadataValue.url(path.as_uri()),
                "size_bytes": path.stat().st_size,
                "events": n_events,
                "preview": dg.MetadataValue.md(
                    f"**{page.title}**: {page.blurb}\n\n[{path.name}]({path.as_uri()}) · {n_events} events · "
                    f"{n_countries} countries · {len(threads)} threads · {len(files)} files · "
                    f"{len(issues)} ingest issues · last ingestion {when}"
                ),
            },
        )
