"""Dashboards: figure builders (events DataFrame or counts in, a plotly figure out: the spec the pages embed,
or its go.Figure) and the static page writer.

Pure: no Dagster, and no DuckDB import. `queries.read_site_tables` holds the SQL the pages need and runs
it through a function the Dagster asset passes in (its DuckDB connection); the asset then calls
`write_site_tables`. `write_site` draws from DataFrames alone (every row given is every row there is).
"""

from dashboards.comentions import comention_figure, officials_figure
from dashboards.figures import activity_figure, countries_figure, overview_figure, quality_figure, timeline_figure
from dashboards.pages import PAGES, write_site, write_site_tables
from dashboards.queries import SiteTables, read_site_tables
from dashboards.worldmap import map_figure

__all__ = [
    "PAGES",
    "SiteTables",
    "activity_figure",
    "comention_figure",
    "countries_figure",
    "map_figure",
    "officials_figure",
    "overview_figure",
    "quality_figure",
    "read_site_tables",
    "timeline_figure",
    "write_site",
    "write_site_tables",
]
