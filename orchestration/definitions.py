"""The one Definitions object: every asset (the table checks come with the table asset), job,
sensor, schedule and resource."""

import warnings

import dagster as dg

from threadline.config import apply_defaults

apply_defaults()  # EnvVar-based resources need every TRACKER_* setting in the environment.
# Dagster 1.13 warns about its own sensor decorator passing `owners`; nothing here sets it.
warnings.filterwarnings("ignore", message="Parameter `owners`")

from assets.dashboards import dashboard_pages  # noqa: E402
from assets.tables import thread_file_tables, thread_files  # noqa: E402
from orchestration.automation import full_reingest_schedule, thread_folder_sensor  # noqa: E402
from orchestration.jobs import dashboards_job, timeline_job  # noqa: E402
from orchestration.resources import resources  # noqa: E402

defs = dg.Definitions(
    assets=[thread_files, thread_file_tables, dashboard_pages],
    jobs=[timeline_job, dashboards_job],
    sensors=[thread_folder_sensor],
    schedules=[full_reingest_schedule],
    resources=resources(),
)
