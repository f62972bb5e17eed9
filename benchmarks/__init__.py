"""Benchmarks for threadline: a deterministic corpus generator (`benchmarks.corpus`)."""
