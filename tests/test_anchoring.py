import pytest

from annotations import anchoring


def test_selector_keeps_32_characters_of_context():
    body = "x" * 50 + "QUOTE" + "y" * 50
    selector = anchoring.selector_for(body, 50, 55)
    assert (selector.exact, selector.prefix, selector.suffix) == ("QUOTE", "x" * 32, "y" * 32)


@pytest.mark.parametrize(
    ("text", "utf16", "code_points"),
    [("abc", 2, 2), ("😀abc", 2, 1), ("😀abc", 3, 2), ("a😀😀b", 5, 3), ("سلام دنیا", 4, 4)],
)
def test_utf16_offsets_convert_to_code_points(text, utf16, code_points):
    assert anchoring.utf16_to_code_points(text, utf16) == code_points


def test_trim_span_drops_surrounding_whitespace():
    body = "one  two  three"
    assert anchoring.trim_span(body, 3, 10) == (5, 8)
    assert anchoring.trim_span(body, 3, 5) == (5, 5)
