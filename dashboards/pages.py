"""The page writer: figures plus a little HTML, CSS and JS, written as static files.

The pages work offline from file://: plotly's JavaScript is written once as `plotly.min.js`
beside them and loaded with a relative <script src>. Output is deterministic (fixed div ids,
rows sorted by content, no timestamps), so the same inputs give byte-identical files.

Untrusted text (tweets, authors, file names, messages) goes through `html.escape` before it
reaches the HTML; the figure JSON is made safe to sit inside a <script> element.
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from dashboards.figures import (
    activity_figure,
    counted_by_week,
    overview_figure,
    timeline_figure,
    timeline_rows,
    weekly_counts,
)
from dashboards.prep import (
    FILE_COLUMNS,
    ISSUE_COLUMNS,
    NO_COUNTRY_LABEL,
    author_label,
    country_names,
    country_order,
    day_label,
    is_null,
    normalise_events,
    normalise_table,
    provenance,
    rows_where,
    safe_url,
)

PLOTLY_JS = "plotly.min.js"
SITE_TITLE = "threadline"
MAX_TABLE_ROWS = 1000  # longer tables are cut, with a note saying how many rows were left out


@dataclass(frozen=True)
class Page:
    name: str
    file: str
    title: str
    blurb: str


PAGES: tuple[Page, ...] = (
    Page("index", "index.html", "Overview", "Summary, files and ingest issues."),
    Page("timeline", "timeline.html", "Timeline", "Every dated event on a time axis, one lane per country."),
    Page("activity", "activity.html", "Activity", "Events per week per country, stacked."),
)

PLOT_CONFIG: dict[str, Any] = {
    "responsive": True,
    "displaylogo": False,
    "scrollZoom": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
}

CSS = """\
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d8dee4; --soft: #f6f8fa; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--fg); background: #fff; }
a { color: var(--accent); }
header.site { background: #14213d; }
header.site nav { max-width: 1280px; margin: 0 auto; padding: .6rem 1rem; display: flex; flex-wrap: wrap;
  gap: .25rem 1.25rem; align-items: baseline; }
header.site a { color: #dfe7f5; text-decoration: none; padding-bottom: 2px; }
header.site a:hover { color: #fff; }
header.site a.brand { font-weight: 700; color: #fff; margin-right: .5rem; }
header.site a[aria-current="page"] { color: #fff; border-bottom: 2px solid #f4b942; }
main { max-width: 1280px; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; }
.lede { color: var(--muted); margin: .25rem 0 1rem; }
.empty { border: 1px dashed var(--line); border-radius: 8px; padding: 1rem; color: var(--muted); background: var(--soft); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: .75rem; margin: 1rem 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: .65rem .9rem; background: var(--soft); }
.card .num { display: block; font-size: 1.45rem; font-weight: 650; line-height: 1.2; }
.card .label { color: var(--muted); font-size: .85rem; }
ul.pages { padding-left: 1.2rem; }
ul.pages li { margin: .2rem 0; }
.plot { width: 100%; }
.key { color: var(--muted); font-size: .9rem; margin: .25rem 0 .5rem; }
.key .sym { color: #333; font-size: 1rem; }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); font-weight: 600; white-space: nowrap; }
tbody tr:last-child td { border-bottom: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.text { min-width: 16rem; max-width: 42rem; white-space: pre-wrap; overflow-wrap: anywhere; }
td.file { overflow-wrap: anywhere; }
.sev-error { color: #b42318; font-weight: 600; }
.sev-warning { color: #8a6100; }
.note { color: var(--muted); font-size: .85rem; }
.windows { display: flex; flex-wrap: wrap; gap: .4rem; margin: .5rem 0; }
.windows button { font: inherit; font-size: .85rem; padding: .2rem .7rem; border: 1px solid var(--line);
  border-radius: 999px; background: #fff; color: var(--fg); cursor: pointer; }
.windows button:hover { background: var(--soft); }
.windows button[aria-pressed="true"] { background: #14213d; border-color: #14213d; color: #fff; }
.card.wide { grid-column: span 2; }
.card .num.small { font-size: 1.15rem; padding-top: .2rem; }
.detail { border-left: 4px solid #0072B2; background: var(--soft); padding: .5rem 1rem; margin: 1rem 0;
  border-radius: 0 8px 8px 0; }
.detail p { margin: .3rem 0; }
.detail .detail-text { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 1rem; }
.detail .detail-meta { color: var(--muted); font-size: .85rem; }
footer { max-width: 1280px; margin: 2rem auto 1rem; padding: 0 1rem; color: var(--muted); font-size: .85rem; }
@media (max-width: 600px) {
  body { font-size: 14px; }
  main { padding: .5rem; }
  h1 { font-size: 1.3rem; }
  .card .num { font-size: 1.2rem; }
}
@media (max-width: 340px) { .card.wide { grid-column: auto; } }
"""

TIMELINE_WINDOW_JS = """\
var full = (fig.layout.xaxis.range || []).slice();
var buttons = document.querySelectorAll("[data-window]");
Array.prototype.forEach.call(buttons, function (btn) {
  btn.addEventListener("click", function () {
    var days = btn.getAttribute("data-window");
    var range = full;
    if (days !== "all" && full.length === 2) {
      var start = new Date(Date.parse(full[1]) - Number(days) * 86400000);
      range = [start.toISOString().slice(0, 10), full[1]];
    }
    Plotly.relayout(el, {"xaxis.range": range});
    Array.prototype.forEach.call(buttons, function (b) { b.setAttribute("aria-pressed", b === btn ? "true" : "false"); });
  });
});
"""

# (days, label): windows ending at the last event; offered when the data spans more than `days`.
TIMELINE_WINDOWS: tuple[tuple[int, str], ...] = ((7, "last week"), (31, "last month"), (92, "last 3 months"), (365, "last year"))

TIMELINE_CLICK_JS = """\
var panel = null;  // looked up on click: the panel comes after this script in the page
function line(cls, text) {
  var p = document.createElement("p");
  p.className = cls;
  p.textContent = text;
  panel.appendChild(p);
}
el.on("plotly_click", function (ev) {
  var pt = ev && ev.points && ev.points[0];
  var d = pt && pt.customdata;
  panel = document.getElementById("event-detail");
  if (!d || !panel) { return; }
  while (panel.firstChild) { panel.removeChild(panel.firstChild); }
  line("detail-head", d[4]);
  line("detail-text", d[1]);
  line("detail-meta", d[2] + " \\u00b7 " + d[3]);
  line("detail-meta", d[5]);
  if (d[0] && /^https?:\\/\\//i.test(d[0])) {
    var a = document.createElement("a");
    a.href = d[0];
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.textContent = "Open the tweet";
    var p = document.createElement("p");
    p.appendChild(a);
    panel.appendChild(p);
  }
  panel.hidden = false;
});
"""


# ---------------------------------------------------------------- small HTML helpers


class Raw(str):
    """A snippet of HTML built here from escaped parts; table cells of this type are not escaped again."""


def e(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape("" if is_null(value) else str(value), quote=True)


def fmt_int(value: Any) -> str:
    if is_null(value):
        return ""
    try:
        return f"{int(float(value)):,}"
    except (TypeError, ValueError):
        return str(value)


def script_safe_json(text: str) -> str:
    """JSON that cannot end or confuse the <script> element it sits in.

    plotly's JSON encoder already writes <, > and / as \\u escapes; this is a second guard that
    holds whatever encoder produced `text` (these characters only ever occur inside JSON strings,
    where the \\u form means the same).
    """
    for raw, safe in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, safe)
    return text


def table(headers: list[tuple[str, str]], rows: Iterable[list[Any]], *, limit: int = MAX_TABLE_ROWS) -> str:
    """An HTML table. headers: (label, css class); cells are escaped unless they are `Raw`."""
    rows = list(rows)
    head = "".join(f'<th class="{cls}">{e(label)}</th>' if cls else f"<th>{e(label)}</th>" for label, cls in headers)
    body = []
    for row in rows[:limit]:
        cells = []
        for (_, cls), cell in zip(headers, row):
            content = cell if isinstance(cell, Raw) else e(cell)
            cells.append(f'<td class="{cls}">{content}</td>' if cls else f"<td>{content}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = ""
    if len(rows) > limit:
        more = f'<p class="note">{len(rows) - limit:,} more rows not shown.</p>'
    return (
        f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(body)
        + f"\n</tbody></table></div>{more}"
    )


def link(url: str | None, label: str = "open") -> Raw:
    good = safe_url(url)
    if not good:
        return Raw("")
    return Raw(f'<a href="{e(good)}" target="_blank" rel="noopener noreferrer">{e(label)}</a>')


def figure_html(fig: go.Figure, div_id: str, after_plot_js: str = "") -> str:
    """A figure as a <div> and a <script>, with a fixed id (no random uuid) and script-safe JSON.

    `after_plot_js` runs once the plot exists, with `el` bound to the figure's element.
    """
    fig_json = script_safe_json(pio.to_json(fig, validate=True, pretty=False, remove_uids=True, engine="json"))
    height = fig.layout.height or 450
    config = json.dumps(PLOT_CONFIG, sort_keys=True)
    then = ""
    if after_plot_js:
        then = ".then(function () {\n" + after_plot_js + "})"
    return (
        f'<div id="{e(div_id)}" class="plot" style="height:{int(height)}px"></div>\n'
        "<script>\n"
        "(function () {\n"
        f'var el = document.getElementById("{e(div_id)}");\n'
        "if (!window.Plotly) {\n"
        f'  el.textContent = "The chart needs {PLOTLY_JS} next to this page; it did not load.";\n'
        "  return;\n"
        "}\n"
        f"var fig = {fig_json};\n"
        f"Plotly.newPlot(el, fig.data, fig.layout, {config}){then};\n"
        "})();\n"
        "</script>"
    )


def page_html(page: Page, body: str, footer: str) -> str:
    nav = [f'<a class="brand" href="index.html">{e(SITE_TITLE)}</a>']
    for p in PAGES:
        current = ' aria-current="page"' if p.name == page.name else ""
        nav.append(f'<a href="{e(p.file)}"{current}>{e(p.title)}</a>')
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(page.title)} · {e(SITE_TITLE)}</title>\n"
        f"<style>\n{CSS}</style>\n"
        "<script>window.PlotlyConfig = {MathJaxConfig: 'local'};</script>\n"
        f'<script src="{PLOTLY_JS}"></script>\n'
        "</head>\n"
        "<body>\n"
        f'<header class="site"><nav>{"".join(nav)}</nav></header>\n'
        f"<main>\n{body}\n</main>\n"
        f"<footer>{footer}</footer>\n"
        "</body>\n"
        "</html>\n"
    )


# ---------------------------------------------------------------- the pages


@dataclass(frozen=True)
class Summary:
    tweets: int
    events: int
    countries: int
    first: Any
    last: Any
    files: int
    issues: int
    errors: int
    undated: int

    @property
    def date_range(self) -> str:
        if self.first is None:
            return "—"
        if self.first == self.last:
            return day_label(self.first)
        return f"{day_label(self.first)} – {day_label(self.last)}"


def summarise(df: pd.DataFrame, issues: pd.DataFrame, files: pd.DataFrame) -> Summary:
    tweets_in_files = [v for v in files["tweets"] if not is_null(v)]
    if tweets_in_files:
        tweets = int(sum(float(v) for v in tweets_in_files))
    else:
        tweets = df["tweet_id"].dropna().nunique()
    # The span of the events on the timeline (day, week, month); year-only dates would stretch it to 1 January.
    dates = list(timeline_rows(df)["event_date"])
    undated = rows_where(df, [d is None for d in df["event_date"]])["event_id"].nunique()
    return Summary(
        tweets=tweets,
        events=df["event_id"].dropna().nunique(),
        countries=df["country"].dropna().nunique(),
        first=min(dates) if dates else None,
        last=max(dates) if dates else None,
        files=len(files),
        issues=len(issues),
        errors=sum(1 for s in issues["severity"] if (s or "") == "error"),
        undated=undated,
    )


def _footer(s: Summary) -> str:
    return e(f"threadline · {s.events:,} events from {s.files:,} files · charts by Plotly, drawn offline.")


def _card(num: str, label: str, href: str | None = None, *, wide: bool = False) -> str:
    num_cls = "num small" if wide else "num"
    inner = f'<span class="{num_cls}">{e(num)}</span><span class="label">{e(label)}</span>'
    if href:
        inner = f'<a href="{e(href)}" style="color:inherit;text-decoration:none">{inner}</a>'
    return f'<div class="card{" wide" if wide else ""}">{inner}</div>'


def index_body(df: pd.DataFrame, issues: pd.DataFrame, files: pd.DataFrame, s: Summary) -> str:
    parts = [
        f"<h1>{e(SITE_TITLE)}</h1>",
        '<p class="lede">Saved Twitter/X threads turned into a dated, country-tagged timeline.</p>',
    ]
    issues_label = f"ingest issues ({s.errors:,} error{'s' if s.errors != 1 else ''})" if s.errors else "ingest issues"
    parts.append(
        '<div class="cards">'
        + _card(fmt_int(s.tweets), "tweets")
        + _card(fmt_int(s.events), "events")
        + _card(fmt_int(s.countries), "countries")
        + _card(s.date_range, "date range", wide=True)
        + _card(fmt_int(s.files), "files", "#files")
        + _card(fmt_int(s.issues), issues_label, "#issues")
        + _card(fmt_int(s.undated), "undated events", "timeline.html#undated")
        + "</div>"
    )
    if s.events == 0:
        parts.append('<p class="empty">Nothing here yet: no events have been extracted. Add thread files to the '
                     "threads folder and run the pipeline again.</p>")  # fmt: skip
    parts.append("<h2>Pages</h2>")
    parts.append(
        '<ul class="pages">'
        + "".join(f'<li><a href="{e(p.file)}">{e(p.title)}</a> — {e(p.blurb)}</li>' for p in PAGES if p.name != "index")
        + "</ul>"
    )
    if s.events:
        # The timeline itself opens the start page; the full page adds the filters and tables.
        parts.append('<h2>Timeline</h2>')
        parts.append('<p class="note">Hover a marker for the tweet; <a href="timeline.html">the timeline page</a> '
                     'adds the undated events and the full tweet on click.</p>')  # fmt: skip
        parts.append(figure_html(timeline_figure(df), "index-timeline-plot"))
        parts.append("<h2>Events per week</h2>")
        parts.append(figure_html(overview_figure(df), "overview-plot"))
        parts.append("<h2>Countries</h2>")
        parts.append(countries_table(df))

    parts.append('<h2 id="files">Files</h2>')
    if len(files):
        parts.append(
            table(
                [("source file", "file"), ("format", ""), ("threads", "num"), ("tweets", "num")],
                ([r["source_file"], r["format"], fmt_int(r["threads"]), fmt_int(r["tweets"])] for r in files.to_dict("records")),
            )
        )
    else:
        parts.append('<p class="empty">No thread files have been read yet.</p>')

    parts.append('<h2 id="issues">Ingest issues</h2>')
    if len(issues):
        parts.append('<p class="note">Lines that could not be used as they stand, and why.</p>')
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
                    for r in issues.to_dict("records")
                ),
            )
        )
    else:
        parts.append('<p class="empty">No ingest issues.</p>')
    return "\n".join(parts)


def countries_table(df: pd.DataFrame) -> str:
    names = country_names(df)
    rows = []
    for code in country_order(df):
        sub = rows_where(df, [c == code for c in df["country"]])
        total = sub["event_id"].nunique()
        explicit = rows_where(sub, [h == "explicit" for h in sub["how"]])["event_id"].nunique()
        inherited = rows_where(sub, [h == "inherited" for h in sub["how"]])["event_id"].nunique()
        rows.append([names.get(code, NO_COUNTRY_LABEL), code or "", fmt_int(total), fmt_int(explicit), fmt_int(inherited)])
    return table(
        [("country", ""), ("code", ""), ("events", "num"), ("named in the tweet", "num"), ("inherited", "num")], rows
    )


def _events_table(df: pd.DataFrame, all_events: pd.DataFrame, *, with_date: bool) -> str:
    """One row per event of df (its countries joined, in lane order), in file / thread / position order."""
    names = country_names(all_events)
    order = {c: i for i, c in enumerate(country_order(all_events))}
    by_event: dict[str, list[dict[str, Any]]] = {}
    for r in df.to_dict("records"):
        by_event.setdefault(r["event_id"] or "", []).append(r)
    events = sorted(
        by_event.values(),
        key=lambda rs: (rs[0]["source_file"] or "", rs[0]["thread_seq"] or 0, rs[0]["position"] or 0, rs[0]["event_id"] or ""),
    )
    headers = [("countries", ""), ("type", ""), ("tweet", "text"), ("author", ""), ("source", "file"), ("link", "")]
    if with_date:
        headers.insert(0, ("year", "num"))
    rows = []
    for rs in events:
        first = rs[0]
        countries = sorted({r["country"] for r in rs}, key=lambda c: order.get(c, len(order)))
        country_text = ", ".join(names.get(c, NO_COUNTRY_LABEL) for c in countries if c is not None) or "—"
        row = [
            country_text,
            first["event_type"] or "unlabelled",
            first["text"] or "",
            author_label(first["author"]),
            provenance(first),
            link(first["url"]),
        ]
        if with_date:
            row.insert(0, str(first["event_date"].year) if first["event_date"] else "")
        rows.append(row)
    return table(headers, rows)


def timeline_body(df: pd.DataFrame, s: Summary) -> str:
    plotted = timeline_rows(df)
    undated = rows_where(df, [d is None for d in df["event_date"]])
    year_only = rows_where(df, [d is not None and p == "year" for d, p in zip(df["event_date"], df["date_precision"])])
    parts = ["<h1>Timeline</h1>"]
    if s.events == 0:
        parts.append('<p class="empty">Nothing here yet: no events have been extracted.</p>')
    else:
        n_plot = plotted["event_id"].nunique()
        n_lanes = plotted["country"].nunique(dropna=False) if len(plotted) else 0
        lede = f"{n_plot:,} dated events in {n_lanes:,} lanes, {s.date_range}."
        if len(undated):
            lede += f" {undated['event_id'].nunique():,} undated events are listed below the chart."
        parts.append(f'<p class="lede">{e(lede)}</p>')
        if len(plotted):
            parts.append(
                '<p class="key">'
                '<span class="sym">●</span> day &nbsp; <span class="sym">■</span> week &nbsp; '
                '<span class="sym">◆</span> month (placed at its first day) &nbsp;·&nbsp; filled: country named in the '
                "tweet, hollow: inherited from the thread &nbsp;·&nbsp; colour: event type. "
                "Drag to zoom, double-click to reset, click a marker to read the tweet.</p>"
            )
        if len(plotted):
            span = (max(plotted["event_date"]) - min(plotted["event_date"])).days
            windows = [(str(days), label) for days, label in TIMELINE_WINDOWS if days < span]
            if windows:
                buttons = "".join(
                    f'<button type="button" data-window="{e(days)}" aria-pressed="false">{e(label)}</button>'
                    for days, label in [*windows, ("all", "everything")]
                )
                parts.append(f'<div class="windows" role="group" aria-label="Time window">{buttons}</div>')
        parts.append(figure_html(timeline_figure(df), "timeline-plot", TIMELINE_WINDOW_JS + TIMELINE_CLICK_JS))
        parts.append('<div id="event-detail" class="detail" hidden aria-live="polite"></div>')

    parts.append('<h2 id="undated">Undated</h2>')
    if len(undated):
        parts.append('<p class="note">Events for which neither the tweet nor its thread gives a date.</p>')
        parts.append(_events_table(undated, df, with_date=False))
    elif s.events:
        parts.append('<p class="empty">Every event has a date.</p>')
    else:
        parts.append('<p class="empty">No events yet.</p>')
    if len(year_only):
        parts.append('<h2 id="year-only">Dated only to a year</h2>')
        parts.append('<p class="note">Too coarse to place on the chart.</p>')
        parts.append(_events_table(year_only, df, with_date=True))
    return "\n".join(parts)


def activity_body(df: pd.DataFrame, s: Summary) -> str:
    parts = ["<h1>Activity</h1>"]
    if s.events == 0:
        parts.append('<p class="empty">Nothing here yet: no events have been extracted.</p>')
        return "\n".join(parts)
    counted = weekly_counts(df)
    weekly_ids = {r["event_id"] for r in df.to_dict("records") if counted_by_week(r)}
    left_out = s.events - len(weekly_ids)
    lede = "Events per week (Monday to Sunday) in each country; an event that names two countries counts in both."
    parts.append(f'<p class="lede">{e(lede)}</p>')
    if left_out:
        parts.append(f'<p class="note">{left_out:,} events dated only to a month or a year, or undated, are not counted.</p>')
    if len(counted):
        parts.append(figure_html(activity_figure(df), "activity-plot"))
    else:
        parts.append('<p class="empty">No events dated to a day or a week yet.</p>')
    return "\n".join(parts)


# ---------------------------------------------------------------- writing


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


def render_site(events: pd.DataFrame, issues: pd.DataFrame, files: pd.DataFrame) -> dict[str, str]:
    """Every page as text, by page name (no files written)."""
    df = normalise_events(events)
    issues_df = normalise_table(issues, ISSUE_COLUMNS, ["source_file", "line_no", "severity", "message"])
    files_df = normalise_table(files, FILE_COLUMNS, ["source_file", "format"])
    s = summarise(df, issues_df, files_df)
    bodies = {
        "index": index_body(df, issues_df, files_df, s),
        "timeline": timeline_body(df, s),
        "activity": activity_body(df, s),
    }
    return {p.name: page_html(p, bodies[p.name], _footer(s)) for p in PAGES}


def write_site(events: pd.DataFrame, issues: pd.DataFrame, files: pd.DataFrame, out_dir: Path) -> dict[str, Path]:
    """Write every page plus one plotly.min.js into out_dir; return {page name: path}, including 'index'."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_if_changed(out_dir / PLOTLY_JS, get_plotlyjs().encode("utf-8"))
    written: dict[str, Path] = {}
    pages = render_site(events, issues, files)
    for p in PAGES:
        path = out_dir / p.file
        _write_if_changed(path, pages[p.name].encode("utf-8"))
        written[p.name] = path
    return written
