"""The page writer: files written, links, offline plotly, escaping, determinism, empty inputs."""

from __future__ import annotations

import random
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from plotly.offline import get_plotlyjs

from dashboards import write_site
from dashboards.pages import script_safe_json
from dashboards.prep import EVENT_COLUMNS, FILE_COLUMNS, ISSUE_COLUMNS
from tests.dashboards.event_rows import row

PAGES = {"index", "timeline", "activity"}
IMG = "<img src=x onerror=alert(1)>"
CLOSE = "</script><script>alert(1)</script>"
HOSTILE = f"{IMG} {CLOSE} <b>bold</b> & \"quotes\" 'single'"




def sample_events() -> pd.DataFrame:
    rows = [
        row("e1", "KAZ", text="Protests in Almaty & Zhanaozen"),
        row("e1", "RUS", how="inherited"),
        row("e2", "UKR", day=date(2022, 2, 21), date_precision="week", event_type="military"),
        row("e3", "RUS", day=date(2022, 3, 1), date_precision="month", event_type="sanctions/economy"),
        row("e4", "USA", day=date(2022, 2, 24), event_type="diplomacy", position=2),
        row("u1", "KAZ", day=None, text="An undated tweet about Tokayev", position=3),
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
            dict(source_file="threads/seed.txt", format="text", threads=7, tweets=41),
            dict(source_file="broken.json", format="json", threads=0, tweets=0),
        ],
        columns=FILE_COLUMNS,
    )


class Tags(HTMLParser):
    """Every start tag as the browser's tokenizer sees it (script bodies are raw text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html_text: str) -> Tags:
    p = Tags()
    p.feed(html_text)
    p.close()
    return p


@pytest.fixture()
def site(tmp_path: Path) -> dict[str, Path]:
    return write_site(sample_events(), sample_issues(), sample_files(), tmp_path / "out")


def test_write_site_writes_every_page_and_one_plotly_js(site, tmp_path):
    out = tmp_path / "out"
    assert set(site) == PAGES
    assert site["index"] == out / "index.html"
    for path in site.values():
        assert path.is_file() and path.parent == out
    assert sorted(p.name for p in out.iterdir()) == ["activity.html", "index.html", "plotly.min.js", "timeline.html"]
    assert [p.name for p in out.rglob("*.js")] == ["plotly.min.js"]
    assert (out / "plotly.min.js").read_text(encoding="utf-8") == get_plotlyjs()


def test_every_page_links_index_and_loads_plotly_relatively(site):
    for name, path in site.items():
        text = path.read_text(encoding="utf-8")
        tags = parse(text).tags
        hrefs = [a.get("href") for t, a in tags if t == "a"]
        assert "index.html" in hrefs, name
        for page in ("timeline.html", "activity.html"):
            assert page in hrefs, name
        srcs = [a["src"] for t, a in tags if t == "script" and "src" in a]
        assert srcs == ["plotly.min.js"], name
        assert "cdn.plot.ly" not in text
        assert not re.search(r"<script[^>]+src=[\"']?(https?:)?//", text)
        assert '<meta name="viewport"' in text
        assert '<meta charset="utf-8">' in text


def test_figures_are_embedded_with_fixed_ids_and_responsive_config(site):
    uuid = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    timeline = site["timeline"].read_text(encoding="utf-8")
    assert 'id="timeline-plot"' in timeline
    assert '"responsive": true' in timeline
    assert 'id="activity-plot"' in site["activity"].read_text(encoding="utf-8")
    for path in site.values():
        assert not uuid.search(path.read_text(encoding="utf-8"))


def test_undated_and_year_only_events_are_listed_on_the_timeline_page(site):
    text = site["timeline"].read_text(encoding="utf-8")
    undated = text.split('id="undated"', 1)[1]
    assert "An undated tweet about Tokayev" in undated
    assert "Kazakhstan, Russia, United States" in undated  # one row per event, its countries joined in lane order
    assert undated.count("An undated tweet about Tokayev") == 1
    assert "Undated and countryless" in undated
    assert ">Undated<" in text
    assert "Something in 2022" in text.split('id="year-only"', 1)[1]


def test_index_summarises_and_lists_files_and_issues(site):
    text = site["index"].read_text(encoding="utf-8")
    cards = dict(
        (label, num)
        for num, label in re.findall(r'<span class="num(?: small)?">([^<]*)</span><span class="label">([^<]*)</span>', text)
    )
    assert cards == {
        "tweets": "41",  # from the files table
        "events": "7",
        "countries": "4",
        "date range": "5 Jan 2022 – 1 Mar 2022",  # year-only dates do not stretch the range
        "files": "2",
        "ingest issues (1 error)": "2",
        "undated events": "2",
    }
    body = " ".join(parse(text).text)
    for expected in ("threads/seed.txt", "broken.json", "numbering jumps from 2/5 to 4/5", "not valid JSON"):
        assert expected in body, expected
    files_table = text.split('id="files"', 1)[1].split('id="issues"', 1)[0]
    assert files_table.index("broken.json") < files_table.index("threads/seed.txt")  # sorted by file


def test_hostile_text_only_ever_appears_escaped(tmp_path):
    events = pd.DataFrame(
        [
            row("e1", text=HOSTILE, author=HOSTILE, source_file=HOSTILE, event_type=HOSTILE, country_name=HOSTILE),
            row("u1", day=None, text=HOSTILE, author=HOSTILE, source_file=HOSTILE, url="javascript:alert(1)"),
            row("y1", day=date(2022, 1, 1), date_precision="year", text=HOSTILE),
        ],
        columns=EVENT_COLUMNS,
    )
    issues = pd.DataFrame([dict(source_file=HOSTILE, line_no=1, severity=HOSTILE, message=HOSTILE)], columns=ISSUE_COLUMNS)
    files = pd.DataFrame([dict(source_file=HOSTILE, format=HOSTILE, threads=1, tweets=1)], columns=FILE_COLUMNS)
    site = write_site(events, issues, files, tmp_path)
    for name, path in site.items():
        text = path.read_text(encoding="utf-8")
        assert IMG not in text, name
        assert CLOSE not in text, name
        assert "<b>bold</b>" not in text, name
        assert 'href="javascript' not in text
        parsed = parse(text)
        tag_names = [t for t, _ in parsed.tags]
        # Nothing from the data became an element: no img, and exactly our own scripts.
        assert "img" not in tag_names, name
        assert "b" not in tag_names, name
        expected_scripts = {"index": 4, "timeline": 3, "activity": 3}[name]
        assert tag_names.count("script") == expected_scripts, name
        # The hostile strings are still there for a reader, as text.
        if name in ("index", "timeline"):
            assert IMG in " ".join(parsed.text), name


def test_figure_json_cannot_close_its_script_element():
    assert script_safe_json('{"t": "</script><!-- & \u2028"}') == '{"t": "\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}'


def test_output_is_byte_identical_across_calls_and_row_orders(tmp_path):
    a = write_site(sample_events(), sample_issues(), sample_files(), tmp_path / "a")
    b = write_site(sample_events(), sample_issues(), sample_files(), tmp_path / "b")
    shuffled = sample_events().sample(frac=1.0, random_state=random.Random(7).randrange(1000)).reset_index(drop=True)
    c = write_site(shuffled, sample_issues().iloc[::-1], sample_files().iloc[::-1], tmp_path / "c")
    for name in PAGES:
        assert a[name].read_bytes() == b[name].read_bytes(), name
        assert a[name].read_bytes() == c[name].read_bytes(), name
    assert (tmp_path / "a" / "plotly.min.js").read_bytes() == (tmp_path / "b" / "plotly.min.js").read_bytes()


def test_rewriting_the_same_site_leaves_files_untouched(tmp_path):
    first = write_site(sample_events(), sample_issues(), sample_files(), tmp_path)
    stamps = {p: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    write_site(sample_events(), sample_issues(), sample_files(), tmp_path)
    assert {p: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == stamps
    assert set(first) == PAGES


@pytest.mark.parametrize(
    "tables",
    [
        (pd.DataFrame(), pd.DataFrame(), pd.DataFrame()),
        (pd.DataFrame(columns=EVENT_COLUMNS), pd.DataFrame(columns=ISSUE_COLUMNS), pd.DataFrame(columns=FILE_COLUMNS)),
    ],
)
def test_empty_inputs_still_give_valid_pages(tmp_path, tables):
    site = write_site(*tables, tmp_path / "nested" / "out")
    assert set(site) == PAGES
    assert (tmp_path / "nested" / "out" / "plotly.min.js").is_file()
    for name, path in site.items():
        text = path.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
        assert "Nothing here yet" in text, name
        assert 'href="index.html"' in text


def test_events_but_no_files_table_counts_tweets_from_events(tmp_path):
    site = write_site(sample_events(), pd.DataFrame(), pd.DataFrame(), tmp_path)
    body = " ".join(parse(site["index"].read_text(encoding="utf-8")).text)
    assert "No thread files have been read yet." in body
    assert "No ingest issues." in body


def test_dashboards_package_is_pure():
    """Figure builders and the page writer never import Dagster or DuckDB."""
    package = Path(__file__).resolve().parents[2] / "dashboards"
    for source in package.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+(dagster|duckdb|plotly\.express)\b", text, re.M), source.name
