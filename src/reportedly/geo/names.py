"""Name normalisation shared by the gazetteer index and its look-ups."""

from __future__ import annotations

import re
import unicodedata

_APOS = str.maketrans({"\u2019": "", "\u2018": "", "'": "", "\u02bc": "", "\u02bb": "", "`": "", ".": ""})
_SEP = re.compile(r"[\s\-\u2010-\u2015_/,]+")
_NONKEY = re.compile(r"[^a-z0-9 ]")


def strip_accents(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def key(name: str) -> str:
    """Look-up key: accents, apostrophes and dots dropped, hyphens to spaces,
    casefolded. "Mar'yinka" -> "maryinka", "Deir el-Balah" -> "deir el balah"."""
    s = strip_accents(name).translate(_APOS).casefold()
    s = _SEP.sub(" ", s)
    s = _NONKEY.sub("", s)
    return " ".join(s.split())


def is_latin(name: str) -> bool:
    """True when the name is written in Latin script (after dropping accents)."""
    s = strip_accents(name)
    return bool(s) and all(c.isascii() or c in "\u2019\u2018\u02bc\u02bb\u2010\u2011\u2013" for c in s) and any(
        c.isalpha() for c in s
    )
