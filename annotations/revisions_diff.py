"""An inline word-level difference between two revisions of a text, as safe HTML. Pure functions, no Django.

Deleted words are shown in <del>, inserted ones in <ins>; characters of the newer text that claims cover are
wrapped in <mark class="diff-claim">, so an editor sees what the change did to the checked passages.
"""

import difflib
import html
import re

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def _marked(text: str, offset: int, covered: list[bool]) -> str:
    """Escape `text` (which starts at `offset` in the newer body), marking the runs that claims cover."""
    out, run_start = [], 0
    for i in range(1, len(text) + 1):
        if i == len(text) or covered[offset + i] != covered[offset + run_start]:
            piece = html.escape(text[run_start:i])
            out.append(f'<mark class="diff-claim">{piece}</mark>' if covered[offset + run_start] else piece)
            run_start = i
    return "".join(out)


def render_diff(old: str, new: str, claim_spans: list[tuple[int, int]] = ()) -> str:
    covered = [False] * (len(new) + 1)
    for start, end in claim_spans:
        for i in range(max(0, start), min(end, len(new))):
            covered[i] = True
    a, b = _tokens(old), _tokens(new)
    out, b_offset = [], 0
    for op, a_lo, a_hi, b_lo, b_hi in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_text, new_text = "".join(a[a_lo:a_hi]), "".join(b[b_lo:b_hi])
        if op in ("delete", "replace"):
            out.append(f"<del>{html.escape(old_text)}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{_marked(new_text, b_offset, covered)}</ins>")
        if op == "equal":
            out.append(_marked(new_text, b_offset, covered))
        b_offset += len(new_text)
    return "".join(out)
