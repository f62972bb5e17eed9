"""`make eval`: threadline's tagging beside the peer's (dateparser + geotext), one table.

Accuracy on the gold thread sets (the real pipeline, scored by ../shared/eval/score.py), day
dates on TimeBank, and speed of `threadline tag --jsonl` against the peer on the same input.
docs/evaluation.md says what each figure means. Needs ../shared beside the checkout.

usage: python -m evaluation.run [--write-docs]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BIN = ROOT / ".venv" / "bin"
PEER_VENV = ROOT / ".venv-peer"
PEER_PYTHON = PEER_VENV / "bin" / "python"
PEER_REQUIREMENTS = ROOT / "evaluation" / "peer-requirements.txt"
PEER_SCRIPT = ROOT / "evaluation" / "peer.py"
DOCS = ROOT / "docs" / "evaluation.md"
MARKER = "<!-- eval-table -->"
SPEED_TWEETS = 2000
OURS_REPEATS, PEER_REPEATS = 3, 2  # timing runs per figure; the fastest counts
MIN_WORK = 2.0  # seconds of work after start-up that a rate is measured on, at least

# The bars `make eval` reports against: (figure key, label, minimum).
BARS: tuple[tuple[str, str, float], ...] = (
    ("dev_country_f1", "dev country F1", 0.97),
    ("dev_date_accuracy", "dev date acc", 0.95),
    ("dev_thread_date_accuracy", "dev thread-date acc", 1.0),
    ("timebank_f1", "TimeBank F1", 0.80),
    ("timebank_speed_ratio", "TimeBank speed ratio", 20.0),
)

TweetKey = tuple[str, int, int]  # (source_file, thread_seq, position), as score.py names a tweet
Record = dict[str, object]  # one JSON line


@dataclass(frozen=True)
class GoldSet:
    label: str
    threads: Path
    gold: Path


@dataclass(frozen=True)
class Timing:
    """One program over one input: the whole command, its start-up, and its rate without start-up."""

    items: int
    wall: float  # seconds for the whole command over the input, start-up included (fastest run)
    startup: float  # seconds for the same command over the input's first item alone (fastest run)
    rate: float  # items per second once started (see `rate_without_startup`)
    repeat: int = 1  # how many copies of the input the rate was measured on

    @property
    def wall_rate(self) -> float:
        return self.items / self.wall


# ---- pure: scoring and formatting -------------------------------------------------------------


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 as score.py defines them (1.0 when nothing was expected or found)."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_tweets(gold: Mapping, predicted: Mapping[TweetKey, Record]) -> dict[str, float]:
    """score.py's definitions for per-tweet predictions `{"countries", "day"}`: country P/R/F1 over
    the gold's explicit countries, and the share of gold tweets whose day equals the gold date."""
    tp = fp = fn = found = date_ok = total = 0
    for source_file, file in gold["files"].items():
        for thread in file["threads"]:
            for tweet in thread["tweets"]:
                total += 1
                guess = predicted.get((source_file, thread["seq"], tweet["position"]))
                found += guess is not None
                ours = set(guess["countries"]) if guess else set()
                theirs = set(tweet["countries"])
                tp, fp, fn = tp + len(ours & theirs), fp + len(ours - theirs), fn + len(theirs - ours)
                date_ok += (guess["day"] if guess else None) == tweet["date"]
    p, r, f = prf(tp, fp, fn)
    return {"tweets_gold": total, "tweets_found": found, "country_precision": p, "country_recall": r,
            "country_f1": f, "date_accuracy": date_ok / total if total else 1.0}


def day_dates_of_ours(outputs: Sequence[Record]) -> dict[str, list[tuple[int, int, date]]]:
    """`threadline tag` output → the day-precision dates with a value, by document id."""
    return {
        str(out["id"]): [(d["start"], d["end"], date.fromisoformat(d["value"]))
                         for d in out["dates"] if d["precision"] == "day" and d["value"]]
        for out in outputs
    }


def day_dates_of_peer(outputs: Sequence[Record]) -> dict[str, list[tuple[int, int, date]]]:
    """peer.py output → every date it found (dateparser always answers with a day), by document id."""
    return {str(out["id"]): [(d["start"], d["end"], date.fromisoformat(d["value"])) for d in out["dates"]]
            for out in outputs}


def rate_without_startup(items: int, wall: float, startup: float) -> float:
    """Items per second once started: the run over the first item alone pays for the process,
    the imports and every first-use cost, so the other items - 1 took wall - startup seconds."""
    return (items - 1) / max(wall - startup, 1e-9)


def cell(value: object) -> str:
    """A table cell: ratios of one as 0.000, rates with thousands separators, None as '—'."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}" if value <= 1.0 else f"{value:,.1f}"
    return str(value)


def format_table(rows: Sequence[tuple[str, object, object]], headers: tuple[str, str, str] = ("figure", "threadline", "peer")) -> str:
    """Plain aligned text: the figure name left-aligned, the two values right-aligned."""
    cells = [headers] + [(label, cell(ours), cell(peer)) for label, ours, peer in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(3)]
    lines = [f"{a:<{widths[0]}} | {b:>{widths[1]}} | {c:>{widths[2]}}" for a, b, c in cells]
    lines.insert(1, "-" * widths[0] + "-+-" + "-" * widths[1] + "-+-" + "-" * widths[2])
    return "\n".join(lines)


def verdict(figures: Mapping[str, float | None]) -> str:
    """One line: PASS or FAIL against BARS, naming each bar with its figure."""
    parts, missed = [], False
    for key, label, minimum in BARS:
        value = figures.get(key)
        ok = value is not None and value >= minimum - 1e-9
        missed |= not ok
        parts.append(f"{label} {cell(value)} {'≥' if ok else '<'} {minimum:g} {'ok' if ok else 'MISSED'}")
    return ("FAIL: " if missed else "PASS: ") + "; ".join(parts)


def replace_marked_block(document: str, block: str, marker: str = MARKER) -> str:
    """The document with the text between its two marker lines replaced by block."""
    before, found, rest = document.partition(marker)
    _, found_end, after = rest.partition(marker)
    if not (found and found_end):
        raise ValueError(f"the document needs two {marker} lines around the block to replace")
    return f"{before}{marker}\n{block.strip()}\n{marker}{after}"


# ---- thin wrappers: files and subprocesses ----------------------------------------------------


def gold_sets() -> list[GoldSet]:
    """The dev set, then the project's held-out and sample sets when they are there."""
    candidates = [
        GoldSet("dev", SHARED / "eval" / "dev" / "threads", SHARED / "eval" / "dev" / "gold.json"),
        GoldSet("held-out", ROOT / "tests" / "fixtures" / "heldout" / "threads", ROOT / "tests" / "fixtures" / "heldout" / "gold.json"),
        GoldSet("sample", ROOT / "data" / "threads", ROOT / "tests" / "fixtures" / "sample_gold.json"),
    ]
    return [s for s in candidates if s.threads.is_dir() and s.gold.is_file()]


def run_command(cmd: Sequence[object], **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run a command; on failure show its error output and raise."""
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-2000:] + done.stderr[-4000:])
        raise RuntimeError(f"{' '.join(str(c) for c in cmd)} exited with {done.returncode}")
    return done


def ensure_peer() -> None:
    """Create .venv-peer with the pinned peer requirements unless it already holds them."""
    wanted = hashlib.sha256(PEER_REQUIREMENTS.read_bytes()).hexdigest()
    stamp = PEER_VENV / ".installed"
    if PEER_PYTHON.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        return
    print("eval: installing the peer (dateparser + geotext) into .venv-peer …", flush=True)
    if not PEER_PYTHON.exists():
        run_command([sys.executable, "-m", "venv", PEER_VENV])
    run_command([BIN / "uv", "pip", "install", "-q", "--python", PEER_PYTHON, "-r", PEER_REQUIREMENTS],
        env={**os.environ, "UV_COMPILE_BYTECODE": "1"})
    stamp.write_text(wanted + "\n")


def pipeline_scores(gold_set: GoldSet, work: Path) -> dict:
    """`threadline run` on the set's threads into a private database, scored by score.py --json."""
    home, db = work / f"{gold_set.label}-home", work / f"{gold_set.label}.duckdb"
    home.mkdir()
    env = {**os.environ, "TRACKER_THREADS_DIR": str(gold_set.threads), "TRACKER_DB": str(db),
           "TRACKER_OUT": str(work / f"{gold_set.label}-out"), "DAGSTER_HOME": str(home)}
    run_command([BIN / "threadline", "run"], env=env, cwd=work)
    out = run_command([sys.executable, SHARED / "eval" / "score.py", "--db", db, "--gold", gold_set.gold, "--json"]).stdout
    return json.JSONDecoder().raw_decode(out.lstrip())[0]


def thread_tweets(folder: Path) -> dict[TweetKey, Record]:
    """Every tweet of the folder as threadline's parsers read it, as `{"id", "text", "anchor"}`;
    the anchor is the tweet's created_at day, else its thread's posted day."""
    from threadline.parsers import list_thread_files, read_thread_file

    tweets: dict[TweetKey, Record] = {}
    for source_file in list_thread_files(folder):
        parsed, _ = read_thread_file(folder, source_file)
        for thread in parsed.threads:
            for tweet in thread.tweets:
                moment = tweet.created_at or thread.posted_at
                key = (source_file, thread.seq, tweet.position)
                tweets.setdefault(key, {"id": f"{source_file}#{thread.seq}/{tweet.position}", "text": tweet.text,
                                        "anchor": moment.date().isoformat() if moment else None})
    return tweets


def tag_jsonl(cmd: Sequence[object], records: Sequence[Record], path: Path) -> tuple[float, list[Record]]:
    """Write records to path, run `cmd path`, and return the wall-clock seconds and the output lines."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    started = time.perf_counter()
    out = run_command([*cmd, path]).stdout
    elapsed = time.perf_counter() - started
    return elapsed, [json.loads(line) for line in out.splitlines() if line.strip()]


def timed(cmd: Sequence[object], records: Sequence[Record], path: Path, repeats: int) -> tuple[Timing, list[Record]]:
    """Time cmd over records (fastest of `repeats` runs) and over the first record alone (start-up,
    fastest of three). When the part after start-up is shorter than MIN_WORK seconds, the rate
    is measured on the input repeated enough times to pass it, so start-up jitter stays small."""
    startup = min(tag_jsonl(cmd, records[:1], path)[0] for _ in range(3))
    walls, outputs = [], []
    for _ in range(repeats):
        seconds, outputs = tag_jsonl(cmd, records, path)
        walls.append(seconds)
    wall = min(walls)
    repeat = 1 if wall - startup >= MIN_WORK else min(math.ceil(MIN_WORK / max(wall - startup, 0.01)), 50)
    long_wall = wall if repeat == 1 else min(tag_jsonl(cmd, list(records) * repeat, path)[0] for _ in range(repeats))
    rate = rate_without_startup(len(records) * repeat, long_wall, startup)
    return Timing(len(records), wall, startup, rate, repeat), outputs


def speed_tweets() -> tuple[str, list[Record]]:
    """~2,000 tweets for the speed figure: the Feb–Apr 2022 CSV's `tweets` column (cycled when it
    has fewer rows), else the dev tweets cycled."""
    csv_path = SHARED / "real" / "ukraine_tweets_feb_apr_2022.csv"
    if csv_path.is_file():
        with csv_path.open(encoding="utf-8", newline="") as f:
            rows = [r for r in csv.DictReader(f) if (r.get("tweets") or "").strip()]
        records = [{"id": i, "text": r["tweets"], "anchor": (r.get("created_at") or "")[:10] or None}
                   for i, r in enumerate(rows)]
        source = f"{csv_path.name} ({len(records)} rows)"
    else:
        records = list(thread_tweets(SHARED / "eval" / "dev" / "threads").values())
        source = f"dev tweets ({len(records)})"
    cycled = [{**r, "id": i} for i, r in enumerate(itertools.islice(itertools.cycle(records), SPEED_TWEETS))]
    return source, cycled


# ---- the report -------------------------------------------------------------------------------


def evaluate(work: Path) -> tuple[list[tuple[str, object, object]], dict[str, float | None], list[str]]:
    """Every figure: the table's rows, the figures the bars read, and notes printed under the table."""
    from evaluation.timebank import load_timebank, score_day_dates, timebank_jsonl

    ours_cmd: list[object] = [BIN / "threadline", "tag", "--jsonl"]
    peer_cmd: list[object] = [PEER_PYTHON, PEER_SCRIPT]
    rows: list[tuple[str, object, object]] = []
    figures: dict[str, float | None] = {}
    notes: list[str] = []

    for gold_set in gold_sets():
        print(f"eval: {gold_set.label} set — threadline run, score.py, peer …", flush=True)
        ours = pipeline_scores(gold_set, work)
        tweets = thread_tweets(gold_set.threads)
        _, peer_out = tag_jsonl(peer_cmd, list(tweets.values()), work / f"{gold_set.label}-peer.jsonl")
        by_id = {str(out["id"]): out for out in peer_out}
        peer = score_tweets(json.loads(gold_set.gold.read_text(encoding="utf-8")),
                            {key: by_id[str(r["id"])] for key, r in tweets.items()})
        name = gold_set.label
        if name == "dev":
            rows.append(("dev tweets found / gold", f"{ours['tweets_found']}/{ours['tweets_gold']}",
                         f"{peer['tweets_found']}/{peer['tweets_gold']}"))
            rows += [(f"dev country {m}", ours[f"country_{k}"], peer[f"country_{k}"])
                     for m, k in (("precision", "precision"), ("recall", "recall"), ("F1", "f1"))]
            rows.append(("dev date accuracy", ours["date_accuracy"], peer["date_accuracy"]))
            rows.append(("dev thread-date accuracy", ours["thread_date_accuracy"], None))
            figures.update(dev_country_f1=ours["country_f1"], dev_date_accuracy=ours["date_accuracy"],
                           dev_thread_date_accuracy=ours["thread_date_accuracy"])
        else:
            rows.append((f"{name} country F1", ours["country_f1"], peer["country_f1"]))
            rows.append((f"{name} date accuracy", ours["date_accuracy"], peer["date_accuracy"]))

    timebank_dir = SHARED / "real" / "timebank"
    if timebank_dir.is_dir():
        print("eval: TimeBank — threadline tag, peer (timed) …", flush=True)
        docs = load_timebank(timebank_dir)
        records = timebank_jsonl(docs)
        ours_t, ours_out = timed(ours_cmd, records, work / "timebank.jsonl", OURS_REPEATS)
        peer_t, peer_out = timed(peer_cmd, records, work / "timebank.jsonl", PEER_REPEATS)
        ours_s = score_day_dates(docs, day_dates_of_ours(ours_out))
        peer_s = score_day_dates(docs, day_dates_of_peer(peer_out))
        rows.append(("TimeBank day dates gold / predicted", f"{ours_s['gold']}/{ours_s['predicted']}",
                     f"{peer_s['gold']}/{peer_s['predicted']}"))
        rows += [(f"TimeBank day-date {m}", ours_s[k], peer_s[k])
                 for m, k in (("precision", "precision"), ("recall", "recall"), ("F1", "f1"))]
        rows.append((f"TimeBank wall clock, {len(records)} docs (s)", f"{ours_t.wall:.2f}", f"{peer_t.wall:.2f}"))
        rows.append(("TimeBank start-up, first doc alone (s)", f"{ours_t.startup:.2f}", f"{peer_t.startup:.2f}"))
        rows.append(("TimeBank docs/s incl. start-up", ours_t.wall_rate, peer_t.wall_rate))
        rows.append(("TimeBank docs/s excl. start-up", ours_t.rate, peer_t.rate))
        ratio = ours_t.rate / peer_t.rate
        rows.append(("TimeBank speed ratio (excl. start-up)", f"{ratio:.1f}×", "1×"))
        figures.update(timebank_f1=ours_s["f1"], timebank_speed_ratio=ratio)
        notes.append(f"TimeBank rates measured on the documents ×{ours_t.repeat} (threadline), ×{peer_t.repeat} (peer)")
    else:
        notes.append(f"no TimeBank at {timebank_dir}: its rows are missing")

    print("eval: tweets — threadline tag, peer (timed) …", flush=True)
    source, tweets_speed = speed_tweets()
    ours_t, _ = timed(ours_cmd, tweets_speed, work / "speed.jsonl", OURS_REPEATS)
    peer_t, _ = timed(peer_cmd, tweets_speed, work / "speed.jsonl", PEER_REPEATS)
    rows.append(("start-up, first tweet alone (s)", f"{ours_t.startup:.2f}", f"{peer_t.startup:.2f}"))
    rows.append((f"tweets/s excl. start-up ({len(tweets_speed):,})", ours_t.rate, peer_t.rate))
    rows.append(("tweets speed ratio", f"{ours_t.rate / peer_t.rate:.1f}×", "1×"))
    notes.append(f"speed tweets: {source}, cycled to {len(tweets_speed):,}; "
                 f"rates measured on them ×{ours_t.repeat} (threadline), ×{peer_t.repeat} (peer)")
    return rows, figures, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--write-docs", action="store_true", help=f"rewrite the table between the {MARKER} lines of docs/evaluation.md")
    args = parser.parse_args(argv)
    if not (SHARED / "eval" / "score.py").is_file():
        print(f"eval: needs the shared folder beside the checkout ({SHARED}, with eval/score.py); not found", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        ensure_peer()
        peer_versions = run_command([PEER_PYTHON, "-c", "import importlib.metadata as m; "
                             "print(*(f'{p} {m.version(p)}' for p in ('dateparser', 'geotext')), sep=', ')"]).stdout.strip()
        with tempfile.TemporaryDirectory(prefix="threadline-eval-") as tmp:
            rows, figures, notes = evaluate(Path(tmp))
    except RuntimeError as exc:  # a command failed; its output is above. Anything else raises.
        print(f"eval: failed: {exc!r}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    notes += [f"peer: {peer_versions}; machine: {os.cpu_count()} cores; "
              f"measured {date.today().isoformat()}; make eval took {elapsed:.0f} s"]
    report = "\n".join([format_table(rows), "", *notes, verdict(figures)])
    print()
    print(report)
    if args.write_docs:
        DOCS.write_text(replace_marked_block(DOCS.read_text(encoding="utf-8"), f"```text\n{report}\n```"), encoding="utf-8")
        print(f"eval: table written to {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
