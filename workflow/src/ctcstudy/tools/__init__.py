"""Helpers beside the pipeline: new-case, inspect-qdpx, synthetic generators, benchmarks."""
