"""The docs keep up with the code: every recognizer, CLI command and category is documented."""

from pathlib import Path

import pytest

from boundarywatch.cli.main import cli
from boundarywatch.detect.registry import registry
from boundarywatch.domain import CATEGORIES

DOCS = Path(__file__).resolve().parents[1] / "docs"
ALL_DOCS = "\n".join(p.read_text(encoding="utf-8") for p in DOCS.glob("*.md"))
README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("category", CATEGORIES)
def test_category_documented(category: str) -> None:
    assert f"`{category}`" in (DOCS / "detection.md").read_text(encoding="utf-8")


def test_recognizer_families_documented() -> None:
    text = (DOCS / "detection.md").read_text(encoding="utf-8")
    for name in registry.get_all():
        family = name if "embedding" in name else "<category>.lexicon.v1"
        assert family in text, name


@pytest.mark.parametrize("command", sorted(cli.list_commands(None)))  # type: ignore[arg-type]
def test_cli_command_documented(command: str) -> None:
    assert f"boundarywatch {command}" in ALL_DOCS + README


def test_readme_has_two_commands() -> None:
    assert "scripts/demo" in README and "scripts/test" in README
