"""The registry of thread-file formats and the one entry point that reads a file.

Each format is a small module with `FORMAT` and `parse(source_file, content) -> ParsedFile`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from threadline.config import max_file_bytes
from threadline.dates import date_from_file_name, dates_in_urls
from threadline.model import IngestIssue, ParsedFile
from threadline.parsers.encoding import Undecodable, clean_text, decode_bytes
from threadline.parsers import csv_export, markdown_thread, text, tweet_json, twitter_archive

Parser = Callable[[str, str], ParsedFile]



def parse_markdown(source_file: str, content: str) -> ParsedFile:
    """An unrolled thread (Author: line, status link), else a plain-text thread file that ends in .md."""
    return (markdown_thread.parse if markdown_thread.looks_like(content) else text.parse)(source_file, content)


# File ending → parser. Anything else is read as a plain-text thread file.
PARSERS_BY_SUFFIX: dict[str, Parser] = {
    ".json": tweet_json.parse,
    ".jsonl": tweet_json.parse,
    ".ndjson": tweet_json.parse,
    ".js": twitter_archive.parse,  # tweets.js of a Twitter archive
    ".csv": csv_export.parse,
    ".tsv": csv_export.parse,  # the delimiter is taken from the header line
    ".md": parse_markdown,
    ".markdown": parse_markdown,
}
DEFAULT_PARSER: Parser = text.parse

# Files in the threads folder that are documentation, not threads.
IGNORED_NAMES = {"readme.md", "readme.txt", "readme"}


def is_thread_file(relative: str) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return not name.startswith(".") and name.lower() not in IGNORED_NAMES


def list_thread_files(root: Path) -> list[str]:
    """Every thread file below root, recursively, as sorted '/'-separated relative paths."""
    return sorted(relative for relative, _entry in thread_file_entries(root))


def thread_file_entries(root: Path) -> Iterator[tuple[str, os.DirEntry]]:
    """(relative path, directory entry) of every thread file below root, in no particular order.
    Hidden files and folders are skipped; symbolic links to folders are not followed (one to a
    file is listed, and refused when read). os.scandir: pathlib costs ~0.1 ms a file here."""
    folders = [(str(root), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                relative = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, relative + "/"))
                elif entry.is_file() and is_thread_file(relative):
                    yield relative, entry


def decode(source_file: str, raw: bytes) -> tuple[str | None, list[IngestIssue]]:
    """The file's text, with a warning when it was not UTF-8; None and an error when it is not text."""
    try:
        content, encoding = decode_bytes(raw)
    except Undecodable as exc:
        return None, [IngestIssue(source_file, None, "error", f"{exc}; skipped")]
    if encoding in ("UTF-8", "UTF-16", "UTF-32"):
        return content, []
    return content, [IngestIssue(source_file, None, "warning", f"not valid UTF-8; read as {encoding}")]


def parse_bytes(source_file: str, raw: bytes) -> ParsedFile:
    """Parse one file's bytes with the parser its ending calls for, then settle thread dates."""
    content, issues = decode(source_file, raw)
    parser = PARSERS_BY_SUFFIX.get(Path(source_file).suffix.lower(), DEFAULT_PARSER)
    if content is None:
        parsed = ParsedFile(source_file=source_file, format="unreadable")
    elif not content.strip():
        parsed = ParsedFile(source_file=source_file, format="empty")
        issues.append(IngestIssue(source_file, None, "warning", "empty file; nothing to ingest"))
    else:
        parsed = parser(source_file, content)
    parsed.issues[:0] = issues
    for thread in parsed.threads:
        for tweet in thread.tweets:
            tweet.text = clean_text(tweet.text)
    settle_thread_dates(parsed)
    return parsed


def settle_thread_dates(parsed: ParsedFile) -> None:
    """Fill each undated thread's date: a date at the start of the file name, else the latest date in a web address."""
    from_name = date_from_file_name(parsed.source_file.rsplit("/", 1)[-1])
    for thread in parsed.threads:
        if thread.posted_at is not None:
            continue
        if from_name is not None:
            thread.posted_at, thread.posted_source = datetime(from_name.year, from_name.month, from_name.day), "file_name"
            continue
        in_urls = [d for tweet in thread.tweets for d in dates_in_urls(tweet.text)]
        if thread.url:
            in_urls += dates_in_urls(thread.url)
        if in_urls:
            latest = max(in_urls)
            thread.posted_at, thread.posted_source = datetime(latest.year, latest.month, latest.day), "url"


def open_thread_file(root: Path, source_file: str) -> tuple[bytes | None, ParsedFile | None]:
    """The bytes of root/source_file, or (None, why not) for a file that must not or cannot be read:
    a symbolic link, a path leading outside root, a missing file, one over the size limit."""
    path = root / source_file

    def refusal(format_: str, message: str) -> tuple[None, ParsedFile]:
        return None, ParsedFile(source_file, format_, issues=[IngestIssue(source_file, None, "error", message)])

    if path.is_symlink() or not path.resolve().is_relative_to(root.resolve()):
        return refusal("refused", "symbolic link or path leading outside the threads folder; refused")
    if not path.is_file():
        return refusal("missing", "file no longer exists")
    size, limit = path.stat().st_size, max_file_bytes()
    if size > limit:
        return refusal("too_large", f"file is {size / 2**20:.1f} MiB, over the limit of {limit / 2**20:g} MiB (TRACKER_MAX_FILE_MB); skipped")
    return path.read_bytes(), None


def read_thread_file(root: Path, source_file: str) -> tuple[ParsedFile, bytes | None]:
    """Read and parse root/source_file; returns the parsed file and the bytes read (None when refused)."""
    raw, refused = open_thread_file(root, source_file)
    return (refused, None) if raw is None else (parse_bytes(source_file, raw), raw)
