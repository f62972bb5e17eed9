"""Messy input, case by case: each gives a clear issue and loses nothing else."""

import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadline.parsers import parse_bytes
from threadline.parsers.text import TWEET_START

CYRILLIC = "1/2 Вчера в Казахстане отключили интернет.\n2/2 Токаев выступил в Астане."


def texts(parsed):
    return [t.text for th in parsed.threads for t in th.tweets]


def messages(parsed):
    return [(i.severity, i.message) for i in parsed.issues]


@pytest.mark.parametrize(
    ("raw", "warning"),
    [
        (CYRILLIC.encode("utf-8"), None),
        (b"\xef\xbb\xbf" + CYRILLIC.encode("utf-8"), None),
        (CYRILLIC.encode("utf-16"), None),  # with a BOM
        (CYRILLIC.encode("utf-16-le"), None),  # without one
        (CYRILLIC.encode("cp1251"), "Windows-1251"),
        (CYRILLIC.encode("koi8_r"), "KOI8-R"),
    ],
)
def test_encodings_are_detected(raw, warning):
    parsed = parse_bytes("ru.txt", raw)
    assert texts(parsed) == ["Вчера в Казахстане отключили интернет.", "Токаев выступил в Астане."]
    found = [m for s, m in messages(parsed) if "UTF-8" in m]
    assert found == ([] if warning is None else [f"not valid UTF-8; read as {warning}"])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"1/2 a\r\n2/2 b\r\ncontinued\r\n", ["a", "b\ncontinued"]),
        ("1/1 Kyiv\u200b and Kharkiv\u200d".encode(), ["Kyiv and Kharkiv"]),
        (b"1/1 Russia &amp; Ukraine &lt;talks&gt; &#8212; &quot;now&quot;", ['Russia & Ukraine <talks> \u2014 "now"']),
    ],
)
def test_line_ends_zero_width_characters_and_entities_are_normalised(raw, expected):
    assert texts(parse_bytes("t.txt", raw)) == expected


def test_binary_and_empty_files_are_refused_with_a_reason():
    assert messages(parse_bytes("x.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")) == [
        ("error", "binary file (contains NUL bytes), not a thread file; skipped")
    ]
    assert messages(parse_bytes("x.txt", b"  \n")) == [("warning", "empty file; nothing to ingest")]


def test_malformed_json_lines_are_skipped_one_by_one():
    lines = [json.dumps({"id": str(i), "conversation_id": "1", "created_at": f"2022-01-0{i}T00:00:00Z", "text": f"t{i}"}) for i in (1, 2, 3)]
    lines.insert(1, '{"id": "9", "text": "cut off')
    parsed = parse_bytes("x.jsonl", "\n".join(lines).encode())
    assert texts(parsed) == ["t1", "t2", "t3"]
    assert [(i.line_no, i.severity) for i in parsed.issues] == [(2, "error")]


@pytest.mark.parametrize(
    ("text", "shape", "warnings"),
    [
        ("1/4 a\n2/4 b\n4/4 d", [[1, 2, 4]], ["thread 1: tweet(s) 3 of 4 are not in the file"]),
        ("1/3 a\n3/3 c\n2/3 b", [[1, 2, 3]], ["thread 1: tweets saved out of order (1, 3, 2); put in order"]),
        ("1/2 a\n2/2 b\n2/2 b", [[1, 2]], ["tweet 2/2 repeats line 2; counted once"]),
        ("1/2 a\n2/2 b\n2/2 c", [[1, 2], [2]], ["thread 2: tweet(s) 1 of 2 are not in the file"]),
    ],
)
def test_numbering_gaps_repeats_and_disorder_are_reported(text, shape, warnings):
    parsed = parse_bytes("t.txt", text.encode())
    assert [[t.position for t in th.tweets] for th in parsed.threads] == shape
    assert [m for s, m in messages(parsed) if s == "warning"] == warnings


# Noise: any text on a line of its own (control characters would make it a binary file)
# that does not itself start like a numbered tweet.
NOISE_LINE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029"),
    max_size=60,
).filter(lambda s: not TWEET_START.match(s))
TWEET_TEXT = st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Zs")), min_size=1, max_size=40).map(
    lambda s: "w" + s.strip()
)


@settings(max_examples=200, deadline=None)
@given(
    texts_=st.lists(TWEET_TEXT, min_size=1, max_size=12),
    before=st.lists(NOISE_LINE, max_size=4),
    between=st.lists(st.lists(NOISE_LINE, max_size=2), min_size=12, max_size=12),
)
def test_plain_text_parser_never_crashes_or_drops_a_numbered_line(texts_, before, between):
    total = len(texts_)
    lines = list(before)
    for n, text in enumerate(texts_, start=1):
        lines.append(f"{n}/{total} {text}")
        lines.extend(between[n - 1])
    parsed = parse_bytes("noisy.txt", "\n".join(lines).encode("utf-8"))
    found = {(t.position, t.text.split("\n")[0]) for th in parsed.threads for t in th.tweets}
    # Stored text is cleaned (NFC, trimmed); nothing else may change.
    expected = {(n, unicodedata.normalize("NFC", text).strip()) for n, text in enumerate(texts_, start=1)}
    assert expected <= found
