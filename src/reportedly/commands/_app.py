"""The typer app every command module registers on, and the shared
error handling: a ReportedlyError becomes one line on stderr and its exit code."""

from __future__ import annotations

import functools
import os
import sys
from typing import Annotated

import typer

from ..errors import ReportedlyError

app = typer.Typer(
    name="reportedly",
    help="Who says what, on whose authority: attribution, figures, places and times in news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

INTERNAL_ERROR_EXIT = 70

# --db, shared by every command that reads or writes a store
DbOption = Annotated[str, typer.Option("--db", envvar="REPORTEDLY_DB",
                                       help="the store file (SQLite); or set REPORTEDLY_DB")]


def fail(message: str, hint: str | None = None, code: int = 1) -> None:
    line = f"Error: {message}"
    if hint:
        line += f" (hint: {hint})"
    print(line, file=sys.stderr)
    raise typer.Exit(code)


def handles_errors(func):
    """Decorator for commands: named errors -> one line + exit code; anything
    unexpected -> one line + exit 70 (traceback only with REPORTEDLY_DEBUG=1)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except ReportedlyError as exc:
            fail(str(exc), exc.hint, exc.exit_code)
        except KeyboardInterrupt:
            print("Interrupted", file=sys.stderr)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if os.environ.get("REPORTEDLY_DEBUG"):
                raise
            fail(f"internal error: {type(exc).__name__}: {exc}", "rerun with REPORTEDLY_DEBUG=1 for a traceback", INTERNAL_ERROR_EXIT)

    return wrapper


eval_app = typer.Typer(help="Measure the extractors against gold data.", no_args_is_help=True)
train_app = typer.Typer(help="Train the shipped models (reproducible, fixed seed).", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(train_app, name="train")
