"""The sensor on the threads folder and the schedule for a full re-ingestion."""

import hashlib
import json
from pathlib import Path

import dagster as dg

from orchestration.jobs import partition_range_tags, timeline_job
from threadline.config import REINGEST_CRON, THREADS_DIR, setting
from threadline.ingest import SHARDS, shard_of
from threadline.parsers import list_thread_files


def fingerprints(root: Path, previous: dict[str, dict]) -> dict[str, dict]:
    """source_file → {"stat": "size:mtime_ns", "sha256": …}. A file whose size and mtime are
    what the last tick saw keeps its hash unread; only new or touched files are read."""
    found = {}
    for source_file in list_thread_files(root) if root.is_dir() else []:
        path = root / source_file
        info = path.lstat()
        stat = f"{info.st_size}:{info.st_mtime_ns}"
        before = previous.get(source_file) or {}
        if before.get("stat") == stat:
            found[source_file] = before
        elif path.is_symlink() or not path.is_file():
            found[source_file] = {"stat": stat, "sha256": None}  # refused when ingested; never read here
        else:
            found[source_file] = {"stat": stat, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    return found


def folder_changes(previous: dict[str, dict], current: dict[str, dict]) -> tuple[list[str], list[str]]:
    """(new or changed files, removed files), each sorted. A file touched but unchanged in
    content is not a change; one that cannot be hashed changes with its size or mtime."""

    def mark(entry: dict) -> str:
        return entry.get("sha256") or entry.get("stat", "")

    changed = sorted(f for f, entry in current.items() if f not in previous or mark(previous[f]) != mark(entry))
    removed = sorted(set(previous) - set(current))
    return changed, removed


@dg.sensor(
    job=timeline_job,
    minimum_interval_seconds=30,
    description="Watches the threads folder: the shards holding new, changed or removed files are ingested in one run.",
)
def thread_folder_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
    root = Path(setting(THREADS_DIR))
    previous = json.loads(context.cursor) if context.cursor else {}
    current = fingerprints(root, previous)
    changed, removed = folder_changes(previous, current)
    cursor = json.dumps(current, sort_keys=True)
    if not changed and not removed:
        # Keep the new sizes and times, so touched-but-unchanged files are not hashed again.
        return dg.SensorResult(skip_reason=dg.SkipReason(f"no change in {root}"), cursor=cursor)
    shards = sorted({shard_of(f) for f in changed + removed})
    changes = json.dumps({f: (current.get(f) or {}).get("sha256") for f in changed + removed}, sort_keys=True)
    request = dg.RunRequest(
        run_key=f"changes:{hashlib.sha256((changes + cursor).encode()).hexdigest()[:20]}", tags=partition_range_tags(shards)
    )
    return dg.SensorResult(run_requests=[request], cursor=cursor)


@dg.schedule(
    job=timeline_job,
    cron_schedule=setting(REINGEST_CRON),
    description="Brings every shard in line with the threads folder in one run (TRACKER_REINGEST_CRON, daily at 03:00 by default).",
)
def full_reingest_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    return dg.RunRequest(run_key=None, tags=partition_range_tags(list(SHARDS)))
