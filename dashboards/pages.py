"""The page writer: every page's body, assembled from figures and the HTML helpers, written as
static files beside one plotly.min.js, one threadline.js/.css and one threadline-data.js.

The pages work offline from file://. Output is deterministic (fixed div ids, rows sorted by
content, no clock read here: the last ingestion time is an input), so the same inputs give
byte-identical files.

Untrusted text (tweets, authors, file names, messages) goes through `html.escape` before it
reaches the HTML, and through script-safe JSON before it reaches a data block.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

import pandas as pd
from plotly.offline import get_plotlyjs

from dashboards.comentions import comention_figure, officials_figure
from dashboards.figures import (
    activity_figure,
    countries_figure,
    counted_by_week,
    on_timeline,
    overview_figure,
    quality_figure,
    timeline_figure,
)
from dashboards.explorer import threads_body
from dashboards.markup import (
    DATA_JS,
    NOTHING_YET,
    PLOTLY_JS,
    SITE_CSS,
    SITE_JS,
    SITE_TITLE,
    Page,
    Raw,
    card,
    cards,
    e,
    empty,
    figure_html,
    filter_bar,
    fmt_int,
    link,
    local_link,
    page_html,
    percent,
    table,
    to_json,
)
from dashboards.prep import author_label, date_label, file_anchor, provenance, thread_link
from dashboards.site import Site, load_site
from dashboards.style import UNLABELLED_TYPE
from dashboards.worldmap import map_figure, missing_shapes

STATIC = Path(__file__).with_name("static")

PAGES: tuple[Page, ...] = (
    Page("index", "index.html", "Overview", "Summary figures and the way to every page."),
    Page("timeline", "timeline.html", "Timeline", "Every dated event on a time axis, one lane per country; the undated ones below.", True),
    Page("activity", "activity.html", "Activity", "Events per week or day per country, stacked.", True),
    Page("comentions", "comentions.html", "Co-mentions", "Which countries appear together, and the officials named most.", True),
    Page("map", "map.html", "Map", "Events per country on a world map, week by week.", True),
    Page("threads", "threads.html", "Threads", "Read any thread in order, with the tags and dates of each tweet.", has_figures=False),
    Page("quality", "quality.html", "Data quality", "Files read, undated share, ingest issues, last ingestion."),
)


def _countries_of(site: Site, record: dict[str, Any]) -> str:
    order = site.lane_index
    codes = sorted({c for c, _, _, _ in record["countries"]}, key=lambda c: order.get(c, len(order)))
    return ", ".join(site.names.get(c, c) for c in codes) or "—"


def events_table(site: Site, records: list[dict[str, Any]], *, table_id: str, with_date: bool = False) -> str:
    """One row per event (countries joined in lane order), in file / thread / position order; each row
    carries its event number so the filters can hide it, and links to the thread explorer."""
    numbers = site.event_number
    records = sorted(records, key=lambda r: (r["source_file"] or "", r["thread_seq"] or 0, r["position"] or 0, str(r["event_id"])))
    headers = [("countries", ""), ("type", ""), ("tweet", "text"), ("author", ""), ("source", "file"), ("read", "")]
    if with_date:
        headers.insert(0, ("date", ""))
    rows = []
    for r in records:
        links = local_link(thread_link(r["thread_id"], r["position"]), "thread")
        source = link(r["url"], "source")
        row: list[Any] = [
            _countries_of(site, r),
            r["event_type"] or UNLABELLED_TYPE,
            r["text"] or "",
            author_label(r["author"]),
            provenance(r),
            Raw(links + (" · " + source if source else "")),
        ]
        if with_date:
            row.insert(0, date_label(r["event_date"], r["date_precision"]))
        rows.append(row)
    attrs = [f' data-event="{numbers[r["event_id"]]}"' for r in records]
    return table(headers, rows, row_attrs=attrs, table_id=table_id)


def _filters(site: Site) -> str:
    return filter_bar(site.data["countries"], site.data["types"], any(c is None for c in site.events["country"]))


def _data_js(site: Site) -> str:
    return "window.THREADLINE_DATA = " + to_json(site.data) + ";\n"


# ---------------------------------------------------------------- the pages


def _issues_label(errors: int) -> str:
    return f"ingest issues ({errors:,} error{'s' if errors != 1 else ''})" if errors else "ingest issues"


def index_body(site: Site) -> str:
    parts = [
        f"<h1>{e(SITE_TITLE)}</h1>",
        '<p class="lede">Saved Twitter/X threads turned into a dated, country-tagged timeline.</p>',
        cards(
            [
                card(fmt_int(site.n_events), "events", "timeline.html"),
                card(fmt_int(site.n_tweets), "tweets", "threads.html"),
                card(fmt_int(site.n_threads), "threads", "threads.html"),
                card(fmt_int(site.n_countries), "countries", "map.html"),
                card(site.date_range, "date range", "activity.html", wide=True),
                card(percent(site.n_undated, site.n_events), f"undated ({fmt_int(site.n_undated)})", "timeline.html#undated"),
                card(fmt_int(len(site.files)), "files", "quality.html#files"),
                card(fmt_int(len(site.issues)), _issues_label(site.n_errors), "quality.html#issues"),
                card(site.ingested, "last ingestion", "quality.html", wide=True),
            ]
        ),
    ]
    if site.n_events == 0:
        parts.append(empty(NOTHING_YET))
    parts.append("<h2>Pages</h2>")
    parts.append(
        '<ul class="tiles">'
        + "".join(
            f'<li><a href="{e(p.file)}" data-keep><strong>{e(p.title)}</strong><span>{e(p.blurb)}</span></a></li>'
            for p in PAGES
            if p.name != "index"
        )
        + "</ul>"
    )
    if site.n_events:
        parts.append("<h2>Events per week</h2>")
        parts.append(figure_html(overview_figure(site.events), "overview-plot"))
        parts.append("<h2>Countries</h2>")
        parts.append('<p class="note">Events per country: named in the tweet, or only inherited from another tweet of the thread.</p>')
        parts.append(figure_html(countries_figure(site.events), "countries-plot"))
    return "\n".join(parts)


KEY = (
    '<p class="key"><span class="sym">●</span> day &nbsp; <span class="sym">■</span> week &nbsp; '
    '<span class="sym">◆</span> month (placed at its first day) &nbsp;·&nbsp; filled: country named in the '
    "tweet, hollow: inherited from the thread &nbsp;·&nbsp; colour: event type. "
    "Drag to zoom, double-click to reset, click a marker to read the tweet.</p>"
)

# (days, label): windows ending at the last event; offered when the data spans more than `days`.
TIMELINE_WINDOWS: tuple[tuple[int, str], ...] = ((7, "last week"), (31, "last month"), (92, "last 3 months"), (365, "last year"))


def timeline_body(site: Site) -> str:
    plotted = [r for r in site.records if on_timeline(r)]
    undated = [r for r in site.records if r["event_date"] is None]
    coarse = [r for r in site.records if r["event_date"] is not None and not on_timeline(r)]
    parts = ["<h1>Timeline</h1>"]
    if site.n_events == 0:
        parts.append(empty(NOTHING_YET))
    else:
        countries = len({c for r in plotted for c, _, _, _ in r["countries"]})
        lede = f"{len(plotted):,} dated events about {countries:,} countries, {site.date_range}."
        if undated:
            lede += f" {len(undated):,} undated events are listed below the chart."
        lede += " Countries a tweet only inherits from its thread are hidden until you ask for them."
        parts.append(f'<p class="lede">{e(lede)}</p>')
        parts.append(_filters(site))
        if plotted:
            parts.append(KEY)
            span = (max(r["event_date"] for r in plotted) - min(r["event_date"] for r in plotted)).days
            windows = [(str(days), label) for days, label in TIMELINE_WINDOWS if days < span]
            if windows:
                buttons = "".join(
                    f'<button type="button" data-window="{e(days)}" aria-pressed="false">{e(label)}</button>'
                    for days, label in [*windows, ("all", "everything")]
                )
                parts.append(f'<div class="windows" role="group" aria-label="Time window" data-plot="timeline-plot">{buttons}</div>')
            parts.append(figure_html(timeline_figure(site.events), "timeline-plot", filter="points", lanes="1", detail="event-detail"))
            parts.append('<div id="event-detail" class="detail" hidden aria-live="polite"></div>')

    parts.append('<h2 id="undated">Undated</h2>')
    if undated:
        parts.append('<p class="note">Events for which neither the tweet nor its thread gives a date; the filters apply here too.</p>')
        parts.append(events_table(site, undated, table_id="undated-events"))
    else:
        parts.append(empty("Every event has a date." if site.n_events else "No events yet."))
    if coarse:
        parts.append('<h2 id="coarse">Dated too coarsely to place</h2>')
        parts.append(events_table(site, coarse, table_id="coarse-events", with_date=True))
    return "\n".join(parts)


def activity_body(site: Site) -> str:
    parts = ["<h1>Activity</h1>"]
    if site.n_events == 0:
        return "\n".join([*parts, empty(NOTHING_YET)])
    counted = sum(1 for r in site.records if counted_by_week(r))
    parts.append(
        '<p class="lede">Events per week (Monday to Sunday) or per day in each country, stacked; an event '
        "that names two countries counts in both. The filters and the search apply.</p>"
    )
    if site.n_events - counted:
        parts.append(f'<p class="note">{site.n_events - counted:,} undated events are not counted (see the timeline page).</p>')
    if counted:
        parts.append(_filters(site))
        parts.append(figure_html(activity_figure(site.events), "activity-plot", filter="points"))
    else:
        parts.append(empty("No events dated to a day or a week yet."))
    return "\n".join(parts)


def comentions_body(site: Site) -> str:
    parts = ["<h1>Co-mentions</h1>"]
    if site.n_events == 0:
        return "\n".join([*parts, empty(NOTHING_YET)])
    parts.append(
        '<p class="lede">How many events concern both countries of a pair: named in the same tweet, or, with '
        "the second button, anywhere in the same thread. Click a cell to list its events.</p>"
    )
    parts.append(figure_html(comention_figure(site.events), "comentions-plot", pairs="pair-events"))
    parts.append('<div id="pair-events" class="detail" hidden aria-live="polite"></div>')
    parts.append('<h2 id="officials">Officials named most</h2>')
    parts.append(
        '<p class="note">Officials through whom a tweet names a country (a leader, a minister), counted once per '
        "event and grouped by family name; spellings in other scripts count apart.</p>"
    )
    parts.append(figure_html(officials_figure(site.events), "officials-plot"))
    return "\n".join(parts)


def map_body(site: Site) -> str:
    parts = ["<h1>Map</h1>"]
    if site.n_events == 0:
        return "\n".join([*parts, empty(NOTHING_YET)])
    parts.append(
        '<p class="lede">Events per country, for all weeks or one week at a time (the slider under the map). '
        "The filters and the search apply.</p>"
    )
    parts.append(_filters(site))
    parts.append(figure_html(map_figure(site.events), "map-plot", map="1"))
    missing = missing_shapes(site.events)
    if missing:
        parts.append(f'<p class="note">Too small for the map at this scale: {e(", ".join(site.names.get(c, c) for c in missing))}.</p>')
    parts.append('<p class="note">Country shapes: Natural Earth 1:110m (public domain), shipped with threadline.</p>')
    return "\n".join(parts)


def quality_body(site: Site) -> str:
    parts = ["<h1>Data quality</h1>"]
    undated_by_file: dict[Any, int] = {}
    events_by_file: dict[Any, int] = {}
    for r in site.records:
        events_by_file[r["source_file"]] = events_by_file.get(r["source_file"], 0) + 1
        if r["event_date"] is None:
            undated_by_file[r["source_file"]] = undated_by_file.get(r["source_file"], 0) + 1
    warnings = sum(1 for s in site.issues["severity"] if (s or "") == "warning")
    parts.append(
        cards(
            [
                card(fmt_int(len(site.files)), "files", "#files"),
                card(fmt_int(site.n_tweets), "tweets"),
                card(fmt_int(site.n_events), "events"),
                card(percent(site.n_undated, site.n_events), f"undated ({fmt_int(site.n_undated)})", "timeline.html#undated"),
                card(fmt_int(site.n_errors), "ingest errors", "#issues"),
                card(fmt_int(warnings), "ingest warnings", "#issues"),
                card(site.ingested, "last ingestion", wide=True),
            ]
        )
    )
    if site.n_events:
        parts.append("<h2>Where the dates come from</h2>")
        parts.append(figure_html(quality_figure(site.events), "quality-plot"))
    parts.append('<h2 id="files">Files</h2>')
    files = site.files.to_dict("records")
    known = {f["source_file"] for f in files}
    files += [{"source_file": s, "format": None, "size_bytes": None, "threads": None, "tweets": None, "issues": None}
              for s in sorted(k for k in events_by_file if k not in known and k is not None)]  # fmt: skip
    if files:
        first_thread: dict[Any, Any] = {}
        for t in site.thread_list:  # in file, then thread order
            first_thread.setdefault(t["source_file"], t["thread_id"])
        rows = []
        for f in files:
            n, u = events_by_file.get(f["source_file"], 0), undated_by_file.get(f["source_file"], 0)
            first = first_thread.get(f["source_file"])
            rows.append([
                f["source_file"], f["format"], fmt_int(f["size_bytes"]), fmt_int(f["threads"]), fmt_int(f["tweets"]),
                fmt_int(n), fmt_int(u), percent(u, n), fmt_int(f["issues"]),
                local_link(thread_link(first), "threads") if first else "",
            ])  # fmt: skip
        parts.append(
            table(
                [("source file", "file"), ("format", ""), ("bytes", "num"), ("threads", "num"), ("tweets", "num"),
                 ("events", "num"), ("undated", "num"), ("undated share", "num"), ("issues", "num"), ("read", "")],
                rows,
                row_attrs=[f' id="{file_anchor(f["source_file"])}"' for f in files],
            )  # fmt: skip
        )
    else:
        parts.append(empty("No thread files have been read yet."))
    parts.append('<h2 id="issues">Ingest issues</h2>')
    if len(site.issues):
        parts.append('<p class="note">Lines or files that could not be used as they stand, and why.</p>')
        parts.append(
            table(
                [("source file", "file"), ("line", "num"), ("severity", ""), ("message", "text")],
                (
                    [
                        r["source_file"],
                        fmt_int(r["line_no"]),
                        Raw(f'<span class="sev-{e(str(r["severity"] or "").lower())}">{e(r["severity"])}</span>'),
                        r["message"],
                    ]
                    for r in site.issues.to_dict("records")
                ),
            )
        )
    else:
        parts.append(empty("No ingest issues."))
    return "\n".join(parts)


BODIES: dict[str, Callable[[Site], str]] = {
    "index": index_body,
    "timeline": timeline_body,
    "activity": activity_body,
    "comentions": comentions_body,
    "map": map_body,
    "threads": threads_body,
    "quality": quality_body,
}


def _footer(site: Site) -> str:
    # No ingestion time here: pages other than the index and data quality stay byte-identical
    # from one run to the next when the data did not change.
    return e(
        f"{SITE_TITLE} · {site.n_events:,} events from {len(site.files):,} files · "
        "charts by Plotly, drawn offline; map shapes from Natural Earth."
    )


# ---------------------------------------------------------------- writing


def render_site(
    events: pd.DataFrame | None,
    issues: pd.DataFrame | None,
    files: pd.DataFrame | None,
    *,
    threads: pd.DataFrame | None = None,
    tweets: pd.DataFrame | None = None,
    ingested_at: datetime | None = None,
) -> dict[str, str]:
    """Every file of the site as text, by file name (pages and the shared data; no files written)."""
    site = load_site(events, issues, files, threads, tweets, ingested_at)
    footer = _footer(site)
    out = {p.file: page_html(p, PAGES, BODIES[p.name](site), footer) for p in PAGES}
    out[DATA_JS] = _data_js(site)
    return out


def _write_if_changed(path: Path, data: bytes) -> None:
    """Write atomically, and not at all when the file already holds these bytes (mtimes stay put)."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except FileNotFoundError:
        pass
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_site(
    events: pd.DataFrame | None,
    issues: pd.DataFrame | None,
    files: pd.DataFrame | None,
    out_dir: Path,
    *,
    threads: pd.DataFrame | None = None,
    tweets: pd.DataFrame | None = None,
    ingested_at: datetime | None = None,
) -> dict[str, Path]:
    """Write every page plus the shared plotly.min.js, threadline.js/.css and threadline-data.js into
    out_dir; return {page name: path}."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_if_changed(out_dir / PLOTLY_JS, get_plotlyjs().encode("utf-8"))
    _write_if_changed(out_dir / SITE_JS, (STATIC / "site.js").read_bytes())
    _write_if_changed(out_dir / SITE_CSS, (STATIC / "site.css").read_bytes())
    for name, text in render_site(events, issues, files, threads=threads, tweets=tweets, ingested_at=ingested_at).items():
        _write_if_changed(out_dir / name, text.encode("utf-8"))
    return {p.name: out_dir / p.file for p in PAGES}
