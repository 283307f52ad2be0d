"""Attributions marked by layout rather than by a reporting verb, which the
CRF rarely finds because they are rare in training and carry no cue word:

- a headline "Source: claim" on the article's first line ("Graham: Trump's
  rhetoric is destroying the party");
- speaker labels in a transcript ("PENCE: Well, look, ...") at the start of
  a paragraph;
- a quotation signed with a dash (“... we don't matter.” ― Krystal Correa).

The cue is the colon or the dash; spans follow PolNeAR's conventions (the
content of a headline without its final full stop; a speaker's turn over
all its paragraphs; a signed quotation with its quote marks).
"""

from __future__ import annotations

import re

from ..extract.attribution import RawAttribution

_HEADLINE = re.compile(r"\A[ \t]*([^\n:]{2,60}?)[ \t]*(:)[ \t]+([^\n]*\S)")
_SPEAKER = re.compile(r"(?m)^[ \t]*[\"“]?([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2})(:)[ \t]+([^\n]*\S)")
_SIGNED = re.compile(r"([”\"])[ \t\u00a0]*([―—–]|--)[ \t\u00a0]*"
                     r"([A-Z][\w.'’-]*(?:[ \u00a0][A-Z][\w.'’-]*){0,3})")
_LINE_START_QUOTE = re.compile(r"[ \t\u00a0]*(”)")
# headline labels that name a format or a mood, not a speaker
_NOT_SPEAKERS = {
    "breaking", "breaking news", "exclusive", "the latest", "latest", "update", "live", "watch", "video", "audio",
    "photos", "analysis", "opinion", "editorial", "wow", "look", "revealed", "bombshell", "boom", "busted",
    "just leaked", "byline", "paid notice", "fix is in", "read", "transcript", "note", "q", "a", "correction",
    "first on cnn", "fact check", "morning email", "explainer",
}


def _speaker_like(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 4 or name.lower() in _NOT_SPEAKERS or name.startswith(("The ", "'", "‘", '"', "“")):
        return False
    return any(w[:1].isupper() for w in words)


def _content(text: str, s: int, e: int) -> tuple[int, int]:
    while e > s and text[e - 1] in " \t\u00a0":
        e -= 1
    if e > s and text[e - 1] == ".":
        e -= 1
    return s, e


_NEXT_PARAGRAPH = re.compile(r"\n[ \t]*\n?[ \t]*[\"“]([^\n]*\S)")


def _continued(text: str, pos: int) -> list[tuple[int, int]]:
    """The paragraphs after a speaker's first one that go on with their turn: in a
    transcript each opens with a quote mark, up to the next speaker label."""
    spans = []
    while (m := _NEXT_PARAGRAPH.match(text, pos)) is not None:
        body = m.group(1)
        if _SPEAKER.match(text, m.start(1) - 1) or body.startswith("("):  # the next speaker, or "(CROSSTALK.)"
            break
        spans.append(m.span(1))
        pos = m.end()
    return spans


def layout_attributions(text: str) -> list[RawAttribution]:
    """Attributions marked by layout in ``text`` (a Doc's text: offsets are the Doc's)."""
    out: list[RawAttribution] = []
    m = _HEADLINE.match(text)
    if m and _speaker_like(m.group(1)):
        out.append(RawAttribution(source=[m.span(1)], cue=[m.span(2)], content=[_content(text, *m.span(3))],
                                  origin="layout:headline"))
    for m in _SPEAKER.finditer(text):
        if m.start() == 0 and out:
            continue  # the headline again
        if _speaker_like(m.group(1)):
            out.append(RawAttribution(source=[m.span(1)], cue=[m.span(2)],
                                      content=[m.span(3), *_continued(text, m.end())], origin="layout:speaker"))
    for m in _SIGNED.finditer(text):
        close = m.start(1)
        line_start = text.rfind("\n", 0, close) + 1
        opening = max(text.rfind("“", line_start, close), text.rfind('"', line_start, close))
        if opening < 0:  # a paragraph that opens with a right quote mark (”Mr. Trump ...” ― Name)
            first = _LINE_START_QUOTE.match(text, line_start)
            opening = first.start(1) if first else -1
        if opening < 0 or close - opening < 3:
            continue
        s, e = m.span(3)
        if text[e - 1] == "." and e - s > 3 and text[e - 3] not in " .":  # "Carla Sanchez." (not "Jr." / "J.")
            e -= 1
        out.append(RawAttribution(source=[(s, e)], cue=[m.span(2)], content=[(opening, close + 1)],
                                  origin="layout:signed"))
    return out
