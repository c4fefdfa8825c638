"""Review: the decision workflow for flags, and case reports for a supervision file."""

__all__: list[str] = []
