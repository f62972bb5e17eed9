"""The pure parts of `make eval`: the peer's alpha-2 → alpha-3 mapping and span locating, and
run.py's scoring and table. No network, no ../shared, no peer virtualenv."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from evaluation.peer import ALPHA3, locate_spans, to_alpha3
from evaluation.run import (
    MARKER,
    Timing,
    day_dates_of_ours,
    day_dates_of_peer,
    format_table,
    rate_without_startup,
    replace_marked_block,
    score_tweets,
    verdict,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("alpha2", "alpha3"),
    [("KZ", "KAZ"), ("UA", "UKR"), ("RU", "RUS"), ("US", "USA"), ("BY", "BLR"), ("CN", "CHN"),
     ("DE", "DEU"), ("GB", "GBR"), ("UK", "GBR"), ("XK", "XKX"), ("kz", "KAZ")],
)
def test_alpha2_to_alpha3(alpha2: str, alpha3: str) -> None:
    assert to_alpha3([alpha2]) == [alpha3]


def test_to_alpha3_keeps_first_order_and_drops_unknown_codes() -> None:
    assert to_alpha3(["KZ", "RU", "ZZ", "KZ", "UK", "GB"]) == ["KAZ", "RUS", "GBR"]
    assert to_alpha3([]) == []


def test_mapping_covers_every_iso_country_once() -> None:
    assert len(ALPHA3) == 253  # GeoNames' 252 codes and geotext's "UK"
    assert all(len(k) == 2 and len(v) == 3 and k.isupper() and v.isupper() for k, v in ALPHA3.items())
    values = [v for k, v in ALPHA3.items() if k != "UK"]
    assert len(values) == len(set(values))


def test_peer_module_imports_neither_dateparser_nor_threadline() -> None:
    code = ("import sys, evaluation.peer; "
            "assert not {'dateparser', 'geotext', 'threadline'} & set(sys.modules), sorted(sys.modules)")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


@pytest.mark.parametrize(
    ("text", "found", "spans"),
    [
        ("on May 5 and May 6", ["May 5", "May 6"], [(3, 8), (13, 18)]),
        # a repeated substring is found again after the previous one, not at its first place
        ("today, then today again", ["today", "today"], [(0, 5), (12, 17)]),
        # out of order: not after the cursor, so found from the start
        ("May 6 then May 5", ["May 5", "May 6"], [(11, 16), (0, 5)]),
        ("no dates", ["yesterday", ""], [None, None]),
        ("вчера и 6 января", ["6 января", "вчера"], [(8, 16), (0, 5)]),
    ],
)
def test_locate_spans(text: str, found: list[str], spans: list) -> None:
    assert locate_spans(text, found) == spans
    for span, sub in zip(spans, found):
        if span:
            assert text[span[0]:span[1]] == sub


GOLD = {"files": {"a.txt": {"threads": [{"seq": 1, "posted": "2022-01-05", "tweets": [
    {"position": 1, "countries": ["KAZ", "RUS"], "date": "2022-01-05"},
    {"position": 2, "countries": [], "date": "2022-01-04"},
    {"position": 3, "countries": ["UKR"], "date": None},
]}]}}}


def test_score_tweets_follows_score_py() -> None:
    predicted = {
        ("a.txt", 1, 1): {"countries": ["KAZ", "USA"], "day": "2022-01-05"},
        ("a.txt", 1, 2): {"countries": [], "day": "2022-01-05"},
        # ("a.txt", 1, 3) missing: its country is a miss, its date (None) counts as right
    }
    s = score_tweets(GOLD, predicted)
    assert (s["tweets_gold"], s["tweets_found"]) == (3, 2)
    assert s["country_precision"] == pytest.approx(1 / 2)
    assert s["country_recall"] == pytest.approx(1 / 3)
    assert s["country_f1"] == pytest.approx(0.4)
    assert s["date_accuracy"] == pytest.approx(2 / 3)


def test_score_tweets_empty_is_perfect() -> None:
    s = score_tweets({"files": {}}, {})
    assert (s["country_f1"], s["date_accuracy"]) == (1.0, 1.0)


def test_day_dates_keep_only_valued_days_from_ours() -> None:
    ours = [{"id": "d1", "countries": [], "dates": [
        {"text": "Monday", "start": 0, "end": 6, "value": "1998-01-05", "precision": "day"},
        {"text": "January", "start": 10, "end": 17, "value": "1998-01-01", "precision": "month"},
        {"text": "that day", "start": 20, "end": 28, "value": None, "precision": "day"},
    ]}]
    assert day_dates_of_ours(ours) == {"d1": [(0, 6, date(1998, 1, 5))]}
    peer = [{"id": "d1", "countries": [], "day": "1998-01-05", "dates": [
        {"text": "Monday", "start": 0, "end": 6, "value": "1998-01-05"}]}]
    assert day_dates_of_peer(peer) == {"d1": [(0, 6, date(1998, 1, 5))]}


def test_format_table_aligns_columns() -> None:
    table = format_table([("dev country F1", 1.0, 0.51234), ("tweets/s", 2500.0, 40.25), ("thread dates", 1.0, None)])
    lines = table.splitlines()
    assert lines[0].split("|")[0].strip() == "figure"
    assert len({len(line) for line in lines}) == 1
    assert lines[2].endswith("1.000 | 0.512")
    assert "2,500.0" in lines[3] and "40.2" in lines[3]
    assert lines[4].endswith("—")
    assert [line.index("|") for line in lines if "|" in line] == [lines[0].index("|")] * 4


def test_verdict() -> None:
    good = {"dev_country_f1": 0.98, "dev_date_accuracy": 0.95, "dev_thread_date_accuracy": 1.0,
            "timebank_f1": 0.85, "timebank_speed_ratio": 25.0}
    assert verdict(good).startswith("PASS: ")
    bad = verdict({**good, "timebank_speed_ratio": 12.0, "timebank_f1": None})
    assert bad.startswith("FAIL: ")
    assert "TimeBank speed ratio 12.0 < 20 MISSED" in bad and "TimeBank F1 — < 0.8 MISSED" in bad
    assert "dev country F1 0.980 ≥ 0.97 ok" in bad


def test_replace_marked_block() -> None:
    doc = f"# Eval\n\nintro\n\n{MARKER}\nold table\n{MARKER}\n\nafter\n"
    assert replace_marked_block(doc, "new\n") == f"# Eval\n\nintro\n\n{MARKER}\nnew\n{MARKER}\n\nafter\n"
    with pytest.raises(ValueError):
        replace_marked_block("no markers", "new")


def test_rate_excludes_startup() -> None:
    # the first item is paid for by the start-up run; the other 100 took 3.0 - 1.0 seconds
    assert rate_without_startup(101, wall=3.0, startup=1.0) == pytest.approx(50.0)
    assert rate_without_startup(5, wall=1.0, startup=1.0) > 1e6  # no measurable work: huge, not a crash
    assert Timing(items=101, wall=3.0, startup=1.0, rate=50.0).wall_rate == pytest.approx(101 / 3)
