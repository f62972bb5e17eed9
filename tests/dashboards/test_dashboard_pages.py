"""The page writer: files written, links, offline assets, no inline script, escaping, determinism,
empty inputs, the thread explorer and the data-quality page."""

from __future__ import annotations

import json
import random
import re
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from plotly.offline import get_plotlyjs

from dashboards import PAGES, write_site
from dashboards.markup import DATA_JS, script_safe_json
from dashboards.prep import EVENT_COLUMNS, FILE_COLUMNS, ISSUE_COLUMNS, THREAD_COLUMNS, TWEET_COLUMNS, thread_anchor, tweet_anchor
from dashboards.spec import named_template
from tests.dashboards.event_rows import row

PAGE_NAMES = {p.name for p in PAGES}
PAGE_FILES = sorted(p.file for p in PAGES)
SHARED = ["plotly.min.js", "threadline-data.js", "threadline.css", "threadline.js"]
IMG = "<img src=x onerror=alert(1)>"
CLOSE = "</script><script>alert(1)</script>"
HOSTILE = f"{IMG} {CLOSE} <b>bold</b> & \"quotes\" 'single'"
INGESTED = datetime(2026, 11, 25, 5, 13, tzinfo=timezone.utc)


def sample_events() -> pd.DataFrame:
    rows = [
        row("e1", "KAZ", text="Protests in Almaty & Zhanaozen", kind="place", surface="Almaty", thread_id="seed.txt#1"),
        row("e1", "RUS", how="inherited", thread_id="seed.txt#1"),
        row("e2", "UKR", day=date(2022, 2, 21), date_precision="week", event_type="military", position=2, thread_id="seed.txt#1"),
        row("e3", "RUS", day=date(2022, 3, 1), date_precision="month", event_type="sanctions/economy", kind="official", surface="Putin’s"),
        row("e4", "USA", day=date(2022, 2, 24), event_type="diplomacy", position=2, kind="official", surface="Biden"),
        row("u1", "KAZ", day=None, text="An undated tweet about Tokayev", position=3, kind="official", surface="Tokayev"),
        row("u1", "RUS", day=None, how="inherited", text="An undated tweet about Tokayev", position=3),
        row("u1", "USA", day=None, how="inherited", text="An undated tweet about Tokayev", position=3),
        row("u2", None, day=None, text="Undated and countryless", position=4),
        row("y1", "UKR", day=date(2022, 1, 1), date_precision="year", text="Something in 2022", position=5),
    ]
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def sample_issues() -> pd.DataFrame:
    return pd.DataFrame(
        [
            dict(source_file="threads/seed.txt", line_no=12, severity="warning", message="numbering jumps from 2/5 to 4/5"),
            dict(source_file="broken.json", line_no=None, severity="error", message="not valid JSON"),
        ],
        columns=ISSUE_COLUMNS,
    )


def sample_files() -> pd.DataFrame:
    return pd.DataFrame(
        [
            dict(source_file="threads/seed.txt", format="text", size_bytes=5535, threads=7, tweets=41, issues=1),
            dict(source_file="broken.json", format="json", size_bytes=10, threads=0, tweets=0, issues=1),
        ],
        columns=FILE_COLUMNS,
    )


class Tags(HTMLParser):
    """Every start tag as the browser's tokenizer sees it (script bodies are raw text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self.scripts.append((self._script, data))
        else:
            self.text.append(data)


def parse(html_text: str) -> Tags:
    p = Tags()
    p.feed(html_text)
    p.close()
    return p


def figures(html_text: str) -> dict[str, dict]:
    """The figures a page embeds, by plot id."""
    return {
        attrs["id"].removesuffix("-figure"): json.loads(body)["figure"]
        for attrs, body in parse(html_text).scripts
        if attrs.get("type") == "application/json"
    }


def client_data(out: Path) -> dict:
    text = (out / DATA_JS).read_text(encoding="utf-8")
    prefix = "window.THREADLINE_DATA = "
    assert text.startswith(prefix) and text.rstrip().endswith(";")
    return json.loads(text[len(prefix) :].rstrip().rstrip(";"))


@pytest.fixture()
def site(tmp_path: Path) -> dict[str, Path]:
    return write_site(sample_events(), sample_issues(), sample_files(), tmp_path / "out", ingested_at=INGESTED)


def test_write_site_writes_every_page_and_the_shared_files_once(site, tmp_path):
    out = tmp_path / "out"
    assert set(site) == PAGE_NAMES and len(site) >= 6
    assert site["index"] == out / "index.html"
    assert sorted(p.name for p in out.iterdir()) == sorted(PAGE_FILES + SHARED)
    assert (out / "plotly.min.js").read_text(encoding="utf-8") == get_plotlyjs()


def test_every_page_links_every_page_and_loads_only_local_scripts(site):
    for name, path in site.items():
        text = path.read_text(encoding="utf-8")
        tags = parse(text).tags
        hrefs = [a.get("href") for t, a in tags if t == "a"]
        assert "index.html" in hrefs, name
        for page in PAGE_FILES:
            assert page in hrefs, (name, page)
        srcs = [a["src"] for t, a in tags if t == "script" and "src" in a]
        assert srcs[-1] == "threadline.js", name
        assert (srcs[0] == "plotly.min.js") == (name != "threads"), name  # Plotly where there are figures
        assert set(srcs) <= {"plotly.min.js", "threadline-data.js", "threadline.js"}, name
        assert "cdn.plot.ly" not in text and not re.search(r"(src=|<link[^>]*href=)[\"']?(https?:)?//", text), name
        assert '<meta name="viewport"' in text and '<meta charset="utf-8">' in text
        csp = next(a["content"] for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
        script_src = csp.split("script-src", 1)[1].split(";", 1)[0].split()
        assert script_src == ["'self'", "file:", "'unsafe-eval'"], name  # never 'unsafe-inline', never a remote host
        assert "connect-src 'none'" in csp


def test_pages_carry_no_inline_script_only_json_data(site):
    for name, path in site.items():
        for attrs, body in parse(path.read_text(encoding="utf-8")).scripts:
            assert attrs.get("type") == "application/json", (name, attrs)
            json.loads(body)
        for _, attrs in parse(path.read_text(encoding="utf-8")).tags:
            assert not any(k.startswith("on") for k in attrs), (name, attrs)


def test_figures_are_embedded_with_fixed_ids(site):
    uuid = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    expected = {
        "index": {"overview-plot", "countries-plot"},
        "timeline": {"timeline-plot"},
        "activity": {"activity-plot"},
        "comentions": {"comentions-plot", "officials-plot"},
        "map": {"map-plot"},
        "threads": set(),
        "quality": {"quality-plot"},
    }
    for name, path in site.items():
        text = path.read_text(encoding="utf-8")
        assert set(figures(text)) == expected[name], name
        for plot in expected[name]:
            assert f'<div id="{plot}" class="plot"' in text
        assert not uuid.search(text), name
    timeline = site["timeline"].read_text(encoding="utf-8")
    assert 'data-filter="points" data-lanes="1"' in timeline


def assert_plotly_takes_as_is(fig: dict, where: str) -> None:
    """A figure embedded in a page is one go.Figure accepts (it validates every property) and writes back
    unchanged: the pages' specs are what Plotly would have written."""
    assert json.loads(pio.to_json(go.Figure(fig), engine="json")) == fig, where


def test_every_figure_embedded_is_one_plotly_accepts_as_it_stands(site):
    for name, path in site.items():
        for plot, fig in figures(path.read_text(encoding="utf-8")).items():
            assert_plotly_takes_as_is(fig, plot)


def test_the_template_written_into_figures_is_plotlys():
    assert named_template("plotly_white") == go.Figure(layout={"template": "plotly_white"}).to_plotly_json()["layout"]["template"]


def test_client_data_matches_the_figures_customdata(site, tmp_path):
    data = client_data(tmp_path / "out")
    fig = figures(site["timeline"].read_text(encoding="utf-8"))["timeline-plot"]
    events, rows = data["events"], data["rows"]
    assert [c[0] for c in data["countries"]] == ["KAZ", "UKR", "RUS", "USA"]
    assert len(rows["e"]) == len(rows["c"]) == len(rows["i"]) == len(sample_events())
    for trace in fig["data"]:
        for x, r in zip(trace.get("x") or [], trace.get("customdata") or []):
            assert events["date"][rows["e"][r]] == x
    # Each event once, with the link to its tweet in the thread explorer.
    assert len(events["id"]) == len(set(events["id"])) == 7
    i = events["id"].index("e2")
    assert events["link"][i] == "threads.html#" + tweet_anchor("seed.txt#1", 2)
    assert events["when"][i] == "week of 21 Feb 2022"


def test_undated_and_coarse_events_are_listed_on_the_timeline_page_with_their_event_numbers(site, tmp_path):
    text = site["timeline"].read_text(encoding="utf-8")
    data = client_data(tmp_path / "out")
    undated = text.split('id="undated"', 1)[1].split('id="coarse"', 1)[0]
    assert "An undated tweet about Tokayev" in undated
    assert "Kazakhstan, Russia, United States" in undated  # one row per event, its countries joined in lane order
    assert undated.count("An undated tweet about Tokayev") == 1
    assert "Undated and countryless" in undated
    numbers = [int(n) for n in re.findall(r'<tr data-event="(\d+)"', undated)]
    assert sorted(data["events"]["id"][n] for n in numbers) == ["u1", "u2"]
    assert "Something in 2022" in text.split('id="coarse"', 1)[1]
    assert 'href="threads.html#t-' in undated


def test_index_summarises_and_links(site):
    text = site["index"].read_text(encoding="utf-8")
    cards = dict(
        (label, num)
        for num, label in re.findall(r'<span class="num(?: small)?">([^<]*)</span><span class="label">([^<]*)</span>', text)
    )
    assert cards == {
        "events": "7",
        "tweets": "41",  # from the files table
        "threads": "2",
        "countries": "4",
        "date range": "5 Jan 2022 – 1 Mar 2022",  # year-only dates do not stretch the range
        "undated (2)": "29%",
        "files": "2",
        "ingest issues (1 error)": "2",
        "last ingestion": "2026-11-25 05:13 UTC",
    }
    tiles = re.findall(r'<ul class="tiles">(.*?)</ul>', text)[0]
    assert sorted(re.findall(r'href="([^"]+)"', tiles)) == sorted(f for f in PAGE_FILES if f != "index.html")


def test_quality_page_lists_files_undated_share_issues_and_last_ingestion(site):
    text = site["quality"].read_text(encoding="utf-8")
    body = " ".join(parse(text).text)
    for expected in ("threads/seed.txt", "broken.json", "numbering jumps from 2/5 to 4/5", "not valid JSON", "2026-11-25 05:13 UTC"):
        assert expected in body, expected
    files_table = text.split('id="files"', 1)[1].split('id="issues"', 1)[0]
    assert files_table.index("broken.json") < files_table.index("threads/seed.txt")  # sorted by file
    # threads/seed.txt: 7 events, 2 undated.
    seed = re.search(r"<tr[^>]*><td class=\"file\">threads/seed.txt</td>(.*?)</tr>", files_table).group(1)
    assert re.findall(r'<td class="num">([^<]*)</td>', seed) == ["5,535", "7", "41", "7", "2", "29%", "1"]


def test_last_ingestion_is_an_input_shown_on_two_pages_only(tmp_path):
    unknown = write_site(sample_events(), sample_issues(), sample_files(), tmp_path / "a")
    known = write_site(sample_events(), sample_issues(), sample_files(), tmp_path / "b", ingested_at=INGESTED)
    for name in PAGE_NAMES:
        same = unknown[name].read_bytes() == known[name].read_bytes()
        assert same == (name not in ("index", "quality")), name
    assert '<span class="num small">unknown</span><span class="label">last ingestion</span>' in unknown["index"].read_text(encoding="utf-8")


def test_thread_explorer_reads_each_thread_in_order_with_tags(tmp_path):
    threads = pd.DataFrame(
        [dict(thread_id="seed.txt#1", source_file="seed.txt", thread_seq=1, author="kz", posted_at=pd.Timestamp("2022-01-05"),
              posted_source="file_name", url="https://example.org/t", tweet_count=3)],
        columns=THREAD_COLUMNS,
    )  # fmt: skip
    tweets = pd.DataFrame(
        [
            dict(tweet_id="seed.txt#1/2", thread_id="seed.txt#1", source_file="seed.txt", position=2, declared_total=3, text="Second"),
            dict(tweet_id="seed.txt#1/1", thread_id="seed.txt#1", source_file="seed.txt", position=1, declared_total=3, text="First"),
            dict(tweet_id="seed.txt#1/3", thread_id="seed.txt#1", source_file="seed.txt", position=3, declared_total=3, text="No event"),
        ],
        columns=TWEET_COLUMNS,
    )
    events = pd.DataFrame(
        [
            row("a", "KAZ", tweet_id="seed.txt#1/1", thread_id="seed.txt#1", source_file="seed.txt", position=1, text="First",
                date_source="text", date_text="yesterday", kind="official", surface="Tokayev"),
            row("a", "RUS", tweet_id="seed.txt#1/1", thread_id="seed.txt#1", source_file="seed.txt", position=1, text="First",
                how="inherited"),
            row("b", "RUS", tweet_id="seed.txt#1/2", thread_id="seed.txt#1", source_file="seed.txt", position=2, text="Second"),
        ],
        columns=EVENT_COLUMNS,
    )  # fmt: skip
    text = write_site(events, None, None, tmp_path, threads=threads, tweets=tweets)["threads"].read_text(encoding="utf-8")
    anchor = thread_anchor("seed.txt#1")
    article = text.split(f'<article class="thread" id="{anchor}"', 1)[1].split("</article>", 1)[0]
    assert [re.sub(r"<[^>]+>", "", m) for m in re.findall(r'<p class="tweet-text">(.*?)</p>', article)] == ["First", "Second", "No event"]
    assert f'<li id="{anchor}-1"><span class="pos">1/3</span>' in article
    assert "posted 5 Jan 2022 (from the file name)" in article
    assert 'named in the tweet (“yesterday”), precise to the day' in article
    assert '<span class="tag country" title="named as “Tokayev” (official)">Kazakhstan</span>' in article
    assert '<span class="tag country inherited" title="inherited from the thread">Russia</span>' in article
    assert f'<option value="{anchor}">' in text


def test_hostile_text_only_ever_appears_escaped(tmp_path):
    events = pd.DataFrame(
        [
            row("e1", text=HOSTILE, author=HOSTILE, source_file=HOSTILE, event_type=HOSTILE, country_name=HOSTILE,
                surface=HOSTILE, kind="official", date_text=HOSTILE, thread_id=HOSTILE),
            row("u1", day=None, text=HOSTILE, author=HOSTILE, source_file=HOSTILE, url="javascript:alert(1)", thread_id=HOSTILE),
            row("y1", day=date(2022, 1, 1), date_precision="year", text=HOSTILE),
        ],
        columns=EVENT_COLUMNS,
    )  # fmt: skip
    issues = pd.DataFrame([dict(source_file=HOSTILE, line_no=1, severity=HOSTILE, message=HOSTILE)], columns=ISSUE_COLUMNS)
    files = pd.DataFrame([dict(source_file=HOSTILE, format=HOSTILE, threads=1, tweets=1)], columns=FILE_COLUMNS)
    site = write_site(events, issues, files, tmp_path)
    for path in [*site.values(), tmp_path / DATA_JS]:
        text = path.read_text(encoding="utf-8")
        assert IMG not in text, path.name
        assert CLOSE not in text, path.name
        assert "<b>bold</b>" not in text, path.name
        assert 'href="javascript' not in text and '"javascript:' not in text, path.name
    for name, path in site.items():
        parsed = parse(path.read_text(encoding="utf-8"))
        tag_names = [t for t, _ in parsed.tags]
        # Nothing from the data became an element: no img, no b, and only our own scripts.
        assert "img" not in tag_names and "b" not in tag_names, name
        assert all(a.get("src") or a.get("type") == "application/json" for t, a in parsed.tags if t == "script"), name
        # The hostile strings are still there for a reader, as text.
        if name in ("timeline", "threads", "quality"):
            assert IMG in " ".join(parsed.text), name


def test_figure_json_cannot_close_its_script_element():
    assert script_safe_json('{"t": "</script><!-- & \u2028"}') == '{"t": "\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}'


def test_output_is_byte_identical_across_calls_and_row_orders(tmp_path):
    a = write_site(sample_events(), sample_issues(), sample_files(), tmp_path / "a", ingested_at=INGESTED)
    b = write_site(sample_events(), sample_issues(), sample_files(), tmp_path / "b", ingested_at=INGESTED)
    shuffled = sample_events().sample(frac=1.0, random_state=random.Random(7).randrange(1000)).reset_index(drop=True)
    c = write_site(shuffled, sample_issues().iloc[::-1], sample_files().iloc[::-1], tmp_path / "c", ingested_at=INGESTED)
    for name in [*PAGE_FILES, *SHARED]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "c" / name).read_bytes(), name
    assert set(a) == set(b) == set(c) == PAGE_NAMES


def test_rewriting_the_same_site_leaves_files_untouched(tmp_path):
    write_site(sample_events(), sample_issues(), sample_files(), tmp_path)
    stamps = {p: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    write_site(sample_events(), sample_issues(), sample_files(), tmp_path)
    assert {p: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == stamps


@pytest.mark.parametrize(
    "tables",
    [
        (pd.DataFrame(), pd.DataFrame(), pd.DataFrame()),
        (pd.DataFrame(columns=EVENT_COLUMNS), pd.DataFrame(columns=ISSUE_COLUMNS), pd.DataFrame(columns=FILE_COLUMNS)),
    ],
)
def test_empty_inputs_still_give_valid_pages(tmp_path, tables):
    site = write_site(*tables, tmp_path / "nested" / "out")
    assert set(site) == PAGE_NAMES
    assert (tmp_path / "nested" / "out" / "plotly.min.js").is_file()
    for name, path in site.items():
        text = path.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
        if name != "quality":
            assert "Nothing here yet" in text, name
        assert 'href="index.html"' in text


def test_events_but_no_files_table(tmp_path):
    site = write_site(sample_events(), pd.DataFrame(), pd.DataFrame(), tmp_path)
    body = " ".join(parse(site["quality"].read_text(encoding="utf-8")).text)
    assert "No ingest issues." in body
    assert "threads/seed.txt" in body  # files known from the events are still listed


def test_dashboards_package_is_pure():
    """Figure builders and the page writer never import Dagster or DuckDB."""
    package = Path(__file__).resolve().parents[2] / "dashboards"
    for source in package.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+(dagster|duckdb|plotly\.express)\b", text, re.M), source.name
