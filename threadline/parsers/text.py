"""Plain-text thread files: numbered tweets as saved from X, Thread Reader or by hand.

Handles `n/m`, `THREAD n/m`, `n/m THREAD:`, doubled numbering (`3/13 3/ …`),
continuation lines, several threads per file, a Thread Reader page header and
YAML front matter. Reader boilerplate is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import yaml

from threadline.dates import parse_date_value
from threadline.model import IngestIssue, ParsedFile, ParsedThread, ParsedTweet

FORMAT = "text"

# A tweet starts a line with its number: "1/4", "THREAD 1/13", "1/16 THREAD:", "[2/5]", "(2/5)".
TWEET_START = re.compile(
    r"^\s*(?:THREAD:?\s+)?[\[(]?(?P<pos>\d{1,3})\s*/\s*(?P<total>\d{1,3})[\])]?"
    r"(?:\s+THREAD\b:?)?(?=\s|$)\s*",
    re.IGNORECASE,
)
# "3/13 3/ If you…": the author numbered the tweet twice.
DOUBLED_NUMBER = re.compile(r"^(?P<pos>\d{1,3})/(?:\s+|$)")

BOILERPLATE = {
    "• • •",
    "missing some tweet in this thread? you can try to",
    "force a refresh",
    "read on twitter",
    "bookmark save as pdf my authors",
}
READER_TITLE = re.compile(r"^Thread by @(?P<handle>\w{1,30}) on Thread Reader App\s*$", re.IGNORECASE)
READER_DATE_LINE = re.compile(r"^\w{3,9}\.? \d{1,2}, \d{4}\s*•")
HANDLE_LINE = re.compile(r"^@(?P<handle>\w{1,30})\s*$")


@dataclass
class FileHeader:
    """What a front matter block or a Thread Reader header says about the file's threads."""

    author: str | None = None
    posted_at: datetime | None = None
    posted_source: str | None = None
    url: str | None = None
    body_start: int = 0  # index of the first line after the header


def _as_datetime(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        day = parse_date_value(value)
        return datetime(day.year, day.month, day.day) if day else None
    return None


def _front_matter(lines: list[str], source_file: str, issues: list[IngestIssue]) -> FileHeader:
    if not lines or lines[0].strip() != "---":
        return FileHeader()
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() == "---":
            break
    else:
        issues.append(IngestIssue(source_file, 1, "warning", "front matter starts with '---' but never closes; read as tweets"))
        return FileHeader()
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        issues.append(IngestIssue(source_file, 1, "warning", f"front matter is not valid YAML ({exc.__class__.__name__}); ignored"))
        meta = {}
    if not isinstance(meta, dict):
        issues.append(IngestIssue(source_file, 1, "warning", "front matter is not a set of 'key: value' lines; ignored"))
        meta = {}
    author = meta.get("author") or meta.get("username")
    posted_raw = meta.get("posted") or meta.get("date") or meta.get("created_at")
    posted = _as_datetime(posted_raw)
    if posted_raw is not None and posted is None:
        issues.append(IngestIssue(source_file, 1, "warning", f"front matter date {str(posted_raw)!r} is not a date I can read; ignored"))
    return FileHeader(
        author=str(author).lstrip("@") if author else None,
        posted_at=posted,
        posted_source="front_matter" if posted else None,
        url=str(meta["url"]) if meta.get("url") else None,
        body_start=end + 1,
    )


def _reader_header(lines: list[str], start: int) -> FileHeader:
    """A Thread Reader page header: title, display name, @handle, date line, button row."""
    index = start
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines) or not (title := READER_TITLE.match(lines[index].strip())):
        return FileHeader(body_start=start)
    header = FileHeader(author=title["handle"], body_start=index + 1)
    # The header is a handful of lines; stop at the first tweet.
    for offset in range(index + 1, min(index + 8, len(lines))):
        line = lines[offset].strip()
        if TWEET_START.match(line):
            break
        if READER_DATE_LINE.match(line):
            day = parse_date_value(line)
            if day:
                header.posted_at = datetime(day.year, day.month, day.day)
                header.posted_source = "header"
        header.body_start = offset + 1
    return header


def _is_boilerplate(line: str) -> bool:
    return line.strip().lower() in BOILERPLATE


def parse(source_file: str, content: str) -> ParsedFile:
    parsed = ParsedFile(source_file=source_file, format=FORMAT)
    lines = content.splitlines()
    header = _front_matter(lines, source_file, parsed.issues)
    if header.body_start == 0:
        header = _reader_header(lines, 0)
    else:
        reader = _reader_header(lines, header.body_start)
        header.body_start = reader.body_start
        header.author = header.author or reader.author
        if header.posted_at is None and reader.posted_at is not None:
            header.posted_at, header.posted_source = reader.posted_at, reader.posted_source

    tweets, skipped_preamble = _numbered_tweets(lines, header, source_file, parsed.issues)
    thread: ParsedThread | None = None
    by_position: dict[int, ParsedTweet] = {}  # the tweets of `thread`: a number is never taken twice in one
    for tweet in tweets:
        if (first := _earlier_copy(by_position, tweet)) is not None:
            parsed.issues.append(IngestIssue(source_file, tweet.line_no, "warning", f"tweet {tweet.position}/{tweet.declared_total} repeats line {first.line_no}; counted once"))
            continue
        if thread is None or _starts_new_thread(thread, tweet, by_position):
            by_position = {}
            thread = ParsedThread(
                seq=len(parsed.threads) + 1,
                author=header.author,
                posted_at=header.posted_at,
                posted_source=header.posted_source,
                url=header.url,
                line_no=tweet.line_no,
            )
            parsed.threads.append(thread)
        tweet.author = thread.author
        thread.tweets.append(tweet)
        by_position[tweet.position] = tweet
    for thread in parsed.threads:
        parsed.issues.extend(_numbering_issues(source_file, thread))
        thread.tweets.sort(key=lambda t: t.position)

    if skipped_preamble:
        first = skipped_preamble[0]
        parsed.issues.append(
            IngestIssue(source_file, first, "warning", f"{len(skipped_preamble)} line(s) before the first numbered tweet are not part of any tweet; ignored")
        )
    if not parsed.threads:
        parsed.issues.append(IngestIssue(source_file, None, "error", "no numbered tweets found (expected lines starting like '1/4 …')"))
    return parsed


def _numbered_tweets(
    lines: list[str], header: FileHeader, source_file: str, issues: list[IngestIssue]
) -> tuple[list[ParsedTweet], list[int]]:
    """Every numbered tweet after the header, continuation lines joined, in file order;
    and the lines of text found before the first tweet."""
    tweets: list[ParsedTweet] = []
    preamble: list[int] = []
    for index in range(header.body_start, len(lines)):
        line_no, raw = index + 1, lines[index]
        start = TWEET_START.match(raw)
        if start is None:
            # (a numbered line is never boilerplate nor a handle line, so those are checked here only)
            if _is_boilerplate(raw) or (not tweets and HANDLE_LINE.match(raw.strip())):
                continue
            if tweets and raw.strip():
                tweets[-1].text = f"{tweets[-1].text}\n{raw.strip()}" if tweets[-1].text else raw.strip()
            elif raw.strip():
                preamble.append(line_no)
            continue
        position, total = int(start["pos"]), int(start["total"])
        text = raw[start.end():].strip()
        doubled = DOUBLED_NUMBER.match(text)
        if doubled and int(doubled["pos"]) == position:
            text = text[doubled.end():].strip()
        if position == 0 or position > total:
            issues.append(IngestIssue(source_file, line_no, "warning", f"tweet number {position}/{total} is out of range; kept as written"))
        tweets.append(ParsedTweet(position=position, text=text, line_no=line_no, declared_total=total))
    return tweets, preamble


def _earlier_copy(by_position: dict[int, ParsedTweet], tweet: ParsedTweet) -> ParsedTweet | None:
    """The tweet of the current thread with this one's number and text, if there is one."""
    earlier = by_position.get(tweet.position)
    return earlier if earlier is not None and earlier.text == tweet.text else None


def _starts_new_thread(thread: ParsedThread, tweet: ParsedTweet, by_position: dict[int, ParsedTweet]) -> bool:
    """A tweet starts a new thread at 1/m, when m changes, or when its number is already taken."""
    last = thread.tweets[-1]
    return tweet.position == 1 or tweet.declared_total != last.declared_total or tweet.position in by_position


def _numbering_issues(source_file: str, thread: ParsedThread) -> list[IngestIssue]:
    """Warnings for tweets saved out of order and for numbers missing from a thread."""
    issues = []
    positions = [t.position for t in thread.tweets]
    if positions != sorted(positions):
        issues.append(IngestIssue(source_file, thread.line_no, "warning", f"thread {thread.seq}: tweets saved out of order ({', '.join(map(str, positions))}); put in order"))
    total = max([t.declared_total or 0 for t in thread.tweets] + positions)
    missing = sorted(set(range(1, total + 1)) - set(positions))
    if missing:
        issues.append(IngestIssue(source_file, thread.line_no, "warning", f"thread {thread.seq}: tweet(s) {_ranges(missing)} of {total} are not in the file"))
    return issues


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5] → '1–3, 5'."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(f"{a}–{b}" if b > a else str(a) for a, b in spans)
