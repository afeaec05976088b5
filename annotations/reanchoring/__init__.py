"""Re-anchoring claims when an article body changes. Pure Python, standard library only, no Django.

A claim anchors to a span of the article body: `start`/`end` are Unicode code point offsets (Python string
indices) and a W3C TextQuoteSelector keeps the quoted text (`exact`) with up to 32 characters of `prefix`
and `suffix` around it. When the body is edited, `reanchor(old_text, new_text, claims)` finds each claim
again in the new body and says how:

1. "exact": the quote is still where the edit put it; the claim keeps it, at its shifted offsets.
2. "moved": the quote is found word for word elsewhere; of several occurrences, the one whose prefix,
   suffix and distance from the old position fit best.
3. "fuzzy": the quote is not found word for word, but an edited version of it is; the claim moves to that
   text and takes it as its new quote.
4. "orphaned": nothing acceptable; the claim has no position until someone re-attaches it.

The modules, from the bottom up:

- `edit_distance.py`: approximate search, Myers' bit-vector algorithm over Python ints;
- `matching.py`: Hypothesis's quote matcher and scores (`match_quote`, `find_quote`), reproduced exactly;
- `position_map.py`: `PositionMap`, where each offset of the old body went in the new one;
- `reanchorer.py`: `reanchor` and the TextQuoteSelector (`Quote`, `selector_for`, `CONTEXT`), how a claim
  is found again and when a candidate is evidence enough.
"""

from annotations.reanchoring.matching import Match, find_quote, match_quote
from annotations.reanchoring.position_map import PositionMap
from annotations.reanchoring.reanchorer import (
    CONTEXT,
    DISTINCTIVE_LENGTH,
    NEAR_WINDOW,
    Anchor,
    Quote,
    Result,
    State,
    reanchor,
    selector_for,
)

__all__ = [
    "CONTEXT",
    "DISTINCTIVE_LENGTH",
    "NEAR_WINDOW",
    "Anchor",
    "Match",
    "PositionMap",
    "Quote",
    "Result",
    "State",
    "find_quote",
    "match_quote",
    "reanchor",
    "selector_for",
]
