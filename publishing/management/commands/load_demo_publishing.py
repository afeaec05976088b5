"""A published article for the demo, with one verdict corrected after publication, so the public corrections log
and feed (and where each verdict went) have something to show. Idempotent.

`load_demo` runs every installed command whose name starts with `load_demo_`, so the core knows nothing of it.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from annotations import services
from annotations.models import Article, Rating
from publishing import services as publishing_services

EXTERNAL_ID = "demo-published"
TITLE = "Turnout in the council election reached 64 per cent, the commission says"
BODY = (
    "Turnout in the council election reached 64 per cent, the electoral commission said on Sunday, the highest "
    "in two decades.\n\n"
    "The mayor told supporters that the new tram line had cut commuting times by half since it opened in March."
)
SOURCE = {"url": "https://elections.example/council/2024/results", "title": "Final results", "publisher": "Commission"}
NOTE = (
    "We first rated this mostly true from the commission's early figure. Its final count puts turnout at 46 per "
    "cent, so the claim is false."
)


class Command(BaseCommand):
    help = "Create a signed-off demo article with one correction (the public corrections log's example)."

    def handle(self, *args, **options):
        if Article.objects.filter(external_id=EXTERNAL_ID).exists():
            self.stdout.write("Demo publication: already there")
            return
        User = get_user_model()
        editor, reviewer = User.objects.get(username="editor"), User.objects.get(username="reviewer")
        ratings = {r.slug: r for r in Rating.objects.all()}
        with transaction.atomic():
            article = services.article_create(
                user=editor,
                title=TITLE,
                body=BODY,
                url="https://news.example/local/council-turnout",
                publication="City Courier",
                published_at=date(2024, 10, 14),
                external_id=EXTERNAL_ID,
            )
            claims = [
                self.claim(
                    article, editor, reviewer, "reached 64 per cent", ratings["mostly-true"], kind="number",
                    statement="Turnout in the council election was 64 per cent.", claimant="Electoral commission",
                    rationale="The commission's first figure on election night.",
                ),
                self.claim(
                    article, editor, reviewer, "cut commuting times by half", ratings["mostly-false"],
                    statement="The tram line halved commuting times.", claimant="The mayor",
                    rationale="The transport authority measured a cut of about a fifth on the busiest route.",
                ),
            ]  # fmt: skip
            services.article_sign_off(article=article, user=reviewer)
            # The verdict went out: the desk posted it, and the public feed served it.
            publishing_services.destination_add(
                claim=claims[0], user=editor, url="https://social.example/citycourier/status/1", label="Our post"
            )
            publishing_services.copies_sent("feed", [(claims[0].pk, claims[0].version)])
            # After publication the commission's final count came in: the first verdict is corrected.
            claim = services.claim_reopen(claim=claims[0], user=reviewer, reason="The final count differs.")
            claim = services.claim_update(
                claim=claim,
                user=editor,
                version=None,
                changes={
                    "verdict": ratings["false"],
                    "rationale": "The commission's final count puts turnout at 46 per cent, not 64.",
                },
            )
            claim = services.claim_submit(claim=claim, user=editor)
            services.claim_approve(claim=claim, user=reviewer, correction_note=NOTE)
            services.article_sign_off(article=article, user=reviewer)
        self.stdout.write(f"Demo publication: {TITLE} (signed off, one correction: see /public/corrections/)")

    @staticmethod
    def claim(article, editor, reviewer, quote, verdict, **fields):
        start = article.body.index(quote)
        claim = services.claim_create(
            article=article, user=editor, start=start, end=start + len(quote), quote=quote, verdict=verdict, **fields
        )
        services.source_create(claim=claim, user=editor, **SOURCE)
        claim = services.claim_submit(claim=claim, user=editor)
        return services.claim_approve(claim=claim, user=reviewer)
