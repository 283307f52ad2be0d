"""Score figures and events against the hand-written conflict gold set.

Gold: JSONL, one passage a line: ``{id, split, published, text, figures:
[{text, kind, value, low, best, high, about, unit, side, scope, approximate}],
events: [{type, sub_type, trigger, place, lat, lon, country, date, precision,
fatalities_best}]}``.

* Figures: a prediction matches a gold figure when the spans overlap and the
  stated value is equal (``value``, or ``low``/``high`` for a range): P/R/F1.
  Among matches: low/best/high all equal, ``about``, ``side``, ``approximate``.
* Events: a prediction matches a gold event in the same sentence (one to one,
  same type preferred): detection P/R/F1. Type, sub-type, place (within 25 km)
  and date (equal at the gold precision) accuracies are over *all* gold events
  (an unmatched gold event counts as wrong), place and date over those that
  have one.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from ..errors import MalformedInput
from . import gold_lines

PLACE_KM = 25.0


def load_gold(path: Path) -> list[dict]:
    items = []
    for where, item in gold_lines(path):
        if "text" not in item:
            raise MalformedInput(f"{where}: a gold line needs at least 'text'")
        item.setdefault("figures", [])
        item.setdefault("events", [])
        item.setdefault("split", "dev")
        items.append(item)
    return items


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _eq(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-6 * max(1.0, abs(float(a)))


def _value_match(g: dict, q) -> bool:
    if g.get("value") is not None:
        return _eq(g["value"], q.value)
    return _eq(g.get("low"), q.low) and _eq(g.get("high"), q.high)


def _locate(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    """Where a gold string is: the first whole-word occurrence at or after ``after``."""
    rx = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
    m = rx.search(text, after) or rx.search(text)
    return (m.start(), m.end()) if m else (-1, -1)


_SENT_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z\"“‘0-9])")


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _SENT_END.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def _sent_of(sents, pos: int) -> int:
    for i, (s, e) in enumerate(sents):
        if s <= pos < e + 1:
            return i
    return -1


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _ratio(num: int, den: int):
    return round(num / den, 4) if den else None


def score_passage(item: dict, record, c: dict, errors: list | None) -> None:
    text = item["text"]
    # figures
    preds = list(record.quantities)
    used: set[str] = set()
    after = 0
    c["fig_gold"] += len(item["figures"])
    c["fig_pred"] += len(preds)
    for g in item["figures"]:
        gs, ge = _locate(text, g["text"], after)
        after = max(after, gs + 1)
        cand = [q for q in preds if q.id not in used and q.start < ge and gs < q.end]
        hit = next((q for q in cand if _value_match(g, q)), None)
        if hit is None:
            if errors is not None:
                errors.append({"id": item["id"], "field": "figure", "gold": g["text"], "gold_value": g.get("value", [g.get("low"), g.get("high")]),
                               "pred": [(q.text, q.value, q.low, q.high) for q in cand]})
            continue
        used.add(hit.id)
        c["fig_tp"] += 1
        c["fig_lbh"] += int(all(_eq(g.get(k), getattr(hit, k)) for k in ("low", "best", "high")))
        if g.get("about"):
            c["fig_about_n"] += 1
            c["fig_about"] += int(hit.about == g["about"])
        if g.get("side"):
            c["fig_side_n"] += 1
            c["fig_side"] += int(hit.side == g["side"])
        c["fig_approx"] += int(bool(hit.approximate) == bool(g.get("approximate")))
        if errors is not None and ((g.get("about") and hit.about != g["about"]) or (g.get("side") and hit.side != g["side"])):
            errors.append({"id": item["id"], "field": "figure-about-side", "text": g["text"],
                           "gold": [g.get("about"), g.get("side")], "pred": [hit.about, hit.side]})
        if errors is not None and not all(_eq(g.get(k), getattr(hit, k)) for k in ("low", "best", "high")):
            errors.append({"id": item["id"], "field": "figure-lbh", "gold": [g.get("low"), g.get("best"), g.get("high")],
                           "pred": [hit.low, hit.best, hit.high], "text": g["text"]})
    if errors is not None:
        for q in preds:
            if q.id not in used:
                errors.append({"id": item["id"], "field": "figure-extra", "pred": q.text, "value": q.value})
    # events
    sents = _sentences(text)
    events = list(record.events)
    c["ev_gold"] += len(item["events"])
    c["ev_pred"] += len(events)
    taken: set[str] = set()
    for g in item["events"]:
        gs, _ = _locate(text, g["trigger"])
        si = _sent_of(sents, gs)
        cand = [e for e in events if e.id not in taken and _sent_of(sents, e.start) == si]
        cand.sort(key=lambda e: (e.type != g["type"], abs(e.start - gs)))
        e = cand[0] if cand else None
        if g.get("lat") is not None:
            c["ev_place_n"] += 1
        if g.get("date"):
            c["ev_date_n"] += 1
        if g.get("fatalities_best") is not None:
            c["ev_fat_n"] += 1
        if e is None:
            if errors is not None:
                errors.append({"id": item["id"], "field": "event-missed", "gold": [g["type"], g["sub_type"], g["trigger"]]})
            continue
        taken.add(e.id)
        c["ev_tp"] += 1
        c["ev_type"] += int(e.type == g["type"])
        c["ev_sub"] += int(e.type == g["type"] and e.sub_type == g["sub_type"])
        if g.get("lat") is not None and e.place.lat is not None:
            c["ev_place"] += int(km(g["lat"], g["lon"], e.place.lat, e.place.lon) <= PLACE_KM)
        if g.get("date") and e.date:
            c["ev_date"] += int(len(e.date) >= len(g["date"]) and e.date[: len(g["date"])] == g["date"])
        if g.get("fatalities_best") is not None:
            c["ev_fat"] += int(_eq(g["fatalities_best"], e.fatalities.best))
        if errors is not None:
            bad = []
            if (e.type, e.sub_type) != (g["type"], g["sub_type"]):
                bad.append(f"type {e.type}/{e.sub_type} != {g['type']}/{g['sub_type']}")
            if g.get("lat") is not None and (e.place.lat is None or km(g["lat"], g["lon"], e.place.lat, e.place.lon) > PLACE_KM):
                bad.append(f"place {e.place.name} != {g.get('place')}")
            if g.get("date") and not (e.date and e.date[: len(g["date"])] == g["date"]):
                bad.append(f"date {e.date} != {g['date']}")
            if g.get("fatalities_best") is not None and not _eq(g["fatalities_best"], e.fatalities.best):
                bad.append(f"fatalities {e.fatalities.best} != {g['fatalities_best']}")
            if bad:
                errors.append({"id": item["id"], "field": "event", "trigger": e.text, "problems": bad})
    if errors is not None:
        for e in events:
            if e.id not in taken:
                errors.append({"id": item["id"], "field": "event-extra", "pred": [e.type, e.sub_type, e.text]})


def evaluate(items: list[dict], pipeline=None, split: str = "all", with_errors: bool = False) -> dict:
    from ..ingest.text import document_from_text
    from ..pipeline import Pipeline

    pipeline = pipeline or Pipeline()
    chosen = [it for it in items if split == "all" or it.get("split") == split]
    keys = ["fig_gold", "fig_pred", "fig_tp", "fig_lbh", "fig_about", "fig_about_n", "fig_side", "fig_side_n",
            "fig_approx", "ev_gold", "ev_pred", "ev_tp", "ev_type", "ev_sub", "ev_place", "ev_place_n", "ev_date",
            "ev_date_n", "ev_fat", "ev_fat_n"]
    c = dict.fromkeys(keys, 0)
    errors: list | None = [] if with_errors else None
    for it in chosen:
        rec = pipeline(document_from_text(it["text"], published=it.get("published")))
        score_passage(it, rec, c, errors)
    out = {
        "split": split,
        "passages": len(chosen),
        "figures": {"gold": c["fig_gold"], "predicted": c["fig_pred"], "matched": c["fig_tp"],
                    **_prf(c["fig_tp"], c["fig_pred"], c["fig_gold"]),
                    "low_best_high_exact": _ratio(c["fig_lbh"], c["fig_tp"]),
                    "about_accuracy": _ratio(c["fig_about"], c["fig_about_n"]),
                    "side_accuracy": _ratio(c["fig_side"], c["fig_side_n"]),
                    "approximate_accuracy": _ratio(c["fig_approx"], c["fig_tp"])},
        "events": {"gold": c["ev_gold"], "predicted": c["ev_pred"], "matched": c["ev_tp"],
                   **_prf(c["ev_tp"], c["ev_pred"], c["ev_gold"]),
                   "type_accuracy": _ratio(c["ev_type"], c["ev_gold"]),
                   "sub_type_accuracy": _ratio(c["ev_sub"], c["ev_gold"]),
                   "place_accuracy": _ratio(c["ev_place"], c["ev_place_n"]),
                   "date_accuracy": _ratio(c["ev_date"], c["ev_date_n"]),
                   "fatalities_accuracy": _ratio(c["ev_fat"], c["ev_fat_n"])},
    }
    if errors is not None:
        out["errors"] = errors
    return out


def format_table(res: dict) -> str:
    f, e = res["figures"], res["events"]
    rows = [
        f"conflict gold, split {res['split']}: {res['passages']} passages",
        f"{'field':<28}{'value':>8}  detail",
        f"{'figure precision':<28}{f['precision']:>8.3f}  {f['matched']}/{f['predicted']} predicted",
        f"{'figure recall':<28}{f['recall']:>8.3f}  {f['matched']}/{f['gold']} gold",
        f"{'figure F1 (value exact)':<28}{f['f1']:>8.3f}",
    ]
    for k in ("low_best_high_exact", "about_accuracy", "side_accuracy", "approximate_accuracy"):
        if f[k] is not None:
            rows.append(f"{'figure ' + k.replace('_', ' '):<28}{f[k]:>8.3f}  of matched")
    rows += [
        f"{'event precision':<28}{e['precision']:>8.3f}  {e['matched']}/{e['predicted']} predicted",
        f"{'event recall':<28}{e['recall']:>8.3f}  {e['matched']}/{e['gold']} gold",
        f"{'event F1':<28}{e['f1']:>8.3f}",
    ]
    for k in ("type_accuracy", "sub_type_accuracy", "place_accuracy", "date_accuracy", "fatalities_accuracy"):
        if e[k] is not None:
            rows.append(f"{'event ' + k.replace('_', ' '):<28}{e[k]:>8.3f}  of gold events")
    return "\n".join(rows)
