"""An inline word-level difference between two revisions of a text, as safe HTML. Pure functions, no Django.

Deleted words are shown in <del>, inserted ones in <ins>; characters of the newer text that claims cover are
wrapped in <mark class="diff-claim">, so an editor sees what the change did to the checked passages.

Linear in practice: a word diff of a whole article is quadratic (every space and "the" matches thousands of
others), so the texts are compared in levels. Paragraphs first: unchanged ones are copied through. Changed
paragraphs are paired with the most similar paragraph near them on the other side (inserted and removed
paragraphs stay unpaired); each pair is compared sentence by sentence the same way, and only a changed pair of
sentences gets a word diff. The quadratic step therefore only ever sees one sentence, whatever the article's
length; the paragraph and sentence steps use difflib on whole units, which are nearly all distinct.
"""

import bisect
import difflib
import html
import re

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
# A paragraph ends at a blank line; a sentence after ., ! or ? (and a closing quote) followed by space.
LEVELS = (re.compile(r"(?<=\n\n)"), re.compile(r"(?<=[.!?])(?=\s)|(?<=[.!?][”’\"')])(?=\s)|(?<=\n)"))
LOOKAHEAD = 4  # how far a changed unit looks for a better partner on the other side
SIMILAR = 0.4  # share of words two units must have in common to be compared word by word


def _split(text: str, level: int) -> list[str]:
    return [piece for piece in LEVELS[level].split(text) if piece]


WORDS = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return set(WORDS.findall(text.lower()))


class _Marker:
    """Wraps the runs of the newer text that claims cover in <mark>, from merged, sorted spans."""

    def __init__(self, spans, length: int):
        merged: list[list[int]] = []
        for start, end in sorted((max(0, s), min(e, length)) for s, e in spans):
            if start >= end:
                continue
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [s for s, _ in merged]
        self.spans = merged

    def __call__(self, text: str, offset: int) -> str:
        if not self.spans:
            return html.escape(text)
        out, pos, end_of_text = [], offset, offset + len(text)
        i = max(0, bisect.bisect_right(self.starts, offset) - 1)
        while pos < end_of_text:
            while i < len(self.spans) and self.spans[i][1] <= pos:
                i += 1
            if i == len(self.spans) or self.spans[i][0] >= end_of_text:
                out.append(html.escape(text[pos - offset :]))
                break
            start, end = self.spans[i]
            if start > pos:
                out.append(html.escape(text[pos - offset : start - offset]))
                pos = start
            stop = min(end, end_of_text)
            out.append(f'<mark class="diff-claim">{html.escape(text[pos - offset : stop - offset])}</mark>')
            pos = stop
        return "".join(out)


class _Diff:
    def __init__(self, new: str, claim_spans):
        self.mark = _Marker(claim_spans, len(new))
        self.out: list[str] = []
        self.offset = 0  # where in the newer text the output has reached

    def equal(self, text: str) -> None:
        if text:
            self.out.append(self.mark(text, self.offset))
            self.offset += len(text)

    def _append(self, tag: str, inner: str) -> None:
        # Units added one after another (a paragraph and the line breaks before it) read as one insertion,
        # "[+…]", not as "[+ ][+ ][+…]".
        close = f"</{tag}>"
        if self.out and self.out[-1].startswith(f"<{tag}>") and self.out[-1].endswith(close):
            self.out[-1] = self.out[-1][: -len(close)] + inner + close
        else:
            self.out.append(f"<{tag}>{inner}{close}")

    def deleted(self, text: str) -> None:
        if text:
            self._append("del", html.escape(text))

    def inserted(self, text: str) -> None:
        if text:
            self._append("ins", self.mark(text, self.offset))
            self.offset += len(text)

    def units(self, old: list[str], new: list[str], level: int) -> None:
        """Compare two lists of units (paragraphs or sentences): equal runs through, changed ones paired."""
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for op, a_lo, a_hi, b_lo, b_hi in matcher.get_opcodes():
            if op == "equal":
                self.equal("".join(new[b_lo:b_hi]))
            else:
                self.changed(old[a_lo:a_hi], new[b_lo:b_hi], level)

    def changed(self, old: list[str], new: list[str], level: int) -> None:
        """Pair each changed unit with a similar one nearby on the other side; the rest were removed or added."""
        old_words, new_words = [_words(u) for u in old], [_words(u) for u in new]

        def similarity(i: int, j: int) -> float:
            a, b = old_words[i], new_words[j]
            if not a and not b:
                return 1.0 if old[i].strip() == new[j].strip() else 0.0
            return len(a & b) / len(a | b)

        i = j = 0
        while i < len(old) or j < len(new):
            if i == len(old):
                self.inserted(new[j])
                j += 1
                continue
            if j == len(new):
                self.deleted(old[i])
                i += 1
                continue
            # The unit opposite is the usual partner (an edit in place); look further only when it is not.
            di = dj = 0
            if similarity(i, j) < SIMILAR:
                candidates = [(similarity(i + d, j), d, 0) for d in range(1, min(LOOKAHEAD, len(old) - i))]
                candidates += [(similarity(i, j + d), 0, d) for d in range(1, min(LOOKAHEAD, len(new) - j))]
                best = max(candidates, default=(0.0, 0, 0), key=lambda t: (t[0], -(t[1] + t[2])))
                if best[0] < SIMILAR:
                    self.deleted(old[i])
                    self.inserted(new[j])
                    i, j = i + 1, j + 1
                    continue
                _, di, dj = best
            for skipped in old[i : i + di]:
                self.deleted(skipped)
            for added in new[j : j + dj]:
                self.inserted(added)
            self.pair(old[i + di], new[j + dj], level)
            i, j = i + di + 1, j + dj + 1

    def pair(self, old: str, new: str, level: int) -> None:
        if level + 1 < len(LEVELS):
            old_units, new_units = _split(old, level + 1), _split(new, level + 1)
            if len(old_units) > 1 or len(new_units) > 1:
                self.units(old_units, new_units, level + 1)
                return
        self.words(old, new)

    def words(self, old: str, new: str) -> None:
        a, b = TOKEN.findall(old), TOKEN.findall(new)
        # The words both share at either end need no matching.
        head = 0
        while head < len(a) and head < len(b) and a[head] == b[head]:
            head += 1
        tail = 0
        while tail < len(a) - head and tail < len(b) - head and a[-1 - tail] == b[-1 - tail]:
            tail += 1
        self.equal("".join(b[:head]))
        a, b, ending = a[head : len(a) - tail], b[head : len(b) - tail], "".join(b[len(b) - tail :])
        for op, a_lo, a_hi, b_lo, b_hi in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op == "equal":
                self.equal("".join(b[b_lo:b_hi]))
            else:
                self.deleted("".join(a[a_lo:a_hi]))
                self.inserted("".join(b[b_lo:b_hi]))
        self.equal(ending)


def render_diff(old: str, new: str, claim_spans: list[tuple[int, int]] = ()) -> str:
    diff = _Diff(new, claim_spans)
    diff.units(_split(old, 0), _split(new, 0), 0)
    return "".join(diff.out)
