"""Colours, fonts and the layout every figure starts from: one place, shared by figures and pages."""

from __future__ import annotations

from typing import Any

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT_COLOUR = "#222"
GRID_COLOUR = "#E3E6EA"
BAND_COLOUR = "#F3F5F8"
SLIDER_BG = "#F7F7F7"

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

# Countries: Kazakhstan, Ukraine, Russia in their own colours, the next few in Tol's muted
# scheme, the rest together in grey.
COUNTRY_COLOURS: dict[str, str] = {"KAZ": "#56B4E9", "UKR": "#E69F00", "RUS": "#D55E00"}
OTHER_COUNTRY_COLOURS: tuple[str, ...] = (
    "#0072B2", "#009E73", "#CC79A7", "#332288", "#999933", "#882255", "#44AA99",
)  # fmt: skip
OTHER_COUNTRIES_COLOUR = "#A0A0A0"
NO_COUNTRY_COLOUR = "#D0D0D0"

# Sequential scale for counts (map, heatmap): zero is a neutral grey, then light to dark blue.
COUNT_SCALE: list[list[Any]] = [
    [0.0, "#EEEEEE"],
    [1e-9, "#DCEAF6"],
    [0.25, "#9CC3E4"],
    [0.5, "#4A98C9"],
    [0.75, "#1764AB"],
    [1.0, "#08306B"],
]


def event_type_order(types: list[str]) -> list[str]:
    """Known types in taxonomy order, unknown ones alphabetically, then 'other' and 'unlabelled'."""
    present = set(types)
    known = [t for t in EVENT_TYPE_COLOURS if t != "other" and t in present]
    unknown = sorted(t for t in present if t not in EVENT_TYPE_COLOURS and t != UNLABELLED_TYPE)
    tail = [t for t in ("other", UNLABELLED_TYPE) if t in present]
    return [*known, *unknown, *tail]


def event_type_colours(types: list[str]) -> dict[str, str]:
    """Type -> colour for the types present, in legend order."""
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


def country_colours(codes: list[str | None]) -> dict[str | None, str]:
    """Code -> colour, codes in lane order: the focus countries keep theirs, the next ones cycle."""
    colours: dict[str | None, str] = {}
    extra = 0
    for code in codes:
        if code is None:
            colours[code] = NO_COUNTRY_COLOUR
        elif code in COUNTRY_COLOURS:
            colours[code] = COUNTRY_COLOURS[code]
        else:
            colours[code] = OTHER_COUNTRY_COLOURS[extra % len(OTHER_COUNTRY_COLOURS)]
            extra += 1
    return colours


def base_layout(height: int, **extra: Any) -> dict[str, Any]:
    """What every figure's layout starts from, with `extra` set over it; `uirevision` keeps zoom and
    legend clicks across redraws."""
    return {
        **dict(
            template="plotly_white",
            height=height,
            font=dict(family=FONT, size=13, color=TEXT_COLOUR),
            margin=dict(l=10, r=10, t=40, b=10),
            hoverlabel=dict(align="left", bgcolor="white", bordercolor="#888", font=dict(family=FONT, size=13, color=TEXT_COLOUR)),
            paper_bgcolor="white",
            plot_bgcolor="white",
            uirevision="keep",
        ),
        **extra,
    }


def top_legend(height: int, **extra: Any) -> dict[str, Any]:
    """A horizontal legend across the top, one modebar-row (32 px) below the figure's top edge."""
    return dict(
        orientation="h", yref="container", y=1 - 32 / height, yanchor="top", xanchor="left", x=0,
        itemclick="toggle", itemdoubleclick="toggleothers", **extra,
    )  # fmt: skip
