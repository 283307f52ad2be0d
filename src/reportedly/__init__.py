"""reportedly: who says what, on whose authority, in news articles."""

__version__ = "0.1.0"
