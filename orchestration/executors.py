"""Which Dagster executor the jobs use (TRACKER_EXECUTOR), and how a job is run with it: the
same definitions run in one process on a laptop, or spread their steps over Celery workers or
Kubernetes pods (docs/distributed.md)."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import yaml

EXECUTOR = "TRACKER_EXECUTOR"
EXECUTOR_CONFIG = "TRACKER_EXECUTOR_CONFIG"
IN_PROCESS = "in_process"
EXECUTORS = (IN_PROCESS, "multiprocess", "celery", "k8s")


def executor_definition(name: str) -> dg.ExecutorDefinition:
    """Dagster's executor for `name`; the Celery and Kubernetes ones are imported only when chosen."""
    if name == IN_PROCESS:
        return dg.in_process_executor
    if name == "multiprocess":
        return dg.multiprocess_executor
    if name == "celery":
        from dagster_celery import celery_executor

        return celery_executor
    if name == "k8s":
        from dagster_k8s import k8s_job_executor

        return k8s_job_executor
    raise ValueError(f"{EXECUTOR}={name!r} is not one of {', '.join(EXECUTORS)}")


def executor_config(path: str | None = None) -> dict | None:
    """The `execution: config:` block of the run-config file `path` or TRACKER_EXECUTOR_CONFIG
    names (deploy/celery.yaml, deploy/k8s.yaml); None when neither is set."""
    path = path or os.environ.get(EXECUTOR_CONFIG)
    if not path:
        return None
    run_config = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return (run_config.get("execution") or {}).get("config") or {}


def executor_name() -> str:
    """The executor TRACKER_EXECUTOR names (in_process when unset)."""
    return os.environ.get(EXECUTOR) or IN_PROCESS


def selected_executor(name: str | None = None) -> dg.ExecutorDefinition:
    """The executor named by `name` or TRACKER_EXECUTOR (default in_process: the steps are small,
    and one process spares the multiprocess executor's start-up per step), bound to the settings
    of TRACKER_EXECUTOR_CONFIG when it is set."""
    executor = executor_definition(name or executor_name())
    config = executor_config()
    # Bound here rather than passed with each run, so every launch (`threadline run`, the UI, the
    # sensor, the schedule) and every worker that loads these definitions agrees. `env:` values
    # are read when a run starts: the definitions hold no broker password.
    return executor.configured(config) if config is not None else executor


def job_definition(name: str) -> dg.JobDefinition:
    """The job `name` of the project's Definitions. Also how Celery workers, step subprocesses and
    pods rebuild the job (see `run_job`), so it must stay a module-level function."""
    from orchestration.definitions import defs  # here, not at the top: jobs.py imports this module

    return defs.resolve_job_def(name)


def run_job(
    name: str, instance: dg.DagsterInstance, tags: dict[str, str] | None = None, run_config: dict | None = None
) -> dg.ExecuteInProcessResult | dg.JobExecutionResult:
    """Run the job `name` on `instance` with its own executor and wait for the end; the result has
    `.success` and `.run_id`. A failed run is a result, not an exception."""
    job = job_definition(name)
    if job.executor_def.name == dg.in_process_executor.name:
        return job.execute_in_process(instance=instance, tags=tags, run_config=run_config, raise_on_error=False)
    # execute_in_process would run every step here whatever the executor; execute_job hands them to
    # it, and it needs a pointer from which other processes rebuild the job.
    reconstructable = dg.build_reconstructable_job(__name__, job_definition.__name__, reconstructable_args=(name,))
    return dg.execute_job(reconstructable, instance=instance, tags=tags, run_config=run_config, raise_on_error=False)
