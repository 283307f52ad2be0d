"""End to end on real articles: the example article (shared) and the
project's own examples, each against a hand-written gold file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DATA, ROOT
from gold import SECTIONS

GOLD_FILES = sorted([DATA / "bakhmut-moscowtimes.gold.json", *(DATA / "examples").glob("*.gold.json")])


@pytest.fixture(scope="module")
def records(pipeline):
    from reportedly.ingest.text import load_document

    cache = {}

    def get(gold_path: Path):
        if gold_path not in cache:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            src = (ROOT / gold["input"]).resolve()
            if not src.exists():
                pytest.skip(f"{gold['input']} is not here (../shared is only beside the repo in development and CI)")
            cache[gold_path] = (pipeline(load_document(str(src))), gold)
        return cache[gold_path]

    return get


@pytest.mark.parametrize("section", list(SECTIONS))
@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_gold(records, gold_path, section):
    record, gold = records(gold_path)
    if section not in gold:
        pytest.skip(f"no {section} in this gold file")
    failures = SECTIONS[section](record, gold)
    assert not failures, "\n".join(failures)
