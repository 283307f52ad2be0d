"""Boilerplate lines, links, URL dates and flags, outlet/credit/date inference."""

from __future__ import annotations

import pytest

from reportedly.extract.boilerplate import classify_line, credits_in, find_boilerplate
from reportedly.extract.links import date_from_url, domain_of, find_links, flag_after_publication, title_matches


@pytest.mark.parametrize(
    "line,kind",
    [
        ("Related article: Wagner Boss Says Bakhmut Fighters Lack Ammo", "related"),
        ("READ MORE: Ceasefire talks stall in Doha", "related"),
        ("See also - Drone strikes hit Odesa port", "related"),
        ("https://example.org/a https://example.org/b", "url-list"),
        ("www.example.org/2024/01/02/story", "url-list"),
        ("AFP contributed reporting.", "credit"),
        ("Reuters contributed to this report.", "credit"),
        ("Reporting by Jane Doe; Editing by John Roe", "credit"),
        ("(With reporting by AFP)", "credit"),
        ("Share this article", "share"),
        ("Subscribe to our newsletter for free updates", "share"),
        ("Advertisement", "share"),
        ("Photo: Smoke rises over the city / AFP", "caption"),
    ],
)
def test_boilerplate_kinds(line, kind):
    assert classify_line(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "The army said the strike killed 12 people, according to the governor.",
        "Related talks in Geneva ended without agreement, the envoy said.",
        "Reuters could not verify the footage.",
        "A source said the report, published at https://example.org/x, was accurate.",
        "Share prices fell sharply on Monday after the announcement.",
    ],
)
def test_story_lines_are_not_boilerplate(line):
    assert classify_line(line) is None


def test_adjacent_url_lines_merge_and_offsets_hug_text():
    text = "Story line one.\n\nhttps://a.example/x\n  https://b.example/y  \n\nMore story."
    bps = find_boilerplate(text)
    assert len(bps) == 1
    b = bps[0]
    assert b.kind == "url-list"
    assert text[b.start : b.end] == "https://a.example/x\n  https://b.example/y"


@pytest.mark.parametrize(
    "text,names",
    [
        ("AFP contributed reporting.", ["AFP"]),
        ("AFP and Reuters contributed reporting.", ["AFP", "Reuters"]),
        ("The Associated Press contributed to this report.", ["AP"]),
        ("Maria Lopez contributed reporting.", ["Maria Lopez"]),
    ],
)
def test_credits(text, names):
    assert sorted(credits_in(text)) == sorted(names)


@pytest.mark.parametrize(
    "url,date",
    [
        ("https://www.themoscowtimes.com/2025/07/12/wagner-boss-says", "2025-07-12"),
        ("https://edition.cnn.com/europe/live-news/russia-ukraine-war-news-03-06-23/h_265c", "2023-03-06"),
        ("https://www.reuters.com/world/europe/kherson-shelling-2024-02-13/", "2024-02-13"),
        ("https://example.org/news/20240105/story", "2024-01-05"),
        ("https://example.org/2024/11/story", "2024-11"),
        ("https://example.org/news/story-1234567", None),
        ("https://example.org/2024/02/31/bad-day", "2024-02"),
    ],
)
def test_url_dates(url, date):
    assert date_from_url(url) == date


def test_domain_strips_common_prefixes():
    assert domain_of("https://edition.cnn.com/x") == "cnn.com"
    assert domain_of("https://www.bbc.co.uk/news") == "bbc.co.uk"
    assert domain_of("www.example.org/a") == "example.org"


def test_title_match_and_after_publication():
    text = "Story.\n\nRelated article: Wagner Boss Says Bakhmut Fighters Lack Ammo\n\nhttps://x.example/2025/07/12/wagner-boss-says-bakhmut-fighters-lack-ammo\nhttps://y.example/2023/01/01/other-thing\n"
    links = find_links(text, find_boilerplate(text))
    assert [lk.url_date for lk in links] == ["2025-07-12", "2023-01-01"]
    assert links[0].flags == ["title-match"] and links[0].title == "Wagner Boss Says Bakhmut Fighters Lack Ammo"
    assert links[1].flags == []
    flag_after_publication(links, "2023-03-06")
    assert "after-publication" in links[0].flags and "after-publication" not in links[1].flags
    assert text[links[0].start : links[0].end] == links[0].url


def test_title_match_needs_most_words():
    assert title_matches("Wagner Boss Says Bakhmut Fighters Lack Ammo", "https://x/wagner-boss-says-bakhmut-fighters-lack-ammo")
    assert not title_matches("Wagner Boss Says Bakhmut Fighters Lack Ammo", "https://x/ukraine-grain-deal-extended")


def test_published_inferred_from_weekday_and_url(analyze):
    text = ("Officials said on Tuesday that the bridge was hit, Reuters reported.\n\n"
            "https://www.reuters.com/world/2024/02/13/bridge-hit/\nhttps://www.reuters.com/world/2024/02/16/other/\n")
    rec = analyze(text)
    assert rec.document.published.date == "2024-02-13"  # a Tuesday; 02-16 is a Friday
    assert rec.document.published.inferred is True
    assert any("Tuesday" in e for e in rec.document.published.evidence)


def test_published_given_wins_and_is_not_inferred(analyze):
    rec = analyze("The governor said on Tuesday that three people were hurt.", published="2024-05-01")
    assert rec.document.published.date == "2024-05-01"
    assert rec.document.published.inferred is False


def test_no_evidence_leaves_date_unknown_with_warning(analyze):
    rec = analyze("The governor said three people were hurt in the attack on the town.")
    assert rec.document.published.date is None
    assert any("publication date unknown" in w for w in rec.warnings)


def test_outlet_from_url_and_given(analyze):
    rec = analyze("The governor said three people were hurt.", url="https://www.bbc.co.uk/news/world-1")
    assert rec.document.outlet == "BBC" and rec.document.outlet_inferred
    rec2 = analyze("The governor said three people were hurt.", outlet="Example Daily")
    assert rec2.document.outlet == "Example Daily" and not rec2.document.outlet_inferred
