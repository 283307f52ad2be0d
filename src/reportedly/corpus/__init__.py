"""Corpus analysis on top of the store: claim matching (``matching``, ``embed``),
clusters and conflicts (``cluster``), claim trails (``trail``) and the matching
evaluation (``evaluate``)."""
