"""What the reader embed fetches for one article: its published claims as the card shows them, and how to find
each quote in the CMS's page (its TextQuoteSelector). Pure mapping, no Django."""


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _source(source: dict) -> dict:
    return {
        "url": source.get("url", ""),
        "title": source.get("title", ""),
        "publisher": source.get("publisher", ""),
        "archived_url": source.get("archive_url", ""),
    }


def embed_claim(claim, *, verdict_label: str, corrected_at=None) -> dict:
    return {
        "id": claim.claim_id,
        "version": claim.version,
        "quote": {"exact": claim.exact, "prefix": claim.prefix, "suffix": claim.suffix},
        "statement": claim.statement,
        "claimant": claim.claimant,
        "verdict": {"label": verdict_label, "value": claim.verdict_value},
        "rationale": claim.rationale,
        "correction": claim.correction,
        "correction_note": claim.correction_note,
        "corrected_at": _iso(corrected_at) if claim.correction_note else None,
        "sources": [_source(s) for s in claim.sources or []],
        "modified_at": _iso(claim.modified_at),
    }


def embed_article(article, claims: list[dict], *, language: str, direction: str) -> dict:
    return {
        "article": {"external_id": article.external_id, "title": article.title, "url": article.url},
        "language": language,
        "direction": direction,
        "claims": claims,
    }
