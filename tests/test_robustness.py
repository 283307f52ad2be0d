"""The whole pipeline on real articles it was not written for (PolNeAR dev
texts): no crash, no hang, every record valid against the schema, every
offset inside the text."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from conftest import SHARED

DEV = SHARED / "data" / "polnear" / "dev"


@pytest.mark.slow
def test_pipeline_on_real_articles(pipeline):
    if not DEV.exists():
        pytest.skip("PolNeAR dev texts are not beside the repository")
    from reportedly.ingest.text import document_from_text
    from reportedly.model import to_dict

    schema = json.loads(resources.files("reportedly.schema").joinpath("record.schema.json").read_text())
    files = sorted(DEV.glob("*.txt"))[::3]  # 28 articles, every third
    texts = [f.read_text(encoding="utf-8") for f in files]
    n = 0
    for rec in pipeline.pipe(document_from_text(t, published="2016-10-15") for t in texts):
        data = to_dict(rec)
        jsonschema.validate(data, schema)
        text = rec.document.text
        for group in ("claims", "quantities", "times", "entities", "events"):
            for item in getattr(rec, group):
                spans = [item] if group != "claims" else [x for x in (item.source, item.cue, item.content) if x]
                for s in spans:
                    assert 0 <= s.start <= s.end <= len(text)
                    assert text[s.start : s.end] == s.text
        n += 1
    assert n == len(files)
