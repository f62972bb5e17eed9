"""Resources: where the thread files are, where the dashboards go. DuckDB comes from dagster-duckdb."""

import os
from contextlib import AbstractContextManager
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource
from duckdb import DuckDBPyConnection

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


def database_kept_open() -> AbstractContextManager[DuckDBPyConnection]:
    """A connection to TRACKER_DB opened as the `duckdb` resource opens its own, to hold while a run
    goes in this process. While one is open, DuckDB gives every connection the process opens to the
    file the same database: no step opens the file again (20–40 ms each at a million tweets) or
    starts with empty caches. Not across processes: a run whose steps run elsewhere would find the
    file locked. Settings a step changes hold for all: it resets them (threadline.store.settings)."""
    return DuckDBResource(database=os.environ[DATABASE]).get_connection()
