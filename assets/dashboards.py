"""The tables → the Plotly dashboard pages, one asset for them all, written under TRACKER_OUT."""

from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

import dagster as dg
import pandas as pd
from dagster_duckdb import DuckDBResource
from duckdb import DuckDBPyConnection

import dashboards
from dashboards.limits import READ_MEMORY_LIMIT
from dashboards.queries import Query, SiteTables
from orchestration.resources import DashboardFolder
from threadline.countries import country_name
from threadline.store import ensure_schema, settings

DASHBOARDS_GROUP = "dashboards"
DASHBOARDS_ASSET = "dashboards"
PAGES = {page.name: page for page in dashboards.PAGES}
INDEX_PAGE = "index"
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


def last_ingestion(instance: dg.DagsterInstance) -> datetime | None:
    """When the tables were last written: the newest materialization of the table assets."""
    latest = instance.get_latest_materialization_events([dg.AssetKey(t) for t in INGESTED_TABLES])
    stamps = [entry.timestamp for entry in latest.values() if entry is not None]
    return datetime.fromtimestamp(max(stamps), tz=timezone.utc) if stamps else None


@dg.asset(
    key=DASHBOARDS_ASSET,
    group_name=DASHBOARDS_GROUP,
    deps=["events", "event_countries", "date_mentions", "ingest_issues", "source_files", "threads", "tweets"],
    kinds={"plotly", "html"},
)
def dashboard_pages(context: dg.AssetExecutionContext, duckdb: DuckDBResource, dashboard_folder: DashboardFolder) -> dg.MaterializeResult:
    """The dashboard pages (index.html, the timeline, activity, co-mentions, map, threads and quality
    pages) beside one shared plotly.min.js: counts over the whole database, and its rows one by one up
    to a bound (dashboards.limits). One asset: every page is drawn from the same tables in one step, and
    each asset of a run costs Dagster stored events of its own."""
    with duckdb.get_connection() as con:
        ensure_schema(con)
        with settings(con, {"memory_limit": f"'{READ_MEMORY_LIMIT}'"}):
            tables = dashboards.read_site_tables(arrow_query(con), country_name)
    ingested_at = last_ingestion(context.instance)
    written = dashboards.write_site_tables(tables, dashboard_folder.root, ingested_at=ingested_at)
    return dg.MaterializeResult(asset_key=DASHBOARDS_ASSET, metadata=pages_metadata(written, tables, ingested_at))


def pages_metadata(written: dict[str, Path], tables: SiteTables, ingested_at: datetime | None) -> dict[str, object]:
    """What the asset reports: where the pages are (the index first), their sizes, and what they show."""
    totals = tables.totals
    when = ingested_at.strftime("%Y-%m-%d %H:%M UTC") if ingested_at else "unknown"
    sizes = {name: path.stat().st_size for name, path in written.items()}
    index = written[INDEX_PAGE]
    rows = "\n".join(f"| {PAGES[name].title} | [{path.name}]({path.as_uri()}) | {sizes[name]:,} |" for name, path in written.items())
    return {
        "path": dg.MetadataValue.path(str(index)),
        "url": dg.MetadataValue.url(index.as_uri()),
        "size_bytes": sum(sizes.values()),
        "events": totals.events,
        "events shown one by one": int(tables.events["event_id"].nunique()),
        "pages": dg.MetadataValue.md(f"| page | file | bytes |\n| --- | --- | ---: |\n{rows}"),
        "preview": dg.MetadataValue.md(
            f"[{index.name}]({index.as_uri()}) · {totals.events} events · {totals.countries} countries · "
            f"{totals.threads} threads · {totals.files} files · {totals.issues} ingest issues · "
            f"last ingestion {when}"
        ),
    }
