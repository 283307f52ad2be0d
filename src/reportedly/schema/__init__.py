"""The published JSON Schemas: ``record.schema.json`` (the analysis record)
and ``corpus.schema.json`` (the corpus commands' JSON, one ``$defs`` entry
per output). ``schema_for(name)`` gives either as a schema of its own."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

CORPUS_OUTPUTS = ("claim", "source", "outlet", "failure", "conflict", "trail", "ingest")
NAMES = ("record", *CORPUS_OUTPUTS)


@cache
def _load(filename: str) -> dict:
    return json.loads(resources.files(__name__).joinpath(filename).read_text(encoding="utf-8"))


def schema_for(name: str = "record") -> dict:
    """The JSON Schema of one output: ``record`` or one of CORPUS_OUTPUTS."""
    if name == "record":
        return _load("record.schema.json")
    if name not in CORPUS_OUTPUTS:
        raise KeyError(name)
    corpus = _load("corpus.schema.json")
    return {"$schema": corpus["$schema"], "$id": corpus["$id"].replace(".json", f"/{name}.json"),
            "title": f"reportedly {name}", "$ref": f"#/$defs/{name}", "$defs": corpus["$defs"]}
