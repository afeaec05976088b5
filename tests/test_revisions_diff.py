"""The revisions diff: both texts recoverable, changes shown where they are, claims marked, linear in size."""

import html
import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.revisions_diff import render_diff

PARAGRAPHS = [
    "The summit opens in Kazan on 22 October. Leaders of 24 countries are expected to attend.",
    "“Our relations are getting stronger day by day,” he said. Trade rose by 12% last year.",
    "The conference in Ashgabat is attended by other regional leaders. The talks ended without agreement.",
    "Critics say the figure of 40,000 jobs is exaggerated. The ministry did not respond.",
]
TEXT = "\n\n".join(PARAGRAPHS)


def without(markup: str, tag: str) -> str:
    markup = re.sub(rf"<{tag}>.*?</{tag}>", "", markup, flags=re.S)
    return html.unescape(re.sub(r"</?(ins|del|mark)[^>]*>", "", markup))


def marked(markup: str) -> str:
    """The characters of the newer text inside claim marks (deleted text is never marked)."""
    newer = re.sub(r"<del>.*?</del>", "", markup, flags=re.S)
    return "".join(html.unescape(m) for m in re.findall(r'<mark class="diff-claim">(.*?)</mark>', newer, flags=re.S))


def test_one_changed_word_shows_as_that_word_deleted_and_inserted():
    new = TEXT.replace("24 countries", "36 countries")
    out = render_diff(TEXT, new)
    assert re.findall(r"<del>(.*?)</del>", out) == ["24"]
    assert re.findall(r"<ins>(.*?)</ins>", out) == ["36"]


def test_an_inserted_paragraph_shows_whole_and_the_others_unchanged():
    added = "A new paragraph about the vote."
    new = "\n\n".join([*PARAGRAPHS[:2], added, *PARAGRAPHS[2:]])
    out = render_diff(TEXT, new)
    assert "<del>" not in out
    assert [html.unescape(i) for i in re.findall(r"<ins>(.*?)</ins>", out, flags=re.S)] == [added + "\n\n"]


def test_a_removed_paragraph_shows_deleted_while_edits_in_the_others_stay_word_level():
    new = "\n\n".join([PARAGRAPHS[0].replace("22 October", "23 October"), PARAGRAPHS[1], PARAGRAPHS[3]])
    out = render_diff(TEXT, new)
    deleted = [html.unescape(d) for d in re.findall(r"<del>(.*?)</del>", out, flags=re.S)]
    assert "22" in deleted and PARAGRAPHS[2] + "\n\n" in deleted
    assert re.findall(r"<ins>(.*?)</ins>", out) == ["23"]


def test_claims_in_the_newer_text_are_marked_exactly():
    new = TEXT.replace("Trade rose", "Trade fell")
    start = new.index("Leaders")
    spans = [(start, start + len("Leaders of 24 countries")), (new.index("Trade fell"), new.index("Trade fell") + 10)]
    out = render_diff(TEXT, new, spans)
    assert marked(out) == "Leaders of 24 countries" + "Trade " + "fell"


def test_text_is_escaped():
    out = render_diff("a <b>bold</b> claim & more", "a <script>alert(1)</script> claim & more")
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp;" in out


WORDS = st.sampled_from(
    ["the", "summit", "24", "countries", "Kazan", "“quote”", "rose", "fell", ".", ",", "Ашхабад", "🙂"]
)
SENTENCE = st.lists(WORDS, min_size=1, max_size=12).map(lambda words: " ".join(words) + ".")
DOC = st.lists(st.lists(SENTENCE, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=6).map("\n\n".join)


@settings(max_examples=150, deadline=None)
@given(old=DOC, new=DOC, spans=st.lists(st.tuples(st.integers(0, 300), st.integers(1, 60)), max_size=5))
def test_the_diff_holds_both_texts_and_marks_only_covered_characters(old, new, spans):
    spans = [(s, s + n) for s, n in spans]
    out = render_diff(old, new, spans)
    assert without(out, "ins") == old
    assert without(out, "del") == new
    covered = sorted({i for s, e in spans for i in range(s, min(e, len(new)))})
    assert marked(out) == "".join(new[i] for i in covered)


def test_a_big_article_with_many_edits_takes_time_in_proportion_to_its_length():
    # 10% of the words of every paragraph changed: a whole-text word diff would be quadratic here.
    paragraph = " ".join(f"Sentence {i} says the figure was {i * 7} in {1990 + i}." for i in range(8))
    old = "\n\n".join(paragraph.replace("Sentence", f"Paragraph {p} sentence") for p in range(100))
    new = re.sub(
        r"figure was (\d+)", lambda m: f"figure was {int(m.group(1)) + 1}" if int(m.group(1)) % 2 else m.group(0), old
    )

    def timed(a, b):
        started = time.process_time()
        render_diff(a, b)
        return time.process_time() - started

    small = min(timed(old, new) for _ in range(3))
    big = min(timed("\n\n".join([old] * 8), "\n\n".join([new] * 8)) for _ in range(3))
    assert big < 8 * small * 2.5  # linear, with room for noise; quadratic would be ~64x


def test_a_paragraph_added_at_the_end_reads_as_one_insertion_with_its_line_breaks():
    added = "A last paragraph."
    out = render_diff(TEXT, TEXT + "\n\n" + added)
    assert "<del>" not in out
    assert [html.unescape(i) for i in re.findall(r"<ins>(.*?)</ins>", out, flags=re.S)] == ["\n\n" + added]
