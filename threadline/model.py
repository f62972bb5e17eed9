"""Plain data records passed between the parsers, the taggers and the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class IngestIssue:
    """A line or file that could not be used as it stands, and why."""

    source_file: str
    line_no: int | None
    severity: str  # 'error' (something was dropped) or 'warning' (kept, but doubtful)
    message: str


@dataclass
class ParsedTweet:
    position: int
    text: str
    line_no: int  # 1-based line of the file where the tweet starts
    declared_total: int | None = None  # the m of "n/m", when the text numbers itself
    status_id: str | None = None
    created_at: datetime | None = None
    author: str | None = None


@dataclass
class ParsedThread:
    seq: int  # 1, 2, 3 … in the order threads first appear in their file
    tweets: list[ParsedTweet] = field(default_factory=list)
    author: str | None = None
    posted_at: datetime | None = None
    posted_source: str | None = None  # where posted_at came from: created_at, header, front_matter, file_name, url
    url: str | None = None
    line_no: int = 1


@dataclass
class ParsedFile:
    source_file: str  # path relative to the threads folder, with '/'
    format: str  # name of the parser that read it
    threads: list[ParsedThread] = field(default_factory=list)
    issues: list[IngestIssue] = field(default_factory=list)


@dataclass(frozen=True)
class CountryMention:
    """A stretch of text that names a country, directly or through a place, person, institution…"""

    country: str  # ISO 3166-1 alpha-3
    start: int  # character offsets into the text, end exclusive
    end: int
    surface: str  # the text as written
    kind: str  # name, demonym, place, institution, official, flag, handle


@dataclass(frozen=True)
class DateMention:
    """A stretch of text that names a date, resolved against an anchor day when it is relative."""

    text: str
    start: int
    end: int
    value: date | None  # the day (precision 'day') or the first day of the week/month/year
    precision: str  # day, week, month, year
    relative: bool  # True for 'today', 'on Friday', 'вчера' …
