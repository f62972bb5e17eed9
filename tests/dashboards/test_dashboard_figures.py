"""Figure builders: lanes, order, traces, markers and hover text (events DataFrame in, Figure out)."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from dashboards import activity_figure, countries_figure, overview_figure, quality_figure, timeline_figure
from dashboards.figures import WEBGL_THRESHOLD, marker_symbol
from dashboards.style import EVENT_TYPE_COLOURS
from dashboards.prep import EVENT_COLUMNS, NO_COUNTRY_LABEL, country_order, normalise_events, wrap_lines
from tests.dashboards.event_rows import row



def frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def data_traces(fig: go.Figure) -> list:
    """The traces that carry markers (each event type also has a legend-only trace with x=[None])."""
    return [t for t in fig.data if list(t.x) != [None]]


def points(fig: go.Figure, events: pd.DataFrame | None = None) -> list[dict]:
    """Every marker; with the events frame, `row` is the normalised row its customdata names."""
    rows = normalise_events(events).to_dict("records") if events is not None else None
    out = []
    for t in data_traces(fig):
        symbols = t.marker.symbol if isinstance(t.marker.symbol, (list, tuple)) else [t.marker.symbol] * len(t.x)
        for x, y, h, s, c in zip(t.x, t.y, t.hovertext, symbols, t.customdata):
            out.append(dict(type=t.legendgroup, x=x, y=y, hover=h, symbol=s, custom=c, row=rows[c] if rows else None))
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
    pts = points(timeline_figure(frame(rows)), frame(rows))
    assert len(pts) == 4
    by_lane = sorted((round(p["y"]), p["row"]["event_id"], p["row"]["country"], p["x"]) for p in pts)
    assert by_lane == [(0, "e1", "KAZ", "2022-01-05"), (1, "e2", "UKR", "2022-01-03"), (1, "e3", "UKR", "2022-01-01"), (2, "e1", "RUS", "2022-01-05")]
    assert sorted(p["row"]["date_precision"] for p in pts) == ["day", "day", "month", "week"]


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
    hovers = {p["row"]["text"][:4]: p["hover"] for p in points(fig, frame(rows))}
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


def test_customdata_is_the_row_number_in_the_normalised_frame_whatever_the_input_order():
    rows = [row("e1", "KAZ"), row("e1", "RUS", how="inherited"), row("e2", "UKR", day=date(2022, 1, 3)), row("u1", day=None)]
    for ordering in (rows, list(reversed(rows))):
        pts = points(timeline_figure(frame(ordering)), frame(ordering))
        assert sorted(p["custom"] for p in pts) == [0, 1, 2]  # the undated row (last in order) has no marker
        for p in pts:
            assert p["x"] == p["row"]["event_date"].isoformat()
            assert round(p["y"]) == {"KAZ": 0, "UKR": 1, "RUS": 2}[p["row"]["country"]]


def test_timeline_meta_lets_the_page_repack_the_lanes():
    fig = timeline_figure(frame([row("e1", "KAZ"), row("e2", "<X>", country_name="<X>")]))
    lanes = fig.layout.meta["lanes"]
    assert lanes["labels"] == ["Kazakhstan", "&lt;X&gt;"] == list(fig.layout.yaxis.ticktext)
    assert fig.layout.height == max(lanes["min"], lanes["extra"] + lanes["px"] * 2)


def test_markers_sharing_a_day_keep_the_named_countries_in_the_middle():
    rows = [row("e1", "KAZ", how="inherited"), row("e2", "KAZ"), row("e3", "KAZ", how="inherited"), row("e4", "KAZ")]
    ys = {p["row"]["event_id"]: p["y"] for p in points(timeline_figure(frame(rows)), frame(rows))}
    assert abs(ys["e2"]) < abs(ys["e1"]) and abs(ys["e4"]) < abs(ys["e3"])
    assert len(set(ys.values())) == 4 and max(abs(y) for y in ys.values()) <= 0.38


def test_scattergl_and_short_hovers_only_above_the_threshold():
    small = frame([row(f"e{i}", text="word " * 60) for i in range(10)])
    fig = timeline_figure(small)
    assert {type(t) for t in fig.data} == {go.Scatter}
    many = frame([row(f"e{i}", day=date(2022, 1, 1 + i % 28), text="word " * 60) for i in range(WEBGL_THRESHOLD + 1)])
    big = timeline_figure(many)
    assert {type(t) for t in big.data} == {go.Scattergl}
    words = lambda f: max(p["hover"].count("word") for p in points(f))  # noqa: E731
    assert words(big) < words(fig)


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


def binned(trace) -> dict[str, int]:
    """What a weekly histogram trace draws: samples per bin, keyed by the bin's Monday."""
    start = date.fromisoformat(trace.xbins.start)
    out: dict[str, int] = {}
    for x in trace.x:
        d = date.fromisoformat(x)
        monday = start + timedelta(days=7 * ((d - start).days // 7))
        out[monday.isoformat()] = out.get(monday.isoformat(), 0) + 1
    return out


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
    assert all(isinstance(t, go.Histogram) for t in fig.data)
    assert {t.xbins.size for t in fig.data} == {7 * 24 * 3600 * 1000}
    assert {t.xbins.start for t in fig.data} == {"2022-01-03"}  # a Monday
    assert [t.name for t in fig.data] == ["Kazakhstan", "Ukraine", "Russia", "United States"]
    counts = {t.name: binned(t) for t in fig.data}
    assert counts["Kazakhstan"] == {"2022-01-03": 2, "2022-01-10": 1}
    assert counts["Ukraine"] == {"2022-01-10": 1}
    assert counts["Russia"] == {"2022-01-10": 1}
    assert counts["United States"] == {"2022-01-03": 3}
    # customdata: each sample's row, so the page's filters can take samples out.
    df = normalise_events(frame(rows)).to_dict("records")
    for t in fig.data:
        assert [df[i]["event_date"].isoformat() for i in t.customdata] == list(t.x)
    # A button re-bins per day.
    labels = {b.label: b.args[0] for b in fig.layout.updatemenus[0].buttons}
    assert labels["per day"]["xbins.size"] == 24 * 3600 * 1000


def test_activity_groups_the_long_tail_and_escapes_names():
    codes = [f"C{i:02d}" for i in range(14)]
    rows = [row(f"e{c}{j}", c, country_name=f"<{c}>") for i, c in enumerate(codes) for j in range(14 - i)]
    rows.append(row("kz", "KAZ"))
    names = [t.name for t in activity_figure(frame(rows)).data]
    assert names[0] == "Kazakhstan"
    assert names[1] == "&lt;C00&gt;"
    assert names[-1] == "Other countries"
    assert len(names) == 11


# ---------------------------------------------------------------- index and data quality


def test_overview_counts_each_event_once_per_week():
    rows = [row("e1", "KAZ"), row("e1", "RUS", how="inherited"), row("e2", "UKR", day=date(2022, 1, 12)), row("u1", day=None)]
    fig = overview_figure(frame(rows))
    assert dict(zip(fig.data[0].x, fig.data[0].y)) == {"2022-01-03": 1, "2022-01-10": 1}


def test_countries_figure_splits_named_and_inherited_focus_first():
    rows = [*(row(f"u{i}", "USA") for i in range(4)), row("k1", "KAZ", how="inherited"), row("r1", "RUS"), row("n1", None)]
    fig = countries_figure(frame(rows))
    named, inherited = fig.data
    assert list(named.y) == ["Kazakhstan", "Russia", "United States"]
    assert list(named.x) == [0, 1, 4] and list(inherited.x) == [1, 0, 0]
    assert fig.layout.barmode == "stack" and fig.layout.legend.traceorder == "normal"


def test_quality_figure_counts_events_per_file_by_where_the_date_came_from():
    rows = [
        row("a1", source_file="a.txt", date_source="text"),
        row("a1", "RUS", source_file="a.txt", date_source="text", how="inherited"),
        row("a2", source_file="a.txt", date_source="thread"),
        row("b1", source_file="<b>.txt", day=None),
    ]
    fig = quality_figure(frame(rows))
    assert list(fig.data[0].y) == ["&lt;b&gt;.txt", "a.txt"]
    assert {t.name: list(t.x) for t in fig.data} == {
        "date named in the tweet": [0, 1],
        "the thread's date": [0, 1],
        "undated": [1, 0],
    }
