"""Scores broken down by group of documents (``eval polnear --by``).

A corpus is rarely uniform: PolNeAR mixes seven publishers and six
annotators, and a model can be good on one and weak on another. A group is
named either by a rule over the document id (``publisher``: the id up to its
first ``_``, PolNeAR's ``<publisher>_<date>_<slug>`` naming) or by a file of
``doc<TAB>group`` lines (tab- or comma-separated; a header line is allowed,
later columns are ignored), such as PolNeAR's ``annotators_dev.tsv``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputNotFound, MalformedInput
from .score import score_docs

RULES = ("publisher",)
UNLISTED = "(unlisted)"


def _by_rule(rule: str, doc_ids: Iterable[str]) -> dict[str, str]:
    # the only rule so far: "publisher"
    return {d: d.split("_", 1)[0] for d in doc_ids}


def _read_table(path: Path) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise MalformedInput(f"{path.name}: not UTF-8 text") from None
    delim = "\t" if "\t" in text.split("\n", 1)[0] else ","
    out: dict[str, str] = {}
    for no, row in enumerate(csv.reader(text.splitlines(), delimiter=delim), 1):
        if not row or not "".join(row).strip():
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise MalformedInput(f"{path.name} line {no}: expected a document id and a group",
                                 hint="one 'doc<TAB>group' line per document")
        doc, group = row[0].strip(), row[1].strip()
        if doc in out and out[doc] != group:
            raise MalformedInput(f"{path.name} line {no}: document {doc} is in two groups "
                                 f"({out[doc]} and {group})")
        out[doc] = group
    if not out:
        raise MalformedInput(f"{path.name}: no 'doc<TAB>group' lines")
    return out


def assign_groups(by: str, doc_ids: Iterable[str]) -> dict[str, str]:
    """``{doc_id: group}`` for every id in ``doc_ids``. ``by`` is a rule name
    (see ``RULES``) or the path of a ``doc<TAB>group`` file. A document the
    file does not list goes to ``(unlisted)``; a first line whose id is not a
    document (a header) is skipped the same way, so it never forms a group."""
    ids = list(doc_ids)
    if by in RULES:
        return _by_rule(by, ids)
    path = Path(by)
    if not path.is_file():
        raise InputNotFound(f"--by {by}: neither a grouping rule ({', '.join(RULES)}) nor a file",
                            hint="give 'publisher' or a file of 'doc<TAB>group' lines")
    table = _read_table(path)
    found = [d for d in ids if d in table]
    if ids and not found:
        raise MalformedInput(f"{path.name}: names none of the {len(ids)} documents",
                             hint="the first column must be the document id (the .txt file name without .txt)")
    return {d: table.get(d, UNLISTED) for d in ids}


def score_groups(rows: Iterable[tuple], groups: dict[str, str]) -> list[dict]:
    """``rows``: ``(doc_id, text, gold, predicted)``. Returns one entry per
    group, in name order: ``{"group", "docs", "scores"}`` with the same
    scores as ``score_docs`` over the group's documents."""
    by_group: dict[str, list[tuple]] = {}
    for doc_id, text, gold, pred in rows:
        by_group.setdefault(groups[doc_id], []).append((text, gold, pred))
    return [{"group": g, "docs": len(r), "scores": score_docs(r)} for g, r in sorted(by_group.items())]


def format_groups(entries: list[dict]) -> str:
    """One line per group: exact F1 per role and attribution F1, with the
    number of documents and gold attributions."""
    width = max([len("group")] + [len(e["group"]) for e in entries])
    lines = [f"{'group':<{width}} {'docs':>5} {'gold':>6} {'source':>7} {'cue':>7} {'content':>8} {'attrib':>7}"]
    for e in entries:
        s = e["scores"]
        ex = s["exact"]
        lines.append(f"{e['group']:<{width}} {e['docs']:5d} {s['attribution']['n_gold']:6d} "
                     f"{ex['source']['f1']:7.1f} {ex['cue']['f1']:7.1f} {ex['content']['f1']:8.1f} "
                     f"{s['attribution']['f1']:7.1f}")
    return "\n".join(lines)
