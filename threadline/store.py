"""The DuckDB file: connecting when it is free, its schema, and small reads by source file.
(Runs write it in threadline.ingest, one transaction each.)"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import duckdb
import pandas as pd

from threadline.schema import ALL_TABLES, Table


def connect_when_free(database: str, read_only: bool = False, wait_seconds: float = 120.0) -> duckdb.DuckDBPyConnection:
    """Connect, waiting with back-off while another process holds a conflicting lock
    (DuckDB lets one writer, or many readers, at a time)."""
    delay, waited = 0.1, 0.0
    while True:
        try:
            return duckdb.connect(database, read_only=read_only)
        except duckdb.IOException:
            if waited >= wait_seconds:
                raise
            time.sleep(delay)
            waited += delay
            delay = min(delay * 2, 5.0)


@contextmanager
def settings(con: duckdb.DuckDBPyConnection, values: Mapping[str, str]) -> Iterator[None]:
    """DuckDB settings (name → SQL literal, our constants) for the block, reset after it: most hold
    for the whole database, which every connection of a process to the file shares while one of
    them is open (orchestration.resources.database_kept_open)."""
    for name, value in values.items():
        con.execute(f"SET {name} = {value}")
    try:
        yield
    finally:
        for name in values:
            con.execute(f"RESET {name}")


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables, and add columns that newer versions introduced to older databases.
    (Views over Parquet files, see parquet_store, are left as they are.) Only what is missing is
    changed: every run calls this, and sixty statements that change nothing take a few hundredths
    of a second."""
    views = {name for name, in con.execute("SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW'").fetchall()}
    present = set(con.execute("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'").fetchall())
    for table in ALL_TABLES:
        if table.name in views or all((table.name, column.name) in present for column in table.columns):
            continue
        con.execute(table.ddl())
        for column in table.columns:
            if (table.name, column.name) not in present:
                con.execute(f"ALTER TABLE {table.name} ADD COLUMN IF NOT EXISTS {column.name} {column.sql_type}")


def in_files() -> str:
    """A condition on source_file taking the list of files as its one parameter."""
    return "source_file IN (SELECT unnest(?::VARCHAR[]))"


def preview_rows(con: duckdb.DuckDBPyConnection, table: Table, source_files: Sequence[str], limit: int = 10) -> pd.DataFrame:
    """The first rows these files have in the table, by file and then column by column, in the
    table's column order."""
    columns = ", ".join(table.column_names)
    sql = f"SELECT {columns} FROM {table.name} WHERE {in_files()} ORDER BY source_file, {columns} LIMIT {int(limit)}"
    # When the first `limit` files hold that many rows, no later file can come before them:
    # asking for those files alone spares a full run a sort of every row (0.4 s at 1M tweets).
    files = sorted(source_files)
    first = con.execute(sql, [files[:limit]]).fetchdf()
    return first if len(first) >= limit or len(files) <= limit else con.execute(sql, [files]).fetchdf()


