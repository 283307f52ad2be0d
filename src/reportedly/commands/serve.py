"""``reportedly serve``: a read-only web view and JSON API over a store."""

from __future__ import annotations

import typer

from ._app import DbOption, app, handles_errors


@app.command()
@handles_errors
def serve(
    db: DbOption = "reportedly.db",
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8765, "--port", help="Port to listen on."),
    verbose: bool = typer.Option(False, "--verbose", help="Log each request."),
):
    """Serve a store read-only: claims, sources, conflicts, trails and articles as HTML and JSON (/api/...)."""
    from ..serve import make_server

    server = make_server(db, host, port, verbose)
    print(f"Serving {db} on http://{host}:{server.server_address[1]}/ (JSON under /api/; Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
