"""Document metadata the text itself gives away: credits, the outlet and the
publication date (each marked inferred, with its evidence)."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from importlib import resources

from .boilerplate import credits_in
from .links import domain_of, flag_after_publication

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(w.capitalize() for w in WEEKDAYS) + r")\b")
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]
_FULL_DATE = re.compile(
    r"\b(" + "|".join(m.capitalize() for m in _MONTHS) + r")\.?\s+(\d{1,2}),\s+((?:19|20)\d{2})\b"
    r"|\b(\d{1,2})\s+(" + "|".join(m.capitalize() for m in _MONTHS) + r")\s+((?:19|20)\d{2})\b"
)


@lru_cache(maxsize=1)
def outlet_table() -> dict[str, str]:
    return json.loads(resources.files("reportedly.data").joinpath("outlets.json").read_text(encoding="utf-8"))


def outlet_for_domain(domain: str) -> str | None:
    table = outlet_table()
    parts = domain.split(".")
    for i in range(len(parts) - 1):
        name = table.get(".".join(parts[i:]))
        if name:
            return name
    return None


def _story_text(an) -> str:
    return an.parse_text or an.text


def infer_credits(an) -> None:
    doc = an.document
    for b in an.boilerplate:
        if b.kind == "credit":
            for name in credits_in(b.text):
                if name not in doc.credits:
                    doc.credits.append(name)


def infer_outlet(an) -> None:
    """From the site's own "Related article" link, else the article URL."""
    doc = an.document
    if doc.outlet:
        return
    related = [lk for lk in an.links if "title-match" in lk.flags]
    for link in related:
        name = outlet_for_domain(link.domain)
        if name:
            doc.outlet, doc.outlet_inferred = name, True
            return
    if doc.url:
        dom = domain_of(doc.url)
        doc.outlet, doc.outlet_inferred = outlet_for_domain(dom) or dom, True
        return
    if related:
        doc.outlet, doc.outlet_inferred = related[0].domain, True


def infer_published(an) -> None:
    """Pick the publication date the text's evidence agrees on.

    Candidates are the day-precise dates in link paths and full dates written
    in the story. A candidate earns support when a weekday the story names
    ("late Monday") falls on it, and loses when the link is a related-article
    link (sites add those later). Ties go to the earlier date: an article
    cannot cite what was written after it.
    """
    pub = an.document.published
    if pub.date:
        return
    text = _story_text(an)
    weekdays = {m.group(1).lower(): m.group(0) for m in _WEEKDAY_RE.finditer(text)}
    candidates: dict[str, dict] = {}
    for link in an.links:
        if link.url_date and len(link.url_date) == 10:
            c = candidates.setdefault(link.url_date, {"score": 0.0, "evidence": []})
            c["evidence"].append(f"link {link.domain} dated {link.url_date}")
            c["score"] += 1.0
            if "title-match" in link.flags:
                c["score"] -= 0.5
    for m in _FULL_DATE.finditer(text):
        try:
            if m.group(1):
                d = dt.date(int(m.group(3)), _MONTHS.index(m.group(1).lower()) + 1, int(m.group(2)))
            else:
                d = dt.date(int(m.group(6)), _MONTHS.index(m.group(5).lower()) + 1, int(m.group(4)))
        except ValueError:
            continue
        c = candidates.setdefault(d.isoformat(), {"score": 0.0, "evidence": []})
        c["evidence"].append(f"text names the date {m.group(0)!r}")
        c["score"] += 0.75
    if not candidates:
        an.warnings.append("publication date unknown: relative times are left unresolved (give --published)")
        return
    for iso, c in candidates.items():
        wd = WEEKDAYS[dt.date.fromisoformat(iso).weekday()]
        if wd in weekdays:
            c["score"] += 2.0
            c["evidence"].append(f"text says {weekdays[wd]!r} and {iso} is a {wd.capitalize()}")
    best = max(sorted(candidates), key=lambda k: candidates[k]["score"])  # sorted: earliest wins ties
    pub.date, pub.inferred, pub.evidence = best, True, candidates[best]["evidence"]


def infer_metadata(an) -> None:
    infer_credits(an)
    infer_outlet(an)
    infer_published(an)
    flag_after_publication(an.links, an.document.published.date)
