"""Finding date expressions in tweet text and resolving them to calendar days.

English, Russian and Ukrainian; stdlib only. The words live in ``data/date_words.tsv``.

How a text is read (``find_dates``):

1. The text is lower-cased once (keeping every offset).
2. A trigger regex looks for the words every date expression must contain: a month or weekday
   name, a relative word (today, вчера, week …), "ago"/назад/тому, a 19xx/20xx or a dd.mm.yy.
   It starts with a small character set (space, newline, brackets, quotes, dashes) followed by
   a trie of the words, so ``re`` skips through ordinary text at C speed; most tweets stop here.
3. At each trigger the whole grammar (one compiled regex, one named group per form) is tried,
   anchored, at the trigger and at the words before it that may open an expression ("on"
   Friday, "in" December, "the" day before yesterday, a day number), earliest first.
4. Each match is checked (a real calendar day? "May" the month? a year, not "2000 troops"?)
   and resolved against the anchor (the thread's date). A weekday right before its date
   ("on Wednesday, March 30th") becomes one expression, dated by the date.

Rules that are not obvious (see ``eval/GUIDELINES.md``, section "Dates"):

- A day without a year takes the year that puts it nearest to the anchor; with no anchor it
  keeps value None (it still counts as a day mention, so it is listed, but dates nothing).
- Numeric day/month without a year ("1/4", "3/13", "[2/5]") is never a date; d/m/yyyy with
  slashes only when one reading is impossible (13/01/2022) or both readings agree.
- A bare weekday is the one nearest to the anchor in the direction of the sentence's tense
  (the anchor itself when it is that weekday); "last X" is strictly before, "next X" strictly
  after, "by/until X" ahead unless its clause has a past perfect ("had filed reports by
  Wednesday"). Tense comes from the nearest cue word in the weekday's clause (will, 'll, next,
  scheduled, "is/are to" … / was, were, -ed, said …; будет, состоится … / был, -л …); a clause
  ends at a sentence end or a complementiser ("told reporters on Tuesday that it might be
  extended" is past); a future cue right after "had" ("had been due to expire Friday") is past.
  With no cue "this X" looks ahead and a bare "X" back.
- A weekday that is many days ("every Thursday", "Tuesday nights", "каждую пятницу") is no
  mention; one counted from a day the text names, not from the anchor ("the previous Friday",
  "the following Monday"), is a day mention without a value.
- "today's" / сегодняшний before a word for the present age ("in today's world", "today's
  society", "в сегодняшнем мире") and "tomorrow" after "<noun> of" ("the people of tomorrow",
  not "as of tomorrow") name no day.
- "May" and "March" count only when capitalised ("May" also needs a day number or a year).
- Week, month and year mentions carry the first day of their period and never set the event
  date; a decade ("1990s", "1990-s", "1990-х") is no mention at all.
- Nothing inside web addresses, @handles or #hashtags is read (``dates_in_urls`` reads URLs);
  "Today" after a capitalised word is a name (Russia Today, USA Today).
"""

from __future__ import annotations

import re
from calendar import isleap
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from threadline.model import DateMention

__all__ = [
    "find_dates",
    "event_day",
    "parse_date_value",
    "date_from_file_name",
    "dates_in_urls",
    "date_from_status_id",
]

WORDS_FILE = Path(__file__).parent / "data" / "date_words.tsv"
TWITTER_EPOCH_MS = 1288834974657  # 2010-11-04T01:42:54.657Z, where snowflake ids start counting
_APOSTROPHES = "'’ʼ`"
_LEADS = " \t\n\r\xa0([{\"'«“‘„*—–,;:…-"  # what may come right before a date expression
_WINDOW = 24  # how far before its trigger word an expression may start ("the day before yesterday")


# --------------------------------------------------------------------------- the word list


@dataclass(frozen=True)
class _Word:
    kind: str
    lang: str
    form: str
    value: str
    flags: frozenset[str]


def _read_words(path: Path = WORDS_FILE) -> list[_Word]:
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = (line.split("\t") + ["", "", "", "", ""])[:5]
        kind, lang, form, value, flags = (cell.strip() for cell in cells)
        words.append(_Word(kind, lang, form.lower(), value, frozenset(f for f in flags.split(",") if f)))
    return words


def _norm(surface: str) -> str:
    """A matched phrase as a key of the word tables: lower case, one space, one apostrophe."""
    out = surface.lower()
    for mark in _APOSTROPHES[1:]:
        out = out.replace(mark, "'")
    return " ".join(out.split())


def _atoms(form: str) -> list[str]:
    """One form as regex atoms, one per character: a space matches any white space, "'" any apostrophe."""
    atoms = []
    for char in form:
        if char == " ":
            atoms.append(r"\s+")
        elif char == "'":
            atoms.append(f"[{_APOSTROPHES}]")
        else:
            atoms.append(re.escape(char))
    return atoms


def _alternation(forms, boundary: bool = False) -> str:
    """A regex for a set of forms, factored as a trie so ``re`` tries each first character once.

    A trailing * lets a form go on with more letters (сегодняшн* = сегодняшний, сегодняшнего …).
    Longer forms win: "yesterday evening" before "yesterday" (the caller adds the end boundary)."""
    root: dict = {}
    for form in set(forms):
        node = root
        prefix = form.endswith("*")
        for atom in _atoms(form.rstrip("*")):
            node = node.setdefault(atom, {})
        node["*" if prefix else ""] = True

    def emit(node: dict) -> str:
        if "*" in node:
            return r"\w*"
        branches = [atom + emit(child) for atom, child in sorted(node.items()) if atom]
        if boundary and "" in node:
            branches.append(r"(?!\w)")
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node and not boundary:
            body = "(?:" + body + ")?"
        return body

    return "(?:" + emit(root) + ")"


def _opening(forms, digits: bool = False) -> str:
    """A lookahead that the next character is one the forms (or a digit) can start with, so that
    `re` rules a place out at one glance before trying the forms one by one; '' if a form is empty."""
    chars: set[str] = set()
    for form in forms:
        first = form.rstrip("*")[:1]
        if not first:
            return ""
        chars.update(_APOSTROPHES if first == "'" else first)  # see _atoms
    charset = "".join(r"\s" if c == " " else re.escape(c) for c in sorted(chars)) + (r"\d" if digits else "")
    return f"(?=[{charset}])"


class _Table:
    """Exact forms and prefix forms (ending in *) of one kind, mapped to their word."""

    def __init__(self, words: list[_Word]):
        self.exact = {w.form: w for w in words if not w.form.endswith("*")}
        self.prefixes = sorted(((w.form[:-1], w) for w in words if w.form.endswith("*")), key=lambda p: -len(p[0]))
        self.forms = [w.form for w in words]

    def get(self, surface: str) -> _Word | None:
        hit = self.exact.get(surface)
        if hit is not None:
            return hit
        key = _norm(surface)
        hit = self.exact.get(key)
        if hit is not None:
            return hit
        for prefix, word in self.prefixes:
            if key.startswith(prefix):
                return word
        return None


class _Grammar:
    """Everything compiled from the word list, built once on first use."""

    def __init__(self, words: list[_Word]):
        by_kind: dict[str, list[_Word]] = {}
        for w in words:
            by_kind.setdefault(w.kind, []).append(w)
        self.tables = {kind: _Table(ws) for kind, ws in by_kind.items()}
        t = self.tables
        months = _alternation(t["month"].forms)
        weekdays = _alternation(t["weekday"].forms)
        mprep = _alternation(t["mprep"].forms)
        wprep = _alternation(t["wprep"].forms)
        wmod = _alternation(t["wmod"].forms)
        numbers = _alternation(t["number"].forms)
        units = _alternation(t["unit"].forms)
        ago = _alternation(t["ago"].forms)
        rel = {k: _alternation(t[k].forms) for k in ("relday", "relweek", "weekend", "relmonth", "relyear")}
        year = r"(?:19|20)\d\d"
        year_word = r"(?:\s*(?:года|году|годом|год|г\.|г|року|році|роком|рік|р\.|р)(?!\w))?"
        ordinal = r"(?:st|nd|rd|th|-?(?:ого|го|е|ое|м|й))?"
        day_no = rf"(?:3[01]|[12]\d|0?[1-9]){ordinal}"
        # "10-12 January", "between 10 and 12 January", "с 2 по 7 января": the first day counts
        day_range = rf"(?:(?:\s*[-–—]\s*|\s+(?:to|and|по|до|и|і|та|й)\s+){day_no}(?!\w))?"
        no_left = r"(?<![\w.,/:+#$€£₽№-])"
        no_left_numeric = r"(?<![\w.,/+#$€£₽№-])"  # "Дата:24.02.2022" is a date, "14:00" has no year
        no_left_year = r"(?<![\w.,/:+#$€£₽№])"  # "2014-2022": the hyphen is checked in code
        pattern = "|".join([
            # 2022-01-10, 2022/01/10, 2022.01.10 (also before a time: 2022-01-10T18:30)
            rf"(?P<iso>{no_left_numeric}(?P<iso_y>{year})(?P<iso_s>[-/.])(?P<iso_m>\d{{1,2}})(?P=iso_s)(?P<iso_d>\d{{1,2}})(?!\d|[-/.]\d))",
            # 10.01.2022, 10-01-2022, 10/01/2022, 10.01.22
            rf"(?P<num>{no_left_numeric}(?P<num_a>\d{{1,2}})(?P<num_s>[-/.])(?P<num_b>\d{{1,2}})(?P=num_s)(?P<num_y>{year}|\d\d)(?!\w|[-/.:,]\d))",
            # 10 January, 10th of January 2022, 6-го января, 24 лютого 2022 року, 10-12 January
            rf"(?P<dfirst>{no_left}(?:the\s+)?(?P<df_d>{day_no}){day_range}(?!\w)(?:\s+of)?\s+(?P<df_m>{months})(?!\w)(?:\.(?=,?\s+\d))?"
            rf"(?:,?\s+(?P<df_y>{year})(?!\w|[.,:/]\d){year_word})?)",
            # 2 days ago, a week ago, три дні тому, неделю назад
            rf"(?P<ago>(?<![./:,#-])(?:(?P<ago_n>\d{{1,3}}|{numbers})\s+)?(?P<ago_u>{units})\s+{ago}(?!\w))",
            # 2011, in 2011, 2014 года, 2014-го
            rf"(?P<year>{no_left_year}(?P<year_y>{year})(?:-?(?:го|м|й))?{year_word}(?!\w)(?!-?(?:s|х|е|ые|ых|ті|тих)(?!\w))(?![.,:/]\d))",
            # January 10, Jan. 10th, 2022, December 2021, in December, mid-January, в декабре
            rf"(?P<mfirst>(?:(?P<mf_p>{mprep})[\s-]+)?(?P<mf_m>{months})(?!\w)(?:\.(?=,?\s+\d))?"
            rf"(?:\s+(?:the\s+)?(?P<mf_d>{day_no})(?!\w)(?![:/.,]\d){day_range})?"
            rf"(?:,?\s+(?:of\s+)?(?P<mf_y>{year})(?!\w|[.,:/]\d){year_word})?)",
            # on Friday, last Friday, в пятницу, у п'ятницю, минулої п'ятниці
            rf"(?P<wday>(?:(?P<wd_p>{wprep})\s+)?(?:(?P<wd_mod>{wmod})\s+)?(?P<wd>{weekdays})(?!\w))",
            rf"(?P<relday>{rel['relday']}(?!\w))",
            rf"(?P<relweek>{rel['relweek']}(?!\w))",
            rf"(?P<weekend>{rel['weekend']}(?!\w))",
            rf"(?P<relmonth>{rel['relmonth']}(?!\w))",
            rf"(?P<relyear>{rel['relyear']}(?!\w))",
        ])
        self.master = re.compile(pattern)
        self.trigger, self.trigger_at_start = self._trigger_regexes()
        self.cues: dict[str, tuple[int, bool]] = {}
        self.cue_prefixes: list[tuple[str, tuple[int, bool]]] = []
        for kind, cue in (("future", (1, True)), ("past", (-1, True)), ("weak_future", (1, False)), ("weak_past", (-1, False))):
            for form in t[kind].forms:
                if form.endswith("*"):
                    self.cue_prefixes.append((form[:-1], cue))
                else:
                    self.cues[form] = cue
                    self.cues[form.replace("'", "’")] = cue
        self.cue_token = re.compile(rf"[^\W_]+(?:[{_APOSTROPHES}][^\W_]+)?")
        # Words that may open an expression before its trigger word: "on" Friday, "the" day before yesterday …
        leads = {"the"}
        for kind in ("mprep", "wprep", "wmod", "number", "relday", "relweek", "weekend", "relmonth", "relyear"):
            for form in t[kind].forms:
                words = form.rstrip("*").split(" ")
                leads.update(words if kind in ("mprep", "wprep", "wmod", "number") else words[:-1])
        lead_words = _alternation(leads, boundary=True)
        self.lead = re.compile(rf"(?<![\w{_APOSTROPHES}]){lead_words}|(?<![\w/.,:+#-])\d")
        # The same leads, each found from the non-word character before it: a pattern that opens with
        # a character set lets `re` skip through the words in between at C speed (see _lead_starts).
        # That finds the same leads only while every lead ends with a word character.
        self.lead_after = (
            re.compile(rf"\W{_opening(leads, digits=True)}(?:(?<![{_APOSTROPHES}]){lead_words}|(?<![/.,:+#-])\d)")
            if all(re.match(r"\w", word[-1]) for word in leads) else None
        )

    def _trigger_regexes(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """Every date expression contains one of these words (or a 19xx/20xx, or a dd.mm.yy).

        The first regex finds them after a character that may come before a word; starting with a
        small set of characters lets ``re`` skip through ordinary text fast. The second is the
        same without that character, for the start of the text."""
        t = self.tables
        words: set[str] = set()
        for kind in ("month", "weekday", "ago"):
            words.update(t[kind].forms)
        for kind in ("relday", "relweek", "weekend", "relmonth", "relyear"):
            words.update(form.split(" ")[-1] for form in t[kind].forms)
        body = "(?:" + _alternation(words, boundary=True) + r"|(?:19|20)\d\d|\d\d?[./-]\d\d?[./-]\d\d)"
        return re.compile(f"[{_LEADS}]{_opening(words, digits=True)}{body}"), re.compile(body)


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    return _Grammar(_read_words())


_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+"
    r"|(?<![\w@.])(?:[a-z0-9][a-z0-9-]*\.)+[a-z]{2,}/[^\s<>\"']*",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?\n]+(?=\s|$)|\n")
_PREV_WORD = re.compile(r"([^\W\d_]+)\.?\s*$")  # the definition of _previous_word
_NEXT_WORD = re.compile(r"\s*[(]?([^\W\d_]+)")


# A word right before a weekday that makes it many days ("every Thursday", "каждую пятницу") …
_RECURRING = frozenset({"each", "every", "каждую", "каждый", "каждое", "каждой", "кожну", "кожен", "кожний", "кожного",
                        "кожної"})
# … or a day counted from another day the text names, not from the anchor ("the previous Friday").
_ANAPHORIC = frozenset({"previous", "preceding", "prior", "following", "same", "предыдущую", "предыдущий",
                        "предыдущей", "попередню", "попередній", "попереднього", "попередньої"})
_PLURAL_PART_OF_DAY = re.compile(r"\s+(?:nights|mornings|afternoons|evenings)(?!\w)")  # Tuesday nights
# A noun after "today's" that makes it "nowadays" ("in today's world"); "of" before "tomorrow" ("the people of tomorrow").
_GENERIC_AFTER_TODAY = frozenset({"world", "society", "generation", "generations", "youth", "economy", "culture", "era",
                                  "age", "times", "standards", "terms", "dollars", "money", "realities", "reality",
                                  "мир", "мире", "мира", "світ", "світі", "світу"})
_THE_BEFORE = re.compile(r"(?<!\w)the\s+$")
_OF_BEFORE = re.compile(r"(?<!\w)(?!as\s)[^\W\d_]+\s+of\s+$")  # not "as of tomorrow"
_NAME_BEFORE = re.compile(r"\b(?!THREAD\b)[A-Z]\w*[ \xa0]$")  # a capitalised word right before "Today"
_ABSOLUTE_DAY = frozenset({"iso", "num", "dfirst", "mfirst"})
_JOINER = re.compile(r"\s*,?\s*(?:the\s+)?")


def _lower_keeping_offsets(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


_URL_IN_TOKEN = re.compile(r"https?://|www\.|[a-z0-9-]\.[a-z]{2,}/")
_NON_SPACE = re.compile(r"\S*")
_HANDLE_END = re.compile(r"@\w*$")


def _in_address(low: str, start: int, end: int, has_slash_or_at: bool = True) -> bool:
    """Whether low[start:end] lies in a web address, an @handle or a #hashtag (checked on its run of non-space).

    has_slash_or_at: whether low holds a "/" or an "@" at all; without them only the character before
    can tell."""
    if start and low[start - 1] in "@#＃":
        return True
    if not has_slash_or_at:
        return False
    left = max(low.rfind(" ", 0, start), low.rfind("\n", 0, start), low.rfind("\t", 0, start)) + 1
    right = _NON_SPACE.match(low, end).end()
    token = low[left:right]
    if "/" in token and _URL_IN_TOKEN.search(token):
        return True
    return "@" in low[left:start] and _HANDLE_END.search(low[left:start]) is not None


# --------------------------------------------------------------------------- calendar helpers


def _valid(year: int, month: int, day: int) -> bool:
    if not (1 <= month <= 12 and 1 <= year <= 9999):
        return False
    return 1 <= day <= (29 if month == 2 and isleap(year) else _DAYS_IN_MONTH[month])


_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@lru_cache(maxsize=1 << 12)  # a thread's tweets share their anchor and often their days
def _nearest_day(month: int, day: int, anchor: date | None) -> date | None | bool:
    """The (month, day) nearest to anchor; False when no year has that day (Feb 30); None without an anchor."""
    if not (1 <= month <= 12 and 1 <= day <= _MAX_DAY[month]):
        return False
    if anchor is None:
        return None
    best = None
    span = 4 if (month, day) == (2, 29) else 1
    for year in range(anchor.year - span, anchor.year + span + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        key = (abs((candidate - anchor).days), candidate > anchor)  # a tie goes to the past
        if best is None or key < best[0]:
            best = (key, candidate)
    return best[1] if best else False


_MAX_DAY = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _nearest_month(month: int, anchor: date | None) -> date | None:
    """The first day of `month` in the year that puts it nearest to the anchor's month; six months
    either way is a tie, which goes to the past."""
    if anchor is None:
        return None
    ahead = month - anchor.month  # -11 … 11
    year = anchor.year - 1 if ahead >= 6 else anchor.year + 1 if ahead < -6 else anchor.year
    return date(year, month, 1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


_DIGITS = re.compile(r"\d+")


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    digits = _DIGITS.match(value)
    return int(digits.group()) if digits else None


# --------------------------------------------------------------------------- tense of a sentence


_PAST_SUFFIX = re.compile(
    r"(?:[a-z]{3,}ed"  # English -ed
    r"|[а-яё]{2,}(?:ал|ял|ил|ел|ыл|ул|ала|яла|ила|ела|ыла|ула|али|яли|или|ели|ыли|ули|лся|лась|лось|лись)"  # Russian past
    r"|[а-яіїєґ']{2,}(?:ав|ив|ів|ув|яв|ала|ила|іла|али|или|іли|вся|лася|лися))$"  # Ukrainian past
)
_NOT_PAST = frozenset({"united", "need", "indeed", "speed", "proceed", "succeed", "exceed", "embed", "bed", "red", "feed", "weed", "seed"})


@lru_cache(maxsize=1 << 16)  # the same words come back tweet after tweet; the prefix loop is slow
def _cue(token: str, g: _Grammar) -> tuple[int, bool] | None:
    """(+1 future / -1 past, strong?) for a cue word, else None."""
    cue = g.cues.get(token)
    if cue is not None:
        return cue
    if token.endswith(("'ll", "’ll")):
        return (1, True)
    if not token.isascii():
        for prefix, cue in g.cue_prefixes:
            if token.startswith(prefix):
                return cue
    if token not in _NOT_PAST and not token.endswith("eed") and _PAST_SUFFIX.match(token):
        return (-1, True)
    return None


_CLAUSE_BREAK = frozenset({"that", "что", "що"})  # "Bush told a news conference on Tuesday that … might be extended"
_TO_BE = frozenset({"is", "are", "am"})  # "is to resume trading Tuesday": a plan, the future
_PERFECT = frozenset({"had", "hadn't", "hadn’t"})  # "had been due to expire Friday": over by now


def _clause_tokens(low: str, start: int, end: int, g: _Grammar) -> tuple[list[str], list[str]]:
    """The words before and after low[start:end] in its sentence and clause, nearest last / first.

    A clause ends at a full stop, a line break or a complementiser ("that", что, що): the tense of
    "said on Tuesday that the blockade might be extended" is the tense of "said"."""
    # Only a sentence end in the last 120 characters matters (see `before`); starting there, though
    # never inside a run of full stops, finds the same ones as starting at 0.
    scan_from = max(0, start - 120)
    while scan_from and low[scan_from - 1] in ".!?\n":
        scan_from -= 1
    sentence_start = 0
    for m in _SENTENCE_END.finditer(low, scan_from, start):
        sentence_start = m.end()
    stop = _SENTENCE_END.search(low, end)
    sentence_end = stop.start() if stop else len(low)
    before = g.cue_token.findall(low, max(sentence_start, start - 120), start)[-12:]
    after = g.cue_token.findall(low, end, min(sentence_end, end + 120))[:12]
    for i in range(len(before) - 1, -1, -1):
        if before[i] in _CLAUSE_BREAK:
            before = before[i + 1 :]
            break
    for i, token in enumerate(after):
        if token in _CLAUSE_BREAK:
            after = after[:i]
            break
    return before, after


def _tense(low: str, start: int, end: int, g: _Grammar) -> int:
    """+1 when the clause around low[start:end] speaks of the future, -1 of the past, 0 when it has no cue.

    The nearest strong cue wins, else the nearest weak one. "is/are to" + verb is a future cue; a
    future cue right after "had" ("had been due to", "had planned to") is the past perfect: past."""
    before, after = _clause_tokens(low, start, end, g)
    best: tuple[int, int] | None = None  # (distance, direction) of the nearest strong cue
    weak: tuple[int, int] | None = None
    for words, order in ((before, -1), (after, 1)):
        for i, token in enumerate(words):
            distance = len(words) - i if order < 0 else i + 1
            nxt = words[i + 1] if i + 1 < len(words) else None
            if token in _TO_BE and nxt == "to":
                cue: tuple[int, bool] | None = (1, True)
            else:
                cue = _cue(token, g)
            if cue is None:
                continue
            direction, strong = cue
            if direction > 0 and any(w in _PERFECT for w in words[max(0, i - 2) : i]):
                direction = -1
            if strong and (best is None or distance < best[0]):
                best = (distance, direction)
            elif not strong and (weak is None or distance < weak[0]):
                weak = (distance, direction)
    if best is not None:
        return best[1]
    if weak is not None:
        return weak[1]
    return 0


# --------------------------------------------------------------------------- one match to one mention


_YEAR = re.compile(r"(?:19|20)\d\d")
_DIGIT_GAP = re.compile(r"\d[\s-]")
_GAP_DIGIT = re.compile(r"[\s-]\d")


def _looks_like_year(low: str, start: int, end: int, g: _Grammar) -> bool:
    if start and low[start - 1] == "-":
        # "2014-2022": the second year of a range; anything else after a hyphen (phone numbers, ids) is not.
        if not (start >= 5 and _YEAR.fullmatch(low, start - 5, start - 1) and (start == 5 or not low[start - 6].isalnum())):
            return False
    if start >= 2 and _DIGIT_GAP.match(low, start - 2, start) and _GAP_DIGIT.match(low, end, end + 2):
        return False  # a group inside a phone number or an id: "+7 2021 555"
    after = _NEXT_WORD.match(low, end)
    if after and after.group(1) in g.tables["countword"].exact:
        return False
    before = _previous_word(low, max(0, start - 24), start)
    if before and before[0] in g.tables["countlead"].exact:
        return False
    return True


def _previous_word(low: str, lo: int, hi: int) -> tuple[str, int] | None:
    """The word (letters only) that low[lo:hi] ends with, give or take one full stop and white space,
    and where it starts: _PREV_WORD.search(low, lo, hi), read backwards from hi instead of trying
    every start (str.isspace is re's \\s, isalnum and not isdecimal its [^\\W\\d_])."""
    end = hi
    while end > lo and low[end - 1].isspace():
        end -= 1
    if end > lo and low[end - 1] == ".":
        end -= 1
    start = end
    while start > lo and low[start - 1].isalnum() and not low[start - 1].isdecimal():
        start -= 1
    return (low[start:end], start) if start < end else None


def _capitalised(text: str, index: int) -> bool:
    return text[index].isupper()


def _mention(m: re.Match[str], text: str, low: str, anchor: date | None, g: _Grammar) -> DateMention | None:
    kind = m.lastgroup
    t = g.tables
    start, end = m.span()
    value: date | None = None
    relative = False
    precision = "day"

    if kind == "iso":
        y, mo, d = int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"])
        if not _valid(y, mo, d):
            return None
        value = date(y, mo, d)
    elif kind == "num":
        a, b, sep, ytext = int(m["num_a"]), int(m["num_b"]), m["num_s"], m["num_y"]
        if len(ytext) == 2:
            if sep != "." or len(m["num_a"]) != 2 or len(m["num_b"]) != 2:
                return None
            y = 2000 + int(ytext)
        else:
            y = int(ytext)
        if sep == "/":
            readings = {(mo, d) for mo, d in ((b, a), (a, b)) if _valid(y, mo, d)}
            if len(readings) != 1:  # 01/02/2022 could be either: not a date we can name
                return None
            mo, d = readings.pop()
        else:
            mo, d = b, a
        if not _valid(y, mo, d):
            return None
        value = date(y, mo, d)
    elif kind == "dfirst" or (kind == "mfirst" and m["mf_d"]):
        month_group, day_group, year_group = ("df_m", "df_d", "df_y") if kind == "dfirst" else ("mf_m", "mf_d", "mf_y")
        word = t["month"].get(m[month_group])
        if word is None or ("cap" in word.flags and not _capitalised(text, m.start(month_group))):
            return None
        if kind == "mfirst":
            start = m.start("mf_m")  # "in December 30": the day expression starts at the month
        mo, d = int(word.value), _int(m[day_group])
        if m[year_group]:
            y = int(m[year_group])
            if not _valid(y, mo, d):
                return None
            value = date(y, mo, d)
        else:
            resolved = _nearest_day(mo, d, anchor)
            if resolved is False:
                return None
            value = resolved
    elif kind == "mfirst":
        word = t["month"].get(m["mf_m"])
        if word is None or ("cap" in word.flags and not _capitalised(text, m.start("mf_m"))):
            return None
        precision = "month"
        mo = int(word.value)
        if m["mf_y"]:
            value = date(int(m["mf_y"]), mo, 1)
        elif not ("alone" in word.flags or ("prep" in word.flags and m["mf_p"])):
            return None  # "Jan" or "марта" alone, "May" the verb, "лютого" the adjective
        else:
            mod = t["mprep"].get(m["mf_p"]).value if m["mf_p"] else ""
            if mod and anchor is not None:  # last June, next March, this December
                relative = True
                if mod == "last":
                    value = date(anchor.year if mo < anchor.month else anchor.year - 1, mo, 1)
                elif mod == "next":
                    value = date(anchor.year if mo > anchor.month else anchor.year + 1, mo, 1)
                else:
                    value = date(anchor.year, mo, 1)
            else:
                relative = bool(mod)
                value = _nearest_month(mo, anchor)
    elif kind == "year":
        if not _looks_like_year(low, start, m.end("year_y"), g):
            return None
        precision = "year"
        value = date(int(m["year_y"]), 1, 1)
    elif kind == "wday":
        word = t["weekday"].get(m["wd"])
        if word is None or ("prep" in word.flags and not m["wd_p"]):
            return None
        before = _previous_word(low, max(0, start - 24), start)
        previous = before[0] if before else ""
        if not m["wd_p"] and not m["wd_mod"] and previous in t["weekday_name"].exact:
            return None  # Bloody Sunday, Black Friday: names, not days
        bare = not m["wd_p"] and not m["wd_mod"]
        if bare and previous in _RECURRING or _PLURAL_PART_OF_DAY.match(low, end):
            return None  # every Thursday, Tuesday nights: a recurring day, not one day
        relative = True
        if bare and previous in _ANAPHORIC:
            # "the previous Friday": counted from a day the text names, not from the anchor
            # ("following Friday's attack" is the preposition: an ordinary weekday)
            the = _THE_BEFORE.search(low, max(0, before[1] - 8), before[1])
            if the or not previous.isascii():
                start = the.start() if the else before[1]
                return DateMention(text[start:end], start, end, None, "day", True)
        if anchor is not None:
            weekday = int(word.value)
            mod = t["wmod"].get(m["wd_mod"]).value if m["wd_mod"] else None
            looks_ahead = bool(m["wd_p"]) and t["wprep"].get(m["wd_p"]).value == "future"  # by Monday, до пятницы
            back = (anchor.weekday() - weekday) % 7
            ahead = (weekday - anchor.weekday()) % 7
            if mod == "last":
                value = anchor - timedelta(days=back or 7)
            elif mod == "next":
                value = anchor + timedelta(days=ahead or 7)
            elif back == 0:
                value = anchor
            else:
                if looks_ahead:  # by Monday: ahead, unless the deadline is over ("had filed … by Wednesday")
                    before_words, after_words = _clause_tokens(low, start, end, g)
                    tense = -1 if any(w in _PERFECT for w in before_words + after_words) else 1
                else:
                    tense = _tense(low, start, end, g)
                if tense == 0:  # no cue: "this Sunday" looks ahead, a bare "Sunday" back
                    tense = 1 if mod == "this" else -1
                value = anchor + timedelta(days=ahead) if tense > 0 else anchor - timedelta(days=back)
    elif kind == "relday":
        word = t["relday"].get(m.group())
        if word is None:
            return None
        if text[start] == "T" and word.form.startswith("today") and _NAME_BEFORE.search(text, max(0, start - 30), start):
            return None  # Russia Today, USA Today, VOA Today: a name, not a day
        if word.value == "0" and word.form.endswith("*") or word.form in ("today's", "today’s"):
            after = _NEXT_WORD.match(low, end)
            if after and after.group(1) in _GENERIC_AFTER_TODAY:
                return None  # today's world, в сегодняшнем мире: the present age, not a day
        if word.form == "tomorrow" and _OF_BEFORE.search(low, max(0, start - 30), start):
            return None  # the people of tomorrow, the weapons of tomorrow: the future, not a day
        relative = True
        value = anchor + timedelta(days=int(word.value)) if anchor else None
    elif kind in ("relweek", "weekend"):
        word = t[kind].get(m.group())
        if word is None:
            return None
        relative, precision = True, "week"
        if anchor is not None:
            if word.value == "past":  # the latest weekend: this one when the anchor is on it
                offset = 0 if anchor.weekday() >= 5 else -1
            else:
                offset = int(word.value)
            value = _monday(anchor) + timedelta(weeks=offset)
    elif kind == "relmonth":
        word = t["relmonth"].get(m.group())
        if word is None:
            return None
        relative, precision = True, "month"
        value = _add_months(anchor, int(word.value)) if anchor else None
    elif kind == "relyear":
        word = t["relyear"].get(m.group())
        if word is None:
            return None
        relative, precision = True, "year"
        value = date(anchor.year + int(word.value), 1, 1) if anchor else None
    elif kind == "ago":
        unit = t["unit"].get(m["ago_u"])
        if unit is None:
            return None
        if m["ago_n"] is None:
            if "pl" in unit.flags:
                return None  # "few days ago" names no day
            n = 1
        else:
            n = int(m["ago_n"]) if m["ago_n"].isdigit() else int(t["number"].get(m["ago_n"]).value)
        relative, precision = True, unit.value
        if anchor is not None:
            try:
                if unit.value == "day":
                    value = anchor - timedelta(days=n)
                elif unit.value == "week":
                    value = _monday(anchor - timedelta(weeks=n))
                elif unit.value == "month":
                    value = _add_months(anchor, -n)
                else:
                    value = date(anchor.year - n, 1, 1)
            except (OverflowError, ValueError):
                return None
    else:  # pragma: no cover - every group is handled above
        return None
    return DateMention(text[start:end], start, end, value, precision, relative)


# --------------------------------------------------------------------------- public API


def find_dates(text: str, anchor: date | None) -> list[DateMention]:
    """Every date expression in text, in order of position. Day expressions resolved against anchor
    (the thread's date). A relative expression with anchor None gets value None."""
    if not text:
        return []
    if isinstance(anchor, datetime):
        anchor = anchor.date()
    g = _grammar()
    low = _lower_keeping_offsets(text)
    hit = g.trigger_at_start.match(low)
    p = 0 if hit else -1
    if hit is None:
        hit = g.trigger.search(low)
        if hit is None:
            return []
        p = hit.start() + 1
    found: list[DateMention] = []
    kinds: list[str] = []
    done = 0  # everything before this offset is read
    has_slash_or_at = "/" in low or "@" in low
    while True:
        mention = None
        starts = _lead_starts(low, max(done, p - _WINDOW), p, g)
        starts.append(p)
        for start in starts:
            m = g.master.match(low, start)
            if m is None or m.end() <= p:
                continue
            if _in_address(low, m.start(), m.end(), has_slash_or_at):
                continue
            mention = _mention(m, text, low, anchor, g)
            if mention is not None:
                break
        if mention is not None:
            kind = m.lastgroup
            if (
                kind in _ABSOLUTE_DAY
                and mention.precision == "day"
                and found
                and kinds[-1] == "wday"
                and _JOINER.fullmatch(low, found[-1].end, mention.start)
            ):  # "on Wednesday, March 30th", "в пятницу, 14 января": one expression, dated by its date
                weekday = found.pop()
                kinds.pop()
                mention = DateMention(text[weekday.start : mention.end], weekday.start, mention.end, mention.value, "day", False)
            found.append(mention)
            kinds.append(kind)
            done = mention.end
            hit = g.trigger.search(low, done)
        else:
            hit = g.trigger.search(low, hit.end())
        if hit is None:
            return found
        p = hit.start() + 1


def _lead_starts(low: str, lo: int, hi: int, g: _Grammar) -> list[int]:
    """Where g.lead matches in low[lo:hi], in order: the words that may open a date expression.

    Found through g.lead_after, which matches the non-word character before a lead and then the
    lead, and is fast; as every lead ends with a word character, the next lead never needs that
    character from the lead before, so the two find the same leads. The text's first character has
    nothing before it: a lead there is g.lead's to find."""
    if g.lead_after is None:
        return [m.start() for m in g.lead.finditer(low, lo, hi)]
    first = g.lead.match(low, 0, hi) if lo == 0 else None
    starts = [0] if first else []
    scan_from = first.end() if first else max(lo - 1, 0)
    starts += [m.start() + 1 for m in g.lead_after.finditer(low, scan_from, hi)]
    return starts


def event_day(mentions: list[DateMention]) -> DateMention | None:
    """The first mention with precision 'day' and a value — the one that sets the tweet's event date."""
    for mention in mentions:
        if mention.precision == "day" and mention.value is not None:
            return mention
    return None


_ISO_VALUE = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})(?!\d)")


def parse_date_value(value: str) -> date | None:
    """A date written in a header or front matter: '2022-01-10', '2022-01-10T18:30:00Z', 'Dec 30, 2021',
    'Feb 22, 2022 • 4 tweets • 2 min read' (Thread Reader date line), '30 December 2021', '30.12.2021'.

    The date is the one written (no time-zone shift). A day without a year is None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    iso = _ISO_VALUE.search(text)
    if iso and _valid(int(iso[1]), int(iso[2]), int(iso[3])):
        return date(int(iso[1]), int(iso[2]), int(iso[3]))
    try:  # Twitter API v1.1: 'Mon Jan 10 18:30:00 +0000 2022'
        return datetime.strptime(text, "%a %b %d %H:%M:%S %z %Y").date()
    except ValueError:
        pass
    for mention in find_dates(text, None):
        if mention.precision == "day" and mention.value is not None and not mention.relative:
            return mention.value
    return None


_FILE_DATE = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")


def date_from_file_name(name: str) -> date | None:
    """A YYYY-MM-DD at the start of the file's base name ('2022-01-05_kazakhstan.txt')."""
    base = re.split(r"[\\/]", name)[-1]
    m = _FILE_DATE.match(base)
    if m and _valid(int(m[1]), int(m[2]), int(m[3])):
        return date(int(m[1]), int(m[2]), int(m[3]))
    return None


_URL_DATE = re.compile(
    r"(?<![\d])((?:19|20)\d\d)([/_.-])(\d{1,2})\2(\d{1,2})(?!\d)"  # /2021/12/20/, -2022-02-15/
    r"|(?<=[/_-])((?:19|20)\d\d)(\d\d)(\d\d)(?=[/_.?#-]|$)"  # /20220215/
)


def dates_in_urls(text: str) -> list[date]:
    """Dates found in web addresses in the text: '/2021/12/20/', '-2022-02-15/', '/20220215/' — the caller takes the latest."""
    if not text or ("/" not in text and "www." not in text.lower()):
        return []
    out = []
    for url in _URL.finditer(text):
        for m in _URL_DATE.finditer(url.group()):
            y, mo, d = (m[1], m[3], m[4]) if m[1] else (m[5], m[6], m[7])
            if _valid(int(y), int(mo), int(d)):
                out.append(date(int(y), int(mo), int(d)))
    return out


_UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_FIRST_SNOWFLAKE = 3_600_000 << 22  # ids below this predate snowflakes (sequential ids, up to ~3e10)


def date_from_status_id(status_id: int | str) -> datetime | None:
    """The UTC time hidden in a Twitter snowflake id (ids after 2010-11-04): ((id >> 22) + 1288834974657) ms."""
    try:
        number = int(str(status_id).strip())
    except (TypeError, ValueError):
        return None
    if number < _FIRST_SNOWFLAKE or number >= 1 << 63:
        return None
    ms = (number >> 22) + TWITTER_EPOCH_MS
    return _UNIX_EPOCH + timedelta(milliseconds=ms)
