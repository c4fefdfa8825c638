"""Detection: recognizers, the dialogue stage, severity, and the Screener that runs them."""

from boundarywatch.detect.engine import Screener
from boundarywatch.detect.recognizer import PatternRecognizer, Recognizer, Signal
from boundarywatch.detect.registry import RecognizerRegistry, registry

__all__ = ["PatternRecognizer", "Recognizer", "RecognizerRegistry", "Screener", "Signal", "registry"]
