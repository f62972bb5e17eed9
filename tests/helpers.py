"""Helpers the pipeline tests share."""

from __future__ import annotations

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


def scalar(db: Path, sql: str, params: list | None = None):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchone()[0]
