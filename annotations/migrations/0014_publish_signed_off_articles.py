"""Articles signed off before publication copies existed are published: one PublishedClaim per claim, as
services._claims_publish writes at sign-off (the public archive link: the editor's, else the Internet Archive's)."""

from django.db import migrations


def publish(apps, schema_editor):
    Article = apps.get_model("annotations", "Article")
    Claim = apps.get_model("annotations", "Claim")
    Source = apps.get_model("annotations", "Source")
    Snapshot = apps.get_model("annotations", "Snapshot")
    PublishedClaim = apps.get_model("annotations", "PublishedClaim")
    signed_off = Article.objects.filter(signed_off_at__isnull=False).exclude(published_claims__isnull=False)
    for article in signed_off.iterator():
        for claim in Claim.objects.filter(article_id=article.pk).select_related("verdict"):
            sources = []
            for source in Source.objects.filter(claim_id=claim.pk).order_by("id"):
                archive = source.archive_url
                if not archive:
                    snapshot = Snapshot.objects.filter(source_id=source.pk, kind="cited").order_by("-id").first()
                    archive = snapshot.archive_org_url if snapshot else ""
                sources.append(
                    {"url": source.url, "title": source.title, "publisher": source.publisher, "archive_url": archive}
                )
            verdict = claim.verdict
            PublishedClaim.objects.create(
                claim_id=claim.pk,
                article_id=article.pk,
                version=claim.version,
                published_at=article.signed_off_at,
                modified_at=article.signed_off_at,
                statement=claim.statement,
                claimant=claim.claimant,
                kind=claim.kind,
                verdict_slug=verdict.slug if verdict else "",
                verdict_label=verdict.label if verdict else "",
                verdict_value=verdict.value if verdict else None,
                rationale=claim.rationale,
                correction=claim.correction,
                exact=claim.exact,
                prefix=claim.prefix,
                suffix=claim.suffix,
                start=claim.start,
                end=claim.end,
                sources=sources,
            )


class Migration(migrations.Migration):
    dependencies = [("annotations", "0013_publication")]

    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
