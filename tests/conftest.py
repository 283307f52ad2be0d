"""Shared fixtures: one pipeline (one spaCy load) for the whole session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def pipeline():
    from reportedly.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def nlp(pipeline):
    return pipeline.nlp


@pytest.fixture(scope="session")
def analyze(pipeline):
    """analyze(text, **meta) -> Record, cached per (text, meta)."""
    from reportedly.ingest.text import document_from_text

    cache = {}

    def run(text: str, **meta):
        key = (text, tuple(sorted(meta.items())))
        if key not in cache:
            cache[key] = pipeline(document_from_text(text, **meta))
        return cache[key]

    return run


def load_json(path: Path):
    return json.loads(Path(path).read_text(encoding="utf-8"))
