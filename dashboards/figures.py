"""Figure builders over time and files: the events DataFrame (or counts) in, a figure out.

The builders return specs (plain dicts in Plotly's schema, dashboards.spec), which the pages embed;
the `*_figure` functions give the validated go.Figure of the same spec. Every string taken from the
data is escaped before it reaches a Plotly label, because Plotly renders a subset of HTML in
hover labels, legend entries and tick labels.

Markers and histogram samples carry, as customdata, their row number in the normalised events
frame: the pages' filters and click panels look the row up in the client data built from the
same frame (`prep.client_data`).
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboards.counts import DayCounts, count_keys, period_starts
from dashboards.limits import DAILY_MAX_DAYS, QUALITY_FILES_SHOWN
from dashboards.prep import (
    FOCUS_COUNTRIES,
    NO_COUNTRY_LABEL,
    TIMELINE_PRECISIONS,
    WEEKLY_PRECISIONS,
    country_names,
    country_order,
    day_label,
    esc,
    event_records,
    hover_text,
    normalise_events,
    rows_where,
    row_dicts,
    week_start,
)
from dashboards.spec import Spec, as_figure, figure, trace
from dashboards.style import (
    BAND_COLOUR,
    EVENT_TYPE_COLOURS,
    GRID_COLOUR,
    OTHER_COUNTRIES_COLOUR,
    SLIDER_BG,
    UNLABELLED_TYPE,
    base_layout,
    country_colours,
    event_type_colours,
    event_type_order,
    top_legend,
)

OTHER_COUNTRIES_LABEL = "Other countries"
MAX_ACTIVITY_SERIES = 10  # countries drawn on their own before the rest are summed as 'Other countries'

# Marker shape says how precise the date is; a hollow marker says the country was inherited.
PRECISION_SYMBOLS: dict[str, str] = {"day": "circle", "week": "square", "month": "diamond"}

WEBGL_THRESHOLD = 5000  # more markers than this: scattergl
LANE_HEIGHT_PX = 56
LANE_SPREAD = 0.38  # markers of one lane and one day spread over ±this (a lane is 1.0 high)
TIMELINE_EXTRA_PX = 170  # legend, modebar, range slider
TIMELINE_MIN_PX = 340
DAY_MS = 24 * 3600 * 1000
WEEK_MS = 7 * DAY_MS
MONDAY = "2000-01-03"  # a Monday: weekly periods and bins are ISO weeks


@functools.lru_cache(maxsize=64)  # a handful of (precision, how) pairs, asked for once per marker
def marker_symbol(precision: str | None, how: str | None) -> str:
    base = PRECISION_SYMBOLS.get(precision or "day", "circle")
    return f"{base}-open" if how == "inherited" else base


def empty_spec(message: str, height: int = 320) -> Spec:
    """A figure with no data, saying why."""
    return figure(
        base_layout(
            height,
            xaxis=dict(visible=False),
            yaxis=dict(visible=False),
            annotations=[
                dict(text=esc(message), showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5, font=dict(size=16, color="#666"))
            ],
        )
    )


def x_range(days: list[date]) -> list[str]:
    lo, hi = min(days), max(days)
    pad = max(timedelta(days=3), (hi - lo) * 0.03)
    return [(lo - pad).isoformat(), (hi + pad).isoformat()]


def range_slider() -> dict[str, Any]:
    return dict(visible=True, thickness=0.07, bgcolor=SLIDER_BG)


def on_timeline(row: dict[str, Any]) -> bool:
    """Whether a row gets a marker: dated to the day, week or month (or of unknown precision)."""
    return row["event_date"] is not None and (row["date_precision"] is None or row["date_precision"] in TIMELINE_PRECISIONS)


def counted_by_week(row: dict[str, Any]) -> bool:
    """Whether a row can be put in a week: dated to the day or the week (or of unknown precision)."""
    return row["event_date"] is not None and (row["date_precision"] is None or row["date_precision"] in WEEKLY_PRECISIONS)


def timeline_rows(events: pd.DataFrame) -> pd.DataFrame:
    """The rows that get a marker, with their row numbers in the normalised frame as the index."""
    df = normalise_events(events)
    return rows_where(df, [on_timeline(r) for r in row_dicts(df)])


def lane_height(lanes: int) -> int:
    """Lanes shrink a little when there are many countries, so the chart stays scrollable."""
    return LANE_HEIGHT_PX if lanes <= 10 else max(34, LANE_HEIGHT_PX - 2 * (lanes - 10))


def timeline_height(lanes: int) -> int:
    return max(TIMELINE_MIN_PX, TIMELINE_EXTRA_PX + lane_height(lanes) * lanes)


def lane_bands(lanes: int) -> list[dict[str, Any]]:
    return [
        dict(type="rect", xref="paper", x0=0, x1=1, yref="y", y0=i - 0.5, y1=i + 0.5,
             fillcolor=BAND_COLOUR, line=dict(width=0), layer="below")
        for i in range(lanes) if i % 2 == 0
    ]  # fmt: skip


def spread(records: list[dict[str, Any]]) -> list[float]:
    """Offsets within the lane for markers that share a lane and a day, so each stays visible and
    clickable: centre first, then alternately below and above, countries named in the tweet before
    inherited ones (those are hidden by default, and the rest should not sit off-centre)."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        groups[(r["country"], r["event_date"])].append(i)
    offsets = [0.0] * len(records)
    for members in groups.values():
        k = len(members)
        if k > 1:
            step = min(0.16, LANE_SPREAD / (k // 2))  # the outermost marker sits at ±LANE_SPREAD at most
            ordered = sorted(members, key=lambda i: records[i]["how"] == "inherited")  # stable: keeps row order
            for j, i in enumerate(ordered):
                rank = (j + 1) // 2
                offsets[i] = round(rank * step * (1 if j % 2 else -1), 4) if j else 0.0
    return offsets


def timeline_figure(events: pd.DataFrame, *, hover_from_data: bool = False) -> go.Figure:
    """The validated go.Figure of `timeline_spec`."""
    return as_figure(timeline_spec(events, hover_from_data=hover_from_data))


def timeline_spec(events: pd.DataFrame, *, hover_from_data: bool = False) -> Spec:
    """One lane per country (Kazakhstan, Ukraine, Russia first), one marker per (event, country).

    Colour = event type; shape = date precision (● day, ■ week, ◆ month); hollow = the country is
    inherited from the thread rather than named in the tweet. customdata is the row number.
    layout.meta.lanes tells the page how to re-pack the lanes when filters hide some of them.
    `hover_from_data`: the markers carry no hover text; the page writes it from the client data, which
    holds every word of it already (layout.meta.hover = "data"): a large corpus's page stays light.
    """
    all_rows = normalise_events(events)
    all_records = row_dicts(all_rows)
    shown = [i for i, r in enumerate(all_records) if on_timeline(r)]  # the rows that get a marker
    if not shown:
        return empty_spec("No dated events yet")

    names = country_names(all_rows)
    records = [all_records[i] for i in shown]
    present = {r["country"] for r in records}
    lanes = [c for c in country_order(all_rows, names) if c in present]
    lane_index = {c: i for i, c in enumerate(lanes)}

    numbers = all_rows.index[shown].tolist()  # each marker's row number in the normalised frame
    offsets = spread(records)

    types = [r["event_type"] or UNLABELLED_TYPE for r in records]
    colours = event_type_colours(types)
    large = len(records) > WEBGL_THRESHOLD  # WebGL markers and shorter hover text keep big corpora fluid
    scatter = "scattergl" if large else "scatter"
    marker_size = 11 if len(records) <= 1000 else 8

    height = timeline_height(len(lanes))
    by_type: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(types):
        by_type[t].append(i)
    data = []
    for t in event_type_order(types):
        idx = by_type[t]
        colour = colours[t]
        # A legend-only entry: a plain filled circle, whatever the shapes of the markers below.
        data.append(
            trace(
                scatter, x=[None], y=[None], mode="markers", name=esc(t), legendgroup=t, showlegend=True,
                marker=dict(color=colour, size=11, symbol="circle"), hoverinfo="skip",
            )
        )  # fmt: skip
        data.append(
            trace(
                scatter,
                x=[records[i]["event_date"].isoformat() for i in idx],
                y=[lane_index[records[i]["country"]] + offsets[i] for i in idx],
                mode="markers",
                name=esc(t),
                legendgroup=t,
                showlegend=False,
                marker=dict(
                    color=colour,
                    size=marker_size,
                    opacity=0.9,
                    symbol=[marker_symbol(records[i]["date_precision"], records[i]["how"]) for i in idx],
                    line=dict(color=colour, width=2),
                ),
                # Inherited markers (hidden until asked for) repeat a tweet drawn in full elsewhere: short hover.
                hovertext=None if hover_from_data else [
                    hover_text(records[i], names.get(records[i]["country"], NO_COUNTRY_LABEL), short=large or records[i]["how"] == "inherited")
                    for i in idx
                ],
                hoverinfo="text",
                customdata=[numbers[i] for i in idx],
            )
        )

    layout = base_layout(
        height,
        shapes=lane_bands(len(lanes)),
        hovermode="closest",
        dragmode="zoom",
        legend=top_legend(height),
        margin=dict(l=10, r=10, t=60, b=10),
        meta=dict(
            **({"hover": "data"} if hover_from_data else {}),
            lanes=dict(
                labels=[esc(names.get(c, NO_COUNTRY_LABEL)) for c in lanes],
                px=lane_height(len(lanes)),
                extra=TIMELINE_EXTRA_PX,
                min=TIMELINE_MIN_PX,
                band=BAND_COLOUR,
            )
        ),
        xaxis=dict(
            type="date",
            range=x_range([r["event_date"] for r in records]),
            showgrid=True,
            gridcolor=GRID_COLOUR,
            rangeslider=range_slider(),
        ),
        yaxis=dict(
            tickmode="array",
            tickvals=list(range(len(lanes))),
            ticktext=[esc(names.get(c, NO_COUNTRY_LABEL)) for c in lanes],
            range=[len(lanes) - 0.5, -0.5],
            fixedrange=True,
            showgrid=False,
            zeroline=False,
            automargin=True,
            ticks="",
            ticklabelstandoff=6,
        ),
    )
    return figure(layout, data)


# ---------------------------------------------------------------- activity


def weekly_counts(events: pd.DataFrame) -> pd.DataFrame:
    """Distinct events per (week, country) for events dated to the day or the week.

    Columns: week (the Monday, a date), country (code or None), events.
    """
    df = normalise_events(events)
    counts: Counter = Counter()
    for r in row_dicts(df):  # one row per (event, country): no event is counted twice
        if counted_by_week(r):
            counts[(week_start(r["event_date"]), r["country"])] += 1
    out = [{"week": w, "country": c, "events": n} for (w, c), n in counts.items()]
    out.sort(key=lambda r: (r["week"], r["country"] is None, r["country"] or ""))
    return pd.DataFrame(out, columns=["week", "country", "events"], dtype=object)


def week_ticks(weeks: list[date], layout_x: dict[str, Any]) -> dict[str, Any]:
    """A date axis for weekly bars: ticks on Mondays for a few months of data, else on months."""
    n = (weeks[-1] - weeks[0]).days // 7 + 1
    if n <= 14:
        ticks: dict[str, Any] = dict(tick0=MONDAY, dtick=WEEK_MS)
    elif n <= 28:
        ticks = dict(tick0=MONDAY, dtick=2 * WEEK_MS)
    elif n <= 60:
        ticks = dict(tick0="2000-01-01", dtick="M1")
    elif n <= 180:
        ticks = dict(tick0="2000-01-01", dtick="M3")
    else:
        ticks = dict(tick0="2000-01-01", dtick="M12")
    return dict(type="date", showgrid=False, ticks="outside", ticklen=4, tickcolor="#999", **ticks, **layout_x)


def activity_series(events: pd.DataFrame) -> list[tuple[str, str, list[str | None]]]:
    """(label, colour, country codes summed) for each stacked series, bottom of the stack first."""
    all_rows = normalise_events(events)
    present = {r["country"] for r in row_dicts(all_rows) if counted_by_week(r)}
    return stacked_series([c for c in country_order(all_rows) if c in present], country_names(all_rows))


def stacked_series(order: list[str | None], names: dict[str | None, str]) -> list[tuple[str, str, list[str | None]]]:
    """The series of a stacked chart over countries in lane order: the first MAX_ACTIVITY_SERIES on their
    own, the rest summed as 'Other countries', events with no country last."""
    named = [c for c in order if c is not None]
    own, rest = named[:MAX_ACTIVITY_SERIES], named[MAX_ACTIVITY_SERIES:]
    colours = country_colours(own + ([None] if None in order else []))
    series: list[tuple[str, str, list[str | None]]] = [(names.get(c, c), colours[c], [c]) for c in own]
    if rest:
        series.append((OTHER_COUNTRIES_LABEL, OTHER_COUNTRIES_COLOUR, list(rest)))
    if None in order:
        series.append((NO_COUNTRY_LABEL, colours[None], [None]))
    return series


def _bins(size_ms: int, start: date) -> dict[str, Any]:
    return dict(start=start.isoformat(), size=size_ms)


def activity_figure(events: pd.DataFrame) -> go.Figure:
    """The validated go.Figure of `activity_spec`."""
    return as_figure(activity_spec(events))


def activity_spec(events: pd.DataFrame) -> Spec:
    """Events per week (or per day, a button away) per country, stacked: Kazakhstan at the bottom.

    One histogram per series, one sample per (event, country) row, customdata its row number, so
    the page's filters re-bin by removing samples. An event that names two countries counts in both.
    """
    all_rows = normalise_events(events)
    records = row_dicts(all_rows)
    counted = [i for i, r in enumerate(records) if counted_by_week(r)]
    if not counted:
        return empty_spec("No events dated to a day or a week yet")
    days = sorted({records[i]["event_date"] for i in counted})
    first_week, last_week = week_start(days[0]), week_start(days[-1])

    data = []
    for label, colour, codes in activity_series(all_rows):
        members = set(codes)
        idx = [i for i in counted if records[i]["country"] in members]
        data.append(
            trace(
                "histogram",
                x=[records[i]["event_date"].isoformat() for i in idx],
                customdata=idx,
                name=esc(label),
                marker=dict(color=colour, line=dict(width=0)),
                xbins=_bins(WEEK_MS, first_week),
                autobinx=False,
                histfunc="count",
                hovertemplate="%{y}",
            )
        )
    per_day = {"xbins.size": DAY_MS, "xbins.start": days[0].isoformat()}
    per_week = {"xbins.size": WEEK_MS, "xbins.start": first_week.isoformat()}
    buttons = [
        dict(label="per week", method="restyle", args=[per_week]),
        dict(label="per day", method="restyle", args=[per_day]),
    ]
    xaxis = week_ticks(
        [first_week, last_week],
        dict(range=x_range([first_week, last_week + timedelta(days=6)]), rangeslider=range_slider()),
    )
    return figure(stacked_bars_layout(buttons, xaxis), data)


def stacked_bars_layout(buttons: list[dict[str, Any]], xaxis: dict[str, Any]) -> dict[str, Any]:
    """The activity chart's layout: stacked bars, one legend entry per series, period buttons."""
    return base_layout(
        480,
        barmode="stack",
        bargap=0.15,
        hovermode="x unified",
        legend=top_legend(480, traceorder="normal"),
        margin=dict(l=10, r=10, t=60, b=10),
        updatemenus=[
            dict(
                type="buttons", direction="right", showactive=True, active=0,
                x=1, xanchor="right", y=1, yanchor="bottom", pad=dict(t=0, b=4),
                buttons=buttons,
            )
        ],  # fmt: skip
        xaxis=xaxis,
        yaxis=dict(title=dict(text="events"), rangemode="tozero", gridcolor=GRID_COLOUR, automargin=True, fixedrange=True),
    )


# ---------------------------------------------------------------- counts over every event (large corpora)

PERIOD_LABELS = {"day": "per day", "week": "per week", "month": "per month"}


def period_start(d: date, period: str) -> date:
    """The first day of d's day, ISO week (Monday) or month."""
    if period == "week":
        return week_start(d)
    if period == "month":
        return d.replace(day=1)
    return d


def _next_period(d: date, period: str) -> date:
    if period == "month":
        return date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return d + timedelta(days=7 if period == "week" else 1)


def periods_between(first: date, last: date, period: str) -> list[date]:
    """Every period from first's to last's, so a stacked chart has a zero where nothing happened."""
    out, d = [], period_start(first, period)
    while d <= last:
        out.append(d)
        d = _next_period(d, period)
    return out


def series_counts(days: DayCounts, series: list[tuple[str, str, list[str | None]]], period: str) -> tuple[list[date], list[list[int]]]:
    """(periods, counts of each series per period) from the days' counts; zero-filled."""
    if not len(days):
        return [], [[] for _ in series]
    periods = periods_between(*days.span(), period)
    member = {code: i for i, (_, _, codes) in enumerate(series) for code in codes}
    # Each country's series (-1: none), the last entry for no country (index -1).
    which = np.array([member.get(c, -1) for c in [*days.countries, None]], dtype=np.int64)[days.country]
    kept = which >= 0
    # Periods are numbered in order: their first days are sorted, and every day falls in one of them.
    number = np.searchsorted(np.array(periods, dtype="datetime64[D]"), period_starts(days.day[kept], period))
    keys, events = count_keys(which[kept] * len(periods) + number, days.events[kept].astype(np.float64))
    table = np.zeros(len(series) * len(periods), dtype=np.int64)
    table[keys] = events.astype(np.int64)
    return periods, table.reshape(len(series), len(periods)).tolist()


def count_periods(days: DayCounts) -> list[str]:
    """The bins offered for counts over these days, the default first: per week, and per day when the data
    spans at most DAILY_MAX_DAYS, else per month (a bar a day over years would be thousands of bars)."""
    if not len(days):
        return ["week"]
    first, last = days.span()
    return ["week", "day"] if (last - first).days <= DAILY_MAX_DAYS else ["week", "month"]


def _present(days: DayCounts, order: list[str | None]) -> list[str | None]:
    """The countries of `order` the days count."""
    present = days.present()
    return [c for c in order if c in present]


def _count_axis(periods: list[date], period: str, **extra: Any) -> dict[str, Any]:
    last = _next_period(periods[-1], period) - timedelta(days=1)
    return week_ticks([week_start(periods[0]), week_start(last)], dict(range=x_range([periods[0], last]), **extra))


def activity_counts_spec(days: DayCounts, order: list[str | None], names: dict[str | None, str]) -> Spec:
    """Events per week (or per day or month, a button away) per country, stacked, from the counts per day
    and country over every event; `order` the countries in lane order."""
    if not len(days):
        return empty_spec("No events dated to a day or a week yet")
    series = stacked_series(_present(days, order), names)
    periods = count_periods(days)
    views = {p: series_counts(days, series, p) for p in periods}
    first, (xs, ys) = periods[0], views[periods[0]]

    def restyle(period: str) -> dict[str, Any]:
        px, py = views[period]
        return {"x": [[p.isoformat() for p in px]] * len(series), "y": py, **_period(period, len(series))}

    x = [p.isoformat() for p in xs]
    data = [
        trace(
            "bar", x=x, y=y, name=esc(label), marker=dict(color=colour, line=dict(width=0)),
            xperiod=_period(first, 1)["xperiod"][0], xperiod0=_period(first, 1)["xperiod0"][0], xperiodalignment="middle",
            hovertemplate="%{y:,}",
        )
        for (label, colour, _), y in zip(series, ys)
    ]  # fmt: skip
    buttons = [dict(label=PERIOD_LABELS[p], method="restyle", args=[restyle(p)]) for p in periods]
    return figure(stacked_bars_layout(buttons, _count_axis(xs, first, rangeslider=range_slider())), data)


def _period(period: str, traces: int) -> dict[str, list[Any]]:
    """Plotly's period positioning of `traces` bar series: one bar a day, week (from Monday) or month."""
    size: int | str = {"day": DAY_MS, "week": WEEK_MS}.get(period, "M1")
    return {"xperiod": [size] * traces, "xperiod0": [MONDAY if period != "month" else "2000-01-01"] * traces}


def timeline_counts_spec(days: DayCounts, order: list[str | None], names: dict[str | None, str]) -> Spec:
    """Every dated event as a count: a stacked area per country (the busiest on their own), per day while
    the data spans at most DAILY_MAX_DAYS, else per week; drag to zoom."""
    if not len(days):
        return empty_spec("No dated events yet")
    series = stacked_series(_present(days, order), names)
    period = "day" if count_periods(days)[1] == "day" else "week"
    periods, ys = series_counts(days, series, period)
    x = [p.isoformat() for p in periods]
    unit = "day" if period == "day" else "week of"
    data = [
        trace(
            "scatter", x=x, y=y, name=esc(label), mode="lines", stackgroup="events", line=dict(color=colour, width=0.5),
            fillcolor=colour, hovertemplate=esc(label) + ": %{y:,}<extra></extra>",
        )
        for (label, colour, _), y in zip(series, ys)
    ]  # fmt: skip
    layout = base_layout(
        360,
        hovermode="x unified",
        legend=top_legend(360, traceorder="normal"),
        margin=dict(l=10, r=10, t=60, b=10),
        xaxis=_count_axis(periods, period, hoverformat=f"{unit} %-d %b %Y" if period == "week" else "%-d %b %Y"),
        yaxis=dict(title=dict(text=f"events per {period}"), rangemode="tozero", gridcolor=GRID_COLOUR, automargin=True, fixedrange=True),
    )
    return figure(layout, data)


# ---------------------------------------------------------------- index and data quality


def weekly_events(events: pd.DataFrame) -> Counter:
    """Monday -> events dated to the day or the week, each event once."""
    return Counter(week_start(r["event_date"]) for r in event_records(normalise_events(events)) if counted_by_week(r))


def overview_figure(events: pd.DataFrame) -> go.Figure:
    """A small chart for the index page: all events per week (day- or week-dated), one bar series."""
    return as_figure(overview_bars(weekly_events(events)))


def overview_bars(per_week: Counter) -> Spec:
    """All events per week (Monday -> events), one bar series."""
    if not per_week:
        return empty_spec("No dated events yet", height=200)
    weeks = sorted(per_week)
    bars = trace(
        "bar",
        x=[w.isoformat() for w in weeks],
            y=[per_week[w] for w in weeks],
            name="events",
            marker=dict(color=EVENT_TYPE_COLOURS["military"]),
            xperiod=WEEK_MS,
            xperiod0=MONDAY,
            xperiodalignment="middle",
        hovertext=[f"week of {day_label(w)}: {per_week[w]} events" for w in weeks],
        hoverinfo="text",
    )
    layout = base_layout(
        220,
        showlegend=False,
        bargap=0.15,
        margin=dict(l=10, r=10, t=10, b=10),
        xaxis=week_ticks(weeks, dict(range=x_range(weeks + [weeks[-1] + timedelta(days=6)]), fixedrange=True)),
        yaxis=dict(rangemode="tozero", gridcolor=GRID_COLOUR, automargin=True, fixedrange=True),
    )
    return figure(layout, [bars])


def _horizontal_bars(categories: list[str], series: list[tuple[str, str, list[int]]], height: int, x_title: str) -> Spec:
    """Stacked horizontal bars, first category at the top; series: (name, colour, values)."""
    data = [
        trace(
            "bar", y=categories, x=values, name=esc(name), orientation="h", marker=dict(color=colour),
            hovertemplate="%{y}: %{x} " + esc(name) + "<extra></extra>",
        )
        for name, colour, values in series
    ]  # fmt: skip
    layout = base_layout(
        height,
        barmode="stack",
        legend=top_legend(height, traceorder="normal"),
        margin=dict(l=10, r=10, t=60, b=10),
        xaxis=dict(title=dict(text=x_title), gridcolor=GRID_COLOUR, fixedrange=True, rangemode="tozero"),
        yaxis=dict(autorange="reversed", automargin=True, fixedrange=True, type="category"),
    )
    return figure(layout, data)


TOP_COUNTRIES = 15


def country_event_counts(events: pd.DataFrame) -> tuple[Counter, Counter]:
    """(events naming each country in the tweet, events that only inherit it from the thread)."""
    explicit: Counter = Counter()
    inherited: Counter = Counter()
    for r in row_dicts(normalise_events(events)):
        if r["country"] is not None:
            (inherited if r["how"] == "inherited" else explicit)[r["country"]] += 1
    return explicit, inherited


def countries_figure(events: pd.DataFrame, top: int = TOP_COUNTRIES) -> go.Figure:
    """Events per country (the focus countries and the busiest others): named in the tweet vs inherited."""
    return as_figure(country_bars(*country_event_counts(events), country_names(normalise_events(events)), top))


def country_bars(explicit: Counter, inherited: Counter, names: dict, top: int = TOP_COUNTRIES) -> Spec:
    """Stacked bars per country, Kazakhstan, Ukraine, Russia first, then by events named in the tweet."""
    if not explicit and not inherited:
        return empty_spec("No countries yet", height=200)
    others = sorted(
        (c for c in set(explicit) | set(inherited) if c not in FOCUS_COUNTRIES),
        key=lambda c: (-explicit[c], -inherited[c], names.get(c, c)),
    )
    codes = [c for c in FOCUS_COUNTRIES if c in explicit or c in inherited] + others
    codes = codes[:top]
    labels = [esc(names.get(c, c)) for c in codes]
    return _horizontal_bars(
        labels,
        [
            ("named in the tweet", EVENT_TYPE_COLOURS["military"], [explicit[c] for c in codes]),
            ("inherited from the thread", "#A6CEE3", [inherited[c] for c in codes]),
        ],
        max(220, 90 + 24 * len(codes)),
        "events",
    )


DATE_SOURCE_SERIES: tuple[tuple[str | None, str, str], ...] = (
    ("text", "date named in the tweet", "#009E73"),
    ("thread", "the thread's date", "#56B4E9"),
    (None, "undated", "#D55E00"),
)


def file_date_sources(events: pd.DataFrame) -> dict[str | None, Counter]:
    """date source (None = undated) -> file -> events."""
    counts: dict[str | None, Counter] = {}
    for r in event_records(normalise_events(events)):
        source = r["date_source"] if r["event_date"] is not None else None
        counts.setdefault(source, Counter())[r["source_file"]] += 1
    return counts


def quality_figure(events: pd.DataFrame) -> go.Figure:
    """Events per source file, split by where their date came from (undated last)."""
    return as_figure(date_source_bars(file_date_sources(events)))


def date_source_bars(counts: dict[str | None, Counter], limit: int = QUALITY_FILES_SHOWN) -> Spec:
    """Events per file (date source -> file -> events), split by where their date came from, undated last;
    files by name, or the `limit` busiest, busiest first, when there are more."""
    per_file: Counter = Counter()
    for by_file in counts.values():
        per_file.update(by_file)
    if not per_file:
        return empty_spec("No events yet", height=200)
    files = sorted(per_file, key=lambda f: (f is None, f or ""))
    if len(files) > limit:
        files = sorted(files, key=lambda f: (-per_file[f], f is None, f or ""))[:limit]
    counts = {**{source: Counter() for source, _, _ in DATE_SOURCE_SERIES}, **counts}
    series = [(label, colour, [counts[source][f] for f in files]) for source, label, colour in DATE_SOURCE_SERIES]
    for source in sorted(k for k in counts if k not in {s for s, _, _ in DATE_SOURCE_SERIES}):
        series.append((f"date from {source}", "#999999", [counts[source][f] for f in files]))
    return _horizontal_bars([esc(f or "unknown file") for f in files], series, max(220, 90 + 26 * len(files)), "events")


__all__ = [
    "activity_counts_spec",
    "activity_figure",
    "activity_spec",
    "activity_series",
    "countries_figure",
    "marker_symbol",
    "overview_figure",
    "quality_figure",
    "timeline_counts_spec",
    "timeline_figure",
    "timeline_spec",
    "timeline_rows",
    "weekly_counts",
]
