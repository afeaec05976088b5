"""History as sentences: one recorded database event -> "reviewer approved the claim “leaders of 24 countries”".

Pure Python, no Django: the caller passes the event's data and the names it refers to (users, ratings, claims)
and translates the sentence template (`Sentence.text(gettext)`); templates are marked with `gettext_noop` so
`makemessages` finds them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


def gettext_noop(message: str) -> str:
    return message


QUOTE_LENGTH = 60
VALUE_LENGTH = 160
CONTEXT = 30  # characters of unchanged text shown either side of an edit to a long text

# Bookkeeping columns nobody needs to read, and columns shown through others (the anchor through its quote).
HIDDEN = {
    "id",
    "version",
    "created",
    "updated",
    "prefix",
    "suffix",
    "start",
    "end",
    "submitted_at",
    "reviewed_at",
    "signed_off_at",
    "created_by_id",
    "updated_by_id",
    "article_id",
    "claim_id",
    "original_exact",
    "latest_revision",
}

DATE_FIELDS = ("published_at", "accessed_at")
LABELS = {
    "title": gettext_noop("title"),
    "url": gettext_noop("address"),
    "publication": gettext_noop("publication"),
    "published_at": gettext_noop("publication date"),
    "body": gettext_noop("text"),
    "status": gettext_noop("status"),
    "language": gettext_noop("language"),
    "signed_off_by_id": gettext_noop("signed off by"),
    "assignee_id": gettext_noop("editor"),
    "reviewer_id": gettext_noop("reviewer"),
    "exact": gettext_noop("quote"),
    "anchor_state": gettext_noop("anchoring"),
    "claim": gettext_noop("statement"),
    "statement": gettext_noop("statement"),
    "claimant": gettext_noop("claimant"),
    "kind": gettext_noop("kind"),
    "verdict_id": gettext_noop("verdict"),
    "rationale": gettext_noop("rationale"),
    "correction": gettext_noop("correction"),
    "reviewed_by_id": gettext_noop("reviewed by"),
    "title_source": gettext_noop("title"),
    "publisher": gettext_noop("publisher"),
    "excerpt": gettext_noop("quoted excerpt"),
    "accessed_at": gettext_noop("date accessed"),
    "archive_url": gettext_noop("archive address"),
    "text": gettext_noop("text"),
    "label": gettext_noop("label"),
    "value": gettext_noop("value"),
    "position": gettext_noop("position (characters)"),
}
USER_FIELDS = {"signed_off_by_id", "assignee_id", "reviewer_id", "reviewed_by_id"}

SENTENCES = {
    ("article", "insert"): gettext_noop("%(who)s created the article “%(title)s”"),
    ("article", "update"): gettext_noop("%(who)s changed the article “%(title)s”"),
    ("article", "body"): gettext_noop("%(who)s edited the text of the article"),
    ("article", "signed_off"): gettext_noop("%(who)s signed off the article as checked"),
    ("article", "assigned"): gettext_noop("%(who)s changed who works on the article"),
    ("article", "status"): gettext_noop("the article's status became %(status)s"),
    ("article", "delete"): gettext_noop("%(who)s deleted the article “%(title)s”"),
    ("claim", "insert"): gettext_noop("%(who)s added the claim “%(quote)s”"),
    ("claim", "update"): gettext_noop("%(who)s edited the claim “%(quote)s”"),
    ("claim", "submitted"): gettext_noop("%(who)s submitted the claim “%(quote)s” for review"),
    ("claim", "approved"): gettext_noop("%(who)s approved the claim “%(quote)s”"),
    ("claim", "changes_requested"): gettext_noop("%(who)s sent back the claim “%(quote)s”"),
    ("claim", "reopened"): gettext_noop("%(who)s reopened the claim “%(quote)s”"),
    ("claim", "back_to_review"): gettext_noop("the claim “%(quote)s” went back to review after its text changed"),
    ("claim", "moved"): gettext_noop("%(who)s moved the claim “%(quote)s” to other text"),
    ("claim", "delete"): gettext_noop("%(who)s deleted the claim “%(quote)s”"),
    ("source", "insert"): gettext_noop("%(who)s added the source “%(source)s” to the claim “%(quote)s”"),
    ("source", "update"): gettext_noop("%(who)s edited the source “%(source)s” of the claim “%(quote)s”"),
    ("source", "delete"): gettext_noop("%(who)s removed the source “%(source)s” from the claim “%(quote)s”"),
    ("comment", "insert"): gettext_noop("%(who)s commented on the claim “%(quote)s”"),
    ("comment", "changes_requested"): gettext_noop("%(who)s explained what to change in the claim “%(quote)s”"),
    ("comment", "reopened"): gettext_noop("%(who)s gave the reason for reopening the claim “%(quote)s”"),
    ("comment", "update"): gettext_noop("%(who)s edited a comment on the claim “%(quote)s”"),
    ("comment", "delete"): gettext_noop("%(who)s deleted a comment on the claim “%(quote)s”"),
    ("rating", "insert"): gettext_noop("%(who)s added the verdict “%(label)s” to the rating scale"),
    ("rating", "update"): gettext_noop("%(who)s changed the verdict “%(label)s” of the rating scale"),
    ("rating", "delete"): gettext_noop("%(who)s removed the verdict “%(label)s” from the rating scale"),
}
GENERIC = gettext_noop("%(who)s changed a %(model)s")


@dataclass(frozen=True)
class Change:
    label: str  # untranslated; translate like the sentence
    before: str
    after: str
    typed: bool = True  # the values are what people typed (text, usernames), not labels of the interface's own


# Parameters of a sentence that hold what people typed or named (shown in their own direction, untranslated).
TYPED_PARAMS = ("who", "title", "quote", "source", "label")


@dataclass(frozen=True)
class Sentence:
    template: str
    params: dict
    changes: tuple[Change, ...] = field(default=())
    kind: str = ""  # what happened, for styling and tests: "approved", "insert", "body", ...

    def text(self, translate=lambda message: message) -> str:
        return translate(self.template) % self.params


@dataclass
class Names:
    """What the ids in a history row refer to; missing ids are shown as "#id"."""

    users: dict = field(default_factory=dict)
    ratings: dict = field(default_factory=dict)
    claims: dict = field(default_factory=dict)  # claim id -> its quote
    choices: dict = field(default_factory=dict)  # field -> {value: label}, e.g. status, kind
    format_date: Callable[[str], str] = str  # a recorded date ("2024-10-11") as the pages show dates


def shorten(text: str, length: int = QUOTE_LENGTH) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def edit_excerpt(before: str, after: str, context: int = CONTEXT) -> tuple[str, str]:
    """The changed part of a long text with a little context either side, instead of the whole text twice."""
    before, after = before or "", after or ""
    prefix = 0
    limit = min(len(before), len(after))
    while prefix < limit and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and before[len(before) - 1 - suffix] == after[len(after) - 1 - suffix]:
        suffix += 1
    start = max(0, prefix - context)

    def piece(text: str) -> str:
        end = min(len(text), len(text) - suffix + context)
        middle = text[start:end]
        return ("…" if start > 0 else "") + middle + ("…" if end < len(text) else "")

    return piece(before), piece(after)


def _value(name: str, value, names: Names) -> str:
    if value is None or value == "":
        return "—"
    if name in USER_FIELDS:
        return names.users.get(value, f"#{value}")
    if name == "verdict_id":
        return names.ratings.get(value, f"#{value}")
    if name in names.choices:
        return names.choices[name].get(value, str(value))
    if name in DATE_FIELDS:
        return names.format_date(str(value))
    return shorten(str(value), VALUE_LENGTH)


def changes_of(model: str, diff: dict, names: Names) -> tuple[Change, ...]:
    result = []
    for name, (before, after) in sorted(diff.items()):
        if name in HIDDEN or name not in LABELS:
            continue
        if (
            name in {"body", "rationale", "text", "excerpt", "claim", "statement"}
            and len(str(before or "")) + len(str(after or "")) > VALUE_LENGTH
        ):
            before_text, after_text = edit_excerpt(str(before or ""), str(after or ""))
            result.append(Change(LABELS[name], before_text, after_text))
            continue
        label = LABELS["title_source"] if (model, name) == ("source", "title") else LABELS[name]
        # A verdict, a choice or a date is written by the interface, not typed by a person.
        typed = name not in names.choices and name != "verdict_id" and name not in DATE_FIELDS
        result.append(Change(label, _value(name, before, names), _value(name, after, names), typed))
    return tuple(result)


def _claim_kind(before: dict, after: dict) -> str:
    old, new = before.get("status"), after.get("status")
    if old == new or new is None:
        if "exact" in before or "start" in before:
            return "moved"
        return "update"
    if new == "submitted":
        return "back_to_review" if old == "approved" else "submitted"
    if new == "approved":
        return "approved"
    if new == "changes_requested":
        return "changes_requested"
    if new == "draft" and old == "approved":
        return "reopened"
    return "update"


def _article_kind(diff: dict) -> str:
    if "body" in diff:
        return "body"
    if diff.get("signed_off_by_id", [None, None])[1] is not None:
        return "signed_off"
    if "assignee_id" in diff or "reviewer_id" in diff:
        return "assigned"
    visible = {k for k in diff if k not in HIDDEN}
    if visible == {"status"} or visible == {"status", "signed_off_by_id"}:
        return "status"
    return "update"


def describe(*, model: str, action: str, who: str, data: dict, diff: dict | None, names: Names) -> Sentence | None:
    """The sentence for one event; None for an update that changed only bookkeeping (versions, timestamps)."""
    diff = diff or {}
    model = model.lower()
    changes = changes_of(model, diff, names) if action == "update" else ()
    if action == "update" and ("start" in diff or "end" in diff):
        # Offsets mean little alone; shown together as one span, before and after.
        start, end = diff.get("start", [data.get("start")] * 2), diff.get("end", [data.get("end")] * 2)
        changes = (Change(LABELS["position"], f"{start[0]}–{end[0]}", f"{start[1]}–{end[1]}", typed=False), *changes)
    kind = action
    if action == "update":
        if model == "claim":
            kind = _claim_kind({k: v[0] for k, v in diff.items()}, {k: v[1] for k, v in diff.items()})
        elif model == "article":
            kind = _article_kind(diff)
        if not changes and kind in ("update", "status"):
            return None
    elif action == "insert" and model == "comment" and data.get("kind") in ("changes_requested", "reopened"):
        kind = data["kind"]
    claim_id = data.get("claim_id") if model in ("source", "comment") else data.get("id")
    quote = names.claims.get(claim_id) or data.get("exact") or ""
    params = {
        "who": who,
        "title": shorten(data.get("title", ""), 80),
        "quote": shorten(quote),
        "source": shorten(data.get("title") or data.get("url") or ""),
        "label": shorten(data.get("label", "")),
        "status": names.choices.get("status", {}).get(data.get("status"), data.get("status", "")),
        "model": model,
    }
    template = SENTENCES.get((model, kind)) or SENTENCES.get((model, action)) or GENERIC
    if action == "insert" and model == "comment" and data.get("text"):
        changes = (Change(LABELS["text"], "", shorten(data["text"], VALUE_LENGTH)),)
    return Sentence(template=template, params=params, changes=changes, kind=kind)
