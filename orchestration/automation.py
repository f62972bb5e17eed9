"""The sensor on the threads folder and the schedule for a full re-ingestion."""

import json
from pathlib import Path

import dagster as dg

from orchestration.jobs import partition_range_tags, removal_run_config, removed_files_job, timeline_job
from orchestration.partitions import thread_files_partitions
from threadline.config import REINGEST_CRON, THREADS_DIR, setting
from threadline.parsers import list_thread_files


def fingerprints(root: Path) -> dict[str, str]:
    """source_file → 'size:mtime_ns', read from the folder listing without opening any file."""
    found = {}
    for source_file in list_thread_files(root) if root.is_dir() else []:
        stat = (root / source_file).lstat()
        found[source_file] = f"{stat.st_size}:{stat.st_mtime_ns}"
    return found


def folder_changes(previous: dict[str, str], current: dict[str, str]) -> tuple[list[str], list[str]]:
    """(new or changed files, removed files), each sorted."""
    changed = sorted(f for f, mark in current.items() if previous.get(f) != mark)
    removed = sorted(set(previous) - set(current))
    return changed, removed


@dg.sensor(
    jobs=[timeline_job, removed_files_job],
    minimum_interval_seconds=30,
    description="Watches the threads folder: new and changed files are ingested, removed files lose their rows.",
)
def thread_folder_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
    root = Path(setting(THREADS_DIR))
    current = fingerprints(root)
    previous = json.loads(context.cursor) if context.cursor else {}
    known = set(context.instance.get_dynamic_partitions(thread_files_partitions.name))
    changed, removed = folder_changes(previous, current)
    # Partitions left from an earlier listing (e.g. by `threadline run`) whose files are gone.
    removed = sorted(set(removed) | (known - set(current)))
    if not changed and not removed:
        return dg.SkipReason(f"no change in {root}")
    requests: list[dg.RunRequest] = [
        dg.RunRequest(run_key=f"{f}:{current[f]}", job_name=timeline_job.name, partition_key=f) for f in changed
    ]
    if removed:
        requests.append(
            dg.RunRequest(
                run_key=f"remove:{json.dumps(removed)}:{json.dumps(current, sort_keys=True)}",
                job_name=removed_files_job.name,
                run_config=removal_run_config(removed),
            )
        )
    dynamic = [thread_files_partitions.build_add_request([f for f in changed if f not in known])]
    if gone := [f for f in removed if f in known]:
        dynamic.append(thread_files_partitions.build_delete_request(gone))
    return dg.SensorResult(run_requests=requests, dynamic_partitions_requests=dynamic, cursor=json.dumps(current, sort_keys=True))


@dg.schedule(
    job=timeline_job,
    cron_schedule=setting(REINGEST_CRON),
    description="Re-ingests every thread file in one run (TRACKER_REINGEST_CRON, daily at 03:00 by default).",
)
def full_reingest_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
    keys = context.instance.get_dynamic_partitions(thread_files_partitions.name)
    if not keys:
        return dg.SkipReason("no thread files registered yet; run `threadline run` or turn on the sensor")
    return dg.RunRequest(run_key=None, tags=partition_range_tags(keys))
