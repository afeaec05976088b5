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
