"""`threadline ui` serves the Dagster UI on 127.0.0.1 with the assets, their lineage, the sensor and the schedule."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ASSET_GRAPH_QUERY = """
{ assetNodes { assetKey { path } dependencyKeys { path } isPartitioned } }
"""
AUTOMATION_QUERY = """
{ repositoriesOrError { ... on RepositoryConnection { nodes { sensors { name } schedules { name cronSchedule } } } } }
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())["data"]


@pytest.fixture
def ui(workspace, tmp_path: Path):
    port = _free_port()
    log = (tmp_path / "ui.log").open("w")
    env = {**os.environ, "TRACKER_UI_PORT": str(port)}
    threadline = Path(sys.executable).with_name("threadline")
    process = subprocess.Popen([str(threadline), "ui"], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if _graphql(port, "{ version }"):
                    if _graphql(port, ASSET_GRAPH_QUERY)["assetNodes"]:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the UI did not start:\n{(tmp_path / 'ui.log').read_text()[-3000:]}")
            time.sleep(1)
        yield port
    finally:
        # dagster dev shuts its children down on SIGINT sent to the whole group.
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def test_ui_shows_the_lineage_the_sensor_and_the_schedule(ui):
    nodes = _graphql(ui, ASSET_GRAPH_QUERY)["assetNodes"]
    deps = {"/".join(n["assetKey"]["path"]): {"/".join(d["path"]) for d in n["dependencyKeys"]} for n in nodes}
    assert "thread_files" in deps["tweets"]
    assert "tweets" in deps["events"]
    assert "events" in deps["timeline_page"]
    assert next(n for n in nodes if n["assetKey"]["path"] == ["tweets"])["isPartitioned"]
    repo = _graphql(ui, AUTOMATION_QUERY)["repositoriesOrError"]["nodes"][0]
    assert [s["name"] for s in repo["sensors"]] == ["thread_folder_sensor"]
    assert [(s["name"], s["cronSchedule"]) for s in repo["schedules"]] == [("full_reingest_schedule", "0 3 * * *")]
