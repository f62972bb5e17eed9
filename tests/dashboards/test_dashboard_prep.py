"""Preparing the tables: anchors safe in a link, date derivations, and the client data the filters use."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from dashboards.prep import EVENT_COLUMNS, client_data, derivation_label, normalise_events, thread_anchor, thread_link, tweet_anchor
from dashboards.style import event_type_colours
from tests.dashboards.event_rows import row


@pytest.mark.parametrize(
    "thread_id",
    ["seed.txt#1", "2022-02/invasion_day.jsonl#3", "<img src=x onerror=alert(1)>#1", "Казахстан.txt#2", "", "a b/c#d?e&f"],
)
def test_anchors_are_safe_and_stable(thread_id):
    anchor = thread_anchor(thread_id)
    assert re.fullmatch(r"t-[a-z0-9-]+", anchor)
    assert anchor == thread_anchor(thread_id)
    assert re.fullmatch(r"t-[a-z0-9-]+-7", tweet_anchor(thread_id, 7))
    assert thread_link(thread_id, 7) == f"threads.html#{anchor}-7"


def test_anchors_of_look_alike_ids_differ():
    assert thread_anchor("a/b.txt#1") != thread_anchor("a-b.txt#1") != thread_anchor("a/b.txt#11")


def test_derivation_says_how_the_date_was_found():
    assert derivation_label("text", "day", "yesterday") == "named in the tweet (\u201cyesterday\u201d), precise to the day"
    assert derivation_label("thread", "day") == "the thread's date, precise to the day"
    assert derivation_label(None, None) == "no date in the tweet or its thread"


def test_normalise_keeps_one_row_per_event_and_country_the_named_one():
    rows = [row("e1", "KAZ", how="inherited"), row("e1", "KAZ"), row("e1", "RUS", how="inherited")]
    df = normalise_events(pd.DataFrame(rows, columns=EVENT_COLUMNS))
    assert [(r["country"], r["how"]) for r in df.to_dict("records")] == [("KAZ", "explicit"), ("RUS", "inherited")]


def test_client_data_rows_follow_the_normalised_frame():
    rows = [
        row("e2", "UKR", day=date(2022, 1, 9), event_type="military", text="Kyiv"),
        row("e1", "KAZ", text="Almaty", url="javascript:alert(1)"),
        row("e1", "RUS", how="inherited", text="Almaty", url="javascript:alert(1)"),
        row("u1", None, day=None, event_type=None),
    ]
    events = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    df = normalise_events(events)
    data = client_data(events, event_type_colours(["protest", "military", "unlabelled"]))
    assert data["countries"] == [["KAZ", "Kazakhstan"], ["UKR", "Ukraine"], ["RUS", "Russia"]]
    assert [t for t, _ in data["types"]] == ["protest", "military", "unlabelled"]
    ev, rs = data["events"], data["rows"]
    for i, r in enumerate(df.to_dict("records")):
        e = rs["e"][i]
        assert ev["id"][e] == r["event_id"]
        assert rs["c"][i] == ([c for c, _ in data["countries"]].index(r["country"]) if r["country"] else -1)
        assert rs["i"][i] == (r["how"] == "inherited")
    e1 = ev["id"].index("e1")
    assert ev["url"][e1] == ""  # only web addresses become links
    assert ev["week"][ev["id"].index("e2")] == "2022-01-03"
    assert ev["date"][ev["id"].index("u1")] == "" and ev["type"][ev["id"].index("u1")] == 2
