"""Cue verification (attribution/verify.py): candidates from the stage-one
CRF's marginals, the cue network's score for a proposal, the keep rule, and
the negative examples the cue network learns from."""

from __future__ import annotations

from reportedly.attribution.brat import GoldAttribution
from reportedly.attribution.structure import Chunk
from reportedly.attribution.verify import (
    VerifyConfig,
    cue_score,
    keep,
    marginal_runs,
    overlaps_gold,
    proposals,
    stage_one_score,
)
from reportedly.pipeline import make_parse_text


class _Tagger:
    """A stand-in for a pycrfsuite tagger that has just tagged a sequence."""

    def __init__(self, b: list[float], i: list[float], labels=("O", "B-C", "I-C")):
        self.b, self.i, self._labels = b, i, labels

    def labels(self):
        return list(self._labels)

    def marginal(self, label: str, k: int) -> float:
        return {"B-C": self.b, "I-C": self.i}[label][k]


def test_marginal_runs_split_where_a_new_cue_starts():
    tagger = _Tagger(b=[0.01, 0.30, 0.05, 0.50, 0.02, 0.04], i=[0.0, 0.01, 0.20, 0.10, 0.04, 0.07])
    # token 3 is more likely B-C than I-C: a new run; token 4 (0.06) is below 0.1; token 5 (0.11) alone
    assert marginal_runs(tagger, 6, 0.1) == [[1, 2], [3], [5]]
    assert marginal_runs(tagger, 6, 0.5) == [[3]]


def test_marginal_runs_of_a_model_without_cue_labels():
    assert marginal_runs(_Tagger([0.9], [0.9], labels=("O", "B-S")), 1, 0.1) == []


def test_proposals_keep_viterbi_cues_and_add_candidates_that_overlap_none(nlp):
    doc = nlp(make_parse_text("Officials said the town fell, and analysts believe it will hold.", []))
    par = [t for t in doc if not t.is_space]
    words = [t.text for t in par]
    labels = ["O"] * len(par)
    labels[words.index("said")] = "B-C"
    b = [0.0] * len(par)
    b[words.index("said")] = 0.9
    b[words.index("fell")] = 0.15  # touches nothing found: a candidate
    b[words.index("believe")] = 0.4
    i = [0.0] * len(par)
    i[words.index("the")] = 0.2  # would extend "said": overlaps the Viterbi cue, dropped
    out = proposals(par, labels, _Tagger(b, i), 0.1)
    assert [([t.text for t in c.toks], by_viterbi) for c, by_viterbi in out] == [
        (["said"], True), (["fell"], False), (["believe"], False)]
    assert [([t.text for t in c.toks], v) for c, v in proposals(par, labels, _Tagger(b, i), None)] == [
        (["said"], True)]
    assert [t.text for c, _ in proposals(par, labels, _Tagger(b, i), 0.3) for t in c.toks] == ["said", "believe"]


def test_cue_score_is_the_mean_cue_probability_over_the_cue_words(nlp):
    doc = nlp("They told reporters it was over.")
    window = list(doc)
    c = 5  # column of C
    cp = [[1.0, 0, 0, 0, 0, 0] for _ in window]
    cp[1] = [0.2, 0, 0, 0, 0, 0.8]
    cp[2] = [0.6, 0, 0, 0, 0, 0.4]
    assert abs(cue_score(cp, window, [doc[1], doc[2]], c) - 0.6) < 1e-9
    assert cue_score(cp, window, [doc[0]], c) == 0.0


def test_keep_uses_one_threshold_for_viterbi_cues_and_another_for_candidates():
    conf = VerifyConfig(candidates=0.1, keep_found=0.2, keep_new=0.7)
    assert keep(0.3, True, conf) and not keep(0.3, False, conf)
    assert keep(0.7, False, conf) and not keep(0.1, True, conf)
    assert VerifyConfig.from_json(conf.to_json()) == conf
    assert VerifyConfig.from_json(None) is None


def test_overlaps_gold_on_character_spans(nlp):
    doc = nlp("He said it again, she claimed.")
    gold = [GoldAttribution(source=[(0, 2)], cue=[(3, 7)], content=[(8, 16)])]
    assert overlaps_gold(Chunk("C", [doc[1]]), gold)  # "said"
    assert not overlaps_gold(Chunk("C", [doc[6]]), gold)  # "claimed"


def test_stage_one_score_averages_the_crf_marginal_and_the_network_probability(nlp):
    doc = nlp("Officials told reporters it was over.")
    par = list(doc)
    tagger = _Tagger(b=[0.0, 0.7, 0.1, 0, 0, 0, 0, 0], i=[0.0, 0.1, 0.5, 0, 0, 0, 0, 0])
    probs = [[1.0, 0, 0, 0, 0, 0, 0] for _ in doc]  # O, B-S, I-S, B-C, I-C, B-T, I-T
    probs[1] = [0.2, 0, 0, 0.6, 0.2, 0, 0]
    probs[2] = [0.7, 0, 0, 0.1, 0.2, 0, 0]
    # "told": marginal 0.8, network 0.8; "told reporters": marginal (0.8 + 0.6) / 2, network (0.8 + 0.3) / 2
    assert abs(stage_one_score(tagger, par, [1], probs) - 0.8) < 1e-9
    assert abs(stage_one_score(tagger, par, [1, 2], probs) - (0.7 + 0.55) / 2) < 1e-9


def test_stage_one_config_proposes_only_runs_that_can_reach_the_threshold():
    conf = VerifyConfig.stage_one(0.6)
    assert (conf.by, conf.keep_found, conf.keep_new) == ("stage-one", 0.6, 0.6)
    assert conf.candidates == 0.2  # (0.2 + 1.0) / 2 = 0.6: a weaker marginal cannot reach 0.6
    assert VerifyConfig.stage_one(0.3).candidates == 0.01
    assert VerifyConfig.from_json(conf.to_json()) == conf
    # conf files written before session 14 have no "by": the cue network judges
    assert VerifyConfig.from_json({"candidates": 0.1, "keep_found": 0.0, "keep_new": 0.5}).by == "cuenet"
