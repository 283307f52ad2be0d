"""Attribution span finding: who (source), the cue, and what (content).

A *finder* maps a spaCy Doc to :class:`RawAttribution` spans; the claims
extractor (``reportedly.extract.claims``) turns them into claims with chains,
hedges and canonical sources. Finders by name:

- ``rules``: dependency-parse rules (``reportedly.extract.attribution_rules``)
- ``fast`` / ``accurate`` / ``crf``: models trained on PolNeAR (``reportedly.attribution``)
- ``hybrid``: the rules, plus every model attribution that does not collide
  with one of theirs (the rules are precise on the constructions they know;
  the model adds what they do not know, e.g. "called for", "wants", noun cues)
- ``default``: ``hybrid`` when a model ships, else the rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..parsed import doc_text

Spans = list[tuple[int, int]]


@dataclass
class RawAttribution:
    source: Spans = field(default_factory=list)
    cue: Spans = field(default_factory=list)
    content: Spans = field(default_factory=list)
    score: float = 1.0
    origin: str = "rules"  # which finder produced it


Finder = Callable[[object], list[RawAttribution]]


def _overlaps(a: Spans, b: Spans) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _jaccard(a: Spans, b: Spans) -> float:
    sa = {i for s, e in a for i in range(s, e)}
    sb = {i for s, e in b for i in range(s, e)}
    return len(sa & sb) / len(sa | sb) if sa or sb else 0.0


def touching(x: RawAttribution, atts: list[RawAttribution]) -> list[RawAttribution]:
    """Those of ``atts`` that share a character with any span of ``x``."""
    mine = x.cue + x.source + x.content
    return [p for p in atts if _overlaps(mine, p.cue + p.source + p.content)]


def _adds_chain(text: str, model: Spans, rules: Spans) -> bool:
    """Whether ``model`` covers a chain phrase ("carried by state television that") outside ``rules``."""
    from .claims import chain_words

    return any(not any(a <= pos < b for a, b in rules) for s, e in model for pos in chain_words(text, s, e))


def merge_attributions(primary: list[RawAttribution], extra: list[RawAttribution], text: str,
                       agree_source: float = 0.5) -> list[RawAttribution]:
    """``primary`` whole, plus each of ``extra`` that touches none of
    primary's spans (so "CNN reported ..., citing NATO estimates" stays one
    claim with a chain, not a second claim whose cue is "citing"); ``text``
    is the Doc's text the spans point into."""
    out = list(primary)
    roles = [s for p in primary for s in p.cue + p.source]  # no content may swallow these
    # the rules' spans as found: a content the merge shortens must not free a chain cue ("citing")
    found = [p.cue + p.source + p.content for p in primary]
    for x in extra:
        mine = x.cue + x.source + x.content
        hits = [p for p, spans in zip(primary, found, strict=True) if _overlaps(mine, spans)]
        if not hits:
            out.append(x)
            continue
        # the same attribution seen by both (their cues overlap): keep the rules' cue, the
        # project's convention ("said", not "said in a statement"), but take the model's
        # content edges (trained on annotated news) unless they swallow a cue or source of the
        # rules or a chain phrase ("carried by state television that ..."), and its source
        # where the rules have none or the two largely agree (the model may join coordinated subjects)
        for p in hits:
            if not _overlaps(x.cue, p.cue):
                continue
            if x.content and not _overlaps(x.content, roles) and not _adds_chain(text, x.content, p.content):
                p.content = list(x.content)
            if x.source and _overlaps(x.source, p.cue + p.content):
                continue  # a source that runs over the cue or what was said ("..., ” said X")
            if p.source and _jaccard(p.source, x.source) >= agree_source:
                p.source = list(x.source)
            elif x.source and not p.source:
                p.source = list(x.source)  # a source the rules did not find
    out.sort(key=lambda r: (r.cue[0][0] if r.cue else (r.content[0][0] if r.content else 0)))
    return out


def _model_finder(name: str):
    try:
        from ..attribution import load_finder  # trained models, if shipped
    except ImportError:
        return None
    return load_finder(name)


def get_finder(name: str = "default") -> Finder:
    from ..errors import BadOption
    from .attribution_rules import find_attributions

    if name == "rules":
        return find_attributions
    if name in ("hybrid", "default", "hybrid-accurate"):  # the rules, and a model where they say nothing
        model = _model_finder("accurate" if name == "hybrid-accurate" else "default")
        if model is None:
            return find_attributions

        def hybrid(sdoc) -> list[RawAttribution]:
            return merge_attributions(find_attributions(sdoc), model(sdoc), doc_text(sdoc))

        return hybrid
    finder = _model_finder("default" if name == "crf" else name)
    if finder is not None:
        return finder
    raise BadOption(f"unknown attribution model {name!r}", hint="use default, hybrid, hybrid-accurate, rules, crf, fast or accurate")
