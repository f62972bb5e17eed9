"""The folder sensor and the re-ingestion schedule decide the right runs."""

from __future__ import annotations

import json
import os

import dagster as dg

from orchestration.automation import fingerprints, folder_changes, full_reingest_schedule, thread_folder_sensor
from orchestration.definitions import defs
from tests.helpers import scalar
from threadline.ingest import SHARDS, shard_of


def test_folder_changes_finds_new_changed_and_removed_by_content():
    previous = {
        "a.txt": {"stat": "1:1", "sha256": "aa"},
        "b.txt": {"stat": "2:2", "sha256": "bb"},
        "c.txt": {"stat": "3:3", "sha256": "cc"},
        "touched.txt": {"stat": "5:5", "sha256": "tt"},
        "link.txt": {"stat": "6:6", "sha256": None},
    }
    current = {
        "a.txt": {"stat": "1:1", "sha256": "aa"},
        "b.txt": {"stat": "2:9", "sha256": "b2"},
        "d.txt": {"stat": "4:4", "sha256": "dd"},
        "touched.txt": {"stat": "5:6", "sha256": "tt"},
        "link.txt": {"stat": "6:7", "sha256": None},
    }
    assert folder_changes(previous, current) == (["b.txt", "d.txt", "link.txt"], ["c.txt"])


def test_a_file_seen_before_is_not_read_again(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("1/1 a")
    first = fingerprints(tmp_path, {})
    monkeypatch.setattr("pathlib.Path.read_bytes", lambda self: (_ for _ in ()).throw(AssertionError(f"read {self}")))
    assert fingerprints(tmp_path, first) == first


def _evaluate(instance, cursor):
    result = thread_folder_sensor(dg.build_sensor_context(instance=instance, cursor=cursor))
    return result


def _shards(request: dg.RunRequest) -> tuple[str, str]:
    return request.tags["dagster/asset_partition_range_start"], request.tags["dagster/asset_partition_range_end"]


def test_sensor_ingests_the_shards_of_new_changed_and_deleted_files(workspace):
    instance = dg.DagsterInstance.ephemeral()
    first = _evaluate(instance, None)
    files = sorted(p.name for p in workspace["threads"].iterdir())
    shards = sorted({shard_of(f) for f in files})
    assert len(first.run_requests) == 1  # every file of a first sight in one run, not one run each
    assert _shards(first.run_requests[0]) == (shards[0], shards[-1])

    assert _evaluate(instance, first.cursor).skip_reason is not None
    touched = workspace["threads"] / "seed_threads.txt"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    unchanged = _evaluate(instance, first.cursor)
    assert unchanged.skip_reason is not None and not unchanged.run_requests  # touched, same bytes: nothing to ingest
    assert json.loads(unchanged.cursor)["seed_threads.txt"]["stat"] != json.loads(first.cursor)["seed_threads.txt"]["stat"]

    changed = workspace["threads"] / "tg_ru_thread.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    os.utime(changed, ns=(changed.stat().st_atime_ns, changed.stat().st_mtime_ns + 10**9))
    (workspace["threads"] / "ukraine_talks.jsonl").unlink()
    second = _evaluate(instance, first.cursor)
    [request] = second.run_requests
    expected = sorted({shard_of("tg_ru_thread.txt"), shard_of("ukraine_talks.jsonl")})
    assert _shards(request) == (expected[0], expected[-1])


def test_the_sensors_run_applies_the_changes(workspace):
    """The run the sensor asks for ingests the changed file and deletes the rows of the removed one."""
    instance = dg.DagsterInstance.ephemeral()
    job = defs.resolve_job_def("timeline_job")
    first = _evaluate(instance, None)
    assert job.execute_in_process(instance=instance, tags=first.run_requests[0].tags).success
    assert scalar(workspace["db"], "SELECT count(*) FROM tweets WHERE source_file = 'ukraine_talks.jsonl'") > 0
    (workspace["threads"] / "ukraine_talks.jsonl").unlink()
    second = _evaluate(instance, first.cursor)
    assert job.execute_in_process(instance=instance, tags=second.run_requests[0].tags).success
    assert scalar(workspace["db"], "SELECT count(*) FROM tweets WHERE source_file = 'ukraine_talks.jsonl'") == 0
    assert scalar(workspace["db"], "SELECT count(*) FROM source_files") == len(list(workspace["threads"].iterdir()))


def test_schedule_brings_every_shard_in_line_in_one_run():
    with dg.instance_for_test() as instance:
        request = full_reingest_schedule(dg.build_schedule_context(instance=instance))
    assert _shards(request) == (SHARDS[0], SHARDS[-1])
