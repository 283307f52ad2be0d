"""What the three renderings share: plain-text labels for the parts of a
record (chains, figures, times, places ...) and the selections (which figures
and dates belong to a claim, which links are flagged, which entities are
places). No markup here: each renderer escapes these strings its own way."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model import Claim, Document, Entity, Event, Link, Quantity, Record, TimeRef

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
EXCERPT_CHARS = 240


def one_line(text: str | None) -> str:
    """Collapse runs of white space (line wraps in the article) to one space."""
    return " ".join((text or "").split())


def excerpt(text: str | None, limit: int = EXCERPT_CHARS) -> str:
    s = one_line(text)
    if len(s) <= limit:
        return s
    cut = s[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


_QUOTES = "\"“”‘’'«»„"


def quoted(text: str | None) -> str:
    """The content in quotation marks, unless it already carries its own."""
    s = one_line(text)
    return s if s[:1] in _QUOTES and s[-1:] in _QUOTES + ".,;:!?…" else f"“{s}”"


def number(x: float | None) -> str:
    """5.0 -> "5", 1500.0 -> "1,500", 0.25 -> "0.25"."""
    if x is None:
        return "?"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


# -- document -------------------------------------------------------------
def outlet_label(doc: Document) -> str | None:
    if not doc.outlet:
        return None
    return doc.outlet + (" (inferred)" if doc.outlet_inferred else "")


def published_label(doc: Document) -> str | None:
    p = doc.published
    if not p or not p.date:
        return None
    return p.date + (" (inferred)" if p.inferred else "")


def published_evidence(doc: Document) -> list[str]:
    p = doc.published
    return [one_line(e) for e in (p.evidence if p else []) if e]


# -- claims -----------------------------------------------------------------
def source_label(claim: Claim) -> str:
    """"the think tank = Institute for the Study of War" or just the name."""
    s = claim.source
    if s is None:
        return "(no source)"
    text = one_line(s.text)
    canon = one_line(s.canonical) or text
    # "the NATO official" needs no "= NATO official"; "his office" does
    return text if canon.lower() in text.lower() else f"{text} = {canon}"


def source_notes(claim: Claim) -> list[str]:
    s = claim.source
    if s is None:
        return []
    notes = []
    if s.type and s.type != "unknown":
        notes.append(s.type)
    if s.anonymous:
        notes.append("anonymous")
    if s.resolved_from:
        notes.append(f"resolved from {s.resolved_from}")
    return notes


def cue_label(claim: Claim) -> str:
    if claim.cue is None:
        return "(no cue)"
    return one_line(claim.cue.text)


def chain_names(claim: Claim) -> list[str]:
    """The reporting chain, origin first: ["NATO official (anonymous)", "CNN", ...]."""
    out = []
    for link in claim.chain:
        name = one_line(link.name) or one_line(link.text) or "?"
        if link.anonymous and "anonym" not in name.lower():
            name += " (anonymous)"
        out.append(name)
    return out


def chain_label(claim: Claim, arrow: str = " → ") -> str:
    return arrow.join(chain_names(claim))


def claim_figures(record: Record, claim: Claim) -> list[Quantity]:
    """Figures linked to the claim, or lying inside its content."""
    c = claim.content
    return [
        q
        for q in record.quantities
        if q.claim == claim.id or (q.claim is None and c.start <= q.start and q.end <= c.end)
    ]


def claim_times(record: Record, claim: Claim) -> list[TimeRef]:
    """The claim's own time (when it was said), then dates inside its content."""
    c = claim.content
    out = [t for t in record.times if t.id == claim.time]
    out += [t for t in record.times if t.id != claim.time and c.start <= t.start and t.end <= c.end]
    return out


def hedge_label(h) -> str:
    return f"{one_line(h.text)} ({h.kind})" if h.kind else one_line(h.text)


# -- figures, times, places, events ----------------------------------------
def quantity_value(q: Quantity) -> str:
    """"≈5:1", "20–30", "≥ 20", "dozens", "1,500"."""
    approx = "≈" if q.approximate else ""
    if q.kind == "ratio" and q.value is not None:
        return f"{approx}{number(q.value)}:1"
    if q.low is not None and q.high is not None and q.low != q.high:
        val = f"{number(q.low)}–{number(q.high)}"
    elif q.low is not None and q.high is None and (q.kind == "bound" or q.value is None):
        val = f"≥ {number(q.low)}"
    elif q.high is not None and q.low is None and (q.kind == "bound" or q.value is None):
        val = f"≤ {number(q.high)}"
    elif q.value is not None:
        val = number(q.value)
    elif q.best is not None:
        val = number(q.best)
    else:
        val = "vague"
    if q.kind == "percent" and val[-1].isdigit():
        val += "%"
    return approx + val


def quantity_details(q: Quantity) -> list[str]:
    """Short "what" notes: unit, category, side, comparison, scope, links."""
    out = [q.kind]
    if q.unit:
        out.append(q.unit)
    if q.about:
        out.append(q.about)
    if q.side:
        out.append(f"side: {q.side}")
    if q.compared:
        out.append(" : ".join(q.compared))
    if q.best is not None and q.kind in ("range", "bound", "vague"):
        out.append(f"best {number(q.best)}")
    if q.scope:
        out.append(q.scope)
    if q.same_as:
        out.append(f"same as {q.same_as}")
    return out


def quantity_label(q: Quantity) -> str:
    return f"“{one_line(q.text)}” = {quantity_value(q)} ({', '.join(quantity_details(q))})"


def time_value(t: TimeRef) -> str:
    if not t.date:
        return "unresolved"
    return f"{t.date} – {t.end_date}" if t.end_date else t.date


def time_label(t: TimeRef) -> str:
    return f"“{one_line(t.text)}” → {time_value(t)} ({t.precision}, {t.basis})"


def coordinates(lat: float | None, lon: float | None) -> str:
    if lat is None or lon is None:
        return ""
    ns = "N" if lat >= 0 else "S"
    ew = "E" if lon >= 0 else "W"
    return f"{abs(lat):.2f}°{ns} {abs(lon):.2f}°{ew}"


def is_place(e: Entity) -> bool:
    return e.geo is not None or e.label in PLACE_LABELS


def places(record: Record) -> list[Entity]:
    """Geocoded entities and place-like ones, first mention of each. A place
    only ever named for its government ("Moscow said") comes last."""
    first: dict[str, Entity] = {}
    as_place: set[str] = set()
    for e in record.entities:
        if not is_place(e):
            continue
        key = (one_line(e.canonical) or one_line(e.text)).lower()
        first.setdefault(key, e)
        if getattr(e, "role", None) != "government":
            as_place.add(key)
    return [e for k, e in first.items() if k in as_place] + [e for k, e in first.items() if k not in as_place]


def place_where(e: Entity) -> str:
    note = " (named for its government)" if getattr(e, "role", None) == "government" else ""
    if e.geo is None:
        return "not geocoded" + note
    g = e.geo
    bits = [coordinates(g.lat, g.lon) + note]
    region = ", ".join(x for x in (g.admin1, g.country) if x)
    if region:
        bits.append(region)
    if g.gazetteer_id:
        bits.append(g.gazetteer_id)
    return " · ".join(bits)


def other_entities(record: Record) -> dict[str, list[str]]:
    """People, organisations, groups: label -> distinct canonical names."""
    out: dict[str, list[str]] = {}
    for e in record.entities:
        if is_place(e):
            continue
        name = one_line(e.canonical) or one_line(e.text)
        names = out.setdefault(e.label, [])
        if name not in names:
            names.append(name)
    return out


def event_heading(ev: Event) -> str:
    kind = ev.type + (f" / {ev.sub_type}" if ev.sub_type else "")
    return f"{ev.id} · {kind}"


def event_details(ev: Event) -> list[str]:
    out = []
    if ev.actors:
        out.append("actors: " + ", ".join(one_line(a) for a in ev.actors))
    pl = ev.place
    if pl and (pl.name or pl.lat is not None):
        where = one_line(pl.name) or "?"
        coord = coordinates(pl.lat, pl.lon)
        out.append("place: " + where + (f" ({coord})" if coord else ""))
    if ev.date:
        out.append("date: " + ev.date + (f" ({ev.date_precision})" if ev.date_precision else ""))
    f = ev.fatalities
    if f and any(v is not None for v in (f.low, f.best, f.high)):
        out.append(f"fatalities: low {number(f.low)}, best {number(f.best)}, high {number(f.high)}")
    if ev.figures:
        out.append("figures: " + ", ".join(ev.figures))
    if ev.claims:
        out.append("claims: " + ", ".join(ev.claims))
    return out


# -- links and boilerplate --------------------------------------------------
def flagged_links(record: Record) -> list[Link]:
    return [link for link in record.links if link.flags]


def link_label(link: Link) -> str:
    bits = [link.domain]
    if link.url_date:
        bits.append(f"dated {link.url_date}")
    if link.title:
        bits.append(f"title “{one_line(link.title)}”")
    return " · ".join(bits)


@dataclass
class BoilerplateSummary:
    count: int
    chars: int
    kinds: dict[str, int]

    def label(self) -> str:
        if not self.count:
            return "no boilerplate removed"
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.kinds.items()))
        return f"{self.count} boilerplate passage{'s' if self.count != 1 else ''} removed ({self.chars} characters: {kinds})"


def boilerplate_summary(record: Record) -> BoilerplateSummary:
    kinds = Counter(b.kind for b in record.boilerplate)
    chars = sum(max(0, b.end - b.start) for b in record.boilerplate)
    return BoilerplateSummary(len(record.boilerplate), chars, dict(kinds))
