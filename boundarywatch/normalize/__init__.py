"""Text normalisation: encoding repair, Unicode NFC, whitespace, with offsets back to the source."""

from boundarywatch.normalize.text import Normalized, normalize_text

__all__ = ["Normalized", "normalize_text"]
