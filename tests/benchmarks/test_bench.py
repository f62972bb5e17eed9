"""`make bench` end to end on a tiny corpus (peer skipped: no network, no ../shared), and its pure
parts. Benchmarks are not tests: nothing here asserts a timing, only that every figure is there,
sane, and that the row counts moved with the files added, edited and removed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.bench import (
    ADDED_TWEETS,
    CHANGES,
    PLOTLY_JS,
    descendants,
    format_report,
    median_run,
    parse_time_v,
    row_checks,
    run_phases,
)
from benchmarks.corpus import MANIFEST, generate_corpus

ROOT = Path(__file__).resolve().parents[2]
TWEETS = 400
ROUNDS = 2  # of changes: enough to see each round follow the one before
RUNS = ("full", "no_change", "added", "edited", "removed")


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, str]:
    """One whole benchmark: its folder, its JSON results and its printed report."""
    folder = tmp_path_factory.mktemp("bench")
    env = {k: v for k, v in os.environ.items() if k != "BENCH_TWEETS"}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench", "--tweets", str(TWEETS), "--rounds", str(ROUNDS), "--no-peer", "--dir", str(folder)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads((folder / f"results-{TWEETS}.json").read_text(encoding="utf-8"))
    return folder, results, done.stdout


def test_row_counts_follow_the_files_added_edited_and_removed(bench) -> None:
    _, results, _ = bench
    runs = results["runs"]
    assert runs["full"]["rows"]["tweets"] == runs["full"]["rows"]["events"] == TWEETS == results["corpus"]["tweets"]
    assert runs["no_change"]["rows"] == runs["full"]["rows"]
    assert len(results["rounds"]) == len(results["changes"]) == ROUNDS
    before = runs["no_change"]["rows"]
    added_files = set()
    for done, changes in zip(results["rounds"], results["changes"]):
        rows = {name: done[name]["rows"] for name in CHANGES}
        assert changes["added_tweets"] == ADDED_TWEETS
        added_files.add(changes["added_file"])
        assert rows["added"]["tweets"] == before["tweets"] + ADDED_TWEETS
        assert rows["added"]["source_files"] == before["source_files"] + 1
        assert rows["edited"]["tweets"] == rows["added"]["tweets"]
        assert changes["edited_tweets_with_marker"] == 1
        assert changes["removed_tweets"] > 0 and changes["removed_rows_left"] == 0
        assert rows["removed"]["tweets"] == rows["edited"]["tweets"] - changes["removed_tweets"]
        before = rows["removed"]
    assert len(added_files) == ROUNDS  # another file each round
    assert all(check["ok"] for check in results["checks"]), results["checks"]
    assert sum(check["name"].startswith("added (round ") for check in results["checks"]) == 2 * ROUNDS


def test_every_figure_is_there_and_sane(bench) -> None:
    _, results, _ = bench
    for name in RUNS:
        run = results["runs"][name]
        assert run["wall_s"] > 0, name
        assert 10 << 20 < run["max_rss_bytes"] < 64 << 30, name  # a Python process with DuckDB: tens of MiB
        assert run["tree_rss_bytes"] > 0, name
        assert run["db_bytes"] > 0, name
    assert results["runs"]["full"]["dashboard_s"] > 0
    assert results["runs"]["no_change"]["phases"] is None  # nothing changed: no Dagster run
    for name in ("full", *CHANGES):
        phases = results["runs"][name]["phases"]
        assert all(phases[key] is not None and phases[key] >= 0 for key in phases), (name, phases)
        assert phases["tag_s"] + phases["store_s"] <= phases["ingest_s"] <= phases["run_s"]
        assert phases["dashboards_s"] == results["runs"][name]["dashboard_s"]
        assert phases["stored_events"] > 10
    for name in CHANGES:  # the median round's run, with every round's wall time
        samples = results["runs"][name]["samples_s"]
        assert samples == [done[name]["wall_s"] for done in results["rounds"]]
        assert results["runs"][name]["wall_s"] in samples
    files = results["dashboards"]["files"]
    assert {"index.html", "timeline.html", PLOTLY_JS} <= set(files)
    assert all(size > 0 for size in files.values())
    tagging = results["tagging"]
    assert tagging["tweets"] == TWEETS
    assert tagging["threadline"]["rate"] > 0 and tagging["threadline"]["startup_s"] > 0
    assert tagging["threadline_one_core"]["rate"] > 0
    assert tagging["peer"] is None and tagging["ratio"] is None and tagging["ratio_one_core"] is None
    machine = results["machine"]
    assert machine["cores"] == os.cpu_count() and machine["memory_bytes"] > 0
    assert machine["python"] and machine["duckdb"] and machine["dagster"]


def test_the_report_shows_every_figure_and_is_rebuilt_from_the_json(bench) -> None:
    _, results, printed = bench
    report = format_report(results)
    assert report in printed
    assert "where the time went" in report and "parse + tag" in report
    for label in ("full run: wall", "full run: tweets/s", "peak RSS, largest process", "peak RSS, process tree",
                  "DuckDB file", "no change", "one file added", "one file edited", "that file removed",
                  "threadline tweets/s", "threadline on one core", "threadline / peer", "dashboards: build", "largest file", PLOTLY_JS):
        assert label in report, label
    assert "✘" not in report.split("row counts:")[1].split("dashboard files")[0]


def test_the_cached_corpus_keeps_its_bytes_after_the_edits(bench, tmp_path: Path) -> None:
    folder, results, _ = bench
    generate_corpus(tmp_path, TWEETS, seed=results["seed"])

    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file() and p.name != MANIFEST}

    assert files(folder / f"corpus-{TWEETS}") == files(tmp_path)


def test_parse_time_v() -> None:
    text = ("\tCommand being timed: \"threadline run\"\n"
            "\tElapsed (wall clock) time (h:mm:ss or m:ss): 1:05.97\n"
            "\tMaximum resident set size (kbytes): 627184\n")
    assert parse_time_v(text) == (pytest.approx(65.97), 627184 * 1024)
    assert parse_time_v(text.replace("1:05.97", "1:02:03"))[0] == pytest.approx(3723)
    with pytest.raises(ValueError):
        parse_time_v("Command exited with non-zero status 1")


def test_descendants_follow_the_whole_tree_only() -> None:
    parents = {10: 1, 11: 10, 12: 11, 13: 11, 20: 1, 21: 20}
    assert descendants(10, parents) == {11, 12, 13}
    assert descendants(13, parents) == set()


def test_run_phases_split_the_wall_time_by_the_run_s_events() -> None:
    events = [
        ("ASSET_MATERIALIZATION_PLANNED", None, "", 101.0),
        ("STEP_START", "thread_file_tables", "", 101.5),
        ("LOG", "thread_file_tables", "1 file(s) to read, 9 unchanged, 0 removed", 101.7),
        ("LOG", "thread_file_tables", "parsed and tagged 1 file(s) in 0.2 s", 101.9),
        ("LOG", "thread_file_tables", "stored the rows in 0.1 s", 102.0),
        ("STEP_SUCCESS", "thread_file_tables", "", 102.5),
        ("STEP_START", "dashboards", "", 102.6),
        ("STEP_SUCCESS", "dashboards", "", 104.6),
        ("PIPELINE_SUCCESS", None, "", 104.7),
    ]
    phases = run_phases(events, since=99.0, wall=6.0)
    assert phases == pytest.approx({
        "before_run_s": 2.0, "run_s": 3.7, "ingest_s": 1.0, "tag_s": 0.2, "store_s": 0.1, "after_store_s": 0.5,
        "dashboards_s": 2.0, "after_run_s": 0.3, "stored_events": 9,
    })
    # A run that drew the pages only: the ingest stages are missing, not zero.
    pages_only = run_phases([e for e in events if e[1] != "thread_file_tables"], since=99.0, wall=6.0)
    assert pages_only["ingest_s"] is None and pages_only["tag_s"] is None and pages_only["dashboards_s"] == pytest.approx(2.0)


def test_row_checks_name_a_count_that_did_not_move() -> None:
    def run(tweets: int, files: int) -> dict:
        return {"rows": {"source_files": files, "threads": 1, "tweets": tweets, "events": tweets}}

    changes = {"added_tweets": 100, "edited_tweets_with_marker": 1, "removed_tweets": 100, "removed_rows_left": 0}
    results = {
        "corpus": {"tweets": 300, "files": 3},
        "runs": {"full": run(300, 3), "no_change": run(300, 3)},
        "rounds": [{"added": run(300, 4), "edited": run(300, 4), "removed": run(200, 3)}],  # the added file's tweets are missing
        "changes": [changes],
    }
    failed = [c["name"] for c in row_checks(results) if not c["ok"]]
    assert failed == ["added: tweets = before + the file's 100"]
    # Each round is checked against the round before: the second starts from the first one's removal.
    results["rounds"] = [{"added": run(400, 4), "edited": run(400, 4), "removed": run(300, 3)},
                         {"added": run(400, 4), "edited": run(400, 4), "removed": run(400, 3)}]  # removed nothing
    results["changes"] = [changes, changes]
    failed = [c["name"] for c in row_checks(results) if not c["ok"]]
    assert failed == ["removed (round 2): tweets = before − the file's 100"]


def test_median_run_keeps_the_middle_sample_and_every_wall_time() -> None:
    samples = [{"wall_s": 7.0, "rows": 1}, {"wall_s": 5.5, "rows": 2}, {"wall_s": 6.1, "rows": 3}]
    assert median_run(samples) == {"wall_s": 6.1, "rows": 3, "samples_s": [7.0, 5.5, 6.1]}
    assert median_run(samples[:2])["wall_s"] == 5.5  # the lower middle one of an even number
    assert median_run(samples[:1]) == {"wall_s": 7.0, "rows": 1, "samples_s": [7.0]}
