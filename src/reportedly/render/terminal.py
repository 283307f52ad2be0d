"""The terminal view of a record (rich): a header, claims as cards, then
figures, places, times, events, flagged links and the boilerplate count.

Everything from the article goes in as :class:`rich.text.Text` (never as
markup), so brackets in an article are shown, not interpreted. Meaning never
rests on colour alone ("anonymous", "inferred" are written out), lines wrap
at any width, and a console that cannot encode Unicode gets ASCII glyphs.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..model import Claim, Record
from . import _common as c

_ASCII = str.maketrans(
    {
        "→": "->",
        "“": '"',
        "”": '"',
        "≈": "~",
        "≥": ">=",
        "≤": "<=",
        "–": "-",
        "—": "-",
        "°": " deg ",
        "·": "|",
        "…": "...",
        "▸": ">",
        "•": "*",
    }
)

STYLE = {
    "title": "bold",
    "label": "dim",
    "source": "bold cyan",
    "cue": "italic magenta",
    "content": "",
    "hedge": "red",
    "figure": "green",
    "date": "blue",
    "place": "yellow",
    "flag": "bold red",
    "muted": "dim",
}


class _View:
    def __init__(self, console: Console):
        self.console = console
        enc = (console.encoding or "utf-8").lower().replace("_", "-")
        self.unicode = enc.startswith("utf")

    def s(self, text: str) -> str:
        return text if self.unicode else text.translate(_ASCII)

    def text(self, *parts: str | tuple[str, str]) -> Text:
        """Text from plain strings / (string, style) pairs; no markup parsing."""
        out = Text(overflow="fold")
        for part in parts:
            if isinstance(part, tuple):
                out.append(self.s(part[0]), style=part[1])
            else:
                out.append(self.s(part))
        return out

    def fields(self, rows: list[tuple[str, Text]]) -> Table:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style=STYLE["label"], no_wrap=True)
        grid.add_column(overflow="fold", ratio=1)
        for label, value in rows:
            grid.add_row(label, value)
        return grid

    def section(self, title: str, count: int | None = None) -> None:
        label = title if count is None else f"{title} ({count})"
        self.console.print()
        self.console.rule(Text(self.s(label), style="bold"), align="left", style=STYLE["muted"])
        if count == 0:
            self.console.print(self.text(("none found", STYLE["muted"])))

    def bullet(self, *parts: str | tuple[str, str], indent: int = 0) -> None:
        """One list item with a hanging indent (wrapped lines line up)."""
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, width=indent + 1)
        grid.add_column(overflow="fold", ratio=1)
        grid.add_row(Text(" " * indent + self.s("•"), style=STYLE["muted"]), self.text(*parts))
        self.console.print(grid)


def _header(v: _View, record: Record) -> Panel:
    doc = record.document
    rows: list[tuple[str, Text]] = []
    if c.outlet_label(doc):
        rows.append(("outlet", v.text(c.one_line(doc.outlet), ((" (inferred)", STYLE["muted"]) if doc.outlet_inferred else ""))))
    pub = doc.published
    if pub and pub.date:
        rows.append(("published", v.text(pub.date, ((" (inferred)", STYLE["muted"]) if pub.inferred else ""))))
        for ev in c.published_evidence(doc):
            rows.append(("", v.text(("evidence: ", STYLE["muted"]), ev)))
    else:
        rows.append(("published", v.text(("unknown", STYLE["muted"]))))
    if doc.url:
        rows.append(("url", v.text(doc.url)))
    if doc.authors:
        rows.append(("by", v.text(", ".join(c.one_line(a) for a in doc.authors))))
    if doc.credits:
        rows.append(("credits", v.text(", ".join(c.one_line(a) for a in doc.credits))))
    words = len(doc.text.split())
    rows.append(("document", v.text(f"{doc.id} · {words} words · {doc.format}" + (f" · {doc.origin}" if doc.origin else ""))))
    for w in record.warnings:
        rows.append(("warning", v.text((c.one_line(w), STYLE["flag"]))))
    title = c.one_line(doc.title) or "(untitled article)"
    return Panel(
        Group(v.text((title, STYLE["title"])), v.fields(rows)),
        title=v.text("reportedly"),
        title_align="left",
        expand=True,
    )


def _claim_card(v: _View, record: Record, claim: Claim) -> Panel:
    flow = v.text(
        (c.source_label(claim), STYLE["source"]),
        " → ",
        (c.cue_label(claim), STYLE["cue"]),
        " → ",
        (c.quoted(claim.content.text), STYLE["content"]),
    )
    rows: list[tuple[str, Text]] = []
    notes = c.source_notes(claim)
    if notes:
        rows.append(("source", v.text(", ".join(notes))))
    names = c.chain_names(claim)
    if names:
        rows.append(("chain", v.text(" → ".join(names))))
    if claim.hedges:
        rows.append(("hedges", v.text((", ".join(c.hedge_label(h) for h in claim.hedges), STYLE["hedge"]))))
    for q in c.claim_figures(record, claim):
        rows.append(("figure", v.text((c.quantity_label(q), STYLE["figure"]))))
    for t in c.claim_times(record, claim):
        rows.append(("date", v.text((c.time_label(t), STYLE["date"]))))
    kind = v.text((f"{claim.quote} quote · {claim.certainty}", STYLE["label"]))
    body = Group(kind, flow, v.fields(rows)) if rows else Group(kind, flow)
    return Panel(
        body,
        title=v.text((c.one_line(claim.id), "bold")),
        title_align="left",
        expand=True,
        padding=(0, 1),
    )


def render_terminal(record: Record, console: Console) -> None:
    """Print the readable view of ``record`` on ``console``."""
    v = _View(console)
    console.print(_header(v, record))

    v.section("Claims", len(record.claims))
    for claim in record.claims:
        console.print(_claim_card(v, record, claim))

    v.section("Figures", len(record.quantities))
    for q in record.quantities:
        v.bullet((f"{q.id} ", STYLE["muted"]), (f"“{c.one_line(q.text)}”", ""), " = ", (c.quantity_value(q), STYLE["figure"]),
                 (f"  {', '.join(c.quantity_details(q))}", STYLE["muted"]),
                 ((f"  [{q.claim}]", STYLE["muted"]) if q.claim else ""))

    pl = c.places(record)
    v.section("Places", len(pl))
    for e in pl:
        name = c.one_line(e.canonical) or c.one_line(e.text)
        said = c.one_line(e.text)
        v.bullet((name, STYLE["place"]), ((f" (“{said}”)", STYLE["muted"]) if said.lower() != name.lower() else ""),
                 " → ", c.place_where(e))
    others = c.other_entities(record)
    if others:
        v.section("People and organisations")
        for label, names in others.items():
            v.bullet((f"{label}: ", STYLE["label"]), ", ".join(names))

    v.section("Times", len(record.times))
    for t in record.times:
        v.bullet((f"“{c.one_line(t.text)}”", ""), " → ", (c.time_value(t), STYLE["date"]),
                 (f"  {t.precision}, {t.basis}", STYLE["muted"]))

    v.section("Events", len(record.events))
    for ev in record.events:
        v.bullet((c.event_heading(ev), "bold"), f"  “{c.excerpt(ev.text, 160)}”")
        for d in c.event_details(ev):
            v.bullet((d, STYLE["muted"]), indent=2)

    flagged = c.flagged_links(record)
    v.section("Flagged links", len(flagged))
    for link in flagged:
        v.bullet((", ".join(link.flags), STYLE["flag"]), "  ", link.url)
        v.bullet((c.link_label(link), STYLE["muted"]), indent=2)
    if len(record.links) > len(flagged):
        n = len(record.links) - len(flagged)
        console.print(v.text((f"{n} other link{'s' if n != 1 else ''} not flagged", STYLE["muted"])))

    console.print()
    console.print(v.text((c.boilerplate_summary(record).label(), STYLE["muted"])))
