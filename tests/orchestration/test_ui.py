"""`threadline ui` serves the Dagster UI on 127.0.0.1 with the assets, their lineage, the sensor and the schedule.
(The `ui` fixture is in tests/conftest.py; tests/browser drives the same UI in Chromium.)"""

from __future__ import annotations

from tests.conftest import ASSET_GRAPH_QUERY

AUTOMATION_QUERY = """
{ repositoriesOrError { ... on RepositoryConnection { nodes { sensors { name } schedules { name cronSchedule } } } } }
"""


def test_ui_shows_the_lineage_the_sensor_and_the_schedule(ui):
    nodes = ui.graphql(ASSET_GRAPH_QUERY)["assetNodes"]
    deps = {"/".join(n["assetKey"]["path"]): {"/".join(d["path"]) for d in n["dependencyKeys"]} for n in nodes}
    assert "thread_files" in deps["tweets"]
    assert "tweets" in deps["events"]
    assert {"events", "event_countries"} <= deps["dashboards"]
    assert next(n for n in nodes if n["assetKey"]["path"] == ["tweets"])["isPartitioned"]
    repo = ui.graphql(AUTOMATION_QUERY)["repositoriesOrError"]["nodes"][0]
    assert [s["name"] for s in repo["sensors"]] == ["thread_folder_sensor"]
    assert [(s["name"], s["cronSchedule"]) for s in repo["schedules"]] == [("full_reingest_schedule", "0 3 * * *")]
