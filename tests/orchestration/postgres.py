"""A real, throwaway PostgreSQL server for the tests that keep the Dagster instance in it:
Debian's package, installed when missing and started on 127.0.0.1 by scripts/ensure-postgres.sh.

Import `postgres_server` into a test module to use it there; each module starts its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest

from orchestration.executors import EXECUTOR, EXECUTOR_CONFIG, IN_PROCESS
from tests.conftest import free_port
from threadline.config import DAGSTER_HOME, DATABASE, OUT_DIR, PROJECT_ROOT, THREADS_DIR

ENSURE_POSTGRES = PROJECT_ROOT / "scripts" / "ensure-postgres.sh"
DEPLOY = PROJECT_ROOT / "deploy"
SUPERUSER = PASSWORD = "threadline"


@dataclass(frozen=True)
class PostgresServer:
    port: int
    host: str = "127.0.0.1"
    user: str = SUPERUSER
    password: str = PASSWORD

    def connect(self, database: str = "postgres"):
        return psycopg2.connect(host=self.host, port=self.port, user=self.user, password=self.password, dbname=database)

    def create_database(self) -> str:
        """A new empty database, so that every test sees only its own runs."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        con = self.connect()
        con.autocommit = True  # CREATE DATABASE refuses to run in a transaction
        try:
            with con.cursor() as cur:
                cur.execute(f'CREATE DATABASE "{name}"')  # a name of ours; identifiers cannot be parameters
        finally:
            con.close()
        return name

    def query(self, database: str, sql: str, params: list | None = None) -> list[tuple]:
        con = self.connect(database)
        try:
            with con.cursor() as cur:
                cur.execute(sql, params or [])
                return cur.fetchall()
        finally:
            con.close()

    def url(self, database: str, scheme: str) -> str:
        return f"{scheme}://{self.user}:{self.password}@{self.host}:{self.port}/{database}"

    def dagster_env(self, database: str) -> dict[str, str]:
        """The variables deploy/dagster-postgres.yaml reads."""
        return {
            "DAGSTER_PG_HOST": self.host,
            "DAGSTER_PG_PORT": str(self.port),
            "DAGSTER_PG_USER": self.user,
            "DAGSTER_PG_PASSWORD": self.password,
            "DAGSTER_PG_DB": database,
        }


@pytest.fixture(scope="module")
def postgres_server():
    # Under the temporary folder, not pytest's tmp_path: as root the server runs as another user,
    # who cannot enter pytest's private folders.
    folder = Path(tempfile.mkdtemp(prefix="threadline-pg-"))
    server = PostgresServer(port=free_port())
    env = {**os.environ, "PGUSER": server.user, "PGPASSWORD": server.password}
    try:
        started = subprocess.run(
            [str(ENSURE_POSTGRES), "start", str(folder), str(server.port)], env=env, capture_output=True, text=True
        )
        if started.returncode != 0:
            log = folder / "server.log"
            pytest.fail(f"PostgreSQL did not start:\n{started.stderr}\n{log.read_text() if log.exists() else ''}")
        yield server
    finally:
        subprocess.run([str(ENSURE_POSTGRES), "stop", str(folder)], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class PostgresWorkspace:
    """A copy of the bundled sample, a DuckDB file and a pages folder of a test's own, and a
    DAGSTER_HOME whose instance is a new database of the server; `env` is what processes get."""

    threads: Path
    db: Path
    out: Path
    home: Path
    database: str
    env: dict[str, str]


def workspace_in_postgres(tmp_path: Path, server: PostgresServer) -> PostgresWorkspace:
    threads, home = tmp_path / "threads", tmp_path / "dagster_home"
    shutil.copytree(PROJECT_ROOT / "data" / "threads", threads)
    home.mkdir()
    shutil.copyfile(DEPLOY / "dagster-postgres.yaml", home / "dagster.yaml")
    database = server.create_database()
    db, out = tmp_path / "threadline.duckdb", tmp_path / "out"
    env = {
        **{k: v for k, v in os.environ.items() if k != EXECUTOR_CONFIG},
        **server.dagster_env(database),
        THREADS_DIR: str(threads),
        DATABASE: str(db),
        OUT_DIR: str(out),
        DAGSTER_HOME: str(home),
        EXECUTOR: IN_PROCESS,
        # The virtualenv's commands (threadline, dagster-celery, celery) first, however pytest was started.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    return PostgresWorkspace(threads, db, out, home, database, env)


def sqlite_files(home: Path) -> list[Path]:
    """Any SQLite database Dagster left in DAGSTER_HOME: none when the instance is in PostgreSQL."""
    return sorted(home.rglob("*.db"))
