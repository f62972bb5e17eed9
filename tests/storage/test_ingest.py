"""The ingestion core without Dagster: what a run reads, batches across processes, Parquet tables."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

import threadline.ingest as ingest_module
from tests.helpers import table_contents
from threadline.ingest import SHARDS, FileStat, StoredFile, batches, ingest, listing_handed_over, plan_run, scan_folder, shard_of
from threadline.parquet_store import PARQUET_DIR
from threadline.schema import ALL_TABLES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FINGERPRINT = "tagger-1"


def _stored(size: int, mtime: int, sha: str | None = "aa", tagger: str = FINGERPRINT, fmt: str = "text") -> StoredFile:
    return StoredFile(format=fmt, sha256=sha, tagged_with=tagger, size=size, mtime_ns=mtime)


def test_shards_are_stable_and_spread_files():
    files = [f"analyst{i}/2022-01-{i % 28 + 1:02d}.txt" for i in range(400)]
    assert shard_of("a/b.txt") == shard_of("a/b.txt") and shard_of("a/b.txt") in SHARDS
    assert len({shard_of(f) for f in files}) == len(SHARDS)


def test_plan_reads_only_files_whose_size_mtime_or_tagger_moved():
    scan = {"same.txt": FileStat(10, 1), "touched.txt": FileStat(10, 2), "grown.txt": FileStat(11, 1),
            "new.txt": FileStat(5, 1), "retagged.txt": FileStat(10, 1), "link.txt": FileStat(3, 1)}
    stored = {"same.txt": _stored(10, 1), "touched.txt": _stored(10, 1), "grown.txt": _stored(10, 1),
              "retagged.txt": _stored(10, 1, tagger="tagger-0"), "gone.txt": _stored(10, 1),
              "link.txt": _stored(None, 1, sha=None, fmt="refused")}
    plan = plan_run(scan, stored, FINGERPRINT)
    assert plan.unchanged == ["link.txt", "same.txt"]
    assert plan.to_read == ["grown.txt", "new.txt", "retagged.txt", "touched.txt"]
    assert plan.removed == ["gone.txt"]
    assert plan.shards == sorted({shard_of(f) for f in plan.to_read + plan.removed})
    only = plan_run(scan, stored, FINGERPRINT, shards=[shard_of("new.txt")])
    assert only.to_read == [f for f in plan.to_read if shard_of(f) == shard_of("new.txt")]


def test_a_file_refused_for_its_size_is_looked_at_again():
    plan = plan_run({"big.txt": FileStat(10, 1)}, {"big.txt": _stored(None, 1, sha=None, fmt="too_large")}, FINGERPRINT)
    assert plan.to_read == ["big.txt"]


def test_batches_never_span_shards_and_respect_the_size_cap(monkeypatch):
    monkeypatch.setattr(ingest_module, "BATCH_FILES", 3)
    files = [f"f{i}.txt" for i in range(40)]
    cut = batches(files, {f: FileStat(1, 1) for f in files})
    assert sorted(f for batch in cut.values() for f in batch) == sorted(files)
    for name, batch in cut.items():
        assert len(batch) <= 3 and {shard_of(f) for f in batch} == {name.rsplit("-", 1)[0]}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    threads = tmp_path / "threads"
    shutil.copytree(FIXTURES / "dev_threads", threads)
    shutil.copytree(FIXTURES / "heldout" / "threads", threads / "heldout")
    return threads


def _ingest(db: Path, threads: Path, **kwargs):
    return ingest(lambda: duckdb.connect(str(db)), threads, **kwargs)


def test_parallel_batches_give_the_same_tables_as_one_process(folder, tmp_path, monkeypatch):
    _ingest(tmp_path / "one.duckdb", folder, workers=1)
    monkeypatch.setattr(ingest_module, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(ingest_module, "BATCH_FILES", 2)
    report = _ingest(tmp_path / "two.duckdb", folder, workers=2)
    assert report.rows_written["tweets"] > 100
    assert table_contents(tmp_path / "two.duckdb") == table_contents(tmp_path / "one.duckdb")


def test_a_touched_file_only_gets_its_new_mtime(folder, tmp_path):
    db = tmp_path / "t.duckdb"
    _ingest(db, folder)
    before = table_contents(db)
    path = folder / "seed_threads.txt"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    report = _ingest(db, folder)
    assert report.rewritten == [] and report.touched == ["seed_threads.txt"]
    assert table_contents(db)["tweets"] == before["tweets"]
    assert _ingest(db, folder).touched == []  # the new mtime was stored: not read a third time


def test_a_handed_over_listing_is_used_once_and_not_after_its_block(folder, tmp_path):
    db = tmp_path / "t.duckdb"
    listing = scan_folder(folder)
    left_out = "seed_threads.txt"
    with listing_handed_over(folder, {f: stat for f, stat in listing.items() if f != left_out}):
        first = _ingest(db, folder)
        second = _ingest(db, folder)  # lists the folder itself: the listing was taken
    assert left_out not in first.rewritten and len(first.rewritten) == len(listing) - 1
    assert second.rewritten == [left_out]
    with listing_handed_over(folder, {}):
        pass
    assert _ingest(db, folder).removed == []  # the empty listing left with its block


def test_handed_over_stored_files_spare_reading_the_database_and_stand_for_it(folder, tmp_path):
    db = tmp_path / "t.duckdb"
    _ingest(db, folder)
    with duckdb.connect(str(db)) as con:
        stored = ingest_module.stored_files(con)
    opened = []

    def connect():
        opened.append(1)
        return duckdb.connect(str(db))

    with listing_handed_over(folder, scan_folder(folder), stored):
        unchanged = ingest(connect, folder)
    assert opened == [] and unchanged.rewritten == [] and unchanged.unchanged == len(stored)
    # What was handed over is what the run goes by: a file it says nothing of is read as new.
    left_out = sorted(stored)[0]
    with listing_handed_over(folder, scan_folder(folder), {f: s for f, s in stored.items() if f != left_out}):
        report = ingest(connect, folder)
    assert report.rewritten == [left_out] and len(opened) == 1  # opened once, to store it


def test_a_run_leaves_the_database_settings_as_it_found_them(folder, tmp_path):
    db = tmp_path / "t.duckdb"
    with duckdb.connect(str(db)) as kept:  # another connection of this process shares the settings
        before = kept.execute("SELECT current_setting('preserve_insertion_order'), current_setting('memory_limit')").fetchone()
        report = _ingest(db, folder)
        after = kept.execute("SELECT current_setting('preserve_insertion_order'), current_setting('memory_limit')").fetchone()
    assert report.rewritten and before == after == (True, before[1])


def test_parquet_tables_match_the_duckdb_tables_and_follow_changes(folder, tmp_path, monkeypatch):
    _ingest(tmp_path / "plain.duckdb", folder)
    parquet = tmp_path / "parquet"
    monkeypatch.setenv(PARQUET_DIR, str(parquet))
    views = tmp_path / "views.duckdb"
    _ingest(views, folder)
    assert table_contents(views) == table_contents(tmp_path / "plain.duckdb")
    assert {p.parent.name for p in parquet.glob("*/*.parquet")} == {t.name for t in ALL_TABLES}

    edited, removed = "tg_ru_thread.txt", "ukraine_talks.jsonl"
    untouched = [s for s in SHARDS if s not in {shard_of(edited), shard_of(removed)}]
    stamps = {p: p.stat().st_mtime_ns for s in untouched for p in parquet.glob(f"*/{s}.parquet")}
    text = (folder / edited).read_text(encoding="utf-8")
    (folder / edited).write_text(text.replace("Мосгорсуд", "Варшава"), encoding="utf-8")
    (folder / removed).unlink()
    report = _ingest(views, folder)
    assert report.rewritten == [edited] and report.removed == [removed]
    with duckdb.connect(str(views), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM tweets WHERE source_file = ?", [removed]).fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM tweets WHERE text LIKE '%Варшава%'").fetchone()[0] > 0
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps  # other shards' files were not rewritten
    assert _ingest(views, folder).rewritten == []


def test_parquet_mode_refuses_a_database_that_holds_tables(folder, tmp_path, monkeypatch):
    db = tmp_path / "t.duckdb"
    _ingest(db, folder)
    monkeypatch.setenv(PARQUET_DIR, str(tmp_path / "parquet"))
    with pytest.raises(RuntimeError, match="point TRACKER_DB at a new file"):
        _ingest(db, folder)


def test_each_event_inherits_the_countries_its_thread_names_and_it_does_not(folder, tmp_path, monkeypatch):
    monkeypatch.setattr(ingest_module, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(ingest_module, "BATCH_FILES", 3)  # several batches, one staged file each
    db = tmp_path / "t.duckdb"
    report = _ingest(db, folder, workers=2)
    with duckdb.connect(str(db), read_only=True) as con:
        events = con.execute("SELECT event_id, thread_id FROM events").fetchall()
        rows = con.execute("SELECT event_id, country, how, surface, kind FROM event_countries").fetchall()
    named: dict[str, set[str]] = {}
    for event_id, country, how, surface, kind in rows:
        if how == "explicit":
            assert surface and kind
            named.setdefault(event_id, set()).add(country)
        else:
            assert how == "inherited" and surface is None and kind is None
    by_thread: dict[str, set[str]] = {}
    for event_id, thread_id in events:
        by_thread.setdefault(thread_id, set()).update(named.get(event_id, set()))
    expected = sorted(
        (event_id, country, "explicit" if country in named.get(event_id, set()) else "inherited")
        for event_id, thread_id in events
        for country in by_thread[thread_id]
    )
    assert sorted((event_id, country, how) for event_id, country, how, _, _ in rows) == expected
    assert sum(how == "inherited" for _, _, how in expected) > 100  # the fixtures' threads do inherit
    assert report.rows_written["event_countries"] == len(rows)
