"""Tidy the tables for drawing: clean nulls, fix the order, label dates, build hover text, ids
safe for links, and the event table the pages' filters run on.

Everything here is pure pandas/stdlib. Text that came from a thread file is untrusted:
the helpers that produce hover text escape it, and nothing here returns raw markup
built from it (the client data is plain values, serialised as script-safe JSON by the pages).
"""

from __future__ import annotations

import functools
import hashlib
import html
import math
import re
import textwrap
from datetime import date, timedelta
from typing import Any, Callable

import pandas as pd

from dashboards.style import UNLABELLED_TYPE

EVENT_COLUMNS: list[str] = [
    "event_id",
    "tweet_id",
    "thread_id",
    "source_file",
    "thread_seq",
    "position",
    "author",
    "url",
    "text",
    "event_date",
    "date_precision",
    "date_source",
    "date_text",
    "event_type",
    "country",
    "country_name",
    "how",
    "surface",
    "kind",
]
ISSUE_COLUMNS: list[str] = ["source_file", "line_no", "severity", "message"]
FILE_COLUMNS: list[str] = ["source_file", "format", "size_bytes", "threads", "tweets", "issues"]
THREAD_COLUMNS: list[str] = ["thread_id", "source_file", "thread_seq", "author", "posted_at", "posted_source", "url", "tweet_count"]
TWEET_COLUMNS: list[str] = ["tweet_id", "thread_id", "source_file", "position", "declared_total", "text", "author", "created_at"]

FOCUS_COUNTRIES: tuple[str, ...] = ("KAZ", "UKR", "RUS")
NO_COUNTRY_LABEL = "No country"
# Precisions that get a marker on the timeline; 'year' is too coarse to place and is listed instead.
TIMELINE_PRECISIONS: frozenset[str] = frozenset({"day", "week", "month"})
# Precisions that can be counted in a week.
WEEKLY_PRECISIONS: frozenset[str] = frozenset({"day", "week"})

HOVER_WRAP = 60
HOVER_MAX_CHARS = 280
HOVER_MAX_LINES = 8

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_NORMALISED = "threadline.dashboards.normalised"  # a flag in DataFrame.attrs

_STRING_COLUMNS = (
    "source_file", "author", "url", "text", "date_precision", "date_source", "date_text",
    "event_type", "country", "country_name", "how", "surface", "kind",
)  # fmt: skip


def row_dicts(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as dicts, like DataFrame.to_dict("records") (Python values), many times faster on wide
    object frames (no per-cell boxing)."""
    columns = [str(c) for c in df.columns]
    return [dict(zip(columns, values)) for values in zip(*(df[c].tolist() for c in df.columns))] if len(df) else []


def is_null(value: Any) -> bool:
    """True for None, NaN, NaT and pd.NA (and never raises on odd values)."""
    if value is None:
        return True
    if isinstance(value, (str, list, tuple, dict, set)) or type(value) is int:
        return False
    if type(value) is float:
        return value != value  # NaN
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _clean_str(value: Any) -> str | None:
    if type(value) is str:  # the usual case, first
        return value if value.strip() else None
    if is_null(value):
        return None
    text = str(value)
    return text if text.strip() else None


def _clean_int(value: Any) -> int | None:
    if type(value) is int:  # the usual case, first
        return value
    if is_null(value):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(number) or math.isinf(number):
        return None
    return int(number)


def _clean_id(value: Any) -> str | None:
    """Ids may arrive as ints, floats (after a NaN made the column float) or strings."""
    if type(value) is str:  # the usual case, first
        return value
    if is_null(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _clean_date(value: Any) -> date | None:
    if type(value) is date:  # the usual case, first
        return value
    if is_null(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):  # datetime is a date too
        return value.date() if hasattr(value, "hour") else value
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(stamp) else stamp.date()


def clean_precision(value: Any) -> str | None:
    """A date precision as the pages read it: trimmed and lower-cased, blank as unknown (None)."""
    text = _clean_str(value)
    return text.strip().lower() if text is not None else None


def _clean_strings(series: pd.Series) -> list[str | None]:
    """`_clean_str` over a column; a string column (str or missing values only) needs only its blanks dropped."""
    values = column_values(series)
    if pd.api.types.is_string_dtype(series.dtype) and not pd.api.types.is_object_dtype(series.dtype):
        return [v if v is None or v.strip() else None for v in values]
    return [_clean_str(v) for v in values]


def column_values(series: pd.Series, *, dates: bool = False) -> list[Any]:
    """A column's values as plain Python objects, missing ones (NaN, NaT, NA) as None; with `dates`, a
    datetime column's as `date` (the day)."""
    if dates and series.dtype.kind == "M":
        return series.to_numpy(dtype="datetime64[D]").tolist()  # NaT becomes None
    return series.to_numpy(dtype=object, na_value=None).tolist()


# How normalise_events cleans each column.
_CLEANERS: dict[str, Callable[[Any], Any]] = {
    **{col: _clean_str for col in _STRING_COLUMNS},
    **{col: _clean_id for col in ("event_id", "tweet_id", "thread_id")},
    "thread_seq": _clean_int,
    "position": _clean_int,
    "event_date": _clean_date,
}


def _upper(code: str | None) -> str | None:
    return code.strip().upper() if code is not None else None


def normalise_events(events: pd.DataFrame | None) -> pd.DataFrame:
    """The events table with every column present, nulls as None, dates as `date`, rows in a fixed order.

    The order depends only on the content (date, file, thread, position, event, country), so the
    pages come out the same whatever order the database returned the rows in. One row is kept per
    (event, country), the explicit one when a country is both named and inherited.
    """
    if events is None:
        events = pd.DataFrame(columns=EVENT_COLUMNS)
    if events.attrs.get(_NORMALISED) and list(events.columns) == EVENT_COLUMNS:
        return events  # already done (the figure builders are called with the page writer's frame)
    df = events.reindex(columns=EVENT_COLUMNS)
    # Column by column: a million cells cleaned one call each, not a dict per row.
    cols = {
        col: _clean_strings(df[col]) if clean is _clean_str else [clean(v) for v in column_values(df[col], dates=col == "event_date")]
        for col, clean in _CLEANERS.items()
    }
    cols["date_precision"] = [clean_precision(p) for p in cols["date_precision"]]
    cols["country"] = [_upper(c) for c in cols["country"]]

    day, source, seq, position, event_id, country, how = (
        cols["event_date"], cols["source_file"], cols["thread_seq"], cols["position"], cols["event_id"], cols["country"], cols["how"]
    )  # fmt: skip

    def key(i: int) -> tuple:
        d = day[i]
        return (
            d is None,
            d or date.min,
            source[i] or "",
            seq[i] if seq[i] is not None else -1,
            position[i] if position[i] is not None else -1,
            _natural(event_id[i]),
            country[i] is None,
            country[i] or "",
            how[i] != "explicit",
        )

    seen: set[tuple] = set()
    kept = []
    for i in sorted(range(len(df)), key=key):
        pair = (event_id[i], country[i])
        if pair not in seen:
            seen.add(pair)
            kept.append(i)
    # dtype=object keeps Python values (None, int, date) rather than NaN/NaT/floats.
    out = pd.DataFrame({col: [cols[col][i] for i in kept] for col in EVENT_COLUMNS}, columns=EVENT_COLUMNS, dtype=object)
    out.attrs[_NORMALISED] = True
    return out


def normalise_table(table: pd.DataFrame | None, columns: list[str], sort_by: list[str]) -> pd.DataFrame:
    """A small side table (issues, files) with its columns present and rows in a fixed order."""
    if table is None:
        table = pd.DataFrame(columns=columns)
    table = table.reindex(columns=columns)
    cols = {c: column_values(table[c]) for c in columns}
    order = sorted(range(len(table)), key=lambda i: tuple(_natural(cols[c][i]) for c in sort_by))
    return pd.DataFrame({c: [cols[c][i] for i in order] for c in columns}, columns=columns, dtype=object)


# What float() accepts starts so: ids and names mostly do not, and need no (costly) failed float().
_MAYBE_NUMBER = re.compile(r"\s*[+-]?(?:\d|\.\d|inf|nan)", re.IGNORECASE)


def _natural(value: Any) -> tuple:
    """A sort key that copes with None, numbers and strings in one column."""
    if type(value) is str and not _MAYBE_NUMBER.match(value):  # the usual case (ids, names), first
        return (1, 0, value)
    if is_null(value):
        return (2, 0, "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, float(value), "")
    text = str(value)
    if not _MAYBE_NUMBER.match(text):
        return (1, 0, text)
    try:
        return (0, float(text), "")
    except ValueError:
        return (1, 0, text)


def rows_where(df: pd.DataFrame, mask: list[bool]) -> pd.DataFrame:
    """The rows where mask is true (safe on an empty frame, where df[[]] would select columns)."""
    return df[pd.Series(mask, index=df.index, dtype=bool)]


# ---------------------------------------------------------------- countries


def country_names(df: pd.DataFrame) -> dict[str | None, str]:
    """Alpha-3 code -> display name (the first name the data gives, else the code); None -> 'No country'."""
    names: dict[str | None, str] = {}
    for code, name in zip(df["country"], df["country_name"]):
        if code is None:
            names[None] = NO_COUNTRY_LABEL
        elif code not in names or (names[code] == code and name):
            names[code] = name or code
    return names


def country_order(df: pd.DataFrame, names: dict[str | None, str] | None = None) -> list[str | None]:
    """Lanes top to bottom: Kazakhstan, Ukraine, Russia (those present), then the rest by events, then no country.
    `names`: country_names(df), when the caller has it already."""
    ids: dict[str | None, set] = {}
    for code, event_id in zip(df["country"], df["event_id"]):
        ids.setdefault(code, set()).add(event_id)
    return lane_order({code: len(v) for code, v in ids.items()}, country_names(df) if names is None else names)


def lane_order(events_per_country: dict[str | None, int], names: dict[str | None, str]) -> list[str | None]:
    """Kazakhstan, Ukraine, Russia (those present), then the rest by events, name and code; no country last."""
    focus = [c for c in FOCUS_COUNTRIES if c in events_per_country]
    rest = sorted(
        (c for c in events_per_country if c is not None and c not in FOCUS_COUNTRIES),
        key=lambda c: (-events_per_country[c], names.get(c, c), c),
    )
    return [*focus, *rest, *([None] if None in events_per_country else [])]


# ---------------------------------------------------------------- dates


def day_label(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1][:3]} {d.year}"


@functools.lru_cache(maxsize=8192)  # a few hundred distinct values over thousands of events
def date_label(d: date | None, precision: str | None) -> str:
    """How a date reads to a person, at its precision: '5 Jan 2022', 'week of 3 Jan 2022', 'January 2022'."""
    if d is None:
        return "undated"
    if precision == "week":
        return f"week of {day_label(d)}"
    if precision == "month":
        return f"{_MONTHS[d.month - 1]} {d.year}"
    if precision == "year":
        return str(d.year)
    return day_label(d)


def week_start(d: date) -> date:
    """The Monday of d's ISO week."""
    return d - timedelta(days=d.weekday())


@functools.lru_cache(maxsize=8192)  # a few hundred distinct values over thousands of events
def derivation_label(source: str | None, precision: str | None, date_text: str | None = None) -> str:
    """How the event date was found: 'named in the tweet ("yesterday"), precise to the day' (plain text)."""
    if source is None and precision is None:
        return "no date in the tweet or its thread"
    where = {
        "text": "named in the tweet",
        "thread": "the thread's date",
    }.get(source or "", f"source {source}" if source else "source unknown")
    if source == "text" and date_text:
        where += f" (\u201c{shorten(date_text, 60)}\u201d)"
    return f"{where}, precise to the {precision}" if precision else f"{where}, precision unknown"


def how_label(how: str | None) -> str:
    return {
        "explicit": "named in this tweet",
        "inherited": "inherited from the thread",
    }.get(how or "", how or "no country")


# ---------------------------------------------------------------- text


def shorten(text: str | None, limit: int = HOVER_MAX_CHARS) -> str:
    """Collapse runs of spaces, keep line breaks, cut to `limit` characters with an ellipsis."""
    if not text:
        return ""
    lines = [" ".join(line.split()) for line in str(text).splitlines()]
    cleaned = "\n".join(line for line in lines if line)
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1].rstrip() + "…"
    return cleaned


def wrap_lines(text: str | None, width: int = HOVER_WRAP, max_lines: int = HOVER_MAX_LINES) -> list[str]:
    """Shortened text broken into lines of at most `width` characters (plain text, not escaped)."""
    out: list[str] = []
    for para in shorten(text).split("\n"):
        out.extend(textwrap.wrap(para, width=width, break_long_words=True, break_on_hyphens=False) or [""])
    if len(out) > max_lines:
        out = out[:max_lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return out


def esc(value: Any) -> str:
    """Escape for Plotly labels (hover, legend, ticks): <, > and &. Plotly decodes &amp; &lt; &gt; back."""
    return html.escape("" if is_null(value) else str(value), quote=False)


def provenance(row: dict[str, Any]) -> str:
    """'file.txt · thread 2 · tweet 3' (plain text)."""
    parts = [row.get("source_file") or "unknown file"]
    if row.get("thread_seq") is not None:
        parts.append(f"thread {row['thread_seq']}")
    if row.get("position") is not None:
        parts.append(f"tweet {row['position']}")
    return " · ".join(parts)


@functools.lru_cache(maxsize=8192)  # a few hundred distinct values over thousands of events
def author_label(author: str | None) -> str:
    if not author:
        return "unknown author"
    return author if author.startswith("@") else f"@{author}"


HOVER_SHORT_CHARS = 120  # tweet text in the hover of large corpora


def hover_text(row: dict[str, Any], lane_label: str, *, short: bool = False) -> str:
    """Hover label for one marker. Every piece of data is escaped before the <br>/<b> markup is added.
    `short`: two lines of tweet (large corpora: the page stays light, the click panel has it all)."""
    head = f"<b>{esc(date_label(row['event_date'], row['date_precision']))}</b> · {esc(row['event_type'] or 'unlabelled')}"
    where = f"{esc(lane_label)} — {esc(how_label(row['how']))}" if row.get("country") else esc(NO_COUNTRY_LABEL)
    text = shorten(row.get("text"), HOVER_SHORT_CHARS) if short else row.get("text")
    body = [esc(line) for line in wrap_lines(text)] or ["<i>(no text)</i>"]
    meta = esc(f"{author_label(row.get('author'))} · {provenance(row)}")
    derived = esc("Date: " + derivation_label(row.get("date_source"), row.get("date_precision"), row.get("date_text")))
    more = "click to read the thread" + (" and open the source" if safe_url(row.get("url")) else "")
    return "<br>".join([head, where, "", *body, "", f"<i>{meta}</i>", f"<i>{derived}</i>", f"<i>{more}</i>"])


def safe_url(url: str | None) -> str | None:
    """Only plain web addresses become links (no javascript:, data: …)."""
    if not url:
        return None
    url = url.strip()
    lower = url.lower()
    if (lower.startswith("https://") or lower.startswith("http://")) and not any(map(str.isspace, url)):
        return url
    return None


# ---------------------------------------------------------------- anchors (ids safe in a URL fragment)


def _slug(text: str, limit: int = 48) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-")


@functools.lru_cache(maxsize=65536)  # a thread's anchor is asked for once per tweet
def anchor(kind: str, key: str) -> str:
    """A stable id made of [a-z0-9-] only: a readable slug plus a short hash that keeps it unique."""
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    slug = _slug(key)
    return f"{kind}-{slug}-{digest}" if slug else f"{kind}-{digest}"


def thread_anchor(thread_id: str | None) -> str:
    return anchor("t", thread_id or "")


def tweet_anchor(thread_id: str | None, position: int | None) -> str:
    return f"{thread_anchor(thread_id)}-{position if position is not None else 0}"


def file_anchor(source_file: str | None) -> str:
    return anchor("f", source_file or "")


THREADS_PAGE = "threads.html"


def thread_link(thread_id: str | None, position: int | None = None) -> str:
    """Where an event is read in the thread explorer: threads.html#<tweet anchor>."""
    target = tweet_anchor(thread_id, position) if position is not None else thread_anchor(thread_id)
    return f"{THREADS_PAGE}#{target}"


# ---------------------------------------------------------------- events, one record each


def event_records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """One record per event of a normalised frame, in its order, with `rows` (the frame's row
    numbers) and `countries` [(code, how, surface, kind)] in the frame's order."""
    names = [str(c) for c in df.columns]
    columns = {name: df[c].tolist() for name, c in zip(names, df.columns)}
    country, how, surface, kind = columns["country"], columns["how"], columns["surface"], columns["kind"]
    by_id: dict[Any, dict[str, Any]] = {}
    for i, event_id in enumerate(columns["event_id"]):
        rec = by_id.get(event_id)
        if rec is None:  # the event's first row gives its fields
            rec = by_id[event_id] = {**{name: columns[name][i] for name in names}, "rows": [], "countries": []}
        rec["rows"].append(i)
        if country[i] is not None:
            rec["countries"].append((country[i], how[i], surface[i], kind[i]))
    return list(by_id.values())


def client_data(df: pd.DataFrame, type_colours: dict[str, str], records: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The table the pages' filters, search and click panels run on (plain values, not markup).

    rows: one per row of the normalised frame (row i of the frame is row i here, which is what
    the figures' customdata refers to): its event, its country (an index into `countries`, -1 for
    none) and whether the country is inherited. events: one per event, by column.
    countries: [code, name] in lane order. types: [name, colour] in legend order.
    """
    df = normalise_events(df)
    names = country_names(df)
    order = country_order(df, names)
    country_index = {c: i for i, c in enumerate(c for c in order if c is not None)}
    types = list(type_colours)
    type_index = {t: i for i, t in enumerate(types)}
    records = event_records(df) if records is None else records  # `records`: event_records(df), when made already
    event_index: dict[Any, int] = {r["event_id"]: i for i, r in enumerate(records)}
    events: dict[str, list[Any]] = {k: [] for k in ("id", "date", "week", "type", "text", "author", "where", "when", "how", "url", "link")}
    for r in records:
        d = r["event_date"]
        events["id"].append(r["event_id"] or "")
        events["date"].append(d.isoformat() if d else "")
        events["week"].append(week_start(d).isoformat() if d else "")
        events["type"].append(type_index.get(r["event_type"] or UNLABELLED_TYPE, -1))
        events["text"].append(r["text"] or "")
        events["author"].append(author_label(r["author"]))
        events["where"].append(provenance(r))
        events["when"].append(date_label(d, r["date_precision"]))
        events["how"].append("Date: " + derivation_label(r["date_source"], r["date_precision"], r["date_text"]))
        events["url"].append(safe_url(r["url"]) or "")
        events["link"].append(thread_link(r["thread_id"], r["position"]))
    rows: dict[str, list[int]] = {
        "e": [event_index[event_id] for event_id in df["event_id"].tolist()],
        "c": [country_index.get(country, -1) for country in df["country"].tolist()],
        "i": [1 if how == "inherited" else 0 for how in df["how"].tolist()],
    }
    return {
        "countries": [[c, names.get(c, c)] for c in order if c is not None],
        "types": [[t, type_colours[t]] for t in types],
        "events": events,
        "rows": rows,
    }
