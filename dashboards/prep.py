"""Tidy the events table for drawing: clean nulls, fix the order, label dates, build hover text.

Everything here is pure pandas/stdlib. Text that came from a thread file is untrusted:
the helpers that produce hover text escape it, and nothing here returns raw markup
built from it.
"""

from __future__ import annotations

import html
import math
import textwrap
from datetime import date, timedelta
from typing import Any

import pandas as pd

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
    "event_type",
    "country",
    "country_name",
    "how",
]
ISSUE_COLUMNS: list[str] = ["source_file", "line_no", "severity", "message"]
FILE_COLUMNS: list[str] = ["source_file", "format", "threads", "tweets"]

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
    "source_file", "author", "url", "text", "date_precision", "date_source",
    "event_type", "country", "country_name", "how",
)  # fmt: skip


def is_null(value: Any) -> bool:
    """True for None, NaN, NaT and pd.NA (and never raises on odd values)."""
    if value is None:
        return True
    if isinstance(value, (str, list, tuple, dict, set)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _clean_str(value: Any) -> str | None:
    if is_null(value):
        return None
    text = str(value)
    return text if text.strip() else None


def _clean_int(value: Any) -> int | None:
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
    if is_null(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _clean_date(value: Any) -> date | None:
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


def normalise_events(events: pd.DataFrame | None) -> pd.DataFrame:
    """The events table with every column present, nulls as None, dates as `date`, rows in a fixed order.

    The order depends only on the content (date, file, thread, position, event, country), so the
    pages come out the same whatever order the database returned the rows in.
    """
    if events is None:
        events = pd.DataFrame(columns=EVENT_COLUMNS)
    if events.attrs.get(_NORMALISED) and list(events.columns) == EVENT_COLUMNS:
        return events  # already done (the figure builders are called with the page writer's frame)
    df = events.reindex(columns=EVENT_COLUMNS)
    rows: list[dict[str, Any]] = []
    for rec in df.to_dict("records"):
        row: dict[str, Any] = {}
        for col in _STRING_COLUMNS:
            row[col] = _clean_str(rec.get(col))
        for col in ("event_id", "tweet_id", "thread_id"):
            row[col] = _clean_id(rec.get(col))
        row["thread_seq"] = _clean_int(rec.get("thread_seq"))
        row["position"] = _clean_int(rec.get("position"))
        row["event_date"] = _clean_date(rec.get("event_date"))
        if row["date_precision"] is not None:
            row["date_precision"] = row["date_precision"].strip().lower()
        if row["country"] is not None:
            row["country"] = row["country"].strip().upper()
        rows.append(row)

    def key(row: dict[str, Any]) -> tuple:
        d = row["event_date"]
        return (
            d is None,
            d or date.min,
            row["source_file"] or "",
            row["thread_seq"] if row["thread_seq"] is not None else -1,
            row["position"] if row["position"] is not None else -1,
            _natural(row["event_id"]),
            row["country"] is None,
            row["country"] or "",
        )

    rows.sort(key=key)
    # dtype=object keeps Python values (None, int, date) rather than NaN/NaT/floats.
    out = pd.DataFrame(rows, columns=EVENT_COLUMNS, dtype=object)
    out.attrs[_NORMALISED] = True
    return out


def normalise_table(table: pd.DataFrame | None, columns: list[str], sort_by: list[str]) -> pd.DataFrame:
    """A small side table (issues, files) with its columns present and rows in a fixed order."""
    if table is None:
        table = pd.DataFrame(columns=columns)
    records = [
        {c: (None if is_null(v) else v) for c, v in rec.items()}
        for rec in table.reindex(columns=columns).to_dict("records")
    ]
    records.sort(key=lambda r: tuple(_natural(r[c]) for c in sort_by))
    return pd.DataFrame(records, columns=columns, dtype=object)


def _natural(value: Any) -> tuple:
    """A sort key that copes with None, numbers and strings in one column."""
    if is_null(value):
        return (2, 0, "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, float(value), "")
    text = str(value)
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


def country_order(df: pd.DataFrame) -> list[str | None]:
    """Lanes top to bottom: Kazakhstan, Ukraine, Russia (those present), then the rest by events, then no country."""
    ids: dict[str | None, set] = {}
    for code, event_id in zip(df["country"], df["event_id"]):
        ids.setdefault(code, set()).add(event_id)
    counts = {code: len(v) for code, v in ids.items()}
    names = country_names(df)
    focus = [c for c in FOCUS_COUNTRIES if c in counts]
    rest = sorted(
        (c for c in counts if c is not None and c not in FOCUS_COUNTRIES),
        key=lambda c: (-counts[c], names.get(c, c), c),
    )
    order: list[str | None] = [*focus, *rest]
    if None in counts:
        order.append(None)
    return order


# ---------------------------------------------------------------- dates


def day_label(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1][:3]} {d.year}"


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


def derivation_label(source: str | None, precision: str | None) -> str:
    where = {
        "text": "named in the tweet",
        "thread": "the thread's date",
    }.get(source or "", f"source {source}" if source else "source unknown")
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


def author_label(author: str | None) -> str:
    if not author:
        return "unknown author"
    return author if author.startswith("@") else f"@{author}"


def hover_text(row: dict[str, Any], lane_label: str) -> str:
    """Hover label for one marker. Every piece of data is escaped before the <br>/<b> markup is added."""
    head = f"<b>{esc(date_label(row['event_date'], row['date_precision']))}</b> · {esc(row['event_type'] or 'unlabelled')}"
    where = f"{esc(lane_label)} — {esc(how_label(row['how']))}" if row.get("country") else esc(NO_COUNTRY_LABEL)
    body = [esc(line) for line in wrap_lines(row.get("text"))] or ["<i>(no text)</i>"]
    meta = esc(f"{author_label(row.get('author'))} · {provenance(row)}")
    derived = esc("Date: " + derivation_label(row.get("date_source"), row.get("date_precision")))
    return "<br>".join([head, where, "", *body, "", f"<i>{meta}</i>", f"<i>{derived}</i>"])


def safe_url(url: str | None) -> str | None:
    """Only plain web addresses become links (no javascript:, data: …)."""
    if not url:
        return None
    url = url.strip()
    lower = url.lower()
    if (lower.startswith("https://") or lower.startswith("http://")) and not any(c.isspace() for c in url):
        return url
    return None
