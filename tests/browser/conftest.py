"""The browser tests' shared pieces: one Chromium per session, and one site drawn by the real
pipeline (`threadline run`) from a copy of the dev threads plus a hostile thread file."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.browser.chromium import CHROMIUM, PROJECT, OpenedPage, launch, offline_context, open_dashboard
from tests.conftest import DEV_THREADS

ARTIFACTS = PROJECT / "test-artifacts"
HOSTILE_FILE = "hostile.txt"
# Tweets whose text would run script if it ever reached the page as markup; the flag stays unset
# as long as it is shown as text. Tweet 2 names a day, so it is drawn on the timeline; 1 and 3 are undated.
HOSTILE_TWEETS = (
    "Protesters in Almaty <img src=x onerror=window.__pwned=1> say </script><script>window.__pwned=2</script> fuel doubled",
    "On 10 January 2022 Kazakhstan <img src=x onerror=window.__pwned=3> mourned </script><script>window.__pwned=4</script> its dead",
    "<b>bold</b> & \"quotes\" 'single' <svg onload=window.__pwned=5> end",
)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-chromium.sh (make test does)")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """TRACKER_OUT of one `threadline run` over the dev threads and the hostile file."""
    from orchestration.cli import main

    root = tmp_path_factory.mktemp("browser_site")
    threads = root / "threads"
    shutil.copytree(DEV_THREADS, threads)
    (threads / HOSTILE_FILE).write_text(
        "".join(f"{n}/{len(HOSTILE_TWEETS)} {text}\n" for n, text in enumerate(HOSTILE_TWEETS, start=1)), encoding="utf-8"
    )
    (root / "home").mkdir()
    saved = dict(os.environ)
    os.environ.update(
        TRACKER_THREADS_DIR=str(threads), TRACKER_DB=str(root / "t.duckdb"), TRACKER_OUT=str(root / "out"), DAGSTER_HOME=str(root / "home")
    )
    try:
        assert main(["run"]) == 0
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return root / "out"


@pytest.fixture(scope="session")
def dashboard(browser: Browser, site: Path) -> Iterator[Callable[[str], OpenedPage]]:
    """dashboard('timeline') -> the page, loaded once per session in an offline laptop-sized context."""
    context, attempted = offline_context(browser)
    opened: dict[str, OpenedPage] = {}

    def get(name: str) -> OpenedPage:
        if name not in opened:
            opened[name] = open_dashboard(context, site / f"{name}.html")
        opened[name].page.bring_to_front()  # a page in the background gets its animation frames throttled
        return opened[name]

    get.attempted = attempted  # type: ignore[attr-defined]
    yield get
    context.close()
