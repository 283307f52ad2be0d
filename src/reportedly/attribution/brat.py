"""Reading PolNeAR brat standoff (``<id>.txt`` / ``<id>.ann``).

Offsets are code-point offsets into the text read as UTF-8 with
``newline=''``. Only lines starting ``T<n>``/``E<n>``/``#<n>`` + tab are
parsed; other physical lines continue a multi-line span text and are
skipped. Offsets always come from the T line, never from its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputNotFound, MalformedInput

ROLES = ("source", "cue", "content")
_LINE = re.compile(r"^([TE#])(\d+)\t")
_ROLE_OF = {"Source": "source", "Cue": "cue", "Content": "content"}


@dataclass
class GoldAttribution:
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)

    def role(self, name: str) -> list[tuple[int, int]]:
        return getattr(self, name)


def read_text(path: str | Path) -> str:
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def _offsets(spec: str, where: str) -> list[tuple[int, int]]:
    spans = []
    for frag in spec.split(";"):
        bits = frag.split()
        if len(bits) != 2:
            raise MalformedInput(f"{where}: bad offsets {spec!r}")
        try:
            s, e = int(bits[0]), int(bits[1])
        except ValueError:
            raise MalformedInput(f"{where}: bad offsets {spec!r}") from None
        if e < s:
            raise MalformedInput(f"{where}: span ends before it starts: {spec!r}")
        spans.append((s, e))
    return spans


def parse_ann(ann: str, where: str = "<ann>") -> list[GoldAttribution]:
    """Attributions of one ``.ann`` text: one per E line with at least one
    Source/Cue/Content/Content<k> argument; Content<k> pieces join Content."""
    bounds: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[list[tuple[str, str]]] = []
    for lineno, raw in enumerate(ann.split("\n"), 1):
        line = raw.rstrip("\r")
        m = _LINE.match(line)
        if not m:
            continue
        cols = line.split("\t")
        if m.group(1) == "T":
            if len(cols) < 2 or " " not in cols[1]:
                raise MalformedInput(f"{where}:{lineno}: bad text-bound line")
            typ, spec = cols[1].split(" ", 1)
            bounds[cols[0]] = (typ, _offsets(spec, f"{where}:{lineno}"))
        elif m.group(1) == "E" and len(cols) >= 2:
            events.append([tuple(arg.split(":", 1)) for arg in cols[1].split() if ":" in arg])
    out = []
    for args in events:
        att = GoldAttribution()
        used = False
        for role, tid in args:
            base = "Content" if re.fullmatch(r"Content\d*", role) else role
            name = _ROLE_OF.get(base)
            if name is None or tid not in bounds:
                continue
            used = True
            att.role(name).extend(bounds[tid][1])
        if used:
            out.append(att)
    return out


def load_dir(path: str | Path, need_ann: bool = False) -> list[tuple[str, str, list[GoldAttribution] | None]]:
    """``[(doc_id, text, attributions or None)]`` for every ``<id>.txt`` in
    ``path`` (sorted); attributions are None when there is no ``.ann``."""
    d = Path(path)
    if not d.is_dir():
        raise InputNotFound(f"not a directory: {d}")
    docs = []
    for txt in sorted(d.glob("*.txt")):
        ann = txt.with_suffix(".ann")
        gold = parse_ann(read_text(ann), str(ann)) if ann.exists() else None
        if need_ann and gold is None:
            raise InputNotFound(f"missing {ann.name}")
        docs.append((txt.stem, read_text(txt), gold))
    if not docs:
        raise InputNotFound(f"no .txt files in {d}", hint="give a directory of <id>.txt (and <id>.ann) files")
    return docs
