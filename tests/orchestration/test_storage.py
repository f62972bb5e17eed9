"""The instance's SQLite storage (orchestration/storage.py, set in dagster.yaml): Dagster's own
databases in Dagster's own places, each engine kept for the life of the process."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import dagster as dg
import pytest
from dagster._core.storage.sql import create_engine

from orchestration import storage
from threadline.config import PROJECT_ROOT


@dg.asset
def numbers() -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"rows": 3})


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A DAGSTER_HOME holding the project's dagster.yaml."""
    folder = tmp_path / "dagster_home"
    folder.mkdir()
    shutil.copyfile(PROJECT_ROOT / "dagster.yaml", folder / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(folder))
    return folder


def test_the_project_instance_stores_runs_and_events_where_dagster_does(home: Path) -> None:
    with dg.DagsterInstance.get() as instance:
        assert isinstance(instance.run_storage, storage.SqliteRunStorageKeepingEngine)
        assert isinstance(instance.event_log_storage, storage.SqliteEventLogStorageKeepingEngines)
        result = dg.materialize([numbers], instance=instance)
        assert result.success
    assert (home / "history" / "runs.db").is_file()
    assert (home / "history" / "runs" / f"{result.run_id}.db").is_file()
    # Another instance (another process, the UI) reads it all back: the run, its events, the asset's materialization.
    with dg.DagsterInstance.from_config(str(home)) as again:
        run = again.get_run_by_id(result.run_id)
        assert run is not None and run.status == dg.DagsterRunStatus.SUCCESS
        kinds = {e.dagster_event_type for e in again.all_logs(result.run_id) if e.is_dagster_event}
        types = dg.DagsterEventType
        assert {types.RUN_START, types.STEP_SUCCESS, types.ASSET_MATERIALIZATION, types.RUN_SUCCESS} <= kinds
        latest = again.get_latest_materialization_event(dg.AssetKey("numbers"))
        assert latest is not None and latest.asset_materialization.metadata["rows"].value == 3


def test_dagster_s_default_storage_reads_what_these_classes_wrote(home: Path) -> None:
    """The same files as Dagster's defaults: a DAGSTER_HOME can go back and forth between the two."""
    with dg.DagsterInstance.get() as instance:
        run_id = dg.materialize([numbers], instance=instance).run_id
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    with dg.DagsterInstance.get() as plain:
        assert type(plain.event_log_storage).__name__ == "SqliteEventLogStorage"
        assert plain.get_run_by_id(run_id).status == dg.DagsterRunStatus.SUCCESS
        assert plain.get_latest_materialization_event(dg.AssetKey("numbers")) is not None


def test_each_database_keeps_one_engine_and_no_open_connection(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = []

    def counting_create_engine(*args, **kwargs):
        made.append(args[0])
        return create_engine(*args, **kwargs)

    monkeypatch.setattr(storage, "create_engine", counting_create_engine)
    with dg.DagsterInstance.get() as instance:
        events = instance.event_log_storage
        run_ids = [dg.materialize([numbers], instance=instance).run_id for _ in range(3)]
        stored = sum(len(instance.all_logs(run_id)) for run_id in run_ids)
        # Dozens of stored events, one engine per database: the runs table, the index, each run's events.
        assert stored > 30
        assert sorted(made) == sorted(set(made)) and len(made) == 2 + len(run_ids)
        engine = events._engines[run_ids[-1]]
        assert engine.pool.status() == "NullPool"  # connections are closed after each use, as in Dagster's
        with events.run_connection(run_ids[-1]) as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM event_logs").scalar() > 0
        assert events._engines[run_ids[-1]] is engine


def test_a_process_keeps_the_engines_of_the_latest_databases_only(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage, "ENGINES_KEPT", 2)
    with dg.DagsterInstance.get() as instance:
        run_ids = [dg.materialize([numbers], instance=instance).run_id for _ in range(3)]
        kept = list(instance.event_log_storage._engines)
        assert len(kept) == 2 and kept[-1] in (run_ids[-1], "index")
        assert len(instance.get_runs()) == 3  # and nothing is lost by letting engines go
        assert all(instance.all_logs(run_id) for run_id in run_ids)


def test_threads_store_events_at_once(home: Path) -> None:
    """The UI serves requests on threads: engines are shared between them, each database's writes one at a time."""
    with dg.DagsterInstance.get() as instance:

        def report(worker: int) -> None:
            for n in range(15):
                instance.report_runless_asset_event(dg.AssetMaterialization(asset_key=f"worker_{worker}", metadata={"n": n}))

        with ThreadPoolExecutor(max_workers=3) as pool:
            list(pool.map(report, range(3)))
        for worker in range(3):
            records = instance.fetch_materializations(dg.AssetKey(f"worker_{worker}"), limit=100).records
            assert sorted(r.asset_materialization.metadata["n"].value for r in records) == list(range(15))
