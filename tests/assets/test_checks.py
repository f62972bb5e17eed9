"""Each table check fails on rows that break its rule, passes on good rows, and looks only at
the rows of the files it is given (the files the run rewrote)."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from assets.checks import ROW_CHECKS, check_rows
from threadline.store import ensure_schema

GOOD, BAD, OTHER = "good.txt", "bad.txt", "other.txt"


def _tweet(con, source_file: str, position: int, tweet: str | None = None) -> None:
    tweet_id = tweet or f"{source_file}#1/{position}"
    con.execute(
        "INSERT INTO tweets (tweet_id, thread_id, source_file, position) VALUES (?, ?, ?, ?)",
        [tweet_id, f"{source_file}#1", source_file, position],
    )


def _event(con, source_file: str, tweet_id: str, when: date | None = date(2022, 1, 5), n: int = 1, precision="day", source="text") -> str:
    event_id = f"{tweet_id}:{n}"
    con.execute(
        "INSERT INTO events (event_id, tweet_id, thread_id, source_file, event_date, date_precision, date_source) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [event_id, tweet_id, tweet_id.split("/")[0], source_file, when, precision if when else None, source if when else None],
    )
    return event_id


def _country(con, source_file: str, event_id: str, country="KAZ", how="explicit") -> None:
    con.execute("INSERT INTO event_countries (event_id, source_file, country, how) VALUES (?, ?, ?, ?)", [event_id, source_file, country, how])


def _good_file(con, source_file: str) -> None:
    for position in (1, 2):
        _tweet(con, source_file, position)
        event = _event(con, source_file, f"{source_file}#1/{position}")
        _country(con, source_file, event, "KAZ", "explicit")
        _country(con, source_file, event, "RUS", "inherited")
    _event(con, source_file, f"{source_file}#1/1", when=None, n=2)  # undated: needs no precision or source


def _repeated_position(con, f):
    _tweet(con, f, 1)
    _tweet(con, f, 1, tweet=f"{f}#1/1b")


def _orphan_event(con, f):
    _tweet(con, f, 1)
    _event(con, f, f"{f}#1/9")


def _orphan_of_another_file(con, f):
    # the tweet exists, but in another file than the event says: its own file has no such tweet
    _tweet(con, OTHER, 1)
    _event(con, f, f"{OTHER}#1/1")


def _unexplained_date(con, f):
    _tweet(con, f, 1)
    con.execute(
        "INSERT INTO events (event_id, tweet_id, source_file, event_date, date_precision, date_source) VALUES (?, ?, ?, ?, NULL, 'text')",
        [f"{f}#1/1:1", f"{f}#1/1", f, date(2022, 1, 5)],
    )


def _bad_code(con, f):
    _tweet(con, f, 1)
    _country(con, f, _event(con, f, f"{f}#1/1"), "Kazakhstan", "explicit")


def _bad_how(con, f):
    _tweet(con, f, 1)
    _country(con, f, _event(con, f, f"{f}#1/1"), "KAZ", "guessed")


BREAKERS = [
    ("tweet_positions_unique", _repeated_position),
    ("events_have_tweets", _orphan_event),
    ("events_have_tweets", _orphan_of_another_file),
    ("event_dates_explained", _unexplained_date),
    ("countries_are_alpha3", _bad_code),
    ("countries_are_alpha3", _bad_how),
]


@pytest.fixture
def con(tmp_path):
    with duckdb.connect(str(tmp_path / "checks.duckdb")) as con:
        ensure_schema(con)
        _good_file(con, GOOD)
        yield con


def _results(con, files) -> dict[str, object]:
    return {r.check_name: r for r in check_rows(con, files)}


def test_every_check_passes_on_good_rows(con):
    results = _results(con, [GOOD])
    assert set(results) == {check.name for check in ROW_CHECKS}
    assert all(r.passed and r.metadata["violations"].value == 0 for r in results.values())


@pytest.mark.parametrize(("check", "breaker"), BREAKERS, ids=[b.__name__.strip("_") for _, b in BREAKERS])
def test_each_check_fails_on_rows_that_break_it(con, check, breaker):
    breaker(con, BAD)
    results = _results(con, [GOOD, BAD])
    failed = {name for name, r in results.items() if not r.passed}
    assert failed == {check}
    assert results[check].metadata["violations"].value >= 1
    assert results[check].metadata["sample"].value.startswith("- ")  # the offending rows are listed


@pytest.mark.parametrize(("check", "breaker"), BREAKERS, ids=[b.__name__.strip("_") for _, b in BREAKERS])
def test_rows_of_files_not_rewritten_are_not_looked_at(con, check, breaker):
    breaker(con, BAD)
    results = _results(con, [GOOD])
    assert all(r.passed for r in results.values())
    assert results[check].metadata["files checked"].value == 1


def test_a_run_that_rewrote_no_file_reports_every_check_passed_on_nothing(con):
    _broken_everywhere(con, BAD)
    results = _results(con, [])
    assert set(results) == {check.name for check in ROW_CHECKS}
    assert all(r.passed and r.metadata["files checked"].value == 0 for r in results.values())


def _broken_everywhere(con, source_file: str) -> None:
    for _check, breaker in BREAKERS:
        breaker(con, source_file)
