"""Settings read from the environment, each with its default. One place, so that
`make run`, `threadline …`, the Dagster UI and the tests agree."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]

THREADS_DIR = "TRACKER_THREADS_DIR"
DATABASE = "TRACKER_DB"
OUT_DIR = "TRACKER_OUT"
DAGSTER_HOME = "DAGSTER_HOME"
REINGEST_CRON = "TRACKER_REINGEST_CRON"
MAX_FILE_MB = "TRACKER_MAX_FILE_MB"
CACHE_DIR = "TRACKER_CACHE_DIR"

DEFAULTS: dict[str, str] = {
    THREADS_DIR: str(PROJECT_ROOT / "data" / "threads"),
    DATABASE: str(PROJECT_ROOT / "data" / "threadline.duckdb"),
    OUT_DIR: str(PROJECT_ROOT / "data" / "dashboards"),
    DAGSTER_HOME: str(PROJECT_ROOT / ".dagster_home"),
    REINGEST_CRON: "0 3 * * *",
    MAX_FILE_MB: "200",
    CACHE_DIR: str(Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "threadline"),
}
PATH_SETTINGS = (THREADS_DIR, DATABASE, OUT_DIR, DAGSTER_HOME, CACHE_DIR)


def max_file_bytes() -> int:
    """Thread files larger than this are refused (TRACKER_MAX_FILE_MB, in MiB)."""
    return int(float(setting(MAX_FILE_MB)) * 1024 * 1024)


def cache_dir() -> Path:
    """Where what the taggers build is kept between processes (TRACKER_CACHE_DIR)."""
    return Path(setting(CACHE_DIR)).expanduser()


def setting(name: str) -> str:
    """The environment's value when set and not empty, else the default."""
    return os.environ.get(name) or DEFAULTS[name]


def apply_defaults() -> None:
    """Put every setting into the environment, paths made absolute, so that Dagster's
    EnvVar-based resources and any process started from here see the same values."""
    for name in DEFAULTS:
        value = setting(name)
        if name in PATH_SETTINGS:
            value = str(Path(value).expanduser().resolve())
        os.environ[name] = value
    Path(os.environ[DAGSTER_HOME]).mkdir(parents=True, exist_ok=True)
