"""The published JSON Schemas: ``record.schema.json`` (the analysis record),
``corpus.schema.json`` (the corpus commands' JSON, one ``$defs`` entry
per output) and ``eval.schema.json`` (the attribution evaluations' JSON).
``schema_for(name)`` gives any of them as a schema of its own."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

CORPUS_OUTPUTS = ("claim", "source", "outlet", "failure", "conflict", "trail", "ingest")
EVAL_OUTPUTS = ("eval-polnear", "eval-compare")
NAMES = ("record", *CORPUS_OUTPUTS, *EVAL_OUTPUTS)


@cache
def _load(filename: str) -> dict:
    return json.loads(resources.files(__name__).joinpath(filename).read_text(encoding="utf-8"))


def schema_for(name: str = "record") -> dict:
    """The JSON Schema of one output: ``record``, or one of CORPUS_OUTPUTS
    or EVAL_OUTPUTS."""
    if name == "record":
        return _load("record.schema.json")
    if name not in CORPUS_OUTPUTS and name not in EVAL_OUTPUTS:
        raise KeyError(name)
    whole = _load("corpus.schema.json" if name in CORPUS_OUTPUTS else "eval.schema.json")
    return {"$schema": whole["$schema"], "$id": whole["$id"].replace(".json", f"/{name}.json"),
            "title": f"reportedly {name}", "$ref": f"#/$defs/{name}", "$defs": whole["$defs"]}
