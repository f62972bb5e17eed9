"""The country tagger: which countries a tweet names, and where.

Rules are those of ``eval/GUIDELINES.md``: a tweet names a country through its name, demonym or
adjective (any language or case ending), a place inside it, one of its national institutions, one
of its officials *in office at the time*, its flag emoji, or a hashtag/handle built on any of these.
Organisations, regions, historic states, agreements named after places, media handles and web
addresses name no country.

Everything the tagger knows is data in ``threadline/data/`` (one alias per line; the header of each
file says its columns):

* ``countries.tsv``    names and demonyms          (kinds ``name``, ``demonym``)
* ``places.tsv``       cities, regions, places     (kinds ``place``, ``demonym``)
* ``institutions.tsv`` national institutions       (kind ``institution``)
* ``officials.tsv``    officials and their terms   (kind ``official``)
* ``exclusions.tsv``   phrases that never name a country, agreement words, media handles
* ``endings.tsv``      case-ending paradigms used by the alias files (``Казахстан<ru_m>``)
* ``iso3166.tsv``      alpha-2 → alpha-3 and display names

How matching works (one Aho-Corasick automaton, built once per process):

1. every alias is expanded to its surface forms (stem × endings) at load time;
2. the automaton scans the lower-cased text once; forms that must keep their case (``US``,
   ``UK``, ``США``, and capitalised-only words such as ``Turkey``) are then checked against the
   text as written, so ``us``/``bus``/``USB`` never give USA;
3. a hit counts only on whole words (no letter or digit on either side), then the leftmost-longest
   hits win, so ``Belarusian`` is never ``Russian``, ``Minsk agreements`` (an exclusion) hides
   ``Minsk`` and ``Vladimir Putin`` is one mention;
4. hits inside a web address or domain are dropped; hashtags and @handles are split into their
   camel-case/underscore parts and looked up part by part; regional-indicator pairs are flags.

Officials count only while in office on ``on``.  When ``on`` is None (a tweet with no event date)
an official counts if any of their terms overlaps ``UNDATED_WINDOW`` — the period the project's
threads are about (July 2021 – 2022) — so Nazarbayev, Masimov or Psaki count, Yanukovych,
Poroshenko or Obama do not.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import ahocorasick

from threadline import built_cache
from threadline.model import CountryMention

DATA_DIR = Path(__file__).with_name("data")
ALIAS_FILES = ("countries.tsv", "places.tsv", "institutions.tsv", "officials.tsv")
KINDS = ("name", "demonym", "place", "institution", "official", "flag", "handle")

# Officials of an undated tweet count when they held office at some time in this window.
UNDATED_WINDOW: tuple[date, date] = (date(2021, 7, 1), date(2022, 12, 31))

_BLOCK = "block"
# kinds whose hits need no check beyond the word boundaries (no term dates, no after-word rule)
_FAST_KINDS = frozenset({"name", "demonym", "institution"})
_OPEN_END = date.max.toordinal()

# An entry: (alpha3 or None for an exclusion, kind, terms or None, counts_when_undated)
_Entry = tuple


@dataclass(frozen=True)
class _Gazetteer:
    auto: ahocorasick.Automaton  # every form, lower-cased; see _automaton()
    compact: dict[str, tuple[tuple[_Entry, frozenset[str] | None], ...]]  # for hashtags/handles
    after_place: frozenset[str]
    media_handles: frozenset[str]
    media_words: frozenset[str]
    alpha2: dict[str, str]
    names: dict[str, str]
    counts: dict[str, int]  # surface forms per kind, for reports and tests


# --------------------------------------------------------------------------- loading the data
_PATTERN = re.compile(r"\{([^{}]*)\}|<(\w+)>")
_NON_WORD = re.compile(r"[\W_]+")
_APOSTROPHES = ("'", "\u2019", "\u02bc")


def _rows(name: str):
    """(line number, columns) of a TSV file, skipping comments and blank lines."""
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        for no, line in enumerate(fh, 1):
            line = line.rstrip("\n\r")
            if not line.strip() or line.startswith("#"):
                continue
            yield no, line.split("\t")


def _endings() -> dict[str, list[str]]:
    return {cols[0]: cols[1].split("|") for _, cols in _rows("endings.tsv")}


def expand_alias(alias: str, endings: dict[str, list[str]] | None = None) -> list[str]:
    """Every surface form of an alias pattern: ``Кремл<ru_m_soft>`` → Кремль, Кремля, …;
    ``Afghan{|s}`` → Afghan, Afghans; apostrophes also in their curly/modifier forms."""
    endings = _endings() if endings is None else endings
    parts: list[list[str]] = []
    pos = 0
    for m in _PATTERN.finditer(alias):
        parts.append([alias[pos : m.start()]])
        if m.group(1) is not None:
            parts.append(m.group(1).split("|"))
        else:
            try:
                parts.append(endings[m.group(2)])
            except KeyError:
                raise ValueError(f"unknown ending paradigm <{m.group(2)}> in {alias!r}") from None
        pos = m.end()
    parts.append([alias[pos:]])
    forms: list[str] = []
    for combo in itertools.product(*parts):
        form = "".join(combo).strip()
        if not form:
            continue
        variants = [form]
        if "'" in form:
            variants += [form.replace("'", a) for a in _APOSTROPHES[1:]]
        for v in variants:
            if v not in forms:
                forms.append(v)
    return forms


def _parse_terms(text: str, where: str) -> tuple[tuple[int, int], ...]:
    terms = []
    for chunk in filter(None, (c.strip() for c in text.split(","))):
        start, sep, end = chunk.partition("..")
        if not sep:
            raise ValueError(f"{where}: terms must be FROM..TO, got {chunk!r}")
        lo = date.fromisoformat(start).toordinal()
        hi = date.fromisoformat(end).toordinal() if end else _OPEN_END
        terms.append((lo, hi))
    return tuple(terms)


def _lower(text: str) -> str:
    """str.lower() that keeps offsets: the few characters that lower-case to two (İ) stay as
    they are.  Used for the text and for the automaton keys alike."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _is_case_sensitive(form: str, flags: set[str]) -> bool:
    return "cs" in flags or "cap" in flags or not any(c.islower() for c in form)


@functools.cache
def _gazetteer() -> _Gazetteer:
    """Built once per machine: later processes load it (threadline.built_cache)."""
    sources = [Path(__file__), *DATA_DIR.glob("*.tsv")]
    key = built_cache.sources_key(sources, libraries=["pyahocorasick"])
    return built_cache.load_or_build("gazetteer", key, _build_gazetteer)


def _build_gazetteer() -> _Gazetteer:
    endings = _endings()
    alpha2: dict[str, str] = {}  # for flags
    names: dict[str, str] = {}
    for _, cols in _rows("iso3166.tsv"):
        a2, a3, name = cols[:3]
        alpha2[a2] = cols[3] if len(cols) > 3 and cols[3] else a3
        names[a3] = name

    # raw records: (form, entry, flags)
    records: list[tuple[str, _Entry, set[str]]] = []
    counts: dict[str, int] = {}

    def add(alias: str, entry: _Entry, flags: set[str], where: str) -> None:
        forms = expand_alias(alias, endings)
        if not forms:
            raise ValueError(f"{where}: empty alias")
        for form in forms:
            records.append((form, entry, flags))
        counts[entry[1]] = counts.get(entry[1], 0) + len(forms)

    # officials first: terms are given once per person
    person_terms: dict[str, list[tuple[int, int]]] = {}
    for no, cols in _rows("officials.tsv"):
        if len(cols) < 5:
            raise ValueError(f"officials.tsv:{no}: expected alias, alpha3, person, terms, lang")
        person_terms.setdefault(cols[2], []).extend(_parse_terms(cols[3], f"officials.tsv:{no}"))
    lo_w, hi_w = (d.toordinal() for d in UNDATED_WINDOW)

    for file in ALIAS_FILES:
        for no, cols in _rows(file):
            where = f"{file}:{no}"
            if file == "officials.tsv":
                alias, a3, person, _terms, _lang, *rest = cols
                terms = tuple(person_terms[person])
                if not terms:
                    raise ValueError(f"{where}: no terms for {person!r}")
                undated = any(lo <= hi_w and hi >= lo_w for lo, hi in terms)
                entry: _Entry = (a3, "official", terms, undated)
            else:
                if len(cols) < 4:
                    raise ValueError(f"{where}: expected alias, alpha3, kind, lang")
                alias, a3, kind, _lang, *rest = cols
                if kind not in KINDS:
                    raise ValueError(f"{where}: unknown kind {kind!r}")
                entry = (a3, kind, None, True)
            if a3 not in names:
                raise ValueError(f"{where}: unknown alpha-3 code {a3!r}")
            flags = set(rest[0].split(",")) if rest and rest[0] else set()
            add(alias, entry, flags, where)

    after_place: set[str] = set()
    media_handles: set[str] = set()
    media_words: set[str] = set()
    for no, cols in _rows("exclusions.tsv"):
        phrase, kind, *rest = cols
        flags = set(rest[0].split(",")) if rest and rest[0] else set()
        if kind == _BLOCK:
            add(phrase, (None, _BLOCK, None, True), flags, f"exclusions.tsv:{no}")
        elif kind == "after_place":
            after_place.add(phrase.lower())
        elif kind == "handle":
            media_handles.add(phrase.lower())
        elif kind == "handle_word":
            media_words.add(phrase.lower())
        else:
            raise ValueError(f"exclusions.tsv:{no}: unknown kind {kind!r}")

    ci_map: dict[str, list[_Entry]] = {}  # lower-cased form -> entries matched in any case
    cs_map: dict[str, dict[str, list[_Entry]]] = {}  # lower-cased form -> exact surface -> entries
    compact: dict[str, list[tuple[_Entry, frozenset[str] | None]]] = {}
    for form, entry, flags in records:
        if _is_case_sensitive(form, flags):
            surfaces = {form, form.upper()} if "cap" in flags else {form}
            for surface in surfaces:
                by_surface = cs_map.setdefault(_lower(surface), {})
                _add_unique(by_surface.setdefault(surface, []), entry)
            allowed: frozenset[str] | None = frozenset(_NON_WORD.sub("", x) for x in surfaces)
        else:
            _add_unique(ci_map.setdefault(_lower(form), []), entry)
            allowed = None
        key = _NON_WORD.sub("", _lower(form))
        if key:
            bucket = compact.setdefault(key, [])
            if (entry, allowed) not in bucket:
                bucket.append((entry, allowed))

    return _Gazetteer(
        auto=_automaton(ci_map, cs_map),
        compact={k: tuple(v) for k, v in compact.items()},
        after_place=frozenset(after_place),
        media_handles=frozenset(media_handles),
        media_words=frozenset(media_words),
        alpha2=alpha2,
        names=names,
        counts=counts,
    )


def _add_unique(bucket: list[_Entry], entry: _Entry) -> None:
    if entry not in bucket:
        bucket.append(entry)


def _only_blocks(entries: list[_Entry]) -> list[_Entry]:
    """An exclusion on the same form wins over everything else."""
    blocks = [e for e in entries if e[0] is None]
    return blocks[:1] if blocks else entries


def _needless_blocks(ci_map, cs_map) -> set[str]:
    """Exclusions with no alias inside them ("NATO", "UN") only matter for hashtags and handles;
    leaving them out of the automaton saves work on every tweet."""
    probe = ahocorasick.Automaton()
    blocks = set()
    for key in ci_map.keys() | cs_map.keys():
        entries = ci_map.get(key, []) + [e for es in cs_map.get(key, {}).values() for e in es]
        if all(e[0] is None for e in entries):
            blocks.add(key)
        else:
            probe.add_word(key, len(key))
    probe.make_automaton()
    needless = set()
    for key in blocks:
        inside = False
        for end, length in probe.iter(key):
            start = end - length + 1
            if (start == 0 or not key[start - 1].isalnum()) and (
                end + 1 == len(key) or not key[end + 1].isalnum()
            ):
                inside = True
                break
        if not inside:
            needless.add(key)
    return needless


def _automaton(ci_map, cs_map) -> ahocorasick.Automaton:
    """One automaton over lower-cased forms.  Value: (length, entries, fast, exact) where
    `entries` match in any case, `exact` is None or ((surface, entries), …) for forms that must
    be written exactly so, and `fast` is (alpha3, kind, after_place) when the hit has one entry
    that needs no check but, for a place, the word after it (see _AFTER_PLACE_GAP)."""
    auto = ahocorasick.Automaton()
    keys = ci_map.keys() | cs_map.keys()
    for key in sorted(keys - _needless_blocks(ci_map, cs_map)):
        entries = tuple(_only_blocks(ci_map.get(key, [])))
        exact = None
        if key in cs_map:
            exact = tuple((surface, tuple(_only_blocks(es))) for surface, es in cs_map[key].items())
        fast = None
        if exact is None and len(entries) == 1:
            kind = entries[0][1]
            if kind in _FAST_KINDS or kind == "place":
                fast = (entries[0][0], kind, kind == "place")
        auto.add_word(key, (len(key), entries, fast, exact))
    auto.make_automaton()
    return auto


# --------------------------------------------------------------------------- matching
_URL_HINT = re.compile(r"\.[a-z]")
_URL = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|(?<![\w.-])(?:[\w-]+\.)+"
    r"(?:com|org|net|gov|edu|int|mil|info|biz|io|ly|co|me|tv|news|online|site|app|[a-z]{2})"
    r"(?![\w-])(?:[/?#:]\S*)?"
)
_NON_SPACE = re.compile(r"\S*")
# "#" / "@" first, then what may not come before it: `re` jumps from one "#" to the next
_HASHTAG = re.compile(r"#(?<![\w#&/]#)(\w+)")
_HANDLE = re.compile(r"@(?<![\w@.]@)(\w+)")
_FLAG = re.compile("[\U0001f1e6-\U0001f1ff]{2}|\U0001f3f4[\U000e0061-\U000e007a]{2,7}\U000e007f")
_NEXT_WORD = re.compile(r"[\s\-\u2013]*(\w+)")
_ATOM = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[A-Z]|\d+|[^\W\d_A-Za-z]+")
_POSSESSIVE = ("'s", "\u2019s")
_APOS_CHARS = "'\u2019"
# after a whole-word hit, _NEXT_WORD can only reach a next word through these or white space
_AFTER_PLACE_GAP = "-\u2013_"
_MIN_AFFIX = 5
_SPAN_ORDER = operator.itemgetter(0, 1)  # (start, -end): leftmost first, then longest


def _in_office(entry: _Entry, day: int | None) -> bool:
    terms = entry[2]
    if terms is None:
        return True
    if day is None:
        return entry[3]
    for lo, hi in terms:
        if lo <= day <= hi:
            return True
    return False


def _possessive_end(text: str, end: int) -> int:
    if text[end : end + 2] in _POSSESSIVE and (end + 2 == len(text) or not text[end + 2].isalnum()):
        return end + 2
    return end


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    for s, e in spans:
        if start < e and s < end:
            return True
    return False


def _url_spans(text: str) -> list[tuple[int, int]]:
    """Spans of web addresses and bare domains.  Only the whitespace-delimited tokens around a
    hint (a dot before a lower-case letter) are examined, which keeps this cheap."""
    spans: list[tuple[int, int]] = []
    covered = -1
    for hint in _URL_HINT.finditer(text):
        pos = hint.start()
        if pos < covered:
            continue
        start = max(text.rfind(" ", 0, pos), text.rfind("\n", 0, pos), text.rfind("\t", 0, pos)) + 1
        end = _NON_SPACE.match(text, pos).end()
        covered = end
        scheme = text.find("://", start, end)
        if scheme > 0:  # a web address: from its scheme to the end of the token
            head = max(text.rfind("http", start, scheme), start)
            spans.append((head, end))
            continue
        for m in _URL.finditer(text, start, end):
            spans.append(m.span())
    return spans


def find_countries(text: str, on: date | None = None) -> list[CountryMention]:
    """Every mention in `text` that names a country per the guidelines, sorted by start offset.

    `on` is the event date: officials count only while in office on that day.  When `on` is
    None, an official counts if any of their terms overlaps ``UNDATED_WINDOW``.
    A span that names two countries (``@UKinUSA``) gives one mention per country.
    """
    return [CountryMention(c, s, e, text[s:e], k) for s, e, c, k in country_spans(text, on)]


def country_spans(text: str, on: date | None = None) -> list[tuple[int, int, str, str]]:
    """find_countries() as plain (start, end, alpha3, kind) tuples, for callers that make rows of
    thousands of tweets and need no CountryMention objects."""
    if not text:
        return []
    g = _gazetteer()
    lower = text.lower()
    if len(lower) != len(text):
        lower = _lower(text)
    n = len(text)

    # 1. whole-word hits: (start, -end, entries, fast)
    cands = []
    for end, (length, entries, fast, exact) in g.auto.iter(lower):
        start = end - length + 1
        end += 1
        if (start and lower[start - 1].isalnum()) or (end < n and lower[end].isalnum()):
            continue
        if exact is not None:
            surface = text[start:end]
            for written, more in exact:
                if written == surface:
                    entries = entries + more
            if not entries:
                continue
        cands.append((start, -end, entries, fast))

    has_tags = "#" in text or "@" in text
    ascii_only = text.isascii()
    if not cands and not has_tags and ascii_only:
        return []

    day = on.toordinal() if on is not None else None
    masks = _url_spans(text) if _URL_HINT.search(text) else []
    found: list[tuple[int, int, str, str]] = []  # (start, end, country, kind)

    # 2. hashtags and handles, part by part; their spans are masked for the plain hits
    if has_tags:
        urls = list(masks)
        if "@" in text:
            for m in _HANDLE.finditer(text):
                if not (urls and _overlaps(m.start(), m.end(), urls)):
                    masks.append(m.span())
                    _handle_mentions(text, m, g, day, found)
        if "#" in text:
            for m in _HASHTAG.finditer(text):
                if not (urls and _overlaps(m.start(), m.end(), urls)):
                    masks.append(m.span())
                    _hashtag_mentions(text, m, g, day, found)

    # 3. leftmost-longest among the plain hits (one automaton: no two hits share a span)
    if cands:
        if len(cands) > 1:
            cands.sort(key=_SPAN_ORDER)
        last_end = -1
        for start, neg_end, entries, fast in cands:
            end = -neg_end
            if start < last_end:
                continue
            last_end = end
            if masks and _overlaps(start, end, masks):
                continue
            if fast is not None:
                if end < n:
                    nxt = text[end]
                    if fast[2] and (nxt in _AFTER_PLACE_GAP or nxt.isspace()):
                        m = _NEXT_WORD.match(text, end)
                        if m and m.group(1).lower() in g.after_place:
                            continue
                    if nxt in _APOS_CHARS:
                        end = _possessive_end(text, end)
                found.append((start, end, fast[0], fast[1]))
            else:
                _span_mentions(text, start, end, entries, g, day, found, check_after=True)

    # 4. flags: regional-indicator pairs, and subdivision flags (England, Scotland, Wales);
    #    both are outside the Basic Multilingual Plane, which UTF-16 shows cheaply
    if not ascii_only and len(text.encode("utf-16-le")) > 2 * n:
        for m in _FLAG.finditer(text):
            seq = m.group()
            if seq[0] == "\U0001f3f4":  # tag letters, e.g. gbsct
                a2 = "".join(chr(ord(c) - 0xE0000) for c in seq[1:3]).upper()
            else:
                a2 = chr(ord(seq[0]) - 0x1F1E6 + 65) + chr(ord(seq[1]) - 0x1F1E6 + 65)
            a3 = g.alpha2.get(a2)
            if a3:
                found.append((m.start(), m.end(), a3, "flag"))

    if len(found) > 1:
        found.sort()
    return found


def _span_mentions(text, start, end, entries, g, day, found, check_after=False) -> None:
    """Mentions for one matched span: nothing if it is an exclusion; one per country otherwise."""
    result = []
    final_end = None
    for entry in entries:
        country, kind = entry[0], entry[1]
        if country is None:
            return
        if any(r[2] == country for r in result) or not _in_office(entry, day):
            continue
        if check_after and kind == "place":
            m = _NEXT_WORD.match(text, end)
            if m and m.group(1).lower() in g.after_place:
                continue
        if final_end is None:
            final_end = _possessive_end(text, end)
        result.append((start, final_end, country, kind))
    found.extend(result)


def _atoms(body: str) -> list[tuple[int, int, str]]:
    """Camel-case / underscore / digit parts of a hashtag or handle body, with their offsets.
    An upper-case run that is itself an alias stays whole (``UKRinUN`` → UKR, in, UN)."""
    atoms = []
    for m in _ATOM.finditer(body):
        start, end, word = m.start(), m.end(), m.group()
        if (
            word[-1].islower()
            and len(word) > 1
            and word[0].isupper()
            and word[1].islower()
            and atoms
            and atoms[-1][1] == start
            and atoms[-1][2].isupper()
            and _lookup(_gazetteer(), atoms[-1][2] + word[0]) is not None
        ):  # give the capital back to the run before: "UK" + "Rin" -> "UKR" + "in"
            prev = atoms.pop()
            atoms.append((prev[0], start + 1, prev[2] + word[0]))
            atoms.append((start + 1, end, word[1:]))
            continue
        atoms.append((start, end, word))
    return atoms


def _lookup(g: _Gazetteer, surface: str):
    """Entries whose compact form equals `surface` (case rules applied), or None."""
    found = g.compact.get(_lower(surface))
    if not found:
        return None
    entries = tuple(e for e, allowed in found if allowed is None or surface in allowed)
    return entries or None


def _part_matches(g: _Gazetteer, atoms: list[tuple[int, int, str]]):
    """Leftmost-longest runs of consecutive atoms that spell an alias; a lower-case (or
    capitalised) atom may also start or end with one (``standwithukraine``, ``GermanyinKenya``)."""
    i, n = 0, len(atoms)
    while i < n:
        for j in range(min(n, i + 6), i, -1):
            surface = "".join(a[2] for a in atoms[i:j])
            entries = _lookup(g, surface)
            if entries:
                yield atoms[i][0], atoms[j - 1][1], entries
                i = j
                break
        else:
            start, _end, word = atoms[i]
            if len(word) > _MIN_AFFIX and word[1:].islower():
                yield from _affix_matches(g, start, word)
            i += 1


def _affix_matches(g: _Gazetteer, start: int, word: str):
    """The longest alias that starts the word, and the longest that ends it after that prefix."""
    size = len(word)
    prefix_end = 0
    for k in range(size - 1, _MIN_AFFIX - 1, -1):
        entries = _lookup(g, word[:k])
        if entries:
            yield start, start + k, entries
            prefix_end = k
            break
    for k in range(max(prefix_end, 1), size - _MIN_AFFIX + 1):
        entries = _lookup(g, word[k:])
        if entries:
            yield start + k, start + size, entries
            break


@functools.lru_cache(maxsize=1 << 16)
def _tag_parts(body: str, handle: bool) -> tuple:
    """Aliases inside one hashtag/handle body: ((start, end, entries), …) relative to the body.
    A handle of a media outlet or organisation has none.  Cached: tags repeat a lot."""
    g = _gazetteer()
    atoms = _atoms(body)
    if handle and (
        body.lower() in g.media_handles or any(a[2].lower() in g.media_words for a in atoms)
    ):
        return ()
    return tuple(_part_matches(g, atoms))


def _hashtag_mentions(text: str, m: re.Match, g: _Gazetteer, day: int | None, found: list) -> None:
    offset = m.start(1)
    for start, end, entries in _tag_parts(m.group(1), False):
        _span_mentions(text, offset + start, offset + end, entries, g, day, found)


def _handle_mentions(text: str, m: re.Match, g: _Gazetteer, day: int | None, found: list) -> None:
    seen: list[str] = []
    for _start, _end, entries in _tag_parts(m.group(1), True):
        if any(e[0] is None for e in entries):
            continue
        for entry in entries:
            if entry[0] not in seen and _in_office(entry, day):
                seen.append(entry[0])
                found.append((m.start(), m.end(), entry[0], "handle"))


def country_name(alpha3: str) -> str:
    """English short name for display, e.g. 'KAZ' -> 'Kazakhstan'.  Unknown codes come back as
    given."""
    return _gazetteer().names.get(alpha3, alpha3)


def alias_counts() -> dict[str, int]:
    """Number of surface forms (after expanding case endings) per kind, exclusions as 'block'."""
    return dict(_gazetteer().counts)
