"""What every table asset shares: column schemas, row counts and previews, partition keys."""

from collections.abc import Mapping, Sequence

import dagster as dg
import duckdb
import pandas as pd

from threadline.schema import Table

PREVIEW_ROWS = 10
PREVIEW_TEXT_CHARS = 80


def column_schema(table: Table) -> dg.TableSchema:
    return dg.TableSchema(columns=[dg.TableColumn(c.name, c.sql_type, description=c.description) for c in table.columns])


def table_spec(table: Table, group: str, deps: list[str], partitions_def: dg.PartitionsDefinition | None) -> dg.AssetSpec:
    """An asset spec for a DuckDB table: its key is the table's name, its columns are declared."""
    return dg.AssetSpec(
        key=table.name,
        description=table.description,
        group_name=group,
        deps=deps,
        partitions_def=partitions_def,
        metadata={"dagster/column_schema": column_schema(table), "dagster/table_name": table.name},
        kinds={"duckdb"},
    )


def preview(frame: pd.DataFrame) -> dg.MetadataValue:
    """A Markdown table of the first rows, long text shortened."""
    shown = frame.head(PREVIEW_ROWS)
    if not len(shown):
        return dg.MetadataValue.md("_no rows_")
    lines = [markdown_row(shown.columns), markdown_row(["---"] * len(shown.columns))]
    lines += [markdown_row(shortened(value) for value in row) for row in shown.itertuples(index=False)]
    return dg.MetadataValue.md("\n".join(lines))


def shortened(value: object) -> str:
    """A cell of the preview: missing values empty, text cut at PREVIEW_TEXT_CHARS."""
    if not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value):
        return ""
    # Whole numbers of a column with nulls come as floats: shown as the integers they are.
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return text if len(text) <= PREVIEW_TEXT_CHARS else text[: PREVIEW_TEXT_CHARS - 1] + "…"


def markdown_row(cells) -> str:
    # Written here rather than by pandas' to_markdown: its first call imports tabulate, 0.1 s of a one-file run.
    return "| " + " | ".join(str(cell).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ") for cell in cells) + " |"


def column_lineage(deps: Mapping[str, tuple[str, str]]) -> dg.TableColumnLineage:
    """column → (upstream asset, upstream column)."""
    return dg.TableColumnLineage(
        deps_by_column={
            column: [dg.TableColumnDep(asset_key=dg.AssetKey(asset), column_name=upstream)]
            for column, (asset, upstream) in deps.items()
        }
    )


def table_result(
    table: Table,
    preview_frame: pd.DataFrame,
    written: int,
    rewritten: int,
    unchanged: int,
    row_count: int,
    lineage: Mapping[str, tuple[str, str]] | None = None,
) -> dg.MaterializeResult:
    """`written` rows came from the `rewritten` files of this run (unchanged files keep theirs);
    `row_count` is how many rows the run's shards have in the table now."""
    metadata: dict[str, object] = {
        "dagster/row_count": row_count,
        "rows written": written,
        "files rewritten": rewritten,
        "files unchanged": unchanged,
        "preview": preview(preview_frame),
    }
    if lineage:
        metadata["dagster/column_lineage"] = column_lineage(lineage)
    return dg.MaterializeResult(asset_key=table.name, metadata=metadata)


def row_counts(con: duckdb.DuckDBPyConnection, tables: Sequence[Table], source_files: Sequence[str]) -> dict[str, int]:
    """table name → rows these files have in it, every table counted in one query (one pass of
    DuckDB over each table's source_file column, the list of files sent once)."""
    counts = ", ".join(f"(SELECT count(*) FROM {t.name} SEMI JOIN files USING (source_file))" for t in tables)
    sql = f"WITH files AS (SELECT unnest(?::VARCHAR[]) AS source_file) SELECT {counts}"
    return dict(zip([t.name for t in tables], con.execute(sql, [list(source_files)]).fetchone()))


def partition_keys(context: dg.AssetExecutionContext) -> list[str]:
    """The thread files this run covers: one partition, or a range in a single run."""
    return list(context.partition_keys) if context.has_partition_key_range or context.has_partition_key else []
