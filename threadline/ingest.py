"""From the threads folder to the tables at any size: decide which files changed without
reading the unchanged ones, parse and tag the changed ones in batches across cores, stage
each batch's rows as Parquet, and load them into DuckDB in one transaction.

Files are grouped into a fixed set of shards by a stable hash of their path. A shard is
the unit Dagster partitions, schedules and distributes: one partition per file would cost
Dagster two stored events per table per file, more than the work itself at 10k files."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import current_process
from pathlib import Path

import duckdb

from threadline import parquet_store, staged
from threadline.collector import collector_paused
from threadline.parsers import open_thread_file, parse_bytes, thread_file_entries
from threadline.schema import ALL_TABLES, Table
from threadline.store import ensure_schema, in_files, settings
from threadline.tagging import file_tables, tagger_fingerprint
from threadline.workers import tagging_pool

SHARD_COUNT = 16
SHARDS = tuple(f"shard-{n:02d}" for n in range(SHARD_COUNT))

# A batch is what one worker parses, tags and stages at a time: big enough that process
# hand-over costs nothing, small enough that two cores stay busy to the end.
BATCH_BYTES = 2 * 2**20
BATCH_FILES = 200
# Below this much to read, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 4 * 2**20
# How DuckDB loads a run's rows. Rows need no particular order in a table; without it DuckDB
# inserts on every core. Deriving the inherited countries of a million events would take DuckDB's
# default memory (most of the machine's) as it likes; bounded, it spills to disk where it must, at
# no loss here.
LOAD_SETTINGS = {"preserve_insertion_order": "false", "memory_limit": "'1GB'"}
# How the log lines of `ingest` mark its stages (make bench times the stages by them).
PLANNED_MARK, TAGGED_MARK, STORED_MARK = "file(s) to read", "parsed and tagged", "stored the rows"


def shard_of(source_file: str) -> str:
    """The shard a file belongs to, by a hash of its path that every process and machine agrees on."""
    return SHARDS[zlib.crc32(source_file.encode("utf-8")) % SHARD_COUNT]


@dataclass(frozen=True)
class FileStat:
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class StoredFile:
    format: str | None
    sha256: str | None
    tagged_with: str | None
    size: int | None
    mtime_ns: int | None


def scan_folder(root: Path) -> dict[str, FileStat]:
    """source_file → its size and modification time, from the directory alone (no file is read)."""
    found = {}
    for source_file, entry in thread_file_entries(root) if root.is_dir() else []:
        info = entry.stat(follow_symlinks=False)
        found[source_file] = FileStat(info.st_size, info.st_mtime_ns)
    return dict(sorted(found.items()))


# What the process that starts a run in itself (`threadline run`) has read already, handed over so
# that the run's ingest step need not read it again: the folder's listing (0.15 s at 17k files) and
# what the database stores of each file (0.07 s). Taken once. Should another process's run have
# stored files in between, the stored part is stale: that costs reading those files again, never a
# wrong row (their rows are replaced whole, as for any changed file).
_handed_over: dict[Path, tuple[dict[str, FileStat], dict[str, StoredFile] | None]] = {}


@contextmanager
def listing_handed_over(root: Path, scan: dict[str, FileStat], stored: dict[str, StoredFile] | None = None) -> Iterator[None]:
    """Within the block, the first `ingest` of `root` in this process takes this listing (and
    these stored files, when given) instead of making its own; after it, nothing is left over for
    a later one."""
    _handed_over[root.resolve()] = (scan, stored)
    try:
        yield
    finally:
        _handed_over.pop(root.resolve(), None)


def take_listing(root: Path) -> tuple[dict[str, FileStat], dict[str, StoredFile] | None]:
    """The listing handed over for `root` and the stored files that came with it, once; else the
    folder listed now, and None."""
    handed = _handed_over.pop(root.resolve(), None)
    return handed if handed is not None else (scan_folder(root), None)


def stored_files(con: duckdb.DuckDBPyConnection) -> dict[str, StoredFile]:
    """source_file → what the database remembers of the bytes its rows were made from (read-only
    connections welcome; a database from before mtimes were kept has them all read once)."""
    columns = {
        name for name, in con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'source_files'").fetchall()
    }
    if (parquet := parquet_store.parquet_dir()) is not None:
        rows = parquet_store.stored_source_files(parquet)
    elif not columns:
        return {}
    else:
        mtime = "mtime_ns" if "mtime_ns" in columns else "NULL"
        rows = con.execute(f"SELECT source_file, format, sha256, tagged_with, size_bytes, {mtime} FROM source_files").fetchall()
    return {row[0]: StoredFile(*row[1:]) for row in rows}


def looks_unchanged(stat: FileStat, stored: StoredFile | None, fingerprint: str) -> bool:
    """Same size and modification time as when its rows were made, by this tagger: not worth reading.
    (A file refused for its size is looked at again: the limit may have been raised.)"""
    if stored is None or stored.tagged_with != fingerprint or stored.mtime_ns != stat.mtime_ns:
        return False
    return stored.size == stat.size if stored.sha256 is not None else stored.format == "refused"


@dataclass(frozen=True)
class Plan:
    """What a run does to its shards' files."""

    to_read: list[str]  # new, touched, or made by another tagger: read, hashed, tagged when the bytes differ
    removed: list[str]  # rows in the database, file gone from the folder
    unchanged: list[str]  # size and mtime as stored: not read at all

    @property
    def shards(self) -> list[str]:
        """The shards with anything to do."""
        return sorted({shard_of(f) for f in self.to_read + self.removed})


def plan_run(
    scan: Mapping[str, FileStat],
    stored: Mapping[str, StoredFile],
    fingerprint: str,
    shards: Iterable[str] = SHARDS,
) -> Plan:
    wanted = set(shards)
    to_read, unchanged = [], []
    for source_file, stat in sorted(scan.items()):
        if shard_of(source_file) in wanted:
            (unchanged if looks_unchanged(stat, stored.get(source_file), fingerprint) else to_read).append(source_file)
    removed = sorted(f for f in stored if f not in scan and shard_of(f) in wanted)
    return Plan(to_read, removed, unchanged)


# ── parsing and tagging, in batches ───────────────────────────────────────────────────────


@dataclass
class BatchResult:
    rewritten: list[str] = field(default_factory=list)  # files whose rows are replaced by the staged ones
    vanished: list[str] = field(default_factory=list)  # listed, but gone before they were read
    touched: dict[str, int] = field(default_factory=dict)  # same bytes, new mtime: only the mtime is updated


def tag_file(root: Path, source_file: str, stored: StoredFile | None, fingerprint: str) -> tuple[str, dict[Table, list[tuple]] | int | None]:
    """('rows', every table's rows), ('touched', new mtime) when the bytes are those already
    stored, or ('vanished', None) when the file is gone."""
    raw, refused = open_thread_file(root, source_file)
    if refused is not None and refused.format == "missing":
        return "vanished", None
    mtime_ns = (root / source_file).lstat().st_mtime_ns
    sha256 = hashlib.sha256(raw).hexdigest() if raw is not None else None
    if sha256 is not None and stored is not None and (stored.sha256, stored.tagged_with) == (sha256, fingerprint):
        return "touched", mtime_ns
    size = len(raw) if raw is not None else None
    return "rows", file_tables(refused or parse_bytes(source_file, raw), sha256, size, mtime_ns)


def tag_batch(root: str, batch: Sequence[tuple[str, StoredFile | None]], stage: str, batch_name: str) -> BatchResult:
    """Parse and tag one batch of files, writing each table's rows to stage/<table>/<batch_name>.parquet."""
    fingerprint, result = tagger_fingerprint(), BatchResult()
    rows: dict[Table, list[tuple]] = {table: [] for table in ALL_TABLES}
    with collector_paused():
        for source_file, stored in batch:
            outcome, value = tag_file(Path(root), source_file, stored, fingerprint)
            if outcome == "vanished":
                result.vanished.append(source_file)
            elif outcome == "touched":
                result.touched[source_file] = value
            else:
                result.rewritten.append(source_file)
                for table, file_rows in value.items():
                    rows[table] += file_rows
        staged.write_batch(Path(stage), batch_name, rows)
    return result


def batches(files: Sequence[str], scan: Mapping[str, FileStat]) -> dict[str, list[str]]:
    """name → files: each shard's files cut into batches of at most BATCH_BYTES (or BATCH_FILES
    files), named '<shard>-<n>' so that a shard's staged rows can be found by name."""
    out: dict[str, list[str]] = {}
    current: list[str] = []
    size = 0
    ordered = sorted(files, key=lambda f: (shard_of(f), f))
    for i, source_file in enumerate(ordered):
        current.append(source_file)
        size += scan[source_file].size if source_file in scan else 0
        last_of_shard = i + 1 == len(ordered) or shard_of(ordered[i + 1]) != shard_of(source_file)
        if last_of_shard or size >= BATCH_BYTES or len(current) >= BATCH_FILES:
            out[f"{shard_of(source_file)}-{len(out):06d}"] = current
            current, size = [], 0
    return out


def run_batches(
    root: Path, files: Sequence[str], scan: Mapping[str, FileStat], stored: Mapping[str, StoredFile], stage: Path, workers: int
) -> Iterator[BatchResult]:
    """Tag every batch, in worker processes when there is enough to read, else in this one."""
    jobs = [(str(root), [(f, stored.get(f)) for f in batch], str(stage), name) for name, batch in batches(files, scan).items()]
    total = sum(scan[f].size for f in files if f in scan)
    # A daemon process (e.g. a task of Celery's prefork pool) may not start processes of its own.
    if workers <= 1 or len(jobs) <= 1 or total < PARALLEL_MIN_BYTES or current_process().daemon:
        for job in jobs:
            yield tag_batch(*job)
        return
    with tagging_pool(workers) as pool:
        for done in as_completed([pool.submit(tag_batch, *job) for job in jobs]):
            yield done.result()


# ── loading ───────────────────────────────────────────────────────────────────────────────


@dataclass
class RunReport:
    rewritten: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    touched: list[str] = field(default_factory=list)
    unchanged: int = 0
    files: list[str] = field(default_factory=list)  # the files of the run's shards that are in the folder now
    rows_written: dict[str, int] = field(default_factory=dict)


def load_staged(con: duckdb.DuckDBPyConnection, stage: Path, replaced: Sequence[str], touched: Mapping[str, int]) -> dict[str, int]:
    """In one transaction: delete the rows of the replaced files from every table, insert the
    staged rows, and record the new mtimes of touched files. Returns the rows inserted per table."""
    ensure_schema(con)
    with settings(con, LOAD_SETTINGS):
        con.execute("BEGIN TRANSACTION")
        try:
            inserted = {}
            for table in ALL_TABLES:
                if replaced:
                    con.execute(f"DELETE FROM {table.name} WHERE {in_files()}", [list(replaced)])
                if (rows := staged.staged_rows(stage, table)) is not None:
                    query, params = rows
                    columns = ", ".join(table.column_names)
                    [(inserted[table.name],)] = con.execute(f"INSERT INTO {table.name} ({columns}) {query}", params).fetchall()
            if touched:
                con.execute(
                    "UPDATE source_files SET mtime_ns = t.mtime_ns FROM (SELECT unnest(?::VARCHAR[]) AS f, unnest(?::BIGINT[]) AS mtime_ns) t"
                    " WHERE source_files.source_file = t.f",
                    [list(touched), list(touched.values())],
                )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return inserted


def ingest(
    connect: Callable[[], duckdb.DuckDBPyConnection],
    root: Path,
    shards: Iterable[str] = SHARDS,
    workers: int | None = None,
    log: Callable[[str], None] = lambda message: None,
) -> RunReport:
    """Bring the rows of these shards in line with the folder. `connect` opens the database;
    it is held only to read what is stored and, at the end, for the one write transaction."""
    scan, stored = take_listing(root)
    if stored is None:
        with connect() as con:
            stored = stored_files(con)
    plan = plan_run(scan, stored, tagger_fingerprint(), shards)
    log(f"{len(plan.to_read)} {PLANNED_MARK}, {len(plan.unchanged)} unchanged, {len(plan.removed)} removed")
    report = RunReport(removed=list(plan.removed), unchanged=len(plan.unchanged))
    stage = Path(tempfile.mkdtemp(prefix=".threadline-stage-", dir=stage_parent()))
    try:
        touched: dict[str, int] = {}
        started = time.monotonic()
        for batch in run_batches(root, plan.to_read, scan, stored, stage, workers or os.cpu_count() or 1):
            report.rewritten += batch.rewritten
            report.removed += batch.vanished
            touched.update(batch.touched)
        report.rewritten.sort()
        log(f"{TAGGED_MARK} {len(report.rewritten)} file(s) in {time.monotonic() - started:.1f} s")
        started = time.monotonic()
        report.touched = sorted(touched)
        report.unchanged += len(touched)
        report.files = sorted(set(plan.to_read + plan.unchanged) - set(report.removed))
        replaced = report.rewritten + report.removed
        if (parquet := parquet_store.parquet_dir()) is not None:
            changed_shards = sorted({shard_of(f) for f in replaced + list(touched)})
            report.rows_written = parquet_store.publish_shards(parquet, stage, changed_shards, replaced, touched)
            with connect() as con:
                parquet_store.ensure_views(con, parquet)
        elif replaced or touched:
            with connect() as con:
                report.rows_written = load_staged(con, stage, replaced, touched)
        log(f"{STORED_MARK} in {time.monotonic() - started:.1f} s")
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return report


def stage_parent() -> str | None:
    """Where the staged Parquet goes: TRACKER_STAGE_DIR, else the system's temporary folder."""
    return os.environ.get("TRACKER_STAGE_DIR") or None
