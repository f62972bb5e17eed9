"""The world map: shipped shapes, counts per week, and a figure that needs no network."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd

from dashboards import map_figure
from dashboards.prep import EVENT_COLUMNS
from dashboards.worldmap import WORLD_SHAPES, counts_by_week, missing_shapes, world_shapes
from tests.dashboards.event_rows import row


def frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def test_the_shipped_shapes_are_alpha3_geojson_with_a_licence_note():
    collection = json.loads(WORLD_SHAPES.read_text(encoding="utf-8"))
    ids = [f["id"] for f in collection["features"]]
    assert len(ids) == len(set(ids)) >= 170
    assert all(len(i) == 3 and i.isupper() for i in ids)
    assert {"KAZ", "UKR", "RUS", "USA", "CYP", "SOM", "XKX"} <= set(ids)
    assert {f["geometry"]["type"] for f in collection["features"]} == {"MultiPolygon"}
    note = (WORLD_SHAPES.parent / "README.md").read_text(encoding="utf-8")
    assert "Natural Earth" in note and "public domain" in note
    assert "ATA" not in {f["id"] for f in world_shapes()["features"]}


def test_counts_by_week_named_countries_by_default():
    rows = [
        row("e1", "KAZ", day=date(2022, 1, 5)),
        row("e1", "RUS", day=date(2022, 1, 5), how="inherited"),
        row("e2", "KAZ", day=date(2022, 1, 12)),
        row("u1", "KAZ", day=None),
        row("n1", None),
    ]
    counts = counts_by_week(frame(rows))
    assert counts[""] == {"KAZ": 3}  # every week: undated events too
    assert counts["2022-01-03"] == {"KAZ": 1} and counts["2022-01-10"] == {"KAZ": 1}
    assert counts_by_week(frame(rows), inherited=True)["2022-01-03"] == {"KAZ": 1, "RUS": 1}


def test_map_figure_is_offline_with_a_week_slider():
    rows = [row("e1", "KAZ", day=date(2022, 1, 5)), row("e2", "UKR", day=date(2022, 1, 12)), row("e3", "SGP")]
    fig = map_figure(frame(rows))
    trace = fig.data[0]
    assert trace.type == "choropleth" and trace.featureidkey == "id"
    assert trace.geojson["type"] == "FeatureCollection"  # inline: nothing fetched at view time
    assert fig.layout.geo.visible is False
    z = dict(zip(trace.locations, trace.z))
    assert z["KAZ"] == 1 and z["UKR"] == 1 and z["FRA"] == 0
    steps = fig.layout.sliders[0].steps
    assert [s.label for s in steps] == ["all weeks", "week of 3 Jan 2022", "week of 10 Jan 2022"]
    assert [s.value for s in steps] == ["all", "2022-01-03", "2022-01-10"]
    week1 = dict(zip(trace.locations, steps[1].args[0]["z"][0]))
    assert week1["KAZ"] == 1 and week1["UKR"] == 0
    assert missing_shapes(frame(rows)) == ["SGP"]  # too small at 1:110m: the page lists it


def test_no_countries_say_so():
    fig = map_figure(frame([row("n1", None)]))
    assert len(fig.data) == 0 and "No countries" in fig.layout.annotations[0].text
