"""Scorers for the hand-written gold sets (conflict figures and events, source resolution)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputNotFound, MalformedInput

SPLITS = ("all", "dev", "heldout")


def gold_lines(path: Path) -> Iterator[tuple[str, dict]]:
    """``(where, item)`` for each JSON object line of a gold JSONL file, or of
    every ``*.jsonl`` in a directory; ``where`` is ``file:line`` for errors.
    Raises InputNotFound for a missing path, MalformedInput for a line that
    is not a JSON object, and for a set with no lines at all."""
    path = Path(path)
    if not path.exists():
        raise InputNotFound(f"no gold set at {path}", hint="give a JSONL file or a directory of them")
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    any_line = False
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise MalformedInput(f"{f}:{n}: not JSON ({exc.msg})") from None
            if not isinstance(item, dict):
                raise MalformedInput(f"{f}:{n}: a gold line must be a JSON object")
            any_line = True
            yield f"{f}:{n}", item
    if not any_line:
        raise MalformedInput(f"no gold passages in {path}")
