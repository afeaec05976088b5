"""Claims as CSV rows for a spreadsheet. Pure, no Django."""

import csv

COLUMNS = [
    "article_id", "external_id", "article_title", "article_url", "published_at", "claim_id", "quote", "start", "end",
    "claim", "kind", "claimant", "verdict", "rating_value", "rationale", "correction", "status", "sources",
    "created_by", "reviewed_by", "created", "updated",
]  # fmt: skip
# A cell starting with one of these is a formula to Excel or LibreOffice; prefixing a quote keeps it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def gettext_noop(message: str) -> str:
    """Marks a message for the translation catalogues; the export form translates it when shown."""
    return message


ERR_RANGE_REVERSED = gettext_noop("The range ends before it starts.")


def date_range_errors(since, until) -> dict[str, str]:
    """The one check on an export's date range, for the API's serializer and the page's form alike."""
    return {"until": ERR_RANGE_REVERSED} if since and until and since > until else {}


def _cell(value) -> str:
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _row(claim) -> list[str]:
    article = claim.article
    return [_cell(v) for v in (
        article.pk, article.external_id or "", article.title, article.url, article.published_at,
        claim.pk, claim.exact, claim.start, claim.end, claim.statement, claim.kind, claim.claimant,
        claim.verdict.label if claim.verdict_id else "", claim.verdict.value if claim.verdict_id else "",
        claim.rationale, claim.correction, claim.status, " ".join(s.url for s in claim.sources.all()),
        claim.created_by.get_username(), claim.reviewed_by.get_username() if claim.reviewed_by_id else "",
        claim.created, claim.updated,
    )]  # fmt: skip


class _Line:
    """A file-like target for csv.writer that hands each written row back instead of keeping it."""

    def write(self, text: str) -> str:
        return text


def claims_csv_lines(claims):
    """The header and then one CSV line per claim, as the claims come: memory stays that of one row."""
    writer = csv.writer(_Line())
    yield writer.writerow(COLUMNS)
    for claim in claims:
        yield writer.writerow(_row(claim))
