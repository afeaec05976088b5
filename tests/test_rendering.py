"""Tests for annotations.rendering (pure Python, no Django).

Run: .venv/bin/python -m pytest tests/test_rendering.py
 or, without Django at all (tests/conftest.py imports Django models):
     .venv/bin/python -m pytest -p no:django --noconftest tests/test_rendering.py

The HTML is parsed back with html.parser, and every mark piece is mapped to
code point offsets (paragraph data-start plus the text before it). The
checks compare that against a brute-force model of the expected output, so
they don't rely on the renderer's own sweep.
"""

import random
import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.rendering import Span, paragraphs, render_article, render_paragraphs, touched

# --- parsing the output back ----------------------------------------------------------


class Rendered(HTMLParser):
    """Parse render_article output into paragraphs and positioned mark pieces."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.paras = []  # (data-start, text content)
        self.pieces = []  # dicts in document (opening) order
        self._open = []  # pieces currently open
        self._pos = None  # code point offset in body, None outside a <p>
        self.feed(html)
        self.close()
        assert self._pos is None and not self._open, "unclosed elements"

    def handle_starttag(self, tag, attrs):
        names = [name for name, _ in attrs]
        attrs = dict(attrs)
        if tag == "p":
            assert self._pos is None, "nested <p>"
            assert names == ["class", "id", "data-start", "dir"] and attrs["class"] == "para" and attrs["dir"] == "auto"
            assert attrs["id"] == f"para-{attrs['data-start']}"
            self._start = self._pos = int(attrs["data-start"])
            self._text = []
        elif tag == "mark":
            assert self._pos is not None, "<mark> outside a paragraph"
            assert names == ["class", "data-claim", "data-depth"], names
            piece = {
                "claim": int(attrs["data-claim"]),
                "classes": attrs["class"].split(" "),
                "depth": int(attrs["data-depth"]),
                "start": self._pos,
                "end": None,
                "parent": self._open[-1]["claim"] if self._open else None,
                "nesting": len(self._open) + 1,
            }
            self._open.append(piece)
            self.pieces.append(piece)
        else:
            raise AssertionError(f"unexpected element <{tag}>")

    def handle_endtag(self, tag):
        if tag == "mark":
            self._open.pop()["end"] = self._pos
        else:
            assert tag == "p" and not self._open, "a mark crosses a paragraph end"
            self.paras.append((self._start, "".join(self._text)))
            self._pos = None

    def handle_data(self, data):
        assert self._pos is not None, f"text outside a paragraph: {data!r}"
        self._text.append(data)
        self._pos += len(data)  # len() counts code points, like the offsets

    def handle_startendtag(self, tag, attrs):
        raise AssertionError(f"unexpected <{tag}/>")


def covered(pieces, claim_id):
    """Set of code point offsets covered by the pieces of one claim."""
    return {i for p in pieces if p["claim"] == claim_id for i in range(p["start"], p["end"])}


# --- a brute-force model of what the output should be ---------------------------------


def valid(body, spans):
    return [s for s in spans if 0 <= s.start < s.end <= len(body)]


def key(s):
    return (s.start, -s.end, s.id)


def expected_pieces(body, spans):
    """claim id -> list of (start, end) pieces, computed the slow, obvious way.

    A claim is shown on the characters it covers that are inside a paragraph.
    It is cut wherever a paragraph ends, and wherever a claim that nests
    outside it (smaller key, so already open when it starts) ends inside it.
    """
    inside = set()
    for a, b in paragraphs(body):
        inside.update(range(a, b))
    claims = valid(body, spans)
    result = {}
    for c in claims:
        cuts = {d.end for d in claims if key(d) < key(c) and c.start < d.end < c.end}
        pieces, current = [], None
        for i in range(c.start, c.end):
            if i not in inside or i in cuts:
                if current:
                    pieces.append(tuple(current))
                current = None
            if i in inside:
                if current is None:
                    current = [i, i]
                current[1] = i + 1
        if current:
            pieces.append(tuple(current))
        result[c.id] = pieces
    return result


def check(body, spans):
    """Render and check every documented property; return the parsed output."""
    html = render_article(body, spans)
    out = Rendered(html)

    # Paragraphs: data-start is the code point offset and the text is the slice.
    assert out.paras == [(a, body[a:b]) for a, b in paragraphs(body)]

    claims = {s.id: s for s in valid(body, spans)}
    want = expected_pieces(body, spans)
    got = {}
    for p in out.pieces:
        got.setdefault(p["claim"], []).append((p["start"], p["end"]))
    # Key property: each claim's pieces cover exactly its visible characters,
    # cut only where they have to be.
    assert {k: sorted(v) for k, v in got.items()} == {k: v for k, v in want.items() if v}
    for cid, c in claims.items():
        visible = {i for a, b in paragraphs(body) for i in range(max(a, c.start), min(b, c.end))}
        assert covered(out.pieces, cid) == visible

    seen = set()
    for p in out.pieces:
        c = claims[p["claim"]]
        assert p["end"] > p["start"], "empty mark"
        assert p["depth"] == p["nesting"], "data-depth is not the nesting depth"
        # Depth from the model: 1 + claims nesting outside this one that are
        # still open where this piece starts.
        outer = [d for d in claims.values() if key(d) < key(c) and d.start <= p["start"] < d.end]
        assert p["depth"] == 1 + len(outer)
        if p["parent"] is not None:
            assert key(claims[p["parent"]]) < key(c), "marks nest in the wrong order"
        extra = c.classes.split()
        cont = ["hl-cont"] if c.id in seen else []
        assert p["classes"] == ["hl", *extra, *cont]
        seen.add(c.id)
    return out


# --- paragraphs -----------------------------------------------------------------------


def test_paragraphs_split_on_blank_lines_only():
    assert paragraphs("") == []
    assert paragraphs("one") == [(0, 3)]
    assert paragraphs("ab\n\ncd") == [(0, 2), (4, 6)]
    # A lone newline is text; a run of blank lines is one separator.
    assert paragraphs("a\nb\n\n\n\ncd") == [(0, 3), (7, 9)]
    # Leading / trailing separators give no empty paragraphs.
    assert paragraphs("\n\nab\n\n") == [(2, 4)]
    assert paragraphs("\n\n\n\n") == []


def test_data_start_counts_code_points_after_emoji_and_persian():
    woman, zwj = "\U0001f469", "\u200d"
    body = f"😀😀 first\n\nسلام دنیا 😀\n\nlast {woman}{zwj}{woman} end"
    out = check(body, [Span(1, 15, 19), Span(2, 23, 31)])
    # Counted by hand: "😀😀 first" is 8 code points, "سلام دنیا 😀" is 11.
    assert [start for start, _ in out.paras] == [0, 10, 23]
    assert out.paras[1][1] == "سلام دنیا 😀"
    html = render_article(body, [Span(1, 15, 19)])
    assert '<mark class="hl" data-claim="1" data-depth="1">دنیا</mark>' in html
    # The ZWJ sequence counts 3 code points (UTF-16 would say 5).
    assert (out.pieces[1]["start"], out.pieces[1]["end"]) == (23, 31)
    assert body[23:31] == f"last {woman}{zwj}{woman}"


def test_text_content_equals_body_slice_with_lone_newline():
    body = "line one\nline two\n\n\nthird"
    out = check(body, [])
    assert out.paras == [(0, "line one\nline two"), (20, "third")]


def test_hostile_text_is_escaped():
    body = "<script>alert(1)</script>\n\n\"><img src=x onerror=alert(1)> & &amp; 'q'"
    html = render_article(body, [Span(1, 0, 8), Span(2, 27, 40)])
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&quot;&gt;&lt;img" in html
    assert "&amp;amp;" in html and "&#x27;q&#x27;" in html
    check(body, [Span(1, 0, 8), Span(2, 27, 40)])  # and the text reads back exactly


def test_hostile_classes_stay_inside_the_class_attribute():
    span = Span(7, 0, 3, classes='x" onmouseover="alert(1)" style="color:red')
    html = render_article("abcdef", [span])
    assert 'style="' not in html and 'onmouseover="' not in html
    # The parser insists marks carry exactly class, data-claim, data-depth.
    out = check("abcdef", [span])
    assert out.pieces[0]["classes"][0] == "hl"


def test_carriage_return_survives_html_parsing():
    # A raw CR would become LF in the browser's DOM; it must be a reference.
    html = render_article("a\r\nb", [])
    assert "\r" not in html and "&#13;" in html
    check("a\r\nb", [Span(1, 0, 2)])


def test_no_spans_is_plain_paragraphs():
    expected = (
        '<p class="para" id="para-0" data-start="0" dir="auto">ab</p>'
        '<p class="para" id="para-4" data-start="4" dir="auto">cd</p>'
    )
    assert render_article("ab\n\ncd", []) == expected


# --- highlights -------------------------------------------------------------------------

BODY = "0123456789abcdefghij"


def mark(cid, depth, cont=False, classes=""):
    cls = " ".join(["hl", *classes.split(), *(["hl-cont"] if cont else [])])
    return f'<mark class="{cls}" data-claim="{cid}" data-depth="{depth}">'


def para(start, inner):
    return f'<p class="para" id="para-{start}" data-start="{start}" dir="auto">{inner}</p>'


def test_nested_spans_nest():
    html = render_article(BODY, [Span(2, 5, 10), Span(1, 0, 20)])
    assert html == para(0, f"{mark(1, 1)}01234{mark(2, 2)}56789</mark>abcdefghij</mark>")
    check(BODY, [Span(2, 5, 10), Span(1, 0, 20)])


def test_same_start_longer_is_outside_and_ties_go_by_id():
    html = render_article(BODY, [Span(5, 0, 4), Span(9, 0, 8), Span(3, 0, 4)])
    assert html == para(0, f"{mark(9, 1)}{mark(3, 2)}{mark(5, 3)}0123</mark></mark>4567</mark>89abcdefghij")


def test_adjacent_spans_do_not_nest():
    html = render_article(BODY, [Span(1, 0, 5), Span(2, 5, 10)])
    assert html == para(0, f"{mark(1, 1)}01234</mark>{mark(2, 1)}56789</mark>abcdefghij")


def test_crossing_spans_split_the_later_claim():
    html = render_article(BODY, [Span(1, 0, 10), Span(2, 5, 15, "kind-number")])
    assert html == para(
        0,
        f"{mark(1, 1)}01234{mark(2, 2, classes='kind-number')}56789</mark></mark>"
        f"{mark(2, 1, cont=True, classes='kind-number')}abcde</mark>fghij",
    )
    out = check(BODY, [Span(1, 0, 10), Span(2, 5, 15, "kind-number")])
    assert covered(out.pieces, 2) == set(range(5, 15))


def test_three_way_crossing_reopens_only_what_is_needed():
    spans = [Span(1, 0, 6), Span(2, 2, 10), Span(3, 4, 14)]
    html = render_article(BODY, spans)
    assert html == para(
        0,
        f"{mark(1, 1)}01{mark(2, 2)}23{mark(3, 3)}45</mark></mark></mark>"
        f"{mark(2, 1, True)}{mark(3, 2, True)}6789</mark></mark>"
        f"{mark(3, 1, True)}abcd</mark>efghij",
    )
    check(BODY, spans)


def test_span_across_paragraphs_is_split_at_the_boundary():
    body = "aaaa\n\nbbbb\n\ncccc"
    html = render_article(body, [Span(1, 2, 14), Span(2, 7, 9)])
    assert html == (
        para(0, f"aa{mark(1, 1)}aa</mark>")
        + para(6, f"{mark(1, 1, True)}b{mark(2, 2)}bb</mark>b</mark>")
        + para(12, f"{mark(1, 1, True)}cc</mark>cc")
    )
    out = check(body, [Span(1, 2, 14), Span(2, 7, 9)])
    assert covered(out.pieces, 1) == {2, 3, 6, 7, 8, 9, 12, 13}


def test_span_inside_a_separator_is_not_shown_and_breaks_nothing():
    body = "aaaa\n\nbbbb"
    assert render_article(body, [Span(1, 4, 6)]) == render_article(body, [])
    # Starting in the separator: the first visible piece is not a continuation.
    assert render_article(body, [Span(1, 5, 8)]) == para(0, "aaaa") + para(6, f"{mark(1, 1)}bb</mark>bb")


def test_zero_length_and_out_of_range_spans_are_skipped():
    bad = [Span(1, 3, 3), Span(2, 5, 2), Span(3, -1, 4), Span(4, 2, 21), Span(5, 20, 25)]
    assert render_article(BODY, bad) == render_article(BODY, [])
    # ... and they don't disturb valid ones.
    assert render_article(BODY, [*bad, Span(6, 0, 20)]) == render_article(BODY, [Span(6, 0, 20)])
    assert render_article("", bad) == ""


def test_data_depth_follows_the_open_marks():
    spans = [Span(1, 0, 20), Span(2, 2, 18), Span(3, 4, 16), Span(4, 6, 8)]
    out = check(BODY, spans)
    assert [(p["claim"], p["depth"]) for p in out.pieces] == [(1, 1), (2, 2), (3, 3), (4, 4)]
    # When the outer claim ends first, the re-opened piece moves up a level.
    out = check(BODY, [Span(1, 0, 10), Span(2, 5, 15)])
    assert [(p["claim"], p["depth"]) for p in out.pieces] == [(1, 1), (2, 2), (2, 1)]


def test_input_order_does_not_matter():
    rng = random.Random(4)
    spans = [Span(i, a, a + rng.randint(1, 8)) for i in range(30) for a in [rng.randint(0, 12)]]
    expected = render_article(BODY, spans)
    for _ in range(5):
        rng.shuffle(spans)
        assert render_article(BODY, spans) == expected


def test_accepts_any_iterable():
    assert render_article(BODY, (s for s in [Span(1, 0, 2)])) == render_article(BODY, [Span(1, 0, 2)])


# --- property test ----------------------------------------------------------------------

ALPHABET = [
    "a",
    "b",
    " ",
    "\n",
    "\n",
    "\n",
    "\r",
    "😀",
    "👩",
    "\u200d",
    "e",
    "\u0301",  # ZWJ, combining acute
    "س",
    "ل",
    "ا",
    "م",
    "\u200f",
    "۱",  # Persian letters, RLM, Persian digit
    "<",
    ">",
    "&",
    '"',
    "'",
]


@st.composite
def article(draw):
    body = "".join(draw(st.lists(st.sampled_from([*ALPHABET, "\n\n"]), max_size=50)))
    n = len(body)
    # Endpoints come from a small pool so spans often share starts and ends,
    # and the pool favours positions next to newlines (paragraph edges).
    near_newlines = sorted({i + d for i, ch in enumerate(body) if ch == "\n" for d in (0, 1)})
    point = st.integers(-3, n + 3)
    if near_newlines:
        point = st.one_of(point, st.sampled_from(near_newlines))
    pool = draw(st.lists(point, min_size=1, max_size=10))
    ranges = draw(st.lists(st.tuples(st.sampled_from(pool), st.sampled_from(pool)), max_size=14))
    classes = st.sampled_from(["", "kind-number", "a  b", 'x"y'])
    spans = [Span(i, a, b, draw(classes)) for i, (a, b) in enumerate(ranges)]
    return body, spans


@settings(max_examples=1000, deadline=None)
@given(article(), st.randoms(use_true_random=False))
def test_property_marks_cover_exactly_each_claim(case, rnd):
    body, spans = case
    check(body, spans)
    shuffled = list(spans)
    rnd.shuffle(shuffled)
    assert render_article(body, shuffled) == render_article(body, spans)


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(ALPHABET), max_size=40))
def test_property_paragraph_ranges(body):
    ranges = paragraphs(body)
    gaps_from, gaps_to = [0] + [b for _, b in ranges], [a for a, _ in ranges] + [len(body)]
    for a, b in ranges:
        assert a < b and "\n\n" not in body[a:b]
        # Maximal: a paragraph next to a separator doesn't start/end with "\n".
        assert a == 0 or body[a] != "\n"
        assert b == len(body) or body[b - 1] != "\n"
    for g, h in zip(gaps_from, gaps_to, strict=True):
        assert re.fullmatch(r"(\n\n+)?", body[g:h]) or (not ranges and re.fullmatch(r"\n*", body))


# --- one paragraph at a time (the workspace swaps only the paragraphs a claim action changed) ---


def test_render_paragraphs_gives_each_paragraph_as_the_whole_render_does():
    body = "First one.\n\nSecond here.\n\nThird."
    spans = [Span(1, 0, 5, "a"), Span(2, 6, 20, "b"), Span(3, 14, 20)]
    pieces = render_paragraphs(body, spans)
    assert [(start, end) for start, end, _ in pieces] == [(0, 10), (12, 24), (26, 32)]
    assert "".join(html for _, _, html in pieces) == render_article(body, spans)


def test_only_the_touched_paragraphs_with_the_callers_attributes():
    body = "First one.\n\nSecond here.\n\nThird."
    spans = [Span(1, 0, 5), Span(2, 6, 20)]
    assert touched(body, [(6, 20)]) == {0, 12}
    assert touched(body, [(26, 28), (11, 12)]) == {26}  # a range inside a separator touches nothing
    ((_start, _end, html),) = render_paragraphs(body, spans, only={26}, attrs=' hx-swap-oob="true"')
    assert html == '<p class="para" id="para-26" data-start="26" dir="auto" hx-swap-oob="true">Third.</p>'
