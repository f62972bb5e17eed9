"""The dashboard pages in headless Chromium, offline: every figure draws from local files, the
filters and the search change what is shown, hostile tweet text stays text, phones get a page
that fits."""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page

from dashboards import PAGES
from dashboards.prep import thread_anchor
from tests.browser.chromium import PHONE, PROJECT, offline_context, open_dashboard, screenshot
from tests.browser.conftest import ARTIFACTS, HOSTILE_FILE, HOSTILE_TWEETS

UPDATE_SCREENSHOTS = os.environ.get("THREADLINE_UPDATE_SCREENSHOTS") == "1"
TIMELINE_MARKERS = "#timeline-plot .cartesianlayer .scatterlayer .points path"  # not the range slider's copy
VISIBLE_UNDATED = "#undated-events tbody tr:not([hidden])"


def count(page: Page, selector: str) -> int:
    return page.locator(selector).count()


def applied(page: Page) -> str | None:
    return page.get_attribute("body", "data-applied")


def settle(page: Page, before: str | None) -> None:
    """Wait until the page has applied the filters again and redrawn its figures."""
    # Functions, not expressions: the pages' Content-Security-Policy forbids eval, Playwright's too.
    page.wait_for_function(f"() => document.body.getAttribute('data-applied') !== {json.dumps(before)}", timeout=10000)


def search(page: Page, words: str) -> None:
    before = applied(page)
    page.fill("form[data-filters] input[name=q]", words)
    settle(page, before)


def pick(page: Page, picker: str, *, none: bool = False, only: str | None = None) -> None:
    """Open a picker (name 'c' or 't'), press all/none, tick `only`, close it."""
    details = page.locator(f"details.pick:has([data-summary='{picker}'])")
    details.locator("summary").click()
    before = applied(page)
    details.locator(f"[data-{'none' if none or only else 'all'}='{picker}']").click()
    settle(page, before)
    if only:
        before = applied(page)
        details.locator(f"input[name='{picker}'][value='{only}']").check()
        settle(page, before)
    details.locator("summary").click()


def toggle_inherited(page: Page, on: bool) -> None:
    before = applied(page)
    page.set_checked("form[data-filters] input[name=i]", on)
    settle(page, before)


def reset(page: Page) -> None:
    before = applied(page)
    page.click("form[data-filters] button[type=reset]")
    settle(page, before)


def click_point(page: Page, selector: str) -> None:
    """Click where the element is drawn (Plotly picks points by position, under its drag layer)."""
    box = page.locator(selector).first.bounding_box()
    assert box, selector
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


# ---------------------------------------------------------------- every page


def test_the_run_writes_every_page_and_the_shared_files_once(site: Path):
    pages = sorted(p.name for p in site.glob("*.html"))
    assert len(pages) >= 6 and pages == sorted(p.file for p in PAGES)
    assert sorted(p.name for p in site.glob("*.js")) == ["plotly.min.js", "threadline-data.js", "threadline.js"]


@pytest.mark.parametrize("name", [p.name for p in PAGES])
def test_page_draws_its_figures_from_local_files_only(dashboard, name: str):
    opened = dashboard(name)
    page = opened.page
    plots = page.locator(".plot")
    for i in range(plots.count()):
        assert plots.nth(i).locator(".main-svg").count() >= 1, f"{name}: figure {i} not drawn"
    if name not in ("threads",):
        assert plots.count() >= 1, name
    assert page.locator("header.site a[href^='index.html']").count() >= 1  # every page links back
    assert page.evaluate("window.__pwned") is None
    screenshot(page, ARTIFACTS / f"{name}.png", full_page=True)
    if name == "timeline":
        screenshot(page, ARTIFACTS / "timeline-top.png")
        if UPDATE_SCREENSHOTS:
            shutil.copyfile(ARTIFACTS / "timeline-top.png", PROJECT / "docs" / "timeline.png")
    assert opened.errors == [], opened.errors
    assert opened.failed == [], opened.failed
    assert dashboard.attempted == []


def test_index_links_every_page(dashboard):
    page = dashboard("index").page
    hrefs = {h.split("?")[0] for h in page.eval_on_selector_all("ul.tiles a", "as => as.map(a => a.getAttribute('href'))")}
    assert hrefs == {p.file for p in PAGES if p.name != "index"}


# ---------------------------------------------------------------- filters and search


def test_timeline_filters_search_and_inherited_toggle_change_the_markers(dashboard):
    page = dashboard("timeline").page
    shown = count(page, TIMELINE_MARKERS)
    lanes = page.evaluate("document.getElementById('timeline-plot').layout.yaxis.ticktext.length")
    assert shown > 0

    toggle_inherited(page, True)  # countries inherited from the thread: hidden by default
    assert count(page, TIMELINE_MARKERS) > shown
    assert page.evaluate("document.getElementById('timeline-plot').layout.yaxis.ticktext.length") >= lanes
    toggle_inherited(page, False)
    assert count(page, TIMELINE_MARKERS) == shown

    search(page, "Almaty")
    found = count(page, TIMELINE_MARKERS)
    assert 0 < found < shown
    assert re.search(r"\d+ of \d+ events match", page.inner_text("[data-status]"))
    assert "q=Almaty" in page.get_attribute("header.site a[href^='activity.html']", "href")  # carried to the other pages
    search(page, "")

    pick(page, "t", none=True)
    assert count(page, TIMELINE_MARKERS) == 0
    assert "No events match the filters" in page.inner_text("#timeline-plot")
    pick(page, "t")
    assert count(page, TIMELINE_MARKERS) == shown

    pick(page, "c", only="KAZ")  # one country: its lane alone remains
    assert page.evaluate("document.getElementById('timeline-plot').layout.yaxis.ticktext") == ["Kazakhstan"]
    assert 0 < count(page, TIMELINE_MARKERS) < shown
    reset(page)
    assert count(page, TIMELINE_MARKERS) == shown


def test_clicking_a_marker_shows_the_tweet_and_links_to_its_thread(dashboard):
    page = dashboard("timeline").page
    click_point(page, TIMELINE_MARKERS)
    panel = page.locator("#event-detail")
    panel.wait_for(state="visible")
    assert panel.locator(".detail-text").inner_text().strip()
    href = panel.locator("a", has_text="Read the thread").get_attribute("href")
    assert re.fullmatch(r"threads\.html#t-[a-z0-9-]+", href)


def test_undated_panel_follows_the_search(dashboard):
    page = dashboard("timeline").page
    rows = count(page, VISIBLE_UNDATED)
    assert rows > 0
    search(page, "onerror")
    assert 0 < count(page, VISIBLE_UNDATED) < rows
    search(page, "no such words anywhere")
    assert count(page, VISIBLE_UNDATED) == 0
    search(page, "")
    assert count(page, VISIBLE_UNDATED) == rows


def test_activity_filters_and_day_week_bins(dashboard):
    page = dashboard("activity").page
    samples = "document.getElementById('activity-plot').data.reduce((n, t) => n + (t.x ? t.x.length : 0), 0)"
    bars = "#activity-plot .cartesianlayer .barlayer .point"
    total, weekly = page.evaluate(samples), count(page, bars)
    assert total > 0 and weekly > 0
    search(page, "Almaty")
    assert 0 < page.evaluate(samples) < total
    search(page, "")
    page.locator("#activity-plot .updatemenu-button", has_text="per day").click()
    page.wait_for_function(f"() => document.querySelectorAll({bars!r}).length > {weekly}")
    pick(page, "c", only="UKR")
    assert page.evaluate("document.getElementById('activity-plot').data.filter(t => t.x.length).map(t => t.name)") == ["Ukraine"]
    reset(page)
    assert page.evaluate(samples) == total


def test_map_week_slider_and_filters_recount_the_countries(dashboard):
    page = dashboard("map").page
    total = "document.getElementById('map-plot').data[0].z.reduce((a, b) => a + b, 0)"
    every_week = page.evaluate(total)
    assert every_week > 0
    rail = page.locator("#map-plot .slider-rail-touch-rect").bounding_box()
    current = "document.querySelector('#map-plot .slider-group > text.slider-label').textContent"
    page.mouse.click(rail["x"] + rail["width"] * 0.5, rail["y"] + rail["height"] / 2)
    page.wait_for_function(f"() => {current}.startsWith('Showing week of')")
    one_week = page.evaluate(total)
    assert one_week < every_week
    page.mouse.click(rail["x"] + 2, rail["y"] + rail["height"] / 2)  # back to all weeks
    page.wait_for_function(f"() => {current} === 'Showing all weeks'")
    assert page.evaluate(total) == every_week
    search(page, "Almaty")
    assert 0 < page.evaluate(total) < every_week
    reset(page)


def test_comention_cell_lists_the_events_of_the_pair(dashboard):
    page = dashboard("comentions").page
    countries = page.evaluate("document.getElementById('comentions-plot').data[0].y.length")
    area = page.locator("#comentions-plot .nsewdrag").first.bounding_box()
    # Row 0 (Kazakhstan) x column 2 (Russia): both focus countries are first in the dev threads.
    page.mouse.click(area["x"] + area["width"] * 2.5 / countries, area["y"] + area["height"] * 0.5 / countries)
    panel = page.locator("#pair-events")
    panel.wait_for(state="visible")
    assert re.match(r"Kazakhstan and Russia: \d+ events", panel.locator(".detail-head").inner_text())
    assert panel.locator("li a[href^='threads.html#t-']").count() >= 1


def test_thread_explorer_shows_the_linked_thread(dashboard, site: Path):
    page = dashboard("threads").page
    anchor = thread_anchor(f"{HOSTILE_FILE}#1")
    page.goto(f"{(site / 'threads.html').as_uri()}#{anchor}-2")
    page.wait_for_function("() => document.querySelector('article.thread.current') !== null")
    assert page.locator("article.thread:visible").count() == 1
    assert page.locator(f"article#{anchor}").is_visible()
    assert page.locator(f"#{anchor}-2").is_visible()
    assert page.input_value("#thread-pick") == anchor
    page.select_option("#thread-pick", index=0)
    page.wait_for_function(f"() => !document.getElementById('{anchor}').classList.contains('current')")
    assert page.locator("article.thread:visible").count() == 1


# ---------------------------------------------------------------- hostile text


def test_no_page_contains_hostile_markup(site: Path):
    for path in [*site.glob("*.html"), site / "threadline-data.js"]:
        text = path.read_text(encoding="utf-8")
        for needle in ("<img src=x", "<script>window.__pwned", "<svg onload", "<b>bold</b>"):
            assert needle not in text, f"{path.name} contains {needle!r}"


def test_hostile_text_is_shown_literally_and_runs_nothing(dashboard, site: Path):
    threads = dashboard("threads").page
    anchor = thread_anchor(f"{HOSTILE_FILE}#1")
    threads.goto(f"{(site / 'threads.html').as_uri()}#{anchor}")
    threads.wait_for_function(f"() => document.getElementById('{anchor}').classList.contains('current')")
    shown = threads.inner_text(f"article#{anchor}")
    for text in HOSTILE_TWEETS:
        assert text in shown
    assert threads.locator("main img, main svg[onload], main b").count() == 0

    timeline = dashboard("timeline").page
    undated = timeline.inner_text("#undated-events")
    assert HOSTILE_TWEETS[0] in undated and HOSTILE_TWEETS[2] in undated
    search(timeline, "mourned")  # the dated hostile tweet: one marker
    assert count(timeline, TIMELINE_MARKERS) == 1
    box = timeline.locator(TIMELINE_MARKERS).first.bounding_box()
    timeline.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    timeline.wait_for_selector("#timeline-plot .hoverlayer .hovertext")
    hover = timeline.locator("#timeline-plot .hoverlayer").text_content()  # SVG text: one tspan per line
    assert "onerror=window.__pwned=3>" in hover and "</script><script>window.__pwned=4</script>" in hover
    click_point(timeline, TIMELINE_MARKERS)
    assert timeline.inner_text("#event-detail .detail-text") == HOSTILE_TWEETS[1]
    search(timeline, "")

    for page in (threads, timeline):
        assert page.evaluate("window.__pwned") is None
        assert page.locator("img[src='x']").count() == 0


# ---------------------------------------------------------------- phones


@pytest.mark.parametrize("name", ["timeline", "threads"])
def test_pages_fit_a_phone_screen(browser, site: Path, name: str):
    context, attempted = offline_context(browser, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    try:
        opened = open_dashboard(context, site / f"{name}.html")
        page = opened.page
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        if name == "timeline":
            assert page.locator("#timeline-plot .main-svg").first.bounding_box()["width"] <= PHONE["width"]
        screenshot(page, ARTIFACTS / f"{name}-phone.png")
        assert opened.errors == [] and opened.failed == [] and attempted == []
    finally:
        context.close()


# ---------------------------------------------------------------- large corpora


def test_a_large_corpus_draws_with_webgl_and_still_filters(browser, tmp_path: Path):
    import pandas as pd

    from dashboards import write_site
    from dashboards.figures import WEBGL_THRESHOLD
    from dashboards.prep import EVENT_COLUMNS
    from tests.dashboards.event_rows import row

    rows = []
    for i in range(WEBGL_THRESHOLD // 2 + 100):  # two markers per event: above the threshold
        day, text = date(2022, 1 + i % 12, 1 + i % 28), f"event {i} in Almaty" if i % 5 else f"event {i} in Kyiv"
        rows.append(row(f"e{i}", "KAZ", day=day, text=text))
        rows.append(row(f"e{i}", ["UKR", "RUS", "USA"][i % 3], day=day, text=text))
    write_site(pd.DataFrame(rows, columns=EVENT_COLUMNS), None, None, tmp_path)
    context, attempted = offline_context(browser)
    try:
        opened = open_dashboard(context, tmp_path / "timeline.html")
        page = opened.page
        assert page.locator("#timeline-plot canvas").count() >= 1  # WebGL markers, not thousands of SVG paths
        assert "WebGL is not supported" not in page.inner_text("#timeline-plot")
        shown = "() => document.getElementById('timeline-plot').data.reduce((n, t) => n + (t.customdata ? t.customdata.length : 0), 0)"
        assert page.evaluate(shown) == len(rows)
        search(page, "Kyiv")
        assert page.evaluate(shown) == 2 * len([i for i in range(WEBGL_THRESHOLD // 2 + 100) if i % 5 == 0])
        screenshot(page, ARTIFACTS / "timeline-large.png")
        assert opened.errors == [] and opened.failed == [] and attempted == []
    finally:
        context.close()


# ---------------------------------------------------------------- a large database


@pytest.fixture(scope="module")
def big_site(tmp_path_factory) -> Path:
    """The pages of a database with more events than the pages show one by one (made with SQL)."""
    import duckdb

    from dashboards import read_site_tables, write_site_tables
    from tests.dashboards.synthetic_db import make_db
    from threadline.countries import country_name

    root = tmp_path_factory.mktemp("big_site")
    with duckdb.connect(str(make_db(root / "big.duckdb", 60_000)), read_only=True) as con:
        tables = read_site_tables(lambda sql, params=(): con.execute(sql, list(params)).fetchdf(), country_name)
    write_site_tables(tables, root / "out")
    return root / "out"


def test_a_large_database_draws_its_timeline_from_counts_and_the_newest_events(browser, big_site: Path):
    context, attempted = offline_context(browser)
    try:
        opened = open_dashboard(context, big_site / "timeline.html", timeout_ms=60000)
        page = opened.page
        assert page.locator("#timeline-counts-plot .main-svg").count() >= 1  # every event, counted
        assert re.search(r"Showing [\d,]+ of 60,000 events", page.inner_text("p.partial"))
        assert re.search(r"All [\d,]+ events shown \(of 60,000\)", page.inner_text("[data-status]"))
        # The markers' hover labels are written from the client data.
        hovers = "() => document.getElementById('timeline-plot').data.filter(t => t.customdata).map(t => t.hovertext[0])"
        assert all(h and "<b>" in h and "click to read the thread" in h for h in page.evaluate(hovers))
        shown = count(page, TIMELINE_MARKERS)
        assert shown > 0
        search(page, "needle")  # a word in one tweet in a hundred: the search runs over the events shown
        assert 0 < count(page, TIMELINE_MARKERS) < shown
        assert re.search(r"\d+ of the [\d,]+ events shown match", page.inner_text("[data-status]"))
        search(page, "")
        screenshot(page, ARTIFACTS / "timeline-database.png", full_page=True)
        assert opened.errors == [] and opened.failed == [] and attempted == []
    finally:
        context.close()


@pytest.mark.parametrize("name", ["activity", "map", "comentions", "threads", "quality"])
def test_a_large_database_draws_every_page(browser, big_site: Path, name: str):
    context, attempted = offline_context(browser)
    try:
        opened = open_dashboard(context, big_site / f"{name}.html", timeout_ms=60000)
        for i in range(opened.page.locator(".plot").count()):
            assert opened.page.locator(".plot").nth(i).locator(".main-svg").count() >= 1, (name, i)
        assert opened.errors == [] and opened.failed == [] and attempted == []
    finally:
        context.close()
