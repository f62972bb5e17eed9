"""Dashboards: figure builders (events DataFrame in, plotly Figure out) and the static page writer.

Pure: no Dagster, no DuckDB. The Dagster asset reads the tables and calls `write_site`.
"""

from dashboards.comentions import comention_figure, officials_figure
from dashboards.figures import activity_figure, countries_figure, overview_figure, quality_figure, timeline_figure
from dashboards.pages import PAGES, write_site
from dashboards.worldmap import map_figure

__all__ = [
    "PAGES",
    "activity_figure",
    "comention_figure",
    "countries_figure",
    "map_figure",
    "officials_figure",
    "overview_figure",
    "quality_figure",
    "timeline_figure",
    "write_site",
]
