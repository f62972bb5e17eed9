"""The jobs: the main one ingests the thread files' shards and redraws the dashboards;
the other redraws only the dashboards."""

import dagster as dg

from assets.dashboards import DASHBOARDS_GROUP
from assets.tables import INGEST_GROUP, TAGGING_GROUP
from orchestration.executors import selected_executor
from orchestration.partitions import thread_shards

timeline_job = dg.define_asset_job(
    name="timeline_job",
    description="Ingest the thread files of a range of shards (new, changed and removed files), tag events, and redraw the dashboards.",
    selection=dg.AssetSelection.groups(INGEST_GROUP, TAGGING_GROUP, DASHBOARDS_GROUP) - dg.AssetSelection.assets("thread_files"),
    partitions_def=thread_shards,
    executor_def=selected_executor(),
)

dashboards_job = dg.define_asset_job(
    name="dashboards_job",
    description="Redraw the dashboard pages from the tables as they are.",
    selection=dg.AssetSelection.groups(DASHBOARDS_GROUP),
    executor_def=selected_executor(),
)


def partition_range_tags(shards: list[str]) -> dict[str, str]:
    """Tags that make one run cover the shards from the first to the last of these."""
    ordered = sorted(shards)
    return {"dagster/asset_partition_range_start": ordered[0], "dagster/asset_partition_range_end": ordered[-1]}
