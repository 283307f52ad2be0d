"""Hand-built records for the renderer tests, independent of the extractors.

Every span is located in its text with :func:`at`, so offsets are right by
construction; ``check_offsets`` in the tests verifies them again.
"""

from __future__ import annotations

from reportedly.model import (
    Boilerplate,
    ChainLink,
    Claim,
    Content,
    Cue,
    Document,
    Entity,
    Event,
    EventPlace,
    Fatalities,
    Geo,
    Hedge,
    Link,
    Published,
    Quantity,
    Record,
    Source,
    TimeRef,
)


def at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """(start, end) of the nth occurrence of needle in text."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    return pos, pos + len(needle)


SAMPLE_TEXT = (
    "Russia has lost approximately five soldiers for every Ukrainian soldier killed near Bakhmut, "
    "CNN reported late Monday, citing NATO estimates.\n"
    "\n"
    "An unidentified NATO official told CNN that the ratio was an informed\n"
    "estimate drawn from the alliance's intelligence.\n"
    "\n"
    "Related article: Wagner Chief Says Fighters Lack Shells\n"
    "\n"
    "https://www.themoscowtimes.com/2025/07/12/wagner-chief-says-fighters-lack-shells\n"
    "\n"
    'Kyiv this week said the fighting had become "increasingly difficult" and analysts said its '
    "forces may have begun a retreat, with at least 20 soldiers wounded on Sunday.\n"
    "\n"
    "AFP contributed reporting.\n"
)


def _src(text, needle, canonical, kind, anonymous=False, nth=0, resolved_from=None):
    s, e = at(text, needle, nth)
    return Source(needle, s, e, canonical, kind, anonymous, resolved_from)


def _cue(text, needle, lemma, nth=0):
    s, e = at(text, needle, nth)
    return Cue(needle, s, e, lemma)


def _content(text, needle, nth=0):
    s, e = at(text, needle, nth)
    return Content(needle, s, e)


def _hedge(text, needle, kind, nth=0):
    s, e = at(text, needle, nth)
    return Hedge(needle, s, e, kind)


def _sentence(text, needle):
    s, e = at(text, needle)
    return [s, e]


def sample_record() -> Record:
    t = SAMPLE_TEXT
    outlet = ChainLink("The Moscow Times", "outlet")
    doc = Document(
        id="0123456789abcdef",
        text=t,
        title="Russia losing five soldiers per Ukrainian in Bakhmut, NATO estimates",
        outlet="The Moscow Times",
        outlet_inferred=True,
        credits=["AFP"],
        published=Published(
            "2023-03-06",
            True,
            ["link edition.cnn.com dated 2023-03-06", "CNN reported \"late Monday\"; 2023-03-06 is a Monday"],
        ),
        origin="sample.txt",
    )
    cnn1 = at(t, "CNN")
    nato_off = at(t, "An unidentified NATO official")
    c1 = Claim(
        id="c1",
        source=_src(t, "CNN", "CNN", "media"),
        cue=_cue(t, "reported", "report"),
        content=_content(t, "Russia has lost approximately five soldiers for every Ukrainian soldier killed near Bakhmut"),
        quote="indirect",
        hedges=[_hedge(t, "approximately", "approximator")],
        certainty="estimate",
        chain=[ChainLink("NATO", "origin", "NATO", *at(t, "NATO")), ChainLink("CNN", "relay", "CNN", *cnn1), outlet],
        time="t1",
        sentence=_sentence(t, "Russia has lost approximately five soldiers for every Ukrainian soldier killed near Bakhmut, "
                           "CNN reported late Monday, citing NATO estimates."),
    )
    c2 = Claim(
        id="c2",
        source=_src(t, "An unidentified NATO official", "NATO official", "person", anonymous=True),
        cue=_cue(t, "told", "tell"),
        content=_content(t, "the ratio was an informed\nestimate drawn from the alliance's intelligence"),
        quote="indirect",
        certainty="estimate",
        chain=[
            ChainLink("NATO official", "origin", "An unidentified NATO official", *nato_off, anonymous=True),
            ChainLink("CNN", "relay", "CNN", *at(t, "CNN", 1)),
            outlet,
        ],
        sentence=_sentence(t, "An unidentified NATO official told CNN that the ratio was an informed\n"
                           "estimate drawn from the alliance's intelligence."),
    )
    c3 = Claim(
        id="c3",
        source=_src(t, "Kyiv", "Government of Ukraine", "government", resolved_from="short-form"),
        cue=_cue(t, "said", "say"),
        content=_content(t, 'the fighting had become "increasingly difficult"'),
        quote="mixed",
        chain=[ChainLink("Government of Ukraine", "origin", "Kyiv", *at(t, "Kyiv")), outlet],
        time="t2",
        sentence=_sentence(t, 'Kyiv this week said the fighting had become "increasingly difficult"'),
    )
    c4 = Claim(
        id="c4",
        source=_src(t, "analysts", "analysts", "group"),
        cue=_cue(t, "said", "say", nth=1),
        content=_content(t, "its forces may have begun a retreat"),
        quote="indirect",
        hedges=[_hedge(t, "may", "modal")],
        certainty="hedged",
        chain=[ChainLink("analysts", "origin", "analysts", *at(t, "analysts")), outlet],
        sentence=_sentence(t, 'Kyiv this week said the fighting had become "increasingly difficult" and analysts said its '
                           "forces may have begun a retreat, with at least 20 soldiers wounded on Sunday."),
    )
    q1 = Quantity(
        "q1", *(lambda s, e: (t[s:e], s, e))(*at(t, "approximately five soldiers for every Ukrainian soldier")),
        kind="ratio", value=5.0, approximate=True, unit="soldiers", about="killed",
        compared=["Russian soldiers", "Ukrainian soldiers"], claim="c1",
    )
    q2 = Quantity(
        "q2", *(lambda s, e: (t[s:e], s, e))(*at(t, "at least 20 soldiers")),
        kind="bound", low=20.0, unit="soldiers", about="wounded", side="Ukraine", scope="event",
    )
    times = [
        TimeRef("t1", "late Monday", *at(t, "late Monday"), date="2023-03-06", precision="part-of-day", basis="relative"),
        TimeRef("t2", "this week", *at(t, "this week"), date="2023-03-06", precision="week", basis="relative"),
        TimeRef("t3", "Sunday", *at(t, "Sunday"), date="2023-03-05", precision="day", basis="relative"),
    ]
    entities = [
        Entity("n1", "Bakhmut", *at(t, "Bakhmut"), label="GPE", canonical="Bakhmut",
               geo=Geo(48.5956, 38.0003, "UA", "Donetsk", "geonames:712451", 1)),
        Entity("n2", "CNN", *cnn1, label="ORG", canonical="CNN"),
        Entity("n3", "NATO", *at(t, "NATO"), label="ORG", canonical="NATO"),
        Entity("n4", "Kyiv", *at(t, "Kyiv"), label="GPE", canonical="Kyiv",
               geo=Geo(50.4547, 30.5238, "UA", "Kyiv City", "geonames:703448", 1)),
    ]
    events = [
        Event("e1", "Battles", "Armed clash", "the fighting", *at(t, "the fighting"),
              actors=["Military Forces of Russia", "Military Forces of Ukraine"],
              place=EventPlace("Bakhmut", 48.5956, 38.0003, "UA", "Donetsk", 1),
              date="2023-03-06", date_precision="week", fatalities=Fatalities(), figures=["q2"], claims=["c3"]),
    ]
    rel = at(t, "Related article: Wagner Chief Says Fighters Lack Shells")
    url = "https://www.themoscowtimes.com/2025/07/12/wagner-chief-says-fighters-lack-shells"
    urls = at(t, url)
    credit = at(t, "AFP contributed reporting.")
    return Record(
        document=doc,
        boilerplate=[Boilerplate(*rel, "related", t[rel[0]:rel[1]]), Boilerplate(*urls, "url-list", url),
                     Boilerplate(*credit, "credit", t[credit[0]:credit[1]])],
        links=[Link(url, *urls, domain="themoscowtimes.com", url_date="2025-07-12",
                    title="Wagner Chief Says Fighters Lack Shells", flags=["after-publication", "title-match"])],
        claims=[c1, c2, c3, c4],
        quantities=[q1, q2],
        times=times,
        entities=entities,
        events=events,
    )


HOSTILE_TEXT = (
    "Officials said <script>window.__pwned=1</script> was found in *the* _files_ [here](javascript:alert(1)) "
    "and <img src=x onerror=\"window.__pwned=2;alert(1)\"> too.\n"
    "\n"
    "# Not a heading | a pipe & an &amp; entity, `code` and [bold red]rich markup[/] with 1. a list\n"
    "\n"
    "The ministry claimed that up to 30 <b>civilians</b> may have died.\n"
)


def hostile_record() -> Record:
    """Input full of markup: HTML, Markdown, rich markup, odd ids, overlapping spans."""
    t = HOSTILE_TEXT
    bad_id = 'c1" onclick="window.__pwned=3'
    doc = Document(
        id="fedcba9876543210",
        text=t,
        title="</title><script>window.__pwned=4</script> *Breaking*",
        outlet="<i>Evil</i> Times",
        url="javascript:alert(1)",
        credits=["[red]AFP[/]"],
    )
    c1 = Claim(
        id=bad_id,
        source=_src(t, "Officials", "<b>Officials</b>", "group"),
        cue=_cue(t, "said", "say"),
        content=_content(t, "<script>window.__pwned=1</script> was found in *the* _files_ [here](javascript:alert(1)) "
                         "and <img src=x onerror=\"window.__pwned=2;alert(1)\"> too"),
        quote="indirect",
        chain=[ChainLink("<b>Officials</b>", "origin"), ChainLink("<i>Evil</i> Times", "outlet")],
    )
    # content, hedge and figure overlap without nesting: the figure starts
    # inside the content, the hedge straddles the figure's end.
    content = at(t, "up to 30 <b>civilians</b> may have died")
    c2 = Claim(
        id="c2",
        source=_src(t, "The ministry", "Ministry", "government"),
        cue=_cue(t, "claimed", "claim"),
        content=Content(t[content[0]:content[1]], *content),
        quote="indirect",
        hedges=[Hedge("civilians</b> may", *at(t, "civilians</b> may"), kind="modal")],
        certainty="hedged",
        chain=[ChainLink("Ministry", "origin"), ChainLink("<i>Evil</i> Times", "outlet")],
    )
    fig = at(t, "The ministry claimed that up to 30 <b>civilians")
    q1 = Quantity("q1", t[fig[0]:fig[1]], *fig, kind="bound", high=30.0, unit="<b>civilians</b>", about="killed")
    tr = at(t, "# Not a heading | a pipe")
    return Record(
        document=doc,
        claims=[c1, c2],
        quantities=[q1],
        times=[TimeRef("t1", t[tr[0]:tr[1]], *tr, date=None, precision="unknown", basis="relative")],
        entities=[Entity("n1", "[bold red]rich markup[/]", *at(t, "[bold red]rich markup[/]"), label="GPE",
                         canonical="<Place & Co>", geo=Geo(1.0, -2.0, "XX"))],
        links=[Link("javascript:alert(1)", *at(t, "javascript:alert(1)"), domain="<evil>", flags=["<flag>"])],
        boilerplate=[Boilerplate(*at(t, "`code`"), "other")],
    )
