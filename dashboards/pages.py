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
import pkgutil
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from dashboards.comentions import comention_heatmap, officials_bars
from dashboards.counts import ISSUE_FILE_COLUMNS, ISSUE_KIND_COLUMNS, Counts, Totals, rows_of
from dashboards.figures import (
    activity_counts_spec,
    activity_spec,
    country_bars,
    date_source_bars,
    on_timeline,
    overview_bars,
    timeline_counts_spec,
    timeline_spec,
)
from dashboards.explorer import threads_body
from dashboards.limits import QUALITY_FILES_SHOWN
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
    partial_note,
    percent,
    table,
    to_json,
)
from dashboards.prep import author_label, date_label, file_anchor, provenance, row_dicts, thread_link
from dashboards.queries import SiteTables
from dashboards.site import Shown, Site, load_site
from dashboards.style import UNLABELLED_TYPE
from dashboards.worldmap import unmapped, world_map
from threadline.collector import collector_paused

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
    """The filter bar over the events shown one by one. When only some are, they carry the countries
    their tweets name (and inherited ones only for tweets that name none): no inherited toggle."""
    has_none = any(c is None for c in site.events["country"])
    return filter_bar(site.data["countries"], site.data["types"], has_none, inherited_toggle=not site.partial)


def _shown_note(site: Site) -> str:
    """The note on the pages that show the newest threads' events one by one."""
    threads = len({r["thread_id"] for r in site.records})
    return partial_note(site.n_shown, site.n_events, "events", f"those of the {threads:,} newest threads", "tables events and event_countries")


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
                card(fmt_int(site.totals.files), "files", "quality.html#files"),
                card(fmt_int(site.totals.issues), _issues_label(site.n_errors), "quality.html#issues"),
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
        parts.append(figure_html(overview_bars(site.weekly), "overview-plot"))
        parts.append("<h2>Countries</h2>")
        parts.append('<p class="note">Events per country: named in the tweet, or only inherited from another tweet of the thread.</p>')
        parts.append(figure_html(country_bars(*site.country_counts, site.names), "countries-plot"))
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
        parts += _timeline_counts(site) if site.partial else [f'<p class="lede">{e(_timeline_lede(site, plotted, undated))}</p>']
        parts.append(_filters(site))
        if plotted:
            parts.append(KEY)
            parts.append(_windows(plotted))
            figure = timeline_spec(site.events, hover_from_data=site.partial)
            parts.append(figure_html(figure, "timeline-plot", filter="points", lanes="1", detail="event-detail"))
            parts.append('<div id="event-detail" class="detail" hidden aria-live="polite"></div>')

    parts.append('<h2 id="undated">Undated</h2>')
    if undated:
        parts.append('<p class="note">Events for which neither the tweet nor its thread gives a date; the filters apply here too.</p>')
        if site.partial:
            parts.append(f'<p class="note">{site.n_undated:,} undated events in all; those of the threads shown are listed.</p>')
        parts.append(events_table(site, undated, table_id="undated-events"))
    elif site.partial and site.n_undated:
        parts.append(empty(f"None of the events shown is undated ({site.n_undated:,} undated events in all)."))
    else:
        parts.append(empty("Every event has a date." if site.n_events else "No events yet."))
    if coarse:
        parts.append('<h2 id="coarse">Dated too coarsely to place</h2>')
        parts.append(events_table(site, coarse, table_id="coarse-events", with_date=True))
    return "\n".join(parts)


def _timeline_lede(site: Site, plotted: list[dict[str, Any]], undated: list[dict[str, Any]]) -> str:
    countries = len({c for r in plotted for c, _, _, _ in r["countries"]})
    lede = f"{len(plotted):,} dated events about {countries:,} countries, {site.date_range}."
    if undated:
        lede += f" {len(undated):,} undated events are listed below the chart."
    return lede + " Countries a tweet only inherits from its thread are hidden until you ask for them."


def _timeline_counts(site: Site) -> list[str]:
    """A large corpus: every event counted per day (or week) and country, then the newest ones one by one."""
    lede = (
        f"{site.n_events:,} events about {site.n_countries:,} countries, {site.date_range}; {site.n_undated:,} undated. "
        "The chart counts every event by the countries its tweet names; below it, the newest events one by one."
    )
    return [
        f'<p class="lede">{e(lede)}</p>',
        figure_html(timeline_counts_spec(site.days, site.count_order, site.names), "timeline-counts-plot"),
        '<h2 id="newest">The newest events</h2>',
        _shown_note(site),
        '<p class="note">The filters and the search apply to these events. Markers show the countries each tweet '
        "names; a tweet that names none shows those it inherits from its thread.</p>",
    ]


def _windows(plotted: list[dict[str, Any]]) -> str:
    """Buttons zooming the timeline to the last week, month, … of its events."""
    span = (max(r["event_date"] for r in plotted) - min(r["event_date"] for r in plotted)).days
    windows = [(str(days), label) for days, label in TIMELINE_WINDOWS if days < span]
    if not windows:
        return ""
    buttons = "".join(
        f'<button type="button" data-window="{e(days)}" aria-pressed="false">{e(label)}</button>'
        for days, label in [*windows, ("all", "everything")]
    )
    return f'<div class="windows" role="group" aria-label="Time window" data-plot="timeline-plot">{buttons}</div>'


def activity_body(site: Site) -> str:
    parts = ["<h1>Activity</h1>"]
    if site.n_events == 0:
        return "\n".join([*parts, empty(NOTHING_YET)])
    counted = sum(site.weekly.values())
    parts.append(
        '<p class="lede">Events per week (Monday to Sunday) or per day in each country, stacked; an event '
        "that names two countries counts in both. "
        + ("Every event is counted; click a country in the legend to hide it, double-click to see it alone.</p>"
           if site.partial else "The filters and the search apply.</p>")
    )  # fmt: skip
    if site.n_events - counted:
        parts.append(f'<p class="note">{site.n_events - counted:,} undated events are not counted (see the timeline page).</p>')
    if not counted:
        parts.append(empty("No events dated to a day or a week yet."))
    elif site.partial:
        parts.append(figure_html(activity_counts_spec(site.days, site.count_order, site.names), "activity-plot"))
    else:
        parts.append(_filters(site))
        parts.append(figure_html(activity_spec(site.events), "activity-plot", filter="points"))
    return "\n".join(parts)


def comentions_body(site: Site) -> str:
    parts = ["<h1>Co-mentions</h1>"]
    if site.n_events == 0:
        return "\n".join([*parts, empty(NOTHING_YET)])
    parts.append(
        '<p class="lede">How many events concern both countries of a pair: named in the same tweet, or, with '
        "the second button, anywhere in the same thread. Click a cell to list its events.</p>"
    )
    if site.partial:
        parts.append(f'<p class="note">A cell lists its events among the {site.n_shown:,} newest shown one by one '
                     "(the counts cover every event).</p>")  # fmt: skip
    parts.append(figure_html(comention_heatmap(*site.heatmap, site.names), "comentions-plot", pairs="pair-events"))
    parts.append('<div id="pair-events" class="detail" hidden aria-live="polite"></div>')
    parts.append('<h2 id="officials">Officials named most</h2>')
    parts.append(
        '<p class="note">Officials through whom a tweet names a country (a leader, a minister), counted once per '
        "event and grouped by family name; spellings in other scripts count apart.</p>"
    )
    parts.append(figure_html(officials_bars(site.officials, site.names), "officials-plot"))
    return "\n".join(parts)


def map_body(site: Site) -> str:
    parts = ["<h1>Map</h1>"]
    if site.n_events == 0:
        return "\n".join([*parts, empty(NOTHING_YET)])
    counts, period = site.map_counts
    parts.append(
        f'<p class="lede">Events per country, for all {period}s or one {period} at a time (the slider under the map). '
        + ("Every event is counted by the countries its tweet names.</p>" if site.partial else "The filters and the search apply.</p>")
    )
    if site.partial:  # the slider shows the database's counts; nothing to filter in the page
        parts.append(figure_html(world_map(counts, site.names, period), "map-plot", map="counts"))
    else:
        parts.append(_filters(site))
        parts.append(figure_html(world_map(counts, site.names, period), "map-plot", map="1"))
    explicit, inherited = site.country_counts
    missing = unmapped(set(explicit) | set(inherited))
    if missing:
        parts.append(f'<p class="note">Too small for the map at this scale: {e(", ".join(site.names.get(c, c) for c in missing))}.</p>')
    parts.append('<p class="note">Country shapes: Natural Earth 1:110m (public domain), shipped with threadline.</p>')
    return "\n".join(parts)


def quality_body(site: Site) -> str:
    events_by_file: Counter = Counter()
    for by_file in site.file_dates.values():
        events_by_file.update(by_file)
    undated_by_file = site.file_dates.get(None, Counter())
    parts = [
        "<h1>Data quality</h1>",
        cards(
            [
                card(fmt_int(site.totals.files), "files", "#files"),
                card(fmt_int(site.n_tweets), "tweets"),
                card(fmt_int(site.n_events), "events"),
                card(percent(site.n_undated, site.n_events), f"undated ({fmt_int(site.n_undated)})", "timeline.html#undated"),
                card(fmt_int(site.n_errors), "ingest errors", "#issues"),
                card(fmt_int(site.totals.warnings), "ingest warnings", "#issues"),
                card(site.ingested, "last ingestion", wide=True),
            ]
        ),
    ]
    if site.n_events:
        parts.append("<h2>Where the dates come from</h2>")
        if len(events_by_file) > QUALITY_FILES_SHOWN:
            parts.append(f'<p class="note">The {QUALITY_FILES_SHOWN} files with the most events; the table below lists the files.</p>')
        parts.append(figure_html(date_source_bars(site.file_dates), "quality-plot"))
    parts.append('<h2 id="files">Files</h2>')
    parts.append(_files_table(site, events_by_file, undated_by_file))
    parts.append('<h2 id="issues">Ingest issues</h2>')
    parts += _issues(site)
    return "\n".join(parts)


def _files_table(site: Site, events_by_file: Counter, undated_by_file: Counter) -> str:
    files = row_dicts(site.files)
    if len(files) == site.totals.files:  # every file is listed: add those only the events know
        known = {f["source_file"] for f in files}
        files += [{"source_file": s, "format": None, "size_bytes": None, "threads": None, "tweets": None, "issues": None}
                  for s in sorted(k for k in events_by_file if k not in known and k is not None)]  # fmt: skip
    if not files:
        return empty("No thread files have been read yet.")
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
    note = partial_note(len(files), site.totals.files, "files", "the first by name", "table source_files") if len(files) < site.totals.files else ""
    return note + table(
        [("source file", "file"), ("format", ""), ("bytes", "num"), ("threads", "num"), ("tweets", "num"),
         ("events", "num"), ("undated", "num"), ("undated share", "num"), ("issues", "num"), ("read", "")],
        rows,
        row_attrs=[f' id="{file_anchor(f["source_file"])}"' for f in files],
    )  # fmt: skip


def _issues(site: Site) -> list[str]:
    if not site.totals.issues:
        return [empty("No ingest issues.")]
    parts = ['<p class="note">Lines or files that could not be used as they stand, and why.</p>']
    shown = len(site.issues)
    if shown < site.totals.issues and site.counts is not None:
        parts += _issue_summaries(site.counts)
    if shown < site.totals.issues:
        parts.append(partial_note(shown, site.totals.issues, "ingest issues", "the first by file and line", "table ingest_issues"))
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
                for r in row_dicts(site.issues)
            ),
        )
    )
    return parts


def _issue_summaries(counts: Counts) -> list[str]:
    """Too many issues to list: every issue counted by kind (the message without its numbers) and by file."""
    kinds = rows_of(counts.issue_kinds, ISSUE_KIND_COLUMNS)
    files = rows_of(counts.issue_files, ISSUE_FILE_COLUMNS)
    return [
        '<h3 id="issue-kinds">By kind</h3>',
        table(
            [("severity", ""), ("kind", "text"), ("issues", "num"), ("files", "num"), ("for example", "text")],
            ([r["severity"], r["kind"], fmt_int(r["issues"]), fmt_int(r["files"]), r["example"]] for r in kinds),
        ),
        '<h3 id="issue-files">Files with the most issues</h3>',
        table(
            [("source file", "file"), ("issues", "num"), ("errors", "num")],
            ([r["source_file"], fmt_int(r["issues"]), fmt_int(r["errors"])] for r in files),
        ),
        '<h3 id="issue-list">The issues, one by one</h3>',
    ]


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
        f"{SITE_TITLE} · {site.n_events:,} events from {site.totals.files:,} files · "
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
    totals: Totals | None = None,
    counts: Counts | None = None,
    shown: Shown | None = None,
) -> dict[str, str]:
    """Every file of the site as text, by file name (pages and the shared data; no files written).
    `totals` and `counts` are the database's (dashboards.queries); without them the rows given are all.
    `shown`: the rows prepared already (site.shown_rows), in place of events, threads and tweets."""
    site = load_site(events, issues, files, threads, tweets, ingested_at, totals, counts, shown)
    footer = _footer(site)
    out = {p.file: page_html(p, PAGES, BODIES[p.name](site), footer) for p in PAGES}
    out[DATA_JS] = _data_js(site)
    return out


def plotly_js() -> bytes:
    """Plotly's library as plotly.offline.get_plotlyjs reads it, kept in bytes: decoding 4.8 MB only to
    encode them again cost a few hundredths of a second."""
    data = pkgutil.get_data("plotly", "package_data/plotly.min.js")
    if data is None:
        raise LookupError("plotly.min.js is not in the installed plotly package")
    return data


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
    totals: Totals | None = None,
    counts: Counts | None = None,
    shown: Shown | None = None,
) -> dict[str, Path]:
    """Write every page plus the shared plotly.min.js, threadline.js/.css and threadline-data.js into
    out_dir; return {page name: path}."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_if_changed(out_dir / PLOTLY_JS, plotly_js())
    _write_if_changed(out_dir / SITE_JS, (STATIC / "site.js").read_bytes())
    _write_if_changed(out_dir / SITE_CSS, (STATIC / "site.css").read_bytes())
    with collector_paused():
        site = render_site(
            events, issues, files, threads=threads, tweets=tweets, ingested_at=ingested_at, totals=totals, counts=counts, shown=shown
        )
    for name, text in site.items():
        _write_if_changed(out_dir / name, text.encode("utf-8"))
    return {p.name: out_dir / p.file for p in PAGES}


def write_site_tables(tables: SiteTables, out_dir: Path, *, ingested_at: datetime | None = None) -> dict[str, Path]:
    """`write_site` from what `dashboards.queries.read_site_tables` read."""
    return write_site(
        tables.events, tables.issues, tables.files, out_dir, threads=tables.threads, tweets=tables.tweets,
        ingested_at=ingested_at, totals=tables.totals, counts=tables.counts, shown=tables.shown,
    )  # fmt: skip
