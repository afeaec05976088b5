"""The desk's own decisions as labelled sentences, for `train_checkworthiness --with-feedback`.

In each English article: the sentence of an accepted suggestion, and the sentence of any claim (including claims
an editor made where nothing was suggested), is check-worthy; the sentence of a dismissed suggestion is not,
unless a claim or an accepted suggestion sits in the same sentence. A suggestion whose text has changed since it
was decided (its quote no longer at its offsets) is left out, and so is an orphaned claim.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from annotations.models import AnchorState, Article, Claim
from suggestions.analysis import MODEL_LANGUAGES
from suggestions.checkworthiness.sentences import sentence_spans
from suggestions.checkworthiness.training import Labelled
from suggestions.models import Suggestion, SuggestionStatus

BATCH = 200  # articles read at a time


def _sentence_at(spans: list[tuple[int, int]], position: int) -> tuple[int, int] | None:
    for start, end in spans:
        if start <= position < end:
            return start, end
    return None


def _article_ids() -> Iterator[int]:
    decided = Suggestion.objects.exclude(status=SuggestionStatus.OPEN).values("article_id")
    claimed = Claim.objects.values("article_id")
    ids = (
        Article.objects.filter(language__in=MODEL_LANGUAGES)
        .filter(pk__in=decided.union(claimed))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    yield from ids.iterator(chunk_size=BATCH)


def feedback_sentences() -> Labelled:
    texts: list[str] = []
    labels: list[bool] = []
    ids = list(_article_ids())
    for i in range(0, len(ids), BATCH):
        chunk = ids[i : i + BATCH]
        bodies = dict(Article.objects.filter(pk__in=chunk).values_list("pk", "body"))
        marks: dict[int, list[tuple[int, int, bool]]] = {pk: [] for pk in chunk}
        for article_id, start, end, quote, status in (
            Suggestion.objects.filter(article_id__in=chunk)
            .exclude(status=SuggestionStatus.OPEN)
            .values_list("article_id", "start", "end", "quote", "status")
        ):
            if bodies[article_id][start:end] == quote:
                marks[article_id].append((start, end, status == SuggestionStatus.ACCEPTED))
        for article_id, start, end in (
            Claim.objects.filter(article_id__in=chunk)
            .exclude(anchor_state=AnchorState.ORPHANED)
            .values_list("article_id", "start", "end")
        ):
            marks[article_id].append((start, end, True))
        for article_id, found in marks.items():
            body = bodies[article_id]
            spans = list(sentence_spans(body))
            verdicts: dict[tuple[int, int], bool] = {}
            for start, _end, worthy in found:
                sentence = _sentence_at(spans, start)
                if sentence is not None:
                    verdicts[sentence] = verdicts.get(sentence, False) or worthy
            for (start, end), worthy in sorted(verdicts.items()):
                texts.append(body[start:end])
                labels.append(worthy)
    return Labelled(texts, np.array(labels, dtype=bool))
