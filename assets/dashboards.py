"""The tables → Plotly dashboard pages, one asset per page, written under TRACKER_OUT."""

import dagster as dg
from dagster_duckdb import DuckDBResource

import dashboards
from orchestration.resources import DashboardFolder
from threadline.countries import country_name
from threadline.store import ensure_schema, query_frame

DASHBOARDS_GROUP = "dashboards"
PAGES = {
    "timeline": "Every event on a date × country timeline, with the tweet on hover.",
    "activity": "Events per week and country.",
    "index": "The start page: summary figures, links to every page, files and ingest issues.",
}

# One row per (event, country); an event with no country keeps one row with country NULL.
EVENTS_FOR_PAGES = """
    SELECT e.event_id, e.tweet_id, e.thread_id, e.source_file, th.thread_seq, tw.position,
           coalesce(tw.author, th.author) AS author,
           CASE WHEN tw.status_id IS NOT NULL AND coalesce(tw.author, th.author) IS NOT NULL
                THEN 'https://x.com/' || coalesce(tw.author, th.author) || '/status/' || tw.status_id
                ELSE th.url END AS url,
           tw.text, e.event_date, e.date_precision, e.date_source, e.event_type,
           ec.country, ec.how
    FROM events e
    JOIN tweets tw USING (tweet_id)
    JOIN threads th ON th.thread_id = e.thread_id
    LEFT JOIN event_countries ec USING (event_id)
    ORDER BY e.event_date NULLS LAST, e.event_id, ec.country
"""
ISSUES_FOR_PAGES = "SELECT source_file, line_no, severity, message FROM ingest_issues ORDER BY source_file, line_no NULLS FIRST, message"
FILES_FOR_PAGES = "SELECT source_file, format, threads, tweets FROM source_files ORDER BY source_file"


def page_key(name: str) -> str:
    return f"{name}_page"


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key=page_key(name),
            description=description,
            group_name=DASHBOARDS_GROUP,
            deps=["events", "event_countries", "date_mentions", "ingest_issues", "source_files"],
            kinds={"plotly", "html"},
        )
        for name, description in PAGES.items()
    ],
)
def dashboard_pages(duckdb: DuckDBResource, dashboard_folder: DashboardFolder):
    """Draws every dashboard page from the whole database, plus one shared plotly.min.js."""
    with duckdb.get_connection() as con:
        ensure_schema(con)
        events = query_frame(con, EVENTS_FOR_PAGES)
        issues = query_frame(con, ISSUES_FOR_PAGES)
        files = query_frame(con, FILES_FOR_PAGES)
    events.insert(events.columns.get_loc("country") + 1, "country_name", events["country"].map(country_name, na_action="ignore"))
    written = dashboards.write_site(events, issues, files, dashboard_folder.root)
    for name in PAGES:
        path = written[name]
        yield dg.MaterializeResult(
            asset_key=page_key(name),
            metadata={
                "path": dg.MetadataValue.path(str(path)),
                "url": dg.MetadataValue.url(path.as_uri()),
                "size_bytes": path.stat().st_size,
                "events": events["event_id"].nunique(),
                "preview": dg.MetadataValue.md(
                    f"[{path.name}]({path.as_uri()}): {events['event_id'].nunique()} events, "
                    f"{events['country'].nunique()} countries, {len(files)} files, {len(issues)} ingest issues"
                ),
            },
        )
