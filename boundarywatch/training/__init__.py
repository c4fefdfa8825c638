"""Rebuild learned artifacts from the corpus, and evaluate the detector on a split."""
