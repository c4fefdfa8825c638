"""The labelled corpus: loading, the fixed train/dev/test split, and conversion to documents."""

from boundarywatch.corpus.load import Example, LabelledConversation, load_corpus, load_holdout
from boundarywatch.corpus.split import SPLITS, split_of

__all__ = ["SPLITS", "Example", "LabelledConversation", "load_corpus", "load_holdout", "split_of"]
