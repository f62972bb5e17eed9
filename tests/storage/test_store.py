"""Table previews: the first rows of the files a run wrote, the same however many files it wrote."""

from __future__ import annotations

import duckdb
import pytest

from threadline.schema import INGEST_ISSUES
from threadline.store import ensure_schema, preview_rows


@pytest.fixture
def con():
    con = duckdb.connect()
    ensure_schema(con)
    yield con
    con.close()


def _issues(con, source_file: str, lines: int) -> None:
    for line in range(lines, 0, -1):  # stored out of order: the preview sorts
        con.execute("INSERT INTO ingest_issues VALUES (?, ?, 'warning', 'odd line')", [source_file, line])


def _every_row_sorted(con, files: list[str], limit: int) -> list[tuple]:
    return con.execute(
        "SELECT * FROM ingest_issues WHERE source_file IN (SELECT unnest(?::VARCHAR[])) ORDER BY source_file, line_no, severity, message LIMIT ?",
        [files, limit],
    ).fetchall()


def _preview(con, files: list[str], limit: int) -> list[tuple]:
    return [tuple(r) for r in preview_rows(con, INGEST_ISSUES, files, limit=limit).itertuples(index=False)]


@pytest.mark.parametrize(
    "lines_per_file",
    [
        [3, 3, 3, 3],  # the first files hold enough rows
        [0, 0, 0, 0, 1, 5],  # the first files hold none: the later ones fill the preview
        [1, 0, 1, 0, 1],  # fewer rows than the preview shows
        [0, 0],
    ],
)
def test_preview_is_the_first_rows_by_file_whatever_the_first_files_hold(con, lines_per_file):
    files = [f"f{i:02d}.txt" for i in range(len(lines_per_file))]
    for source_file, lines in zip(files, lines_per_file):
        _issues(con, source_file, lines)
    _issues(con, "not-rewritten.txt", 4)
    limit = 4
    shuffled = files[::-1]  # the caller's order does not matter
    assert _preview(con, shuffled, limit) == _every_row_sorted(con, files, limit)


def _columns(con) -> dict[str, list[str]]:
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall()
    out: dict[str, list[str]] = {}
    for table, column in rows:
        out.setdefault(table, []).append(column)
    return out


def test_an_older_database_gains_the_missing_tables_and_columns_and_keeps_its_rows():
    con = duckdb.connect()
    ensure_schema(con)
    expected = _columns(con)
    con.close()
    old = duckdb.connect()
    # As an earlier version left it: no mtime_ns in source_files, no date_mentions at all.
    old.execute("CREATE TABLE source_files (source_file VARCHAR, format VARCHAR, sha256 VARCHAR)")
    old.execute("INSERT INTO source_files VALUES ('a.txt', 'text', 'abc')")
    ensure_schema(old)
    assert _columns(old) == {**expected, "source_files": ["source_file", "format", "sha256"] + [
        c for c in expected["source_files"] if c not in ("source_file", "format", "sha256")]}
    assert old.execute("SELECT source_file, sha256, mtime_ns FROM source_files").fetchall() == [("a.txt", "abc", None)]
    ensure_schema(old)  # again: nothing left to change
    assert old.execute("SELECT count(*) FROM source_files").fetchone() == (1,)


def test_views_over_parquet_are_left_as_they_are():
    con = duckdb.connect()
    con.execute("CREATE VIEW tweets AS SELECT 'x' AS tweet_id")
    ensure_schema(con)
    assert con.execute("SELECT table_type FROM information_schema.tables WHERE table_name = 'tweets'").fetchone() == ("VIEW",)
    assert "events" in _columns(con)
