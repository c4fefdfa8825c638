"""Render scan results: table, JSON, JSON Lines, CSV."""

from boundarywatch.output.formats import CSV_FIELDS, OUTPUT_FORMATS, write_results

__all__ = ["CSV_FIELDS", "OUTPUT_FORMATS", "write_results"]
