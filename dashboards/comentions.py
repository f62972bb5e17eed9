"""Which countries appear together, and who speaks for them: the events DataFrame in, figures out (specs,
dashboards.spec; the `*_figure` functions give their validated go.Figure)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any, Iterable

import pandas as pd
import plotly.graph_objects as go

from dashboards.figures import empty_spec
from dashboards.prep import FOCUS_COUNTRIES, country_names, esc, event_records, normalise_events, row_dicts
from dashboards.spec import Spec, as_figure, figure, trace
from dashboards.style import COUNT_SCALE, GRID_COLOUR, base_layout, country_colours

TOP_PAIR_COUNTRIES = 20
TOP_OFFICIAL_COUNTRIES = 8
TOP_OFFICIALS = 5

_POSSESSIVE = re.compile(r"(?:['\u2019]s|['\u2019])$")


def _event_countries(records: list[dict[str, Any]], inherited: bool) -> list[set[str]]:
    return [{c for c, how, _, _ in r["countries"] if inherited or how != "inherited"} for r in records]


def heatmap_countries(named: Counter, top: int = TOP_PAIR_COUNTRIES) -> list[str]:
    """Kazakhstan, Ukraine, Russia, then the countries named in the most events (`named`: code -> events)."""
    focus = [c for c in FOCUS_COUNTRIES if named[c]]
    rest = sorted((c for c in named if c not in FOCUS_COUNTRIES and named[c]), key=lambda c: (-named[c], c))
    return (focus + rest)[:top]


def comention_countries(events: pd.DataFrame, top: int = TOP_PAIR_COUNTRIES) -> list[str]:
    """The countries of the heatmap: Kazakhstan, Ukraine, Russia, then those named in the most events."""
    records = event_records(normalise_events(events))
    return heatmap_countries(Counter(c for countries in _event_countries(records, inherited=False) for c in countries), top)


def comention_matrix(events: pd.DataFrame, codes: list[str], *, inherited: bool) -> list[list[int | None]]:
    """m[i][j]: events that concern both codes[i] and codes[j] (named in the tweet, or also inherited
    from the thread when `inherited`); the diagonal is None (a country with itself says nothing)."""
    records = event_records(normalise_events(events))
    index = {c: i for i, c in enumerate(codes)}
    m: list[list[int | None]] = [[0] * len(codes) for _ in codes]
    for countries in _event_countries(records, inherited):
        present = sorted(index[c] for c in countries if c in index)
        for a in present:
            for b in present:
                if a != b:
                    m[a][b] += 1  # type: ignore[operator]
    for i in range(len(codes)):
        m[i][i] = None
    return m


def _cell_text(m: list[list[int | None]]) -> list[list[str]]:
    """The count written in each cell, blank for none (a wall of zeros hides the pairs that matter);
    thousands as '97k', which fits a cell (the hover has the exact count)."""
    return [["" if not v else str(v) if v < 10_000 else f"{v / 1000:.0f}k" for v in row] for row in m]


def comention_figure(events: pd.DataFrame) -> go.Figure:
    """The heatmap of country pairs drawn from an events frame (see `comention_heatmap`)."""
    df = normalise_events(events)
    codes = comention_countries(df)
    matrices = (comention_matrix(df, codes, inherited=False), comention_matrix(df, codes, inherited=True))
    return as_figure(comention_heatmap(codes, *matrices, country_names(df)))


def comention_heatmap(codes: list[str], tweet: list[list[int | None]], thread: list[list[int | None]], names: dict) -> Spec:
    """A heatmap of country pairs; buttons switch between 'named in the same tweet' (`tweet`) and 'in the
    same thread' (`thread`, inherited countries too). customdata holds 'AAA BBB' per cell for the page's
    click list; layout.meta.inherited says which view is shown."""
    if len(codes) < 2:
        return empty_spec("Fewer than two countries named: no pairs yet")
    labels = [esc(names.get(c, c)) for c in codes]
    pairs = [[f"{a} {b}" for b in codes] for a in codes]
    size = 170 + 26 * len(codes)
    heatmap = trace(
        "heatmap", z=tweet, x=labels, y=labels, customdata=pairs, text=_cell_text(tweet), texttemplate="%{text}",
        colorscale=COUNT_SCALE, zmin=0, xgap=1, ygap=1, hoverongaps=False,
        colorbar=dict(title=dict(text="events"), thickness=12),
        hovertemplate="%{y} and %{x}: %{z:,} events<extra></extra>",
    )  # fmt: skip
    layout = base_layout(
        size,
        meta=dict(inherited=False),
        margin=dict(l=10, r=10, t=10, b=50),
        xaxis=dict(side="top", tickangle=-45, automargin=True, fixedrange=True, showgrid=False),
        yaxis=dict(autorange="reversed", automargin=True, fixedrange=True, showgrid=False),
        updatemenus=[
            dict(
                type="buttons", direction="right", showactive=True, active=0,
                x=0, xanchor="left", y=0, yanchor="top", pad=dict(t=8),
                buttons=[
                    dict(label="named in the same tweet", method="update",
                         args=[{"z": [tweet], "text": [_cell_text(tweet)]}, {"meta": {"inherited": False}}]),
                    dict(label="in the same thread", method="update",
                         args=[{"z": [thread], "text": [_cell_text(thread)]}, {"meta": {"inherited": True}}]),
                ],
            )
        ],  # fmt: skip
    )
    return figure(layout, [heatmap])


def official_key(surface: str) -> tuple[str, str]:
    """('putin', 'Putin') for 'Putin’s' or 'Vladimir  Putin': the family name groups the forms."""
    words = " ".join(surface.split())
    words = _POSSESSIVE.sub("", words).strip()
    return (words.split(" ")[-1].lower() if words else ""), words


def top_officials(events: pd.DataFrame, per_country: int = TOP_OFFICIALS, countries: int = TOP_OFFICIAL_COUNTRIES) -> list[tuple[str, list[tuple[str, int]]]]:
    """[(country code, [(official as most often written, events)])], busiest officials first.

    An official is counted when a tweet names the country through them (event_countries.kind is
    'official'; its surface is the name as written, grouped by family name)."""
    df = normalise_events(events)
    seen: dict[tuple[str, str], set] = defaultdict(set)
    for r in row_dicts(df):
        if r["kind"] == "official" and r["how"] != "inherited" and r["country"] and r["surface"]:
            seen[(r["country"], r["surface"])].add(r["event_id"])
    return rank_officials([(country, surface, len(ids)) for (country, surface), ids in seen.items()], per_country, countries)


def rank_officials(
    counts: Iterable[tuple[str, str, int]], per_country: int = TOP_OFFICIALS, countries: int = TOP_OFFICIAL_COUNTRIES
) -> list[tuple[str, list[tuple[str, int]]]]:
    """`top_officials` from (country, official as written, events naming the country through them):
    the forms of one family name add up (an event names a country once), the most used form labels them."""
    events: Counter = Counter()
    forms: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for country, surface, n in counts:
        key, form = official_key(surface)
        if key and n:
            events[(country, key)] += n
            forms[(country, key)][form] += n
    by_country: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for (country, key), n in events.items():
        label = sorted(forms[(country, key)].items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
        by_country[country].append((label, n))
    for people in by_country.values():
        people.sort(key=lambda p: (-p[1], p[0]))
    totals = {c: sum(n for _, n in people) for c, people in by_country.items()}
    order = [c for c in FOCUS_COUNTRIES if c in by_country]
    order += sorted((c for c in by_country if c not in FOCUS_COUNTRIES), key=lambda c: (-totals[c], c))
    return [(c, by_country[c][:per_country]) for c in order[:countries]]


def officials_figure(events: pd.DataFrame) -> go.Figure:
    """The officials chart drawn from an events frame (see `officials_bars`)."""
    df = normalise_events(events)
    return as_figure(officials_bars(top_officials(df), country_names(df)))


def officials_bars(top: list[tuple[str, list[tuple[str, int]]]], names: dict) -> Spec:
    """Horizontal bars of the top officials, grouped by country (Kazakhstan, Ukraine, Russia first)."""
    if not top:
        return empty_spec("No officials named yet", height=200)
    colours = country_colours([c for c, _ in top])
    bars = sum(len(people) for _, people in top)
    most = max(n for _, people in top for _, n in people)
    height = max(240, 80 + 24 * bars + 8 * len(top))
    data = []
    for country, people in top:
        label = esc(names.get(country, country))
        data.append(
            trace(
                "bar",
                y=[[label] * len(people), [esc(p) for p, _ in people]],
                x=[n for _, n in people],
                orientation="h",
                name=label,
                marker=dict(color=colours[country]),
                hovertemplate="%{y}: %{x} events<extra></extra>",
                showlegend=False,
            )
        )
    layout = base_layout(
        height,
        bargap=0.25,
        margin=dict(l=10, r=10, t=20, b=10),
        # A tick per event while the bars are short; Plotly's own ticks beyond.
        xaxis=dict(title=dict(text="events naming them"), rangemode="tozero", fixedrange=True, gridcolor=GRID_COLOUR,
                   **({"dtick": 1} if most <= 10 else {})),
        yaxis=dict(autorange="reversed", automargin=True, fixedrange=True),
    )
    return figure(layout, data)
