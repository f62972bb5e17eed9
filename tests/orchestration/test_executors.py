"""The executors past one machine: the main job's steps run by a real Celery worker (its broker and
results in the test's PostgreSQL server, the instance too), the Kubernetes executor's settings
validated by Dagster (no cluster here), and `run_job` in process as `threadline run` uses it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import dagster as dg
import pytest
import yaml

from orchestration.executors import EXECUTOR, EXECUTOR_CONFIG, job_definition, run_job, selected_executor
from tests.helpers import scalar, stop_process_group
from tests.orchestration.postgres import DEPLOY, postgres_server, sqlite_files, workspace_in_postgres  # noqa: F401
from threadline.parsers import list_thread_files

# Runs timeline_job over every partition through `run_job`, as `threadline run` does, in a process
# of its own: the executor is chosen when the definitions are imported.
RUN_EVERY_PARTITION = textwrap.dedent(
    """
    import dagster as dg
    from orchestration.executors import job_definition, run_job
    from orchestration.jobs import partition_range_tags

    instance = dg.DagsterInstance.get()
    keys = job_definition("timeline_job").partitions_def.get_partition_keys(dynamic_partitions_store=instance)
    result = run_job("timeline_job", instance, tags=partition_range_tags(keys))
    print(result.run_id)
    raise SystemExit(0 if result.success else 1)
    """
)


def celery_env(ws, server) -> dict[str, str]:
    """Both sides of deploy/celery.yaml: broker and results in PostgreSQL through SQLAlchemy
    (kombu's transport, Celery's database backend), so the test needs no other server."""
    broker = server.create_database()
    return {
        **ws.env,
        EXECUTOR: "celery",
        EXECUTOR_CONFIG: str(DEPLOY / "celery.yaml"),
        "DAGSTER_CELERY_BROKER_URL": server.url(broker, "sqla+postgresql+psycopg2"),
        "DAGSTER_CELERY_BACKEND_URL": server.url(broker, "db+postgresql+psycopg2"),
    }


def start_celery_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    """A worker started as docs/distributed.md says: deploy/celery.yaml, the definitions imported
    once at start, and the solo pool (the ingestion step starts processes of its own, which the
    children of Celery's default prefork pool are not allowed to)."""
    command = ["dagster-celery", "worker", "start", "-A", "dagster_celery.app", "-y", str(DEPLOY / "celery.yaml")]
    command += ["-i", "orchestration.definitions", "--", "--pool=solo"]
    return subprocess.Popen(command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)


def wait_beside(worker: subprocess.Popen, launcher: subprocess.Popen, log: Path) -> None:
    """Wait for the launcher; a worker that dies first fails the test instead of leaving the run
    waiting for it. The deadline is a guard against a hang, not a timing."""
    deadline = time.monotonic() + 600
    while launcher.poll() is None:
        if worker.poll() is not None or time.monotonic() > deadline:
            launcher.kill()
            pytest.fail(f"the Celery worker stopped or the run never ended:\n{log.read_text()[-3000:]}")
        time.sleep(0.5)


def test_celery_workers_run_every_step_of_the_main_job(tmp_path: Path, postgres_server, monkeypatch):
    ws = workspace_in_postgres(tmp_path, postgres_server)
    env = celery_env(ws, postgres_server)
    log, launcher_log = tmp_path / "worker.log", tmp_path / "launcher.log"
    # Started together: the run's tasks wait in the broker until the worker takes them. Output goes
    # to files: a full pipe would stall a process nobody reads from while we wait.
    worker = start_celery_worker(env, log)
    launcher = subprocess.Popen(
        [sys.executable, "-c", RUN_EVERY_PARTITION], env=env, stdout=subprocess.PIPE, stderr=launcher_log.open("w"), text=True
    )
    try:
        wait_beside(worker, launcher, log)
    finally:
        stop_process_group(worker)  # dagster-celery, celery and its pool
    assert launcher.returncode == 0, launcher_log.read_text()[-3000:] + log.read_text()[-3000:]
    run_id = launcher.stdout.read().split()[-1]

    for name, value in ws.env.items():  # the test process reads the same instance
        monkeypatch.setenv(name, value)
    with dg.DagsterInstance.get() as instance:
        assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.SUCCESS
        succeeded = {e.step_key for e in instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_SUCCESS)}
        on_workers = {
            e.step_key
            for e in instance.all_logs(run_id, of_type=dg.DagsterEventType.ENGINE_EVENT)
            if e.dagster_event.message.endswith("in celery worker")
        }
    assert "thread_file_tables" in succeeded and on_workers == succeeded
    assert sqlite_files(ws.home) == []
    assert scalar(ws.db, "SELECT count(*) FROM source_files") == len(list_thread_files(ws.threads))
    assert scalar(ws.db, "SELECT count(*) FROM events") > 0
    assert (ws.out / "index.html").exists()


def with_executor(job_name: str, executor: str, config_file: Path, monkeypatch) -> dg.JobDefinition:
    """The job as its definitions build it with TRACKER_EXECUTOR=`executor` and
    TRACKER_EXECUTOR_CONFIG=`config_file` (jobs.py picks the executor the same way at import)."""
    monkeypatch.setenv(EXECUTOR_CONFIG, str(config_file))
    return job_definition(job_name).with_executor_def(selected_executor(executor))


@pytest.mark.parametrize("job_name", ["timeline_job", "dashboards_job"])
def test_the_k8s_settings_are_valid(job_name, monkeypatch):
    job = with_executor(job_name, "k8s", DEPLOY / "k8s.yaml", monkeypatch)
    assert job.executor_def.name == "k8s"
    dg.validate_run_config(job)  # raises DagsterInvalidConfigError, naming the field, when not


def test_the_k8s_volumes_and_step_container_are_kubernetes_objects():
    """The parts Dagster's schema leaves open, read as the executor reads them into the Kubernetes
    client's models (dagster-k8s's own converters: either key case, every level checked)."""
    from dagster_k8s.models import k8s_model_from_dict, k8s_snake_case_dict
    from kubernetes.client import V1Container, V1Volume, V1VolumeMount

    def read(model, value: dict):
        return k8s_model_from_dict(model, k8s_snake_case_dict(model, value))

    config = yaml.safe_load((DEPLOY / "k8s.yaml").read_text())["execution"]["config"]
    volumes = [read(V1Volume, v) for v in config["volumes"]]
    mounts = [read(V1VolumeMount, m) for m in config["volume_mounts"]]
    container = read(V1Container, {"name": "step", **config["step_k8s_config"]["container_config"]})
    assert {m.name for m in mounts} <= {v.name for v in volumes}
    assert container.resources.requests and container.resources.limits


def test_a_misspelt_k8s_setting_is_refused(tmp_path: Path, monkeypatch):
    broken = tmp_path / "k8s.yaml"
    broken.write_text((DEPLOY / "k8s.yaml").read_text().replace("job_namespace:", "namespace:"))
    job = with_executor("timeline_job", "k8s", broken, monkeypatch)
    with pytest.raises(dg.DagsterInvalidConfigError, match="namespace"):
        dg.validate_run_config(job)


def test_the_celery_settings_are_valid(monkeypatch):
    monkeypatch.setenv("DAGSTER_CELERY_BROKER_URL", "pyamqp://guest@broker//")
    monkeypatch.setenv("DAGSTER_CELERY_BACKEND_URL", "rpc://")
    dg.validate_run_config(with_executor("timeline_job", "celery", DEPLOY / "celery.yaml", monkeypatch))


def test_an_unknown_executor_is_named_in_the_error():
    with pytest.raises(ValueError, match="'spark' is not one of in_process, multiprocess, celery, k8s"):
        selected_executor("spark")


def test_run_job_runs_in_process_by_default(workspace):
    instance = dg.DagsterInstance.ephemeral()
    result = run_job("dashboards_job", instance)  # the cheapest job: pages from empty tables
    assert isinstance(result, dg.ExecuteInProcessResult)
    assert result.success and instance.get_run_by_id(result.run_id).is_success
    assert (workspace["out"] / "index.html").exists()
