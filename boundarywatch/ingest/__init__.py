"""Ingest: find input files, pick a reader by extension or content, and produce documents."""

from boundarywatch.ingest.base import Reader, ReadOptions
from boundarywatch.ingest.loader import FORMATS, iter_input_files, load_document, reader_for
from boundarywatch.ingest.roles import RoleMap, parse_roles_option

__all__ = [
    "FORMATS",
    "ReadOptions",
    "Reader",
    "RoleMap",
    "iter_input_files",
    "load_document",
    "parse_roles_option",
    "reader_for",
]
