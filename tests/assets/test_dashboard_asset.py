"""The dashboards asset: every page, its metadata (paths, sizes, preview), the last ingestion time;
and what its reading of the database leans on, checked on tables the pipeline wrote."""

from __future__ import annotations

import re
from pathlib import Path

import dagster as dg
import duckdb
import pytest

import dashboards
from assets.dashboards import DASHBOARDS_ASSET, PAGES, arrow_query
from orchestration.definitions import defs
from orchestration.jobs import partition_range_tags
from threadline.countries import country_name
from threadline.ingest import SHARDS


@pytest.fixture
def ingested(workspace) -> tuple[dict[str, Path], dg.DagsterInstance]:
    """The dev threads through the whole pipeline: tables, then pages."""
    instance = dg.DagsterInstance.ephemeral()
    tags = partition_range_tags(list(SHARDS))
    assert defs.resolve_job_def("timeline_job").execute_in_process(instance=instance, tags=tags).success
    return workspace, instance


def test_the_asset_reports_every_page_its_size_and_a_preview(ingested):
    workspace, instance = ingested
    event = instance.get_latest_materialization_event(dg.AssetKey(DASHBOARDS_ASSET))
    metadata = event.asset_materialization.metadata
    index = workspace["out"] / "index.html"
    assert Path(metadata["path"].value) == index and metadata["url"].value == index.as_uri()
    sizes = {page.file: (workspace["out"] / page.file).stat().st_size for page in PAGES.values()}
    assert metadata["size_bytes"].value == sum(sizes.values())
    listed = metadata["pages"].value
    for page in PAGES.values():
        path = workspace["out"] / page.file
        assert f"| {page.title} | [{page.file}]({path.as_uri()}) | {sizes[page.file]:,} |" in listed
    assert f"[index.html]({index.as_uri()})" in metadata["preview"].value
    with duckdb.connect(str(workspace["db"]), read_only=True) as con:
        (events,) = con.execute("SELECT count(*) FROM events").fetchone()
    assert metadata["events"].value == events > 0
    assert f"{events} events" in metadata["preview"].value
    assert 0 < metadata["events shown one by one"].value <= events
    # The last ingestion shown is the tables' materialization in this run, not "unknown".
    quality = (workspace["out"] / "quality.html").read_text(encoding="utf-8")
    stamp = re.search(r'<span class="num small">([^<]*)</span><span class="label">last ingestion</span>', quality).group(1)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", stamp)


# Per event, the countries it has rows for against the countries its thread's tweets name.
INHERITANCE = """
WITH thread_named AS (
    SELECT DISTINCT e.thread_id, ec.country FROM event_countries ec JOIN events e USING (event_id) WHERE ec.how = 'explicit'
), expected AS (
    SELECT e.event_id, t.country FROM events e JOIN thread_named t USING (thread_id)
)
SELECT (SELECT count(*) FROM (SELECT event_id, country FROM event_countries EXCEPT SELECT * FROM expected)),
       (SELECT count(*) FROM (SELECT * FROM expected EXCEPT SELECT event_id, country FROM event_countries)),
       (SELECT count(*) FROM event_countries) - (SELECT count(*) FROM (SELECT DISTINCT event_id, country FROM event_countries)),
       (SELECT count(*) FILTER (WHERE how = 'inherited') FROM event_countries)
"""


def test_every_event_concerns_the_countries_its_thread_names_and_no_others(ingested):
    """What dashboards.queries counts inherited countries by: the pipeline gives every event of a thread a
    row for each country a tweet of the thread names (named or inherited), once, and no other row."""
    workspace, _ = ingested
    with duckdb.connect(str(workspace["db"]), read_only=True) as con:
        unexpected, missing, repeated, inherited = con.execute(INHERITANCE).fetchall()[0]
    assert (unexpected, missing, repeated) == (0, 0, 0)
    assert inherited > 0  # the dev threads do inherit countries: the check checks something


def test_the_asset_reads_the_database_into_the_same_pages_as_a_plain_reader(ingested, tmp_path):
    """arrow_query (the asset's way to read) gives the pages DuckDB's own DataFrames give."""
    workspace, _ = ingested
    with duckdb.connect(str(workspace["db"]), read_only=True) as con:
        plain = dashboards.read_site_tables(lambda sql, params=(): con.execute(sql, list(params)).fetchdf(), country_name)
        arrow = dashboards.read_site_tables(arrow_query(con), country_name)
    for tables, out in ((plain, tmp_path / "plain"), (arrow, tmp_path / "arrow")):
        dashboards.write_site_tables(tables, out)
    for page in [*PAGES.values()]:
        assert (tmp_path / "plain" / page.file).read_bytes() == (tmp_path / "arrow" / page.file).read_bytes(), page.name
    assert (tmp_path / "plain" / "threadline-data.js").read_bytes() == (tmp_path / "arrow" / "threadline-data.js").read_bytes()
