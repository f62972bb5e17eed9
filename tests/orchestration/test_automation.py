"""The folder sensor and the re-ingestion schedule decide the right runs."""

from __future__ import annotations

import json
import os

import dagster as dg

from orchestration.automation import fingerprints, folder_changes, full_reingest_schedule, thread_folder_sensor
from orchestration.partitions import thread_files_partitions


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


def test_sensor_ingests_new_and_changed_files_and_removes_deleted_ones(workspace):
    instance = dg.DagsterInstance.ephemeral()
    first = _evaluate(instance, None)
    files = sorted(p.name for p in workspace["threads"].iterdir())
    assert sorted(r.partition_key for r in first.run_requests) == files
    assert {r.job_name for r in first.run_requests} == {"timeline_job"}
    assert sorted(first.dynamic_partitions_requests[0].partition_keys) == files
    instance.add_dynamic_partitions(thread_files_partitions.name, files)

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
    ingest = [r for r in second.run_requests if r.job_name == "timeline_job"]
    removal = [r for r in second.run_requests if r.job_name == "removed_files_job"]
    assert [r.partition_key for r in ingest] == ["tg_ru_thread.txt"]
    assert removal[0].run_config["ops"]["remove_file_rows"]["config"]["source_files"] == ["ukraine_talks.jsonl"]
    deletes = [r for r in second.dynamic_partitions_requests if isinstance(r, dg.DeleteDynamicPartitionsRequest)]
    assert deletes[0].partition_keys == ["ukraine_talks.jsonl"]


def test_schedule_reingests_every_registered_file_in_one_run(workspace):
    with dg.instance_for_test() as instance:
        assert isinstance(full_reingest_schedule(dg.build_schedule_context(instance=instance)), dg.SkipReason)
        instance.add_dynamic_partitions(thread_files_partitions.name, ["a.txt", "b.txt", "c.txt"])
        request = full_reingest_schedule(dg.build_schedule_context(instance=instance))
    assert request.tags["dagster/asset_partition_range_start"] == "a.txt"
    assert request.tags["dagster/asset_partition_range_end"] == "c.txt"
