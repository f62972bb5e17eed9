"""The Dagster UI (`threadline ui`) in Chromium: the asset graph lists the tables and the dashboards."""

from __future__ import annotations

from assets.tables import TABLES
from tests.browser.chromium import LAPTOP, screenshot
from tests.browser.conftest import ARTIFACTS


def test_asset_graph_lists_the_assets(ui, browser):
    # The "join the community" modal would cover the page on first load: mark it seen first.
    assert ui.graphql("mutation { setNuxSeen }")["setNuxSeen"] is True
    context = browser.new_context(viewport=LAPTOP)
    try:
        page = context.new_page()
        page.goto(f"{ui.url}/assets/events?view=lineage")
        for name in ("events", "tweets", "event_countries", "dashboards"):
            page.get_by_text(name, exact=True).first.wait_for(timeout=30000)
        assert page.locator("[role=dialog]").count() == 0
        screenshot(page, ARTIFACTS / "dagster-lineage.png")

        page.goto(f"{ui.url}/assets")
        for name in [table.name for table in TABLES] + ["dashboards"]:
            page.get_by_text(name, exact=True).first.wait_for(timeout=30000)
        screenshot(page, ARTIFACTS / "dagster-assets.png")
    finally:
        context.close()
