"""Checks that guard the tables; each names the asset it checks.

They run inside the step that writes the tables, on the rows of the files that step rewrote:
rows of unchanged files were checked when they were written, so a one-file run checks one
file's rows, not every row of a million-tweet table, and a full run checks everything it wrote."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import dagster as dg
import duckdb

# The files whose rows are checked, given as the query's one parameter.
CHECKED_FILES = "checked AS (SELECT unnest(?::VARCHAR[]) AS source_file)"
SAMPLE_ROWS = 10


@dataclass(frozen=True)
class RowCheck:
    """A check that passes when `violations` (SQL over the `checked` files) selects no rows."""

    name: str
    asset: str
    description: str
    violations: str
    nothing_found: str  # how the metadata says that no row broke the rule

    @property
    def spec(self) -> dg.AssetCheckSpec:
        return dg.AssetCheckSpec(self.name, asset=self.asset, description=self.description)

    def query(self) -> str:
        return f"WITH {CHECKED_FILES} {self.violations}"


ROW_CHECKS = (
    RowCheck(
        "tweet_positions_unique",
        "tweets",
        "No thread has two different tweets at the same position (rows of the files the run wrote).",
        "SELECT thread_id, position, count(*) FROM tweets SEMI JOIN checked USING (source_file) "
        "GROUP BY thread_id, position HAVING count(*) > 1 ORDER BY 1, 2",
        "repeated positions",
    ),
    RowCheck(
        "events_have_tweets",
        "events",
        "Every event belongs to a tweet of its file that exists (rows of the files the run wrote).",
        # Both sides narrowed to the checked files: a tweet id names its file, so no match is lost.
        "SELECT e.event_id, e.tweet_id FROM (SELECT * FROM events SEMI JOIN checked USING (source_file)) e "
        "ANTI JOIN (SELECT tweet_id FROM tweets SEMI JOIN checked USING (source_file)) t USING (tweet_id) ORDER BY 1",
        "orphan events",
    ),
    RowCheck(
        "event_dates_explained",
        "events",
        "Every dated event has a precision and a source for its date (rows of the files the run wrote).",
        "SELECT event_id, event_date FROM events SEMI JOIN checked USING (source_file) WHERE event_date IS NOT NULL "
        "AND (date_precision IS NULL OR date_source IS NULL) ORDER BY 1",
        "unexplained dates",
    ),
    RowCheck(
        "countries_are_alpha3",
        "event_countries",
        "Every country is an ISO alpha-3 code tagged 'explicit' or 'inherited' (rows of the files the run wrote).",
        "SELECT event_id, country, how FROM event_countries SEMI JOIN checked USING (source_file) "
        "WHERE NOT regexp_full_match(country, '[A-Z]{3}') OR how NOT IN ('explicit', 'inherited') ORDER BY 1",
        "bad codes",
    ),
)

CHECK_SPECS = [check.spec for check in ROW_CHECKS]


def check_result(check: RowCheck, rows: list[tuple], files_checked: int) -> dg.AssetCheckResult:
    sample = "\n".join(f"- {', '.join(str(v) for v in row)}" for row in rows[:SAMPLE_ROWS])
    return dg.AssetCheckResult(
        asset_key=check.asset,
        check_name=check.name,
        passed=not rows,
        metadata={
            "violations": len(rows),
            "files checked": files_checked,
            "sample": dg.MetadataValue.md(sample or f"_no {check.nothing_found}_"),
        },
    )


def check_rows(con: duckdb.DuckDBPyConnection, source_files: Sequence[str]) -> Iterator[dg.AssetCheckResult]:
    """Every check, on the rows these files have in the tables."""
    files = list(source_files)
    for check in ROW_CHECKS:
        # With no file to look at there is no row to break a rule; DuckDB would still read a
        # whole column of every table to find that out (about a second at a million tweets).
        rows = con.execute(check.query(), [files]).fetchall() if files else []
        yield check_result(check, rows, len(files))
