"""The DuckDB tables: one list of columns per table, used for the DDL, the Dagster
column schemas and the README. Users query these tables; change them only with a
migration note in the README."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def ddl(self) -> str:
        cols = ",\n  ".join(f"{c.name} {c.sql_type}" for c in self.columns)
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n  {cols}\n)"


SOURCE_FILES = Table(
    "source_files",
    "One row per thread file ingested.",
    (
        Column("source_file", "VARCHAR", "path relative to the threads folder, with '/'"),
        Column("format", "VARCHAR", "the parser that read it (text, tweet_json, twitter_archive, csv_export, markdown_thread), or why none did: empty, unreadable, refused, too_large"),
        Column("sha256", "VARCHAR", "hash of the file's bytes when it was read"),
        Column("size_bytes", "BIGINT", "size of the file"),
        Column("threads", "INTEGER", "threads found in it"),
        Column("tweets", "INTEGER", "tweets found in it"),
        Column("issues", "INTEGER", "rows it has in ingest_issues"),
        Column("tagged_with", "VARCHAR", "fingerprint of the parsers, taggers and gazetteer that made its rows; a file whose bytes and fingerprint are unchanged is not rewritten"),
        Column("mtime_ns", "BIGINT", "the file's modification time (ns since 1970) when it was read; a file whose size and mtime are unchanged is not read again"),
    ),
)

THREADS = Table(
    "threads",
    "One row per thread: a run of numbered tweets, or one conversation of a JSON file.",
    (
        Column("thread_id", "VARCHAR", "'<source_file>#<thread_seq>'"),
        Column("source_file", "VARCHAR", "path relative to the threads folder, with '/'"),
        Column("thread_seq", "INTEGER", "1, 2, 3 … in the order threads first appear in the file"),
        Column("author", "VARCHAR", "handle without '@', when the file says it"),
        Column("posted_at", "TIMESTAMP", "the thread's date (UTC): created_at, header, front matter, file name or web address"),
        Column("posted_source", "VARCHAR", "where posted_at came from: created_at, header, front_matter, file_name, url; NULL when undated"),
        Column("url", "VARCHAR", "the thread's web address, when known"),
        Column("format", "VARCHAR", "the parser that read the file"),
        Column("line_no", "INTEGER", "line of the file where the thread starts"),
        Column("tweet_count", "INTEGER", "tweets in the thread"),
    ),
)

TWEETS = Table(
    "tweets",
    "One row per tweet, with where it came from.",
    (
        Column("tweet_id", "VARCHAR", "'<source_file>#<thread_seq>/<position>'"),
        Column("thread_id", "VARCHAR", "the thread it belongs to (threads.thread_id)"),
        Column("source_file", "VARCHAR", "path relative to the threads folder"),
        Column("position", "INTEGER", "n of 'n/m'; in JSON its rank by created_at, then id"),
        Column("declared_total", "INTEGER", "m of 'n/m', when the tweet numbers itself"),
        Column("text", "VARCHAR", "the tweet's text without its numbering; continuation lines joined with newlines"),
        Column("author", "VARCHAR", "handle without '@', when known"),
        Column("created_at", "TIMESTAMP", "when it was posted (UTC), when the file says it"),
        Column("status_id", "VARCHAR", "the tweet's id on X, when known"),
        Column("line_no", "INTEGER", "line of the file where the tweet starts"),
    ),
)

INGEST_ISSUES = Table(
    "ingest_issues",
    "Every line or file that could not be used as it stands, and why.",
    (
        Column("source_file", "VARCHAR", "path relative to the threads folder"),
        Column("line_no", "INTEGER", "line of the file, NULL when it concerns the whole file"),
        Column("severity", "VARCHAR", "'error': something was dropped; 'warning': kept, but doubtful"),
        Column("message", "VARCHAR", "what is wrong, in plain words"),
    ),
)

EVENTS = Table(
    "events",
    "One row per development a tweet reports, with its date and type.",
    (
        Column("event_id", "VARCHAR", "'<tweet_id>:<n>'"),
        Column("tweet_id", "VARCHAR", "the tweet that reports it (tweets.tweet_id)"),
        Column("thread_id", "VARCHAR", "the tweet's thread (threads.thread_id)"),
        Column("source_file", "VARCHAR", "path relative to the threads folder"),
        Column("event_date", "DATE", "when it happened; NULL when nothing dates it"),
        Column("date_precision", "VARCHAR", "'day'; NULL when undated"),
        Column("date_source", "VARCHAR", "'text' (the tweet names the day) or 'thread' (the day it was posted: its created_at, else the thread's date); NULL when undated"),
        Column("date_text", "VARCHAR", "the words that gave the date, when date_source is 'text'"),
        Column("event_type", "VARCHAR", "protest, violence, arrest/legal, military, diplomacy, statement, sanctions/economy or other"),
        Column("cameo_root", "VARCHAR", "the CAMEO root code of event_type (e.g. '14' for protest)"),
    ),
)

DATE_MENTIONS = Table(
    "date_mentions",
    "Every date expression found in a tweet, resolved against its anchor day.",
    (
        Column("tweet_id", "VARCHAR", "the tweet (tweets.tweet_id)"),
        Column("source_file", "VARCHAR", "path relative to the threads folder"),
        Column("mention_no", "INTEGER", "1, 2, 3 … in order of position in the text"),
        Column("surface", "VARCHAR", "the expression as written"),
        Column("start_char", "INTEGER", "offset of its first character in tweets.text"),
        Column("end_char", "INTEGER", "offset just past its last character"),
        Column("value", "DATE", "the day, or the first day of the week/month/year; NULL when it cannot be resolved"),
        Column("precision", "VARCHAR", "day, week, month or year"),
        Column("relative", "BOOLEAN", "true for 'today', 'on Friday', 'вчера' …"),
    ),
)

EVENT_COUNTRIES = Table(
    "event_countries",
    "The countries each event concerns (ISO 3166-1 alpha-3).",
    (
        Column("event_id", "VARCHAR", "the event (events.event_id)"),
        Column("source_file", "VARCHAR", "path relative to the threads folder"),
        Column("country", "VARCHAR", "ISO 3166-1 alpha-3 code"),
        Column("how", "VARCHAR", "'explicit': the tweet names it; 'inherited': another tweet of the thread does"),
        Column("surface", "VARCHAR", "the first words that named it (explicit only)"),
        Column("kind", "VARCHAR", "what named it: name, demonym, place, institution, official, flag, handle"),
    ),
)

ALL_TABLES: tuple[Table, ...] = (SOURCE_FILES, THREADS, TWEETS, INGEST_ISSUES, EVENTS, DATE_MENTIONS, EVENT_COUNTRIES)
