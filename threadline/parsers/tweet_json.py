"""Tweets as Twitter API v2 objects: JSON Lines, a JSON array, or a `{"data": [...]}` response.

One thread per `conversation_id`, threads numbered in the order they first
appear in the file, tweets ranked by `created_at`, then `id`.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from threadline.dates import date_from_status_id
from threadline.model import IngestIssue, ParsedFile, ParsedThread, ParsedTweet

FORMAT = "tweet_json"


def _created_at(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def _objects(source_file: str, content: str, issues: list[IngestIssue]) -> list[tuple[int, dict]]:
    """(line number, object) for every tweet object; bad lines are reported and skipped."""
    stripped = content.lstrip()
    if stripped.startswith("[") or stripped.startswith("{") and "\n{" not in stripped.rstrip():
        try:
            document = json.loads(content)
        except json.JSONDecodeError as exc:
            issues.append(IngestIssue(source_file, exc.lineno, "error", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}); file skipped"))
            return []
        users = {}
        if isinstance(document, dict):
            for user in (document.get("includes") or {}).get("users") or []:
                if isinstance(user, dict) and "id" in user:
                    users[str(user["id"])] = user.get("username")
            document = document.get("data", [document] if "text" in document else [])
        if not isinstance(document, list):
            issues.append(IngestIssue(source_file, 1, "error", "JSON holds no list of tweets; file skipped"))
            return []
        found = []
        for obj in document:
            if isinstance(obj, dict) and users and not obj.get("username"):
                obj = {**obj, "username": users.get(str(obj.get("author_id")))}
            found.append((1, obj))
        return found
    found = []
    for index, line in enumerate(content.splitlines()):
        if not line.strip():
            continue
        try:
            found.append((index + 1, json.loads(line)))
        except json.JSONDecodeError as exc:
            issues.append(IngestIssue(source_file, index + 1, "error", f"not valid JSON: {exc.msg} (column {exc.colno}); line skipped"))
    return found


def parse(source_file: str, content: str) -> ParsedFile:
    parsed = ParsedFile(source_file=source_file, format=FORMAT)
    conversations: dict[str, list[tuple[datetime | None, int, ParsedTweet]]] = {}
    for line_no, obj in _objects(source_file, content, parsed.issues):
        if not isinstance(obj, dict):
            parsed.issues.append(IngestIssue(source_file, line_no, "error", "not a tweet object; skipped"))
            continue
        text, tweet_id = obj.get("text") or obj.get("full_text"), obj.get("id") or obj.get("id_str")
        if not isinstance(text, str) or not text.strip():
            parsed.issues.append(IngestIssue(source_file, line_no, "error", f"tweet {tweet_id or '(no id)'} has no text; skipped"))
            continue
        created = _created_at(obj.get("created_at"))
        if obj.get("created_at") is not None and created is None:
            parsed.issues.append(IngestIssue(source_file, line_no, "warning", f"tweet {tweet_id}: created_at {obj.get('created_at')!r} is not an ISO time; taken from its id where possible"))
        if created is None and tweet_id is not None:
            # An X status id carries its own posting time (a "snowflake").
            from_id = date_from_status_id(str(tweet_id))
            created = from_id.replace(tzinfo=None) if from_id else None
        conversation = str(obj.get("conversation_id") or tweet_id or f"line-{line_no}")
        author = obj.get("username") or obj.get("author_id")
        tweet = ParsedTweet(
            position=0,
            text=text.strip(),
            line_no=line_no,
            status_id=str(tweet_id) if tweet_id is not None else None,
            created_at=created,
            author=str(author) if author else None,
        )
        order_id = int(tweet_id) if str(tweet_id).isdigit() else 0
        conversations.setdefault(conversation, []).append((created, order_id, tweet))

    for seq, members in enumerate(conversations.values(), start=1):
        members.sort(key=lambda m: (m[0] is None, m[0] or datetime.min, m[1]))
        tweets = [m[2] for m in members]
        for position, tweet in enumerate(tweets, start=1):
            tweet.position = position
        root = tweets[0]
        parsed.threads.append(
            ParsedThread(
                seq=seq,
                tweets=tweets,
                author=root.author,
                posted_at=root.created_at,
                posted_source="created_at" if root.created_at else None,
                url=f"https://x.com/{root.author}/status/{root.status_id}" if root.author and root.status_id else None,
                line_no=min(t.line_no for t in tweets),
            )
        )
    if not parsed.threads and not parsed.issues:
        parsed.issues.append(IngestIssue(source_file, None, "error", "no tweets found in this JSON file"))
    return parsed
