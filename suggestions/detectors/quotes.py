"""Quoted speech with its attribution ("“...,” the Russian leader said"), and the speaker as claimant.
Pure Python, no Django.
"""

from __future__ import annotations

import bisect
import re

from suggestions.detectors import reasons as r
from suggestions.detectors.finding import QUOTE, Finding, alternation

QUOTE_RE = re.compile(r"“[^”\n]{2,}”|\"[^\"\n]{2,}\"|«[^»\n]{2,}»|„[^“”\n]{2,}[“”]")
SPEECH_VERBS = (
    "said says say told tells added adds wrote writes stated declared insisted noted explained argued warned claimed "
    "asked replied tweeted posted announced stressed recalled admitted acknowledged continued concluded"
)
SPEECH_VERB = alternation(SPEECH_VERBS)
AFTER_ATTRIBUTION_RE = re.compile(rf"\b(?:quoted\s+\w+\s+as\s+saying|according\s+to\b|(?:{SPEECH_VERB})\b)")
BEFORE_ATTRIBUTION_RE = re.compile(rf"\b(?:{SPEECH_VERB})\b(?:\s+that)?")
PRONOUNS = {"he", "she", "they", "him", "her", "them", "i", "we", "it"}
NAME_AFTER_VERB_RE = re.compile(
    r"\s+(?P<name>(?:(?:the|a|an)\s+)?(?:[\w’'-]+\s+){0,6}?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)"
)
SUBJECT_BEFORE_RE = re.compile(
    r"(?P<subject>(?:\b(?:the|a|an)\s+)?(?:[A-Z][\w’'-]*\s+)*(?:[A-Z][\w’'-]*|he|she|they|officials|media)|\b(?:the|a|an)\s+(?:[\w’'-]+\s+){0,3}[\w’'-]+)\s+$"
)
SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\s]+(?=[A-Z“\"«„])|\n")


SENTENCE_WINDOW = 600


def _sentence_bounds(text: str, pos: int, quotes: list[tuple[int, int]]) -> tuple[int, int]:
    """The sentence around pos, treating every quotation as one opaque word (quotes have full stops inside)."""
    # An attribution sits near its quote: looking further than SENTENCE_WINDOW keeps long paragraphs linear.
    start = max(text.rfind("\n", 0, pos) + 1, pos - SENTENCE_WINDOW, 0)
    end = text.find("\n", pos, pos + SENTENCE_WINDOW)
    end = min(len(text), pos + SENTENCE_WINDOW) if end < 0 else end
    starts = [qs for qs, _ in quotes]

    def inside(i: int) -> bool:
        k = bisect.bisect_left(starts, i) - 1  # quotes do not nest: only the last one opened before i can hold it
        return k >= 0 and quotes[k][0] < i < quotes[k][1]

    for m in SENTENCE_END_RE.finditer(text, start, pos):
        if not inside(m.start()):
            start = m.end()
    for m in SENTENCE_END_RE.finditer(text, pos, end):
        if not inside(m.start()):
            end = m.start()
            break
    return start, end


def _has_quote_between(starts: list[int], start: int, end: int) -> bool:
    k = bisect.bisect_left(starts, start)
    return k < len(starts) and starts[k] < end


def find_quotes(text: str) -> list[Finding]:
    quotes = [(m.start(), m.end()) for m in QUOTE_RE.finditer(text)]
    starts = [qs for qs, _ in quotes]
    found: list[Finding] = []
    last_speaker = ""
    last_quote_paragraph_end = -1
    for qs, qe in quotes:
        words = len(text[qs + 1 : qe - 1].split())
        s_start, s_end = _sentence_bounds(text, qs, quotes)
        s_end = max(s_end, qe)
        s_end = min(s_end, qe + SENTENCE_WINDOW)
        after = text[qe:s_end]
        before = text[s_start:qs]
        span = None
        # "…,” the Russian leader said.  /  "…,” said Agnieszka Wójcik, the mayor…
        verb = AFTER_ATTRIBUTION_RE.search(after)
        if verb and len(after[: verb.start()].split()) <= 12 and not _has_quote_between(starts, qe, qe + verb.start()):
            subject = after[: verb.start()].strip(" ,;:—–")
            subject = re.split(r"[,;]\s+(?=[a-z])|\s+(?:in|at|on|during)\s+.*", subject)[-1] if subject else subject
            end = qe + verb.end()
            speaker = subject
            if not subject or subject.lower() in ("", "and"):
                name = NAME_AFTER_VERB_RE.match(text, end, s_end)
                if name:
                    end = name.end()
                    speaker = name.group("name")
            speaker = re.sub(r"^(?:the|a|an)\s+(?=[A-Z])", "", speaker.strip(" ,"))
            span = (qs, end, speaker)
        else:
            # Pezeshkian said Iran’s relationship with Russia is “sincere and strategic”.
            verbs = list(BEFORE_ATTRIBUTION_RE.finditer(before))
            if verbs:
                v = verbs[-1]
                subject = SUBJECT_BEFORE_RE.search(before[: v.start()])
                start = s_start + (subject.start("subject") if subject else v.start())
                span = (start, qe, subject.group("subject") if subject else "")
        if span is None:
            paragraph_start = text.rfind("\n", 0, qs) + 1
            standalone = text[paragraph_start:qs].strip() == "" and text[qe:s_end].strip(" .,") == ""
            if standalone and last_speaker and last_quote_paragraph_end >= paragraph_start - 2:
                found.append(
                    Finding(
                        qs,
                        qe,
                        QUOTE,
                        r.Reason(r.QUOTE_PREVIOUS_PARAGRAPH, {"speaker": last_speaker}),
                        0.6,
                        claimant=last_speaker,
                    )
                )
                last_quote_paragraph_end = s_end
            elif words >= 5:
                found.append(Finding(qs, qe, QUOTE, r.Reason(r.QUOTE_UNATTRIBUTED), 0.5))
            continue
        start, end, speaker = span
        if speaker.lower() in PRONOUNS or speaker.lower().split()[-1:] in (["media"], ["officials"]) or not speaker:
            speaker = last_speaker
        else:
            last_speaker = speaker
        last_quote_paragraph_end = s_end
        found.append(Finding(start, end, QUOTE, r.Reason(r.QUOTE_ATTRIBUTED), 0.7, claimant=speaker))
    return found
