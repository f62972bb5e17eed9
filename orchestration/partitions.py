"""The thread files fall into a fixed set of shards (threadline.ingest.shard_of): one
partition per shard, the unit a run covers and a distributed executor spreads."""

import dagster as dg

from threadline.ingest import SHARDS

thread_shards = dg.StaticPartitionsDefinition(list(SHARDS))
