"""Dashboards: figure builders (events DataFrame in, plotly Figure out) and the static page writer.

Pure: no Dagster, no DuckDB. The Dagster asset reads the tables and calls `write_site`.
"""

from dashboards.figures import activity_figure, timeline_figure
from dashboards.pages import write_site

__all__ = ["activity_figure", "timeline_figure", "write_site"]
