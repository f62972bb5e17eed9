"""The parsers, table-driven: what each format gives as threads, tweets and issues."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from threadline.parsers import list_thread_files, parse_bytes, read_thread_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DEV = FIXTURES / "dev_threads"


def shape(parsed):
    return [[t.position for t in thread.tweets] for thread in parsed.threads]


def parse_text(text: str, name: str = "t.txt"):
    return parse_bytes(name, text.encode("utf-8"))


def test_seed_file_gives_seven_threads_in_order():
    parsed = parse_bytes("seed_threads.txt", (DEV / "seed_threads.txt").read_bytes())
    assert shape(parsed) == [[1, 2, 3, 4], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]]
    first = parsed.threads[0].tweets[0]
    assert first.text.startswith("In trying to understand") and first.line_no == 1 and first.declared_total == 4
    # "3/13 3/ If you…": the doubled number is not part of the text.
    assert parsed.threads[3].tweets[2].text.startswith("If you have great power ambitions")
    # "1/16 THREAD: The goal…" and "THREAD 1/15 #Russia’s…"
    assert parsed.threads[6].tweets[0].text.startswith("The goal of #Putin")
    assert parsed.threads[5].tweets[0].text.startswith("#Russia")
    # A continuation line joins the tweet above it; reader boilerplate is never text.
    assert "foreignpolicy.com/2021/12/20" in parsed.threads[4].tweets[0].text
    assert not any("force a refresh" in t.text or "• • •" in t.text for th in parsed.threads for t in th.tweets)


def test_seed_thread_dated_by_its_web_address():
    parsed = parse_bytes("seed_threads.txt", (DEV / "seed_threads.txt").read_bytes())
    dated = {th.seq: (th.posted_at, th.posted_source) for th in parsed.threads if th.posted_at}
    assert dated == {5: (datetime(2021, 12, 20), "url")}


@pytest.mark.parametrize(
    ("text", "expected_shape", "expected_texts"),
    [
        ("1/2 one\n2/2 two", [[1, 2]], ["one", "two"]),
        ("THREAD 1/3 a\n2/3 b\n3/3 c", [[1, 2, 3]], ["a", "b", "c"]),
        ("1/2 THREAD: a\n2/2 b", [[1, 2]], ["a", "b"]),
        ("1/2 a\ncontinued\n\nstill\n2/2 b", [[1, 2]], ["a\ncontinued\nstill", "b"]),
        ("1/2 a\n2/2 b\n1/3 c\n2/3 d", [[1, 2], [1, 2]], ["a", "b", "c", "d"]),
        ("1/3 a\n2/3 b\n2/3 b\n3/3 c", [[1, 2, 3]], ["a", "b", "c"]),  # a tweet saved twice is one tweet
        ("1/3 a\n2/3 b\nmore\n2/3 b\nmore\n3/3 c", [[1, 2, 3]], ["a", "b\nmore", "c"]),  # also over several lines
        ("1/3 a\n2/3 b\n2/3 other\n3/3 c", [[1, 2], [2, 3]], ["a", "b", "other", "c"]),  # same number, other text
        ("[1/2] a\n[2/2] b", [[1, 2]], ["a", "b"]),
        ("2/5 b\n3/5 c", [[2, 3]], ["b", "c"]),  # a thread saved from its middle
        ("1/4 a\n2/4 b\n1/6 x\n2/6 y", [[1, 2], [1, 2]], ["a", "b", "x", "y"]),
        ("1/2 a\n• • •\nMissing some Tweet in this thread? You can try to\nforce a refresh\n2/2 b", [[1, 2]], ["a", "b"]),
        ("1/2 Population 7600 and 1/3 of it\n2/2 b", [[1, 2]], ["Population 7600 and 1/3 of it", "b"]),
    ],
)
def test_plain_text_threads(text, expected_shape, expected_texts):
    parsed = parse_text(text)
    assert shape(parsed) == expected_shape
    assert [t.text for th in parsed.threads for t in th.tweets] == expected_texts


def test_thread_reader_header_gives_author_and_date():
    parsed = parse_bytes("tg_ru_thread.txt", (DEV / "tg_ru_thread.txt").read_bytes())
    assert shape(parsed) == [[1, 2, 3, 4]]
    thread = parsed.threads[0]
    assert (thread.author, thread.posted_at, thread.posted_source) == ("ru_politics_notes", datetime(2021, 12, 30), "header")
    assert thread.tweets[0].text.startswith("Вчера Мосгорсуд")
    assert thread.tweets[0].line_no == 6
    assert not [i for i in parsed.issues if i.severity == "error"]


def test_front_matter_gives_author_date_and_url():
    text = "---\nauthor: '@sample_analyst'\nposted: 2022-02-24\nurl: https://example.org/t/1\n---\n1/2 a\n2/2 b\n"
    thread = parse_text(text).threads[0]
    assert (thread.author, thread.posted_at, thread.posted_source, thread.url) == (
        "sample_analyst", datetime(2022, 2, 24), "front_matter", "https://example.org/t/1")
    assert thread.tweets[0].line_no == 6


def test_date_at_start_of_file_name_dates_the_thread():
    parsed = parse_bytes("2022-01-05_kazakhstan_fuel_protests.txt", (DEV / "2022-01-05_kazakhstan_fuel_protests.txt").read_bytes())
    assert shape(parsed) == [[1, 2, 3, 4, 5]]
    assert (parsed.threads[0].posted_at, parsed.threads[0].posted_source) == (datetime(2022, 1, 5), "file_name")
    assert parsed.threads[0].tweets[2].text == "Internet is down across the country since yesterday evening.\nNetBlocks reports a nation-wide outage."


def test_text_before_first_tweet_is_reported_not_lost_silently():
    parsed = parse_text("some notes\nmore notes\n1/1 a")
    assert shape(parsed) == [[1]]
    assert [(i.line_no, i.severity) for i in parsed.issues] == [(1, "warning")]


@pytest.mark.parametrize(
    ("raw", "severity", "words"),
    [
        (b"", "warning", "empty"),
        (b"\x00\x01\x02binary", "error", "binary"),
        (b"no numbered tweets here\n", "error", "no numbered tweets"),
    ],
)
def test_unusable_files_say_why(raw, severity, words):
    parsed = parse_bytes("bad.txt", raw)
    assert parsed.threads == []
    assert any(i.severity == severity and words in i.message for i in parsed.issues)


def test_json_lines_one_thread_per_conversation_ordered_by_time():
    parsed = parse_bytes("ukraine_talks.jsonl", (DEV / "ukraine_talks.jsonl").read_bytes())
    assert shape(parsed) == [[1, 2, 3], [1, 2]]
    first, second = parsed.threads
    assert first.author == "security_talks" and first.posted_at == datetime(2022, 1, 10, 18, 30)
    assert first.posted_source == "created_at"
    assert second.tweets[0].text.startswith("Early on Friday") and second.tweets[0].status_id == "1481000000000000007"
    assert [t.line_no for t in first.tweets] == [1, 2, 3]


def test_json_orders_by_created_at_then_id_and_skips_bad_lines():
    lines = [
        {"id": "12", "conversation_id": "10", "created_at": "2022-03-01T10:05:00Z", "text": "later", "username": "sample_a"},
        "{not json",
        {"id": "10", "conversation_id": "10", "created_at": "2022-03-01T10:00:00Z", "text": "root", "username": "sample_a"},
        {"id": "11", "conversation_id": "10", "created_at": "2022-03-01T10:05:00Z", "text": "same time, lower id"},
        {"id": "13", "conversation_id": "10", "created_at": "2022-03-01T10:06:00Z", "text": ""},
    ]
    raw = "\n".join(l if isinstance(l, str) else json.dumps(l) for l in lines).encode()
    parsed = parse_bytes("x.jsonl", raw)
    assert [t.text for t in parsed.threads[0].tweets] == ["root", "same time, lower id", "later"]
    assert sorted((i.line_no, i.severity) for i in parsed.issues) == [(2, "error"), (5, "error")]


def test_json_array_and_api_response_with_users():
    response = {
        "data": [{"id": "1", "conversation_id": "1", "author_id": "7", "created_at": "2022-01-02T00:00:00Z", "text": "a"}],
        "includes": {"users": [{"id": "7", "username": "sample_user"}]},
    }
    parsed = parse_bytes("r.json", json.dumps(response).encode())
    assert parsed.threads[0].author == "sample_user"
    parsed = parse_bytes("a.json", json.dumps(response["data"]).encode())
    assert shape(parsed) == [[1]] and parsed.threads[0].author == "7"


def test_windows_1251_and_utf16_are_read():
    text = "1/1 Вчера в Казахстане"
    assert parse_bytes("a.txt", text.encode("utf-16")).threads[0].tweets[0].text == "Вчера в Казахстане"
    parsed = parse_bytes("b.txt", text.encode("cp1251"))
    assert parsed.threads[0].tweets[0].text == "Вчера в Казахстане"
    assert any("Windows-1251" in i.message for i in parsed.issues)


def test_folder_listing_is_recursive_and_skips_readme_and_hidden(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "sub/b.jsonl", "README.md", ".hidden.txt", "sub/.DS_Store"):
        (tmp_path / name).write_text("1/1 x")
    assert list_thread_files(tmp_path) == ["a.txt", "sub/b.jsonl"]


def test_links_leading_outside_the_folder_are_refused(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("1/1 secret")
    folder = tmp_path / "threads"
    folder.mkdir()
    (folder / "link.txt").symlink_to(outside)
    parsed, raw = read_thread_file(folder, "link.txt")
    assert raw is None and parsed.threads == [] and "refused" in parsed.issues[0].message
    parsed, raw = read_thread_file(folder, "../outside.txt")
    assert raw is None and parsed.threads == []


def test_dev_threads_give_exactly_the_36_gold_tweets():
    gold = json.loads((FIXTURES / "dev_gold.json").read_text(encoding="utf-8"))
    expected = {
        (f, th["seq"], tw["position"]) for f, v in gold["files"].items() for th in v["threads"] for tw in th["tweets"]
    }
    found = []
    for source_file in list_thread_files(DEV):
        parsed, _ = read_thread_file(DEV, source_file)
        found += [(source_file, th.seq, tw.position) for th in parsed.threads for tw in th.tweets]
    assert len(found) == 36 and set(found) == expected


def test_json_tweet_without_created_at_takes_the_time_in_its_id():
    raw = json.dumps({"id": "1479000000000000001", "conversation_id": "1479000000000000001", "text": "1/1 a"}).encode()
    thread = parse_bytes("x.jsonl", raw).threads[0]
    assert thread.posted_at.date().isoformat() == "2022-01-06" and thread.posted_source == "created_at"
