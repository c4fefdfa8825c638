"""Run the detector on files for the upload page and the demo: imports the Screener lazily."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["ScreenerUnavailableError", "default_screener", "provenance", "scan_files"]


class ScreenerUnavailableError(RuntimeError):
    """The detector cannot be loaded in this installation."""


def default_screener() -> object:
    """The configured :class:`boundarywatch.detect.Screener` (from ./boundarywatch.yaml or the defaults)."""
    try:
        from boundarywatch.config import load_config
        from boundarywatch.detect import Screener  # type: ignore[attr-defined]
    except ImportError as exc:
        raise ScreenerUnavailableError("the detector is not available in this installation") from exc
    config = load_config()
    try:
        return Screener(config)
    except TypeError:
        return Screener()


def provenance(screener: object) -> tuple[str, dict[str, str]]:
    """(config hash, recognizer versions) reported by a screener."""
    return str(getattr(screener, "config_hash", "") or "unknown"), dict(
        getattr(screener, "recognizer_versions", {})
    )


def scan_files(
    files: list[tuple[str, Path]], screener_factory: Callable[[], object] | None = None, options: Any = None
) -> tuple[list[Any], object]:
    """Screen ``(display name, path)`` pairs; return the results (named by display name) and the screener."""
    from boundarywatch.pipeline import ScanResult, scan_paths

    screener = (screener_factory or default_screener)()
    names = {str(p): name for name, p in files}
    results: list[ScanResult] = []
    for res in scan_paths([str(p) for _n, p in files], screener, options=options):
        name = names.get(res.path, Path(res.path).name)
        doc = dataclasses.replace(res.document, path=name) if res.document is not None else None
        err = res.error
        if err is not None:
            err = type(err)(name, err.problem)
        results.append(ScanResult(name, doc, list(res.findings), err))
    return results, screener
