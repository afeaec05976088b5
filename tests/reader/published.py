"""Published articles for the reader tests, built through the services the desk uses (create, submit, approve,
sign off). The English and Persian articles here are what tests/reader/cms.py's pages show in their own markup."""

from annotations import services
from annotations.models import PublishedClaim, Rating

EN_BODY = (
    "The summit in Kazan starts on October 22, with the leaders of 24 countries expected.\n\n"
    'The minister said "grain exports rose by 12 percent" last year, a figure the ministry\'s own report does not '
    "show.\n\n"
    "The conference in Ashgatat opened on Monday with a speech by the host."
)
EN_CLAIMS = [
    {
        "quote": "leaders of 24 countries",
        "verdict": "mostly-true",
        "kind": "number",
        "statement": "Leaders of 24 countries attend the Kazan summit.",
        "rationale": "The organisers' list names 22 heads of state and two heads of government.",
        "sources": [
            {
                "url": "https://summit.example/participants",
                "title": "List of participants",
                "archive_url": "https://web.archive.org/web/2026/https://summit.example/participants",
            }
        ],
    },
    {
        "quote": '"grain exports rose by 12 percent"',
        "verdict": "false",
        "claimant": "The minister of agriculture",
        "statement": "Grain exports rose by 12 percent last year.",
        "rationale": "Customs data show a fall of 3 percent.",
        "sources": [{"url": "https://customs.example/2025", "title": "Customs statistics 2025"}],
    },
    {
        "quote": "conference in Ashgatat",
        "verdict": "incorrect",
        "kind": "name",
        "statement": "The conference was held in Ashgatat.",
        "rationale": "The capital of Turkmenistan is spelt Ashgabat.",
        "correction": "Ashgabat",
        "sources": [{"url": "https://atlas.example/turkmenistan", "title": "Atlas"}],
    },
]

FA_BODY = (
    "رهبران ۲۴ کشور در نشست کازان شرکت خواهند کرد. این نشست روز ۲۲ اکتبر آغاز می‌شود.\n\n"
    "پوتین در عشق‌آباد با پزشکیان دیدار کرد؛ عشق‌آباد پایتخت ترکمنستان است."
)
FA_CLAIMS = [
    {
        "quote": "رهبران ۲۴ کشور",
        "verdict": "mostly-true",
        "kind": "number",
        "statement": "رهبران ۲۴ کشور در نشست کازان شرکت می‌کنند.",
        "rationale": "فهرست برگزارکنندگان ۲۲ رئیس کشور و دو رئیس دولت را نام می‌برد.",
        "sources": [{"url": "https://summit.example/fa", "title": "فهرست شرکت‌کنندگان"}],
    },
    {
        "quote": "عشق‌آباد پایتخت ترکمنستان است",
        "verdict": "true",
        "statement": "عشق‌آباد پایتخت ترکمنستان است.",
        "rationale": "قانون اساسی ترکمنستان.",
        "sources": [{"url": "https://atlas.example/fa", "title": "اطلس"}],
    },
]


def publish(editor, reviewer, *, body: str, claims: list[dict], sign_off: bool = True, **article_fields):
    """An article with these claims, each submitted and approved; signed off (published) unless told otherwise."""
    article = services.article_create(
        user=editor, title=article_fields.pop("title", "Summit"), body=body, **article_fields
    )
    made = []
    for spec in claims:
        spec = dict(spec)
        quote = spec.pop("quote")
        verdict = Rating.objects.get(slug=spec.pop("verdict"))
        start = article.body.index(quote)
        claim = services.claim_create(
            article=article, user=editor, start=start, end=start + len(quote), quote=quote, verdict=verdict, **spec
        )
        claim = services.claim_submit(claim=claim, user=editor)
        made.append(services.claim_approve(claim=claim, user=reviewer))
    if sign_off:
        article = services.article_sign_off(article=article, user=reviewer)
    return article, made


def english(editor, reviewer, **fields):
    fields.setdefault("external_id", "cms-en-1")
    fields.setdefault("language", "en")
    fields.setdefault("title", "Summit in Kazan")
    return publish(editor, reviewer, body=EN_BODY, claims=EN_CLAIMS, **fields)


def persian(editor, reviewer, **fields):
    fields.setdefault("external_id", "cms-fa-1")
    fields.setdefault("language", "fa")
    fields.setdefault("title", "دیدار پوتین و پزشکیان در عشق‌آباد")
    return publish(editor, reviewer, body=FA_BODY, claims=FA_CLAIMS, **fields)


def corrected(claim, editor, reviewer, note: str, **changes):
    """A published claim corrected as the desk does it: reopened, changed, submitted and approved with a public
    note (a Correction, and what readers see renewed at once)."""
    claim = services.claim_reopen(claim=claim, user=reviewer, reason="A reader wrote in.")
    changes = changes or {"rationale": claim.rationale + " Corrected."}
    claim = services.claim_update(claim=claim, user=editor, version=None, changes=changes)
    claim = services.claim_submit(claim=claim, user=editor)
    return services.claim_approve(claim=claim, user=reviewer, correction_note=note)


def published_rows(n: int, *, per_article: int = 10, user=None) -> list[PublishedClaim]:
    """`n` published claims as plain rows (for query counts and paging): articles, approved claims and their copies
    written straight into the tables, `per_article` to an article, each changed at its own moment."""
    from datetime import timedelta

    from django.utils import timezone

    from annotations.models import Claim, ClaimStatus
    from tests.factories import ArticleFactory

    verdict = Rating.objects.get(slug="false")
    now = timezone.now()
    rows = []
    for first in range(0, n, per_article):
        article = ArticleFactory(created_by=user, language="en") if user else ArticleFactory(language="en")
        author = article.created_by
        count = min(per_article, n - first)
        claims = Claim.objects.bulk_create(
            Claim(
                article=article,
                start=0,
                end=5,
                exact="First",
                statement=f"Statement {first + i}",
                status=ClaimStatus.APPROVED,
                verdict=verdict,
                created_by=author,
                updated_by=author,
            )
            for i in range(count)
        )
        rows += [
            PublishedClaim(
                claim=claim,
                article=article,
                version=1,
                published_at=now,
                modified_at=now - timedelta(seconds=first + i),
                statement=claim.statement,
                kind="factual",
                verdict_slug="false",
                verdict_label="False",
                verdict_value=1,
                exact="First",
                prefix="",
                suffix=" paragraph",
                start=0,
                end=5,
                sources=[{"url": "https://example.org/s", "title": "S", "publisher": "", "archive_url": ""}],
            )
            for i, claim in enumerate(claims)
        ]
    return PublishedClaim.objects.bulk_create(rows)
