"""Shared fixtures: every test gets its own threads folder, database, output folder and
Dagster home, so no test touches data/ or the user's .dagster_home."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import stop_process_group

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEV_THREADS = FIXTURES / "dev_threads"

ASSET_GRAPH_QUERY = """
{ assetNodes { assetKey { path } dependencyKeys { path } isPartitioned } }
"""


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A private threads folder (a copy of the dev threads), database, output folder and DAGSTER_HOME."""
    paths = {
        "threads": tmp_path / "threads",
        "db": tmp_path / "tracker.duckdb",
        "out": tmp_path / "out",
        "home": tmp_path / "dagster_home",
    }
    shutil.copytree(DEV_THREADS, paths["threads"])
    for path in paths["threads"].iterdir():
        path.chmod(0o644)
    paths["home"].mkdir()
    monkeypatch.setenv("TRACKER_THREADS_DIR", str(paths["threads"]))
    monkeypatch.setenv("TRACKER_DB", str(paths["db"]))
    monkeypatch.setenv("TRACKER_OUT", str(paths["out"]))
    monkeypatch.setenv("DAGSTER_HOME", str(paths["home"]))
    return paths


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class DagsterUI:
    """A running `threadline ui`: its port, its address and its GraphQL endpoint."""

    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def graphql(self, query: str) -> dict:
        request = urllib.request.Request(
            f"{self.url}/graphql", data=json.dumps({"query": query}).encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())["data"]


@pytest.fixture
def ui(workspace, tmp_path: Path):
    """`threadline ui` on a free port, on the workspace's folder, database and DAGSTER_HOME, once it serves the assets."""
    server = DagsterUI(free_port())
    log = (tmp_path / "ui.log").open("w")
    env = {**os.environ, "TRACKER_UI_PORT": str(server.port)}
    threadline = Path(sys.executable).with_name("threadline")
    process = subprocess.Popen([str(threadline), "ui"], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if server.graphql("{ version }") and server.graphql(ASSET_GRAPH_QUERY)["assetNodes"]:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the UI did not start:\n{(tmp_path / 'ui.log').read_text()[-3000:]}")
            time.sleep(1)
        yield server
    finally:
        # dagster dev shuts its children down on SIGINT sent to the whole group.
        stop_process_group(process, signal.SIGINT, wait_seconds=30)
        log.close()
