"""The jobs: the main one ingests thread files and redraws the dashboards; one redraws
only the dashboards; one removes the rows of files that are gone."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.dashboards import DASHBOARDS_GROUP
from assets.tables import INGEST_GROUP, TAGGING_GROUP
from orchestration.executors import selected_executor
from orchestration.partitions import thread_files_partitions
from threadline.store import delete_files

timeline_job = dg.define_asset_job(
    name="timeline_job",
    description="Ingest thread files (one partition each), tag events, and redraw the dashboards.",
    selection=dg.AssetSelection.groups(INGEST_GROUP, TAGGING_GROUP, DASHBOARDS_GROUP) - dg.AssetSelection.assets("thread_files"),
    partitions_def=thread_files_partitions,
    executor_def=selected_executor(),
)

dashboards_job = dg.define_asset_job(
    name="dashboards_job",
    description="Redraw the dashboard pages from the tables as they are.",
    selection=dg.AssetSelection.groups(DASHBOARDS_GROUP),
    executor_def=selected_executor(),
)


class RemovedFiles(dg.Config):
    source_files: list[str]


@dg.op(description="Deletes every row of the given source files from every table, in one transaction.")
def remove_file_rows(context: dg.OpExecutionContext, config: RemovedFiles, duckdb: DuckDBResource) -> None:
    with duckdb.get_connection() as con:
        delete_files(con, config.source_files)
    context.log.info(f"removed the rows of {len(config.source_files)} file(s): {', '.join(config.source_files)}")


@dg.job(description="Remove the rows of thread files that were deleted from the threads folder.", executor_def=selected_executor())
def removed_files_job() -> None:
    remove_file_rows()


def removal_run_config(source_files: list[str]) -> dict:
    return {"ops": {"remove_file_rows": {"config": {"source_files": sorted(source_files)}}}}


def ingest_run_config(removed_files: list[str]) -> dict:
    """Run config for timeline_job that also deletes the rows of these files, in the same transaction."""
    return {"ops": {"thread_file_tables": {"config": {"removed_files": sorted(removed_files)}}}}


def partition_range_tags(keys: list[str]) -> dict[str, str]:
    """Tags that make one run cover keys[0]..keys[-1] (partitions in the order they were added)."""
    return {"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]}
