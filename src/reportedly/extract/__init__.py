"""Extractors: each a pure function of an :class:`~reportedly.pipeline.Analysis`
returning findings. They never touch the store or the CLI."""
