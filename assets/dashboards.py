"""The tables → Plotly dashboard pages, one asset per page, written under TRACKER_OUT."""

from datetime import datetime, timezone
from typing import Sequence

import dagster as dg
import pandas as pd
from dagster_duckdb import DuckDBResource
from duckdb import DuckDBPyConnection

import dashboards
from dashboards.limits import READ_MEMORY_LIMIT
from dashboards.queries import Query
from orchestration.resources import DashboardFolder
from threadline.countries import country_name
from threadline.store import ensure_schema

DASHBOARDS_GROUP = "dashboards"
PAGES = {page.name: page for page in dashboards.PAGES}
# The table assets whose newest materialization is the last ingestion shown on the pages.
INGESTED_TABLES = ("source_files", "tweets", "events")


def arrow_query(con: DuckDBPyConnection) -> Query:
    """How the pages read the database: each result through Arrow into a DataFrame. The two million rows of
    integers the counts read (dashboards.tally) come over in a few milliseconds this way, where fetchdf
    converts them for a fifth of a second; whole numbers with nulls arrive as Python ints and None, as
    fetchdf gives them."""

    def query(sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
        return con.sql(sql, params=list(params)).to_arrow_table().to_pandas(integer_object_nulls=True)

    return query


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
    """Draws every dashboard page beside one shared plotly.min.js: counts over the whole database, and
    its rows one by one up to a bound (dashboards.limits)."""
    with duckdb.get_connection() as con:
        ensure_schema(con)
        con.execute(f"SET memory_limit = '{READ_MEMORY_LIMIT}'")  # our constant, not a value from the data
        try:
            tables = dashboards.read_site_tables(arrow_query(con), country_name)
        finally:
            con.execute("RESET memory_limit")
    ingested_at = last_ingestion(context.instance)
    written = dashboards.write_site_tables(tables, dashboard_folder.root, ingested_at=ingested_at)
    totals = tables.totals
    when = ingested_at.strftime("%Y-%m-%d %H:%M UTC") if ingested_at else "unknown"
    for name, page in PAGES.items():
        path = written[name]
        yield dg.MaterializeResult(
            asset_key=page_key(name),
            metadata={
                "path": dg.MetadataValue.path(str(path)),
                "url": dg.MetadataValue.url(path.as_uri()),
                "size_bytes": path.stat().st_size,
                "events": totals.events,
                "events shown one by one": len(set(tables.events["event_id"])),
                "preview": dg.MetadataValue.md(
                    f"**{page.title}**: {page.blurb}\n\n[{path.name}]({path.as_uri()}) · {totals.events} events · "
                    f"{totals.countries} countries · {totals.threads} threads · {totals.files} files · "
                    f"{totals.issues} ingest issues · last ingestion {when}"
                ),
            },
        )
