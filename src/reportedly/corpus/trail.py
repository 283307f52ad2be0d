"""The trail of one claim across the corpus: every article carrying it, the
first one, who relays whom, and the origin source; as JSON, in the terminal
and as a self-contained HTML page with a timeline (inline SVG)."""

from __future__ import annotations

import html
from collections import Counter
from datetime import date

from ..errors import InputNotFound
from ..store.base import ClaimFilter


def _source(c: dict) -> str | None:
    return c.get("source_canonical") or c.get("source")


def build_trail(store, claim_id: str) -> dict:
    c = store.claim(claim_id)
    if c is None:
        raise InputNotFound(f"no claim {claim_id!r} in {store.path}", hint="ids are shown by `reportedly claims`")
    rows = [c] if c["cluster"] is None else list(store.iter_claims(ClaimFilter(cluster=c["cluster"])))
    # by date; on the same date an original story before its copies
    rows.sort(key=lambda r: (r["published"] is None, r["published"] or "", r["story"] != r["doc_id"], r["claim_id"]))
    claims = []
    origins: Counter = Counter()
    relays = []
    for r in rows:
        chain = r["chain"] or []
        claims.append({
            "claim_id": r["claim_id"], "doc_id": r["doc_id"], "outlet": r["outlet"], "published": r["published"],
            "source": _source(r), "chain": chain, "content": r["content"], "title": r["title"], "url": r["url"],
            "copy_of_story": r["story"] if r["story"] != r["doc_id"] else None,
        })
        origin = next((link["name"] for link in chain if link.get("role") == "origin"), None) or _source(r)
        if origin:
            origins[origin] += 1
        via = [link["name"] for link in chain if link.get("role") == "relay"]
        if via:
            relays.append({"outlet": r["outlet"], "doc_id": r["doc_id"], "citing": via})
    first = claims[0] if claims else None
    dated = [x for x in claims if x["published"]]
    return {
        "cluster": c["cluster"],
        "claims": claims,
        "first": {k: first[k] for k in ("claim_id", "doc_id", "outlet", "published")} if first else None,
        "origin": origins.most_common(1)[0][0] if origins else None,
        "relays": relays,
        "outlets": sorted({x["outlet"] for x in claims if x["outlet"]}),
        "independent_stories": len({x["copy_of_story"] or x["doc_id"] for x in claims}),
        "span": [dated[0]["published"], dated[-1]["published"]] if dated else None,
    }


def render_terminal(trail: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console()
    first = trail["first"] or {}
    con.print(f"[bold]claim cluster {trail['cluster']}[/bold]: {len(trail['claims'])} articles, "
              f"{trail['independent_stories']} independent stories, origin: [bold]{trail['origin'] or '?'}[/bold]")
    con.print(f"first: {first.get('outlet') or '?'} {first.get('published') or '(no date)'} {first.get('claim_id')}")
    t = Table(show_lines=False)
    for col in ("published", "outlet", "source", "chain", "content"):
        t.add_column(col, overflow="fold")
    for c in trail["claims"]:
        chain = " -> ".join(f"{link['name']} ({link['role']})" for link in c["chain"])
        t.add_row(c["published"] or "", c["outlet"] or "", c["source"] or "", chain, (c["content"] or "")[:200])
    con.print(t)


def _day(s: str | None) -> date | None:
    if not s:
        return None
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        return None


def timeline_svg(claims: list[dict], width: int = 900) -> str:
    """Dots on a date axis, one row per outlet; undated claims in their own column."""
    e = html.escape
    outlets = sorted({c["outlet"] or "(unknown outlet)" for c in claims})
    days = [d for d in (_day(c["published"]) for c in claims) if d]
    left, right, top, row_h = 180, 60, 30, 28
    height = top + row_h * len(outlets) + 40
    lo, hi = (min(days), max(days)) if days else (None, None)
    span = max(1, (hi - lo).days) if days else 1
    plot_w = width - left - right

    def x_of(d: date | None) -> float:
        if d is None or lo is None:
            return width - right / 2
        return left + plot_w * ((d - lo).days / span if hi != lo else 0.5)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="timeline of the claim">']
    for i, o in enumerate(outlets):
        y = top + row_h * i + row_h / 2
        parts.append(f'<text x="{left - 8}" y="{y + 4}" text-anchor="end" font-size="12">{e(o)}</text>')
        parts.append(f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="#ddd"/>')
    axis_y = top + row_h * len(outlets) + 10
    parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{left + plot_w}" y2="{axis_y}" stroke="#333"/>')
    if lo:
        parts.append(f'<text x="{left}" y="{axis_y + 16}" font-size="11">{e(lo.isoformat())}</text>')
        if hi != lo:
            parts.append(f'<text x="{left + plot_w}" y="{axis_y + 16}" font-size="11" text-anchor="end">'
                         f'{e(hi.isoformat())}</text>')
    if any(_day(c["published"]) is None for c in claims):
        parts.append(f'<text x="{width - right / 2}" y="{axis_y + 16}" font-size="11" text-anchor="middle">no date</text>')
    for n, c in enumerate(claims):
        y = top + row_h * outlets.index(c["outlet"] or "(unknown outlet)") + row_h / 2
        fill = "#c0392b" if n == 0 else ("#7f8c8d" if c.get("copy_of_story") else "#2c6fbb")
        tip = f"{c['published'] or 'no date'} {c['outlet'] or ''}: {c['source'] or ''}: {c['content'] or ''}"
        parts.append(f'<circle cx="{x_of(_day(c["published"])):.1f}" cy="{y}" r="6" fill="{fill}">'
                     f'<title>{e(tip)}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(trail: dict) -> str:
    e = html.escape
    rows = []
    for c in trail["claims"]:
        chain = " → ".join(f"{e(link['name'])} <small>({e(link['role'])})</small>" for link in c["chain"])
        link = f'<a href="{e(c["url"], quote=True)}">{e(c["title"] or c["doc_id"])}</a>' \
            if c.get("url") and str(c["url"]).startswith(("http://", "https://")) else e(c["title"] or c["doc_id"])
        copy = " <small>(copy of another story)</small>" if c.get("copy_of_story") else ""
        rows.append(f"<tr><td>{e(c['published'] or '')}</td><td>{e(c['outlet'] or '')}</td><td>{link}{copy}</td>"
                    f"<td>{e(c['source'] or '')}</td><td>{chain}</td><td>{e(c['content'] or '')}</td></tr>")
    first = trail["first"] or {}
    title = f"Claim trail {trail['cluster']}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{e(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; width: 100%; font-size: 14px; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }}
.meta {{ color: #555; }}
</style></head>
<body>
<h1>{e(title)}</h1>
<p class="meta">{len(trail['claims'])} articles from {len(trail['outlets'])} outlets,
{trail['independent_stories']} independent stories. Origin: <b>{e(trail['origin'] or 'unknown')}</b>.
First: {e(first.get('outlet') or '?')}, {e(first.get('published') or 'no date')}.</p>
<h2>Timeline</h2>
{timeline_svg(trail['claims'])}
<p class="meta">Red: first appearance; grey: a near-duplicate copy of another article; blue: others.</p>
<h2>Articles</h2>
<table><thead><tr><th>published</th><th>outlet</th><th>article</th><th>source</th><th>chain</th><th>claim</th></tr></thead>
<tbody>
{''.join(rows)}
</tbody></table>
</body></html>
"""
