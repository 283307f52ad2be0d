"""Score source resolution against the hand-written gold set.

PolNeAR marks a source as it is written ("he", "the ministry"), so it cannot
say whether reportedly names the right speaker. This gold set can. Gold:
JSONL, one short passage a line: ``{id, split, text, sources: [{text, nth,
canonical, kind, also}]}``. ``text`` is a source as written; ``nth`` picks
its n-th whole-word occurrence in the passage (default 1); ``canonical`` is
who it is (``null``: the passage does not say, and the source must stay as
written); ``also`` lists other acceptable names; ``kind`` is what has to be
resolved: pronoun, possessive ("his office"), description ("the
president"), short-form ("Volkov", "Mr. Okafor"), name (a control) or
unresolvable.

A gold source is *found* when a claim's source span overlaps it, and
*right* when that claim's ``source.canonical`` equals the gold name after
normalising case, a leading "the", apostrophes and spaces. Accuracy is over
all gold sources (a source whose claim is not found counts as wrong);
``accuracy_found`` over those found.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputNotFound, MalformedInput
from . import gold_lines

KINDS = ("pronoun", "possessive", "description", "short-form", "name", "unresolvable")


def load_gold(path: Path, texts: Path | None = None) -> list[dict]:
    """Passages from a gold file or directory. A line may name a document
    (``"doc": ID``) instead of giving ``text``: its text is then read from
    ``texts``/ID.txt (as PolNeAR's are: UTF-8, no newline translation), and
    its sources give character offsets (``start``, ``end``) instead of ``nth``."""
    items = []
    for where, item in gold_lines(path):
        if isinstance(item.get("doc"), str) and "text" not in item:
            if texts is None:
                raise MalformedInput(f"{where}: names document {item['doc']} but no --texts directory was given",
                                     hint="give --texts DIR with <doc>.txt files")
            f = Path(texts) / f"{item['doc']}.txt"
            if not f.is_file():
                raise InputNotFound(f"{where}: no text {f}")
            with open(f, encoding="utf-8", newline="") as fh:
                item["text"] = fh.read()
        if not isinstance(item.get("text"), str) or not isinstance(item.get("sources"), list):
            raise MalformedInput(f"{where}: a gold line needs 'text' (or 'doc') and a list of 'sources'")
        for s in item["sources"]:
            if not isinstance(s, dict) or not isinstance(s.get("text"), str) or "canonical" not in s:
                raise MalformedInput(f"{where}: each source needs 'text' and 'canonical'")
            if s.get("kind", "name") not in KINDS:
                raise MalformedInput(f"{where}: unknown kind {s.get('kind')!r}", hint=f"one of {', '.join(KINDS)}")
            if _span(item["text"], s) is None:
                raise MalformedInput(f"{where}: {s['text']!r} (occurrence {s.get('nth', 1)}) is not in the text")
        item.setdefault("split", "dev")
        item.setdefault("id", where)
        items.append(item)
    return items


def _span(text: str, s: dict) -> tuple[int, int] | None:
    """Where a gold source is: its offsets when given (and the text there
    agrees), else its ``nth`` whole-word occurrence."""
    if "start" in s or "end" in s:
        a, b = s.get("start"), s.get("end")
        ok = isinstance(a, int) and isinstance(b, int) and 0 <= a < b <= len(text) and text[a:b] == s["text"]
        return (a, b) if ok else None
    return locate(text, s["text"], s.get("nth", 1))


def locate(text: str, needle: str, nth: int = 1) -> tuple[int, int] | None:
    """The ``nth`` whole-word occurrence of ``needle`` in ``text``."""
    hits = [m.span() for m in re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text)]
    return hits[nth - 1] if 0 < nth <= len(hits) else None


def norm(name: str | None) -> str:
    t = " ".join((name or "").replace("’", "'").split()).lower().strip(" ,.;:")
    return re.sub(r"^the\s+", "", t)


def _ratio(num: int, den: int):
    return round(num / den, 4) if den else None


def score_passage(item: dict, record, counts: dict, errors: list | None) -> None:
    """Add one passage's results to ``counts[kind] = [gold, found, right]``."""
    for g in item["sources"]:
        kind = g.get("kind", "name")
        c = counts.setdefault(kind, [0, 0, 0])
        c[0] += 1
        s, e = _span(item["text"], g)
        best, overlap = None, 0
        for claim in record.claims:
            src = claim.source
            if src is None:
                continue
            ov = min(e, src.end) - max(s, src.start)
            if ov > overlap:
                best, overlap = claim, ov
        got = best.source.canonical if best is not None else None
        if best is not None:
            c[1] += 1
        wanted = [g["canonical"]] + list(g.get("also", [])) if g["canonical"] is not None else [g["text"]]
        right = best is not None and norm(got) in {norm(w) for w in wanted}
        if right:
            c[2] += 1
        elif errors is not None:
            errors.append({"id": item["id"], "kind": kind, "source": g["text"], "expected": g["canonical"],
                           "got": got if best is not None else "(no claim with this source)"})


def evaluate(items: list[dict], pipeline=None, split: str = "all", with_errors: bool = False) -> dict:
    from ..ingest.text import document_from_text
    from ..pipeline import Pipeline

    pipeline = pipeline or Pipeline()
    chosen = [it for it in items if split == "all" or it.get("split") == split]
    counts: dict[str, list[int]] = {}
    errors: list | None = [] if with_errors else None
    for it in chosen:
        score_passage(it, pipeline(document_from_text(it["text"], published=it.get("published"))), counts, errors)
    gold, found, right = (sum(c[i] for c in counts.values()) for i in range(3))
    out = {
        "split": split,
        "passages": len(chosen),
        "sources": gold,
        "found": found,
        "right": right,
        "accuracy": _ratio(right, gold),
        "accuracy_found": _ratio(right, found),
        "kinds": {k: {"sources": c[0], "found": c[1], "right": c[2], "accuracy": _ratio(c[2], c[0])}
                  for k, c in sorted(counts.items(), key=lambda kv: KINDS.index(kv[0]))},
    }
    if errors is not None:
        out["errors"] = errors
    return out


def format_table(res: dict) -> str:
    rows = [f"source resolution gold, split {res['split']}: {res['passages']} passages, {res['sources']} sources",
            f"{'kind':<14}{'sources':>8}{'found':>7}{'right':>7}{'accuracy':>10}"]
    for k, c in res["kinds"].items():
        rows.append(f"{k:<14}{c['sources']:>8}{c['found']:>7}{c['right']:>7}{c['accuracy']:>10.3f}")
    rows.append(f"{'all':<14}{res['sources']:>8}{res['found']:>7}{res['right']:>7}{res['accuracy']:>10.3f}")
    return "\n".join(rows)
