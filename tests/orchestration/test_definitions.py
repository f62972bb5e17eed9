"""The Definitions load and hold what the UI shows: partitioned assets, checks, jobs, a sensor, a schedule."""

from __future__ import annotations

import dagster as dg

from orchestration.definitions import defs


def test_definitions_load_with_schedule_sensor_checks_and_partitions():
    repo = defs.get_repository_def()
    assert [s.name for s in repo.schedule_defs] == ["full_reingest_schedule"]
    assert [s.name for s in repo.sensor_defs] == ["thread_folder_sensor"]
    assert {j.name for j in repo.get_all_jobs()} >= {"timeline_job", "dashboards_job"}
    graph = repo.asset_graph
    check_keys = list(graph.asset_check_keys)
    assert len(check_keys) >= 2
    partitioned = {k.to_user_string() for k in graph.get_all_asset_keys() if graph.get(k).partitions_def is not None}
    assert {"thread_files", "tweets", "threads", "events", "event_countries"} <= partitioned


def test_lineage_reads_thread_files_to_tweets_to_events_to_dashboards():
    graph = defs.get_repository_def().asset_graph
    parents = lambda key: {p.to_user_string() for p in graph.get(dg.AssetKey(key)).parent_keys}  # noqa: E731
    assert "thread_files" in parents("tweets")
    assert "tweets" in parents("events")
    assert "events" in parents("event_countries")
    assert {"events", "event_countries"} <= parents("dashboards")


def test_table_assets_declare_their_columns():
    graph = defs.get_repository_def().asset_graph
    schema = graph.get(dg.AssetKey("events")).metadata["dagster/column_schema"]
    assert [c.name for c in schema.columns][:6] == ["event_id", "tweet_id", "thread_id", "source_file", "event_date", "date_precision"]


def test_schedule_cron_comes_from_the_environment(monkeypatch):
    import importlib

    import orchestration.automation as automation

    monkeypatch.setenv("TRACKER_REINGEST_CRON", "15 4 * * 1")
    try:
        assert importlib.reload(automation).full_reingest_schedule.cron_schedule == "15 4 * * 1"
    finally:
        monkeypatch.delenv("TRACKER_REINGEST_CRON")
        importlib.reload(automation)
