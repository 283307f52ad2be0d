"""The record: plain dataclasses, serialised to JSON with :func:`to_dict`.

Every ``start``/``end`` pair is a character (code point) offset into the
original input text (``Document.text``), end exclusive. The JSON Schema in
``reportedly/schema/record.schema.json`` describes the serialised form and is
validated in the tests.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "1.0"


@dataclass
class Span:
    text: str
    start: int
    end: int


@dataclass
class Published:
    date: str | None = None  # YYYY-MM-DD
    inferred: bool = False
    evidence: list[str] = field(default_factory=list)


@dataclass
class Document:
    id: str  # sha256 of the text, hex, first 16 chars
    text: str
    title: str | None = None
    outlet: str | None = None
    outlet_inferred: bool = False
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    published: Published = field(default_factory=Published)
    language: str = "en"
    format: str = "text"  # text | html | jsonl | rss | warc
    origin: str | None = None  # path or "-" the text came from


@dataclass
class Boilerplate:
    start: int
    end: int
    kind: str  # related | url-list | credit | share | caption | other
    text: str = ""


@dataclass
class Link:
    url: str
    start: int
    end: int
    domain: str
    url_date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY read from the path
    title: str | None = None  # the "Related article:" title it was matched to
    flags: list[str] = field(default_factory=list)  # after-publication, title-match, ...


@dataclass
class Source:
    text: str
    start: int
    end: int
    canonical: str
    type: str = "unknown"  # person | organisation | government | media | group | document | unknown
    anonymous: bool = False
    resolved_from: str | None = None  # "pronoun", "short-form", "description" when canonical differs


@dataclass
class Cue:
    text: str
    start: int
    end: int
    lemma: str


@dataclass
class Content:
    text: str
    start: int
    end: int
    spans: list[list[int]] = field(default_factory=list)  # [[s, e], ...] if discontinuous


@dataclass
class Hedge:
    text: str
    start: int
    end: int
    kind: str  # modal | approximator | estimate | evidential | unconfirmed | commitment


@dataclass
class ChainLink:
    name: str
    role: str  # origin | relay | outlet
    text: str | None = None
    start: int | None = None
    end: int | None = None
    anonymous: bool = False


@dataclass
class Claim:
    id: str
    source: Source | None
    cue: Cue | None
    content: Content
    quote: str  # direct | indirect | mixed
    hedges: list[Hedge] = field(default_factory=list)
    certainty: str = "asserted"  # asserted | estimate | hedged | commitment
    chain: list[ChainLink] = field(default_factory=list)
    time: str | None = None  # TimeRef id
    sentence: list[int] = field(default_factory=list)  # [start, end]


@dataclass
class Quantity:
    id: str
    text: str
    start: int
    end: int
    kind: str  # count | range | bound | vague | ratio | percent | money | measure
    value: float | None = None
    low: float | None = None
    high: float | None = None
    best: float | None = None
    approximate: bool = False
    unit: str | None = None  # what is counted: soldiers, civilians, people, tanks ...
    about: str | None = None  # casualty category: killed, wounded, ... or "loss ratio"
    side: str | None = None  # whose: a party (Russia, Ukraine, civilians) when stated
    compared: list[str] = field(default_factory=list)  # for ratios: [numerator, denominator]
    scope: str | None = None  # cumulative | event
    claim: str | None = None  # Claim id carrying the figure
    same_as: str | None = None  # id of an earlier quantity stating the same figure


@dataclass
class TimeRef:
    id: str
    text: str
    start: int
    end: int
    date: str | None  # YYYY-MM-DD, YYYY-MM or YYYY depending on precision
    precision: str  # day | part-of-day | week | month | year | duration | unknown
    basis: str  # absolute | relative | duration
    end_date: str | None = None  # for ranges ("since August" runs to publication)


@dataclass
class Geo:
    lat: float
    lon: float
    country: str  # ISO 3166-1 alpha-2
    admin1: str | None = None
    gazetteer_id: str | None = None  # "geonames:<id>"
    geo_precision: int = 1  # ACLED-like: 1 town, 2 part of region, 3 region/country


@dataclass
class Entity:
    id: str
    text: str
    start: int
    end: int
    label: str  # PERSON | ORG | GPE | LOC | NORP | FAC
    canonical: str
    geo: Geo | None = None
    role: str | None = None  # "government" when a place name stands for its government ("Moscow said")


@dataclass
class EventPlace:
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    geo_precision: int | None = None


@dataclass
class Fatalities:
    low: float | None = None
    best: float | None = None
    high: float | None = None


@dataclass
class Event:
    id: str
    type: str  # ACLED event type
    sub_type: str
    text: str
    start: int
    end: int
    actors: list[str] = field(default_factory=list)
    place: EventPlace = field(default_factory=EventPlace)
    date: str | None = None
    date_precision: str | None = None
    fatalities: Fatalities = field(default_factory=Fatalities)
    figures: list[str] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)


@dataclass
class Record:
    document: Document
    boilerplate: list[Boilerplate] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    times: list[TimeRef] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    schema_version: str = SCHEMA_VERSION
    generator: str = "reportedly"


def to_dict(obj: Any) -> Any:
    """Dataclass (or list of them) to plain JSON-able data."""
    if dataclasses.is_dataclass(obj):
        return dataclasses.asdict(obj)
    if isinstance(obj, list):
        return [to_dict(o) for o in obj]
    return obj


def _build(cls, data):
    """Inverse of to_dict for our dataclasses (nested, lists, optionals)."""
    if data is None:
        return None
    import typing

    hints = typing.get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        kwargs[f.name] = _coerce(hints[f.name], data[f.name])
    return cls(**kwargs)


def _coerce(tp, value):
    import types
    import typing

    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            if arg is type(None):
                continue
            return _coerce(arg, value)
    if origin is list:
        (arg,) = typing.get_args(tp) or (Any,)
        return [_coerce(arg, v) for v in value]
    if dataclasses.is_dataclass(tp):
        return _build(tp, value)
    return value


def record_from_dict(data: dict) -> Record:
    """Rebuild a :class:`Record` from its JSON form (round trip of to_dict)."""
    return _build(Record, data)
