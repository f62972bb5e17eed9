"""A deterministic corpus of saved threads for benchmarks (issue 6, point 1).

`generate_corpus(out_dir, tweets, seed)` writes `tweets` tweets across files of about
`tweets_per_file` tweets, in nested folders of about 100 files (`g000/h07/file_0000123.jsonl`),
mixing every input format threadline reads, in fixed proportions of tweets:

    text         plain `n/m` numbered threads (file name starts with the threads' date)
    reader       a Thread Reader page header, then numbered threads of one author
    front_matter YAML front matter (author, posted, url), then numbered threads
    jsonl        Twitter API v2 tweet objects, one per line
    json         a `{"data": [...], "includes": {"users": [...]}}` API response
    archive      a Twitter archive `tweets.js` (account block + reply chains)
    csv          a CSV export with a header row and conversation ids
    markdown     an unrolled thread as Markdown (one thread per file)

Texts are English, Russian and Ukrainian, 80–280 characters, built from templates whose slots
take officials, places, countries and demonyms from the gazetteer (threadline/data/*.tsv),
hashtags and date expressions (absolute, relative, weekday, month/year, and counts that must
not be read as dates). Every author handle is invented: `sample_…`. Thread sizes are 1–20.

Same seed and size → byte-identical files: one `random.Random(seed)`, no clock, no hashing.
A manifest (`.corpus.json`, hidden, so the pipeline does not read it) records the parameters;
the CLI skips generating when the folder already holds the same corpus:

    python -m benchmarks.corpus OUT_DIR --tweets N [--seed S] [--tweets-per-file K]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import shutil
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from random import Random

GENERATOR_VERSION = 2
MANIFEST = ".corpus.json"
FILES_PER_FOLDER = 100
DATA = Path(__file__).resolve().parent.parent / "threadline" / "data"

# Share of the tweets in each format (sums to 1); files are given the format furthest behind.
FORMAT_SHARES = {
    "text": 0.22,
    "reader": 0.10,
    "front_matter": 0.10,
    "jsonl": 0.15,
    "json": 0.10,
    "archive": 0.10,
    "csv": 0.15,
    "markdown": 0.08,
}
SUFFIX = {"text": ".txt", "reader": ".txt", "front_matter": ".txt", "jsonl": ".jsonl", "json": ".json",
          "archive": ".js", "csv": ".csv", "markdown": ".md"}
LANGS = ("en",) * 12 + ("ru",) * 5 + ("uk",) * 3  # 60 % / 25 % / 15 %
TWITTER_EPOCH_MS = 1288834974657
START = datetime(2014, 1, 1)
SPAN_SECONDS = int((datetime(2024, 12, 31) - START).total_seconds())
WEEKDAYS = "Mon Tue Wed Thu Fri Sat Sun".split()
MONTHS_EN = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()

# ---------------------------------------------------------------- vocabulary from the gazetteer

_PARADIGM = re.compile(r"<[^>]*>")
_ALTERNATIVES = re.compile(r"\{([^|}]*)[^}]*\}")


def _rows(name: str):
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


_SCRIPT = {"en": re.compile(r"^[A-Za-z][A-Za-z .\-]*$"), "ru": re.compile(r"^[А-ЯЁа-яё][А-ЯЁа-яё .\-]*$"),
           "uk": re.compile(r"^[А-ЩЬЮЯҐЄІЇа-щьюяґєії'][А-ЩЬЮЯҐЄІЇа-щьюяґєії' .\-]*$")}
_ENDINGS: dict[str, str] = {}


def _alias(raw: str) -> str | None:
    """The alias as written in text: a paradigm's first (dictionary) form, the first of `{a|b}` alternatives."""
    if not _ENDINGS:
        _ENDINGS.update((cols[0], cols[1].split("|")[0]) for cols in _rows("endings.tsv") if len(cols) > 1)
    alias = _ALTERNATIVES.sub(r"\1", _PARADIGM.sub(lambda m: _ENDINGS.get(m[0][1:-1], ""), raw)).strip()
    if not alias or any(c in alias for c in "*()[]\\<>{}|") or len(alias) > 30:
        return None
    return alias


def _pools(name: str, kind_column: int, kinds: set[str], lang_column: int) -> dict[str, list[str]]:
    pools: dict[str, list[str]] = {"en": [], "ru": [], "uk": []}
    for cols in _rows(name):
        if len(cols) <= max(kind_column, lang_column) or cols[kind_column] not in kinds:
            continue
        alias = _alias(cols[0])
        if alias is None:
            continue
        lang = cols[lang_column]
        for target in (("en", "ru", "uk") if lang == "mul" else (lang,)):
            if target in pools and alias not in pools[target] and _SCRIPT[target].match(alias):
                pools[target].append(alias)
    return pools


def _date_words() -> dict[tuple[str, str], list[tuple[str, str, str]]]:
    words: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for cols in _rows("date_words.tsv"):
        if len(cols) >= 4 and "*" not in cols[2]:
            words.setdefault((cols[0], cols[1]), []).append((cols[2], cols[3], cols[4] if len(cols) > 4 else ""))
    return words


class Vocabulary:
    """Slot values per language, read once from threadline/data."""

    def __init__(self) -> None:
        self.officials = _pools("officials.tsv", 1, {"KAZ", "RUS", "UKR", "BLR", "USA", "DEU", "FRA", "GBR", "POL", "TUR", "GEO", "ARM", "AZE", "KGZ", "UZB", "MDA", "CHN"}, 4)
        self.places = _pools("places.tsv", 2, {"place"}, 3)
        self.place_demonyms = _pools("places.tsv", 2, {"demonym"}, 3)
        self.countries = _pools("countries.tsv", 2, {"name"}, 3)
        self.demonyms = _pools("countries.tsv", 2, {"demonym"}, 3)
        for pools in (self.officials, self.places, self.countries, self.demonyms, self.place_demonyms):
            for lang in pools:
                pools[lang] = pools[lang] or pools["en"]
        words = _date_words()
        cap = lambda s: s[:1].upper() + s[1:]  # noqa: E731
        en_months = [cap(f) for f, v, fl in words[("month", "en")] if "alone" in fl or f == "may" or f == "march"]
        en_months = [m for m in en_months if len(m) > 3]
        genitive = {lang: [f for f, v, fl in words[("month", lang)] if fl == "prep" and f.endswith(("я", "а", "ого"))] for lang in ("ru", "uk")}
        locative = {lang: [f for f, v, fl in words[("month", lang)] if fl == "prep" and f.endswith(("е", "і", "ому"))] for lang in ("ru", "uk")}
        relday = {lang: [f for f, v, fl in words[("relday", lang)]] for lang in ("en", "ru", "uk")}
        weekday = {"en": [cap(f) for f, v, fl in words[("weekday", "en")]],
                   "ru": [f for f, v, fl in words[("weekday", "ru")] if f.endswith(("у", "ник", "г", "е"))],
                   "uk": [f for f, v, fl in words[("weekday", "uk")] if f.endswith(("у", "ок", "ер", "ю"))]}
        self.dates = self._date_expressions(en_months, genitive, locative, relday, weekday)
        self.hashtags = {
            "en": ["#Ukraine", "#Kazakhstan", "#Russia", "#Belarus", "#StandWithUkraine", "#Qantar", "#Almaty", "#Kyiv", "#OSINT"],
            "ru": ["#Украина", "#Казахстан", "#Россия", "#НетВойне", "#Алматы", "#Беларусь"],
            "uk": ["#Україна", "#Київ", "#Харків", "#Росія", "#Казахстан"],
        }

    @staticmethod
    def _date_expressions(en_months, genitive, locative, relday, weekday) -> dict[str, list[str]]:
        """A fixed list of date expressions per language (built without randomness)."""
        out: dict[str, list[str]] = {"en": [], "ru": [], "uk": []}
        years = (2016, 2019, 2021, 2022, 2023)
        for i, month in enumerate(en_months):
            day, year = 1 + (i * 7) % 28, years[i % len(years)]
            out["en"] += [f"on {day} {month} {year}", f"on {month} {day}", f"{month} {day}, {year}",
                          f"in {month} {year}", f"in {month}", f"{year}-{(i % 12) + 1:02d}-{day:02d}",
                          f"{day:02d}.{(i % 12) + 1:02d}.{year}"]
        for lang, year_word in (("ru", "года"), ("uk", "року")):
            prep = "в" if lang == "ru" else "у"
            for i, month in enumerate(genitive[lang]):
                day, year = 1 + (i * 5) % 28, years[i % len(years)]
                out[lang] += [f"{day} {month}", f"{day} {month} {year} {year_word}"]
            for i, month in enumerate(locative[lang]):
                out[lang] += [f"{prep} {month}", f"{prep} {month} {years[i % len(years)]} {year_word}"]
        out["en"] += relday["en"] + ["2 days ago", "three days ago", "a week ago", "last week", "last month", "next week"]
        out["ru"] += relday["ru"] + ["два дня назад", "неделю назад", "на прошлой неделе", "в прошлом месяце"]
        out["uk"] += relday["uk"] + ["два дні тому", "тиждень тому", "минулого тижня", "минулого місяця"]
        out["en"] += [f"on {w}" for w in weekday["en"]] + [f"last {w}" for w in weekday["en"]]
        out["ru"] += [f"в {w}" if not w.startswith("в") else f"во {w}" for w in weekday["ru"]]
        out["uk"] += [f"у {w}" for w in weekday["uk"]]
        return out


# Counts that contain 4-digit numbers or numbering and must not be read as dates.
NOT_DATES = {
    "en": ["about 2000 troops", "some 1500 people", "No. 2011", "at least 3000 detained", "convoy of 1200 vehicles",
           "part 2 of 5", "2,000 soldiers", "1930 GMT", "route 2022 closed"],
    "ru": ["около 2000 человек", "более 1500 задержанных", "№ 2011", "колонна из 1200 машин", "часть 2 из 5"],
    "uk": ["близько 2000 людей", "понад 1500 затриманих", "№ 2011", "колона з 1200 машин", "частина 2 з 5"],
}

TEMPLATES = {
    "en": [
        "{official} met officials in {place} {date}, according to local media.",
        "Reports of shelling near {place} {date}; {demonym} volunteers are evacuating families.",
        "{official} said {date} that talks with {country} will resume, {notdate} were mentioned.",
        "Protests in {place} continued {date}. Police detained {notdate}, witnesses say.",
        "The {demonym} foreign ministry summoned the ambassador of {country} {date}.",
        "Satellite images from {date} show {notdate} near {place}, close to the border with {country}.",
        "{official} arrived in {place} {date} for a visit that was not announced in advance.",
        "Power cuts across {place} {date}; the grid operator blames strikes on substations.",
        "Sanctions on {country} were extended {date}, the council said in a statement.",
        "Local {placedemonym} queued for fuel {date} as prices doubled overnight.",
        "Court in {place} sentenced a journalist {date}; {official} declined to comment.",
        "Thread on what happened in {place} {date}, with sources below.",
    ],
    "ru": [
        "{official} встретился с чиновниками в {place} {date}, сообщают местные СМИ.",
        "Сообщают об обстрелах у {place} {date}; волонтёры вывозят семьи.",
        "{official} заявил {date}, что переговоры с {country} продолжатся, упоминались {notdate}.",
        "Акции протеста в {place} продолжились {date}. Задержаны {notdate}, пишут очевидцы.",
        "МИД вызвал посла {country} {date}, говорится в заявлении.",
        "Спутниковые снимки {date} показывают {notdate} возле {place}.",
        "Суд в {place} вынес приговор журналисту {date}; {official} отказался от комментариев.",
        "Отключения света в {place} {date}: удары по подстанциям, пишут {demonym} каналы.",
    ],
    "uk": [
        "{official} зустрівся з посадовцями в {place} {date}, повідомляють місцеві ЗМІ.",
        "Повідомляють про обстріли біля {place} {date}; волонтери вивозять родини.",
        "{official} заявив {date}, що переговори з {country} продовжаться, згадували {notdate}.",
        "Протести в {place} тривали {date}. Затримано {notdate}, кажуть свідки.",
        "МЗС викликало посла {country} {date}, йдеться в заяві.",
        "Супутникові знімки {date} показують {notdate} поблизу {place}.",
        "Відключення світла в {place} {date}: удари по підстанціях, пишуть {demonym} канали.",
    ],
}
FILLERS = {
    "en": ["More details as they come in.", "Sources in the replies.", "This is still developing.",
           "Not independently confirmed yet.", "Maps and photos below."],
    "ru": ["Подробности ниже.", "Источники в ответах.", "Информация уточняется.", "Пока не подтверждено."],
    "uk": ["Подробиці нижче.", "Джерела у відповідях.", "Інформація уточнюється.", "Поки не підтверджено."],
}
SLOTS = ("official", "place", "country", "demonym", "placedemonym", "date", "notdate")
# A thread keeps coming back to its few people and places, as real ones do (the bundled sample
# has about 5 country rows per event); each slot comes from the thread's own few values this often.
FOCUS_SLOTS, FOCUS_SIZE, FOCUS_SHARE = ("official", "place", "country", "demonym", "placedemonym"), 2, 0.8


class _Slots(dict):
    def __init__(self, writer: "Writer", pools: dict[str, list[str]], focus: dict[str, list[str]]) -> None:
        super().__init__()
        self.writer, self.pools, self.focus = writer, pools, focus

    def __missing__(self, name: str) -> str:
        pool = self.focus[name] if name in self.focus and self.writer.r() < FOCUS_SHARE else self.pools[name]
        value = self[name] = self.writer.pick(pool)
        return value


class Writer:
    """Builds texts and files from one random stream."""

    def __init__(self, seed: int, vocabulary: Vocabulary) -> None:
        self.rng = Random(seed)
        self.r = self.rng.random
        v = vocabulary
        self.slots = {lang: {"official": v.officials[lang], "place": v.places[lang], "country": v.countries[lang],
                             "demonym": v.demonyms[lang], "placedemonym": v.place_demonyms[lang] or v.demonyms[lang],
                             "date": v.dates[lang], "notdate": NOT_DATES[lang]} for lang in ("en", "ru", "uk")}
        self.hashtags = v.hashtags
        self.handles = [f"sample_{a}_{b}" for a in ("osint", "watch", "notes", "monitor", "desk", "reporter", "analyst", "map")
                        for b in ("kz", "ua", "ru", "by", "ge", "am", "east", "news", "live", "daily", "field", "intl")]
        self.handles = [f"{h}{i}" if i else h for i in range(4) for h in self.handles]
        self.status = 0  # a counter that makes every status id unique

    def pick(self, items):
        return items[int(self.r() * len(items))]

    def text(self, lang: str, focus: dict[str, list[str]]) -> str:
        """One tweet's text, 80–280 characters."""
        pick = self.pick
        values = _Slots(self, self.slots[lang], focus)  # a slot is drawn the first time a template uses it
        parts = [pick(TEMPLATES[lang]).format_map(values)]
        length = len(parts[0])
        while length < 80 or (length < 180 and self.r() < 0.5):
            more = pick(TEMPLATES[lang]).format_map(values) if self.r() < 0.5 else pick(FILLERS[lang])
            parts.append(more)
            length += len(more) + 1
        if self.r() < 0.6:
            tag = pick(self.hashtags[lang])
            parts.append(tag)
            length += len(tag) + 1
        text = " ".join(parts)
        if len(text) > 280:
            text = text[:280].rsplit(" ", 1)[0].rstrip(",;:")
        if len(text) < 80:  # a long word cut away too much
            text = (text + " " + pick(FILLERS[lang])).strip()[:280]
        return text

    def status_id(self, moment: datetime) -> str:
        ms = int((moment - datetime(1970, 1, 1)).total_seconds() * 1000) - TWITTER_EPOCH_MS
        self.status += 1
        return str((ms << 22) | (self.status & 0x3FFFFF))

    def thread(self, size: int, author: str | None = None) -> dict:
        lang = self.pick(LANGS)
        start = START + timedelta(seconds=int(self.r() * SPAN_SECONDS))
        times = [start + timedelta(seconds=90 * k + int(self.r() * 60)) for k in range(size)]
        focus = {slot: [self.pick(self.slots[lang][slot]) for _ in range(FOCUS_SIZE)] for slot in FOCUS_SLOTS}
        return {"lang": lang, "author": author or self.pick(self.handles), "times": times,
                "ids": [self.status_id(t) for t in times], "texts": [self.text(lang, focus) for _ in range(size)]}


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _twitter_time(m: datetime) -> str:
    return f"{WEEKDAYS[m.weekday()]} {MONTHS_EN[m.month - 1]} {m.day:02d} {m.hour:02d}:{m.minute:02d}:{m.second:02d} +0000 {m.year}"


def _numbered(thread: dict) -> list[str]:
    total = len(thread["texts"])
    return [f"{i}/{total} {text}" for i, text in enumerate(thread["texts"], start=1)]


def render(fmt: str, threads: list[dict], author: str, w: Writer) -> str:
    """The content of one file of format fmt holding threads."""
    if fmt == "text":
        return "\n\n".join("\n".join(_numbered(t)) for t in threads) + "\n"
    if fmt == "reader":
        first = threads[0]["times"][0]
        count = sum(len(t["texts"]) for t in threads)
        head = (f"Thread by @{author} on Thread Reader App\n{author.replace('_', ' ').title()}\n@{author}\n"
                f"{MONTHS_EN[first.month - 1]} {first.day}, {first.year} • {count} tweets • {max(1, count // 5)} min read\n"
                "Bookmark Save as PDF My Authors\n")
        return head + "\n".join(line for t in threads for line in _numbered(t)) + "\n• • •\n"
    if fmt == "front_matter":
        first = threads[0]["times"][0]
        head = (f"---\nauthor: {author}\nposted: {first:%Y-%m-%d}\nurl: https://example.org/sample/{threads[0]['ids'][0]}\n"
                "note: generated by benchmarks.corpus\n---\n")
        return head + "\n\n".join("\n".join(_numbered(t)) for t in threads) + "\n"
    if fmt in ("jsonl", "json"):
        objects = []
        for t in threads:
            user_id = str(1000 + w.handles.index(t["author"]))
            for tid, moment, text in zip(t["ids"], t["times"], t["texts"]):
                obj = {"id": tid, "conversation_id": t["ids"][0], "author_id": user_id}
                if fmt == "jsonl":
                    obj["username"] = t["author"]
                obj.update(created_at=_iso(moment), lang=t["lang"], text=text)
                objects.append(obj)
        if fmt == "jsonl":
            return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects)
        users = sorted({(str(1000 + w.handles.index(t["author"])), t["author"]) for t in threads})
        # One tweet object a line, indented (a line starting with "{" would read as JSON Lines).
        data = ",\n".join("  " + json.dumps(o, ensure_ascii=False) for o in objects)
        included = json.dumps({"users": [{"id": i, "username": u} for i, u in users]}, ensure_ascii=False)
        return f'{{"data": [\n{data}\n ],\n "includes": {included}\n}}\n'
    if fmt == "archive":
        items = []
        for t in threads:
            parent = None
            for tid, moment, text in zip(t["ids"], t["times"], t["texts"]):
                tweet = {"id_str": tid, "id": tid, "created_at": _twitter_time(moment), "full_text": text,
                         "lang": t["lang"], "favorite_count": "0", "retweet_count": "0"}
                if parent:
                    tweet.update(in_reply_to_status_id_str=parent, in_reply_to_screen_name=author)
                items.append('  {\n    "tweet" : ' + json.dumps(tweet, ensure_ascii=False) + "\n  }")
                parent = tid
        account = json.dumps({"account": {"username": author, "accountDisplayName": author.replace("_", " ").title()}})
        return (f"window.YTD.account.part0 = [\n  {account}\n]\n"
                "window.YTD.tweets.part0 = [\n" + ",\n".join(items) + "\n]\n")
    if fmt == "csv":
        buffer = io.StringIO()
        out = csv.writer(buffer, lineterminator="\n")
        out.writerow(["created_at", "id_str", "full_text", "screen_name", "conversation_id", "lang", "url"])
        for t in threads:
            for tid, moment, text in zip(t["ids"], t["times"], t["texts"]):
                out.writerow([f"{moment:%Y-%m-%d %H:%M:%S}", tid, text, t["author"], t["ids"][0], t["lang"],
                              f"https://twitter.com/{t['author']}/status/{tid}"])
        return buffer.getvalue()
    if fmt == "markdown":
        t = threads[0]
        root = t["ids"][0]
        head = (f"# Thread {root} by {author}\n\nAuthor: [{author.replace('_', ' ').title()}](https://twitter.com/{author})  \n"
                f"*Links to this thread: [Twitter](https://twitter.com/{author}/status/{root}), "
                f"[ThreadReader](https://threadreaderapp.com/thread/{root}.html)*\n\n")
        return head + "\n\n".join(t["texts"]) + "\n"
    raise ValueError(f"unknown format {fmt!r}")


def _relative_path(index: int, fmt: str, threads: list[dict], per_folder: int = FILES_PER_FOLDER) -> str:
    leaf = index // per_folder
    name = f"file_{index:07d}{SUFFIX[fmt]}"
    if fmt == "text":  # plain-text threads are dated by their file name
        name = f"{threads[0]['times'][0]:%Y-%m-%d}_{name}"
    return f"g{leaf // per_folder:03d}/h{leaf % per_folder:02d}/{name}"


def _read_manifest(out_dir: Path) -> dict | None:
    try:
        return json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _parameters(tweets: int, seed: int, tweets_per_file: int, files_per_folder: int = FILES_PER_FOLDER) -> dict:
    return {"generator_version": GENERATOR_VERSION, "tweets": tweets, "seed": seed, "tweets_per_file": tweets_per_file,
            "files_per_folder": files_per_folder}


def existing_corpus(out_dir: Path, tweets: int, seed: int = 0, tweets_per_file: int = 100,
                    files_per_folder: int = FILES_PER_FOLDER) -> dict | None:
    """The summary of the corpus already in out_dir when it was made with these parameters, else None."""
    manifest = _read_manifest(Path(out_dir))
    if manifest and manifest.get("parameters") == _parameters(tweets, seed, tweets_per_file, files_per_folder):
        return manifest.get("summary")
    return None


def _clear(out_dir: Path) -> None:
    """Remove a previous corpus (only folders its manifest names); refuse a folder holding anything else."""
    manifest = _read_manifest(out_dir)
    if manifest is None:
        if out_dir.exists() and any(out_dir.iterdir()):
            raise FileExistsError(f"{out_dir} is not empty and holds no corpus manifest; refusing to write into it")
        return
    (out_dir / MANIFEST).unlink()
    for folder in manifest.get("folders", []):
        target = out_dir / folder
        if re.fullmatch(r"g\d{3,}", folder) and target.is_dir():
            shutil.rmtree(target)


def generate_corpus(out_dir: Path, tweets: int, seed: int = 0, tweets_per_file: int = 100,
                    files_per_folder: int = FILES_PER_FOLDER) -> dict:
    """Write the corpus into out_dir and return its summary (files, tweets, threads, bytes, per format).
    Folders: g000/h00 … h99 (files_per_folder files each, files_per_folder leaf folders per top folder)."""
    if tweets < 0 or tweets_per_file < 1 or not 1 <= files_per_folder <= 100:
        raise ValueError("tweets must be ≥ 0 and tweets_per_file ≥ 1")
    out_dir = Path(out_dir)
    _clear(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    w = Writer(seed, Vocabulary())
    per_format = {fmt: {"files": 0, "tweets": 0, "threads": 0, "bytes": 0} for fmt in FORMAT_SHARES}
    made_folders: set[str] = set()
    written = index = total_bytes = total_threads = 0
    while written < tweets:
        # The format furthest behind its share of the tweets written so far (ties: the first listed).
        fmt = min(FORMAT_SHARES, key=lambda f: per_format[f]["tweets"] - FORMAT_SHARES[f] * (written + 1))
        capacity = min(tweets_per_file, tweets - written)
        author = w.pick(w.handles)
        single_author = fmt in ("reader", "front_matter", "archive", "markdown")
        threads = []
        in_file = 0
        while in_file < capacity:
            size = min(1 + int(w.r() * 20), capacity - in_file)
            threads.append(w.thread(size, author if single_author else None))
            in_file += size
            if fmt == "markdown":
                break
        relative = _relative_path(index, fmt, threads, files_per_folder)
        folder = relative.rsplit("/", 1)[0]
        if folder not in made_folders:
            (out_dir / folder).mkdir(parents=True, exist_ok=True)
            made_folders.add(folder)
        data = render(fmt, threads, author, w).encode("utf-8")
        (out_dir / relative).write_bytes(data)
        counts = per_format[fmt]
        counts["files"] += 1
        counts["tweets"] += in_file
        counts["threads"] += len(threads)
        counts["bytes"] += len(data)
        written += in_file
        total_threads += len(threads)
        total_bytes += len(data)
        index += 1
    summary = {"out_dir": str(out_dir), "files": index, "tweets": written, "threads": total_threads,
               "bytes": total_bytes, "folders": len(made_folders), "seed": seed, "formats": per_format}
    manifest = {"parameters": _parameters(tweets, seed, tweets_per_file, files_per_folder),
                "folders": sorted({f.split("/", 1)[0] for f in made_folders}), "summary": summary}
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--tweets", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tweets-per-file", type=int, default=100)
    args = parser.parse_args(argv)
    summary = existing_corpus(args.out_dir, args.tweets, args.seed, args.tweets_per_file)
    if summary is not None:
        summary = {**summary, "cached": True, "seconds": 0.0}
    else:
        started = time.perf_counter()
        summary = generate_corpus(args.out_dir, args.tweets, args.seed, args.tweets_per_file)
        summary = {**summary, "cached": False, "seconds": round(time.perf_counter() - started, 2)}
    json.dump(summary, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
