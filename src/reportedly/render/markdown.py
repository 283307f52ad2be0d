"""The record as Markdown (CommonMark with GitHub tables): the same content as
the terminal view. Every string from the article is escaped, so a ``*``,
``[link](...)``, ``<script>`` or ``|`` in the input is shown, never
interpreted."""

from __future__ import annotations

import re

from ..model import Claim, Record
from . import _common as c

# Characters with an inline meaning anywhere in a line (CommonMark allows a
# backslash before any ASCII punctuation). "(", ")", "!" and "." only matter
# after an escaped "]" or at a line start, handled below.
_INLINE = re.compile(r"([\\`*_{}\[\]<>|~&#])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d{1,9}(?=[.)]))(?=[.)]?(\s|$))")


def md(text: str | None) -> str:
    """Escape a string from the input for use inline (one line)."""
    s = _INLINE.sub(r"\\\1", c.one_line(text))
    # a list marker or setext underline at the start: "- x", "+ x", "1. x", "2) x"
    return _LINE_START.sub(_escape_marker, s)


def _escape_marker(m: re.Match) -> str:
    lead, mark = m.group(1), m.group(2)
    if mark[0].isdigit():
        return lead + mark + "\\"  # escape the "." or ")" that follows
    return lead + "\\" + mark


def _cell(text: str | None) -> str:
    return md(text) or " "


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _header(record: Record) -> list[str]:
    doc = record.document
    out = [f"# {md(doc.title) or 'Untitled article'}", ""]
    if doc.outlet:
        out.append(f"- **Outlet:** {md(doc.outlet)}" + (" *(inferred)*" if doc.outlet_inferred else ""))
    pub = doc.published
    if pub and pub.date:
        out.append(f"- **Published:** {md(pub.date)}" + (" *(inferred)*" if pub.inferred else ""))
        out += [f"  - evidence: {md(e)}" for e in c.published_evidence(doc)]
    else:
        out.append("- **Published:** unknown")
    if doc.url:
        out.append(f"- **URL:** {md(doc.url)}")
    if doc.authors:
        out.append("- **By:** " + ", ".join(md(a) for a in doc.authors))
    if doc.credits:
        out.append("- **Credits:** " + ", ".join(md(a) for a in doc.credits))
    out.append(f"- **Document:** {md(doc.id)} · {len(doc.text.split())} words · {md(doc.format)}")
    out += [f"- **Warning:** {md(w)}" for w in record.warnings]
    return out


def _claim(record: Record, claim: Claim) -> list[str]:
    out = [
        f"### {md(claim.id)} · {md(claim.quote)} quote · {md(claim.certainty)}",
        "",
        f"**{md(c.source_label(claim))}** → *{md(c.cue_label(claim))}* → {md(c.quoted(claim.content.text))}",
        "",
    ]
    notes = c.source_notes(claim)
    if notes:
        out.append("- **Source:** " + md(", ".join(notes)))
    if claim.chain:
        out.append("- **Chain:** " + " → ".join(md(n) for n in c.chain_names(claim)))
    if claim.hedges:
        out.append("- **Hedges:** " + ", ".join(md(c.hedge_label(h)) for h in claim.hedges))
    out += [f"- **Figure:** {md(c.quantity_label(q))}" for q in c.claim_figures(record, claim)]
    out += [f"- **Date:** {md(c.time_label(t))}" for t in c.claim_times(record, claim)]
    return out


def _section(title: str, count: int | None, body: list[str]) -> list[str]:
    head = f"## {title}" + (f" ({count})" if count is not None else "")
    if count == 0:
        body = ["None found."]
    return ["", head, "", *body]


def render_markdown(record: Record) -> str:
    """The readable record as a Markdown document."""
    lines = _header(record)

    body: list[str] = []
    for claim in record.claims:
        body += [*_claim(record, claim), ""]
    lines += _section("Claims", len(record.claims), body[:-1])

    rows = [
        [_cell(q.id), _cell(q.text), _cell(c.quantity_value(q)), _cell(", ".join(c.quantity_details(q))),
         _cell(q.claim)]
        for q in record.quantities
    ]
    lines += _section("Figures", len(rows), _table(["ID", "Text", "Value", "What", "Claim"], rows))

    pl = c.places(record)
    rows = [[_cell(e.canonical or e.text), _cell(e.text), _cell(c.place_where(e))] for e in pl]
    lines += _section("Places", len(rows), _table(["Place", "Mentioned as", "Where"], rows))

    others = c.other_entities(record)
    if others:
        lines += _section("People and organisations", None,
                          [f"- **{md(label)}:** " + ", ".join(md(n) for n in names) for label, names in others.items()])

    rows = [[_cell(t.text), _cell(c.time_value(t)), _cell(t.precision), _cell(t.basis)] for t in record.times]
    lines += _section("Times", len(rows), _table(["Text", "Date", "Precision", "Basis"], rows))

    body = []
    for ev in record.events:
        body += [f"- **{md(c.event_heading(ev))}:** “{md(c.excerpt(ev.text, 160))}”"]
        body += [f"  - {md(d)}" for d in c.event_details(ev)]
    lines += _section("Events", len(record.events), body)

    flagged = c.flagged_links(record)
    rows = [[_cell(link.url), _cell(", ".join(link.flags)), _cell(c.link_label(link))] for link in flagged]
    lines += _section("Flagged links", len(rows), _table(["URL", "Flags", "Details"], rows))

    lines += _section("Boilerplate", None, [md(c.boilerplate_summary(record).label()) + "."])
    return "\n".join(lines) + "\n"
