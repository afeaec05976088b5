"""schema.org ClaimReview JSON-LD (and CSV with the same columns) -> plain records. No Django.

Accepted shapes: one ClaimReview object, a JSON array of them, a schema.org DataFeed whose `dataFeedElement`
items hold ClaimReviews (directly or under `item`, the shape Google's Fact Check Markup Tool produces), or a CSV
file whose header names the same fields with dots for nesting (`reviewRating.alternateName`,
`itemReviewed.author.name`, `itemReviewed.appearance` with several URLs separated by spaces or `|`).
Each item either becomes a `Record` or a problem naming the field; one bad item never stops the others.

Problems are English templates marked with `gettext_noop` and their parameters (`Problem.text(translate)`,
`InputError.text(translate)`), so the API says them in the request's language; `str()` is the English.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit


def gettext_noop(message: str) -> str:
    return message


ERR_NOT_JSON_AT = gettext_noop("The file is neither JSON nor CSV with a header row. (%(detail)s at line %(line)s)")
ERR_NOT_CSV = gettext_noop("The file is neither JSON nor CSV with a header row. (%(detail)s)")
ERR_SHAPE = gettext_noop("Expected a ClaimReview object, an array of them, or a DataFeed with dataFeedElement.")
ERR_FEED = gettext_noop("dataFeedElement: expected a list of feed items.")
ERR_CSV_HEADER = gettext_noop(
    "CSV: the header row must name at least url, claimReviewed and reviewRating.alternateName."
)
ERR_DUPLICATE = gettext_noop("url: the same url as item %(index)s.")
ERR_NOT_OBJECT = gettext_noop("Expected a JSON object.")
ERR_TYPE = gettext_noop("@type: expected ClaimReview, not %(value)s.")
ERR_URL_REQUIRED = gettext_noop("url: required (it identifies the fact-check).")
ERR_URL = gettext_noop("url: must be an http(s) URL of at most 2000 characters.")
ERR_CLAIM_REQUIRED = gettext_noop("claimReviewed: required.")
ERR_RATING_REQUIRED = gettext_noop("reviewRating: required, an object with alternateName.")
ERR_RATING_NAME_REQUIRED = gettext_noop("reviewRating.alternateName: required.")
ERR_NUMBER = gettext_noop("%(field)s: expected a number, not %(value)s.")
ERR_DATE = gettext_noop("%(field)s: expected a date like 2024-10-25.")
ERR_DATE_NOT = gettext_noop("%(field)s: expected a date like 2024-10-25, not %(value)s.")


class _Message:
    """An English template and its parameters: translated where shown."""

    def __init__(self, template: str, **params):
        self.template, self.params = template, params
        super().__init__(template % params)

    def text(self, translate=lambda message: message) -> str:
        return translate(self.template) % self.params


class InputError(_Message, ValueError):
    """The input as a whole is unusable."""


@dataclass(frozen=True)
class Record:
    url: str
    claim_reviewed: str
    rating_label: str
    headline: str = ""
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    date_published: dt.date | None = None
    author_name: str = ""
    author_url: str = ""
    claim_author: str = ""
    claim_date: dt.date | None = None
    appearances: tuple[str, ...] = ()
    language: str = ""
    raw: dict = field(default_factory=dict, compare=False)

    def values(self) -> dict:
        """The stored fields (everything but `url`, the identity, and `raw`)."""
        return {
            "claim_reviewed": self.claim_reviewed,
            "headline": self.headline,
            "rating_label": self.rating_label,
            "rating_value": self.rating_value,
            "best_rating": self.best_rating,
            "worst_rating": self.worst_rating,
            "date_published": self.date_published,
            "author_name": self.author_name,
            "author_url": self.author_url,
            "claim_author": self.claim_author,
            "claim_date": self.claim_date,
            "appearances": list(self.appearances),
            "language": self.language,
        }


@dataclass(frozen=True)
class Problem:
    index: int
    problem: str  # in English
    template: str = field(default="", compare=False)
    params: dict = field(default_factory=dict, compare=False)

    def text(self, translate=lambda message: message) -> str:
        return translate(self.template) % self.params if self.template else self.problem


class ItemError(_Message, ValueError):
    pass


def parse(data: bytes | str, *, content_type: str = "") -> tuple[list[tuple[int, Record]], list[Problem]]:
    """Records (with their index in the input) and problems. Raises ValueError when the whole input is unusable."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.lstrip("\ufeff")
    stripped = text.lstrip()
    if "csv" in content_type or (stripped and stripped[0] not in "[{"):
        items = _csv_items(text)
    else:
        try:
            items = items_of(json.loads(text))
        except json.JSONDecodeError as error:
            raise InputError(ERR_NOT_JSON_AT, detail=error.msg, line=error.lineno) from None
    return records_of(items)


def items_of(document) -> list:
    """The ClaimReview items of a parsed JSON document, in order."""
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        if "dataFeedElement" in document or _type_is(document, "DataFeed"):
            elements = document.get("dataFeedElement")
            if not isinstance(elements, list):
                raise InputError(ERR_FEED)
            items = []
            for element in elements:
                inner = element.get("item") if isinstance(element, dict) and "item" in element else element
                # A feed item may hold one ClaimReview or a list of them.
                items.extend(inner if isinstance(inner, list) else [inner])
            return items
        return [document]
    raise InputError(ERR_SHAPE)


def records_of(items: list) -> tuple[list[tuple[int, Record]], list[Problem]]:
    records, problems, seen = [], [], {}
    for index, item in enumerate(items):
        try:
            record = record_of(item)
        except ItemError as error:
            problems.append(Problem(index, str(error), error.template, error.params))
            continue
        if record.url in seen:
            problems.append(
                Problem(index, ERR_DUPLICATE % {"index": seen[record.url]}, ERR_DUPLICATE, {"index": seen[record.url]})
            )
            continue
        seen[record.url] = index
        records.append((index, record))
    return records, problems


def record_of(item) -> Record:
    if not isinstance(item, dict):
        raise ItemError(ERR_NOT_OBJECT)
    if "@type" in item and not _type_is(item, "ClaimReview"):
        raise ItemError(ERR_TYPE, value=repr(_text(item.get("@type"))))
    url = _text(item.get("url"))
    if not url:
        raise ItemError(ERR_URL_REQUIRED)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 2000:
        raise ItemError(ERR_URL)
    claim = _text(item.get("claimReviewed"))
    if not claim:
        raise ItemError(ERR_CLAIM_REQUIRED)
    rating = item.get("reviewRating")
    if isinstance(rating, list):
        rating = rating[0] if rating else None
    if not isinstance(rating, dict):
        raise ItemError(ERR_RATING_REQUIRED)
    label = _text(rating.get("alternateName")) or _text(rating.get("name"))
    if not label:
        raise ItemError(ERR_RATING_NAME_REQUIRED)
    reviewed = item.get("itemReviewed") if isinstance(item.get("itemReviewed"), dict) else {}
    author = _first(item.get("author"))
    claim_author = _first(reviewed.get("author"))
    appearances = reviewed.get("appearance") or reviewed.get("firstAppearance") or []
    appearances = appearances if isinstance(appearances, list) else [appearances]
    language = item.get("inLanguage")
    if isinstance(language, dict):
        language = language.get("alternateName") or language.get("name")
    return Record(
        url=url,
        claim_reviewed=claim[:5000],
        # The fact-check's title: schema.org `name` (Google's markup tool) or `headline` (an Article's title).
        headline=(_text(item.get("headline")) or _text(item.get("name")))[:1000],
        rating_label=label[:100],
        rating_value=_number(rating, "ratingValue"),
        best_rating=_number(rating, "bestRating"),
        worst_rating=_number(rating, "worstRating"),
        date_published=_date(item.get("datePublished"), "datePublished"),
        author_name=_text(author.get("name"))[:200],
        author_url=_text(author.get("url"))[:2000],
        claim_author=_text(claim_author.get("name"))[:200],
        claim_date=_date(reviewed.get("datePublished"), "itemReviewed.datePublished"),
        appearances=tuple(a for a in (_text(x.get("url") if isinstance(x, dict) else x) for x in appearances) if a),
        language=_text(language)[:35],
        raw=item,
    )


def _type_is(item: dict, name: str) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == name for k in kinds)


def _text(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return " ".join(value.split()) if isinstance(value, str) else ""


def _first(value) -> dict:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str):
        return {"name": value}
    return value if isinstance(value, dict) else {}


def _number(rating: dict, key: str) -> float | None:
    value = rating.get(key)
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ItemError(ERR_NUMBER, field=f"reviewRating.{key}", value=repr(value)) from None
    if number != number or abs(number) > 1e6:
        raise ItemError(ERR_NUMBER, field=f"reviewRating.{key}", value=repr(value))
    return number


def _date(value, name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ItemError(ERR_DATE, field=name)
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise ItemError(ERR_DATE_NOT, field=name, value=repr(value)) from None


def _csv_items(text: str) -> list[dict]:
    try:
        rows = list(csv.DictReader(io.StringIO(text)))
    except csv.Error as error:
        raise InputError(ERR_NOT_CSV, detail=str(error)) from None
    if not rows or "url" not in rows[0] or "claimReviewed" not in rows[0]:
        raise InputError(ERR_CSV_HEADER)
    items = []
    for row in rows:
        item: dict = {}
        for key, value in row.items():
            if not key or value in (None, ""):
                continue
            target, *path = key.strip().split(".")
            node = item
            for part in [target, *path][:-1]:
                node = node.setdefault(part, {})
            last = [target, *path][-1]
            if key.strip() == "itemReviewed.appearance":
                value = [v for v in value.replace("|", " ").split() if v]
            node[last] = value
        items.append(item)
    return items
