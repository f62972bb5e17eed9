"""Every shortcut the taggers and parsers take for speed gives what its plain definition gives.

Each fast path is checked against the simple form it replaces (kept here or in the module as the
reference), on hand-picked edge cases and on many random strings built from the characters that
matter to it. The random inputs are seeded, so a failure repeats.
"""

from __future__ import annotations

import calendar
import random
import re
from datetime import date

import pytest

from threadline import dates, tagging
from threadline.countries import country_spans, find_countries
from threadline.parsers import csv_export
from threadline.parsers.encoding import TO_CLEAN
from threadline.tagging import _first_rule_searched, _lower_is_exact, _stems, _top_level_alternatives, classify_event


def random_strings(alphabet: list[str], count: int, longest: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest))) for _ in range(count)]


# --------------------------------------------------------------------------- event types


def test_stems_of_a_rule():
    assert _stems(r"\b(?:kill(?:ed|s)?|strikes? on|цен[аы]|export controls?)") == ("kill", "strike", "цен", "export control")
    assert _stems(r"\b(?:kill|[a-z]+ing)") is None  # an alternative that opens with regex syntax
    assert _stems(r"(?:kill|shot)") is None  # not \b(?:…)
    assert _stems(r"\b(?:a)|(?:b)") is None  # the group closes before the end


def test_top_level_alternatives():
    assert _top_level_alternatives(r"a(?:b|c)|d[|)]|e\|f") == ["a(?:b|c)", "d[|)]", r"e\|f"]
    assert _top_level_alternatives("a)|(b") is None


def test_every_rule_has_stems():
    """The data keeps the shape the automaton needs; a rule without stems would still be right, only slower."""
    assert all(event_type.stems for event_type in tagging.event_types())


CASE_TRAPS = [
    "ſanctions were extended",  # long s: IGNORECASE matches 's'
    "KILLED in the blast",
    "Kremlin Kills",  # Kelvin sign
    "İran talks", "ıran talks",
    "ОБСТРЕЛ Харькова", "ᲃанкции",  # Cyrillic capitals; a rounded Cyrillic letter
    "Érdoğan met with Putin", "weaponſ and tanks", "prices—fuel «gas» 🇺🇦",
    "said", "", "nothing here", "overkill", "the riot police",
]


@pytest.mark.parametrize("text", CASE_TRAPS)
def test_classify_case_traps(text):
    assert classify_event(text) == _first_rule_searched(text, tagging.event_types())


def test_classify_random_texts():
    words = ["kill", "Kill", "ſ", "K", "strikes on", "strike", "STRIKE", "met with", "met", "price", "Prices",
             "цена", "Цены", "обстрел", "ОБСТРЕЛ", "суд", "said", "talks", " ", "-", ".", "é", "İ", "ı", "x", "_", "7"]
    for text in random_strings(words, 20000, 8, seed=1):
        assert classify_event(text) == _first_rule_searched(text, tagging.event_types()), text


def test_lower_is_exact_holds_for_every_stem_letter():
    """Where _lower_is_exact says yes, whatever re.IGNORECASE matches to a letter of a stem lower-cases
    to that letter, so the automaton over text.lower() misses no place a rule matches. Checked over
    every code point the check lets through."""
    letters = {c for event_type in tagging.event_types() for stem in event_type.stems for c in stem if c != " "}
    allowed = "".join(c for c in map(chr, range(0x110000)) if _lower_is_exact(c))  # (surrogates fail it: not caseless)
    matched = set(re.findall(f"[{re.escape(''.join(letters))}]", allowed, re.IGNORECASE))
    for char in matched:
        for letter in letters:
            if re.fullmatch(re.escape(letter), char, re.IGNORECASE):
                assert char.lower() == letter, (char, letter)


# --------------------------------------------------------------------------- countries


@pytest.mark.parametrize("text", ["Putin met Tokayev in #Almaty 🇰🇿", "@KremlinRussia_E and @WhiteHouse", "", "no country"])
def test_country_spans_are_find_countries(text):
    assert [(m.start, m.end, m.country, m.kind) for m in find_countries(text)] == country_spans(text)


# --------------------------------------------------------------------------- dates


def test_lead_starts_find_what_the_lead_regex_finds():
    g = dates._grammar()
    alphabet = list(" '’ʼ`-/.,:+#ab5тп") + ["on ", "the ", "п'ять ", "дев'ять ", "in ", "5", "last ", "'", "на "]
    for low in random_strings(alphabet, 3000, 15, seed=2):
        for hi in range(len(low) + 1):
            for lo in (0, max(0, hi - 5), hi):
                assert dates._lead_starts(low, lo, hi, g) == [m.start() for m in g.lead.finditer(low, lo, hi)], (low, lo, hi)


def test_previous_word_is_the_prev_word_regex():
    alphabet = list("ab1 .\n\t!?²Ⅻ_éя,")
    for text in random_strings(alphabet, 5000, 20, seed=3):
        for hi in range(len(text) + 1):
            lo = max(0, hi - 8)
            m = dates._PREV_WORD.search(text, lo, hi)
            assert dates._previous_word(text, lo, hi) == ((m.group(1), m.start(1)) if m else None), (text, lo, hi)


def clause_tokens_scanning_from_the_start(low: str, start: int, end: int, g) -> tuple[list[str], list[str]]:
    """_clause_tokens as first written: every sentence end from offset 0 on."""
    sentence_start = 0
    for m in dates._SENTENCE_END.finditer(low, 0, start):
        sentence_start = m.end()
    stop = dates._SENTENCE_END.search(low, end)
    sentence_end = stop.start() if stop else len(low)
    before = g.cue_token.findall(low, max(sentence_start, start - 120), start)[-12:]
    after = g.cue_token.findall(low, end, min(sentence_end, end + 120))[:12]
    for i in range(len(before) - 1, -1, -1):
        if before[i] in dates._CLAUSE_BREAK:
            before = before[i + 1 :]
            break
    for i, token in enumerate(after):
        if token in dates._CLAUSE_BREAK:
            after = after[:i]
            break
    return before, after


def test_clause_tokens_need_not_scan_from_the_start():
    g = dates._grammar()
    alphabet = list("ab .\n!?") + ["said ", "will ", "that ", "... ", "on friday ", "\n\n", "x" * 30 + " "]
    rng = random.Random(4)
    for low in random_strings(alphabet, 5000, 80, seed=4):
        start = rng.randint(0, len(low))
        end = rng.randint(start, len(low))
        assert dates._clause_tokens(low, start, end, g) == clause_tokens_scanning_from_the_start(low, start, end, g)


def test_valid_is_calendar_monthrange():
    for year in [*range(1, 30), *range(1890, 2110), *range(9980, 10001), 0, -1]:
        for month in range(-1, 15):
            for day in range(-1, 33):
                expected = 1 <= month <= 12 and 1 <= year <= 9999 and 1 <= day <= calendar.monthrange(year, month)[1]
                assert dates._valid(year, month, day) == expected, (year, month, day)


def test_nearest_month_is_the_nearest_of_three_years():
    for anchor in (date(2021, m, 15) for m in range(1, 13)):
        for month in range(1, 13):
            here = anchor.year * 12 + anchor.month - 1
            year = min((anchor.year + dy for dy in (-1, 0, 1)),
                       key=lambda y: (abs(y * 12 + month - 1 - here), y * 12 + month - 1 > here))
            assert dates._nearest_month(month, anchor) == date(year, month, 1)


# --------------------------------------------------------------------------- parsers


def test_number_at_end_is_the_regex_search():
    alphabet = list("12345 /[]()\"”'’».,;:!?…\n🧵x") + [" https://t.co/x ", " pic.twitter.com/a ", "3/7", "12/13 ", "[2/5]", "1234/5", "٣/٤"]
    for text in random_strings(alphabet, 30000, 12, seed=5):
        expected = csv_export.NUMBER_AT_END.search(text)
        found = csv_export.number_at_end(text)
        assert (found and (found.span(), found.groupdict())) == (expected and (expected.span(), expected.groupdict())), text


def test_clean_text_skips_only_printable_text():
    """clean_text skips its clean-up when str.isprintable(): every character the clean-up touches is non-printable."""
    assert not any(chr(c).isprintable() for c in range(0x110000) if TO_CLEAN.match(chr(c)))


def test_warm_up_builds_what_first_use_builds():
    tagging.warm_up()
    assert dates._grammar.cache_info().currsize == 1
    assert tagging._stem_automaton.cache_info().currsize == 1
