"""A world choropleth of events per country with a week slider, drawn from shapes that ship with
the project (dashboards/static/world-110m.geojson, Natural Earth, public domain), so nothing is
fetched at view time.

The figure carries the shapes inline (`geojson=`, ids ISO 3166-1 alpha-3) and hides Plotly's own
base map (`geo.visible=False`); the page registers an empty `world_110m` topology in
`window.PlotlyGeoAssets` before drawing, which stops plotly.js from fetching its CDN copy.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboards.figures import counted_by_week, empty_spec
from dashboards.prep import country_names, date_label, esc, normalise_events, row_dicts, week_start
from dashboards.spec import Spec, as_figure, figure, trace
from dashboards.style import COUNT_SCALE, TEXT_COLOUR, base_layout

WORLD_SHAPES = Path(__file__).with_name("static") / "world-110m.geojson"
LEFT_OUT = frozenset({"ATA"})  # Antarctica: a third of the map for no events
ALL_WEEKS = "all weeks"
ALL_MONTHS = "all months"


@functools.lru_cache(maxsize=1)
def world_shapes() -> dict[str, Any]:
    """The shipped country shapes as a GeoJSON FeatureCollection (ids are alpha-3), Antarctica left out."""
    collection = json.loads(WORLD_SHAPES.read_text(encoding="utf-8"))
    collection["features"] = [f for f in collection["features"] if f["id"] not in LEFT_OUT]
    return collection


def shape_codes() -> list[str]:
    return [f["id"] for f in world_shapes()["features"]]


def counts_by_week(events: pd.DataFrame, *, inherited: bool = False) -> dict[str, Counter]:
    """week (Monday, ISO) -> country -> events; '' is every week, undated events included there."""
    df = normalise_events(events)
    out: dict[str, Counter] = {"": Counter()}
    for r in row_dicts(df):
        if r["country"] is None or (r["how"] == "inherited" and not inherited):
            continue
        out[""][r["country"]] += 1
        if counted_by_week(r):
            out.setdefault(week_start(r["event_date"]).isoformat(), Counter())[r["country"]] += 1
    return out


def map_figure(events: pd.DataFrame, *, inherited: bool = False) -> go.Figure:
    """Events per country on a world map (countries named in the tweet; inherited ones too when
    `inherited`), for all weeks or, with the slider, one week at a time."""
    df = normalise_events(events)
    return as_figure(world_map(counts_by_week(df, inherited=inherited), country_names(df)))


def world_map(counts: dict[str, Counter], names: dict, period: str = "week") -> Spec:
    """The map of `counts` (week, ISO Monday -> country -> events; '' every week; or months when `period`
    is 'month'): a choropleth with a slider whose steps restyle the counts."""
    if not counts[""]:
        return empty_spec("No countries yet")
    shapes = world_shapes()
    codes = [f["id"] for f in shapes["features"]]
    labels = [esc(names.get(c) or f["properties"].get("name") or c) for c, f in zip(codes, shapes["features"])]
    weeks = sorted(w for w in counts if w)

    def z(week: str) -> list[int]:
        return [counts[week][c] for c in codes]

    choropleth = trace(
        "choropleth", geojson=shapes, featureidkey="id", locations=codes, z=z(""), text=labels,
        colorscale=COUNT_SCALE, zmin=0, zmax=max(1, max(counts[""].values())),
        marker=dict(line=dict(color="#FFFFFF", width=0.5)),
        colorbar=dict(title=dict(text="events"), thickness=12, len=0.7),
        hovertemplate="<b>%{text}</b><br>%{z} events<extra></extra>",
    )  # fmt: skip

    def restyle(week: str) -> list[Any]:  # the counts of a week, the colour scale up to its busiest country
        values = z(week)
        return [{"z": [values], "zmax": [max(1, *values)]}, [0]]

    steps = [dict(label=ALL_WEEKS if period == "week" else ALL_MONTHS, value="all", method="restyle", args=restyle(""))]
    steps += [dict(label=date_label(date.fromisoformat(w), period), value=w, method="restyle", args=restyle(w)) for w in weeks]
    layout = base_layout(
        560,
        margin=dict(l=0, r=0, t=10, b=10),
        geo=dict(
            visible=False,
            projection=dict(type="natural earth"),
            lataxis=dict(range=[-58, 85]),
            showframe=False,
            bgcolor="white",
        ),
        sliders=[
            dict(
                active=0, steps=steps, x=0.02, len=0.96, y=0, yanchor="top", pad=dict(t=10, b=10),
                currentvalue=dict(prefix="Showing ", font=dict(size=14, color=TEXT_COLOUR)), ticklen=3,
                minorticklen=0, font=dict(color="rgba(0,0,0,0)"),  # one label per week would overlap: hidden
            )
        ],  # fmt: skip
    )
    return figure(layout, [choropleth])


def missing_shapes(events: pd.DataFrame) -> list[str]:
    """Countries with events but no shape at this scale (small states): listed on the page instead."""
    return unmapped({c for c in normalise_events(events)["country"] if c is not None})


def unmapped(codes: set[str]) -> list[str]:
    """The codes with no shape on the map, sorted."""
    known = set(shape_codes())
    return sorted(c for c in codes if c not in known)
