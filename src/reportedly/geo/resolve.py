"""Choose one gazetteer place per place mention, using the article's context.

Each candidate gets a score: a population prior (log10), a bonus for the
main name over an alternate one, a bonus for the kind asked for (a bare
"Kyiv" is the city, "Kyiv region" the admin1 area), and bonuses when its
country or admin1 area is named in the article (explicitly, through a
demonym such as "Ukrainian", or through other confidently placed names), or
qualifies the mention directly ("Paris, Texas", "Nyala in South Darfur").
Resolution runs twice: the second pass adds the countries and regions that
the first pass found.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from .gazetteer import Gazetteer, Place, get_gazetteer

# Demonyms and adjectives that point to a country (NORP mentions).
DEMONYMS = {
    "afghan": "AF", "algerian": "DZ", "american": "US", "armenian": "AM", "azerbaijani": "AZ",
    "belarusian": "BY", "british": "GB", "burkinabe": "BF", "burmese": "MM", "cameroonian": "CM",
    "chadian": "TD", "chinese": "CN", "colombian": "CO", "congolese": "CD", "egyptian": "EG",
    "eritrean": "ER", "ethiopian": "ET", "french": "FR", "gazan": "PS", "georgian": "GE", "german": "DE",
    "haitian": "HT", "indian": "IN", "iranian": "IR", "iraqi": "IQ", "israeli": "IL", "jordanian": "JO",
    "kenyan": "KE", "lebanese": "LB", "libyan": "LY", "malian": "ML", "mexican": "MX",
    "mozambican": "MZ", "myanmar": "MM", "nigerian": "NG", "nigerien": "NE", "pakistani": "PK",
    "palestinian": "PS", "polish": "PL", "russian": "RU", "rwandan": "RW", "saudi": "SA", "somali": "SO",
    "sudanese": "SD", "syrian": "SY", "turkish": "TR", "ukrainian": "UA", "yemeni": "YE",
    "south sudanese": "SS", "venezuelan": "VE", "houthi": "YE", "tuareg": "ML", "rohingya": "MM", "tigrayan": "ET",
}
ADMIN_WORDS = ("region", "regions", "oblast", "province", "governorate", "state", "district", "prefecture",
               "department", "county")

KIND_BONUS = {"country": 6.0, "region": 4.0, "city": 0.0}


@dataclass
class Mention:
    text: str  # the name as looked up ("Donetsk" for "the Donetsk region")
    want_admin: bool = False  # followed by region/province/oblast...
    qualifier: str | None = None  # a place named right after: "Paris, Texas"
    metonym: bool = False  # "Moscow said": no weight as context
    candidates: tuple[Place, ...] | None = None  # None: look the text up
    place: Place | None = None
    score: float = 0.0
    margin: float = 0.0


@dataclass
class Context:
    countries: Counter = field(default_factory=Counter)
    admin1: Counter = field(default_factory=Counter)  # (cc, code)


def _score(c: Place, m: Mention, ctx: Context, qual: tuple[set, set], namesake: bool = True) -> float:
    s = math.log10(c.population + 10)
    s += 1.0 if c.main else 0.0
    if c.kind == "country" and not c.main:
        s = s / 2 - 4.0  # "Uman" is an old name of Oman, and a Ukrainian city
    if c.kind == "admin1":
        # a bare "Kyiv" or "Gaza" is the city; a bare "Florida" is the state
        s += 1.0 if m.want_admin else (-2.5 if namesake else 0.0)
    else:
        s += KIND_BONUS.get(c.kind, 0.0)
        if m.want_admin and c.kind == "city":
            s -= 4.0
    w = 0.5 if (not c.main and c.kind == "city" and c.population < 10_000) else 1.0  # a village's alias: weak
    if ctx.countries.get(c.country):
        top = ctx.countries.most_common(2)
        strictly_first = top[0][0] == c.country and (len(top) == 1 or top[1][1] < top[0][1])
        s += w * (2.5 + (0.5 if strictly_first else 0.0))
    if c.admin1_code and ctx.admin1.get((c.country, c.admin1_code)):
        s += w * 2.0
    qcc, qa1 = qual
    if qcc or qa1:
        if (c.country, c.admin1_code) in qa1:
            s += 10.0
        elif c.country in qcc:
            s += 8.0
    return s


def _qualifier_places(q: str | None, gaz: Gazetteer) -> tuple[set, set]:
    if not q:
        return set(), set()
    ccs, a1s = set(), set()
    for p in gaz.lookup(q):
        if p.kind == "country":
            ccs.add(p.country)
        elif p.kind in ("admin1", "region"):
            ccs.add(p.country)
            if p.admin1_code:
                a1s.add((p.country, p.admin1_code))
    return ccs, a1s


def _pick(m: Mention, ctx: Context, gaz: Gazetteer) -> None:
    qual = _qualifier_places(m.qualifier, gaz)
    admin_cc = {c.country for c in m.candidates if c.kind == "admin1"}
    namesake = any(c.kind == "city" and (c.population >= 100_000 or (c.main and c.population >= 10_000
                                                                     and c.country in admin_cc))
                   for c in m.candidates)
    scored = sorted(((_score(c, m, ctx, qual, namesake), c) for c in m.candidates), key=lambda t: -t[0])
    if not scored:
        m.place, m.score, m.margin = None, 0.0, 0.0
        return
    m.score, m.place = scored[0]
    m.margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 10.0


def resolve(mentions: list[Mention], demonym_countries: list[str] = (), gaz: Gazetteer | None = None) -> None:
    """Set ``place`` on each mention (None when the gazetteer has no such name)."""
    gaz = gaz or get_gazetteer()
    ctx = Context()
    for cc in demonym_countries:
        ctx.countries[cc] += 1
    for m in mentions:
        if m.candidates is None:
            m.candidates = gaz.lookup(m.text)
        # a country's name (unless it is also a town's own name: "Uman"), or a name followed by
        # "region", is unambiguous context
        town = any(c.kind == "city" and c.main and c.population >= 10_000 for c in m.candidates)
        sure = [c for c in m.candidates
                if (c.kind == "country" and (c.main or not town)) or (m.want_admin and c.kind == "admin1")]
        if sure:
            ctx.countries[sure[0].country] += 1
            if sure[0].admin1_code:
                ctx.admin1[(sure[0].country, sure[0].admin1_code)] += 1
    for m in mentions:
        _pick(m, ctx, gaz)
    # second pass: what the first pass placed confidently is context too
    # (for the other mentions: a mention does not vote for itself)
    ctx2 = Context(Counter(ctx.countries), Counter(ctx.admin1))
    own: list[tuple[str, tuple] | None] = []
    for m in mentions:
        p = m.place
        if p is not None and m.margin >= 1.0 and p.kind != "country" and not m.metonym:
            ctx2.countries[p.country] += 1
            if p.admin1_code:
                ctx2.admin1[(p.country, p.admin1_code)] += 1
            own.append((p.country, (p.country, p.admin1_code)))
        else:
            own.append(None)
    for m, o in zip(mentions, own):
        if o is None:
            _pick(m, ctx2, gaz)
            continue
        ctx_m = Context(Counter(ctx2.countries), Counter(ctx2.admin1))
        ctx_m.countries[o[0]] -= 1
        ctx_m.admin1[o[1]] -= 1
        ctx_m.countries += Counter()  # drop zero counts
        ctx_m.admin1 += Counter()
        _pick(m, ctx_m, gaz)


def geo_precision(place: Place, near: bool) -> int:
    """ACLED-like: 1 the town itself, 2 near or part of it, 3 a region or country."""
    if place.kind in ("country", "admin1", "region"):
        return 3
    return 2 if near else 1
