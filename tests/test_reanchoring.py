"""Tests for annotations.reanchoring: pure Python, no database.

    .venv/bin/python -m pytest -p no:django -p no:cacheprovider --noconftest tests/test_reanchoring.py

(--noconftest because tests/conftest.py imports Django models, which needs settings; under the normal
pytest-django run this file needs nothing from it.)

1. Conformance with the Hypothesis client's anchoring tests (tests/data/hypothesis-anchoring-cases.json,
   copied from /work/shared/conformance so the project does not need that folder at run time).
2. `match_quote` against a literal, naive port of match-quote.ts and approx-string-match, on random input.
3. `PositionMap`.
4. Each of the four re-anchoring steps, with a hand-made article.
5. Properties, on random multilingual text with emoji, combining marks and right-to-left scripts.
"""

import json
import re
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from annotations import reanchoring
from annotations.reanchoring import (
    Anchor,
    Match,
    PositionMap,
    Quote,
    Result,
    edit_distance,
    find_quote,
    match_quote,
    matching,
    reanchor,
    reanchorer,
    selector_for,
)
from annotations.reanchoring.position_map import MAX_TOKENS

CASES = json.loads((Path(__file__).parent / "data" / "hypothesis-anchoring-cases.json").read_text(encoding="utf-8"))
TEXTS = CASES["texts"]

PROPERTY = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow]
)


# ---------------------------------------------------------------------------------------------------------
# 1. Conformance with Hypothesis.
# ---------------------------------------------------------------------------------------------------------


def case_text(case: dict) -> str:
    return TEXTS[case["text_ref"]] if case["text_ref"] else case["text"]


@pytest.mark.parametrize("case", CASES["match_cases"], ids=lambda case: case["id"])
def test_match_case(case):
    text, context = case_text(case), case["context"]
    match = find_quote(text, case["quote"], context.get("prefix", ""), context.get("suffix", ""), context.get("hint"))
    expected = case["expected"]
    if expected is None:
        assert match is None
        assert match_quote(text, case["quote"]) == []
        return
    assert (match.start, match.end) == (expected["start"], expected["end"])
    assert text[match.start : match.end] == expected["matched_text"]
    if expected["score"] == 1:
        assert match.score == 1.0
    else:
        assert 0 < match.score < 1


@pytest.mark.parametrize("case", [c for c in CASES["match_cases"] if c["expected"]], ids=lambda case: case["id"])
def test_match_case_score_is_upstreams(case):
    """Stricter than the file's guidance (scores are informative): this port computes the same thing,
    so a different score means the scoring drifted from Hypothesis's."""
    text, context = case_text(case), case["context"]
    match = find_quote(text, case["quote"], context.get("prefix", ""), context.get("suffix", ""), context.get("hint"))
    assert match.score == pytest.approx(case["expected"]["score"], abs=1e-6)


RANKED = {
    # How each ranking case varies its input (its "note").
    "rank-01-quote": lambda item: {"quote": item},
    "rank-02-prefix": lambda item: {"quote": ", as he faced the firing squad", "prefix": item},
    "rank-03-suffix": lambda item: {"quote": "Many years later", "suffix": item},
}


@pytest.mark.parametrize("case", CASES["ranking_cases"], ids=lambda case: case["id"])
def test_ranking_case(case):
    text = case_text(case)
    matches = [find_quote(text, **RANKED[case["id"]](item)) for item in case["items_in_descending_similarity"]]
    scores = [match.score for match in matches]
    assert all(a > b for a, b in pairwise(scores)), scores
    assert len({(m.start, m.end) for m in matches if m.errors == 0}) == 1  # the same passage every time


def test_ranking_cases_cover_every_case_in_the_file():
    assert {case["id"] for case in CASES["ranking_cases"]} == set(RANKED)


class _TextContent(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def selector_case_text(case: dict) -> str:
    if "text" in case:
        return case["text"]
    parser = _TextContent()
    parser.feed(case["html"])
    # text_note: the upstream fixture file ends with a newline, which body.textContent includes.
    assert "\\n" in case["text_note"]
    return "".join(parser.parts) + "\n"


@pytest.mark.parametrize("case", CASES["selector_cases"], ids=lambda case: case["id"])
def test_selector_case(case):
    text = selector_case_text(case)
    selectors = {s["type"]: s for s in case["expected_selectors"]}
    position = selectors["TextPositionSelector"]
    selection = case.get("selection", position)
    assert (selection["start"], selection["end"]) == (position["start"], position["end"])
    quote = selectors["TextQuoteSelector"]

    expected = Quote(quote["exact"], quote["prefix"], quote["suffix"])
    assert selector_for(text, position["start"], position["end"]) == expected
    # And back: the quote selector finds the same range (the "roundtrip" half of the upstream tests).
    match = find_quote(text, quote["exact"], quote["prefix"], quote["suffix"], hint=position["start"])
    assert (match.start, match.end, match.score) == (position["start"], position["end"], 1.0)


def test_selector_context_is_32_characters_and_stops_at_the_ends():
    text = "x" * 40 + "QUOTE" + "y" * 40
    assert selector_for(text, 40, 45) == Quote("QUOTE", "x" * 32, "y" * 32)
    assert selector_for(text, 0, 3) == Quote("xxx", "", "x" * 32)
    assert selector_for(text, 82, 85) == Quote("yyy", "y" * 32, "")
    assert selector_for("😀ab😀", 1, 3) == Quote("ab", "😀", "😀")  # code points, not UTF-16 units


def test_match_quote_lists_candidates_best_first():
    text = TEXTS["twoCities"]
    matches = match_quote(text, "it was the", suffix=" season")
    assert len(matches) == text.count("it was the")
    assert text[matches[0].end :].startswith(" season")
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert all(isinstance(m, Match) and m.errors == 0 for m in matches)


def test_match_quote_max_errors():
    text = TEXTS["solitude"]
    assert match_quote(text, "Many yeers lader", max_errors=1) == []
    [match] = match_quote(text, "Many yeers lader", max_errors=2)
    assert (match.start, match.end, match.errors) == (0, 16, 2)


def test_find_quote_counts_code_points():
    text = "👍🏽 Tehran: تهران — café 🇮🇷 said"
    match = find_quote(text, "تهرا", hint=0)
    assert text[match.start : match.end] == "تهرا"
    assert match.start == text.index("تهرا")


# ---------------------------------------------------------------------------------------------------------
# 2. Against a naive port of Hypothesis's own code.
# ---------------------------------------------------------------------------------------------------------


def ref_find_match_ends(text: str, pattern: str, max_errors: float) -> list[tuple[int, int]]:
    """approx-string-match's findMatchEnds, by plain dynamic programming."""
    if not pattern:
        return []
    max_errors = min(max_errors, len(pattern))
    column = list(range(len(pattern) + 1))
    matches: list[tuple[int, int]] = []
    for j, char in enumerate(text):
        new = [0]
        for i in range(1, len(pattern) + 1):
            new.append(min(column[i - 1] + (pattern[i - 1] != char), column[i] + 1, new[i - 1] + 1))
        column = new
        if column[-1] <= max_errors:
            if column[-1] < max_errors:
                matches.clear()
            matches.append((j + 1, column[-1]))
            max_errors = column[-1]
    return matches


def ref_search(text: str, pattern: str, max_errors: float) -> list[tuple[int, int, int]]:
    """match-quote.ts's search: exact matches if any, else approx-string-match's search."""
    exact = [m.start() for m in re.finditer(f"(?={re.escape(pattern)})", text)] if pattern else []
    if exact:
        return [(at, at + len(pattern), 0) for at in exact]
    found = []
    for end, errors in ref_find_match_ends(text, pattern, max_errors):
        lo = max(0, end - len(pattern) - errors)
        reverse_ends = ref_find_match_ends(text[lo:end][::-1], pattern[::-1], errors)
        start = min([end - r for r, _ in reverse_ends], default=end)
        found.append((min(start, end), end, errors))
    return found


def ref_match_quote(text, quote, prefix="", suffix="", hint=None):
    if not quote:
        return []

    def text_match_score(t, s):
        if not s or not t:
            return 0.0
        return 1 - ref_search(t, s, len(s))[0][2] / len(s)

    scored = []
    for start, end, errors in ref_search(text, quote, min(256, len(quote) / 2)):
        quote_score = 1 - errors / len(quote)
        prefix_score = text_match_score(text[max(0, start - len(prefix)) : start], prefix) if prefix else 1.0
        suffix_score = text_match_score(text[end : end + len(suffix)], suffix) if suffix else 1.0
        pos_score = 1.0 if hint is None else 1.0 - abs(start - hint) / len(text)
        raw = 50 * quote_score + 20 * prefix_score + 20 * suffix_score + 2 * pos_score
        scored.append((start, end, errors, raw / 92))
    scored.sort(key=lambda m: -m[3])
    return scored


SMALL_ALPHABET = st.sampled_from("aab ée\u0301😀ا")


@PROPERTY
@given(
    text=st.text(SMALL_ALPHABET, max_size=50),
    quote=st.text(SMALL_ALPHABET, max_size=14),
    prefix=st.text(SMALL_ALPHABET, max_size=6),
    suffix=st.text(SMALL_ALPHABET, max_size=6),
    hint=st.none() | st.integers(0, 50),
)
def test_match_quote_agrees_with_a_naive_port_of_hypothesis(text, quote, prefix, suffix, hint):
    expected = ref_match_quote(text, quote, prefix, suffix, hint)
    got = match_quote(text, quote, prefix=prefix, suffix=suffix, hint=hint)
    assert [(m.start, m.end, m.errors) for m in got] == [m[:3] for m in expected]
    assert [m.score for m in got] == pytest.approx([m[3] for m in expected], abs=1e-12)


@PROPERTY
@given(text=st.text(SMALL_ALPHABET, max_size=60), pattern=st.text(SMALL_ALPHABET, min_size=1, max_size=40))
def test_bit_parallel_distances_agree_with_dynamic_programming(text, pattern):
    for anchored in (False, True):
        previous = [j if anchored else 0 for j in range(len(text) + 1)]
        for i, p in enumerate(pattern, 1):
            row = [i]
            for j, t in enumerate(text, 1):
                row.append(min(previous[j - 1] + (p != t), previous[j] + 1, row[j - 1] + 1))
            previous = row
        pv, mv = edit_distance.last_row_deltas(edit_distance.char_masks(text), len(text), pattern, anchored)
        values = edit_distance.row_values_at_most(pv, mv, len(text), len(pattern), 10**9)
        assert [value for _, value in values] == previous[1:]
        limit = len(pattern) // 3
        assert edit_distance.row_values_at_most(pv, mv, len(text), len(pattern), limit) == [
            (j, v) for j, v in enumerate(previous) if j and v <= limit
        ]


def test_text_index_masks_match_a_direct_scan():
    text = "".join(chr(0x600 + i % 300) for i in range(2000)) + "ab😀\u0301" * 50  # >255 distinct characters
    index = edit_distance.TextIndex(text)
    for lo, hi in ((0, len(text)), (150, 2150), (1999, 2003)):
        masks = index.char_masks("\u0600\u0700ab😀\u0301z", lo, hi)
        for char in "\u0600\u0700ab😀\u0301z":
            expected = sum(1 << (i - lo) for i in range(lo, hi) if text[i] == char)
            assert masks.get(char, 0) == expected


# ---------------------------------------------------------------------------------------------------------
# 3. PositionMap.
# ---------------------------------------------------------------------------------------------------------


def test_position_map_identity():
    text = "One. Two.\n\nThree four five."
    position_map = PositionMap(text, text)
    assert [position_map.map(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # Offsets after an insertion shift; one at the insertion point lands after the inserted text.
        ("abc def", "abc XY def", {0: 0, 3: 3, 4: 7, 7: 10}),
        ("abc def", "XYabc def", {0: 2, 7: 9}),
        ("abc def", "abc defXY", {6: 6, 7: 9}),
        # Inside deleted text: where the deletion was.
        ("abc XYZ def", "abc def", {2: 2, 4: 4, 5: 4, 8: 4, 11: 7}),
        # Inside replaced text: spread proportionally.
        ("ab 0123 cd", "ab 01234567 cd", {3: 3, 5: 5, 7: 11, 8: 12}),
        ("abc", "", {0: 0, 2: 0, 3: 0}),
        ("", "abc", {0: 3}),
        # Out of range offsets are clamped.
        ("abc", "abcd", {-5: 0, 99: 4}),
    ],
)
def test_position_map_cases(old, new, expected):
    position_map = PositionMap(old, new)
    assert {offset: position_map.map(offset) for offset in expected} == expected


def test_position_map_through_sentences_words_and_characters():
    old = "The minister spoke first. Prices rose by 5% in May. Nothing else changed here.\n\nA second paragraph."
    new = "The minister spoke first. Prices rose by 7% in June. Nothing else changed here.\n\nA second paragraph!"
    position_map = PositionMap(old, new)
    for word in ("Prices", "rose", "in", "Nothing", "second"):
        assert position_map.map(old.index(word)) == new.index(word)
    assert new[position_map.map(old.index("5%")) :].startswith("7%")


def test_position_map_on_one_long_line_without_sentences():
    # Too many words for a word-level diff of the whole line: it is cut into chunks by content instead.
    words = [f"w{i % 997}x{i // 997}" for i in range(12_000)]
    old = " ".join(words)
    new = " ".join([*words[:1000], "inserted", "words", *words[1000:9000], *words[9010:]])
    assert len(_WORD_TOKENS.findall(old)) + len(_WORD_TOKENS.findall(new)) > MAX_TOKENS

    def offset(text, word):
        return re.search(rf"\b{word}\b", text).start()

    position_map = PositionMap(old, new)
    for i in (0, 999, 1000, 5000, 8999, 9010, 11_999):
        word = words[i]
        assert position_map.map(offset(old, word)) == offset(new, word)
    claims = [claim(old, f"{words[i]} {words[i + 1]}", claim_id=i) for i in range(0, 11_990, 400)]
    assert {r.state for r in reanchor(old, new, claims)} == {"exact"}


_WORD_TOKENS = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")


WORDS = [
    *"the minister said economy grew percent Tehran café naïve São Zürich 2024 3.2% £40m".split(),
    *"تهران پزشکیان روسیه ایران می‌گوید السلام الرئيس قال".split(),  # Persian (with a ZWNJ), Arabic
    *"👍 🇮🇷 👩‍👩‍👧 ✊🏽".split(),  # a flag, a ZWJ family, a skin tone: several code points each
    "e\u0301te\u0301",  # combining acute accents
    "n\u0303o",
]
SEPARATORS = [" "] * 6 + [", ", ". ", ".\n\n", " — "]
EDIT_TEXT = st.sampled_from("ab تا😀\u0301. \n")


@st.composite
def articles(draw, vocabulary=tuple(WORDS), min_words=12, max_words=60) -> tuple[str, list[int], list[int]]:
    """A text of words and separators, with every word's start and end offset."""
    words = draw(st.lists(st.sampled_from(vocabulary), min_size=min_words, max_size=max_words))
    parts, starts, ends, at = [], [], [], 0
    for i, word in enumerate(words):
        if i:
            separator = draw(st.sampled_from(SEPARATORS))
            parts.append(separator)
            at += len(separator)
        starts.append(at)
        parts.append(word)
        at += len(word)
        ends.append(at)
    return "".join(parts), starts, ends


@PROPERTY
@given(
    article=articles(),
    where=st.floats(0, 1),
    length=st.integers(0, 12),
    replacement=st.text(EDIT_TEXT, max_size=12),
)
def test_position_map_after_one_edit_is_exact_outside_it(article, where, length, replacement):
    old = article[0]
    lo = int(where * len(old))
    hi = min(len(old), lo + length)
    new = old[:lo] + replacement + old[hi:]
    note(f"old={old!r} new={new!r}")
    position_map = PositionMap(old, new)
    mapped = [position_map.map(i) for i in range(len(old) + 1)]
    assert mapped == sorted(mapped)
    assert mapped[0] >= 0 and mapped[-1] == len(new)
    # Which of two equal neighbours an edit touched is anyone's guess ("aab" less an "a"), but the map
    # pairs every character outside the edit with an identical one, one for one.
    paired = {mapped[o] for o in range(len(old)) if mapped[o] < len(new) and new[mapped[o]] == old[o]}
    assert len(paired) >= len(old) - (hi - lo)


@PROPERTY
@given(
    article=articles(),
    edits=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 12), st.text(EDIT_TEXT, max_size=12)), max_size=5),
)
def test_position_map_is_monotonic_and_in_range(article, edits):
    old = new = article[0]
    for where, length, replacement in edits:
        lo = int(where * len(new))
        new = new[:lo] + replacement + new[lo + length :]
    position_map = PositionMap(old, new)
    mapped = [position_map.map(i) for i in range(len(old) + 1)]
    assert mapped == sorted(mapped)
    assert all(0 <= m <= len(new) for m in mapped)
    assert mapped[-1] == len(new)


@PROPERTY
@given(article=articles(), where=st.floats(0, 1), length=st.integers(1, 40))
def test_occurrences_from_the_word_index_are_all_of_them(article, where, length):
    text = article[0]
    at = int(where * (len(text) - 1))
    quote = text[at : at + length]
    indexed = reanchorer.Reanchorer(text, text)
    assert indexed._occurrences(quote) == matching.occurrences(text, quote)


# ---------------------------------------------------------------------------------------------------------
# 4. The four steps.
# ---------------------------------------------------------------------------------------------------------

ARTICLE = (
    "President Vladimir Putin told Masoud Pezeshkian that relations with Iran are a priority for Russia.\n\n"
    "The two presidents met in Ashgabat on Friday, where Putin said the positions of Tehran and Moscow are "
    "very close.\n\n"
    "“This year, trade between the two countries grew by 15.5%,” the Russian leader said.\n\n"
    "Pezeshkian said Iran’s relationship with Russia is “sincere and strategic”.\n\n"
    "The Iranian president touched on a comprehensive strategic partnership agreement between Iran and Russia."
)


def claim(text: str, quote: str, claim_id: object = 1, occurrence: int = 0) -> tuple[object, int, int, Quote]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return claim_id, start, start + len(quote), selector_for(text, start, start + len(quote))


def reanchor_one(old: str, new: str, quote: str, occurrence: int = 0) -> Result:
    [result] = reanchor(old, new, [claim(old, quote, occurrence=occurrence)])
    return result


def test_result_and_anchor_types():
    result = reanchor_one(ARTICLE, ARTICLE, "15.5%")
    assert result == Result(1, "exact", ARTICLE.index("15.5%"), ARTICLE.index("15.5%") + 5, "15.5%")
    assert result.anchor == Anchor(result.start, result.end, "15.5%")
    assert Result(1, "orphaned", None, None, None).anchor is None
    assert reanchor(ARTICLE, ARTICLE, []) == []


# Step 1: exact.


def test_unchanged_text_keeps_every_claim_exact():
    quotes = ["Putin", "relations with Iran", "15.5%", "“sincere and strategic”", "Iran and Russia."]
    claims = [claim(ARTICLE, q, claim_id=q) for q in quotes]
    results = reanchor(ARTICLE, ARTICLE, claims)
    assert [(r.claim_id, r.state, r.start, r.end) for r in results] == [(q, "exact", s, e) for q, s, e, _ in claims]


def test_edits_elsewhere_shift_an_exact_claim():
    new = "Updated. " + ARTICLE.replace("on Friday", "late on Friday").replace("very close", "close")
    result = reanchor_one(ARTICLE, new, "grew by 15.5%")
    assert (result.state, result.start, result.quote) == ("exact", new.index("grew by 15.5%"), "grew by 15.5%")


def test_insertion_repeating_the_quotes_start_is_still_exact():
    # The diff's seam lands inside the quote ("the the economy"); the mapped end still finds it.
    old = "He said the economy grew."
    new = "He said the the economy grew."
    result = reanchor_one(old, new, "the economy")
    assert (result.state, result.start, result.end) == ("exact", 12, 23)


def test_stored_offsets_already_right_for_the_new_text_count_with_their_context():
    new = ARTICLE
    old = "Breaking: " + ARTICLE  # the claims were stored against `new`, not against `old`
    claim_id, start, end, quote = claim(new, "15.5%")
    [result] = reanchor(old, new, [(claim_id, start, end, quote)])
    assert (result.state, result.start) == ("exact", start)


def test_stored_offsets_holding_the_quote_by_accident_do_not_count():
    # Stale offsets: the claim says 0..5, but in `old` its quote (with this context) is at 7.
    old = "Later, Putin left."
    new = "Putin met Xi. Later, Putin left."
    [result] = reanchor(old, new, [(1, 0, 5, Quote("Putin", prefix="Later, ", suffix=" left."))])
    assert (result.state, result.start) == ("moved", new.index("Putin left"))


# Step 2: moved.


def test_a_moved_paragraph_moves_its_claims():
    paragraphs = ARTICLE.split("\n\n")
    new = "\n\n".join([paragraphs[2], *paragraphs[:2], *paragraphs[3:]])
    claims = [claim(ARTICLE, "trade between the two countries", "middle"), claim(ARTICLE, "“This year,", "start")]
    results = {r.claim_id: r for r in reanchor(ARTICLE, new, claims)}
    for claim_id, quote in (("middle", "trade between the two countries"), ("start", "“This year,")):
        assert results[claim_id].start == new.index(quote)
        assert results[claim_id].state in ("exact", "moved")
    # The diff matched the two paragraphs that stayed in order, so the moved one was found by search.
    assert {r.state for r in results.values()} == {"moved"}


def test_moved_picks_the_occurrence_whose_prefix_fits():
    # Stale offsets (0) on an unchanged text: nothing but the ranking of the occurrences decides.
    text = "Beta said the deal is done. Alpha said the deal is done. Gamma said the deal is off."
    [result] = reanchor(text, text, [(1, 0, 16, Quote("the deal is done", prefix="Alpha said ", suffix="."))])
    assert (result.state, result.start) == ("moved", text.index("the deal is done", text.index("Alpha")))


def test_moved_picks_the_occurrence_whose_suffix_fits():
    text = "Prices rose slowly in June. Prices rose sharply in May."
    [result] = reanchor(text, text, [(1, 0, 4, Quote("rose", prefix="Prices ", suffix=" sharply in May."))])
    assert (result.state, result.start) == ("moved", text.index("rose sharply"))


def test_moved_in_a_real_revision_where_the_diff_cannot_follow():
    old = "Intro. Prices rose sharply in May. Wages fell. Outro."
    new = "Intro. Wages fell. Prices rose slowly. Outro. Prices rose sharply in May."
    result = reanchor_one(old, new, "rose")
    assert (result.state, result.start) == ("moved", new.index("rose sharply"))


def test_moved_prefers_the_nearer_occurrence_when_context_ties():
    old = "QUOTE aaaaaaaaaa QUOTE bbb QUOTE"
    # The middle one deleted. No context was recorded, so only the distance from where it was tells the
    # others apart.
    [result] = reanchor(old, "QUOTE aaaaaaaaaa bbb QUOTE", [(1, 17, 22, Quote("QUOTE"))])
    assert (result.state, result.start) == ("moved", 21)
    [result] = reanchor(old, "QUOTE aaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbb QUOTE", [(1, 17, 22, Quote("QUOTE"))])
    assert (result.state, result.start) == ("moved", 0)


def test_paired_words_of_another_sentence_do_not_hold_the_claim():
    # The word-level diff pairs "said the deal is" in Beta's sentence with Gamma's; the context decides.
    old = "Alpha said the deal is done. Beta said the deal is off."
    new = "Beta said the deal is off. Alpha said the deal is done. Gamma said the deal is near."
    result = reanchor_one(old, new, "the deal is", occurrence=1)
    assert (result.state, result.start) == ("moved", new.index("the deal is off"))


def test_an_exact_occurrence_in_unrelated_surroundings_is_not_a_move():
    old = ARTICLE
    sentence = "Pezeshkian said Iran’s relationship with Russia is “sincere and strategic”.\n\n"
    new = ARTICLE.replace(sentence, "").replace("a comprehensive strategic", "a sincere and strategic")
    result = reanchor_one(old, new, "sincere and strategic")
    assert result.state == "orphaned"


def test_a_long_quote_moves_even_when_both_contexts_changed():
    # A sentence moved into the middle of another paragraph: neither its prefix nor its suffix survives.
    sentence = "Officials confirmed the pipeline will carry gas from the northern fields. "
    old = "Gas. Prices fell. " + sentence + "Demand rose.\n\nOther news. Weather was mild. Roads reopened."
    new = "Gas. Prices fell. Demand rose.\n\nOther news. Weather was mild. " + sentence + "Roads reopened."
    quote = sentence.strip()
    result = reanchor_one(old, new, quote)
    assert len(quote) >= reanchoring.DISTINCTIVE_LENGTH
    assert (result.state, result.start) == ("moved", new.index(quote))


def test_a_paragraph_moved_to_the_top_keeps_a_claim_on_its_first_words():
    paragraphs = ARTICLE.split("\n\n")
    new = "\n\n".join([paragraphs[3], *paragraphs[:3], *paragraphs[4:]])
    result = reanchor_one(ARTICLE, new, "Pezeshkian said")
    assert (result.state, result.start) == ("moved", 0)


# Step 3: fuzzy.


def test_an_edited_quote_is_fuzzy_with_the_new_text():
    new = ARTICLE.replace("grew by 15.5%", "grew by 17.5%")
    result = reanchor_one(ARTICLE, new, "trade between the two countries grew by 15.5%")
    assert result.state == "fuzzy"
    assert (result.start, result.end) == (new.index("trade"), new.index("17.5%") + 5)
    assert result.quote == "trade between the two countries grew by 17.5%"


def test_an_edit_at_the_first_character_keeps_the_exact_boundary():
    new = ARTICLE.replace("relations with Iran", "elations with Iran")
    result = reanchor_one(ARTICLE, new, "relations with Iran are a priority")
    assert (result.state, result.quote) == ("fuzzy", "elations with Iran are a priority")


def test_an_edit_at_the_last_character_keeps_the_exact_boundary():
    new = ARTICLE.replace("very close", "very clos")
    result = reanchor_one(ARTICLE, new, "Moscow are very close")
    assert (result.state, result.quote) == ("fuzzy", "Moscow are very clos")


def test_the_edited_quote_in_place_beats_the_old_wording_elsewhere():
    later = "\n\nIn April inflation was 4.1 percent again."
    old = "Officials said inflation was 4.1 percent in March. Analysts expected less." + later
    new = "Officials said inflation was 4.3 percent in March. Analysts expected less." + later
    result = reanchor_one(old, new, "inflation was 4.1 percent")
    assert (result.state, result.start, result.quote) == ("fuzzy", new.index("inflation"), "inflation was 4.3 percent")


def test_fuzzy_picks_the_approximate_match_whose_context_fits():
    old = "Ministers say the budget was balanced last year. Critics say the budget was cut."
    new = "Critics say the budget has been cut. Ministers say the budget has been balanced last year."
    result = reanchor_one(old, new, "the budget was", occurrence=0)
    assert (result.state, result.quote) == ("fuzzy", "the budget has")
    assert result.start == new.index("the budget has been balanced")


def test_fuzzy_prefers_the_nearer_match_when_context_ties():
    unit = "The council approved the plan. "
    old = unit * 4
    new = (unit * 4).replace("approved", "aproved")
    start = 2 * len(unit) + 4
    [result] = reanchor(old, new, [(1, start, start + len("council approved"), selector_for(old, start, start + 16))])
    assert (result.state, result.start, result.quote) == ("fuzzy", 2 * (len(unit) - 1) + 4, "council aproved")


def test_a_paragraph_moved_far_and_edited_is_found_beyond_the_near_window():
    filler = "".join(f"Filler sentence number {i} about nothing in particular. " for i in range(400))
    assert len(filler) > 4 * reanchoring.NEAR_WINDOW
    moving = "The ambassador confirmed that the embassy in Tehran will reopen next spring."
    old = moving + "\n\n" + filler
    new = filler + "\n\n" + moving.replace("reopen next spring", "reopen next summer")
    result = reanchor_one(old, new, "the embassy in Tehran will reopen next spring")
    assert (result.state, result.quote) == ("fuzzy", "the embassy in Tehran will reopen next summer")
    assert result.start == new.index("the embassy")


# Step 4: orphaned.


def test_a_deleted_sentence_orphans_its_claim():
    sentence = "“This year, trade between the two countries grew by 15.5%,” the Russian leader said.\n\n"
    new = ARTICLE.replace(sentence, "")
    for quote in ("grew by 15.5%", "trade between the two countries", "the Russian leader said"):
        assert reanchor_one(ARTICLE, new, quote).state == "orphaned", quote


def test_a_rewritten_quote_is_orphaned():
    new = ARTICLE.replace("are very close", "differ on several points")
    assert reanchor_one(ARTICLE, new, "are very close").state == "orphaned"


def test_nothing_to_anchor_is_orphaned():
    assert reanchor(ARTICLE, ARTICLE, [(1, 5, 5, Quote(""))]) == [Result(1, "orphaned", None, None, None)]
    assert reanchor_one(ARTICLE, "", "Putin").state == "orphaned"
    assert reanchor_one("ab", "xy", "a").state == "orphaned"


def test_many_claims_keep_their_order_and_ids():
    quotes = ["Putin", "Tehran", "15.5%", "Iran and Russia"]
    claims = [claim(ARTICLE, q, claim_id=f"c{i}") for i, q in enumerate(quotes)]
    new = ARTICLE.replace("Tehran and Moscow", "Moscow")
    results = reanchor(ARTICLE, new, iter(claims))
    assert [r.claim_id for r in results] == ["c0", "c1", "c2", "c3"]
    assert [r.state for r in results] == ["exact", "orphaned", "exact", "exact"]


# Unicode.


def test_unicode_claims_through_all_states():
    old = (
        "پزشکیان گفت روابط ایران و روسیه «صادقانه و راهبردی» است. "
        "The café in Zürich 👩‍👩‍👧 served cre\u0300me bru\u0302le\u0301e. "
        "✊🏽 Protesters gathered in São Paulo on Tuesday.\n\n"
        "الرئيس قال إن العلاقات قوية جدا."
    )
    new = (
        "خبر تازه. "
        "پزشکیان گفت روابط ایران و روسیه «صادقانه و راهبری» است. "
        "The café in Zürich 👩‍👩‍👧 served cre\u0300me bru\u0302le\u0301e.\n\n"
        "الرئيس قال إن العلاقات قوية جدا."
    )
    claims = [
        claim(old, "cre\u0300me bru\u0302le\u0301e", "dessert"),
        claim(old, "«صادقانه و راهبردی»", "quote-fa"),
        claim(old, "Protesters gathered in São Paulo", "protest"),
        claim(old, "العلاقات قوية", "quote-ar"),
    ]
    results = {r.claim_id: r for r in reanchor(old, new, claims)}
    assert (results["dessert"].state, results["dessert"].start) == ("exact", new.index("cre\u0300me"))
    assert (results["quote-ar"].state, results["quote-ar"].start) == ("exact", new.index("العلاقات"))
    assert results["quote-fa"].state == "fuzzy"
    assert results["quote-fa"].quote == "«صادقانه و راهبری»"
    assert results["protest"].state == "orphaned"


# ---------------------------------------------------------------------------------------------------------
# 5. Properties.
# ---------------------------------------------------------------------------------------------------------


def levenshtein(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def count_overlapping(text: str, quote: str) -> int:
    return sum(1 for i in range(len(text) - len(quote) + 1) if text.startswith(quote, i))


@st.composite
def article_with_quote(draw, min_quote_chars=1, **kwargs):
    text, starts, ends = draw(articles(**kwargs))
    i = draw(st.integers(0, len(starts) - 1))
    j = draw(st.integers(i, min(len(starts) - 1, i + 8)))
    start, end = starts[i], ends[j]
    assume(end - start >= min_quote_chars)
    return text, start, end


@PROPERTY
@given(
    data=article_with_quote(),
    inserted=st.text(st.sampled_from("ab تا😀\u0301. ‌\n"), min_size=1, max_size=20),
    where=st.floats(0, 1),
    delete=st.booleans(),
    length=st.integers(1, 30),
)
def test_edits_away_from_a_quote_keep_it_exact_at_the_shifted_offset(data, inserted, where, delete, length):
    old, start, end = data
    quote = old[start:end]
    # Somewhere before the quote or after it, possibly touching it.
    before = where < 0.5
    if before:
        lo = int(where * 2 * start)
        hi = min(start, lo + length) if delete else lo
    else:
        lo = end + int((where - 0.5) * 2 * (len(old) - end))
        hi = min(len(old), lo + length) if delete else lo
    new = old[:lo] + ("" if delete else inserted) + old[hi:]
    shift = len(new) - len(old) if before else 0
    assume(count_overlapping(old, quote) == 1 and count_overlapping(new, quote) == 1)
    note(f"old={old!r} new={new!r} start={start} end={end}")

    [result] = reanchor(old, new, [(1, start, end, selector_for(old, start, end))])
    assert (result.state, result.start, result.end, result.quote) == ("exact", start + shift, end + shift, quote)


EDIT_CHARACTERS = st.sampled_from("xé😀\u0301ا‌ 9")


@PROPERTY
@given(
    data=article_with_quote(min_quote_chars=20),
    edits=st.lists(
        st.tuples(st.sampled_from(["insert", "delete", "replace"]), st.floats(0, 1), EDIT_CHARACTERS),
        min_size=1,
        max_size=2,
    ),
)
def test_small_edits_inside_a_quote_give_a_fuzzy_match_on_the_edited_text(data, edits):
    old, start, end = data
    quote = old[start:end]
    edited = quote
    for kind, where, char in edits:
        # Away from the quote's first and last two characters, which an edit can merge into the context.
        at = 2 + int(where * (len(edited) - 5))
        if kind == "insert":
            edited = edited[:at] + char + edited[at:]
        elif kind == "delete":
            edited = edited[:at] + edited[at + 1 :]
        else:
            edited = edited[:at] + char + edited[at + 1 :]
    new = old[:start] + edited + old[end:]
    assume(edited != quote and count_overlapping(old, quote) == 1 and quote not in new)
    note(f"old={old!r} start={start} end={end} edited={edited!r}")

    [result] = reanchor(old, new, [(1, start, end, selector_for(old, start, end))])
    assert result.state == "fuzzy"
    assert result.quote == new[result.start : result.end]
    # On the edited text; not always exactly its span, since the edits can make a slightly different
    # span a closer match ("👍 the" edited to "👍 x the": "x the" is one substitution away).
    assert abs(result.start - start) + abs(result.end - (start + len(edited))) <= 4
    assert levenshtein(result.quote, quote) <= levenshtein(edited, quote)


# Two vocabularies sharing scripts and characters but no words: the removed passage is written in one,
# the rest of the article in the other.
REMOVED_WORDS = "minister economy percent Tehran café تهران روسیه السلام 👍 e\u0301te\u0301 Zürich 3.2% grew".split()
KEPT_WORDS = "senator market dollars Moscow bakery مسکو ایران الرئيس 👎 n\u0303o Geneva 4.7% fell said".split()


@PROPERTY
@given(
    head=articles(vocabulary=tuple(KEPT_WORDS), min_words=0, max_words=40),
    passage=articles(vocabulary=tuple(REMOVED_WORDS), min_words=12, max_words=40),
    tail=articles(vocabulary=tuple(KEPT_WORDS), min_words=0, max_words=40),
    replacement=articles(vocabulary=tuple(KEPT_WORDS), min_words=0, max_words=10),
    which=st.floats(0, 1),
)
def test_removing_a_quote_and_its_surroundings_orphans_it(head, passage, tail, replacement, which):
    text, starts, ends = passage
    # A quote with at least a full prefix and suffix of the passage around it.
    inner = [(s, e) for s in starts for e in ends if s >= 32 and e <= len(text) - 32 and e > s]
    assume(inner)
    quote_start, quote_end = inner[int(which * (len(inner) - 1))]
    old = head[0] + " " + text + " " + tail[0]
    new = head[0] + " " + replacement[0] + " " + tail[0]
    offset = len(head[0]) + 1
    start, end = offset + quote_start, offset + quote_end
    note(f"old={old!r} new={new!r} start={start} end={end}")

    [result] = reanchor(old, new, [(1, start, end, selector_for(old, start, end))])
    assert result == Result(1, "orphaned", None, None, None)
