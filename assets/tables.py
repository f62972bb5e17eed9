"""Thread files → every DuckDB table, one transaction per run.

Parsing and tagging happen in one step so that a run that dies half-way leaves
every table as it was: tweets, events and countries never disagree."""

import hashlib

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.common import partition_keys, table_result, table_spec
from orchestration.partitions import thread_files_partitions
from orchestration.resources import ThreadFolder
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
from threadline.parsers import parse_bytes
from threadline.store import count_rows, frame, replace_rows, stored_fingerprints
from threadline.tagging import file_tables, tagger_fingerprint

INGEST_GROUP = "ingest"
TAGGING_GROUP = "tagging"

thread_files = dg.AssetSpec(
    key="thread_files",
    description="The saved thread files in the threads folder (TRACKER_THREADS_DIR), one partition each.",
    group_name=INGEST_GROUP,
    partitions_def=thread_files_partitions,
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


class TablesConfig(dg.Config):
    removed_files: list[str] = []
    """Source files that left the folder: their rows are deleted in the same transaction."""


@dg.multi_asset(
    specs=[table_spec(table, group, deps, thread_files_partitions) for table, (group, deps, _) in TABLES.items()],
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool="duckdb_writes",
)
def thread_file_tables(
    context: dg.AssetExecutionContext, config: TablesConfig, duckdb: DuckDBResource, thread_folder: ThreadFolder
):
    """Parses and tags each thread file of the run, then replaces all of their rows in one transaction."""
    keys = partition_keys(context)
    rows: dict[Table, list[dict]] = {table: [] for table in TABLES}
    with duckdb.get_connection() as con:
        stored = stored_fingerprints(con, keys)
    rewritten = []
    for source_file in keys:
        raw, refused = thread_folder.open(source_file)
        if refused is not None and refused.format == "missing":
            context.log.warning(f"{source_file} no longer exists; its rows are removed")
            rewritten.append(source_file)
            continue
        sha256 = hashlib.sha256(raw).hexdigest() if raw is not None else None
        if sha256 is not None and stored.get(source_file) == (sha256, tagger_fingerprint()):
            continue  # same bytes, same tagger: its rows stand as they are
        parsed = refused or parse_bytes(source_file, raw)
        for table, file_rows in file_tables(parsed, sha256, len(raw) if raw is not None else None).items():
            rows[table].extend(file_rows)
        rewritten.append(source_file)
    removed = [f for f in config.removed_files if f not in keys]
    with duckdb.get_connection() as con:
        replace_rows(con, rewritten + removed, rows)
        counts = {table: count_rows(con, table, keys) for table in TABLES}
    context.log.info(f"{len(rewritten)} file(s) rewritten, {len(keys) - len(rewritten)} unchanged, {len(removed)} removed")
    for table, (_, _, lineage) in TABLES.items():
        yield table_result(
            table, frame(table, rows[table]), rewritten, lineage, unchanged=len(keys) - len(rewritten), row_count=counts[table]
        )
