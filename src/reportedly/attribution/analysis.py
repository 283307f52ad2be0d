"""Error kinds of predicted attributions against gold (for docs and tuning).

Each unmatched gold or predicted role unit (see ``score.unit``) gets one
kind; counts and a few examples per kind are returned, most frequent first.
"""

from __future__ import annotations

from collections import Counter

from .score import ROLES, unit


def _get(a, r):
    return a[r] if isinstance(a, dict) else getattr(a, r)


def _runs(u: frozenset[int]) -> int:
    s = sorted(u)
    return 1 + sum(1 for a, b in zip(s, s[1:], strict=False) if b != a + 1) if s else 0


def _snip(text: str, u, limit: int = 90) -> str:
    if not u:
        return ""
    s = text[min(u):max(u) + 1].replace("\n", " ")
    return s if len(s) <= limit else s[:limit - 25] + " … " + s[-20:]


def error_kinds(docs, examples: int = 3) -> list[dict]:
    """``docs``: ``(doc_id, text, gold, pred)``. Returns ``[{kind, count, examples}]``."""
    counts: Counter = Counter()
    ex: dict[str, list] = {}

    def add(kind, doc, text, gold_u=None, pred_u=None):
        counts[kind] += 1
        lst = ex.setdefault(kind, [])
        if len(lst) < examples:
            lst.append({"doc": doc, "gold": _snip(text, gold_u), "pred": _snip(text, pred_u)})

    for doc, text, gold, pred in docs:
        G = [{r: unit(text, _get(a, r)) for r in ROLES} for a in gold]
        P = [{r: unit(text, _get(a, r)) for r in ROLES} for a in pred]
        pred_cues = [p["cue"] for p in P if p["cue"]]
        gold_content = frozenset().union(*[g["content"] for g in G]) if G else frozenset()
        for r in ROLES:
            pu = Counter(p[r] for p in P if p[r])
            gu = Counter(g[r] for g in G if g[r])
            missing = gu - pu
            extra = pu - gu
            for g in G:
                u = g[r]
                if not u or missing[u] <= 0:
                    continue
                missing[u] -= 1
                if r != "cue" and not any(g["cue"] & c for c in pred_cues):
                    add(f"{r} lost with its missed cue", doc, text, u)
                    continue
                over = [p for p in extra if p & u]
                if not over:
                    add(f"{r} missed", doc, text, u)
                    continue
                p = max(over, key=lambda x: len(x & u))
                if r == "content" and _runs(u) > 1 and p < u:
                    add("content: discontinuous pieces not joined", doc, text, u, p)
                elif p > u:
                    add(f"{r} too long", doc, text, u, p)
                elif p < u:
                    add(f"{r} too short", doc, text, u, p)
                else:
                    add(f"{r} boundaries shifted", doc, text, u, p)
            for p, n in extra.items():
                for _ in range(n):
                    if any(p & g[r] for g in G):
                        continue  # counted above as a boundary error
                    if r == "cue":
                        kind = "spurious cue inside a gold content (nested report)" if p <= gold_content \
                            else "spurious cue"
                    else:
                        kind = f"spurious {r}"
                    add(kind, doc, text, None, p)
    return [{"kind": k, "count": c, "examples": ex[k]} for k, c in counts.most_common()]
