from annotations.text import normalize_body, normalize_line


def test_every_line_break_starts_a_paragraph():
    assert normalize_body("One\r\nTwo\n\n\n\nThree  \n") == "One\n\nTwo\n\nThree"


def test_plain_text_mentioning_markup_is_kept_literally():
    text = 'Use <script>alert(1)</script> and "><img src=x onerror=alert(1)>'
    assert normalize_body(text) == text


def test_pasted_html_is_reduced_to_text_with_its_paragraphs():
    html = (
        "<html><body><h1>Title</h1><p>A <a href='x' onclick='evil()'>link</a>\n and more</p>"
        "<ul><li>one</li><li>two</li></ul><style>p{}</style></body></html>"
    )
    assert normalize_body(html, "html") == "Title\n\nA link and more\n\none\n\ntwo"


def test_nul_and_control_characters_are_removed():
    assert normalize_body("a\x00b\x07c") == "abc"
    assert normalize_line("  Masoud \t Pezeshkian\x00 ") == "Masoud Pezeshkian"
