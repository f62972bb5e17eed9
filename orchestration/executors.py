"""Which Dagster executor the jobs use (TRACKER_EXECUTOR): the same definitions run in one
process on a laptop, or spread their steps over Celery workers or Kubernetes pods."""

import os

import dagster as dg

EXECUTOR = "TRACKER_EXECUTOR"
EXECUTORS = ("in_process", "multiprocess", "celery", "k8s")


def selected_executor(name: str | None = None) -> dg.ExecutorDefinition:
    """The executor named by `name` or TRACKER_EXECUTOR (default in_process: the steps are small,
    and one process spares the multiprocess executor's start-up per step)."""
    name = name or os.environ.get(EXECUTOR) or "in_process"
    if name == "in_process":
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
