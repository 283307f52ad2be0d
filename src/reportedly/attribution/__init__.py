"""Attribution models trained on PolNeAR (source / cue / content).

``load_finder(name)`` returns ``finder(sdoc) -> list[RawAttribution]`` for a
shipped model name (``fast``, ``accurate``, ``default``), or None when no
model of that name ships. Models are loaded once per process.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent / "models"
MANIFEST = "manifest.json"


def shipped_models(models_dir: Path = MODELS_DIR) -> dict[str, str]:
    """Public name -> model file stem, from ``models/manifest.json``."""
    path = models_dir / MANIFEST
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8")).get("names", {})


@lru_cache(maxsize=8)
def _load(stem: str, models_dir: str):
    from .crf import CRFFinder

    return CRFFinder(Path(models_dir), stem)


def load_finder(name: str, models_dir: Path = MODELS_DIR):
    stem = shipped_models(models_dir).get(name)
    if stem is None:
        return None
    return _load(stem, str(models_dir))
