"""Assets called directly, one partition at a time, against a temporary DuckDB."""

from __future__ import annotations

from datetime import date

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.tables import thread_file_tables
from orchestration.resources import ThreadFolder
from tests.helpers import scalar
from threadline.ingest import shard_of

FILE = "2022-01-05_kazakhstan_fuel_protests.txt"


def _context(instance: dg.DagsterInstance, key: str):
    return dg.build_asset_context(partition_key=key, instance=instance)


def _run_partition(workspace, source_file: str) -> list:
    """Materialize the shard that holds this file: every table's result, then every check's."""
    instance, key = dg.DagsterInstance.ephemeral(), shard_of(source_file)
    duckdb = DuckDBResource(database=str(workspace["db"]))
    folder = ThreadFolder(path=str(workspace["threads"]))
    return list(thread_file_tables(context=_context(instance, key), duckdb=duckdb, thread_folder=folder))


def _materialize_partition(workspace, source_file: str) -> dict[str, dict]:
    """table → the metadata of its materialization."""
    results = _run_partition(workspace, source_file)
    return {r.asset_key.to_user_string(): r.metadata for r in results if isinstance(r, dg.MaterializeResult)}


def test_one_file_through_every_table_asset(workspace):
    metadata = _materialize_partition(workspace, FILE)
    assert metadata["tweets"]["dagster/row_count"] == 5
    assert metadata["threads"]["dagster/row_count"] == 1
    assert metadata["events"]["dagster/row_count"] == 5
    assert "Protests that began" in metadata["tweets"]["preview"].value
    assert "dagster/column_lineage" in metadata["events"]
    db = workspace["db"]
    assert scalar(db, "SELECT event_date FROM events WHERE tweet_id = ?", [f"{FILE}#1/1"]) == date(2022, 1, 2)
    assert scalar(db, "SELECT date_source FROM events WHERE tweet_id = ?", [f"{FILE}#1/5"]) == "thread"
    assert scalar(db, "SELECT string_agg(country, ',') FROM event_countries WHERE event_id = ? AND how = 'explicit'", [f"{FILE}#1/4:1"]) == "RUS"
    # Tweet 3 names no country; it inherits the thread's.
    assert scalar(db, "SELECT string_agg(DISTINCT how, ',') FROM event_countries WHERE event_id = ?", [f"{FILE}#1/3:1"]) == "inherited"


def test_rerunning_a_partition_replaces_its_rows(workspace):
    _materialize_partition(workspace, FILE)
    _materialize_partition(workspace, FILE)
    assert scalar(workspace["db"], "SELECT count(*) FROM tweets") == 5
    assert scalar(workspace["db"], "SELECT count(*) FROM events") == 5


def test_a_file_deleted_before_its_run_loses_its_rows(workspace):
    _materialize_partition(workspace, FILE)
    (workspace["threads"] / FILE).unlink()
    _materialize_partition(workspace, FILE)
    assert scalar(workspace["db"], "SELECT count(*) FROM tweets") == 0
    assert scalar(workspace["db"], "SELECT count(*) FROM source_files") == 0


def test_an_unchanged_file_is_not_rewritten_until_the_tagger_changes(workspace, monkeypatch):
    first = _materialize_partition(workspace, FILE)
    assert first["tweets"]["files rewritten"] == 1
    again = _materialize_partition(workspace, FILE)
    assert again["tweets"]["files rewritten"] == 0 and again["tweets"]["files unchanged"] == 1
    assert again["tweets"]["rows written"] == 0 and again["tweets"]["dagster/row_count"] == 5
    monkeypatch.setattr("threadline.ingest.tagger_fingerprint", lambda: "a newer tagger")
    assert _materialize_partition(workspace, FILE)["tweets"]["files rewritten"] == 1


def test_row_counts_are_every_row_of_the_shard(workspace):
    metadata = _materialize_partition(workspace, FILE)
    shard_files = [f.name for f in workspace["threads"].iterdir() if shard_of(f.name) == shard_of(FILE)]
    for table, meta in metadata.items():
        placeholders = ", ".join("?" for _ in shard_files)
        expected = scalar(workspace["db"], f"SELECT count(*) FROM {table} WHERE source_file IN ({placeholders})", shard_files)
        assert meta["dagster/row_count"] == expected, table


def test_checks_run_on_the_files_the_step_rewrote(workspace):
    first = [r for r in _run_partition(workspace, FILE) if isinstance(r, dg.AssetCheckResult)]
    assert {r.check_name for r in first} == {"tweet_positions_unique", "events_have_tweets", "event_dates_explained", "countries_are_alpha3"}
    assert all(r.passed and r.metadata["files checked"].value >= 1 for r in first)
    again = [r for r in _run_partition(workspace, FILE) if isinstance(r, dg.AssetCheckResult)]
    assert all(r.passed and r.metadata["files checked"].value == 0 for r in again)  # nothing rewritten
