"""Co-mentions: the pair matrix, its heatmap with the tweet/thread views, and the officials named most."""

from __future__ import annotations

import pandas as pd

from dashboards import comention_figure, officials_figure
from dashboards.comentions import comention_countries, comention_matrix, official_key, top_officials
from dashboards.prep import EVENT_COLUMNS
from tests.dashboards.event_rows import row


def frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


PAIRS = [
    row("e1", "KAZ"), row("e1", "RUS"),                      # named together
    row("e2", "KAZ"), row("e2", "RUS"), row("e2", "USA"),
    row("e3", "USA"), row("e3", "RUS", how="inherited"),     # together only through the thread
    row("e4", "CHN"),
]  # fmt: skip


def test_countries_put_the_focus_first_then_by_events_named():
    assert comention_countries(frame(PAIRS)) == ["KAZ", "RUS", "USA", "CHN"]


def test_matrix_counts_events_naming_both_and_leaves_the_diagonal_blank():
    codes = ["KAZ", "RUS", "USA"]
    tweet = comention_matrix(frame(PAIRS), codes, inherited=False)
    assert tweet == [[None, 2, 1], [2, None, 1], [1, 1, None]]
    thread = comention_matrix(frame(PAIRS), codes, inherited=True)
    assert thread[1][2] == thread[2][1] == 2


def test_heatmap_switches_between_tweet_and_thread_and_carries_the_pair_codes():
    fig = comention_figure(frame(PAIRS))
    heat = fig.data[0]
    assert list(heat.x) == list(heat.y) == ["Kazakhstan", "Russia", "United States", "China"]
    assert heat.customdata[0][1] == "KAZ RUS"
    assert heat.text[0][3] == "" and heat.text[0][1] == "2"  # no wall of zeros
    assert fig.layout.meta["inherited"] is False
    views = {b.label: b.args for b in fig.layout.updatemenus[0].buttons}
    assert views["in the same thread"][1] == {"meta": {"inherited": True}}
    assert views["in the same thread"][0]["z"][0][1][2] == 2


def test_fewer_than_two_countries_say_so():
    fig = comention_figure(frame([row("e1", "KAZ")]))
    assert len(fig.data) == 0 and "Fewer than two" in fig.layout.annotations[0].text


def test_official_forms_group_by_family_name():
    assert official_key("Putin’s") == ("putin", "Putin")
    assert official_key("Vladimir  Putin") == ("putin", "Vladimir Putin")
    assert official_key("Karim Masimov's") == ("masimov", "Karim Masimov")


def test_top_officials_per_country_focus_first():
    rows = [
        row("a", "RUS", kind="official", surface="Putin"),
        row("b", "RUS", kind="official", surface="Putin’s"),
        row("c", "RUS", kind="official", surface="Vladimir Putin"),
        row("c", "KAZ", kind="official", surface="Tokayev"),
        row("d", "RUS", kind="official", surface="Lavrov"),
        row("e", "USA", kind="official", surface="Biden"),
        row("f", "USA", kind="official", surface="Biden", how="inherited"),  # inherited rows name nobody
        row("g", "UKR", kind="name", surface="Ukraine"),
    ]
    assert top_officials(frame(rows)) == [("KAZ", [("Tokayev", 1)]), ("RUS", [("Putin", 3), ("Lavrov", 1)]), ("USA", [("Biden", 1)])]
    fig = officials_figure(frame(rows))
    assert [t.name for t in fig.data] == ["Kazakhstan", "Russia", "United States"]
    assert [list(level) for level in fig.data[1].y] == [["Russia", "Russia"], ["Putin", "Lavrov"]]
    assert list(fig.data[1].x) == [3, 1]


def test_no_officials_say_so():
    fig = officials_figure(frame([row("e1", "KAZ")]))
    assert "No officials" in fig.layout.annotations[0].text
