"""Figure builders: lanes, order, traces, markers and hover text (events DataFrame in, Figure out)."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from dashboards import activity_figure, timeline_figure
from dashboards.figures import EVENT_TYPE_COLOURS, WEBGL_THRESHOLD, marker_symbol
from dashboards.prep import EVENT_COLUMNS, NO_COUNTRY_LABEL, country_order, normalise_events, wrap_lines
from tests.dashboards.event_rows import NAMES, row



def frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def data_traces(fig: go.Figure) -> list:
    """The traces that carry markers (each event type also has a legend-only trace with x=[None])."""
    return [t for t in fig.data if list(t.x) != [None]]


def points(fig: go.Figure) -> list[dict]:
    out = []
    for t in data_traces(fig):
        symbols = t.marker.symbol if isinstance(t.marker.symbol, (list, tuple)) else [t.marker.symbol] * len(t.x)
        for x, y, h, s, c in zip(t.x, t.y, t.hovertext, symbols, t.customdata):
            out.append(dict(type=t.legendgroup, x=x, y=y, hover=h, symbol=s, custom=c))
    return out


def lanes(fig: go.Figure) -> list[str]:
    return list(fig.layout.yaxis.ticktext)


# ---------------------------------------------------------------- timeline


def test_lanes_put_kazakhstan_ukraine_russia_first_then_others_by_event_count():
    rows = [
        # USA has the most events, Belarus two, Russia one; KAZ/UKR/RUS still come first.
        *(row(f"us{i}", "USA") for i in range(5)),
        row("by1", "BLR"),
        row("by2", "BLR"),
        row("ru1", "RUS"),
        row("ua1", "UKR"),
        row("ua2", "UKR"),
        row("kz1", "KAZ"),
        row("cn1", "CHN"),
        row("none1", None),
    ]
    fig = timeline_figure(frame(rows))
    assert lanes(fig) == ["Kazakhstan", "Ukraine", "Russia", "United States", "Belarus", "China", NO_COUNTRY_LABEL]
    assert list(fig.layout.yaxis.tickvals) == list(range(7))
    # Top to bottom: the y axis is reversed, lane 0 (Kazakhstan) at the top.
    assert fig.layout.yaxis.range[0] > fig.layout.yaxis.range[1]


def test_focus_countries_keep_their_order_whatever_the_counts():
    rows = [row("r1", "RUS"), row("r2", "RUS"), row("r3", "RUS"), row("k1", "KAZ"), row("u1", "UKR"), row("u2", "UKR")]
    assert lanes(timeline_figure(frame(rows))) == ["Kazakhstan", "Ukraine", "Russia"]
    assert country_order(normalise_events(frame(rows))) == ["KAZ", "UKR", "RUS"]


def test_lane_label_falls_back_to_the_code_when_no_name():
    fig = timeline_figure(frame([row("e1", "XKX", country_name=None)]))
    assert lanes(fig) == ["XKX"]


def test_one_marker_per_event_and_country_with_day_week_or_month_date():
    rows = [
        row("e1", "KAZ"),
        row("e1", "RUS", how="inherited"),  # the same event in a second lane
        row("e2", "UKR", day=date(2022, 1, 3), date_precision="week"),
        row("e3", "UKR", day=date(2022, 1, 1), date_precision="month"),
        row("e4", "UKR", day=date(2022, 1, 1), date_precision="year"),  # too coarse: listed, not drawn
        row("e5", "KAZ", day=None),  # undated: listed, not drawn
    ]
    pts = points(timeline_figure(frame(rows)))
    assert len(pts) == 4
    by_lane = sorted((round(p["y"]), p["custom"][4].split(" · ")[0]) for p in pts)
    assert by_lane == [(0, "5 Jan 2022"), (1, "January 2022"), (1, "week of 3 Jan 2022"), (2, "5 Jan 2022")]


def test_markers_coloured_by_event_type_with_one_legend_entry_each():
    rows = [
        row("e1", event_type="protest"),
        row("e2", event_type="military"),
        row("e3", event_type="military"),
        row("e4", event_type="something new"),
        row("e5", event_type=None),
    ]
    fig = timeline_figure(frame(rows))
    legend = [t for t in fig.data if t.showlegend]
    assert [t.name for t in legend] == ["protest", "military", "something new", "unlabelled"]
    colours = {t.name: t.marker.color for t in legend}
    assert colours["protest"] == EVENT_TYPE_COLOURS["protest"]
    assert colours["military"] == EVENT_TYPE_COLOURS["military"]
    assert len(set(colours.values())) == 4
    # Data traces share their legend entry's group and colour.
    for t in data_traces(fig):
        assert t.showlegend is False
        assert t.marker.color == colours[t.legendgroup]
    assert sorted(len(t.x) for t in data_traces(fig)) == [1, 1, 1, 2]


def test_marker_symbol_shows_how_and_precision():
    assert marker_symbol("day", "explicit") == "circle"
    assert marker_symbol("day", "inherited") == "circle-open"
    assert marker_symbol("week", "explicit") == "square"
    assert marker_symbol("month", "inherited") == "diamond-open"
    assert marker_symbol(None, None) == "circle"
    rows = [row("e1", "KAZ"), row("e1", "RUS", how="inherited")]
    syms = {round(p["y"]): p["symbol"] for p in points(timeline_figure(frame(rows)))}
    assert syms == {0: "circle", 1: "circle-open"}


def test_markers_on_the_same_day_and_lane_are_spread_not_stacked():
    rows = [row(f"e{i}", "KAZ") for i in range(4)]
    ys = sorted(p["y"] for p in points(timeline_figure(frame(rows))))
    assert len(set(ys)) == 4
    assert all(-0.5 < y < 0.5 for y in ys)


def test_hover_text_is_escaped_wrapped_and_truncated():
    hostile = "<img src=x onerror=alert(1)> & </script><script>alert(1)</script> <b>bold</b>"
    long_text = "word " * 200
    rows = [
        row("e1", text=hostile, author="<i>evil</i>", source_file="<svg onload=alert(1)>.txt", event_type="<b>x</b>"),
        row("e2", text=long_text),
    ]
    fig = timeline_figure(frame(rows))
    hovers = {p["custom"][1][:4]: p["hover"] for p in points(fig)}
    h = hovers["<img"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in h
    assert "&amp;" in h
    assert "&lt;/script&gt;&lt;script&gt;" in h
    assert "&lt;i&gt;evil&lt;/i&gt;" in h
    assert "&lt;svg onload=alert(1)&gt;.txt" in h
    # The only markup is ours: <br>, <b> around the date, <i> around the provenance lines.
    stripped = h.replace("<br>", "").replace("<b>", "").replace("</b>", "").replace("<i>", "").replace("</i>", "")
    assert "<" not in stripped and ">" not in stripped
    # Legend names are escaped too.
    assert "&lt;b&gt;x&lt;/b&gt;" in [t.name for t in fig.data]

    long_hover = hovers["word"]
    text_lines = [line for line in long_hover.split("<br>") if line.startswith("word")]
    assert text_lines and all(len(line) <= 60 for line in text_lines)
    assert len(" ".join(text_lines)) <= 290
    assert text_lines[-1].endswith("…")


def test_wrap_lines_limits():
    lines = wrap_lines("x" * 1000)
    assert all(len(line) <= 60 for line in lines)
    assert sum(len(line) for line in lines) <= 280


def test_hover_names_author_file_thread_position_and_how_the_date_was_found():
    rows = [
        row("e1", author="kz_watch", source_file="a/b.txt", thread_seq=3, position=7, date_source="thread"),
        row("e2", "UKR", day=date(2022, 2, 7), date_precision="week", date_source="text", how="inherited"),
    ]
    hovers = sorted(p["hover"] for p in points(timeline_figure(frame(rows))))
    first = next(h for h in hovers if "kz_watch" in h)
    assert "@kz_watch" in first
    assert "a/b.txt · thread 3 · tweet 7" in first
    assert "the thread's date, precise to the day" in first
    assert "<b>5 Jan 2022</b>" in first
    assert "Kazakhstan — named in this tweet" in first
    second = next(h for h in hovers if "Ukraine" in h)
    assert "week of 7 Feb 2022" in second
    assert "named in the tweet, precise to the week" in second
    assert "inherited from the thread" in second


def test_click_data_carries_only_safe_urls():
    rows = [row("e1", url="javascript:alert(1)"), row("e2", url="https://x.com/a/status/2")]
    urls = sorted(p["custom"][0] for p in points(timeline_figure(frame(rows))))
    assert urls == ["", "https://x.com/a/status/2"]


def test_scattergl_only_above_the_threshold():
    small = frame([row(f"e{i}") for i in range(10)])
    assert {type(t) for t in timeline_figure(small).data} == {go.Scatter}
    many = frame([row(f"e{i}", day=date(2022, 1, 1 + i % 28)) for i in range(WEBGL_THRESHOLD + 1)])
    assert {type(t) for t in timeline_figure(many).data} == {go.Scattergl}


def test_timeline_has_a_range_slider_and_an_explicit_x_range():
    fig = timeline_figure(frame([row("e1"), row("e2", day=date(2022, 3, 1))]))
    assert fig.layout.xaxis.rangeslider.visible is True
    lo, hi = fig.layout.xaxis.range
    assert lo < "2022-01-05" and hi > "2022-03-01"
    assert fig.layout.yaxis.fixedrange is True


def test_messy_nulls_and_types_are_accepted():
    rows = [
        row(1, event_date=pd.Timestamp("2022-01-05"), thread_seq=float("nan"), position=2.0, author=float("nan")),
        row(2, event_date=pd.NaT, date_precision=None),
        row(3, event_date="2022-01-07", country=None, country_name=None, how=None, url=None),
    ]
    fig = timeline_figure(pd.DataFrame(rows, columns=EVENT_COLUMNS))
    pts = points(fig)
    assert len(pts) == 2
    assert lanes(fig) == ["Kazakhstan", NO_COUNTRY_LABEL]
    h = next(p["hover"] for p in pts if "5 Jan" in p["hover"])
    assert "unknown author · threads/seed.txt · tweet 2" in h  # no thread number: it was NaN
    assert not any(isinstance(p["y"], float) and math.isnan(p["y"]) for p in pts)


def test_row_order_does_not_change_the_figure():
    rows = [row(f"e{i}", c, day=date(2022, 1, 1 + i % 5)) for i, c in enumerate(["KAZ", "RUS", "USA", "UKR", None] * 4)]
    a = pio.to_json(timeline_figure(frame(rows)), engine="json")
    b = pio.to_json(timeline_figure(frame(list(reversed(rows)))), engine="json")
    assert a == b


@pytest.mark.parametrize("events", [pd.DataFrame(), pd.DataFrame(columns=EVENT_COLUMNS), None])
def test_empty_inputs_give_a_figure_that_says_so(events):
    for build in (timeline_figure, activity_figure):
        fig = build(events)
        assert isinstance(fig, go.Figure)
        assert len(fig.data) == 0
        assert fig.layout.annotations and "No" in fig.layout.annotations[0].text


def test_only_undated_events_give_an_empty_timeline():
    fig = timeline_figure(frame([row("e1", day=None)]))
    assert len(fig.data) == 0
    assert "No dated events" in fig.layout.annotations[0].text


# ---------------------------------------------------------------- activity


def test_activity_stacks_weekly_counts_in_lane_order():
    rows = [
        *(row(f"us{i}", "USA", day=date(2022, 1, 4)) for i in range(3)),
        row("k1", "KAZ", day=date(2022, 1, 3)),  # Monday
        row("k2", "KAZ", day=date(2022, 1, 9)),  # Sunday: same ISO week
        row("k3", "KAZ", day=date(2022, 1, 10)),  # next week
        row("k3", "RUS", day=date(2022, 1, 10), how="inherited"),  # counted in each country
        row("u1", "UKR", day=date(2022, 1, 10), date_precision="week"),
        row("m1", "UKR", day=date(2022, 1, 1), date_precision="month"),  # not counted
        row("n1", "KAZ", day=None),  # not counted
    ]
    fig = activity_figure(frame(rows))
    assert fig.layout.barmode == "stack"
    assert all(isinstance(t, go.Bar) for t in fig.data)
    assert [t.name for t in fig.data] == ["Kazakhstan", "Ukraine", "Russia", "United States"]
    counts = {t.name: dict(zip(t.x, t.y)) for t in fig.data}
    assert counts["Kazakhstan"] == {"2022-01-03": 2, "2022-01-10": 1}
    assert counts["Ukraine"] == {"2022-01-10": 1}
    assert counts["Russia"] == {"2022-01-10": 1}
    assert counts["United States"] == {"2022-01-03": 3}


def test_activity_groups_the_long_tail_and_escapes_names():
    codes = [f"C{i:02d}" for i in range(14)]
    rows = [row(f"e{c}{j}", c, country_name=f"<{c}>") for i, c in enumerate(codes) for j in range(14 - i)]
    rows.append(row("kz", "KAZ"))
    names = [t.name for t in activity_figure(frame(rows)).data]
    assert names[0] == "Kazakhstan"
    assert names[1] == "&lt;C00&gt;"
    assert names[-1] == "Other countries"
    assert len(names) == 11
