"""How the default (hybrid) finder merges the rules' attributions with the
model's: extract.attribution.merge_attributions on hand-made spans."""

from __future__ import annotations

from reportedly.extract.attribution import RawAttribution, merge_attributions


def sp(text: str, phrase: str) -> list[tuple[int, int]]:
    i = text.index(phrase)
    return [(i, i + len(phrase))]


def att(text, source, cue, content, origin="rules"):
    return RawAttribution(source=sp(text, source) if source else [], cue=sp(text, cue), content=sp(text, content),
                          origin=origin)


def roles(text, a):
    return ([text[s:e] for s, e in a.source], [text[s:e] for s, e in a.cue], [text[s:e] for s, e in a.content])


def test_the_model_content_edges_win_for_the_same_attribution():
    text = "“We are leaving. The bridge is gone,” the mayor said on Tuesday."
    rules = [att(text, "the mayor", "said", "The bridge is gone,")]
    model = [att(text, "the mayor", "said on Tuesday", "“We are leaving. The bridge is gone,”", "crf")]
    (merged,) = merge_attributions(rules, model, text)
    # the rules' cue (the project's convention), the model's content
    assert roles(text, merged) == (["the mayor"], ["said"], ["“We are leaving. The bridge is gone,”"])


def test_a_content_that_swallows_a_chain_phrase_is_not_taken():
    text = "The council said in a statement carried by state television that its forces hit only fighters."
    rules = [att(text, "The council", "said", "its forces hit only fighters")]
    model = [att(text, "The council", "said in a statement",
                 "carried by state television that its forces hit only fighters", "crf")]
    (merged,) = merge_attributions(rules, model, text)
    assert roles(text, merged)[2] == ["its forces hit only fighters"]


def test_a_content_that_swallows_another_attribution_is_not_taken():
    text = "According to the UN, 1.2 million people fled, and the agency warned that famine may spread."
    rules = [att(text, "the UN", "According to", "1.2 million people fled"),
             att(text, "the agency", "warned", "famine may spread")]
    model = [att(text, "the UN", "According to",
                 "1.2 million people fled, and the agency warned that famine may spread", "crf")]
    merged = merge_attributions(rules, model, text)
    assert [roles(text, a)[2] for a in merged] == [["1.2 million people fled"], ["famine may spread"]]


def test_a_joined_subject_does_not_replace_the_rules_source():
    text = "The president met commanders and his office said the operation would continue."
    rules = [att(text, "his office", "said", "the operation would continue")]
    model = [att(text, "The president met commanders and his office", "said", "the operation would continue", "crf")]
    (merged,) = merge_attributions(rules, model, text)
    assert roles(text, merged)[0] == ["his office"]


def test_model_attributions_elsewhere_are_added_and_chain_cues_are_not():
    text = ("Reuters reported that the talks had collapsed, citing two officials. "
            "Ministers believe a deal is still possible.")
    rules = [att(text, "Reuters", "reported", "the talks had collapsed")]
    model = [att(text, "Reuters", "citing", "two officials", "crf"),   # a chain, part of the rules' claim
             att(text, "Ministers", "believe", "a deal is still possible", "crf")]
    merged = merge_attributions(rules, model, text)
    assert [roles(text, a)[1] for a in merged] == [["reported"], ["believe"]]


def test_the_model_supplies_a_source_the_rules_did_not_find():
    text = "The commander, speaking from Kramatorsk, was quoted as saying the line would hold."
    rules = [RawAttribution(cue=sp(text, "saying"), content=sp(text, "the line would hold"))]
    model = [att(text, "The commander", "saying", "the line would hold", "crf")]
    (merged,) = merge_attributions(rules, model, text)
    assert roles(text, merged) == (["The commander"], ["saying"], ["the line would hold"])


def test_a_shortened_content_does_not_free_a_chain_cue():
    text = "The Irrawaddy reported that a jet dropped two bombs on the village, citing two witnesses."
    rules = [att(text, "The Irrawaddy", "reported", "that a jet dropped two bombs on the village, citing two witnesses")]
    model = [att(text, "The Irrawaddy", "reported", "that a jet dropped two bombs on the village", "crf"),
             RawAttribution(cue=sp(text, "citing"), content=sp(text, "two witnesses"), origin="crf")]
    (merged,) = merge_attributions(rules, model, text)
    assert roles(text, merged) == (["The Irrawaddy"], ["reported"], ["that a jet dropped two bombs on the village"])


def test_a_model_source_that_runs_over_the_cue_is_not_taken():
    """The model may read a split quotation's last fragment as the source
    ("Full panic mode,” said Ruth Okoye, ..."); the rules' source stays."""
    text = "“The port is in panic mode. Full panic mode,” said Ruth Okoye, a dock workers' leader."
    rules = [att(text, "Ruth Okoye, a dock workers' leader", "said", "“The port is in panic mode. Full panic mode,”")]
    model = [att(text, "Full panic mode,” said Ruth Okoye, a dock workers' leader", "said",
                 "“The port is in panic mode. Full panic mode,”", "crf")]
    (merged,) = merge_attributions(rules, model, text)
    assert roles(text, merged)[0] == ["Ruth Okoye, a dock workers' leader"]
