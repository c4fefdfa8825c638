"""The public API is deliberate: this list changes only on purpose."""

import boundarywatch


def test_all_is_curated() -> None:
    assert sorted(boundarywatch.__all__) == sorted([
        "Config", "ConflictChecker", "Document", "Explanation", "Finding", "Kind", "PatternRecognizer",
        "Recognizer", "RecognizerRegistry", "Role", "Screener", "Severity", "Utterance", "__version__",
        "load_config",
    ])


def test_every_name_resolves() -> None:
    for name in boundarywatch.__all__:
        assert getattr(boundarywatch, name) is not None


def test_core_import_does_not_pull_heavy_dependencies() -> None:
    import subprocess
    import sys

    code = ("import sys, boundarywatch, boundarywatch.cli.main; "
            "print(','.join(m for m in ('torch', 'fastapi', 'pyspark', 'splink') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
