"""`threadline run` with the Dagster instance in a real PostgreSQL server (deploy/dagster-postgres.yaml):
the runs, their events and the DuckDB tables, and a second run that changes nothing."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import yaml

from assets.tables import TABLES
from tests.helpers import scalar, table_contents
from tests.orchestration.postgres import DEPLOY, postgres_server, sqlite_files, workspace_in_postgres  # noqa: F401
from threadline.config import PROJECT_ROOT
from threadline.parsers import list_thread_files


def threadline_run(env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run(["threadline", "run"], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def test_threadline_run_keeps_the_instance_in_postgres(tmp_path: Path, postgres_server):
    ws = workspace_in_postgres(tmp_path, postgres_server)
    threadline_run(ws.env)

    runs = postgres_server.query(ws.database, "SELECT run_id, pipeline_name, status FROM runs")
    assert [(job, status) for _, job, status in runs] == [("timeline_job", "SUCCESS")]
    run_id = runs[0][0]
    materialized = postgres_server.query(
        ws.database,
        "SELECT DISTINCT asset_key FROM event_logs WHERE run_id = %s AND dagster_event_type = 'ASSET_MATERIALIZATION'",
        [run_id],
    )
    assert {table.name for table in TABLES} <= {json.loads(key)[0] for key, in materialized}
    assert sqlite_files(ws.home) == []  # nothing fell back to Dagster's SQLite storage

    assert scalar(ws.db, "SELECT count(*) FROM source_files") == len(list_thread_files(ws.threads))
    assert scalar(ws.db, "SELECT count(*) FROM tweets") > 0
    assert scalar(ws.db, "SELECT count(*) FROM event_countries") > 0

    first = table_contents(ws.db)
    threadline_run(ws.env)
    assert table_contents(ws.db) == first
    statuses = postgres_server.query(ws.database, "SELECT status FROM runs")
    assert statuses and all(status == "SUCCESS" for status, in statuses)


def test_the_postgres_instance_keeps_every_other_setting_of_the_project():
    """Only the storage differs: the DuckDB write pool's limit, above all, must not drift."""
    project = yaml.safe_load((PROJECT_ROOT / "dagster.yaml").read_text())
    in_postgres = yaml.safe_load((DEPLOY / "dagster-postgres.yaml").read_text())
    assert in_postgres.pop("storage")["postgres"]
    assert project.pop("run_storage")["module"] == project.pop("event_log_storage")["module"] == "orchestration.storage"
    assert in_postgres == project
