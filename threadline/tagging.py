"""From parsed files to table rows: tweets, their events, event dates and countries.

Small pure functions; the assets call them and write what they return.
"""

from __future__ import annotations

import hashlib
import re
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


# What decides the rows a file gives: its parsing, the taggers, their data, and how the staged rows
# are completed. A change to anything else (storage, orchestration, dashboards) keeps the rows.
ROW_MAKERS = ("parsers", "data", "model.py", "schema.py", "dates.py", "countries.py", "tagging.py", "staged.py")


@cache
def tagger_fingerprint() -> str:
    """A hash of the code and data that make the rows (ROW_MAKERS): rows made by another version are remade."""
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
    return [
        p for p in root.rglob("*")
        if p.is_file() and p.suffix in (".py", ".tsv", ".json") and p.relative_to(root).parts[0] in ROW_MAKERS
    ]


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


def file_tables(parsed: ParsedFile, sha256: str | None, size_bytes: int | None, mtime_ns: int | None = None) -> dict[Table, list[tuple]]:
    """Every table's rows for one parsed file, as tuples in each table's column order: what was
    read, then each tweet's event, its date mentions and the countries it names. (The countries an
    event inherits from its thread are added where the rows are stored: see threadline.staged.)"""
    source_file = parsed.source_file
    threads, tweets, events, mentions, countries = [], [], [], [], []
    for thread in parsed.threads:
        tid = thread_id(source_file, thread.seq)
        threads.append((tid, source_file, thread.seq, thread.author, thread.posted_at, thread.posted_source,
                        thread.url, parsed.format, thread.line_no, len(thread.tweets)))
        thread_day = _day(thread.posted_at)
        for tweet in thread.tweets:
            key = tweet_id(source_file, thread.seq, tweet.position)
            tweets.append((key, tid, source_file, tweet.position, tweet.declared_total, tweet.text,
                           tweet.author or thread.author, tweet.created_at, tweet.status_id, tweet.line_no))
            event = _event_row(key, tid, source_file, tweet.text, _day(tweet.created_at) or thread_day, mentions)
            events.append(event)
            countries += _named_country_rows(event[0], source_file, tweet.text, event[4])
    issues = [(i.source_file, i.line_no, i.severity, i.message) for i in parsed.issues]
    files = [(source_file, parsed.format, sha256, size_bytes, len(threads), len(tweets), len(issues),
              tagger_fingerprint(), mtime_ns)]
    return {SOURCE_FILES: files, THREADS: threads, TWEETS: tweets, INGEST_ISSUES: issues,
            EVENTS: events, DATE_MENTIONS: mentions, EVENT_COUNTRIES: countries}


def _event_row(key: str, tid: str, source_file: str, text: str, anchor: date | None, mentions: list[tuple]) -> tuple:
    """The tweet's one event, dated by its text or else by its anchor day (the day it, or else its
    thread, was posted); its date mentions are added to `mentions`."""
    found = find_dates(text, anchor)
    mentions += [
        (key, source_file, number, m.text, m.start, m.end, m.value, m.precision, m.relative)
        for number, m in enumerate(found, start=1)
    ]
    day = event_day(found)
    if day is not None:
        event_date, source, date_text = day.value, "text", day.text
    elif anchor is not None:
        event_date, source, date_text = anchor, "thread", None
    else:
        event_date, source, date_text = None, None, None
    event_type, cameo = classify_event(text)
    precision = "day" if event_date is not None else None
    return (f"{key}:1", key, tid, source_file, event_date, precision, source, date_text, event_type, cameo)


def _named_country_rows(event_id: str, source_file: str, text: str, on: date | None) -> list[tuple]:
    """One explicit event_countries row per country the text names (officials as of `on`), with
    the first words that named it."""
    named: dict[str, tuple] = {}
    for start, end, country, kind in country_spans(text, on):
        if country not in named:
            named[country] = (event_id, source_file, country, "explicit", text[start:end], kind)
    return list(named.values())


def _day(moment: datetime | None) -> date | None:
    return moment.date() if moment is not None else None
