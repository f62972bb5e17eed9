"""CSV exports of tweets with a header row (scrapers, datasets, spreadsheet exports).

Columns are recognised by common names, case-insensitively (first present wins, see COLUMNS);
a status URL column (`https://twitter.com/<handle>/status/<id>`) fills a missing author or id.
Multi-line quoted fields are read with the csv module; a tweet's line is the physical line where
its record starts. Threads: the rows of one `conversation_id` (ranked by created_at, then id);
else the rows of one author on one (UTC) day whose text is numbered `n/m` at its start or end
(ordered by n); every other row is a one-tweet thread. Threads are numbered in the order they
first appear. created_at comes from the time column, else from the status id; a date-only
value is refined to the id's time when the id falls on that day. Text: `&amp;`-style entities
decoded, CRLF made LF, otherwise kept as written (numbering included). A row repeating an earlier
row's status id and text is kept once (warning); same id, other text: both kept (warning), since
some datasets put the shared or quoted tweet's URL in their URL column.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone

from threadline.dates import date_from_status_id, parse_date_value
from threadline.model import IngestIssue, ParsedFile, ParsedThread, ParsedTweet
from threadline.parsers.text import TWEET_START
from threadline.parsers.twitter_archive import twitter_time

FORMAT = "csv_export"

# Recognised column names, best first. `full_text` before `text`: datasets that carry both keep a
# cleaned-up copy in `text`. Handles before display names (`user.name` is a display name).
COLUMNS = {
    "text": ["full_text", "text", "tweet", "tweets", "content", "tweet_text", "body"],
    "time": ["created_at", "date", "datetime", "timestamp", "time", "tweet_created_at"],
    "author": ["screen_name", "user.screen_name", "user_screen_name", "username", "user.username", "user_name",
               "handle", "author.username", "author", "user", "user.name"],
    "id": ["id_str", "id", "tweet_id", "status_id"],
    "conversation": ["conversation_id", "conversation_id_str"],
    "url": ["url", "source_url", "link", "tweet_url", "status_url", "permalink"],
}
STATUS_URL = re.compile(r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?P<handle>\w{1,30})/status(?:es)?/(?P<id>\d+)", re.IGNORECASE)
HANDLE = re.compile(r"\w{1,30}")
NOT_HANDLES = {"i", "twitter", "x", "web"}  # twitter.com/twitter/status/<id> and i/web/status/<id> name no author
NUMBER_AT_END = re.compile(
    r"(?:^|(?<=[\s.,;:!?…\"”'’)]))[\[(]?(?P<pos>\d{1,3})\s*/\s*(?P<total>\d{1,3})[\])]?[\"”'’»]*"
    r"\s*(?:🧵\s*)?(?:(?:https?://\S+|pic\.twitter\.com/\S+)\s*)*$"
)
DATE_ONLY = re.compile(r"^\d{4}-?\d{2}-?\d{2}$")


@dataclass
class Row:
    line_no: int
    tweet: ParsedTweet
    conversation: str | None
    order_id: int
    time_source: str | None  # created_at | status_id


def _header_key(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().strip("\ufeff").lower())


def _records(content: str, delimiter: str, width: int, issues: list[IngestIssue], source_file: str):
    """(line where it starts, fields) of every non-empty record. A record that swallows lines and has
    the wrong number of fields (an unbalanced quote) is reported and reading resumes on its next line."""
    lines = io.StringIO(content, newline="").readlines()
    start = 0
    while start < len(lines):
        reader = csv.reader(itertools.islice(lines, start, None), delimiter=delimiter)
        consumed = 0
        try:
            for fields in reader:
                first, consumed = start + consumed + 1, reader.line_num
                last = start + consumed
                if len(fields) != width and last > first:
                    issues.append(IngestIssue(source_file, first, "error", f"record starting here runs to line {last} with {len(fields)} fields, the header has {width} "
                                              "(a quote that never closes?); this line skipped, reading resumes on the next"))
                    start = first
                    break
                if any(field.strip() for field in fields):
                    yield first, fields
            else:
                return
        except csv.Error as exc:
            first = start + consumed + 1
            issues.append(IngestIssue(source_file, first, "error", f"CSV error ({exc}); this line skipped, reading resumes on the next"))
            start = first


def _time(value: str) -> tuple[datetime | None, bool]:
    """(moment in UTC, naive; whether only a day was given)."""
    value = value.strip()
    if not value:
        return None, False
    if re.fullmatch(r"\d{10}(?:\d{3})?(?:\.\d+)?", value):  # epoch seconds or milliseconds
        seconds = float(value) / (1000 if len(value.split(".")[0]) == 13 else 1)
        return datetime.fromtimestamp(seconds, timezone.utc).replace(tzinfo=None), False
    if moment := twitter_time(value):
        return moment, bool(DATE_ONLY.match(value))
    day = parse_date_value(value)
    return (datetime(day.year, day.month, day.day), True) if day else (None, False)


def number_at_end(text: str) -> re.Match[str] | None:
    """NUMBER_AT_END.search(text), without trying the pattern at every character: the `n` of a
    match is a whole run of digits (a bracket, a space or punctuation may come before it, not a
    digit) that a slash follows, so the pattern is tried only there, left to right."""
    slash = text.find("/")
    while slash >= 0:
        end = slash
        while end and text[end - 1].isspace():  # str.isspace and isdecimal are re's \s and \d
            end -= 1
        start = end
        while start and text[start - 1].isdecimal():
            start -= 1
        if start < end:
            if start and text[start - 1] in "[(" and (m := NUMBER_AT_END.match(text, start - 1)):
                return m
            if m := NUMBER_AT_END.match(text, start):
                return m
        slash = text.find("/", slash + 1)
    return None


def _numbering(text: str) -> tuple[int, int] | None:
    for find in (TWEET_START.search, number_at_end):
        m = find(text)
        if m and 1 <= int(m["pos"]) <= int(m["total"]):
            return int(m["pos"]), int(m["total"])
    return None


def parse(source_file: str, content: str) -> ParsedFile:
    parsed = ParsedFile(source_file=source_file, format=FORMAT)
    first_line = next((line for line in content.splitlines() if line.strip()), "")
    delimiter = max(",;\t|", key=first_line.count) if any(d in first_line for d in ",;\t|") else ","
    header_reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        header = next((fields for fields in header_reader if any(f.strip() for f in fields)), [])
    except csv.Error:
        header = []
    header_line = header_reader.line_num  # where the header record ends
    keys = [_header_key(h) for h in header]
    column = {role: next((keys.index(n) for n in names if n in keys), None) for role, names in COLUMNS.items()}
    if column["text"] is None:
        parsed.issues.append(IngestIssue(source_file, header_line, "error", f"no tweet text column (looked for {', '.join(COLUMNS['text'])}); "
                                         f"columns found: {', '.join(h.strip() for h in header) or 'none'}; file skipped"))
        return parsed
    text_columns = [keys.index(n) for n in COLUMNS["text"] if n in keys]
    url_columns = [keys.index(n) for n in COLUMNS["url"] if n in keys]

    rows: list[Row] = []
    seen: dict[str, tuple[int, str]] = {}  # status id → (first line, text)
    for line_no, fields in _records(content, delimiter, len(header), parsed.issues, source_file):
        if line_no <= header_line:
            continue
        cell = lambda role: fields[column[role]].strip() if column[role] is not None and column[role] < len(fields) else ""  # noqa: E731
        if len(fields) != len(header):
            parsed.issues.append(IngestIssue(source_file, line_no, "warning", f"row has {len(fields)} fields, the header has {len(header)}; read as far as it goes"))
        text = next((fields[i] for i in text_columns if i < len(fields) and fields[i].strip()), "")
        if not text.strip():
            parsed.issues.append(IngestIssue(source_file, line_no, "error", "row has no tweet text; skipped"))
            continue
        author, status_id = cell("author").lstrip("@") or None, cell("id") or None
        for i in url_columns:
            if i < len(fields) and (m := STATUS_URL.search(fields[i])):
                status_id = status_id or m["id"]
                author = author or (m["handle"] if m["handle"].lower() not in NOT_HANDLES else None)
        text = html.unescape(text).replace("\r\n", "\n").strip()
        if status_id in seen:
            if seen[status_id][1] == text:
                parsed.issues.append(IngestIssue(source_file, line_no, "warning", f"tweet {status_id} repeats line {seen[status_id][0]}; kept once"))
                continue
            parsed.issues.append(IngestIssue(source_file, line_no, "warning", f"status {status_id} also names line {seen[status_id][0]}, whose text differs; both kept"))
        elif status_id:
            seen[status_id] = (line_no, text)
        created, day_only = _time(cell("time"))
        from_id = date_from_status_id(status_id) if status_id else None
        from_id = from_id.replace(tzinfo=None) if from_id else None
        if cell("time") and created is None:
            parsed.issues.append(IngestIssue(source_file, line_no, "warning", f"time {cell('time')!r} is not one I can read; taken from the status id where possible"))
        if created is None or (day_only and from_id and from_id.date() == created.date()):
            created, source = from_id, "status_id" if from_id else None
        else:
            source = "created_at"
        tweet = ParsedTweet(position=1, text=text, line_no=line_no,
                            status_id=status_id, created_at=created, author=author)
        rows.append(Row(line_no, tweet, cell("conversation") or None, int(status_id) if status_id and status_id.isdigit() else 0, source))

    # Group: conversation_id, else numbered tweets of one author and day, else alone.
    groups: dict[tuple, list[Row]] = {}
    open_threads: dict[tuple, list[tuple]] = {}
    chronological = sorted(rows, key=lambda r: (r.tweet.created_at or datetime.min, r.order_id, r.line_no))
    for row in chronological:
        tweet = row.tweet
        numbered = _numbering(tweet.text)
        if row.conversation:
            groups.setdefault(("conversation", row.conversation), []).append(row)
            continue
        if numbered:
            tweet.position, tweet.declared_total = numbered
        if not (numbered and tweet.author and tweet.created_at):
            groups[("row", row.line_no)] = [row]
            continue
        run = (tweet.author.lower(), tweet.created_at.date(), tweet.declared_total)
        candidates = open_threads.setdefault(run, [])
        repeat = next((r for key in candidates for r in groups[key] if r.tweet.position == tweet.position and r.tweet.text == tweet.text), None)
        if repeat:
            parsed.issues.append(IngestIssue(source_file, row.line_no, "warning", f"tweet {tweet.position}/{tweet.declared_total} repeats line {repeat.line_no}; kept once"))
            continue
        # The latest thread of this author, day and total that lacks this number; else a new one.
        target = next((key for key in reversed(candidates) if all(r.tweet.position != tweet.position for r in groups[key])), None)
        if target is None:
            target = (*run, len(candidates))
            candidates.append(target)
            groups[target] = []
        groups[target].append(row)

    ordered = sorted((g for g in groups.values() if g), key=lambda g: min(r.line_no for r in g))
    for seq, members in enumerate(ordered, start=1):
        if members[0].conversation:
            members.sort(key=lambda r: (r.tweet.created_at is None, r.tweet.created_at or datetime.min, r.order_id, r.line_no))
            for position, row in enumerate(members, start=1):
                row.tweet.position = position
        else:
            members.sort(key=lambda r: r.tweet.position)
        root = members[0].tweet
        handle = root.author if root.author and HANDLE.fullmatch(root.author) else "i/web"  # a display name makes no URL
        parsed.threads.append(ParsedThread(
            seq=seq, tweets=[r.tweet for r in members], author=root.author,
            posted_at=root.created_at, posted_source=members[0].time_source,
            url=f"https://twitter.com/{handle}/status/{root.status_id}" if root.status_id else None,
            line_no=min(r.line_no for r in members),
        ))
    if not parsed.threads and not any(i.severity == "error" for i in parsed.issues):
        parsed.issues.append(IngestIssue(source_file, None, "error", "no tweets found below the header row"))
    return parsed
