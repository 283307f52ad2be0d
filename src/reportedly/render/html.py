"""The record as ONE self-contained HTML page: the article with its claims'
sources, cues, contents and hedges, and the figures, dates and places
highlighted; a legend; a side list of claims with their reporting chains
(click one to light it up in the text); flagged links in a box; boilerplate
greyed and struck through.

Safety: every string from the input goes through :func:`html.escape` (text
and attributes); claim ids never reach a selector or attribute unescaped (the
page uses its own keys ``k0, k1, ...``). On top of that a Content-Security-
Policy allows only this page's own style and script (by hash) and no fetches
at all, so even a mistake in escaping could not run a script or load a file.

Highlights may overlap in any way (a figure starting inside a claim and
ending after it): the text is cut at every span boundary into flat segments,
and each segment carries the classes of all the spans covering it.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from importlib import resources

from ..model import Claim, Record
from . import _common as c

LEGEND = [
    ("c-source", "source"),
    ("c-cue", "cue"),
    ("c-content", "claim content"),
    ("c-hedge", "hedge"),
    ("c-figure", "figure"),
    ("c-date", "date"),
    ("c-place", "place"),
    ("c-link c-flagged", "flagged link"),
    ("c-boilerplate", "boilerplate"),
]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    base = resources.files("reportedly.render") / "assets"
    return (base / "report.css").read_text(encoding="utf-8"), (base / "report.js").read_text(encoding="utf-8")


def _csp_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


def _e(text: object) -> str:
    return escape("" if text is None else str(text), quote=True)


# -- spans -> flat segments ---------------------------------------------------
@dataclass
class _Span:
    start: int
    end: int
    cls: str
    keys: tuple[str, ...] = ()
    note: str = ""


def _segments(text: str, spans: list[_Span]) -> list[tuple[int, int, list[_Span]]]:
    """Cut [0, len(text)) at every span boundary; each piece lists the spans
    covering it (a sweep over sorted boundaries, so O(n log n))."""
    cuts = {0, len(text)}
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for i, s in enumerate(spans):
        cuts.update((s.start, s.end))
        starts.setdefault(s.start, []).append(i)
        ends.setdefault(s.end, []).append(i)
    for m in _PARAGRAPH_BREAK.finditer(text):
        cuts.update((m.start(), m.end()))
    order = sorted(cuts)
    active: set[int] = set()
    out = []
    for a, b in zip(order, order[1:], strict=False):
        active.difference_update(ends.get(a, ()))
        active.update(starts.get(a, ()))
        out.append((a, b, [spans[i] for i in sorted(active)]))
    return out


def _collect_spans(record: Record, keys: dict[str, str]) -> tuple[list[_Span], int]:
    """All highlightable spans with their classes; also how many were dropped
    because their offsets fall outside the text."""
    n = len(record.document.text)
    raw: list[_Span] = []
    for i, claim in enumerate(record.claims):
        k = (f"k{i}",)
        ident = c.one_line(claim.id)
        parts = claim.content.spans if claim.content.spans else [[claim.content.start, claim.content.end]]
        for part in parts:
            if len(part) == 2:
                raw.append(_Span(part[0], part[1], "c-content", k, f"claim {ident}: content ({claim.quote}, {claim.certainty})"))
        if claim.source is not None:
            notes = ", ".join(c.source_notes(claim))
            raw.append(_Span(claim.source.start, claim.source.end, "c-source", k,
                             f"claim {ident}: source {c.source_label(claim)}" + (f" ({notes})" if notes else "")))
        if claim.cue is not None:
            raw.append(_Span(claim.cue.start, claim.cue.end, "c-cue", k, f"claim {ident}: cue ({claim.cue.lemma})"))
        for h in claim.hedges:
            raw.append(_Span(h.start, h.end, "c-hedge", k, f"claim {ident}: hedge ({h.kind})"))
    for q in record.quantities:
        key = keys.get(q.claim) if q.claim else None
        raw.append(_Span(q.start, q.end, "c-figure", (key,) if key else (), "figure: " + c.quantity_label(q)))
    said_when: dict[str, list[str]] = {}
    for i, claim in enumerate(record.claims):
        if claim.time:
            said_when.setdefault(claim.time, []).append(f"k{i}")
    for t in record.times:
        raw.append(_Span(t.start, t.end, "c-date", tuple(said_when.get(t.id, ())), "date: " + c.time_label(t)))
    for ent in record.entities:
        if c.is_place(ent):
            name = c.one_line(ent.canonical) or c.one_line(ent.text)
            raw.append(_Span(ent.start, ent.end, "c-place", (), f"place: {name} · {c.place_where(ent)}"))
    for link in record.links:
        cls = "c-link c-flagged" if link.flags else "c-link"
        note = "link: " + c.link_label(link) + (f" · flagged: {', '.join(link.flags)}" if link.flags else "")
        raw.append(_Span(link.start, link.end, cls, (), note))
    for b in record.boilerplate:
        raw.append(_Span(b.start, b.end, "c-boilerplate", (), f"boilerplate ({b.kind}): not analysed"))
    good = [s for s in raw if isinstance(s.start, int) and isinstance(s.end, int) and 0 <= s.start < s.end <= n]
    return good, len(raw) - len(good)


def _article(record: Record, keys: dict[str, str]) -> tuple[str, int]:
    text = record.document.text
    spans, dropped = _collect_spans(record, keys)
    breaks = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(text)]
    break_starts = [b[0] for b in breaks]

    def in_break(pos: int) -> bool:
        i = bisect.bisect_right(break_starts, pos) - 1
        return i >= 0 and breaks[i][0] <= pos < breaks[i][1]

    paragraphs: list[list[str]] = [[]]
    for a, b, covering in _segments(text, spans):
        if in_break(a):
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        piece = _e(text[a:b])
        if not covering:
            paragraphs[-1].append(piece)
            continue
        classes: list[str] = []
        seg_keys: list[str] = []
        notes: list[str] = []
        for s in covering:
            classes += [x for x in s.cls.split() if x not in classes]
            seg_keys += [k for k in s.keys if k not in seg_keys]
            if s.note and s.note not in notes:
                notes.append(s.note)
        if "c-boilerplate" in classes:
            piece = piece.replace("\n", "\n<br>")
        attrs = f' class="hl {" ".join(classes)}" data-o="{a}"'
        if seg_keys:
            attrs += f' data-claims="{" ".join(seg_keys)}"'
        attrs += f' title="{_e(chr(10).join(notes))}"'
        paragraphs[-1].append(f"<span{attrs}>{piece}</span>")
    body = "\n".join(f"<p>{''.join(p)}</p>" for p in paragraphs if "".join(p).strip())
    return body, dropped


# -- header and side panel ------------------------------------------------------
def _header(record: Record) -> str:
    doc = record.document
    inferred = '<span class="inferred">inferred</span>'
    rows = []
    if doc.outlet:
        rows.append(("Outlet", _e(c.one_line(doc.outlet)) + (inferred if doc.outlet_inferred else "")))
    pub = doc.published
    if pub and pub.date:
        ev = c.published_evidence(doc)
        evidence = '<ul class="evidence">' + "".join(f"<li>{_e(x)}</li>" for x in ev) + "</ul>" if ev else ""
        rows.append(("Published", _e(pub.date) + (inferred if pub.inferred else "") + evidence))
    else:
        rows.append(("Published", '<span class="none">unknown</span>'))
    if doc.url:
        rows.append(("URL", f'<span class="url">{_e(doc.url)}</span>'))
    if doc.authors:
        rows.append(("By", _e(", ".join(c.one_line(a) for a in doc.authors))))
    if doc.credits:
        rows.append(("Credits", _e(", ".join(c.one_line(a) for a in doc.credits))))
    rows.append(("Document", _e(f"{doc.id} · {len(doc.text.split())} words · {doc.format}")))
    for w in record.warnings:
        rows.append(("Warning", f'<span class="warning">{_e(c.one_line(w))}</span>'))
    meta = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    title = _e(c.one_line(doc.title) or "Untitled article")
    return (f'<header class="top"><div class="brand">reportedly · sourced record</div>'
            f'<h1>{title}</h1><dl class="meta">{meta}</dl></header>')


def _legend() -> str:
    chips = "".join(f'<span class="hl {cls}">{label}</span>' for cls, label in LEGEND)
    return f'<nav class="legend" aria-label="legend"><span class="lg">Highlights:</span>{chips}</nav>'


def _claim_item(record: Record, claim: Claim, key: str) -> str:
    badges = [f'<span class="badge">{_e(claim.quote)} quote</span>',
              f'<span class="badge certainty-{_e(claim.certainty)}">{_e(claim.certainty)}</span>']
    if claim.source is not None and claim.source.anonymous:
        badges.append('<span class="badge anon">anonymous source</span>')
    head = f'<div class="ch"><span class="cid">{_e(c.one_line(claim.id))}</span>{"".join(badges)}</div>'
    flow = (f'<div class="flow"><span class="s">{_e(c.source_label(claim))}</span> → '
            f'<span class="q">{_e(c.cue_label(claim))}</span> → {_e(c.quoted(c.excerpt(claim.content.text)))}</div>')
    parts = [head, flow]
    if claim.chain:
        links = []
        for link, name in zip(claim.chain, c.chain_names(claim), strict=False):
            links.append(f'<span class="lk {_e(link.role)}" title="{_e(link.role)}">{_e(name)}</span>')
        parts.append('<div class="chain" aria-label="reporting chain">' + '<span class="arrow">→</span>'.join(links) + "</div>")
    notes = c.source_notes(claim)
    if notes:
        parts.append(f'<div class="sub"><b>source</b> {_e(", ".join(notes))}</div>')
    if claim.hedges:
        parts.append(f'<div class="sub"><b>hedges</b> {_e(", ".join(c.hedge_label(h) for h in claim.hedges))}</div>')
    for q in c.claim_figures(record, claim):
        parts.append(f'<div class="sub"><b>figure</b> {_e(c.quantity_label(q))}</div>')
    for t in c.claim_times(record, claim):
        parts.append(f'<div class="sub"><b>date</b> {_e(c.time_label(t))}</div>')
    return (f'<li class="claim" data-claim="{key}" tabindex="0" role="button" aria-pressed="false">'
            + "".join(parts) + "</li>")


def _section(title: str, items: list[str], cls: str = "", count: bool = True) -> str:
    n = f' <span class="n">({len(items)})</span>' if count else ""
    body = '<ul class="plain">' + "".join(f"<li>{x}</li>" for x in items) + "</ul>" if items else '<p class="none">None found.</p>'
    return f'<section class="{cls}"><h2>{title}{n}</h2>{body}</section>'


def _side(record: Record, keys: dict[str, str]) -> str:
    out = []
    claims = "".join(_claim_item(record, cl, f"k{i}") for i, cl in enumerate(record.claims))
    out.append(f'<section class="claims-box"><h2>Claims <span class="n">({len(record.claims)})</span></h2>'
               + (f'<ol class="claims">{claims}</ol>' if claims else '<p class="none">No attributed statements found.</p>')
               + "</section>")
    flagged = c.flagged_links(record)
    if flagged:
        items = ["".join(f'<span class="flagname">{_e(f)}</span>' for f in link.flags)
                 + f'<div class="url">{_e(link.url)}</div><div class="sub">{_e(c.link_label(link))}</div>' for link in flagged]
        out.append(_section("Flagged links", items, "flags"))
    out.append(_section("Figures", [
        f'<span class="cid">{_e(q.id)}</span> “{_e(c.one_line(q.text))}” = <span class="val">{_e(c.quantity_value(q))}</span>'
        f'<div class="sub">{_e(", ".join(c.quantity_details(q)))}{" · claim " + _e(q.claim) if q.claim else ""}</div>'
        for q in record.quantities]))
    out.append(_section("Places", [
        f'<b>{_e(c.one_line(e.canonical) or c.one_line(e.text))}</b><div class="geo">{_e(c.place_where(e))}</div>'
        for e in c.places(record)]))
    out.append(_section("Times", [
        f'“{_e(c.one_line(t.text))}” → <span class="val">{_e(c.time_value(t))}</span> '
        f'<span class="sub">{_e(t.precision)}, {_e(t.basis)}</span>' for t in record.times]))
    out.append(_section("Events", [
        f'<b>{_e(c.event_heading(ev))}</b> “{_e(c.excerpt(ev.text, 160))}”'
        + "".join(f'<div class="sub">{_e(d)}</div>' for d in c.event_details(ev)) for ev in record.events]))
    others = c.other_entities(record)
    if others:
        out.append(_section("People and organisations", [
            f"<b>{_e(label)}</b> {_e(', '.join(names))}" for label, names in others.items()], count=False))
    out.append(_section("Boilerplate", [_e(c.boilerplate_summary(record).label())], count=False))
    return '<aside class="side">' + "".join(out) + "</aside>"


def render_html(record: Record) -> str:
    """One self-contained HTML page (inline CSS and JS, no external fetches)."""
    css, js = _assets()
    keys = {cl.id: f"k{i}" for i, cl in enumerate(record.claims)}
    article, dropped = _article(record, keys)
    csp = (f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
           "img-src 'none'; base-uri 'none'; form-action 'none'")
    note = f" · {dropped} span(s) with offsets outside the text not shown" if dropped else ""
    title = _e(c.one_line(record.document.title) or "Untitled article")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{title} · reportedly</title>\n"
        f"<style>{css}</style>\n</head>\n<body>\n"
        f"{_header(record)}\n{_legend()}\n"
        f'<main class="layout"><article id="article" class="text">\n{article}\n</article>\n'
        f"{_side(record, keys)}</main>\n"
        f'<footer>{_e(record.generator)} · schema {_e(record.schema_version)} · offsets are character offsets into the '
        f"original text{_e(note)}</footer>\n"
        f"<script>{js}</script>\n</body></html>\n"
    )
