"""Writing to and reading from the DuckDB file. Every write for a set of source files
deletes their old rows and inserts the new ones in one transaction, so re-running
is idempotent and a failed write leaves the tables as they were."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import time

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


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables, and add columns that newer versions introduced to older databases.
    (Views over Parquet files, see parquet_store, are left as they are.)"""
    views = {name for name, in con.execute("SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW'").fetchall()}
    for table in ALL_TABLES:
        if table.name in views:
            continue
        con.execute(table.ddl())
        for column in table.columns:
            con.execute(f"ALTER TABLE {table.name} ADD COLUMN IF NOT EXISTS {column.name} {column.sql_type}")


def frame(table: Table, rows: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """Rows as a DataFrame with exactly the table's columns, in order."""
    return pd.DataFrame.from_records(list(rows), columns=table.column_names)


def replace_rows(
    con: duckdb.DuckDBPyConnection,
    source_files: Sequence[str],
    rows_by_table: Mapping[Table, Iterable[Mapping[str, object]]],
) -> dict[str, int]:
    """Replace, in one transaction, the rows these source files have in each given table."""
    ensure_schema(con)
    counts: dict[str, int] = {}
    con.execute("BEGIN TRANSACTION")
    try:
        for table, rows in rows_by_table.items():
            con.execute(f"DELETE FROM {table.name} WHERE {in_files()}", [list(source_files)])
            incoming = frame(table, rows)
            counts[table.name] = len(incoming)
            if len(incoming):
                con.register("incoming_rows", incoming)
                con.execute(f"INSERT INTO {table.name} SELECT * FROM incoming_rows")
                con.unregister("incoming_rows")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return counts


def in_files() -> str:
    """A condition on source_file taking the list of files as its one parameter."""
    return "source_file IN (SELECT unnest(?::VARCHAR[]))"


def delete_files(con: duckdb.DuckDBPyConnection, source_files: Sequence[str]) -> None:
    """Remove every row of these source files from every table, in one transaction."""
    replace_rows(con, source_files, {table: [] for table in ALL_TABLES})


def stored_fingerprints(con: duckdb.DuckDBPyConnection, source_files: Sequence[str]) -> dict[str, tuple[str, str]]:
    """source_file → (sha256, tagged_with) of the rows stored now."""
    ensure_schema(con)
    rows = con.execute(
        f"SELECT source_file, sha256, tagged_with FROM source_files WHERE {in_files()}",
        [list(source_files)],
    ).fetchall()
    return {f: (sha, tagged) for f, sha, tagged in rows if sha and tagged}


def count_rows(con: duckdb.DuckDBPyConnection, table: Table, source_files: Sequence[str]) -> int:
    return con.execute(f"SELECT count(*) FROM {table.name} WHERE {in_files()}", [list(source_files)]).fetchone()[0]


def preview_rows(con: duckdb.DuckDBPyConnection, table: Table, source_files: Sequence[str], limit: int = 10) -> pd.DataFrame:
    """The first rows these files have in the table, in the table's column order."""
    columns = ", ".join(table.column_names)
    return con.execute(
        f"SELECT {columns} FROM {table.name} WHERE {in_files()} ORDER BY source_file LIMIT {int(limit)}", [list(source_files)]
    ).fetchdf()


def known_files(con: duckdb.DuckDBPyConnection) -> list[str]:
    if not con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'source_files'").fetchone()[0]:
        return []
    return [row[0] for row in con.execute("SELECT source_file FROM source_files ORDER BY source_file").fetchall()]


def query_frame(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
    return con.execute(sql, list(params)).fetchdf()
