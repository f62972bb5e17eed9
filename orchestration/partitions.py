"""One dynamic partition per thread file, keyed by its path relative to the threads folder."""

import dagster as dg

from threadline.config import THREAD_FILES_PARTITIONS

thread_files_partitions = dg.DynamicPartitionsDefinition(name=THREAD_FILES_PARTITIONS)
