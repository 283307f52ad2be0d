"""The self-contained HTML report: segments, escaping, CSP, and (in headless
Chromium) that the highlights render in distinct colours, the claims list
works and no script from the input runs."""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reportedly.model import Boilerplate, Document, Quantity, Record
from reportedly.render.html import render_html

_spec = importlib.util.spec_from_file_location("render_records", Path(__file__).parent / "data" / "render" / "records.py")
records = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(records)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
HIGHLIGHTS = ["c-content", "c-place", "c-date", "c-figure", "c-hedge", "c-source", "c-cue"]  # CSS precedence order


class ArticleSpans(HTMLParser):
    """Collects the highlighted segments inside <article id="article">, and
    the article's whole visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside the article when > 0
        self.segments: list[dict] = []
        self.current: dict | None = None
        self.text: list[str] = []
        self.tags_in_article: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article" and a.get("id") == "article":
            self.depth = 1
            return
        if self.depth:
            self.tags_in_article.append(tag)
            if tag == "article":
                self.depth += 1
            if tag == "span" and "data-o" in a:
                self.current = {"o": int(a["data-o"]), "classes": a["class"].split(), "claims": a.get("data-claims", ""),
                                "title": a.get("title", ""), "text": ""}

    def handle_endtag(self, tag):
        if self.depth and tag == "article":
            self.depth -= 1
        if tag == "span" and self.current is not None:
            self.segments.append(self.current)
            self.current = None

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)
            if self.current is not None:
                self.current["text"] += data


def parse(page: str) -> ArticleSpans:
    p = ArticleSpans()
    p.feed(page)
    return p


def squash(s: str) -> str:
    return " ".join(s.split())


@pytest.fixture(scope="module")
def sample():
    return records.sample_record()


@pytest.fixture(scope="module")
def hostile():
    return records.hostile_record()


def test_segments_are_the_original_text_at_their_offsets(sample, hostile):
    for rec in (sample, hostile):
        p = parse(render_html(rec))
        text = rec.document.text
        assert p.segments
        for seg in p.segments:
            assert text[seg["o"]:seg["o"] + len(seg["text"])] == seg["text"]
        # nothing of the article is lost or added (white space aside)
        assert squash("".join(p.text)) == squash(text)


def test_overlapping_spans_stack_their_classes(hostile):
    segs = parse(render_html(hostile)).segments
    by_text = {s["text"]: s for s in segs}
    # figure "The ministry ... <b>civilians", content "up to 30 ... died", hedge "civilians</b> may"
    assert {"c-source", "c-figure"} <= set(by_text["The ministry"]["classes"])
    assert {"c-content", "c-figure"} <= set(by_text["up to 30 <b>"]["classes"])
    assert {"c-content", "c-figure", "c-hedge"} <= set(by_text["civilians"]["classes"])
    assert "c-figure" not in by_text["</b> may"]["classes"]
    assert {"c-content", "c-hedge"} <= set(by_text["</b> may"]["classes"])
    assert "c-hedge" not in by_text[" have died"]["classes"]
    # segments point at claims through the page's own keys, never the raw ids
    assert all(re.fullmatch(r"(k\d+( k\d+)*)?", s["claims"]) for s in segs)
    assert by_text["civilians"]["claims"] == "k1"


def test_a_claims_date_belongs_to_the_claim(sample):
    segs = parse(render_html(sample)).segments
    assert next(s for s in segs if s["text"] == "late Monday")["claims"] == "k0"  # c1.time
    assert next(s for s in segs if s["text"] == "Sunday")["claims"] == ""


def test_sample_highlight_categories(sample):
    segs = parse(render_html(sample)).segments
    cls = {c for s in segs for c in s["classes"]}
    assert set(HIGHLIGHTS) | {"c-link", "c-flagged", "c-boilerplate"} <= cls
    url = [s for s in segs if "c-flagged" in s["classes"]]
    assert url and all("c-boilerplate" in s["classes"] for s in url)
    anon = next(s for s in segs if s["text"] == "An unidentified NATO official")
    assert "anonymous" in anon["title"] and anon["claims"] == "k1"


def test_input_markup_is_escaped(hostile):
    page = render_html(hostile)
    assert page.count("<script") == 1  # ours, at the end
    assert "<img" not in page and "<b>Officials" not in page and "<b>civilians" not in page and "<i>Evil" not in page
    assert 'onclick="window' not in page and "onerror=\"window" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert "<title>&lt;/title&gt;&lt;script&gt;" in page
    assert set(parse(page).tags_in_article) == {"p", "span"}


def test_self_contained_with_a_strict_csp(sample):
    page = render_html(sample)
    assert not re.search(r"<(link|iframe|object|embed|img|base)\b", page)
    assert not re.search(r"\s(src|href)=", page)
    assert "@import" not in page and "url(" not in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    for tag, directive in (("style", "style-src"), ("script", "script-src")):
        body = re.search(rf"<{tag}>(.*?)</{tag}>", page, flags=re.S).group(1)
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp


def test_bad_offsets_are_dropped_not_fatal():
    text = "Officials said 12 people died.\n\nMore text."
    rec = Record(document=Document(id="1" * 16, text=text),
                 quantities=[Quantity("q1", "12 people", 15, 24, "count", value=12),
                             Quantity("q2", "ghost", 40, 400, "count"), Quantity("q3", "neg", -3, 2, "count")],
                 boilerplate=[Boilerplate(32, 42, "other")])
    page = render_html(rec)
    segs = parse(page).segments
    assert [s["text"] for s in segs if "c-figure" in s["classes"]] == ["12 people"]
    assert "2 span(s) with offsets outside the text not shown" in page
    assert html.unescape(page).count("<p>") == 2


def test_renders_a_real_pipeline_record(analyze):
    rec = analyze("Officials said on Monday that at least 12 people were killed in shelling of Kharkiv, "
                  "Reuters reported.\n\nThe army denied it.")
    page = render_html(rec)
    assert squash("".join(parse(page).text)) == squash(rec.document.text)


# -- in a real browser ---------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_report(browser, record, path: Path, width=1280):
    path.write_text(render_html(record), encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": 900})
    events = {"dialogs": [], "requests": [], "errors": []}
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.on("request", lambda r: events["requests"].append(r.url))
    page.on("pageerror", lambda e: events["errors"].append(str(e)))
    page.goto(path.as_uri())
    return page, events


# the top highlight class of each segment decides its background
TOP_COLOURS_JS = """(order) => {
  const out = {};
  for (const el of document.querySelectorAll('#article .hl')) {
    const mine = order.filter(c => el.classList.contains(c));
    if (!mine.length || el.classList.contains('c-boilerplate') || el.classList.contains('c-link')) continue;
    const top = mine[mine.length - 1];
    if (!(top in out)) out[top] = getComputedStyle(el).backgroundColor;
  }
  return out;
}"""


@pytest.mark.browser
def test_highlights_render_in_distinct_colours(browser, sample, tmp_path):
    page, events = open_report(browser, sample, tmp_path / "report.html")
    colours = page.evaluate(TOP_COLOURS_JS, HIGHLIGHTS)
    assert set(colours) == set(HIGHLIGHTS)
    assert all(v not in ("rgba(0, 0, 0, 0)", "transparent") for v in colours.values()), colours
    assert len(set(colours.values())) == len(HIGHLIGHTS), colours
    struck = page.eval_on_selector("#article .c-boilerplate", "el => getComputedStyle(el).textDecorationLine")
    assert "line-through" in struck
    legend = page.eval_on_selector_all(".legend .hl", "els => els.map(e => e.textContent)")
    assert "source" in legend and "hedge" in legend
    # only the page itself was loaded
    assert all(u.startswith("file://") for u in events["requests"]), events["requests"]
    assert not events["errors"]
    page.close()


@pytest.mark.browser
def test_claims_side_list_selects_in_the_text(browser, sample, tmp_path):
    page, events = open_report(browser, sample, tmp_path / "report.html", width=1000)
    page.set_viewport_size({"width": 1000, "height": 300})  # the text must scroll to the claim
    page.click('li.claim[data-claim="k3"]')
    assert page.get_attribute('li.claim[data-claim="k3"]', "class").split() == ["claim", "selected"]
    lit = page.eval_on_selector_all("#article .hl.on", "els => els.map(e => e.textContent)")
    assert lit[:3] == ["analysts", "said", "its forces "]
    assert "may" in lit
    expected = page.eval_on_selector_all('#article [data-claims~="k3"]', "els => els.length")
    assert len(lit) == expected
    in_view = page.eval_on_selector("#article .hl.on", "el => { const r = el.getBoundingClientRect();"
                                    " return r.top >= 0 && r.bottom <= window.innerHeight; }")
    assert in_view
    # selecting another claim clears the first; clicking in the text selects in the list
    page.keyboard.press("Tab")
    page.click('#article [data-claims~="k1"] >> nth=0')
    assert "selected" in page.get_attribute('li.claim[data-claim="k1"]', "class")
    assert "selected" not in page.get_attribute('li.claim[data-claim="k3"]', "class")
    assert page.eval_on_selector_all('#article [data-claims~="k3"].on', "els => els.length") == 0
    assert not events["errors"]
    page.close()


@pytest.mark.browser
def test_no_script_from_the_input_runs(browser, hostile, tmp_path):
    page, events = open_report(browser, hostile, tmp_path / "hostile.html")
    page.click('li.claim[data-claim="k0"]')  # what the bad claim id would have hooked
    page.click('#article [data-claims~="k0"] >> nth=0')
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert events["dialogs"] == []
    assert page.evaluate("document.querySelectorAll('#article script, #article img, #article b').length") == 0
    seen = page.inner_text("#article")
    assert "<script>window.__pwned=1</script>" in seen
    assert '<img src=x onerror="window.__pwned=2;alert(1)">' in seen
    assert page.title().startswith("</title><script>window.__pwned=4</script>")
    assert "selected" in page.get_attribute('li.claim[data-claim="k0"]', "class")  # our own script does run
    page.close()


@pytest.mark.browser
def test_the_example_article_end_to_end(browser, analyze, tmp_path):
    example = Path(__file__).resolve().parents[2] / "shared" / "examples" / "bakhmut-moscowtimes.txt"
    if not example.exists():
        pytest.skip("../shared is absent")
    rec = analyze(example.read_text(encoding="utf-8"))
    page, events = open_report(browser, rec, tmp_path / "example.html")
    assert page.eval_on_selector_all("li.claim", "els => els.length") == len(rec.claims)
    for i in range(len(rec.claims)):
        page.click(f'li.claim[data-claim="k{i}"]')
        assert page.eval_on_selector_all("#article .hl.on", "els => els.length") > 0
    flagged = page.inner_text("section.flags")
    for link in rec.links:
        assert (link.url in flagged.replace("\n", "")) == bool(link.flags)
    assert not events["errors"] and not events["dialogs"]
    page.close()


@pytest.mark.browser
def test_screenshot(browser, sample, tmp_path):
    page, _ = open_report(browser, sample, tmp_path / "report.html")
    page.click('li.claim[data-claim="k1"]')
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    narrow = tmp_path / "report-narrow.png"
    page.set_viewport_size({"width": 400, "height": 800})
    page.screenshot(path=str(narrow))
    # at 400px the layout is one column: nothing scrolls sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    page.close()
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    print(f"screenshots: {shot} {narrow}")
