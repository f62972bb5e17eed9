"""From parsed files to table rows: tweets, their events, event dates and countries.

Small pure functions; the assets call them and write what they return.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path

import ahocorasick

from threadline.countries import country_spans
from threadline.dates import event_day, find_dates
from threadline.model import ParsedFile
from threadline.schema import DATE_MENTIONS, EVENT_COUNTRIES, EVENTS, INGEST_ISSUES, SOURCE_FILES, THREADS, TWEETS, Table

OTHER_TYPE = ("other", None)


def thread_id(source_file: str, seq: int) -> str:
    return f"{source_file}#{seq}"


def tweet_id(source_file: str, seq: int, position: int) -> str:
    return f"{thread_id(source_file, seq)}/{position}"


@cache
def tagger_fingerprint() -> str:
    """A hash of this package's code and data: rows made by another version are remade."""
    digest = hashlib.sha256()
    package = resources.files("threadline")
    for path in sorted(_package_files(package), key=str):
        digest.update(str(path.relative_to(Path(str(package)))).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def warm_up() -> None:
    """Build now what the taggers build on first use (gazetteer, date grammar, automata: about a
    second), e.g. in a parent process, so that the workers it forks share it instead of each
    building its own."""
    tag_text("warm-up: on Friday in Kyiv", None)
    classify_event("warm-up")


def _package_files(package) -> list[Path]:
    root = Path(str(package))
    return [p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".tsv", ".json")]


def ingest_rows(parsed: ParsedFile, sha256: str | None, size_bytes: int | None) -> dict[Table, list[dict]]:
    """The rows one parsed file gives for source_files, threads, tweets and ingest_issues."""
    threads, tweets = [], []
    for thread in parsed.threads:
        tid = thread_id(parsed.source_file, thread.seq)
        threads.append({
            "thread_id": tid, "source_file": parsed.source_file, "thread_seq": thread.seq,
            "author": thread.author, "posted_at": thread.posted_at, "posted_source": thread.posted_source,
            "url": thread.url, "format": parsed.format, "line_no": thread.line_no, "tweet_count": len(thread.tweets),
        })
        for tweet in thread.tweets:
            tweets.append({
                "tweet_id": tweet_id(parsed.source_file, thread.seq, tweet.position), "thread_id": tid,
                "source_file": parsed.source_file, "position": tweet.position, "declared_total": tweet.declared_total,
                "text": tweet.text, "author": tweet.author or thread.author, "created_at": tweet.created_at,
                "status_id": tweet.status_id, "line_no": tweet.line_no,
            })
    issues = [
        {"source_file": i.source_file, "line_no": i.line_no, "severity": i.severity, "message": i.message}
        for i in parsed.issues
    ]
    files = [{
        "source_file": parsed.source_file, "format": parsed.format, "sha256": sha256, "size_bytes": size_bytes,
        "threads": len(threads), "tweets": len(tweets), "issues": len(issues), "tagged_with": tagger_fingerprint(),
    }]
    return {SOURCE_FILES: files, THREADS: threads, TWEETS: tweets, INGEST_ISSUES: issues}


@dataclass(frozen=True)
class EventType:
    name: str
    cameo_root: str
    pattern: re.Pattern[str]
    stems: tuple[str, ...] | None  # what every match starts with, lower-cased; None: unknown (see _stems)


@cache
def event_types() -> tuple[EventType, ...]:
    """The event taxonomy from data/event_types.tsv, in the order rules are tried."""
    text = resources.files("threadline").joinpath("data/event_types.tsv").read_text(encoding="utf-8")
    types = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, cameo, pattern = line.split("\t", 2)
        types.append(EventType(name, cameo, re.compile(pattern, re.IGNORECASE), _stems(pattern)))
    return tuple(types)


def classify_event(text: str) -> tuple[str, str | None]:
    """(event_type, CAMEO root code) of the first rule that matches, else ('other', None)."""
    types = event_types()
    if not _lower_is_exact(text):
        return _first_rule_searched(text, types)
    # A rule can match only where one of its stems starts: try it there alone, not all along the text.
    starts_by_rule = _stem_starts(text.lower())
    for rule, event_type in enumerate(types):
        if event_type.stems is None:
            matched = event_type.pattern.search(text) is not None
        elif rule in starts_by_rule:
            matched = any(event_type.pattern.match(text, start) for start in starts_by_rule[rule])
        else:
            continue
        if matched:
            return event_type.name, event_type.cameo_root
    return OTHER_TYPE


def _first_rule_searched(text: str, types: tuple[EventType, ...]) -> tuple[str, str | None]:
    """The plain definition: every rule searched along the whole text, in order."""
    for event_type in types:
        if event_type.pattern.search(text):
            return event_type.name, event_type.cameo_root
    return OTHER_TYPE


# Every rule is `\b(?:stem…|stem…|…)`: each alternative opens with literal text (its stem) before any
# regex syntax. Those stems, lower-cased, go into one automaton that finds in one pass where each rule
# might match; `re` then tries the rule only there. A rule not of that shape is searched as before.
_REGEX_SYNTAX = frozenset("\\.^$*+?{}[]()|")
_STEM_ALPHABET = re.compile("[a-z \u0430-\u044f\u0451\u0454\u0456\u0457\u0491]+")  # see _lower_is_exact


def _stems(pattern: str) -> tuple[str, ...] | None:
    """The literal text each alternative of `\\b(?:a|b|…)` starts with: 'strikes? on' → 'strike'.
    None when the pattern has another shape, or an alternative opens with regex syntax."""
    if not (pattern.startswith("\\b(?:") and pattern.endswith(")")):
        return None
    alternatives = _top_level_alternatives(pattern[len("\\b(?:") : -1])
    if alternatives is None:
        return None
    stems = []
    for alternative in alternatives:
        length = next((i for i, c in enumerate(alternative) if c in _REGEX_SYNTAX), len(alternative))
        if length < len(alternative) and alternative[length] in "?*{":  # the last letter is optional
            length -= 1
        stem = alternative[:length].lower()
        if not stem or not _STEM_ALPHABET.fullmatch(stem):
            return None
        stems.append(stem)
    return tuple(stems)


def _top_level_alternatives(body: str) -> list[str] | None:
    """`a(?:b|c)|d` → ['a(?:b|c)', 'd']; None when a bracket closes what `body` did not open."""
    alternatives, depth, start, i = [], 0, 0, 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            i += 1
        elif char == "[":
            close = body.find("]", i + 2)  # a ']' right after '[' is a literal
            if close < 0:
                return None
            i = close
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return None
        elif char == "|" and depth == 0:
            alternatives.append(body[start:i])
            start = i + 1
        i += 1
    alternatives.append(body[start:])
    return alternatives if depth == 0 else None


def _stem_starts(lower: str) -> dict[int, list[int]]:
    """rule number → the offsets in `lower` where one of its stems starts."""
    automaton = _stem_automaton()
    starts_by_rule: dict[int, list[int]] = {}
    for end, (length, rules) in automaton.iter(lower) if automaton is not None else ():
        for rule in rules:
            starts_by_rule.setdefault(rule, []).append(end - length + 1)
    return starts_by_rule


@cache
def _stem_automaton() -> ahocorasick.Automaton | None:
    """Every stem of every rule → (its length, the rules it opens); None when no rule has stems."""
    rules_by_stem: dict[str, list[int]] = {}
    for rule, event_type in enumerate(event_types()):
        for stem in event_type.stems or ():
            rules_by_stem.setdefault(stem, []).append(rule)
    if not rules_by_stem:
        return None
    automaton = ahocorasick.Automaton()
    for stem, rules in rules_by_stem.items():
        automaton.add_word(stem, (len(stem), tuple(sorted(set(rules)))))
    automaton.make_automaton()
    return automaton


_BEYOND_BASIC_SCRIPTS = re.compile("[^\x00-\x7f\u0400-\u04ff]")


def _lower_is_exact(text: str) -> bool:
    """Whether text.lower() holds a stem of _STEM_ALPHABET wherever `re.IGNORECASE` would match it
    in text, at the same offsets: true when every letter is ASCII or basic Cyrillic (U+0400–U+04FF)
    or has no case at all. Letters such as 'ſ', 'K' (Kelvin), 'ı', 'İ' or 'ᲀ' match a Latin or
    Cyrillic letter under IGNORECASE without lower-casing to it; a text with any other cased letter
    (é, ß, Σ …) takes the slow path, to be safe."""
    if text.isascii():
        return True
    return all(c.lower() == c == c.upper() for c in set(_BEYOND_BASIC_SCRIPTS.findall(text)))


def tag_text(text: str, anchor: date | None) -> dict:
    """Countries and date mentions of one text, as `threadline tag` writes them.

    Officials count as of the day the text reports (its first day mention), else the anchor."""
    mentions = find_dates(text, anchor)
    day = event_day(mentions)
    countries = country_spans(text, day.value if day is not None else anchor)
    return {
        "countries": list(dict.fromkeys(country for _start, _end, country, _kind in countries)),
        "dates": [
            {"text": m.text, "start": m.start, "end": m.end,
             "value": m.value.isoformat() if m.value else None, "precision": m.precision}
            for m in mentions
        ],
    }


def event_rows(tweets: Iterable[Mapping[str, object]]) -> dict[Table, list[dict]]:
    """One event per tweet, dated by its text or else by its anchor day, plus every date mention.

    Each tweet mapping needs tweet_id, thread_id, source_file, text and anchor (a date or None).
    """
    tweets = list(tweets)
    return _event_rows(tweets, [tweet["anchor"] for tweet in tweets])


def _event_rows(tweets: Sequence[Mapping[str, object]], anchors: Sequence[object]) -> dict[Table, list[dict]]:
    """event_rows() with each tweet's anchor given beside it (file_tables has the tweets' rows at hand)."""
    events, mentions = [], []
    for tweet, anchor in zip(tweets, anchors):
        text, tweet_key, source_file = str(tweet["text"]), tweet["tweet_id"], tweet["source_file"]
        found = find_dates(text, anchor if isinstance(anchor, date) else None)
        mentions += [
            {"tweet_id": tweet_key, "source_file": source_file, "mention_no": number,
             "surface": mention.text, "start_char": mention.start, "end_char": mention.end,
             "value": mention.value, "precision": mention.precision, "relative": mention.relative}
            for number, mention in enumerate(found, start=1)
        ]
        day = event_day(found)
        if day is not None:
            event_date, source, date_text = day.value, "text", day.text
        elif isinstance(anchor, date):
            event_date, source, date_text = anchor, "thread", None
        else:
            event_date, source, date_text = None, None, None
        event_type, cameo = classify_event(text)
        events.append({
            "event_id": f"{tweet_key}:1", "tweet_id": tweet_key, "thread_id": tweet["thread_id"],
            "source_file": source_file, "event_date": event_date,
            "date_precision": "day" if event_date is not None else None, "date_source": source,
            "date_text": date_text, "event_type": event_type, "cameo_root": cameo,
        })
    return {EVENTS: events, DATE_MENTIONS: mentions}


def file_tables(parsed: ParsedFile, sha256: str | None, size_bytes: int | None) -> dict[Table, list[dict]]:
    """Every table's rows for one parsed file: what was read, then its events, dates and countries."""
    rows = ingest_rows(parsed, sha256, size_bytes)
    posted = {t["thread_id"]: t["posted_at"] for t in rows[THREADS]}
    tweets = rows[TWEETS]
    anchors = [_day(tweet["created_at"]) or _day(posted[tweet["thread_id"]]) for tweet in tweets]
    rows.update(_event_rows(tweets, anchors))
    text = {tweet["tweet_id"]: tweet["text"] for tweet in tweets}
    events = rows[EVENTS]
    rows[EVENT_COUNTRIES] = _country_rows(events, [text[event["tweet_id"]] for event in events])
    return rows


def _day(moment: datetime | None) -> date | None:
    return moment.date() if moment is not None else None


def country_rows(events: Iterable[Mapping[str, object]]) -> list[dict]:
    """Explicit countries named by each event's tweet, and those it inherits from its thread.

    Each event mapping needs event_id, thread_id, source_file, text and event_date.
    """
    events = list(events)
    return _country_rows(events, [event["text"] for event in events])


def _country_rows(events: Sequence[Mapping[str, object]], texts: Sequence[object]) -> list[dict]:
    """country_rows() with each event's text given beside it."""
    explicit: dict[str, dict[str, tuple[str, str]]] = {}
    by_thread: dict[str, dict[str, None]] = {}
    for event, text in zip(events, texts):
        on = event["event_date"] if isinstance(event["event_date"], date) else None
        named: dict[str, tuple[str, str]] = {}
        text = str(text)
        for start, end, country, kind in country_spans(text, on):
            if country not in named:
                named[country] = (text[start:end], kind)
        explicit[str(event["event_id"])] = named
        by_thread.setdefault(str(event["thread_id"]), {}).update(dict.fromkeys(named))
    rows = []
    for event in events:
        event_id, source_file = str(event["event_id"]), event["source_file"]
        named = explicit[event_id]
        rows += [
            {"event_id": event_id, "source_file": source_file, "country": country,
             "how": "explicit", "surface": surface, "kind": kind}
            for country, (surface, kind) in named.items()
        ]
        inherited = {"event_id": event_id, "source_file": source_file, "country": None,
                     "how": "inherited", "surface": None, "kind": None}
        rows += _copies(inherited, "country", [c for c in by_thread[str(event["thread_id"])] if c not in named])
    return rows


def _copies(template: dict, key: str, values: Iterable[object]) -> list[dict]:
    """One copy of template per value, with `key` set to it. Most event_countries rows are inherited
    ones that differ only in their country, and copying a dict costs half of building one."""
    rows = []
    for value in values:
        row = template.copy()
        row[key] = value
        rows.append(row)
    return rows
