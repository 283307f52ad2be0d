"""What a name says of a person's gender, for ruling out antecedents.

Two kinds of evidence, in order. First what the text states: an honorific
("Mrs. Clinton") or a gendered noun beside the name ("her husband, Kenji
Sato"); the resolver in ``sources.py`` reads those. Failing that, a first name
that is given to one gender far more often than the other ("Ivanka",
"Donald"): a weak, statistical signal, used only to keep "she" from resolving
to Donald Trump, never to label anyone. Names used about equally by both
("Leslie", "Pat", "Kim"), and names not in the list, say nothing.

The list is ``data/first_names.json``, built once from the name data of
``nomquamgender`` (MIT; Van Buskirk, Clauset and Larremore, ICWSM 2023) by
this module (a developer tool; the package is not a run-time dependency)::

    pip download --no-deps -d /tmp/w nomquamgender==0.1.4 && unzip -q /tmp/w/nomquamgender-*.whl -d /tmp/w/n
    python -m reportedly.extract.gender /tmp/w/n/nomquamgender/name_data.json

A name is kept when at least ``MIN_COUNT`` people in the package's sources
bear it and its probability of being given to women, p(gf), is at most 0.1 or
at least 0.9: the package's own default threshold for classifying a name.
"""

from __future__ import annotations

import json
import re
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "first_names.json"
MIN_COUNT = 200
THRESHOLD = 0.1

HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss|Sir|Dame|Lord|Lady)\.?\s*$")
HONORIFIC_GENDER = {"mr": "m", "sir": "m", "lord": "m", "mrs": "f", "ms": "f", "miss": "f", "dame": "f", "lady": "f"}


def honorific_before(text: str, start: int) -> str | None:
    """"m" or "f" when an honorific stands right before ``start`` ("Mrs. |Clinton")."""
    m = HONORIFIC.search(text[max(0, start - 30) : start])
    return HONORIFIC_GENDER[m.group(1).lower()] if m else None


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    raw = json.loads(resources.files("reportedly.data").joinpath("first_names.json").read_text(encoding="utf-8"))
    return {name: g for g in ("f", "m") for name in raw[g].split()}


# words that may stand before a first name without being one ("Sheikh Hasina", "Gen. Mark Milley")
_TITLE_WORDS = frozenset("""mr mrs ms miss dr prof sir dame lord lady sheikh sheikha king queen prince princess
    pope president gen general sen senator rep gov governor mayor minister chancellor judge justice imam ayatollah
    rabbi reverend rev father emir sultan mullah maj major col colonel capt captain lt sgt adm admiral st saint""".split())


def first_name_gender(name: str) -> str | None:
    """The gender a full name's first name is nearly always given to, or None.
    A single word ("Trump"), an initial ("J. Smith") or a title ("Sheikh
    Hasina") says nothing."""
    words = name.split()
    while words and words[0].lower().rstrip(".") in _TITLE_WORDS:
        words = words[1:]
    if len(words) < 2:
        return None
    first = words[0].lower()
    if len(first.rstrip(".")) < 2 or first.endswith("."):
        return None
    return _table().get(first)


def build(name_data: Path, out: Path = OUT) -> int:
    """Write the first-name list from nomquamgender's ``name_data.json``
    (``{name: [sources, count, p(gf), ...]}``); returns how many names."""
    data = json.loads(Path(name_data).read_text(encoding="utf-8"))
    keep: dict[str, list[str]] = {"f": [], "m": []}
    for name, row in sorted(data.items()):
        if not re.fullmatch(r"[a-z]+(?:-[a-z]+)?", name) or row[1] < MIN_COUNT:
            continue
        p = row[2]
        if p >= 1 - THRESHOLD:
            keep["f"].append(name)
        elif p <= THRESHOLD:
            keep["m"].append(name)
    note = (f"First names nearly always given to women (f) or men (m): p(gf) >= {1 - THRESHOLD} or <= {THRESHOLD}, "
            f"at least {MIN_COUNT} bearers, from nomquamgender 0.1.4 (MIT). Built by `python -m reportedly.extract.gender`.")
    out.write_text(json.dumps({"_note": note, "f": " ".join(keep["f"]), "m": " ".join(keep["m"])}) + "\n",
                   encoding="utf-8")
    return len(keep["f"]) + len(keep["m"])


if __name__ == "__main__":  # pragma: no cover - developer tool
    if len(sys.argv) != 2:
        sys.exit("usage: python -m reportedly.extract.gender PATH/TO/nomquamgender/name_data.json")
    print(f"{build(Path(sys.argv[1]))} names -> {OUT}")
