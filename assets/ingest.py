"""Thread files → the source_files, threads, tweets and ingest_issues tables."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.common import partition_keys, table_result, table_spec
from orchestration.partitions import thread_files_partitions
from orchestration.resources import ThreadFolder
from threadline.schema import INGEST_ISSUES, SOURCE_FILES, THREADS, TWEETS
from threadline.store import frame, replace_rows
from threadline.tagging import ingest_rows

INGEST_GROUP = "ingest"
INGEST_TABLES = (SOURCE_FILES, THREADS, TWEETS, INGEST_ISSUES)

thread_files = dg.AssetSpec(
    key="thread_files",
    description="The saved thread files in the threads folder (TRACKER_THREADS_DIR), one partition each.",
    group_name=INGEST_GROUP,
    partitions_def=thread_files_partitions,
    kinds={"file"},
)


@dg.multi_asset(
    specs=[table_spec(t, INGEST_GROUP, ["thread_files"], thread_files_partitions) for t in INGEST_TABLES],
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool="duckdb_writes",
)
def parsed_thread_files(context: dg.AssetExecutionContext, duckdb: DuckDBResource, thread_folder: ThreadFolder):
    """Parses each thread file and replaces its rows: files, threads, tweets, and the lines that could not be used."""
    keys = partition_keys(context)
    rows = {table: [] for table in INGEST_TABLES}
    present = []
    for source_file in keys:
        if not thread_folder.exists(source_file) and not (thread_folder.root / source_file).is_symlink():
            context.log.warning(f"{source_file} no longer exists; its rows are removed")
            continue
        parsed, sha256, size = thread_folder.read(source_file)
        present.append(source_file)
        for table, file_rows in ingest_rows(parsed, sha256, size).items():
            rows[table].extend(file_rows)
    with duckdb.get_connection() as con:
        replace_rows(con, keys, rows)
    lineage = {TWEETS.name: {"thread_id": ("threads", "thread_id")}}
    for table in INGEST_TABLES:
        yield table_result(table, frame(table, rows[table]), present, lineage.get(table.name))
