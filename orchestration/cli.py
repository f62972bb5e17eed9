"""The `threadline` command: `threadline run` ingests the threads folder through Dagster and
draws the dashboards; `threadline ui` starts the Dagster UI on the same instance;
`threadline tag --jsonl` tags texts outside the pipeline."""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import shutil
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, nullcontext
from pathlib import Path
from typing import TextIO

from threadline.config import DAGSTER_HOME, DATABASE, OUT_DIR, PROJECT_ROOT, THREADS_DIR, apply_defaults


# Dagster logs every step event at DEBUG; on the terminal, INFO and above is enough.
QUIET = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


def prepare_home() -> Path:
    """Settle every setting and give DAGSTER_HOME the project's dagster.yaml if it has none."""
    apply_defaults()
    home = Path(os.environ[DAGSTER_HOME])
    if not (home / "dagster.yaml").exists() and (PROJECT_ROOT / "dagster.yaml").exists():
        shutil.copyfile(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    return home


# Runs started here carry the process that runs them, so a later run can tell one that died.
PID_TAG = "threadline/pid"


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fail_dead_runs(instance) -> list[str]:
    """Mark failed the runs of `threadline run` whose process is gone (killed, power cut) and free
    the DuckDB write slot they held, so the next run does not wait for it forever."""
    import dagster as dg

    dead = []
    statuses = [dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED]
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=statuses)):
        pid = run.tags.get(PID_TAG)
        if pid and pid.isdigit() and not process_alive(int(pid)):
            instance.report_run_failed(run, message=f"the process running it ({pid}) ended before the run finished")
            instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
            dead.append(run.run_id)
    return dead


def collect_garbage_from_here_on() -> None:
    """Collect garbage again, leaving out of every later full pass (and the pass at exit) what
    exists now: loaded modules, Dagster's definitions, the folder's listing. They live to the end
    of the process; walking them again in each pass costs a run about a second."""
    gc.freeze()
    gc.enable()


def sync_and_run() -> int:
    """Ingest the shards of the threads folder that changed (new, edited and removed files) and
    redraw the dashboards, in one Dagster run; with nothing changed and the pages current, no run
    is needed and none is started. Returns a process exit code."""
    from threadline.ingest import listing_handed_over, plan_run, scan_folder, stored_files
    from threadline.store import connect_when_free
    from threadline.tagging import tagger_fingerprint

    threads_dir = Path(os.environ[THREADS_DIR])
    if not threads_dir.is_dir():
        print(f"threadline: the threads folder {threads_dir} does not exist (set TRACKER_THREADS_DIR)", file=sys.stderr)
        return 2
    database, out_dir = Path(os.environ[DATABASE]), Path(os.environ[OUT_DIR])
    database.parent.mkdir(parents=True, exist_ok=True)
    scan = scan_folder(threads_dir)
    stored = {}
    if database.exists():
        with connect_when_free(str(database), read_only=True) as con:
            stored = stored_files(con)
    plan = plan_run(scan, stored, tagger_fingerprint())
    print(
        f"threadline: {len(scan)} thread file(s) in {threads_dir}: {len(plan.to_read)} new or touched, "
        f"{len(plan.removed)} removed, {len(plan.unchanged)} unchanged since the last run"
    )
    if not plan.shards and pages_current(out_dir, stored):
        print("threadline: nothing changed; no run needed")
        print_where(database, out_dir)
        return 0

    import dagster as dg

    from orchestration.executors import IN_PROCESS, executor_name, run_job
    from orchestration.jobs import partition_range_tags
    from orchestration.resources import database_kept_open

    instance = dg.DagsterInstance.get()
    collect_garbage_from_here_on()
    for run_id in fail_dead_runs(instance):
        print(f"threadline: run {run_id} was cut off before it finished; marked failed (its writes were rolled back)")
    tags = {PID_TAG: str(os.getpid())}
    if plan.shards:
        # One run, one transaction: new and changed files land and removed files' rows go together.
        job_name, tags = "timeline_job", {**tags, **partition_range_tags(plan.shards)}
    else:
        job_name = "dashboards_job"
    database_open = None
    with ExitStack() as run_here:
        if executor_name() == IN_PROCESS:
            # The steps run in this process: they take the listing and the stored files read above,
            # and share one open database.
            run_here.enter_context(listing_handed_over(threads_dir, scan, stored))
            database_open = run_here.enter_context(database_kept_open())
        result = run_job(job_name, instance, tags=tags, run_config=QUIET)
        if result.success:
            stored_now = nullcontext(database_open) if database_open is not None else connect_when_free(str(database), read_only=True)
            with stored_now as con:
                write_pages_stamp(out_dir, stored_files(con))
    print(f"threadline: run {result.run_id} {'succeeded' if result.success else 'FAILED'} (see it with `make ui`)")
    print_where(database, out_dir)
    return 0 if result.success else 1


def print_where(database: Path, out_dir: Path) -> None:
    print(f"threadline: database   {database}")
    print(f"threadline: dashboards {out_dir / 'index.html'}")


# Beside the pages: what they were drawn from, so that an unchanged folder needs no run.
PAGES_STAMP = ".threadline-pages"


def pages_fingerprint(stored: dict) -> str:
    """The data the pages show (every file's bytes and tagger) and the code that draws them."""
    import hashlib

    digest = hashlib.sha256()
    for source_file in sorted(stored):
        digest.update(f"{source_file}\0{stored[source_file].sha256}\0{stored[source_file].tagged_with}\n".encode())
    for path in sorted((PROJECT_ROOT / "dashboards").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.read_bytes())
    return digest.hexdigest()


def pages_current(out_dir: Path, stored: dict) -> bool:
    stamp = out_dir / PAGES_STAMP
    return (out_dir / "index.html").exists() and stamp.exists() and stamp.read_text() == pages_fingerprint(stored)


def write_pages_stamp(out_dir: Path, stored: dict) -> None:
    if out_dir.is_dir():
        (out_dir / PAGES_STAMP).write_text(pages_fingerprint(stored))


# Lines one worker tags at a time, and chunks in flight per worker: enough to keep every core busy
# without reading a long input ahead into memory.
TAG_CHUNK_LINES = 1000
TAG_CHUNKS_AHEAD = 2


def tag_stream(lines: TextIO, out: TextIO, errors: TextIO, workers: int | None = None) -> int:
    """Tag one JSON object per line, `{"id", "text", "anchor"}`, writing one result per line, in
    the input's order. Past one chunk of lines, the chunks are tagged on every core (`workers`).

    A bad line is reported on `errors` with its number and skipped; the rest still go through.
    Returns how many lines were bad."""
    chunks = numbered_chunks(lines, TAG_CHUNK_LINES)
    head = list(itertools.islice(chunks, 2))
    workers = workers or os.cpu_count() or 1
    if len(head) < 2 or workers < 2:
        results = map(tag_chunk, itertools.chain(head, chunks))
        return write_tagged(results, out, errors)
    from threadline.workers import tagging_pool

    with tagging_pool(workers) as pool:
        return write_tagged(in_order(pool, tag_chunk, itertools.chain(head, chunks), workers * TAG_CHUNKS_AHEAD), out, errors)


def numbered_chunks(lines: Iterable[str], size: int) -> Iterator[tuple[int, list[str]]]:
    """(number of its first line, the lines) for each run of `size` lines."""
    iterator = iter(lines)
    first = 1
    while chunk := list(itertools.islice(iterator, size)):
        yield first, chunk
        first += len(chunk)


def in_order(pool: ProcessPoolExecutor, function: Callable, items: Iterable, ahead: int) -> Iterator:
    """pool.map, but with at most `ahead` items submitted and not yet handed back."""
    pending: deque = deque()
    for item in items:
        pending.append(pool.submit(function, item))
        if len(pending) >= ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def write_tagged(results: Iterable[tuple[str, list[str]]], out: TextIO, errors: TextIO) -> int:
    bad = 0
    for tagged, messages in results:
        out.write(tagged)
        for message in messages:
            print(message, file=errors)
        bad += len(messages)
    return bad


def tag_chunk(chunk: tuple[int, list[str]]) -> tuple[str, list[str]]:
    """The results of a chunk of lines as JSON Lines, and a message for each bad line."""
    from datetime import date

    from threadline.collector import collector_paused
    from threadline.tagging import tag_text

    first_number, lines = chunk
    tagged, messages = [], []
    with collector_paused():
        for number, line in enumerate(lines, start=first_number):
            if not line.strip():
                continue
            try:
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    raise ValueError('expected an object with a "text" string')
                anchor = date.fromisoformat(record["anchor"]) if record.get("anchor") else None
            except (ValueError, TypeError) as exc:
                messages.append(f"threadline tag: line {number}: {exc}; skipped")
                continue
            tagged.append(json.dumps({"id": record.get("id"), **tag_text(record["text"], anchor)}, ensure_ascii=False) + "\n")
    return "".join(tagged), messages


def start_ui(port: int) -> int:
    """Replace this process with `dagster dev` bound to 127.0.0.1."""
    prepare_home()
    dagster = Path(sys.executable).with_name("dagster")
    args = [str(dagster), "dev", "-w", str(PROJECT_ROOT / "workspace.yaml"), "-h", "127.0.0.1", "-p", str(port)]
    os.chdir(PROJECT_ROOT)
    os.execv(args[0], args)
    return 0  # not reached


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="threadline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="ingest the threads folder and draw the dashboards")
    ui = commands.add_parser("ui", help="start the Dagster UI on 127.0.0.1")
    ui.add_argument("--port", type=int, default=int(os.environ.get("TRACKER_UI_PORT", "3000")))
    tag = commands.add_parser("tag", help="tag texts outside the pipeline: countries and dates, one JSON object per line")
    tag.add_argument("--jsonl", action="store_true", required=True,
                     help='read {"id", "text", "anchor"} per line, write {"id", "countries", "dates"} per line')
    tag.add_argument("input", nargs="?", type=argparse.FileType("r", encoding="utf-8"), default=sys.stdin,
                     help="a JSON Lines file (default: standard input)")
    tag.add_argument("--workers", type=int, default=None, metavar="N",
                     help="processes that tag a long input (default: one per core; 1: this process alone)")
    args = parser.parse_args(argv)
    if args.command == "tag":
        return 1 if tag_stream(args.input, sys.stdout, sys.stderr, args.workers) else 0
    if args.command == "run":
        # Until the job starts, nearly every object made (imports, the folder's listing) stays.
        gc.disable()
        try:
            prepare_home()
            return sync_and_run()
        finally:
            collect_garbage_from_here_on()  # the process ends next
    return start_ui(args.port)


if __name__ == "__main__":
    sys.exit(main())
