"""Finding a quote that a client sends without offsets. Pure functions, no Django.

Errors are English templates marked with `gettext_noop` (`Located.error`, `Located.error_params`); the view
translates them into the request's language.

Only word-for-word occurrences count. One occurrence is the answer; of several, the prefix and suffix (as in
a W3C TextQuoteSelector) choose: the occurrences whose surrounding text ends with the prefix and starts with
the suffix, or else the single best by Hypothesis's score (annotations.reanchoring). A tie is ambiguous and
the caller is told every candidate, so the client can send more context or the offsets.
"""

from dataclasses import dataclass

from annotations.reanchoring import match_quote


def gettext_noop(message: str) -> str:
    return message


ERR_NOT_FOUND = gettext_noop("The quote does not occur in the article.")
# Only ever said of two or more occurrences: no singular form is needed.
ERR_AMBIGUOUS = gettext_noop(
    "The quote occurs %(count)s times; send a longer prefix or suffix, or start and end, to choose one."
)
MAX_CANDIDATES = 20  # listed in an error; more would only bloat it


@dataclass(frozen=True)
class Located:
    start: int | None
    end: int | None
    error: str | None = None  # an untranslated template; fill it with error_params
    candidates: tuple[dict, ...] = ()
    error_params: tuple[tuple[str, int], ...] = ()

    def message(self, translate=lambda message: message, value=str) -> str | None:
        """The error sentence, the template passed through `translate` and each number through `value`."""
        return None if self.error is None else translate(self.error) % {k: value(v) for k, v in self.error_params}


def locate(text: str, quote: str, prefix: str = "", suffix: str = "") -> Located:
    if not quote or quote not in text:  # checked first: match_quote would go on to an approximate search
        return Located(None, None, ERR_NOT_FOUND)
    matches = [m for m in match_quote(text, quote, prefix=prefix, suffix=suffix) if m.errors == 0]
    if not matches:
        return Located(None, None, ERR_NOT_FOUND)
    if len(matches) == 1:
        return Located(matches[0].start, matches[0].end)
    fitting = [m for m in matches if text.endswith(prefix, 0, m.start) and text.startswith(suffix, m.end)]
    if len(fitting) == 1:
        return Located(fitting[0].start, fitting[0].end)
    if not fitting and (prefix or suffix):
        best, second = sorted(matches, key=lambda m: -m.score)[:2]
        if best.score > second.score:
            return Located(best.start, best.end)
    ambiguous = sorted(fitting or matches, key=lambda m: m.start)
    candidates = tuple(
        {
            "start": m.start,
            "end": m.end,
            "prefix": text[max(0, m.start - 32) : m.start],
            "suffix": text[m.end : m.end + 32],
        }
        for m in ambiguous[:MAX_CANDIDATES]
    )
    return Located(None, None, ERR_AMBIGUOUS, candidates, (("count", len(ambiguous)),))
