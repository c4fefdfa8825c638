"""A catalogue of recognizer factories, keyed by versioned name (``"gifts.lexicon.v1"``).

Built-ins register through the same :func:`register` call that third-party packages use via the
``boundarywatch.recognizers`` entry-point group, populated explicitly by :func:`populate_registry`.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points

from boundarywatch.detect.recognizer import Recognizer
from boundarywatch.errors import ConfigError

__all__ = ["RecognizerRegistry", "registry"]

Factory = Callable[..., Recognizer]


class RecognizerRegistry:
    """Name -> factory map with catalogue-style helpers."""

    def __init__(self) -> None:
        self._factories: dict[str, Factory] = {}
        self._populated = False

    def register(self, name: str, factory: Factory | None = None) -> Callable[[Factory], Factory] | Factory:
        """Register ``factory`` under ``name``; usable as a decorator."""
        def add(f: Factory) -> Factory:
            if name in self._factories and self._factories[name] is not f:
                raise ConfigError(f"recognizer {name!r} is already registered")
            self._factories[name] = f
            return f
        return add(factory) if factory is not None else add

    def get(self, name: str) -> Factory:
        """The factory for ``name``; the error lists what is available."""
        self.populate()
        try:
            return self._factories[name]
        except KeyError:
            raise ConfigError(f"unknown recognizer {name!r}; available: {', '.join(sorted(self._factories))}") from None

    def create(self, name: str, **kwargs: object) -> Recognizer:
        """Build the recognizer registered as ``name``."""
        return self.get(name)(**kwargs)

    def get_all(self) -> dict[str, Factory]:
        """Every registered name and factory."""
        self.populate()
        return dict(self._factories)

    def find(self, text: str) -> list[str]:
        """Registered names containing ``text``."""
        return sorted(n for n in self.get_all() if text in n)

    def populate(self) -> None:
        """Register the built-ins, then plugins from the ``boundarywatch.recognizers`` entry points."""
        if self._populated:
            return
        self._populated = True
        from boundarywatch.detect.builtin import populate_registry

        populate_registry(self)
        for ep in entry_points(group="boundarywatch.recognizers"):
            self.register(ep.name, ep.load())


registry = RecognizerRegistry()
