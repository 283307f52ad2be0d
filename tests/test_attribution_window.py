"""The second stage's window (attribution/percue.py ``window``): a long
paragraph is cut to the cue's sentence and two sentences either side, and,
with ``quotes``, grown by whole sentences so that a quotation it would cut
is finished."""

from __future__ import annotations

from reportedly.attribution.features import open_after, paragraphs
from reportedly.attribution.percue import MAX_PAR, QUOTE_SENTS, window

FILLER = "The committee met in the old hall on a wet Tuesday morning in March."
QUOTED = [
    "Prices rose again in the spring.",
    "Wages did not follow them.",
    "Families cut back on food.",
    "Schools lost their best teachers.",
    "Nobody in the capital seemed to notice.",
]


def _par(nlp, text):
    pars = paragraphs(nlp(text))
    assert len(pars) == 1 and len(pars[0]) > MAX_PAR
    return pars[0]


def _cue(par, word):
    return [t for t in par if t.text == word][:1]


def test_a_quotation_after_the_cue_is_not_cut(nlp):
    text = " ".join([FILLER] * 6 + ['"This is the worst year we have known," she said.',
                                   "“" + " ".join(QUOTED) + "”", FILLER, FILLER])
    par = _par(nlp, text)
    cue = _cue(par, "said")
    plain = " ".join(t.text for t in window(par, cue))
    grown = " ".join(t.text for t in window(par, cue, quotes=True))
    assert "Wages" in plain and "Families" not in plain  # two sentences after the cue's: cut mid-quotation
    assert grown.endswith("Nobody in the capital seemed to notice . ”")  # and no sentence past the closing mark


def test_a_quotation_before_the_cue_is_not_cut(nlp):
    text = " ".join([FILLER] * 3 + ["“" + " ".join(QUOTED) + " We are tired,” the mayor said.",
                                   FILLER, FILLER, FILLER, FILLER, FILLER])
    par = _par(nlp, text)
    cue = _cue(par, "said")
    plain = " ".join(t.text for t in window(par, cue))
    grown = " ".join(t.text for t in window(par, cue, quotes=True))
    assert "Prices" not in plain
    assert grown.startswith("“ Prices rose again")


def test_a_closed_quotation_leaves_the_window_alone(nlp):
    text = " ".join([FILLER] * 6 + ['“We will vote,” she said.'] + [FILLER] * 6)
    par = _par(nlp, text)
    cue = _cue(par, "said")
    assert window(par, cue, quotes=True) == window(par, cue)


def test_growth_is_bounded(nlp):
    many = " ".join(f"Point {k} is that the plan fails." for k in range(QUOTE_SENTS + 8))
    text = " ".join([FILLER] * 3 + ["She said: “" + many + "”"])
    par = _par(nlp, text)
    cue = _cue(par, "said")
    grown = window(par, cue, quotes=True)
    assert len(grown) < len(par)
    assert len(window(par, cue)) < len(grown)


def test_open_after_alternates_straight_quotes(nlp):
    par = paragraphs(nlp('He said "yes" and “no” today.'))[0]
    flags = dict(zip([t.text for t in par], open_after(par), strict=False))
    assert flags["yes"] and flags["no"] and not flags["today"]


def test_the_shipped_models_grow_their_windows():
    from reportedly.attribution import load_finder

    for name in ("fast", "accurate"):
        finder = load_finder(name)
        if finder is not None:
            assert finder.quote_window, name


def test_train_without_quote_window_writes_no_setting(tmp_path):
    import json
    import shutil
    from pathlib import Path

    from typer.testing import CliRunner

    from reportedly.cli import app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for suffix in (".txt", ".ann"):
        shutil.copy(Path(__file__).parent / "data" / "attribution" / f"tricky{suffix}", corpus / f"d1{suffix}")
    for flag, want in (("--no-quote-window", False), ("--quote-window", True)):
        out = tmp_path / flag
        res = CliRunner().invoke(app, ["train", "attribution", str(corpus), "--out", str(out), "--name", "t",
                                       "--max-iter", "3", "--cue-iter", "3", flag])
        assert res.exit_code == 0, res.output
        conf = out / "t.conf.json"
        assert (json.loads(conf.read_text()).get("quote_window", False) if conf.exists() else False) is want
