"""Exception tree.

``BoundarywatchError`` is the root. ``InputError`` covers one unreadable or malformed input file (the run goes on
with the others); ``ConfigError`` covers a bad configuration file or option; ``ModelError`` a missing or broken
model artifact. Messages name the file and the problem and never quote transcript text.
"""

from __future__ import annotations

__all__ = ["BoundarywatchError", "ConfigError", "InputError", "ModelError"]


class BoundarywatchError(Exception):
    """Root of every error this package raises on purpose."""


class InputError(BoundarywatchError):
    """An input file cannot be read or parsed. ``path`` names it; the message never quotes its content."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class ConfigError(BoundarywatchError):
    """A configuration file or option is invalid."""


class ModelError(BoundarywatchError):
    """A model artifact is missing, stale or cannot be loaded."""
