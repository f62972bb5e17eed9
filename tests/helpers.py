"""Helpers the pipeline tests share."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import duckdb

from threadline.schema import ALL_TABLES


def table_contents(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, so two databases can be compared."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            t.name: sorted(con.execute(f"SELECT * FROM {t.name}").fetchall(), key=repr)
            for t in ALL_TABLES
        }


def stop_process_group(process: subprocess.Popen, first_signal: int = signal.SIGTERM, wait_seconds: float = 60) -> None:
    """End the process group a test started (a server and its children): politely, then by force."""
    if process.poll() is None:
        os.killpg(process.pid, first_signal)
    try:
        process.wait(timeout=wait_seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def scalar(db: Path, sql: str, params: list | None = None):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchone()[0]
