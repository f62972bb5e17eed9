"""Resources: where the thread files are, where the dashboards go. DuckDB comes from dagster-duckdb."""

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from threadline.config import DATABASE, OUT_DIR, THREADS_DIR
from threadline.model import ParsedFile
from threadline.parsers import open_thread_file


class ThreadFolder(dg.ConfigurableResource):
    """The folder of thread files, read recursively."""

    path: str

    @property
    def root(self) -> Path:
        return Path(self.path).resolve()

    def open(self, source_file: str) -> tuple[bytes | None, ParsedFile | None]:
        """The file's bytes, or (None, the reason it was refused as a parsed file with its issue)."""
        return open_thread_file(self.root, source_file)


class DashboardFolder(dg.ConfigurableResource):
    """Where the dashboard pages are written."""

    path: str

    @property
    def root(self) -> Path:
        return Path(self.path).resolve()


def resources() -> dict[str, dg.ConfigurableResource]:
    return {
        "duckdb": DuckDBResource(database=dg.EnvVar(DATABASE)),
        "thread_folder": ThreadFolder(path=dg.EnvVar(THREADS_DIR)),
        "dashboard_folder": DashboardFolder(path=dg.EnvVar(OUT_DIR)),
    }
