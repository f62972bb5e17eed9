"""The dashboard multi-asset: one page asset each, their metadata (path, preview), the last ingestion time."""

from __future__ import annotations

import re
from pathlib import Path

import dagster as dg

from assets.dashboards import PAGES, page_key
from orchestration.definitions import defs
from orchestration.jobs import partition_range_tags
from threadline.ingest import SHARDS


def test_each_page_asset_reports_its_file_and_a_preview(workspace):
    instance = dg.DagsterInstance.ephemeral()
    tags = partition_range_tags(list(SHARDS))
    assert defs.resolve_job_def("timeline_job").execute_in_process(instance=instance, tags=tags).success
    for name, page in PAGES.items():
        event = instance.get_latest_materialization_event(dg.AssetKey(page_key(name)))
        metadata = event.asset_materialization.metadata
        path = Path(metadata["path"].value)
        assert path == workspace["out"] / page.file and path.is_file()
        assert metadata["size_bytes"].value == path.stat().st_size
        assert f"[{page.file}]({path.as_uri()})" in metadata["preview"].value
        assert page.title in metadata["preview"].value
    # The last ingestion shown is the tables' materialization in this run, not "unknown".
    quality = (workspace["out"] / "quality.html").read_text(encoding="utf-8")
    stamp = re.search(r'<span class="num small">([^<]*)</span><span class="label">last ingestion</span>', quality).group(1)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", stamp)
