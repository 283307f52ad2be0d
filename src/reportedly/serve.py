"""A small read-only web view of a store: ``reportedly serve``.

Standard library only (``http.server``): JSON endpoints for every query and
HTML pages rendered from the same JSON. Each request opens the SQLite store
read-only, so ingesting into it at the same time is safe (WAL).
"""

from __future__ import annotations

import html
import json
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .errors import ReportedlyError

CLAIM_FILTERS = ("source", "about", "search", "outlet", "since", "until")

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d232a;background:#f6f7f9}}
header{{background:#1d2b3a;color:#fff;padding:.7em 1.2em}} header a{{color:#fff;text-decoration:none;margin-right:1.2em}}
main{{padding:1em 1.2em;max-width:1200px}} table{{border-collapse:collapse;width:100%;background:#fff}}
td,th{{border-bottom:1px solid #e3e6ea;padding:.35em .5em;text-align:left;vertical-align:top}}
th{{background:#eef1f4;font-weight:600}} form input{{padding:.3em;margin-right:.4em}} .muted{{color:#66717d}}
.anon{{color:#a0491f}}
</style></head><body>
<header><a href="/"><b>reportedly</b></a><a href="/">claims</a><a href="/sources">sources</a><a href="/conflicts">conflicts</a>
<a href="/api/claims">JSON</a></header><main>{body}</main></body></html>"""


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _store(db: str):
    from .store.sqlite import open_store

    return open_store(db, readonly=True, create=False)


def query_claims(store, params: dict) -> list[dict]:
    from .store.base import ClaimFilter

    limit = params.get("limit", "200")
    if not str(limit).isdigit():
        from .errors import BadOption

        raise BadOption("limit must be a whole number")
    f = ClaimFilter(**{k: params[k] for k in CLAIM_FILTERS if params.get(k)}, limit=min(int(limit), 5000))
    return list(store.iter_claims(f))


def claims_page(rows: list[dict], params: dict) -> str:
    fields = "".join(
        f'<input name="{k}" placeholder="{k}" value="{_e(params.get(k, ""))}">' for k in CLAIM_FILTERS
    )
    out = [f'<form method="get">{fields}<button>filter</button></form>',
           f'<p class="muted">{len(rows)} claims</p><table><tr><th>published</th><th>outlet</th><th>source</th>'
           "<th>claim</th><th>chain</th><th></th></tr>"]
    for r in rows:
        chain = " → ".join(_e(link.get("name")) for link in (r.get("chain") or []))
        src = _e(r.get("source_canonical") or r.get("source"))
        if r.get("anonymous"):
            src = f'<span class="anon">{src} (anonymous)</span>'
        out.append(
            f"<tr><td>{_e(r.get('published'))}</td><td>{_e(r.get('outlet'))}</td><td>{src}</td>"
            f"<td>{_e(r.get('content'))}</td><td class=muted>{chain}</td>"
            f'<td><a href="/trail/{_e(r.get("claim_id"))}">trail</a> · <a href="/doc/{_e(r.get("doc_id"))}">article</a></td></tr>'
        )
    out.append("</table>")
    return _PAGE.format(title="reportedly: claims", body="".join(out))


def table_page(title: str, rows: list[dict]) -> str:
    if not rows:
        return _PAGE.format(title=_e(title), body=f"<h2>{_e(title)}</h2><p class=muted>none</p>")
    cols = list(rows[0])
    head = "".join(f"<th>{_e(c)}</th>" for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{_e(json.dumps(r[c]) if isinstance(r[c], list | dict) else r[c])}</td>"
                                    for c in cols) + "</tr>" for r in rows)
    return _PAGE.format(title=_e(title), body=f"<h2>{_e(title)}</h2><table><tr>{head}</tr>{body}</table>")


class Handler(BaseHTTPRequestHandler):
    db: str = "reportedly.db"
    server_version = "reportedly"

    def log_message(self, fmt, *args):  # quiet: one line per request on stderr only when asked
        if getattr(self.server, "verbose", False):
            super().log_message(fmt, *args)

    def _send(self, status: int, body: str, ctype: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if ctype == "text/html":
            self.send_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                             "script-src 'unsafe-inline'; img-src data:")
        self.end_headers()
        self.wfile.write(data)

    def _json(self, obj, status: int = 200) -> None:
        self._send(status, json.dumps(obj, ensure_ascii=False, indent=1), "application/json")

    def do_GET(self):  # noqa: N802 - http.server's name
        url = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(url.query).items()}
        parts = [p for p in url.path.split("/") if p]
        try:
            self._route(parts, params)
        except ReportedlyError as exc:
            status = HTTPStatus.NOT_FOUND if "no claim" in str(exc) or "no document" in str(exc) else HTTPStatus.BAD_REQUEST
            self._json({"error": str(exc)}, status)

    def _route(self, parts: list[str], params: dict) -> None:
        from .errors import InputNotFound

        api = bool(parts) and parts[0] == "api"
        if api:
            parts = parts[1:]
        store = _store(self.db)
        try:
            if not parts or parts == ["claims"]:
                rows = query_claims(store, params)
                return self._json(rows) if api else self._send(200, claims_page(rows, params), "text/html")
            if parts == ["sources"]:
                rows = store.sources()
                return self._json(rows) if api else self._send(200, table_page("sources", rows), "text/html")
            if parts == ["conflicts"]:
                rows = list(store.iter_conflicts())
                return self._json(rows) if api else self._send(200, table_page("conflicts", rows), "text/html")
            if parts[:1] == ["schema"] and len(parts) <= 2:
                from .schema import NAMES, schema_for

                name = parts[1] if len(parts) == 2 else "record"
                if name not in NAMES:
                    return self._json({"error": f"no schema {name!r}", "schemas": list(NAMES)}, 404)
                return self._json(schema_for(name))
            if len(parts) == 2 and parts[0] == "trail":
                from .corpus.trail import build_trail, render_html

                trail = build_trail(store, parts[1])
                return self._json(trail) if api else self._send(200, render_html(trail), "text/html")
            if len(parts) == 2 and parts[0] == "doc":
                rec = store.record(parts[1])
                if rec is None:
                    raise InputNotFound(f"no document {parts[1]!r}")
                if api:
                    from .model import to_dict

                    return self._json(to_dict(rec))
                from .render.html import render_html

                return self._send(200, render_html(rec), "text/html")
            self._json({"error": "not found", "endpoints": ["/api/claims", "/api/sources", "/api/conflicts",
                                                           "/api/trail/<claim_id>", "/api/doc/<doc_id>", "/api/schema", "/api/schema/<name>"]}, 404)
        finally:
            store.close()


def make_server(db: str, host: str = "127.0.0.1", port: int = 8765, verbose: bool = False) -> ThreadingHTTPServer:
    _store(db).close()  # fail early, with the store's own error, if it is missing or not a store
    handler = type("BoundHandler", (Handler,), {"db": db})
    server = ThreadingHTTPServer((host, port), handler)
    server.verbose = verbose
    return server
