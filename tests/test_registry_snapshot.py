"""Built-in recognizer names and versions, as a snapshot: bump versions on purpose, never by accident."""

from boundarywatch.detect.registry import registry
from boundarywatch.domain import CATEGORIES

EXPECTED = sorted([*(f"{c}.lexicon.v1" for c in CATEGORIES), "boundary.embedding.v1"])


def test_registered_names() -> None:
    assert sorted(registry.get_all()) == EXPECTED


def test_unknown_name_lists_available() -> None:
    import pytest

    from boundarywatch.errors import ConfigError

    with pytest.raises(ConfigError, match="available: .*gifts.lexicon.v1"):
        registry.get("gifts.lexicon.v9")


def test_find() -> None:
    assert registry.find("gifts") == ["gifts.lexicon.v1"]
