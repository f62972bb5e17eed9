"""Debian's Chromium driven by Playwright: how the browser tests start it, open a dashboard page
and take screenshots. Also a command that refreshes the README's screenshot of the timeline:

    .venv/bin/threadline run                                  # draws data/dashboards from data/threads
    .venv/bin/python -m tests.browser.chromium data/dashboards docs/timeline.png
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")  # installed by scripts/ensure-chromium.sh (make test)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
LAPTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
NETWORK = re.compile(r"^(https?|wss?|ftp)://")
# A function, not an expression: the pages' Content-Security-Policy forbids eval, Playwright's too.
ALL_DRAWN = "() => Array.from(document.querySelectorAll('.plot')).every(d => d.getAttribute('data-drawn') === '1')"
PROJECT = Path(__file__).resolve().parents[2]


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def offline_context(browser: Browser, viewport: dict[str, int] = LAPTOP, **options) -> tuple[BrowserContext, list[str]]:
    """A context whose every network request is refused and recorded (the pages must need none)."""
    context = browser.new_context(viewport=viewport, **options)
    attempted: list[str] = []

    def refuse(route) -> None:
        attempted.append(route.request.url)
        route.abort()

    context.route(NETWORK, refuse)
    return context, attempted


@dataclass
class OpenedPage:
    """A dashboard page, loaded with its figures drawn, and what went wrong while it loaded and since."""

    page: Page
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    failed: list[str] = field(default_factory=list)  # requests that failed (a missing local file, a refused one)


def open_dashboard(context: BrowserContext, path: Path, timeout_ms: int = 20000) -> OpenedPage:
    page = context.new_page()
    opened = OpenedPage(page)
    page.on("console", lambda m: opened.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda exc: opened.errors.append(f"uncaught: {exc}"))
    page.on("requestfailed", lambda r: opened.failed.append(f"{r.url}: {r.failure}"))
    page.goto(path.resolve().as_uri())
    page.wait_for_function(ALL_DRAWN, timeout=timeout_ms)
    return opened


def screenshot(page: Page, png: Path, *, full_page: bool = False) -> Path:
    png.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(png), full_page=full_page, animations="disabled")
    return png


def readme_screenshot(site: Path, png: Path) -> Path:
    """The README's picture: the timeline page on a laptop screen."""
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context, attempted = offline_context(browser)
            opened = open_dashboard(context, site / "timeline.html")
            assert not (opened.errors or opened.failed or attempted), (opened.errors, opened.failed, attempted)
            return screenshot(opened.page, png)
        finally:
            browser.close()


if __name__ == "__main__":
    site_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT / "data" / "dashboards"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else PROJECT / "docs" / "timeline.png"
    print(readme_screenshot(site_dir, out))
