"""The shipped attribution model on sentences of each construction, and the
eval command end to end on a small directory."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from reportedly.attribution import load_finder
from reportedly.pipeline import make_parse_text

finder = load_finder("default")
pytestmark = pytest.mark.skipif(finder is None, reason="no shipped attribution model")

# (text, source or None, cue, a phrase the content must cover)
CASES = [
    ("“We will not back down,” he said.", "he", "said", "We will not back down"),
    ("“The plan is dead,” said John Smith, the mayor of the city.", "John Smith", "said", "The plan is dead"),
    ("The economy grew by 3 percent last year, according to the Commerce Department.",
     "the Commerce Department", "according to", "The economy grew by 3 percent"),
    ("The senator told reporters that the bill would pass next week.", "The senator", "told", "the bill would pass"),
    ("Reuters reported that the talks had collapsed, citing two officials.", "Reuters", "reported",
     "the talks had collapsed"),
    ("In a statement, the ministry said the strike had killed 12 people.", "the ministry", "said",
     "the strike had killed 12 people"),
    ("Smith said Jones told him that the deal was off.", "Smith", "said", "the deal was off"),
    ("It was reported that the president had left the country.", None, "reported",
     "the president had left the country"),
]


def _overlaps(spans, start, end):
    return any(s < end and start < e for s, e in spans)


def _covers(spans, start, end):
    return sum(max(0, min(e, end) - max(s, start)) for s, e in spans) >= 0.8 * (end - start)


@pytest.mark.parametrize(("text", "source", "cue", "content"), CASES, ids=[c[2] + ":" + c[0][:20] for c in CASES])
def test_construction(nlp, text, source, cue, content):
    sdoc = nlp(make_parse_text(text, []))
    atts = finder(sdoc)
    c0 = text.index(cue)
    t0 = text.index(content)
    hits = [a for a in atts if _overlaps(a.cue, c0, c0 + len(cue)) and _covers(a.content, t0, t0 + len(content))]
    assert hits, [(a.source, a.cue, a.content) for a in atts]
    a = hits[0]
    if source is not None:
        s0 = text.index(source)
        assert _overlaps(a.source, s0, s0 + len(source))
    for s, e in a.source + a.cue + a.content:
        assert 0 <= s < e <= len(text)


def test_no_attribution_in_plain_narrative(nlp):
    text = "The bridge over the river was built in 1902. It is painted green."
    assert finder(nlp(make_parse_text(text, []))) == []


def test_eval_command_without_ann(tmp_path):
    from reportedly.cli import app

    (tmp_path / "a.txt").write_text("“We will win,” she said.\r\n\r\nThe vote is on Monday.", encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    res = CliRunner().invoke(app, ["eval", "polnear", str(tmp_path), "--predictions", str(out)])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.output.strip().splitlines()[-1])
    assert summary["docs"] == 1 and summary["scores"] is None
    [line] = out.read_text(encoding="utf-8").splitlines()
    rec = json.loads(line)
    assert rec["doc"] == "a"
    text = (tmp_path / "a.txt").read_bytes().decode("utf-8")
    [att] = [a for a in rec["attributions"] if a["cue"]]
    assert [text[s:e] for s, e in att["cue"]] == ["said"]
    assert [text[s:e] for s, e in att["source"]] == ["she"]


def test_eval_command_scores_and_errors(tmp_path):
    from reportedly.cli import app

    text = "“We will win,” she said."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a.ann").write_text(
        "T1\tContent 1 12\tWe will win\nT2\tSource 15 18\tshe\nT3\tCue 19 23\tsaid\n"
        "E1\tAttribution:T3 Source:T2 Cue:T3 Content:T1\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", "polnear", str(tmp_path), "--json"])
    assert res.exit_code == 0, res.output
    scores = json.loads(res.output.strip().splitlines()[-1])["scores"]
    assert scores["exact"]["cue"]["f1"] == 100.0 and scores["attribution"]["tp"] == 1
    bad = CliRunner().invoke(app, ["eval", "polnear", str(tmp_path / "nope")])
    assert bad.exit_code == 3
    bad = CliRunner().invoke(app, ["eval", "polnear", str(tmp_path), "--model", "nonsense"])
    assert bad.exit_code == 2


def test_drop_nested_keeps_outer_attribution():
    from reportedly.attribution.crf import drop_nested
    from reportedly.extract.attribution import RawAttribution

    # "Smith said Jones told him that the deal was off."
    outer = RawAttribution(source=[(0, 5)], cue=[(6, 10)], content=[(11, 48)])
    inner = RawAttribution(source=[(11, 16)], cue=[(17, 21)], content=[(26, 48)])
    assert drop_nested([outer, inner]) == [outer]
    # two side-by-side attributions both stay
    other = RawAttribution(source=[(50, 53)], cue=[(54, 58)], content=[(59, 70)])
    assert drop_nested([outer, other]) == [outer, other]


@pytest.mark.parametrize("text,cue,source", [
    ("Trump attacked the ruling on Monday, saying it was unfair.", "saying", "Trump"),
    ("Citing new polls, the senator accused his rival of lying.", "Citing", "the senator"),
    ("Officials met on Monday and pledged to rebuild the bridge.", "pledged", "Officials"),
    ("Mayor Smith, who leads the council, criticised the plan, calling it reckless.", "calling", "Mayor Smith"),
    ("A group of doctors wrote a letter calling for an inquiry.", "calling", "a letter"),  # modifies a noun
    ("After saying the talks were over, he left the room.", "saying", None),  # object of a preposition
])
def test_participle_and_conjunct_cues_take_the_clause_subject(nlp, text, cue, source):
    from reportedly.attribution.crf import participle_sources
    from reportedly.extract.attribution import RawAttribution

    sdoc = nlp(make_parse_text(text, []))
    s = text.index(cue)
    att = RawAttribution(source=[], cue=[(s, s + len(cue))], content=[], score=1.0, origin="test")
    participle_sources([att], [sdoc.char_span(s, s + len(cue))[0]])
    assert [text[a:b] for a, b in att.source] == ([source] if source else [])


def test_participle_sources_keep_a_source_already_found(nlp):
    from reportedly.attribution.crf import participle_sources
    from reportedly.extract.attribution import RawAttribution

    text = "Trump attacked the ruling, saying it was unfair."
    sdoc = nlp(make_parse_text(text, []))
    s = text.index("saying")
    att = RawAttribution(source=[(0, 5)], cue=[(s, s + 6)], content=[], score=1.0, origin="test")
    participle_sources([att], [sdoc.char_span(s, s + 6)[0]])
    assert att.source == [(0, 5)]


def test_a_cue_left_without_content_is_dropped(nlp):
    """PolNeAR attributions always have a content: with ``need_content`` (the
    accurate model's setting) the CRF finder drops a cue whose second stage
    found none (here a stand-in second stage finds nothing). The fast model
    keeps such cues: its second stage leaves more contents empty, and
    dropping them cost 1.0 cue F1 on dev."""
    from reportedly.attribution.crf import CRFFinder

    crf = load_finder("fast")
    assert isinstance(crf, CRFFinder) and not crf.need_content
    crf.need_content = True
    sdoc = nlp(make_parse_text("Officials told reporters the plan was dead.", []))
    assert any(a.content for a in crf(sdoc))

    class _Nothing:
        def tag(self, feats):
            return ["O"] * len(feats)

    real = crf.cue_tagger
    try:
        crf.cue_tagger = _Nothing()
        assert crf(sdoc) == []
        crf.need_content = False
        kept = crf(sdoc)
        assert kept and all(not a.content and not a.source for a in kept)
    finally:
        crf.cue_tagger, crf.need_content = real, False


# the rule finder (the rules half of the default hybrid): reporting clauses set off by commas or a colon
RULE_CASES = [
    ("The strike will go on until the pay is settled, he said.", "he",
     ["The strike will go on until the pay is settled"]),
    ("The mine will reopen in May, she said, and the workers will be paid in full.", "she",
     ["The mine will reopen in May", "and the workers will be paid in full"]),
    ("People like Omar Aziz, he said, never gave up.", "he", ["People like Omar Aziz", "never gave up"]),
    ("The minister said:\n\nThe reforms will start in spring and end by the autumn.", "The minister",
     ["The reforms will start in spring and end by the autumn."]),
    # a quotation of two sentences before "said X": the parser splits it, the content is all of it
    ("“The port is in panic mode. Full panic mode,” said Ruth Okoye, a dock workers' leader.",
     "Ruth Okoye, a dock workers' leader", ["“The port is in panic mode. Full panic mode,”"]),
]


@pytest.mark.parametrize(("text", "source", "content"), RULE_CASES, ids=[c[0][:30] for c in RULE_CASES])
def test_rules_reporting_clause_apart_from_what_was_said(nlp, text, source, content):
    from reportedly.extract.attribution import get_finder

    atts = get_finder("rules")(nlp(make_parse_text(text, [])))
    assert [([text[a:b] for a, b in x.source], [text[a:b] for a, b in x.content]) for x in atts] == [([source], content)]


@pytest.mark.parametrize("text", ["In a statement on Monday, he said.", "Asked about the deal, he said."])
def test_rules_a_circumstance_before_he_said_is_not_content(nlp, text):
    from reportedly.extract.attribution import get_finder

    assert get_finder("rules")(nlp(make_parse_text(text, []))) == []
