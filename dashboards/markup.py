"""Small HTML builders the pages share: escaping, tables, cards, figure embedding, the filter bar
and the page shell.

Pages carry no inline JavaScript: figures and the client data sit in `<script type="application/json">`
elements (data, never run), and the one script that draws and wires them, `threadline.js`, is
written beside the pages like `plotly.min.js`. A Content-Security-Policy forbids inline scripts,
inline event handlers and every remote source, so even text that slipped past escaping could not run.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any, Iterable

from dashboards.limits import TABLE_ROWS
from dashboards.prep import is_null, safe_url
from dashboards.spec import Spec, spec_json

PLOTLY_JS = "plotly.min.js"
SITE_JS = "threadline.js"
SITE_CSS = "threadline.css"
DATA_JS = "threadline-data.js"
SITE_TITLE = "threadline"
NOTHING_YET = "Nothing here yet: no events have been extracted. Add thread files to the threads folder and run the pipeline again."
MAX_TABLE_ROWS = TABLE_ROWS  # longer tables are cut, with a note saying how many rows were left out

PLOT_CONFIG: dict[str, Any] = {
    "responsive": True,
    "displaylogo": False,
    "scrollZoom": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
}

# 'self' covers a site served over HTTP, file: the pages opened from disk. No inline script and no
# inline event handler can run; 'unsafe-eval' is there because plotly's WebGL traces (regl, used
# for large corpora) compile their drawing functions at run time. Styles may be inline: Plotly sets them.
CSP = (
    "default-src 'none'; script-src 'self' file: 'unsafe-eval'; style-src 'self' file: 'unsafe-inline'; "
    "img-src 'self' file: data: blob:; font-src 'self' file: data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
)


@dataclass(frozen=True)
class Page:
    name: str
    file: str
    title: str
    blurb: str
    uses_data: bool = False  # loads threadline-data.js (filters, search, click lists)
    has_figures: bool = True  # loads plotly.min.js


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


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


def script_safe_json(text: str) -> str:
    """JSON that cannot end or confuse the <script> element it sits in.

    The figures' JSON already has <, > and / as \\u escapes (spec.spec_json); this is a second guard that
    holds whatever encoder produced `text` (these characters only ever occur inside JSON strings,
    where the \\u form means the same).
    """
    for raw, safe in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, safe)
    return text


def to_json(value: Any) -> str:
    """Deterministic, script-safe JSON for plain data."""
    return script_safe_json(json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")))


def json_block(element_id: str, text: str) -> str:
    """Data for the page script, never run by the browser."""
    return f'<script type="application/json" id="{e(element_id)}">{text}</script>'


def table(
    headers: list[tuple[str, str]],
    rows: Iterable[list[Any]],
    *,
    limit: int = MAX_TABLE_ROWS,
    row_attrs: Iterable[str] | None = None,
    table_id: str | None = None,
) -> str:
    """An HTML table. headers: (label, css class); cells are escaped unless they are `Raw`;
    row_attrs: extra attributes per row (built here, e.g. data-event="3")."""
    rows = list(rows)
    attrs = list(row_attrs) if row_attrs is not None else [""] * len(rows)
    head = "".join(f'<th class="{cls}">{e(label)}</th>' if cls else f"<th>{e(label)}</th>" for label, cls in headers)
    body = []
    for row, attr in zip(rows[:limit], attrs):
        cells = []
        for (_, cls), cell in zip(headers, row):
            content = cell if isinstance(cell, Raw) else e(cell)
            cells.append(f'<td class="{cls}">{content}</td>' if cls else f"<td>{content}</td>")
        body.append(f"<tr{attr}>" + "".join(cells) + "</tr>")
    more = ""
    if len(rows) > limit:
        more = f'<p class="note">{len(rows) - limit:,} more rows not shown.</p>'
    id_attr = f' id="{e(table_id)}"' if table_id else ""
    return (
        f'<div class="table-wrap"><table{id_attr}><thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(body)
        + f"\n</tbody></table></div>{more}"
    )


def partial_note(shown: int, total: int, noun: str, which: str, tables: str) -> str:
    """'Showing 5,000 of 1,000,000 events (those of the newest threads) — query the DuckDB tables for the
    rest.' on a page that shows only part of a table one by one."""
    return (
        f'<p class="note partial" data-partial="{int(shown)} {int(total)}">Showing {shown:,} of {total:,} {e(noun)} '
        f"({e(which)}) — query the DuckDB {e(tables)} for the rest.</p>"
    )


def link(url: str | None, label: str = "source") -> Raw:
    good = safe_url(url)
    if not good:
        return Raw("")
    return Raw(f'<a href="{e(good)}" target="_blank" rel="noopener noreferrer">{e(label)}</a>')


def local_link(href: str, label: str) -> Raw:
    """A link to another page of the site (href built here from safe anchors)."""
    return Raw(f'<a href="{e(href)}">{e(label)}</a>')


def card(num: str, label: str, href: str | None = None, *, wide: bool = False) -> str:
    num_cls = "num small" if wide else "num"
    inner = f'<span class="{num_cls}">{e(num)}</span><span class="label">{e(label)}</span>'
    if href:
        inner = f'<a class="card-link" href="{e(href)}">{inner}</a>'
    return f'<div class="card{" wide" if wide else ""}">{inner}</div>'


def cards(items: Iterable[str]) -> str:
    return '<div class="cards">' + "".join(items) + "</div>"


def empty(message: str) -> str:
    return f'<p class="empty">{e(message)}</p>'


def figure_html(spec: Spec, div_id: str, **features: str) -> str:
    """A figure (its spec) as a <div> the page script draws into, and its JSON (fixed id, no random uuid).

    features become data- attributes telling the script what to wire: filter="points" (the
    filters remove markers/samples), lanes="1" (re-pack the timeline's lanes), detail="<panel id>"
    (click a marker to read it), map="1", pairs="<panel id>".
    """
    payload = '{"figure":' + spec_json(spec) + ',"config":' + json.dumps(PLOT_CONFIG, sort_keys=True) + "}"
    height = spec["layout"].get("height") or 450
    attrs = "".join(f' data-{e(k)}="{e(v)}"' for k, v in sorted(features.items()))
    return (
        f'<div id="{e(div_id)}" class="plot" style="height:{int(height)}px"{attrs}>'
        f'<noscript>This chart needs JavaScript and {PLOTLY_JS} next to this page.</noscript></div>\n'
        + json_block(f"{div_id}-figure", script_safe_json(payload))
    )


def filter_bar(countries: list[list[str]], types: list[list[str]], has_no_country: bool, *, inherited_toggle: bool = True) -> str:
    """Search box, country and event-type pickers, the inherited-countries toggle, and a status line.

    Values are read by threadline.js, which keeps them in the page address (?q=&c=&t=&i=) and
    carries them along the site's navigation links, so every page shows the same selection."""
    country_boxes = [
        f'<label><input type="checkbox" name="c" value="{e(code)}" checked> {e(name)}</label>' for code, name in countries
    ]
    if has_no_country:
        country_boxes.append('<label><input type="checkbox" name="c" value="-" checked> <i>No country</i></label>')
    type_boxes = [
        f'<label><input type="checkbox" name="t" value="{e(name)}" checked> '
        f'<span class="swatch" style="background:{e(colour)}"></span>{e(name)}</label>'
        for name, colour in types
    ]

    def picker(name: str, label: str, boxes: list[str]) -> str:
        return (
            f'<details class="pick"><summary>{e(label)}: <span data-summary="{name}">all</span></summary>'
            f'<div class="pick-body"><div class="pick-actions"><button type="button" data-all="{name}">all</button>'
            f'<button type="button" data-none="{name}">none</button></div>{"".join(boxes)}</div></details>'
        )

    toggle = (
        '<label class="toggle"><input type="checkbox" name="i"> show inherited countries</label>' if inherited_toggle else ""
    )
    return (
        '<form class="filters" data-filters role="search" aria-label="Filter the events">'
        '<label class="search"><span class="visually-hidden">Search</span>'
        '<input type="search" name="q" placeholder="Search tweets, authors, files…" autocomplete="off"></label>'
        + picker("c", "Countries", country_boxes)
        + picker("t", "Event types", type_boxes)
        + toggle
        + '<button type="reset">Reset</button>'
        '<p class="status" data-status aria-live="polite"></p></form>'
    )


def page_html(page: Page, pages: Iterable[Page], body: str, footer: str) -> str:
    nav = [f'<a class="brand" href="index.html" data-keep>{e(SITE_TITLE)}</a>']
    for p in pages:
        current = ' aria-current="page"' if p.name == page.name else ""
        nav.append(f'<a href="{e(p.file)}" data-keep{current}>{e(p.title)}</a>')
    scripts = [*([PLOTLY_JS] if page.has_figures else []), *([DATA_JS] if page.uses_data else []), SITE_JS]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">\n'
        f"<title>{e(page.title)} · {e(SITE_TITLE)}</title>\n"
        '<link rel="icon" href="data:,">\n'
        f'<link rel="stylesheet" href="{SITE_CSS}">\n'
        + "".join(f'<script defer src="{s}"></script>\n' for s in scripts)
        + "</head>\n"
        f'<body data-page="{e(page.name)}">\n'
        f'<header class="site"><nav aria-label="Pages">{"".join(nav)}</nav></header>\n'
        f"<main>\n{body}\n</main>\n"
        f"<footer>{footer}</footer>\n"
        "</body>\n"
        "</html>\n"
    )
