"""Attributions marked by layout (attribution/patterns.py): headline
"Source: claim", transcript speaker labels, quotations signed with a dash."""

from __future__ import annotations

from reportedly.attribution.patterns import layout_attributions


def _roles(text, att):
    return ([text[s:e] for s, e in att.source], [text[s:e] for s, e in att.cue], [text[s:e] for s, e in att.content])


def test_headline_source_colon_claim():
    text = "Kallas: Europe Must Double Its Shell Orders.\n\nThe Estonian prime minister spoke on Monday.\n"
    (att,) = layout_attributions(text)
    assert _roles(text, att) == (["Kallas"], [":"], ["Europe Must Double Its Shell Orders"])
    assert att.origin == "layout:headline"


def test_headlines_that_name_a_format_not_a_speaker():
    for head in ("The Latest: Ceasefire talks resume in Doha", "BREAKING: Explosions heard in Kharkiv",
                 "Live: Strikes on the port", "Video: A convoy on the road south of Izium",
                 "One village, three armies and a river that moved the front: a year in Krynky"):
        assert layout_attributions(head + "\n\nText of the story.\n") == [], head


def test_speaker_labels_in_a_transcript_with_continued_turns():
    text = ('Partial transcript:\n\n"HOST: Will the brigade hold the line?\n\n'
            '"MARCHENKO: We will hold it. We have no choice.\n\n"The shells arrive every hour.\n\n'
            '"(CROSSTALK.)\n\n"HOST: Thank you.\n')
    atts = layout_attributions(text)
    got = [_roles(text, a) for a in atts]
    assert (["HOST"], [":"], ["Will the brigade hold the line?"]) in got
    assert (["MARCHENKO"], [":"], ["We will hold it. We have no choice.", "The shells arrive every hour."]) in got
    assert (["HOST"], [":"], ["Thank you."]) in got
    assert len(atts) == 3


def test_colon_inside_a_sentence_is_not_a_speaker_label():
    text = "The army listed three aims: to hold Chasiv Yar, to rotate troops and to rebuild stocks.\n"
    assert layout_attributions(text) == []


def test_quotation_signed_with_a_dash():
    text = ("Residents described the night.\n“The windows came in at four in the morning.” ― Olena Kovalenko\n"
            "“We slept in the corridor.” — Ihor Melnyk, a teacher.\n")
    got = [_roles(text, a) for a in layout_attributions(text)]
    assert got == [(["Olena Kovalenko"], ["―"], ["“The windows came in at four in the morning.”"]),
                   (["Ihor Melnyk"], ["—"], ["“We slept in the corridor.”"])]


def test_signed_quotations_run_on_and_may_open_with_a_right_quote_mark():
    # reader comments pasted one after another: the first opens with ” (a common typing slip),
    # the second starts on the same line right after the first signature
    text = "”The shelling never stops.” ― Daria Bondar “We need generators.”― Taras Oliinyk\n"
    got = [_roles(text, a) for a in layout_attributions(text)]
    assert got == [(["Daria Bondar"], ["―"], ["”The shelling never stops.”"]),
                   (["Taras Oliinyk"], ["―"], ["“We need generators.”"])]


def test_the_shipped_model_adds_layout_attributions_it_misses(nlp):
    from reportedly.attribution import load_finder
    from reportedly.pipeline import make_parse_text

    finder = load_finder("default")
    if finder is None:
        import pytest

        pytest.skip("no shipped attribution model")
    text = "“The windows came in at four in the morning.” ― Olena Kovalenko\n"
    atts = finder(nlp(make_parse_text(text, [])))
    assert any([text[s:e] for s, e in a.cue] == ["―"] and [text[s:e] for s, e in a.source] == ["Olena Kovalenko"]
               for a in atts)
