"""Claims as CSV rows for a spreadsheet. Pure, no Django."""

import csv
import io

COLUMNS = [
    "article_id", "external_id", "article_title", "article_url", "published_at", "claim_id", "quote", "start", "end",
    "claim", "kind", "claimant", "verdict", "rating_value", "rationale", "correction", "status", "sources",
    "created_by", "reviewed_by", "created", "updated",
]  # fmt: skip
# A cell starting with one of these is a formula to Excel or LibreOffice; prefixing a quote keeps it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _row(claim) -> list[str]:
    article = claim.article
    external = getattr(article, "external", None)
    return [_cell(v) for v in (
        article.pk, external.external_id if external else "", article.title, article.url, article.published_at,
        claim.pk, claim.exact, claim.start, claim.end, claim.claim, claim.kind, claim.claimant,
        claim.verdict.label if claim.verdict_id else "", claim.verdict.value if claim.verdict_id else "",
        claim.rationale, claim.correction, claim.status, " ".join(s.url for s in claim.sources.all()),
        claim.created_by.get_username(), claim.reviewed_by.get_username() if claim.reviewed_by_id else "",
        claim.created, claim.updated,
    )]  # fmt: skip


def claims_csv(claims) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(_row(c) for c in claims)
    return out.getvalue()
