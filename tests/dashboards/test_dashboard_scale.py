"""The pages of a large database: built from DuckDB (200,000 events made with SQL in the test), every
page stays small, the charts count every event, the rows shown one by one are bounded and say so,
and what the database counts is what the pages count from rows when they hold them all."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from dashboards import PAGES, read_site_tables, write_site_tables
from dashboards.limits import DETAIL_EVENTS, TABLE_ROWS
from dashboards.pages import render_site
from dashboards.queries import TABLES_WITH_ROWIDS
from dashboards.prep import is_null
from dashboards.site import load_site
from dashboards.worldmap import shape_codes
from tests.dashboards.synthetic_db import COUNTRIES, make_db
from tests.dashboards.test_dashboard_pages import assert_plotly_takes_as_is, client_data, figures, parse
from threadline.countries import country_name
from threadline.schema import ALL_TABLES
from threadline.store import ensure_schema

BIG = 200_000
ISSUES = 3 * TABLE_ROWS
PAGE_LIMIT = 10_000_000  # bytes: a page and everything it loads but the shared plotly.min.js


def reader(con: duckdb.DuckDBPyConnection):
    return lambda sql, params=(): con.execute(sql, list(params)).fetchdf()


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("big")
    con = duckdb.connect(str(make_db(root / "big.duckdb", BIG, issues=ISSUES)), read_only=True)
    tables = read_site_tables(reader(con), country_name)
    pages = write_site_tables(tables, root / "out")
    yield SimpleNamespace(
        out=root / "out",
        pages=pages,
        text={name: path.read_text(encoding="utf-8") for name, path in pages.items()},
        data=client_data(root / "out"),
        tables=tables,
        sql=lambda sql: con.execute(sql).fetchall(),
        con=con,
    )
    con.close()


def test_the_rows_made_ready_while_reading_give_the_same_files(big, tmp_path: Path):
    """The rows shown, made ready for the pages in a thread while the counts are read (tables.shown),
    give the very bytes the page writer makes from the rows themselves."""
    assert big.tables.shown is not None
    write_site_tables(replace(big.tables, shown=None), tmp_path)
    written = sorted(p.name for p in big.out.iterdir())
    assert written == sorted(p.name for p in tmp_path.iterdir())
    for name in written:
        assert (tmp_path / name).read_bytes() == (big.out / name).read_bytes(), name


def one(big, sql: str) -> int:
    return big.sql(sql)[0][0]


def cards(text: str) -> dict[str, str]:
    return {label: num for num, label in re.findall(r'<span class="num(?: small)?">([^<]*)</span><span class="label">([^<]*)</span>', text)}


def total(trace_values) -> int:
    return sum(sum(v or 0 for v in values) for values in trace_values)


DATED_EVENTS = "SELECT count(*) FROM events WHERE event_date IS NOT NULL"
# Events per country their tweet names, and events with no country at all, as the count charts stack them.
NAMED_DATED = """
    SELECT (SELECT count(*) FROM events e JOIN event_countries ec USING (event_id) WHERE ec.how = 'explicit' AND e.event_date IS NOT NULL)
         + (SELECT count(*) FROM events e WHERE e.event_date IS NOT NULL AND NOT EXISTS (SELECT 1 FROM event_countries ec WHERE ec.event_id = e.event_id))
"""


# ---------------------------------------------------------------- size


def test_every_page_with_what_it_loads_stays_under_10_mb_but_plotly(big):
    for page in PAGES:
        srcs = [a.get("src") or a.get("href") for t, a in parse(big.text[page.name]).tags if t in ("script", "link") and (a.get("src") or a.get("rel") == "stylesheet")]
        loaded = [big.out / s for s in srcs if s and s != "plotly.min.js"]
        size = big.pages[page.name].stat().st_size + sum(p.stat().st_size for p in loaded)
        assert size <= PAGE_LIMIT, (page.name, size)


def test_every_figure_of_the_counted_pages_is_one_plotly_accepts_as_it_stands(big):
    for name, text in big.text.items():
        for plot, fig in figures(text).items():
            assert_plotly_takes_as_is(fig, plot)


# ---------------------------------------------------------------- the rows shown one by one


def test_the_events_shown_one_by_one_are_bounded_and_the_pages_say_so(big):
    shown = len(big.data["events"]["id"])
    assert 0 < shown <= DETAIL_EVENTS
    assert big.data["partial"] == {"shown": shown, "total": BIG}
    note = f"Showing {shown:,} of {BIG:,} events"
    assert note in big.text["timeline"] and f'data-partial="{shown} {BIG}"' in big.text["timeline"]
    assert "query the DuckDB tables events and event_countries for the rest" in big.text["timeline"]
    threads = one(big, "SELECT count(*) FROM threads")
    assert re.search(rf"Showing [\d,]+ of {threads:,} threads", big.text["threads"])
    assert f"Showing {TABLE_ROWS:,} of {ISSUES:,} ingest issues" in big.text["quality"]
    assert f"Showing {TABLE_ROWS:,} of {one(big, 'SELECT count(*) FROM source_files'):,} files" in big.text["quality"]
    # The tables cut to what is said: TABLE_ROWS issue rows, every one with a message.
    issue_rows = big.text["quality"].split('id="issue-list"', 1)[1]
    assert issue_rows.count('<span class="sev-') == TABLE_ROWS


def test_the_events_shown_are_the_newest_threads_whole(big):
    ids = big.data["events"]["id"]
    threads = {i.rsplit("/", 1)[0] for i in ids}
    per_thread = dict(big.sql("SELECT thread_id, count(*) FROM events GROUP BY thread_id"))
    assert sum(per_thread[t] for t in threads) == len(ids)  # every event of each thread shown
    newest = one(big, "SELECT max(event_date) FROM events")
    assert newest.isoformat() in big.data["events"]["date"]


def test_every_event_shown_links_to_its_tweet_in_the_thread_explorer(big):
    anchors = set(re.findall(r'<li id="([a-z0-9-]+)">', big.text["threads"]))
    links = big.data["events"]["link"]
    assert links and all(link.removeprefix("threads.html#") in anchors for link in links)


def test_markers_carry_the_countries_tweets_name_and_the_hover_comes_from_the_data(big):
    fig = figures(big.text["timeline"])["timeline-plot"]
    assert fig["layout"]["meta"]["hover"] == "data"
    markers = [t for t in fig["data"] if t.get("customdata")]
    assert all("hovertext" not in t for t in markers)
    dated = [r for r, e in enumerate(big.data["rows"]["e"]) if big.data["events"]["date"][e]]
    assert sorted(r for t in markers for r in t["customdata"]) == dated  # a marker per dated row shown
    assert 'name="i"' not in big.text["timeline"]  # no inherited toggle: the rows hold the countries named
    assert not any(big.data["rows"]["i"])


# ---------------------------------------------------------------- the counts cover every event


def test_the_index_counts_every_row_of_the_database(big):
    shown = cards(big.text["index"])
    assert shown["events"] == f"{BIG:,}"
    assert shown["tweets"] == f"{one(big, 'SELECT count(*) FROM tweets'):,}"
    assert shown["threads"] == f"{one(big, 'SELECT count(*) FROM threads'):,}"
    assert shown["files"] == f"{one(big, 'SELECT count(*) FROM source_files'):,}"
    assert shown["countries"] == str(one(big, "SELECT count(DISTINCT country) FROM event_countries"))
    undated = one(big, "SELECT count(*) FROM events WHERE event_date IS NULL")
    assert f"undated ({undated:,})" in shown
    errors = one(big, "SELECT count(*) FROM ingest_issues WHERE severity = 'error'")
    assert shown[f"ingest issues ({errors:,} errors)"] == f"{ISSUES:,}"
    overview = figures(big.text["index"])["overview-plot"]
    assert total(t["y"] for t in overview["data"]) == one(big, DATED_EVENTS)


def test_the_timeline_and_activity_charts_count_every_dated_event(big):
    expected = one(big, NAMED_DATED)
    counts = figures(big.text["timeline"])["timeline-counts-plot"]
    assert total(t["y"] for t in counts["data"]) == expected
    activity = figures(big.text["activity"])["activity-plot"]
    assert total(t["y"] for t in activity["data"]) == expected
    assert "data-filter" not in big.text["activity"].split('id="activity-plot"', 1)[1].split(">", 1)[0]
    for button in activity["layout"]["updatemenus"][0]["buttons"]:  # per week, per day: the same events
        assert total(button["args"][0]["y"]) == expected, button["label"]


def test_the_countries_and_the_map_count_the_countries_named(big):
    named = dict(big.sql("SELECT country, count(*) FROM event_countries WHERE how = 'explicit' GROUP BY country"))
    inherited = dict(big.sql("SELECT country, count(*) FROM event_countries WHERE how = 'inherited' GROUP BY country"))
    bars = {t["name"]: dict(zip(t["y"], t["x"])) for t in figures(big.text["index"])["countries-plot"]["data"]}
    assert bars["named in the tweet"] == {country_name(c): n for c, n in named.items()}
    assert bars["inherited from the thread"] == {country_name(c): n for c, n in inherited.items()}
    world = figures(big.text["map"])["map-plot"]
    z = dict(zip(world["data"][0]["locations"], world["data"][0]["z"]))
    assert {c: n for c, n in z.items() if n} == {c: n for c, n in named.items() if c in shape_codes()}
    steps = world["layout"]["sliders"][0]["steps"]
    assert sum(total(s["args"][0]["z"]) for s in steps[1:]) == one(
        big, "SELECT count(*) FROM events JOIN event_countries USING (event_id) WHERE how = 'explicit' AND event_date IS NOT NULL"
    )
    assert 'data-map="counts"' in big.text["map"]


def test_the_heatmap_counts_pairs_as_a_plain_self_join_does(big):
    heat = figures(big.text["comentions"])["comentions-plot"]
    names = heat["data"][0]["x"]
    codes = {country_name(c): c for c in COUNTRIES}
    tweet, thread = (b["args"][0]["z"][0] for b in heat["layout"]["updatemenus"][0]["buttons"])
    pair = """SELECT a.country, b.country, count(*) FROM event_countries a JOIN event_countries b
              ON a.event_id = b.event_id AND a.country < b.country {} GROUP BY ALL"""
    same_tweet = {(a, b): n for a, b, n in big.sql(pair.format("WHERE a.how = 'explicit' AND b.how = 'explicit'"))}
    same_thread = {(a, b): n for a, b, n in big.sql(pair.format(""))}
    for i, x in enumerate(names):
        for j, y in enumerate(names):
            key = tuple(sorted((codes[x], codes[y])))
            if i != j:
                assert tweet[i][j] == same_tweet.get(key, 0) and thread[i][j] == same_thread.get(key, 0), key


def test_the_officials_and_the_issue_kinds_count_every_row(big):
    officials = figures(big.text["comentions"])["officials-plot"]
    counted = {t["name"]: sum(t["x"]) for t in officials["data"]}
    by_country = dict(big.sql("SELECT country, count(*) FROM event_countries WHERE kind = 'official' AND how = 'explicit' GROUP BY ALL"))
    assert counted and all(n == by_country[code] for code, n in ((c, counted[country_name(c)]) for c in by_country if country_name(c) in counted))
    kinds = big.text["quality"].split('id="issue-kinds"', 1)[1].split("</table>", 1)[0]
    assert sum(int(n.replace(",", "")) for n in re.findall(r'<td>(?:error|warning)</td><td class="text">[^<]*</td><td class="num">([\d,]+)</td>', kinds)) == ISSUES


# ---------------------------------------------------------------- the database counts as the rows do


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory):
    """A database small enough to be shown whole: its rows and what its database counts."""
    path = make_db(tmp_path_factory.mktemp("small") / "small.duckdb", 2000, issues=30)
    with duckdb.connect(str(path), read_only=True) as con:
        return read_site_tables(reader(con), country_name)


def test_a_small_database_is_shown_whole(small):
    assert small.totals.events == len(set(small.events["event_id"])) == 2000
    assert small.counts is not None and "inherited" in set(small.events["how"])


def counted_both_ways(tables):
    """The site worked out from the rows alone and from the database's counts, after checking
    that every count the pages show is the same both ways."""
    from_rows = load_site(tables.events, tables.issues, tables.files, tables.threads, tables.tweets)
    from_sql = load_site(tables.events, tables.issues, tables.files, tables.threads, tables.tweets, None, tables.totals, tables.counts)
    assert from_sql.totals == from_rows.totals
    for view in ("weekly", "country_counts", "map_counts", "heatmap", "officials", "file_dates", "names"):
        assert getattr(from_sql, view) == getattr(from_rows, view), view
    return from_rows, from_sql


def test_the_database_counts_what_the_rows_add_up_to(small):
    from_rows, from_sql = counted_both_ways(small)
    # A row per dated event and country its tweet names, or no country at all.
    rows = from_rows.events.to_dict("records")
    assert sum(n for _, _, n in from_sql.days) == sum(1 for r in rows if r["event_date"] is not None and r["how"] != "inherited")


# Odd values the pages read in their own way: precisions in other cases, padded, blank or coarse; a
# country named with no `how`; a thread naming no country. Thread t1 names KAZ and UKR, t3 RUS.
ODD_EVENTS = [  # event, thread, day, precision, [(country, how, surface, kind)]
    ("e1", "t1", "2022-01-03", " Day ", [("KAZ", "explicit", "Astana", "place"), ("UKR", "inherited", None, None)]),
    ("e2", "t1", "2022-01-10", "WEEK", [("UKR", None, "Kyiv", "place"), ("KAZ", "inherited", None, None)]),
    ("e3", "t1", "2022-02-01", "month", [("KAZ", "inherited", None, None), ("UKR", "inherited", None, None)]),
    ("e4", "t2", "2022-01-04", " ", []),
    ("e5", "t3", "2022-03-01", "year", [("RUS", "explicit", "Putin", "official")]),
    ("e6", "t3", None, None, [("RUS", "explicit", "Putin’s", "official")]),
]


@pytest.fixture(scope="module")
def odd_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("odd") / "odd.duckdb"
    with duckdb.connect(str(path)) as con:
        ensure_schema(con)
        for event, thread, day, precision, countries in ODD_EVENTS:
            con.execute("INSERT INTO tweets (tweet_id, thread_id, source_file, position, text) VALUES (?, ?, 'f.txt', 1, ?)", [event, thread, f"tweet {event}"])
            con.execute(
                "INSERT INTO events (event_id, tweet_id, thread_id, source_file, event_date, date_precision, date_source, event_type) "
                "VALUES (?, ?, ?, 'f.txt', ?, ?, 'text', 'protest')",
                [event, event, thread, day, precision],
            )
            for country, how, surface, kind in countries:
                con.execute("INSERT INTO event_countries VALUES (?, 'f.txt', ?, ?, ?, ?)", [event, country, how, surface, kind])
        for thread in sorted({t for _, t, *_ in ODD_EVENTS}):
            con.execute("INSERT INTO threads (thread_id, source_file, thread_seq) VALUES (?, 'f.txt', ?)", [thread, int(thread[1:])])
    return path


def read_tables(path: Path, **limits):
    with duckdb.connect(str(path), read_only=True) as con:
        return read_site_tables(reader(con), country_name, **limits)


@pytest.fixture(scope="module")
def odd(odd_db: Path):
    return read_tables(odd_db)


def test_odd_values_are_counted_by_the_database_as_the_pages_read_the_rows(odd):
    _, from_sql = counted_both_ways(odd)
    # e1, e2 by the countries they name; e4 (its thread names none) under no country; e3 (a month), e5
    # (a year) and e6 (undated) not at all.
    assert sorted(from_sql.days, key=str) == sorted(
        [(date(2022, 1, 3), "KAZ", 1), (date(2022, 1, 10), "UKR", 1), (date(2022, 1, 4), None, 1)], key=str
    )


def test_the_newest_threads_rows_keep_the_countries_named_else_those_inherited(odd, odd_db):
    newest = read_tables(odd_db, detail_events=5)
    assert newest.counts is not None and newest.totals == odd.totals

    def records(frame):
        return [{k: (None if is_null(v) else v) for k, v in r.items()} for r in frame.to_dict("records")]

    every = records(odd.events)
    shown_threads = {"t1", "t3"}  # the newest (t3, then t1) up to 5 events; t2 is older
    expected = set()
    for event in {r["event_id"] for r in every if r["thread_id"] in shown_threads}:
        rows = [r for r in every if r["event_id"] == event]
        named = [r for r in rows if r["how"] != "inherited"]
        expected |= {(r["event_id"], r["country"], r["how"], r["surface"]) for r in (named or rows)}
    got = {(r["event_id"], r["country"], r["how"], r["surface"]) for r in records(newest.events)}
    assert got == expected
    assert ("e3", "KAZ", "inherited", None) in got and ("e3", "UKR", "inherited", None) in got


def parquet_views(path: Path, folder: Path) -> Path:
    """A database whose tables are views over Parquet copies of those at `path`, as the pipeline keeps
    them with TRACKER_PARQUET_DIR (threadline.parquet_store): views have no rowid."""
    with duckdb.connect(str(path), read_only=True) as con:
        for table in ALL_TABLES:
            con.execute(f"COPY {table.name} TO '{folder / table.name}.parquet' (FORMAT parquet)")
    views = folder / "views.duckdb"
    with duckdb.connect(str(views)) as con:
        for table in ALL_TABLES:
            con.execute(f"CREATE VIEW {table.name} AS SELECT * FROM read_parquet('{folder / table.name}.parquet')")
    return views


def test_views_over_parquet_give_the_pages_tables_give(tmp_path: Path):
    tables = make_db(tmp_path / "tables.duckdb", 3000, issues=20)
    views = parquet_views(tables, tmp_path)
    for path, rowids in ((tables, True), (views, False)):  # the tables are read by rowid, the views not
        with duckdb.connect(str(path), read_only=True) as con:
            assert con.execute(TABLES_WITH_ROWIDS).fetchall() == [(rowids,)]
    for limit in (DETAIL_EVENTS, 500):  # every row; the newest threads' rows only
        pages = []
        for path in (tables, views):
            read = read_tables(path, detail_events=limit)
            pages.append(render_site(read.events, read.issues, read.files, threads=read.threads, tweets=read.tweets,
                                     totals=read.totals, counts=read.counts))  # fmt: skip
        assert pages[0] == pages[1], limit


def test_the_pages_of_a_small_database_are_the_same_drawn_from_sql_or_from_rows(small):
    rows = dict(events=small.events, issues=small.issues, files=small.files)
    from_rows = render_site(**rows, threads=small.threads, tweets=small.tweets)
    from_sql = render_site(**rows, threads=small.threads, tweets=small.tweets, totals=small.totals, counts=small.counts)
    assert from_sql == from_rows
    assert "data-partial" not in "".join(from_sql.values())


def test_an_empty_database_gives_valid_pages(tmp_path: Path):
    path = make_db(tmp_path / "empty.duckdb", 0)
    with duckdb.connect(str(path), read_only=True) as con:
        tables = read_site_tables(reader(con), country_name)
    site = write_site_tables(tables, tmp_path / "out")
    for name, page in site.items():
        text = page.read_text(encoding="utf-8")
        assert text.rstrip().endswith("</html>") and ("Nothing here yet" in text or name == "quality"), name

