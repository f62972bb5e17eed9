"""The thread explorer page: every thread, read in order, each tweet with its event's date (and how
it was found), its type and its countries. Every event elsewhere links here (prep.thread_link)."""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Any

import pandas as pd

from dashboards.markup import NOTHING_YET, e, empty, link, partial_note
from dashboards.prep import author_label, date_label, day_label, derivation_label, file_anchor, is_null, thread_anchor, tweet_anchor
from dashboards.site import Site
from dashboards.style import UNLABELLED_TYPE

POSTED_SOURCES = {
    "created_at": "the tweets' timestamps",
    "header": "the Thread Reader header",
    "front_matter": "the front matter",
    "file_name": "the file name",
    "url": "a web address in the thread",
}


def _stamp(value: Any) -> str:
    if is_null(value):
        return ""
    if isinstance(value, datetime):  # a Timestamp too: the usual case, first
        return day_label(value.date())
    try:
        return day_label(pd.Timestamp(value).date())
    except (TypeError, ValueError):
        return str(value)


def _title(t: dict[str, Any]) -> str:
    bits = [f"{t['source_file'] or 'unknown file'} · thread {t['thread_seq'] if t['thread_seq'] is not None else '?'}"]
    if t["author"]:
        bits.append(author_label(t["author"]))
    if _stamp(t["posted_at"]):
        bits.append(_stamp(t["posted_at"]))
    return " · ".join(bits)


def _tags(site: Site, ev: dict[str, Any]) -> str:
    order = site.lane_index
    countries = sorted(ev["countries"], key=lambda c: (c[1] == "inherited", order.get(c[0], len(order))))
    return (
        _date_tag(ev["event_date"], ev["date_precision"])
        + _type_tag(ev["event_type"])
        + "".join(_country_tag(site.names.get(code, code), how, surface, kind) for code, how, surface, kind in countries)
        + _derivation_tag(ev["date_source"], ev["date_precision"], ev["date_text"])
    )


# The tags repeat (a few dozen dates, types and countries over thousands of tweets): each is written once.
@functools.lru_cache(maxsize=4096)
def _date_tag(day: date | None, precision: str | None) -> str:
    return f'<span class="tag date">{e(date_label(day, precision))}</span>'


@functools.lru_cache(maxsize=256)
def _type_tag(event_type: str | None) -> str:
    return f'<span class="tag type">{e(event_type or UNLABELLED_TYPE)}</span>'


@functools.lru_cache(maxsize=4096)
def _country_tag(name: str, how: str | None, surface: str | None, kind: str | None) -> str:
    if how == "inherited":
        return f'<span class="tag country inherited" title="inherited from the thread">{e(name)}</span>'
    title = f"named as \u201c{surface}\u201d ({kind})" if surface else "named in the tweet"
    return f'<span class="tag country" title="{e(title)}">{e(name)}</span>'


@functools.lru_cache(maxsize=4096)
def _derivation_tag(source: str | None, precision: str | None, date_text: str | None) -> str:
    return f'<span class="derivation">{e(derivation_label(source, precision, date_text))}</span>'


def _tweet(site: Site, t: dict[str, Any], tw: dict[str, Any]) -> str:
    total = tw.get("declared_total")
    number = f"{tw['position']}/{total}" if total and tw["position"] is not None else str(tw["position"] or "")
    author = author_label(tw["author"]) if tw.get("author") and tw["author"] != t["author"] else ""
    meta = " · ".join(x for x in (author, _stamp(tw.get("created_at"))) if x)
    return (
        f'<li id="{tweet_anchor(t["thread_id"], tw["position"])}"><span class="pos">{e(number)}</span>'
        f'<div class="tweet"><p class="tweet-text">{e(tw["text"] or "")}</p>'
        + (f'<p class="note">{e(meta)}</p>' if meta else "")
        + f'<p class="tags">{"".join(_tags(site, ev) for ev in tw["events"])}</p></div></li>'
    )


def _picker(threads: list[dict[str, Any]]) -> str:
    """A <select> of every thread, grouped by file, with previous/next buttons."""
    groups: dict[Any, list[str]] = {}
    for t in threads:
        first = (t["tweets"][0]["text"] or "") if t["tweets"] else ""
        label = f"thread {t['thread_seq']} · {len(t['tweets'])} tweets · {' '.join(first.split())[:60]}"
        groups.setdefault(t["source_file"], []).append(f'<option value="{thread_anchor(t["thread_id"])}">{e(label)}</option>')
    options = "".join(f'<optgroup label="{e(f or "unknown file")}">{"".join(opts)}</optgroup>' for f, opts in groups.items())
    return (
        '<div class="picker"><label for="thread-pick">Thread</label>'
        '<button type="button" data-step="-1" aria-label="Previous thread">‹</button>'
        f'<select id="thread-pick">{options}</select>'
        '<button type="button" data-step="1" aria-label="Next thread">›</button></div>'
    )


def threads_body(site: Site) -> str:
    parts = ["<h1>Threads</h1>"]
    threads = site.thread_list
    if not threads:
        return "\n".join([*parts, empty(NOTHING_YET)])
    parts.append(
        f'<p class="lede">{len(threads):,} threads. Pick one to read it in order; each tweet shows the date of its '
        "event and how it was found, its type and its countries (faded: inherited from the thread).</p>"
    )
    if site.partial:
        parts.append(
            partial_note(len(threads), site.n_threads, "threads", "the newest, by their latest event", "tables threads and tweets")
            + '<p class="note">Each thread lists the countries its tweets name; every tweet inherits those it does not '
            "name itself (shown on a tweet only when it names none).</p>"
        )
    parts.append(_picker(threads))
    for t in threads:
        posted = _stamp(t["posted_at"])
        where = POSTED_SOURCES.get(t["posted_source"], t["posted_source"] or "the file")
        facts = [f"posted {posted} (from {where})" if posted else "no date for the thread", f"{len(t['tweets'])} tweets"]
        source = link(t["url"], "source")
        head = f'<h2>{e(_title(t))}</h2><p class="note">{e(" · ".join(facts))}{" · " + source if source else ""}</p>'
        if site.partial:
            head += _thread_countries(site, t)
        tweets = "".join(_tweet(site, t, tw) for tw in t["tweets"])
        parts.append(
            f'<article class="thread" id="{thread_anchor(t["thread_id"])}" data-file="{file_anchor(t["source_file"])}">'
            f'{head}<ol class="tweets">{tweets}</ol></article>'
        )
    return "\n".join(parts)


def _thread_countries(site: Site, t: dict[str, Any]) -> str:
    """The countries a thread's tweets name, in lane order (what each of its tweets inherits)."""
    named = {code for tw in t["tweets"] for ev in tw["events"] for code, how, _, _ in ev["countries"] if how != "inherited"}
    if not named:
        return ""
    order = site.lane_index
    names = ", ".join(site.names.get(c, c) for c in sorted(named, key=lambda c: (order.get(c, len(order)), c)))
    return f'<p class="note thread-countries">Countries named in this thread: {e(names)}.</p>'
