"""The whole chain on an ephemeral instance and through `threadline run`: tables, idempotence, removals."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg

from orchestration.cli import main
from orchestration.definitions import defs
from orchestration.jobs import partition_range_tags
from tests.helpers import scalar, table_contents
from threadline.ingest import SHARDS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _gold_keys() -> set[tuple]:
    gold = json.loads((FIXTURES / "dev_gold.json").read_text(encoding="utf-8"))
    return {(f, th["seq"], tw["position"]) for f, v in gold["files"].items() for th in v["threads"] for tw in th["tweets"]}


def _run_everything(workspace) -> dg.ExecuteInProcessResult:
    instance = dg.DagsterInstance.ephemeral()
    job = defs.resolve_job_def("timeline_job")
    return job.execute_in_process(instance=instance, tags=partition_range_tags(list(SHARDS)))


def test_whole_chain_in_one_run_gives_the_dev_tweets_and_pages(workspace):
    result = _run_everything(workspace)
    assert result.success
    db = workspace["db"]
    with __import__("duckdb").connect(str(db), read_only=True) as con:
        keys = set(con.execute("SELECT th.source_file, th.thread_seq, tw.position FROM tweets tw JOIN threads th USING (thread_id)").fetchall())
    assert keys == _gold_keys()
    assert scalar(db, "SELECT count(*) FROM events") == 36
    assert scalar(db, "SELECT count(*) FROM events e ANTI JOIN tweets USING (tweet_id)") == 0
    checks = [e for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    assert len(checks) >= 2 and all(e.event_specific_data.passed for e in checks)
    assert (workspace["out"] / "index.html").exists() and (workspace["out"] / "plotly.min.js").exists()


def test_threadline_run_twice_leaves_every_table_identical(workspace):
    assert main(["run"]) == 0
    first = table_contents(workspace["db"])
    assert main(["run"]) == 0
    assert table_contents(workspace["db"]) == first
    assert len(first["tweets"]) == 36


def test_threadline_run_applies_edits_and_removals(workspace):
    assert main(["run"]) == 0
    before = table_contents(workspace["db"])
    (workspace["threads"] / "ukraine_talks.jsonl").unlink()
    edited = workspace["threads"] / "tg_ru_thread.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("4/4 Для Казахстана", "4/4 Для Узбекистана"), encoding="utf-8")
    assert main(["run"]) == 0
    after = table_contents(workspace["db"])
    assert not any("ukraine_talks.jsonl" in repr(row) for rows in after.values() for row in rows)
    assert scalar(workspace["db"], "SELECT text FROM tweets WHERE tweet_id = 'tg_ru_thread.txt#1/4'").startswith("Для Узбекистана")
    untouched = lambda rows: [r for r in rows if "seed_threads.txt" in repr(r)]  # noqa: E731
    assert all(untouched(after[t]) == untouched(before[t]) for t in before)
    # The run is recorded in the instance, so the UI lists it.
    instance = dg.DagsterInstance.get()
    assert instance.get_runs_count() == 2  # one run per `threadline run`


def test_threadline_run_records_bad_files_and_keeps_the_rest(workspace):
    (workspace["threads"] / "broken.jsonl").write_text('{"id": "1", "text": "1/1 fine", "conversation_id": "1"}\n{oops\n', encoding="utf-8")
    (workspace["threads"] / "notes.txt").write_text("just some notes, no numbering\n", encoding="utf-8")
    assert main(["run"]) == 0
    db = workspace["db"]
    assert scalar(db, "SELECT count(*) FROM tweets") == 37
    assert scalar(db, "SELECT count(*) FROM ingest_issues WHERE source_file = 'broken.jsonl' AND line_no = 2") == 1
    assert scalar(db, "SELECT count(*) FROM ingest_issues WHERE source_file = 'notes.txt' AND severity = 'error'") == 1
