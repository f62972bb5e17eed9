"""Figures as plain dicts in Plotly's JSON schema ("specs"): what the pages embed.

The chart builders return specs rather than go.Figure objects: a go.Figure validates and copies every
property as it is set, which took longer than everything else the pages of a million events need. The
public figure functions (figures.timeline_figure, …) hand their spec to go.Figure, which validates it,
and the tests check that every figure a page embeds is one Plotly accepts as it stands.
"""

from __future__ import annotations

import functools
import json
import pkgutil
from typing import Any, Sequence

import plotly.graph_objects as go

Spec = dict[str, Any]  # {"data": [trace, …], "layout": {…}}

# What plotly.io.to_json escapes in its output, so that no figure can end the <script> holding it.
_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("/", "\\u002f"))


def trace(kind: str, **props: Any) -> dict[str, Any]:
    """A trace of Plotly type `kind`; properties given as None are left out, as go.Figure leaves them."""
    return {**{k: v for k, v in props.items() if v is not None}, "type": kind}


def figure(layout: dict[str, Any], data: Sequence[dict[str, Any]] = ()) -> Spec:
    return {"data": list(data), "layout": layout}


def as_figure(spec: Spec) -> go.Figure:
    """The validated go.Figure of a spec."""
    return go.Figure(spec)


@functools.cache
def named_template(name: str) -> dict[str, Any]:
    """A named Plotly template written out, as go.Figure writes layout.template: read from the file
    plotly.io.templates loads it from (building it through go.Figure costs a quarter of a second)."""
    data = pkgutil.get_data("plotly", f"package_data/templates/{name}.json")
    if data is None:
        raise LookupError(f"no Plotly template named {name!r}")
    return json.loads(data)


def spec_json(spec: Spec) -> str:
    """The spec as the JSON plotly.io.to_json writes for its go.Figure: ASCII, compact, the layout's named
    template written out, <, > and / escaped. Specs hold plain Python values only (a NaN raises)."""
    layout = spec["layout"]
    if isinstance(layout.get("template"), str):
        layout = {**layout, "template": named_template(layout["template"])}
    text = json.dumps({"data": spec["data"], "layout": layout}, separators=(",", ":"), allow_nan=False)
    for raw, escaped in _ESCAPES:
        text = text.replace(raw, escaped)
    return text
