"""Persistence: SQLAlchemy tables, the repository (every query), the importer, the audit chain and migrations."""

__all__: list[str] = []
