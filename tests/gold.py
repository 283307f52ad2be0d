"""Checks a Record against a hand-written gold file (tests/data/**/*.gold.json).

Lenient on span edges: texts are compared case-insensitively with white space
folded, and a gold snippet must be *contained* in the predicted span.
Each check function returns a list of human-readable failures (empty = pass).
"""

from __future__ import annotations

import re


def norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", (s or "").replace("’", "'").replace("“", '"').replace("”", '"')).strip().lower()


def contains(big: str | None, small: str) -> bool:
    return norm(small) in norm(big)


def check_published(rec, gold) -> list[str]:
    g = gold["published"]
    p = rec.document.published
    out = []
    if p.date != g["date"]:
        out.append(f"published {p.date!r} != {g['date']!r}")
    if p.inferred != g["inferred"]:
        out.append(f"published.inferred {p.inferred} != {g['inferred']}")
    for m in g.get("evidence_mentions", []):
        if not any(m.lower() in e.lower() for e in p.evidence):
            out.append(f"evidence does not mention {m!r}: {p.evidence}")
    return out


def check_outlet(rec, gold) -> list[str]:
    g = gold["outlet"]
    d = rec.document
    if g is None:
        return [] if d.outlet is None else [f"outlet should be unknown, got {d.outlet!r}"]
    out = []
    if d.outlet != g["name"]:
        out.append(f"outlet {d.outlet!r} != {g['name']!r}")
    if d.outlet_inferred != g["inferred"]:
        out.append(f"outlet_inferred {d.outlet_inferred} != {g['inferred']}")
    return out


def check_credits(rec, gold) -> list[str]:
    want = sorted(gold["credits"])
    got = sorted(rec.document.credits)
    return [] if want == got else [f"credits {got} != {want}"]


def find_claim(rec, g):
    for c in rec.claims:
        if not contains(c.content.text, g["content"]):
            continue
        if "not_content" in g and contains(c.content.text, g["not_content"]):
            continue
        src = c.source.text if c.source else ""
        canon = c.source.canonical if c.source else ""
        if g.get("source") and not (contains(src, g["source"]) or contains(canon, g["source"])):
            continue
        return c
    return None


def check_claims(rec, gold) -> list[str]:
    out = []
    if len(rec.claims) < gold.get("min_claims", 0):
        out.append(f"{len(rec.claims)} claims < {gold['min_claims']}")
    for g in gold["claims"]:
        c = find_claim(rec, g)
        label = f"claim [{g.get('source')} / {g['content'][:40]}]"
        if c is None:
            out.append(f"{label}: not found")
            continue
        if "cue" in g and not (c.cue and norm(c.cue.text).endswith(norm(g["cue"]))):
            out.append(f"{label}: cue {c.cue and c.cue.text!r} != {g['cue']!r}")
        if "canonical" in g and norm(c.source.canonical) != norm(g["canonical"]):
            out.append(f"{label}: canonical {c.source.canonical!r} != {g['canonical']!r}")
        if "anonymous" in g and c.source.anonymous != g["anonymous"]:
            out.append(f"{label}: anonymous {c.source.anonymous} != {g['anonymous']}")
        if "type" in g and c.source.type != g["type"]:
            out.append(f"{label}: type {c.source.type!r} != {g['type']!r}")
        if "quote" in g and c.quote != g["quote"]:
            out.append(f"{label}: quote {c.quote!r} != {g['quote']!r}")
        if "certainty" in g and c.certainty != g["certainty"]:
            out.append(f"{label}: certainty {c.certainty!r} != {g['certainty']!r}")
        for h in g.get("hedges", []):
            if not any(contains(x.text, h) for x in c.hedges):
                out.append(f"{label}: hedge {h!r} missing from {[x.text for x in c.hedges]}")
        if "chain" in g:
            got = [link.name for link in c.chain]
            if [norm(x) for x in got] != [norm(x) for x in g["chain"]]:
                out.append(f"{label}: chain {got} != {g['chain']}")
    return out


def find_quantity(rec, text):
    for q in rec.quantities:
        if contains(rec.document.text[q.start : q.end], text) or contains(text, rec.document.text[q.start : q.end]) and len(norm(q.text)) >= 2:
            if contains(q.text, text) or contains(text, q.text):
                return q
    return None


def check_quantities(rec, gold) -> list[str]:
    out = []
    for g in gold["quantities"]:
        q = find_quantity(rec, g["text"])
        if q is None:
            out.append(f"quantity {g['text']!r}: not found in {[x.text for x in rec.quantities]}")
            continue
        for key in ("kind", "value", "low", "high", "approximate"):
            if key in g and getattr(q, key) != g[key]:
                out.append(f"quantity {g['text']!r}: {key} {getattr(q, key)!r} != {g[key]!r}")
        if "same_as_text" in g:
            first = find_quantity(rec, g["same_as_text"])
            if first is None or q.same_as != first.id:
                out.append(f"quantity {g['text']!r}: same_as {q.same_as!r} != {first and first.id!r}")
    return out


def check_nothing_from(rec, gold) -> list[str]:
    text = rec.document.text
    out = []
    for snippet in gold["nothing_from"]:
        s = text.find(snippet)
        if s < 0:
            out.append(f"snippet {snippet!r} not in the text")
            continue
        e = s + len(snippet)
        # the whole line the snippet stands on
        ls = text.rfind("\n", 0, s) + 1
        le = text.find("\n", e)
        le = len(text) if le < 0 else le
        for kind, items in (("claim", [(c.content.start, c.content.end) for c in rec.claims]
                                       + [(c.source.start, c.source.end) for c in rec.claims if c.source]),
                            ("entity", [(x.start, x.end) for x in rec.entities]),
                            ("quantity", [(x.start, x.end) for x in rec.quantities]),
                            ("time", [(x.start, x.end) for x in rec.times])):
            for a, b in items:
                if a < le and ls < b:
                    out.append(f"a {kind} overlaps boilerplate line {text[ls:le]!r}: {text[a:b]!r}")
    return out


def check_boilerplate(rec, gold) -> list[str]:
    kinds = [b.kind for b in rec.boilerplate]
    return [f"boilerplate kind {k!r} missing from {kinds}" for k in gold["boilerplate"] if k not in kinds]


def check_links(rec, gold) -> list[str]:
    out = []
    if len(rec.links) != len(gold["links"]):
        out.append(f"{len(rec.links)} links != {len(gold['links'])}")
    for g in gold["links"]:
        link = next((x for x in rec.links if x.domain == g["domain"]), None)
        if link is None:
            out.append(f"link {g['domain']} missing")
            continue
        if link.url_date != g["url_date"]:
            out.append(f"link {g['domain']}: url_date {link.url_date} != {g['url_date']}")
        for f in g.get("flags", []):
            if f not in link.flags:
                out.append(f"link {g['domain']}: flag {f} missing ({link.flags})")
        for f in g.get("not_flags", []):
            if f in link.flags:
                out.append(f"link {g['domain']}: flag {f} wrongly set")
        if "title" in g and link.title != g["title"]:
            out.append(f"link {g['domain']}: title {link.title!r} != {g['title']!r}")
    return out


def check_times(rec, gold) -> list[str]:
    out = []
    for g in gold["times"]:
        t = next((x for x in rec.times if contains(x.text, g["text"]) or contains(g["text"], x.text) and len(x.text) > 3), None)
        if t is None:
            out.append(f"time {g['text']!r} not found in {[x.text for x in rec.times]}")
        elif t.date != g["date"]:
            out.append(f"time {g['text']!r}: {t.date} != {g['date']}")
    return out


def check_entities(rec, gold) -> list[str]:
    out = []
    for g in gold["entities"]:
        ents = [x for x in rec.entities if norm(x.text) == norm(g["text"]) or norm(x.canonical) == norm(g["text"])]
        if not ents:
            out.append(f"entity {g['text']!r} not found")
            continue
        if "label" in g and not any(x.label == g["label"] for x in ents):
            out.append(f"entity {g['text']!r}: label {[x.label for x in ents]} != {g['label']}")
        if "country" in g and not any(x.geo and x.geo.country == g["country"] for x in ents):
            out.append(f"entity {g['text']!r}: country {[x.geo and x.geo.country for x in ents]} != {g['country']}")
    return out


SECTIONS = {
    "published": check_published,
    "outlet": check_outlet,
    "credits": check_credits,
    "claims": check_claims,
    "quantities": check_quantities,
    "nothing_from": check_nothing_from,
    "boilerplate": check_boilerplate,
    "links": check_links,
    "times": check_times,
    "entities": check_entities,
}
