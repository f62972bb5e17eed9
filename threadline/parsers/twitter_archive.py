"""A Twitter/X archive's `tweets.js`: `window.YTD.tweets.part0 = [ {"tweet": {...}}, … ]`.

Threads are rebuilt from reply chains: a tweet replying to a tweet in the same file joins that
tweet's thread; a reply to a tweet outside the file starts a thread of its own. Tweets are ranked
by `created_at`, then id; threads are numbered in the order they first appear in the file.
Items are read one by one, so a broken item (or a file cut short) costs only that item.

The archive holds one account's tweets but not its handle (that is in `account.js`). The handle
is taken from an `account` block in the same text, else from the `in_reply_to_screen_name` of
the replies to the archive's own tweets; else authors stay None. A retweet ("RT @x: …") is
another account's text: it stays a one-tweet thread with author x. `&amp;`-style entities are
decoded and t.co links are expanded from `entities.urls`.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

from threadline.dates import date_from_status_id
from threadline.model import IngestIssue, ParsedFile, ParsedThread, ParsedTweet

FORMAT = "twitter_archive"

ASSIGNMENT = re.compile(r"window\.YTD\.(?P<name>\w+)\.part\d+\s*=\s*(?=\[)")
# Where an item may start, to resume after a broken one: the {"tweet": wrapper, or a "{" line at
# the archive's two-space indent (older archives list bare tweet objects).
ITEM_START = re.compile(r'\{\s*"tweet"\s*:|^[ \t]{0,2}\{', re.MULTILINE)
RETWEET = re.compile(r"^RT @(?P<handle>\w{1,30}):")
_DECODER = json.JSONDecoder()


def looks_like(content: str) -> bool:
    return "window.YTD." in content[:2000]


class _Lines:
    """Line numbers of offsets met in increasing order, counted once (archives run to many megabytes)."""

    def __init__(self, content: str):
        self.content, self.offset, self.line = content, 0, 1

    def __call__(self, offset: int) -> int:
        if offset < self.offset:
            return self.content.count("\n", 0, offset) + 1
        self.line += self.content.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def _items(source_file: str, content: str, issues: list[IngestIssue]) -> tuple[list[tuple[int, Any]], str | None]:
    """(line, item) of every readable tweet item, and the account's handle when an account block is there."""
    blocks = [(m["name"], m.end()) for m in ASSIGNMENT.finditer(content)]
    if not blocks and content.lstrip().startswith("["):
        blocks = [("tweets", len(content) - len(content.lstrip()))]
    if not blocks:
        issues.append(IngestIssue(source_file, 1, "error", "not a Twitter archive file (no 'window.YTD.tweets.part0 = [' and no JSON list); skipped"))
        return [], None
    found, handle, line = [], None, _Lines(content)
    for name, start in blocks:
        index = start + 1
        while True:
            while index < len(content) and content[index] in " \t\r\n,":
                index += 1
            if index >= len(content):
                issues.append(IngestIssue(source_file, line(index), "warning", f"the list of {name} never closes with ']' (file cut short?)"))
                break
            if content[index] == "]":
                break
            try:
                item, end = _DECODER.raw_decode(content, index)
            except json.JSONDecodeError as exc:
                resume = ITEM_START.search(content, index + 1)
                issues.append(IngestIssue(source_file, line(index), "error", f"item is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); skipped"))
                if resume is None:
                    break
                index = resume.start()
                continue
            if name == "account" and isinstance(item, dict):
                account = item["account"] if isinstance(item.get("account"), dict) else item
                handle = handle or account.get("username")
            elif name in ("tweets", "tweet"):
                found.append((line(index), item))
            index = end
    if not found and not issues and {name for name, _ in blocks} - {"tweets", "tweet", "account"}:
        others = ", ".join(sorted({name for name, _ in blocks}))
        issues.append(IngestIssue(source_file, 1, "warning", f"archive file holds {others} data, not tweets; nothing to ingest"))
    return found, handle


TWITTER_TIME = re.compile(r"^\w{3} (?P<mon>\w{3}) (?P<d>\d\d) (?P<h>\d\d):(?P<mi>\d\d):(?P<s>\d\d) (?P<sign>[+-])(?P<zh>\d\d)(?P<zm>\d\d) (?P<y>\d{4})$")
MONTHS = {name: number for number, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}


def twitter_time(value: Any) -> datetime | None:
    """'Wed Jan 19 14:05:00 +0000 2022' (Twitter API v1.1 and archives) or ISO 8601, as naive UTC.

    A regex, not strptime: ten times faster on big archives, and deaf to the locale."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if m := TWITTER_TIME.match(value):
        try:
            moment = datetime(int(m["y"]), MONTHS[m["mon"].lower()], int(m["d"]), int(m["h"]), int(m["mi"]), int(m["s"]))
        except (KeyError, ValueError):
            return None
        offset = timedelta(hours=int(m["zh"]), minutes=int(m["zm"]))
        return moment - offset if m["sign"] == "+" else moment + offset
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def _text(tweet: dict) -> str | None:
    text = tweet.get("full_text") or tweet.get("text")
    if not isinstance(text, str) or not text.strip():
        return None
    for url in (tweet.get("entities") or {}).get("urls") or []:
        if isinstance(url, dict) and url.get("url") and url.get("expanded_url"):
            text = text.replace(url["url"], url["expanded_url"])
    return html.unescape(text).replace("\r\n", "\n").strip()


def parse(source_file: str, content: str) -> ParsedFile:
    parsed = ParsedFile(source_file=source_file, format=FORMAT)
    items, owner = _items(source_file, content, parsed.issues)
    tweets: dict[str, tuple[ParsedTweet, str | None, int]] = {}  # id → (tweet, replied-to id, order id)
    reply_handles: list[tuple[str, str]] = []  # (replied-to id, its screen name)
    timed_by_id: set[str] = set()
    for line_no, item in items:
        tweet = item.get("tweet", item) if isinstance(item, dict) else None
        if not isinstance(tweet, dict):
            parsed.issues.append(IngestIssue(source_file, line_no, "error", "item is not a tweet object; skipped"))
            continue
        tweet_id = str(tweet.get("id_str") or tweet.get("id") or "").strip()
        text = _text(tweet)
        if not tweet_id or text is None:
            what = "no id" if not tweet_id else "no text"
            parsed.issues.append(IngestIssue(source_file, line_no, "error", f"tweet {tweet_id or '(no id)'} has {what}; skipped"))
            continue
        if tweet_id in tweets:
            parsed.issues.append(IngestIssue(source_file, line_no, "warning", f"tweet {tweet_id} appears twice; the second copy is ignored"))
            continue
        created = twitter_time(tweet.get("created_at"))
        if created is None:
            from_id = date_from_status_id(tweet_id)
            created = from_id.replace(tzinfo=None) if from_id else None
            timed_by_id.add(tweet_id)
            said = f"created_at {tweet['created_at']!r} is not a time I can read" if tweet.get("created_at") else "no created_at"
            parsed.issues.append(IngestIssue(source_file, line_no, "warning", f"tweet {tweet_id}: {said}; {'taken from its id' if created else 'left empty'}"))
        parent = str(tweet.get("in_reply_to_status_id_str") or tweet.get("in_reply_to_status_id") or "").strip() or None
        if parent and tweet.get("in_reply_to_screen_name"):
            reply_handles.append((parent, str(tweet["in_reply_to_screen_name"])))
        retweet = RETWEET.match(text)
        parsed_tweet = ParsedTweet(position=0, text=text, line_no=line_no, status_id=tweet_id, created_at=created,
                                   author=retweet["handle"] if retweet else None)
        tweets[tweet_id] = (parsed_tweet, parent, int(tweet_id) if tweet_id.isdigit() else 0)

    if owner is None:  # a reply to one of the archive's own tweets names the archive's account (most often: renames)
        self_replies = Counter(handle for parent, handle in reply_handles if parent in tweets)
        owner = self_replies.most_common(1)[0][0] if self_replies else None

    roots: dict[str, str] = {}

    def root_of(tweet_id: str) -> str:
        path: list[str] = []
        while tweet_id not in roots:
            path.append(tweet_id)
            parent = tweets[tweet_id][1]
            if parent not in tweets or parent in path:  # outside the archive (or a loop, which never happens)
                roots[tweet_id] = tweet_id
                break
            tweet_id = parent
        for member in path:
            roots[member] = roots[tweet_id]
        return roots[tweet_id]

    chains: dict[str, list[tuple[ParsedTweet, str | None, int]]] = {}
    for tweet_id, member in tweets.items():  # file order, so threads come in order of first appearance
        member[0].author = member[0].author or owner
        chains.setdefault(root_of(tweet_id), []).append(member)
    for seq, members in enumerate(chains.values(), start=1):
        members.sort(key=lambda m: (m[0].created_at is None, m[0].created_at or datetime.min, m[2]))
        ranked = [m[0] for m in members]
        for position, tweet in enumerate(ranked, start=1):
            tweet.position = position
        root = ranked[0]
        parsed.threads.append(ParsedThread(
            seq=seq, tweets=ranked, author=root.author,
            posted_at=root.created_at,
            posted_source=None if root.created_at is None else "status_id" if root.status_id in timed_by_id else "created_at",
            url=f"https://twitter.com/{root.author or 'i/web'}/status/{root.status_id}",
            line_no=min(t.line_no for t in ranked),
        ))
    if not parsed.threads and not parsed.issues:
        parsed.issues.append(IngestIssue(source_file, None, "error", "no tweets found in this archive file"))
    return parsed
