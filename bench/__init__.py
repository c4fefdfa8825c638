"""Benchmarks for boundarywatch: ``.venv/bin/python -m bench`` (see docs/performance.md)."""
