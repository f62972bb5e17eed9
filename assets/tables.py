"""Thread files → every DuckDB table, one transaction per run.

Parsing and tagging happen in one step so that a run that dies half-way leaves
every table as it was: tweets, events and countries never disagree."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.checks import CHECK_SPECS, check_rows
from assets.common import partition_keys, row_counts, table_result, table_spec
from orchestration.partitions import thread_shards
from orchestration.resources import ThreadFolder
from threadline.ingest import ingest
from threadline.schema import (
    DATE_MENTIONS,
    EVENT_COUNTRIES,
    EVENTS,
    INGEST_ISSUES,
    SOURCE_FILES,
    THREADS,
    TWEETS,
    Table,
)
from threadline.store import preview_rows

INGEST_GROUP = "ingest"
TAGGING_GROUP = "tagging"

thread_files = dg.AssetSpec(
    key="thread_files",
    description="The saved thread files in the threads folder (TRACKER_THREADS_DIR), in shards by a hash of their path.",
    group_name=INGEST_GROUP,
    partitions_def=thread_shards,
    kinds={"file"},
)

# table → (group, upstream assets, column lineage: column → (upstream asset, column))
TABLES: dict[Table, tuple[str, list[str], dict[str, tuple[str, str]]]] = {
    SOURCE_FILES: (INGEST_GROUP, ["thread_files"], {}),
    THREADS: (INGEST_GROUP, ["thread_files"], {}),
    TWEETS: (INGEST_GROUP, ["thread_files", "threads"], {"thread_id": ("threads", "thread_id")}),
    INGEST_ISSUES: (INGEST_GROUP, ["thread_files"], {}),
    EVENTS: (
        TAGGING_GROUP,
        ["tweets", "threads"],
        {"tweet_id": ("tweets", "tweet_id"), "thread_id": ("tweets", "thread_id"), "source_file": ("tweets", "source_file")},
    ),
    DATE_MENTIONS: (TAGGING_GROUP, ["tweets"], {"tweet_id": ("tweets", "tweet_id"), "source_file": ("tweets", "source_file")}),
    EVENT_COUNTRIES: (TAGGING_GROUP, ["events", "tweets"], {"event_id": ("events", "event_id"), "source_file": ("events", "source_file")}),
}


@dg.multi_asset(
    specs=[table_spec(table, group, deps, thread_shards) for table, (group, deps, _) in TABLES.items()],
    check_specs=CHECK_SPECS,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool="duckdb_writes",
)
def thread_file_tables(context: dg.AssetExecutionContext, duckdb: DuckDBResource, thread_folder: ThreadFolder):
    """Brings the rows of the run's shards in line with the folder: new and changed files are parsed
    and tagged (across cores), removed files lose their rows, all in one transaction; then the
    checks look at the rows of the files it rewrote."""
    shards = partition_keys(context)
    report = ingest(duckdb.get_connection, thread_folder.root, shards, log=context.log.info)
    context.log.info(
        f"{len(report.rewritten)} file(s) rewritten, {report.unchanged} unchanged, {len(report.removed)} removed"
    )
    with duckdb.get_connection() as con:
        counts = row_counts(con, list(TABLES), report.files)
        for table, (_, _, lineage) in TABLES.items():
            yield table_result(
                table,
                preview_rows(con, table, report.rewritten),
                written=report.rows_written.get(table.name, 0),
                rewritten=len(report.rewritten),
                unchanged=report.unchanged,
                row_count=counts[table.name],
                lineage=lineage,
            )
        yield from check_rows(con, report.rewritten)
