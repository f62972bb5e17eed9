"""The tables as Parquet files, one per table and shard: <dir>/<table>/<shard>.parquet.

Used when TRACKER_PARQUET_DIR is set, for running past one machine: each shard's run writes
only its own files, so runs on different workers never contend for one database file, and
the DuckDB file (TRACKER_DB) holds views over the Parquet for the dashboards and for queries."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from threadline.schema import ALL_TABLES, SOURCE_FILES, Table
from threadline.staged import arrow_schema, staged_rows

PARQUET_DIR = "TRACKER_PARQUET_DIR"


def parquet_dir() -> Path | None:
    """Where the tables are kept as Parquet, or None when they live in the DuckDB file."""
    value = os.environ.get(PARQUET_DIR)
    return Path(value).expanduser().resolve() if value else None


def shard_file(root: Path, table: Table, shard: str) -> Path:
    return root / table.name / f"{shard}.parquet"


def stored_source_files(root: Path) -> list[tuple]:
    """The source_files rows of every shard, as (source_file, format, sha256, tagged_with, size_bytes, mtime_ns)."""
    if not any((root / SOURCE_FILES.name).glob("*.parquet")):
        return []
    pattern = str(root / SOURCE_FILES.name / "*.parquet")
    with duckdb.connect() as con:
        return con.execute(
            "SELECT source_file, format, sha256, tagged_with, size_bytes, mtime_ns FROM read_parquet(?)", [pattern]
        ).fetchall()


def publish_shards(root: Path, stage: Path, shards: Iterable[str], replaced: Sequence[str], touched: Mapping[str, int]) -> dict[str, int]:
    """Rewrite each shard's file of every table: its old rows minus those of the replaced files,
    plus the rows staged for it. source_files goes last, so a run cut off half-way is redone
    by the next one (the stored fingerprints are still the old ones). Returns the rows written
    from the stage per table."""
    written: dict[str, int] = {}
    with duckdb.connect() as con:
        for shard in shards:
            for table in [t for t in ALL_TABLES if t is not SOURCE_FILES] + [SOURCE_FILES]:
                rows, new = shard_rows(con, root, stage, table, shard, replaced, touched if table is SOURCE_FILES else {})
                if new:
                    written[table.name] = written.get(table.name, 0) + new
                rows = rows.cast(arrow_schema(table)) if rows is not None else arrow_schema(table).empty_table()
                target = shard_file(root, table, shard)
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_suffix(".parquet.partial")
                pq.write_table(rows, partial)
                os.replace(partial, target)  # readers see the old file or the new one, never half of one
    return written


def shard_rows(
    con: duckdb.DuckDBPyConnection,
    root: Path,
    stage: Path,
    table: Table,
    shard: str,
    replaced: Sequence[str],
    touched: Mapping[str, int],
) -> tuple[pa.Table | None, int]:
    """The shard's rows of this table after the run (None when it has none), and how many of
    them come from the stage."""
    columns = ", ".join(table.column_names)
    parts, params, new = [], [], 0
    old = shard_file(root, table, shard)
    if old.exists():
        parts.append(f"SELECT {columns} FROM read_parquet(?) WHERE source_file NOT IN (SELECT unnest(?::VARCHAR[]))")
        params += [str(old), list(replaced)]
    if (staged_query := staged_rows(stage, table, f"{shard}-")) is not None:
        query, staged_params = staged_query
        con.execute(f"CREATE OR REPLACE TEMP TABLE staged_for_shard AS {query}", staged_params).fetchall()
        [(new,)] = con.execute("SELECT count(*) FROM staged_for_shard").fetchall()
        parts.append(f"SELECT {columns} FROM staged_for_shard")
    if not parts:
        return None, 0
    query = " UNION ALL ".join(parts) + " ORDER BY source_file"
    if touched:
        query = (
            f"SELECT * REPLACE (coalesce(t.mtime_ns, rows.mtime_ns) AS mtime_ns) FROM ({query}) rows "
            "LEFT JOIN (SELECT unnest(?::VARCHAR[]) AS f, unnest(?::BIGINT[]) AS mtime_ns) t ON t.f = rows.source_file"
        )
        params += [list(touched), list(touched.values())]
    return con.sql(query, params=params).to_arrow_table().select(table.column_names), new


def ensure_views(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    """Views in the DuckDB file over every table's Parquet files (an empty table before the first run)."""
    kinds = dict(con.execute("SELECT table_name, table_type FROM information_schema.tables").fetchall())
    for table in ALL_TABLES:
        if kinds.get(table.name) == "BASE TABLE":
            if con.execute(f"SELECT count(*) FROM {table.name}").fetchone()[0]:
                raise RuntimeError(
                    f"{PARQUET_DIR} is set, but the DuckDB file already holds a {table.name} table with rows; "
                    "point TRACKER_DB at a new file for the views over the Parquet tables"
                )
            con.execute(f"DROP TABLE {table.name}")
        if any((root / table.name).glob("*.parquet")):
            pattern = str(root / table.name / "*.parquet").replace("'", "''")
            source = f"read_parquet('{pattern}', union_by_name = true)"
            con.execute(f"CREATE OR REPLACE VIEW {table.name} AS SELECT {', '.join(table.column_names)} FROM {source}")
        else:
            empty = ", ".join(f"CAST(NULL AS {c.sql_type}) AS {c.name}" for c in table.columns)
            con.execute(f"CREATE OR REPLACE VIEW {table.name} AS SELECT {empty} WHERE false")
