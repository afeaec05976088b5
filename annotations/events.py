"""Domain events: what happened in the core, as plain data.

Services publish them inside their own transaction; plug-in apps subscribe in their AppConfig.ready(). A
subscriber runs in the publishing service's transaction, so rows it writes and procrastinate jobs it defers
commit or roll back together with the change. `grep -rn "subscribe("` lists every reaction to every event.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ArticleCreated:
    article_id: int
    actor_id: int | None


@dataclass(frozen=True)
class ArticleBodyChanged:
    article_id: int
    actor_id: int | None
    revision_id: int


@dataclass(frozen=True)
class ArticleUpdated:
    """Any change made through article_update (the body, metadata or both)."""

    article_id: int
    actor_id: int | None
    fields: tuple[str, ...]


@dataclass(frozen=True)
class ArticleAssigned:
    """Someone became (or stopped being, user_id None) the article's assigned editor or reviewer."""

    article_id: int
    actor_id: int | None
    role: str  # "editor" | "reviewer"
    user_id: int | None


@dataclass(frozen=True)
class ArticleSignedOff:
    article_id: int
    actor_id: int | None


@dataclass(frozen=True)
class ClaimChanged:
    """A claim was created, edited or re-attached, or one of its sources was added, changed or removed."""

    claim_id: int
    article_id: int
    actor_id: int | None


@dataclass(frozen=True)
class ClaimSubmitted:
    claim_id: int
    article_id: int
    actor_id: int | None


@dataclass(frozen=True)
class ClaimReviewed:
    claim_id: int
    article_id: int
    actor_id: int | None
    outcome: str  # "approved" | "changes_requested" | "reopened"


@dataclass(frozen=True)
class ClaimCorrected:
    """A published claim was approved with changes readers will see: a correction (annotations.models.Correction),
    already applied to what readers see (PublishedClaim). Published right after its ClaimReviewed."""

    claim_id: int
    article_id: int
    actor_id: int | None
    correction_id: int


@dataclass(frozen=True)
class CommentAdded:
    comment_id: int
    claim_id: int
    article_id: int
    actor_id: int | None


@dataclass(frozen=True)
class SourceCited:
    """A source was added, or its URL changed: what it says at this URL is now evidence for the claim."""

    source_id: int
    claim_id: int
    article_id: int
    actor_id: int | None


@dataclass(frozen=True)
class SourceDrifted:
    """The live page of a cited source no longer says what it said when it was cited (or is gone)."""

    source_id: int
    claim_id: int
    article_id: int
    snapshot_id: int  # the cited copy, whose `live` says how the page drifted
    live: str  # "changed" | "gone"


@dataclass(frozen=True)
class ClaimsRead:
    """An API token read claims (a claim, a page of an article's claims, or an export of the article): copies of
    them left the newsroom. Published by the API's views after the read, outside any transaction. `claim_ids`
    empty means every claim of `article_id`; `created` (start, end; either None) means every claim of every
    article created in that range (the all-claims CSV export)."""

    token_id: int
    claim_ids: tuple[int, ...] = ()
    article_id: int | None = None
    created: tuple | None = None


_subscribers: dict[type, list[Callable]] = defaultdict(list)


def subscribe(event_type: type, handler: Callable) -> None:
    """Call `handler(event)` whenever an event of this type is published; subscribing twice is harmless."""
    if handler not in _subscribers[event_type]:
        _subscribers[event_type].append(handler)


def publish(event) -> None:
    """Call each subscriber in the order they subscribed, in the caller's transaction; errors propagate."""
    for handler in _subscribers[type(event)]:
        handler(event)
