"""Dagster's own SQLite storages for runs and their events, each keeping its SQLAlchemy engines
for the life of the process (set in dagster.yaml).

Dagster's classes make a new engine for every connection: for every stored event and every
change of a run's status. A new engine compiles each statement again and sets up its dialect on
its first connection: about 8 ms of processor time per stored asset event (13 ms against
5.5 ms, measured on single materializations), and a run stores dozens of them. These keep one
engine per database file (the most recent
ENGINES_KEPT run databases). Connections are still opened for each use and closed after it
(NullPool, as in Dagster's), so processes share the files exactly as before. The files are
where Dagster's defaults put them: `$DAGSTER_HOME/history/runs.db` and one database per run
in `$DAGSTER_HOME/history/runs/` (so DAGSTER_HOME must be set, as for `DagsterInstance.get()`)."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import dagster as dg
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    INDEX_SHARD_NAME,
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from dagster._core.storage.runs.sqlite.sqlite_run_storage import SqliteRunStorage
from dagster._core.storage.sql import create_engine
from dagster._serdes import ConfigurableClassData
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

# A process that reads many runs (the UI) keeps the engines of the latest ones only.
ENGINES_KEPT = 64


def history_dir(dagster_home: str, *parts: str) -> str:
    return os.path.join(dagster_home, "history", *parts)


class SqliteRunStorageKeepingEngine(SqliteRunStorage):
    """SqliteRunStorage in `$DAGSTER_HOME/history/runs.db`, with one engine."""

    def __init__(self, conn_string: str, inst_data: ConfigurableClassData | None = None):
        super().__init__(conn_string, inst_data)
        self._engine = create_engine(conn_string, poolclass=NullPool)

    @classmethod
    def config_type(cls) -> dict[str, Any]:
        return {"dagster_home": dg.StringSource}

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData | None, config_value: Mapping[str, Any]) -> SqliteRunStorageKeepingEngine:
        return cls.from_local(history_dir(config_value["dagster_home"]), inst_data=inst_data)

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self._engine.connect() as conn, conn.begin():
            yield conn


class SqliteEventLogStorageKeepingEngines(SqliteEventLogStorage):
    """SqliteEventLogStorage in `$DAGSTER_HOME/history/runs/`, with one engine per database."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        # Its own lock: _connect asks for an engine while it holds Dagster's _db_lock, and so does
        # has_table, which Dagster calls inside _connect.
        self._engines_lock = threading.Lock()
        super().__init__(base_dir, inst_data)

    @classmethod
    def config_type(cls) -> dict[str, Any]:
        return {"dagster_home": dg.StringSource}

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData | None, config_value: Mapping[str, Any]) -> SqliteEventLogStorageKeepingEngines:
        return cls(history_dir(config_value["dagster_home"], "runs"), inst_data=inst_data)

    def _engine(self, shard: str) -> Engine:
        with self._engines_lock:
            engine = self._engines.get(shard)
            if engine is None:
                engine = create_engine(
                    self.conn_string_for_shard(shard), poolclass=NullPool, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}
                )
                self._engines[shard] = engine
                if len(self._engines) > ENGINES_KEPT:
                    self._engines.popitem(last=False)
            else:
                self._engines.move_to_end(shard)
            return engine

    def has_table(self, table_name: str) -> bool:
        # Asked of the index database for every stored asset event, inside _connect's lock.
        engine = self._engine(INDEX_SHARD_NAME)
        with engine.connect() as conn:
            return bool(engine.dialect.has_table(conn, table_name))

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        # As SqliteEventLogStorage._connect, the engine aside.
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn
