"""Shared fixtures: every test gets its own threads folder, database, output folder and
Dagster home, so no test touches data/ or the user's .dagster_home."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEV_THREADS = FIXTURES / "dev_threads"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A private threads folder (a copy of the dev threads), database, output folder and DAGSTER_HOME."""
    paths = {
        "threads": tmp_path / "threads",
        "db": tmp_path / "tracker.duckdb",
        "out": tmp_path / "out",
        "home": tmp_path / "dagster_home",
    }
    shutil.copytree(DEV_THREADS, paths["threads"])
    for path in paths["threads"].iterdir():
        path.chmod(0o644)
    paths["home"].mkdir()
    monkeypatch.setenv("TRACKER_THREADS_DIR", str(paths["threads"]))
    monkeypatch.setenv("TRACKER_DB", str(paths["db"]))
    monkeypatch.setenv("TRACKER_OUT", str(paths["out"]))
    monkeypatch.setenv("DAGSTER_HOME", str(paths["home"]))
    return paths
