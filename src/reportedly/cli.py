"""Command-line entry point. Commands live in ``reportedly.commands.*`` and
register themselves on the shared typer app."""

from __future__ import annotations

import importlib

from .commands._app import app

# Each module registers its commands on ``app`` when imported.
_COMMAND_MODULES = ["analyze", "attribution", "conflict", "corpus", "serve"]
for _name in _COMMAND_MODULES:
    try:
        importlib.import_module(f"reportedly.commands.{_name}")
    except ModuleNotFoundError as _exc:  # a module not written yet
        if _exc.name != f"reportedly.commands.{_name}":
            raise


def main() -> None:
    app()


if __name__ == "__main__":
    main()
