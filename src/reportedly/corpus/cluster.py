"""Grouping the store's claims into clusters of the same claim, and linking
contradicting figures as conflicts.

Run after ingest on the claims that have no cluster yet; each batch of
assignments is one transaction, so a killed run resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from .matching import RELATED_THRESHOLD, ClaimText, claim_text, decide

BATCH = 256
CANDIDATES = 20
MIN_WORDS = 4  # shorter contents ("her", "indicting Clinton") are left in clusters of their own


def _figures(store, claim_id: str) -> tuple[set[float], set[str]]:
    figs, units = set(), set()
    for q in store.claim_quantities(claim_id):
        v = q.get("best") if q.get("best") is not None else q.get("value")
        if v is None and q.get("low") is not None:
            v = q["low"]
        if v is not None:
            figs.add(float(v))
        if q.get("about") or q.get("unit"):
            units.add(f"{q.get('about') or ''}|{q.get('unit') or ''}")
    return figs, units


class _Index:
    """Growing matrix of unit vectors with the claim id and cluster of each row."""

    def __init__(self, dim: int = 384):
        self.m = np.zeros((1024, dim), dtype=np.float32)
        self.n = 0
        self.ids: list[str] = []
        self.clusters: list[int] = []
        self.docs: list[str] = []

    def add(self, vec, claim_id: str, cluster: int, doc_id: str) -> None:
        if self.n == len(self.m):
            self.m = np.vstack([self.m, np.zeros_like(self.m)])
        self.m[self.n] = vec
        self.n += 1
        self.ids.append(claim_id)
        self.clusters.append(cluster)
        self.docs.append(doc_id)

    def nearest(self, vec, k: int = CANDIDATES):
        if not self.n:
            return []
        sims = self.m[: self.n] @ vec
        top = np.argsort(-sims)[:k]
        return [(int(j), float(sims[j])) for j in top if sims[j] >= RELATED_THRESHOLD]


def match_new_claims(store) -> dict:
    """Give every unclustered claim a cluster; returns counts."""
    if not store.pending_matches():
        return {"claims": 0, "clusters": 0, "conflicts": 0}
    from .embed import embed

    index = _Index()
    for claim_id, cluster, blob, content in store.matched_embeddings():
        if len(content.split()) < MIN_WORDS:
            continue
        index.add(np.frombuffer(blob, dtype=np.float32), claim_id, cluster, claim_id.split(":", 1)[0])
    infos: dict[str, tuple[ClaimText, set[str]]] = {}

    def info(claim_id: str, content: str | None = None):
        if claim_id not in infos:
            if content is None:
                content = store.claim(claim_id)["content"]
            figs, units = _figures(store, claim_id)
            infos[claim_id] = (claim_text(content, figs or None), units)
        return infos[claim_id]

    next_cluster = store.next_cluster()
    counts = {"claims": 0, "clusters": 0, "conflicts": 0}
    batch: list[dict] = []

    def flush():
        nonlocal next_cluster
        vecs = embed([c["content"] for c in batch])
        assigned, conflicts = [], []
        for c, vec in zip(batch, vecs, strict=True):
            ct, units = info(c["claim_id"], c["content"])
            cluster = None
            short = len(c["content"].split()) < MIN_WORDS
            for j, cos in ([] if short else index.nearest(vec)):
                other_id = index.ids[j]
                oct_, ounits = info(other_id)
                d = decide(ct, oct_, cos)
                if d.conflict and index.docs[j] != c["doc_id"] and not (units and ounits and not units & ounits):
                    conflicts.append((c["claim_id"], other_id, _conflict_reason(ct, oct_)))
                if d.label == "same" and cluster is None:
                    cluster = index.clusters[j]
            if cluster is None:
                cluster = next_cluster
                next_cluster += 1
                counts["clusters"] += 1
            if not short:
                index.add(vec, c["claim_id"], cluster, c["doc_id"])
            assigned.append((c["claim_id"], cluster, vec.astype(np.float32).tobytes()))
        with store.transaction():
            for claim_id, cluster, blob in assigned:
                store.set_match(claim_id, cluster, blob)
            store.add_conflicts(conflicts)
        counts["claims"] += len(assigned)
        counts["conflicts"] += len(conflicts)
        batch.clear()

    for c in store.unmatched_claims(BATCH):
        batch.append(c)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return counts


def _fmt(v: float) -> str:
    return f"{v:g}"


def _conflict_reason(a: ClaimText, b: ClaimText) -> str:
    return "figures differ: " + ", ".join(map(_fmt, sorted(a.figures))) + " vs " + ", ".join(map(_fmt, sorted(b.figures)))


def conflict_rows(store) -> Iterator[dict]:
    """One row per pair of claim clusters in conflict (the first pair found)."""
    seen = set()
    for c in store.iter_conflicts():
        a, b = store.claim(c["a"]), store.claim(c["b"])
        if not a or not b:
            continue
        key = tuple(sorted((a["cluster"] or -1, b["cluster"] or -1)))
        if a["cluster"] is not None and key in seen:
            continue
        seen.add(key)
        # the earlier publication first
        if (b["published"] or "9999") < (a["published"] or "9999"):
            a, b = b, a
        row = {"a": a["claim_id"], "b": b["claim_id"], "reason": c["reason"]}
        for key, cl in (("a", a), ("b", b)):
            row[f"{key}_source"] = cl["source_canonical"] or cl["source"]
            row[f"{key}_outlet"] = cl["outlet"]
            row[f"{key}_published"] = cl["published"]
            row[f"{key}_content"] = cl["content"]
            figs, _ = _figures(store, cl["claim_id"])
            row[f"{key}_figures"] = sorted(figs or claim_text(cl["content"]).figures)
        yield row
