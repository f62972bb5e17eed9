"""Unrolled threads saved as Markdown: `# title`, `Author: [name](https://twitter.com/<handle>)`,
a links line with the thread's status URL, then one paragraph per tweet.

- One thread per file; author = the handle; url = the status URL; posted_at from the status id.
  The first tweet carries that status id and time; the title is the saver's, not a tweet.
- Paragraphs (split at blank lines) are tweets, positions 1, 2, … in order; a paragraph whose own
  `n/m` disagrees with its position gets a warning (kept in file order).
- Quoted tweets (`<blockquote>…</blockquote>` HTML, `> …` lines) are another tweet's text, not the
  author's: they are left out. The link to the quoted tweet, when the tweet has one, stays.
- Images (`![](…)`, image tables) are dropped; a paragraph left empty is no tweet.
- `[text](url)` becomes `text` (`[#Kherson](…/hashtag/Kherson)` → `#Kherson`), except when the
  text is itself a web address or a link card (`twitter.com/x/s…`, `www.site.com: Title`): then
  it becomes the URL, as in the original tweet, so dates in web addresses still count.
- HTML entities are decoded, `<br />` is a newline, trailing Markdown line breaks are trimmed.
"""

from __future__ import annotations

import html
import re
from datetime import datetime

import yaml

from threadline.dates import date_from_status_id, parse_date_value
from threadline.model import IngestIssue, ParsedFile, ParsedThread, ParsedTweet
from threadline.parsers.csv_export import number_at_end
from threadline.parsers.text import TWEET_START

FORMAT = "markdown_thread"

AUTHOR_LINE = re.compile(r"^Author:\s*(?P<rest>.*)$", re.IGNORECASE)
PROFILE_URL = re.compile(r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?P<handle>\w{1,30})/?(?=[)\s]|$)", re.IGNORECASE)
STATUS_URL = re.compile(r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?P<handle>\w{1,30})/status(?:es)?/(?P<id>\d+)", re.IGNORECASE)
IMAGE = re.compile(r"\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)|!\[[^\]]*\]\([^)]*\)")
TABLE_RULE = re.compile(r"^\|?(?:\s*:?-+:?\s*\|)+\s*:?-*:?\s*$")
LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<url>(?:[^()\s]|\([^()\s]*\))+)\)")
ADDRESS_TEXT = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:[/:…]|$)", re.IGNORECASE)
BLOCKQUOTE_OPEN, BLOCKQUOTE_CLOSE = re.compile(r"<blockquote\b", re.IGNORECASE), re.compile(r"</blockquote\s*>", re.IGNORECASE)
BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
INLINE_TAG = re.compile(r"</?(?:p|span|div|em|strong|b|i|a)\b[^>]*>", re.IGNORECASE)


def looks_like(content: str) -> bool:
    """An unrolled-thread Markdown file: an `Author:` line with a Twitter/X profile link, or a status link near the top."""
    head = content.lstrip("\ufeff").splitlines()[:40]
    return any(AUTHOR_LINE.match(line.strip()) and PROFILE_URL.search(line) for line in head) or any(
        "links to this thread" in line.lower() and STATUS_URL.search(line) for line in head)


def _link(m: re.Match[str]) -> str:
    text, url = m["text"].strip(), m["url"]
    return url if ADDRESS_TEXT.match(text) or not text else text


def _clean(lines: list[str]) -> str:
    kept = []
    for line in lines:
        line = IMAGE.sub("", line)
        if TABLE_RULE.match(line.strip()):
            continue
        if line.strip().startswith("|"):  # a table row: its cells' text
            line = " ".join(cell.strip() for cell in line.strip().strip("|").split("|") if cell.strip())
        line = INLINE_TAG.sub("", BR.sub("\n", LINK.sub(_link, line)))
        kept.extend(part.rstrip() for part in line.split("\n"))
    return html.unescape("\n".join(part for part in kept if part.strip())).strip()


def _front_matter(lines: list[str]) -> tuple[dict, int]:
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            try:
                meta = yaml.safe_load("\n".join(lines[1:end])) or {}
            except yaml.YAMLError:
                meta = {}
            return (meta if isinstance(meta, dict) else {}), end + 1
    return {}, 0


def parse(source_file: str, content: str) -> ParsedFile:
    parsed = ParsedFile(source_file=source_file, format=FORMAT)
    lines = content.splitlines()
    meta, index = _front_matter(lines)
    author, status = meta.get("author"), None
    author = str(author).lstrip("@") if author else None
    # The header: blank lines, the title, the Author line, the links line.
    while index < len(lines):
        line = lines[index].strip()
        if line and not (line.startswith("# ") or AUTHOR_LINE.match(line) or "links to this thread" in line.lower()):
            break
        if (found := AUTHOR_LINE.match(line)) and (handle := PROFILE_URL.search(found["rest"]) or re.search(r"@(?P<handle>\w{1,30})", found["rest"])):
            author = handle["handle"]
        status = status or STATUS_URL.search(line)
        index += 1

    thread = ParsedThread(seq=1, author=author, line_no=index + 1)
    if status:
        thread.url = f"https://twitter.com/{status['handle']}/status/{status['id']}"
        posted = date_from_status_id(status["id"])
        if posted:
            thread.posted_at, thread.posted_source = posted.replace(tzinfo=None), "status_id"
    elif (day := parse_date_value(str(meta.get("date") or meta.get("posted") or ""))):
        thread.posted_at, thread.posted_source = datetime(day.year, day.month, day.day), "front_matter"
    if author is None:
        parsed.issues.append(IngestIssue(source_file, None, "warning", "no 'Author: [name](https://twitter.com/<handle>)' line; author unknown"))
    if status is None:
        parsed.issues.append(IngestIssue(source_file, None, "warning", "no link to the thread's status (https://twitter.com/<handle>/status/<id>); thread date from elsewhere"))

    paragraph: list[str] = []
    start = 0
    in_quote, quote_line = False, 0

    def flush() -> None:
        text = _clean(paragraph)
        if text:
            position = len(thread.tweets) + 1
            tweet = ParsedTweet(position=position, text=text, line_no=start, author=author)
            own = TWEET_START.match(text) or number_at_end(text.split("\n")[0]) or number_at_end(text)
            if own and 1 <= int(own["pos"]) <= int(own["total"]):
                tweet.declared_total = int(own["total"])
                if int(own["pos"]) != position:
                    parsed.issues.append(IngestIssue(source_file, start, "warning", f"paragraph {position} is numbered {own['pos']}/{own['total']}; kept in file order"))
            thread.tweets.append(tweet)
        paragraph.clear()

    for number, raw in enumerate(lines[index:], start=index + 1):
        if in_quote or BLOCKQUOTE_OPEN.search(raw):
            before = BLOCKQUOTE_OPEN.split(raw, 1)[0] if not in_quote else ""
            quote_line = quote_line if in_quote else number
            closed = BLOCKQUOTE_CLOSE.search(raw)
            in_quote = closed is None
            raw = before + (raw[closed.end():] if closed else "")
            if not raw.strip():
                continue
        if raw.lstrip().startswith(">"):  # a Markdown quote: the quoted tweet's text
            continue
        if not raw.strip():
            flush()
            continue
        if not paragraph:
            start = number
        paragraph.append(raw)
    flush()
    if in_quote:
        parsed.issues.append(IngestIssue(source_file, quote_line, "error", "this <blockquote> never closes; the text after it was read as quoted and left out"))
    if thread.tweets:
        first = thread.tweets[0]
        first.status_id, first.created_at = (status["id"], thread.posted_at) if status else (None, None)
        thread.line_no = first.line_no
        parsed.threads.append(thread)
    else:
        parsed.issues.append(IngestIssue(source_file, None, "error", "no tweet paragraphs found below the header"))
    return parsed
