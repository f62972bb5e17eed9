"""Rows staged between tagging and storing: each batch of files writes one Parquet file per table,
<stage>/<table>/<batch>.parquet, and the store reads them back through `staged_rows`.

Of event_countries only the explicit rows are staged: the inherited ones (every country another
tweet of the thread names) are as many as the rest together, and DuckDB derives them from the
staged events and explicit rows far faster than Python builds them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from threadline.schema import EVENT_COUNTRIES, EVENTS, Table

_ARROW_TYPES = {
    "VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"), "BOOLEAN": pa.bool_(),
}


def arrow_schema(table: Table) -> pa.Schema:
    return pa.schema([(c.name, _ARROW_TYPES[c.sql_type]) for c in table.columns])


def write_batch(stage: Path, batch_name: str, rows: Mapping[Table, Sequence[tuple]]) -> None:
    """Each table's rows (tuples in the table's column order) to stage/<table>/<batch_name>.parquet."""
    for table, table_rows in rows.items():
        if not table_rows:
            continue
        schema = arrow_schema(table)
        columns = zip(*table_rows, strict=False)
        arrays = [pa.array(values, type=field.type) for values, field in zip(columns, schema, strict=True)]
        folder = stage / table.name
        folder.mkdir(parents=True, exist_ok=True)
        # Read once, right after, by DuckDB: not worth compressing or summarising.
        pq.write_table(pa.Table.from_arrays(arrays, schema=schema), folder / f"{batch_name}.parquet",
                       compression="none", write_statistics=False)


def staged_files(stage: Path, table: Table, batch_prefix: str = "") -> list[str]:
    """The table's staged files, of the batches whose names start with batch_prefix (e.g. a shard)."""
    return sorted(str(p) for p in (stage / table.name).glob(f"{batch_prefix}*.parquet"))


def staged_rows(stage: Path, table: Table, batch_prefix: str = "") -> tuple[str, list] | None:
    """A query (SQL and its parameters) giving every row staged for the table, in its columns;
    None when nothing is staged. event_countries' inherited rows are derived here."""
    files = staged_files(stage, table, batch_prefix)
    if not files:
        return None
    columns = ", ".join(table.column_names)
    if table is not EVENT_COUNTRIES:
        return f"SELECT {columns} FROM read_parquet(?)", [files]
    events = staged_files(stage, EVENTS, batch_prefix)
    return INHERITING_COUNTRIES.format(columns=columns), [files, events]


# An event inherits each country that its thread's other tweets name and its own tweet does not.
# (Events and their explicit rows are always staged in the same batch: a file is never split.)
INHERITING_COUNTRIES = """
WITH explicit AS (SELECT {columns} FROM read_parquet($1)),
     events AS (SELECT event_id, thread_id, source_file FROM read_parquet($2)),
     thread_countries AS (
         SELECT DISTINCT events.thread_id, explicit.country
         FROM explicit JOIN events ON events.event_id = explicit.event_id)
SELECT {columns} FROM explicit
UNION ALL
SELECT events.event_id, events.source_file, thread_countries.country,
       'inherited' AS how, NULL AS surface, NULL AS kind
FROM events JOIN thread_countries ON thread_countries.thread_id = events.thread_id
ANTI JOIN explicit ON explicit.event_id = events.event_id AND explicit.country = thread_countries.country
"""
