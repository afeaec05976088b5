"""The documentation a newcomer reads: the README stays short and opens with the two commands, and every relative
link in the README and in docs/*.md leads to a file (and heading) that exists, as GitHub renders them."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]

FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`[^`]*`")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def prose_lines(text: str):
    """The lines outside fenced code blocks, with inline code removed (a link inside code is not a link)."""
    in_fence = False
    for line in text.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield INLINE_CODE.sub("", line)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: the text of links kept, lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    for line in prose_lines(path.read_text(encoding="utf-8")):
        match = HEADING.match(line)
        if match:
            base = slug(match.group(2))
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.add(base if count == 0 else f"{base}-{count}")
    found.update(re.findall(r'<a\s+(?:name|id)="([^"]+)"', path.read_text(encoding="utf-8")))
    return found


def broken_links(page: Path) -> list[str]:
    problems = []
    for line in prose_lines(page.read_text(encoding="utf-8")):
        for target in LINK.findall(line):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):  # https:, mailto:
                continue
            path_part, _, anchor = target.partition("#")
            linked = (page.parent / path_part).resolve() if path_part else page
            if not linked.exists():
                problems.append(f"{target}: no such file")
            elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
                problems.append(f"{target}: no heading with the anchor #{anchor}")
    return problems


@pytest.mark.parametrize("page", PAGES, ids=[str(page.relative_to(ROOT)) for page in PAGES])
def test_every_relative_link_leads_somewhere(page):
    assert broken_links(page) == []


def test_the_link_check_sees_a_missing_file_and_a_missing_heading(tmp_path):
    (tmp_path / "other.md").write_text('# Other page\n\n## Search and "Checked before"\n')
    page = tmp_path / "page.md"
    page.write_text(
        "See [other](other.md), [a heading](other.md#search-and-checked-before), [gone](gone.md),\n"
        "[no heading](other.md#nowhere), [outside](https://example.org/x.md) and `[code](gone.md)`.\n"
        "```\n[in a block](gone.md)\n```\n"
    )
    assert broken_links(page) == ["gone.md: no such file", "other.md#nowhere: no heading with the anchor #nowhere"]


def test_anchors_follow_github():
    assert slug("The desk: assignment, My work, notifications, bulk actions") == (
        "the-desk-assignment-my-work-notifications-bulk-actions"
    )
    assert slug("`bench/` and the API (v1)") == "bench-and-the-api-v1"
    assert slug("Поиск и «проверено»") == "поиск-и-проверено"


def test_the_readme_opens_with_the_two_commands_and_stays_short():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) < 160, f"README.md has {len(lines)} lines; move detail to docs/"
    content = [line for line in lines if line.strip()]
    assert content[0].startswith("# "), "the README starts with the project's name"
    assert FENCE.match(content[1]), "the first thing after the name is a block with the commands"
    assert content[2].split("#")[0].strip() == "./dev run"
    assert content[3].split("#")[0].strip() == "./dev test"


def test_the_readme_links_every_docs_page():
    text = README.read_text(encoding="utf-8")
    missing = [page.name for page in PAGES[1:] if f"(docs/{page.name})" not in text]
    assert missing == [], "the README's map of the docs lacks these pages"
