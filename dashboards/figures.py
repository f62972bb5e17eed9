"""Figure builders: the events DataFrame in, a plotly Figure out.

Only `plotly.graph_objects` (no plotly.express, no numpy needed). Every string taken from the
data is escaped before it reaches a Plotly label, because Plotly renders a subset of HTML in
hover labels, legend entries and tick labels.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboards.prep import (
    FOCUS_COUNTRIES,
    NO_COUNTRY_LABEL,
    TIMELINE_PRECISIONS,
    WEEKLY_PRECISIONS,
    author_label,
    country_names,
    country_order,
    date_label,
    day_label,
    derivation_label,
    esc,
    how_label,
    hover_text,
    normalise_events,
    provenance,
    rows_where,
    safe_url,
    week_start,
)

# Event types in legend order, each with a fixed colour: the Okabe–Ito palette (colour-blind
# safe), with its black for sanctions/economy (its yellow does not read on white) and grey for other.
EVENT_TYPE_COLOURS: dict[str, str] = {
    "protest": "#E69F00",
    "violence": "#D55E00",
    "arrest/legal": "#CC79A7",
    "military": "#0072B2",
    "diplomacy": "#56B4E9",
    "statement": "#009E73",
    "sanctions/economy": "#000000",
    "other": "#8C8C8C",
}
UNLABELLED_TYPE = "unlabelled"
UNLABELLED_COLOUR = "#BDBDBD"
# For labels the taxonomy may add later (Paul Tol's muted scheme, also colour-blind safe).
EXTRA_COLOURS: tuple[str, ...] = ("#332288", "#117733", "#882255", "#44AA99", "#999933", "#AA4499", "#DDCC77")

# Countries in the activity chart: Kazakhstan, Ukraine, Russia in their own colours, the next
# few countries in Tol's muted scheme, the rest together in grey.
COUNTRY_COLOURS: dict[str, str] = {"KAZ": "#56B4E9", "UKR": "#E69F00", "RUS": "#D55E00"}
OTHER_COUNTRY_COLOURS: tuple[str, ...] = (
    "#0072B2", "#009E73", "#CC79A7", "#332288", "#999933", "#882255", "#44AA99",
)  # fmt: skip
OTHER_COUNTRIES_LABEL = "Other countries"
OTHER_COUNTRIES_COLOUR = "#A0A0A0"
NO_COUNTRY_COLOUR = "#D0D0D0"
MAX_ACTIVITY_SERIES = 10  # countries drawn on their own before the rest are summed as 'Other countries'

# Marker shape says how precise the date is; a hollow marker says the country was inherited.
PRECISION_SYMBOLS: dict[str, str] = {"day": "circle", "week": "square", "month": "diamond"}

WEBGL_THRESHOLD = 5000  # more markers than this: go.Scattergl
LANE_HEIGHT_PX = 56
LANE_SPREAD = 0.38  # markers of one lane and one day spread over ±this (a lane is 1.0 high)
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
WEEK_MS = 7 * 24 * 3600 * 1000


def event_type_order(types: list[str]) -> list[str]:
    """Known types in taxonomy order, unknown ones alphabetically, then 'other' and 'unlabelled'."""
    present = set(types)
    known = [t for t in EVENT_TYPE_COLOURS if t != "other" and t in present]
    unknown = sorted(t for t in present if t not in EVENT_TYPE_COLOURS and t != UNLABELLED_TYPE)
    tail = [t for t in ("other", UNLABELLED_TYPE) if t in present]
    return [*known, *unknown, *tail]


def event_type_colours(types: list[str]) -> dict[str, str]:
    colours: dict[str, str] = {}
    extra = 0
    for t in event_type_order(types):
        if t in EVENT_TYPE_COLOURS:
            colours[t] = EVENT_TYPE_COLOURS[t]
        elif t == UNLABELLED_TYPE:
            colours[t] = UNLABELLED_COLOUR
        else:
            colours[t] = EXTRA_COLOURS[extra % len(EXTRA_COLOURS)]
            extra += 1
    return colours


def marker_symbol(precision: str | None, how: str | None) -> str:
    base = PRECISION_SYMBOLS.get(precision or "day", "circle")
    return f"{base}-open" if how == "inherited" else base


def _base_layout(height: int) -> dict[str, Any]:
    return dict(
        template="plotly_white",
        height=height,
        font=dict(family=FONT, size=13, color="#222"),
        margin=dict(l=10, r=10, t=40, b=10),
        hoverlabel=dict(align="left", bgcolor="white", bordercolor="#888", font=dict(family=FONT, size=13, color="#222")),
        paper_bgcolor="white",
        plot_bgcolor="white",
    )


def _top_legend(height: int, **extra: Any) -> dict[str, Any]:
    """A horizontal legend across the top, one modebar-row (32 px) below the figure's top edge."""
    return dict(
        orientation="h", yref="container", y=1 - 32 / height, yanchor="top", xanchor="left", x=0,
        itemclick="toggle", itemdoubleclick="toggleothers", **extra,
    )  # fmt: skip


def _empty_figure(message: str, height: int = 320) -> go.Figure:
    fig = go.Figure(layout=_base_layout(height))
    fig.update_layout(
        xaxis=dict(visible=False),
        yaxis=dict(visible=False),
        annotations=[
            dict(text=esc(message), showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5, font=dict(size=16, color="#666"))
        ],
    )
    return fig


def _x_range(days: list[date]) -> list[str]:
    lo, hi = min(days), max(days)
    pad = max(timedelta(days=3), (hi - lo) * 0.03)
    return [(lo - pad).isoformat(), (hi + pad).isoformat()]


def timeline_rows(events: pd.DataFrame) -> pd.DataFrame:
    """The rows that get a marker: a date precise to the day, week or month (or a date with no precision)."""
    df = normalise_events(events)
    keep = [d is not None and (p is None or p in TIMELINE_PRECISIONS) for d, p in zip(df["event_date"], df["date_precision"])]
    return rows_where(df, keep).reset_index(drop=True)


def timeline_figure(events: pd.DataFrame) -> go.Figure:
    """One lane per country (Kazakhstan, Ukraine, Russia first), one marker per (event, country).

    Colour = event type; shape = date precision (● day, ■ week, ◆ month); hollow = the country is
    inherited from the thread rather than named in the tweet. customdata carries, per marker,
    [url, full text, author, provenance, date label] for the page's detail panel.
    """
    all_rows = normalise_events(events)
    rows = timeline_rows(all_rows)
    if rows.empty:
        return _empty_figure("No dated events yet")

    names = country_names(all_rows)
    present = set(rows["country"])
    lanes = [c for c in country_order(all_rows) if c in present]
    lane_index = {c: i for i, c in enumerate(lanes)}

    records = rows.to_dict("records")
    # Spread markers that share a lane and a day so each stays visible and clickable.
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        groups[(r["country"], r["event_date"])].append(i)
    offsets = [0.0] * len(records)
    for members in groups.values():
        k = len(members)
        if k > 1:
            step = min(0.16, 2 * LANE_SPREAD / (k - 1))
            for j, i in enumerate(members):
                offsets[i] = round((j - (k - 1) / 2) * step, 4)

    for r in records:
        r["event_type"] = r["event_type"] or UNLABELLED_TYPE
    types = [r["event_type"] for r in records]
    colours = event_type_colours(types)
    scatter = go.Scattergl if len(records) > WEBGL_THRESHOLD else go.Scatter
    marker_size = 11 if len(records) <= 1000 else 8

    # Lanes shrink a little when there are many countries, so the chart stays scrollable.
    lane_px = LANE_HEIGHT_PX if len(lanes) <= 10 else max(34, LANE_HEIGHT_PX - 2 * (len(lanes) - 10))
    fig = go.Figure(layout=_base_layout(max(340, 170 + lane_px * len(lanes))))
    for t in event_type_order(types):
        idx = [i for i, r in enumerate(records) if r["event_type"] == t]
        colour = colours[t]
        # A legend-only entry: a plain filled circle, whatever the shapes of the markers below.
        fig.add_trace(
            scatter(
                x=[None], y=[None], mode="markers", name=esc(t), legendgroup=t, showlegend=True,
                marker=dict(color=colour, size=11, symbol="circle"), hoverinfo="skip",
            )
        )  # fmt: skip
        fig.add_trace(
            scatter(
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
                hovertext=[hover_text(records[i], names.get(records[i]["country"], NO_COUNTRY_LABEL)) for i in idx],
                hoverinfo="text",
                customdata=[_detail(records[i], names) for i in idx],
            )
        )

    band_shapes = [
        dict(type="rect", xref="paper", x0=0, x1=1, yref="y", y0=i - 0.5, y1=i + 0.5,
             fillcolor="#F3F5F8", line=dict(width=0), layer="below")
        for i in range(len(lanes)) if i % 2 == 0
    ]  # fmt: skip
    fig.update_layout(
        shapes=band_shapes,
        hovermode="closest",
        dragmode="zoom",
        legend=_top_legend(fig.layout.height),
        margin=dict(l=10, r=10, t=60, b=10),
        xaxis=dict(
            type="date",
            range=_x_range([r["event_date"] for r in records]),
            showgrid=True,
            gridcolor="#E3E6EA",
            rangeslider=dict(visible=True, thickness=0.07, bgcolor="#F7F7F7"),
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
    return fig


def _detail(row: dict[str, Any], names: dict[str | None, str]) -> list[str]:
    """Plain strings for the page's click-to-read panel (the page inserts them as text, never as HTML)."""
    country = names.get(row["country"], NO_COUNTRY_LABEL)
    return [
        safe_url(row.get("url")) or "",
        row.get("text") or "",
        author_label(row.get("author")),
        provenance(row),
        f"{date_label(row['event_date'], row['date_precision'])} · {row['event_type'] or UNLABELLED_TYPE} · "
        f"{country}" + (f" ({how_label(row['how'])})" if row.get("country") else ""),
        "Date: " + derivation_label(row.get("date_source"), row.get("date_precision")),
    ]


# ---------------------------------------------------------------- weekly activity


def counted_by_week(row: dict[str, Any]) -> bool:
    """Whether an event row can be put in a week: dated to the day or the week (or of unknown precision)."""
    return row["event_date"] is not None and (row["date_precision"] is None or row["date_precision"] in WEEKLY_PRECISIONS)


def weekly_counts(events: pd.DataFrame) -> pd.DataFrame:
    """Distinct events per (week, country) for events dated to the day or the week.

    Columns: week (the Monday, a date), country (code or None), events.
    """
    df = normalise_events(events)
    counts: Counter = Counter()
    seen: set[tuple] = set()
    for r in df.to_dict("records"):
        if not counted_by_week(r):
            continue
        key = (week_start(r["event_date"]), r["country"], r["event_id"])
        if key in seen:
            continue
        seen.add(key)
        counts[(key[0], key[1])] += 1
    out = [{"week": w, "country": c, "events": n} for (w, c), n in counts.items()]
    out.sort(key=lambda r: (r["week"], r["country"] is None, r["country"] or ""))
    return pd.DataFrame(out, columns=["week", "country", "events"], dtype=object)


def _week_ticks(weeks: list[date], layout_x: dict[str, Any]) -> dict[str, Any]:
    """A date axis for weekly bars: ticks on Mondays for a few months of data, else on months."""
    n = (weeks[-1] - weeks[0]).days // 7 + 1
    if n <= 14:
        ticks: dict[str, Any] = dict(tick0="2000-01-03", dtick=WEEK_MS)
    elif n <= 28:
        ticks = dict(tick0="2000-01-03", dtick=2 * WEEK_MS)
    elif n <= 60:
        ticks = dict(tick0="2000-01-01", dtick="M1")
    elif n <= 180:
        ticks = dict(tick0="2000-01-01", dtick="M3")
    else:
        ticks = dict(tick0="2000-01-01", dtick="M12")
    return dict(type="date", showgrid=False, ticks="outside", ticklen=4, tickcolor="#999", **ticks, **layout_x)


def activity_series(events: pd.DataFrame) -> list[tuple[str, str, list[str | None]]]:
    """(label, colour, country codes summed) for each bar series, bottom of the stack first."""
    all_rows = normalise_events(events)
    counts = weekly_counts(all_rows)
    present = set(counts["country"])
    order = [c for c in country_order(all_rows) if c in present]
    names = country_names(all_rows)
    named = [c for c in order if c is not None]
    own, rest = named[:MAX_ACTIVITY_SERIES], named[MAX_ACTIVITY_SERIES:]
    series: list[tuple[str, str, list[str | None]]] = []
    extra = 0
    for c in own:
        if c in COUNTRY_COLOURS:
            colour = COUNTRY_COLOURS[c]
        else:
            colour = OTHER_COUNTRY_COLOURS[extra % len(OTHER_COUNTRY_COLOURS)]
            extra += 1
        series.append((names.get(c, c), colour, [c]))
    if rest:
        series.append((OTHER_COUNTRIES_LABEL, OTHER_COUNTRIES_COLOUR, list(rest)))
    if None in present:
        series.append((NO_COUNTRY_LABEL, NO_COUNTRY_COLOUR, [None]))
    return series


def activity_figure(events: pd.DataFrame) -> go.Figure:
    """Events per week per country, stacked: Kazakhstan at the bottom, then Ukraine, Russia, the rest."""
    all_rows = normalise_events(events)
    counts = weekly_counts(all_rows)
    if counts.empty:
        return _empty_figure("No events dated to a day or a week yet")
    weeks = sorted(set(counts["week"]))
    table: dict[tuple, int] = {(w, c): n for w, c, n in counts.itertuples(index=False)}

    fig = go.Figure(layout=_base_layout(480))
    for label, colour, codes in activity_series(all_rows):
        ys = [sum(table.get((w, c), 0) for c in codes) for w in weeks]
        xs = [w.isoformat() for w, y in zip(weeks, ys) if y]
        ys_nonzero = [y for y in ys if y]
        fig.add_trace(
            go.Bar(
                x=xs,
                y=ys_nonzero,
                name=esc(label),
                marker=dict(color=colour, line=dict(width=0)),
                xperiod=WEEK_MS,
                xperiod0="2000-01-03",  # a Monday: periods are ISO weeks
                xperiodalignment="middle",
                hovertemplate="%{y}",
            )
        )
    fig.update_layout(
        barmode="stack",
        bargap=0.15,
        hovermode="x unified",
        legend=_top_legend(fig.layout.height, traceorder="normal"),
        margin=dict(l=10, r=10, t=60, b=10),
        xaxis=_week_ticks(
            weeks,
            dict(
                range=_x_range([w for w in weeks] + [weeks[-1] + timedelta(days=6)]),
                hoverformat="week of %-d %b %Y",
                rangeslider=dict(visible=True, thickness=0.07, bgcolor="#F7F7F7"),
            )
        ),
        yaxis=dict(title=dict(text="events per week"), rangemode="tozero", gridcolor="#E3E6EA", automargin=True, fixedrange=True),
    )
    return fig


def overview_figure(events: pd.DataFrame) -> go.Figure:
    """A small chart for the index page: all events per week (day- or week-dated), one bar series."""
    counts = weekly_counts(events)
    if counts.empty:
        return _empty_figure("No dated events yet", height=200)
    per_week: dict[date, int] = defaultdict(int)
    # weekly_counts is per (week, country): count each event once per week here.
    df = normalise_events(events)
    seen: set[tuple] = set()
    for r in df.to_dict("records"):
        if not counted_by_week(r):
            continue
        key = (week_start(r["event_date"]), r["event_id"])
        if key not in seen:
            seen.add(key)
            per_week[key[0]] += 1
    weeks = sorted(per_week)
    fig = go.Figure(layout=_base_layout(220))
    fig.add_trace(
        go.Bar(
            x=[w.isoformat() for w in weeks],
            y=[per_week[w] for w in weeks],
            name="events",
            marker=dict(color="#0072B2"),
            xperiod=WEEK_MS,
            xperiod0="2000-01-03",
            xperiodalignment="middle",
            hovertext=[f"week of {day_label(w)}: {per_week[w]} events" for w in weeks],
            hoverinfo="text",
        )
    )
    fig.update_layout(
        showlegend=False,
        bargap=0.15,
        margin=dict(l=10, r=10, t=10, b=10),
        xaxis=_week_ticks(weeks, dict(range=_x_range(weeks + [weeks[-1] + timedelta(days=6)]), fixedrange=True)),
        yaxis=dict(rangemode="tozero", gridcolor="#E3E6EA", automargin=True, fixedrange=True),
    )
    return fig


__all__ = [
    "FOCUS_COUNTRIES",
    "activity_figure",
    "activity_series",
    "event_type_order",
    "marker_symbol",
    "overview_figure",
    "timeline_figure",
    "timeline_rows",
    "weekly_counts",
]
