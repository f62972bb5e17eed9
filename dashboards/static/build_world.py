"""Rebuild world-110m.geojson from Natural Earth's 1:110m countries as packed by npm's world-atlas.

Run by hand, never at run time (the output is checked in):

    cd /tmp && npm pack world-atlas@2 i18n-iso-countries@7 && tar xzf world-atlas-2.*.tgz \
        && mkdir iso && tar xzf i18n-iso-countries-*.tgz -C iso
    python dashboards/static/build_world.py /tmp/package/countries-110m.json \
        /tmp/iso/package/codes.json dashboards/static/world-110m.geojson

TopoJSON arcs are decoded into GeoJSON polygons, ids become ISO 3166-1 alpha-3 (world-atlas uses
ISO numeric ids; i18n-iso-countries maps them), coordinates are rounded to 0.01° (about 1 km,
finer than the 1:110m shapes themselves).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# Shapes world-atlas leaves without an ISO numeric id: merged into their country, or given the
# code in common use.
NO_ID = {"N. Cyprus": "CYP", "Somaliland": "SOM", "Kosovo": "XKX"}
DIGITS = 2


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, DIGITS), round(y * sy + ty, DIGITS)))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        for p in arc[1:] if points else arc:
            if not points or p != points[-1]:
                points.append(p)
    return [list(p) for p in points]


def polygons(geometry: dict, arcs) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        parts = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        parts = geometry["arcs"]
    else:
        return []
    out = []
    for polygon in parts:
        rings = [ring(r, arcs) for r in polygon]
        rings = [r for r in rings if len(r) >= 4]
        if rings:
            out.append(rings)
    return out


def build(topology_path: Path, codes_path: Path) -> dict:
    topology = json.loads(topology_path.read_text(encoding="utf-8"))
    numeric_to_alpha3 = {numeric: alpha3 for _, alpha3, numeric, *_ in json.loads(codes_path.read_text(encoding="utf-8"))}
    arcs = decode_arcs(topology)
    shapes: dict[str, dict] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        code = numeric_to_alpha3.get(geometry.get("id") or "") or NO_ID[name]
        entry = shapes.setdefault(code, {"name": name, "polygons": []})
        entry["polygons"].extend(polygons(geometry, arcs))
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": {"name": entry["name"]},
            "geometry": {"type": "MultiPolygon", "coordinates": entry["polygons"]},
        }
        for code, entry in sorted(shapes.items())
    ]
    return {"type": "FeatureCollection", "features": features}


if __name__ == "__main__":
    topology_file, codes_file, out_file = map(Path, sys.argv[1:4])
    collection = build(topology_file, codes_file)
    out_file.write_text(json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{out_file}: {len(collection['features'])} countries, {out_file.stat().st_size:,} bytes")
