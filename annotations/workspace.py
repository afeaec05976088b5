"""The workspace page's pieces: highlighted text, claim list, claim card, and the fragments htmx swaps.

Views of the core build pages from these, and so may a plug-in that changes claims (accepting a suggestion
swaps the new claim's card in place), without importing the core's views.
"""

from dataclasses import dataclass
from html import escape

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from annotations import rendering, selectors, services
from annotations.forms import AssignForm
from annotations.language import text_direction
from annotations.models import AnchorState, Article, Claim, ClaimKind, ClaimStatus
from annotations.selectors import ClaimItem
from annotations.templatetags import ui

OOB = ' hx-swap-oob="true"'


def highlight_label(c: ClaimItem, template: str | None = None) -> str:
    """The accessible name of a highlight: "Claim: leaders of 24 countries". The whole quote, never cut: the
    text a person sees on the highlight must be part of its name (WCAG 2.5.3), so speech input can name it."""
    quote = " ".join(c.exact.split())
    return (template or _("Claim: %(quote)s")) % {"quote": quote}


def highlight_description_id(kind: str, status: str) -> str:
    """The id of the element that describes a highlight of this kind and status (see highlight_descriptions)."""
    return f"hl-about-{kind}-{status}"


def highlight_descriptions() -> list[tuple[str, str]]:
    """(id, text) of each highlight description, "number, submitted": one per kind and status, shown nowhere,
    named by the highlights' aria-describedby."""
    template = _("%(kind)s, %(status)s")
    return [
        (highlight_description_id(kind, status), template % {"kind": str(kl).lower(), "status": str(sl).lower()})
        for kind, kl in ClaimKind.choices
        for status, sl in ClaimStatus.choices
    ]


def _spans(items: list[ClaimItem]) -> list[rendering.Span]:
    template = _("Claim: %(quote)s")  # translated once for all the highlights
    return [
        rendering.Span(
            id=c.pk,
            start=c.start,
            end=c.end,
            classes=f"kind-{c.kind} status-{c.status}" + (f" verdict-{c.verdict_slug}" if c.verdict_slug else ""),
            label=highlight_label(c, template),
            described_by=highlight_description_id(c.kind, c.status),
        )
        for c in items
        if c.anchor_state != AnchorState.ORPHANED
    ]


def _once(words: dict, key, make):
    """A translated word from `words`, made the first time it is needed in this rendering."""
    try:
        return words[key]
    except KeyError:
        words[key] = value = make()
        return value


def claim_entry_html(c: ClaimItem, *, oob: bool = False, words: dict | None = None) -> str:
    """One entry of the workspace's claim list (#claim-item-ID). Built here rather than in the template, and
    with html.escape rather than format_html: 200 entries through the template engine took about a third of
    the page's time (issue 12). Every value from data is escaped; the markup is this function's own. `words`
    keeps the verdicts and source counts already translated for the other entries of one list: 200 entries
    asked for about a thousand translations, a third of the page's time again."""
    words = {} if words is None else words
    tags = (
        f'<span class="tag anchor-{escape(c.anchor_state)}">{escape(str(c.anchor_label))}</span>'
        if c.anchor_state != AnchorState.EXACT
        else ""
    )
    tags += f'<span class="tag">{escape(str(c.kind_label))}</span>'
    if c.verdict_label:
        verdict = _once(words, ("verdict", c.verdict_label), lambda: escape(ui.rating_label(c.verdict_label)))
        tags += f'<span class="tag verdict">{verdict}</span>'
    n = c.source_count
    sources = _once(
        words, ("sources", n), lambda: escape(ngettext("%(n)s source", "%(n)s sources", n) % {"n": ui.number(n)})
    )
    tags += f'<span class="tag">{escape(str(c.status_label))}</span><span class="tag">{sources}</span>'
    url = escape(c.url)
    return (
        f'<li class="kind-{escape(c.kind)} status-{escape(c.status)}" id="claim-item-{c.pk:d}"{OOB if oob else ""}>'
        f'<a href="{url}" hx-get="{url}" hx-target="#detail" data-claim="{c.pk:d}">'
        f'<span class="quote" dir="auto">{escape(c.quote)}</span><span class="tags">{tags}</span></a></li>'
    )


def claim_list_html(items: list[ClaimItem]) -> str:
    words = {}
    return mark_safe("\n".join(claim_entry_html(c, words=words) for c in items))  # claim_entry_html escapes every value


def highlight_html(article: Article, items: list[ClaimItem]) -> str:
    # rendering escapes every piece of article text; the markup around it is its own.
    return mark_safe(rendering.render_article(article.body, _spans(items)))


def workspace_context(article: Article, **extra) -> dict:
    items = selectors.claim_items(article.pk)
    counts = selectors.claim_counts(article.pk)
    return {
        "article": article,
        "claims": items,
        "claim_entries": claim_list_html(items),
        "unanchored": [c for c in items if c.anchor_state == AnchorState.ORPHANED],
        "counts": counts,
        "article_html": highlight_html(article, items),
        "highlight_descriptions": highlight_descriptions(),
        "article_dir": text_direction(article.language),
        # Lazy: the user lists are read only where the page shows the assignment form.
        "assign_form": AssignForm(initial={"assignee": article.assignee_id, "reviewer": article.reviewer_id}),
        # The page's corrections (not re-sent with each change of a claim: oob).
        "article_corrections": [] if extra.get("oob") else list(selectors.corrections(article_id=article.pk)[:20]),
        **extra,
    }


@dataclass(frozen=True)
class Change:
    """What a claim action changed on the workspace: the text whose highlights changed and, when the claim list
    changed in one entry only, that claim (else the whole list is sent again)."""

    ranges: tuple[tuple[int, int], ...]
    item: int | None = None

    @classmethod
    def of(cls, before: Claim | None, after: Claim | None) -> "Change":
        """A claim added (no before), removed (no after) or changed in place (its card, workflow, sources, anchor)."""
        claims = [c for c in (before, after) if c is not None]
        ranges = tuple(dict.fromkeys((c.start, c.end) for c in claims if c.anchor_state != AnchorState.ORPHANED))
        same_entry = (
            before is not None
            and after is not None
            and AnchorState.ORPHANED not in (before.anchor_state, after.anchor_state)
        )
        same_entry = same_entry and (before.start, before.end) == (after.start, after.end)  # its place in the list
        return cls(ranges=ranges, item=after.pk if same_entry else None)


def changes_html(request, article: Article, change: Change) -> str:
    """Out of band: only the paragraphs whose highlights changed, the claim's list entry (or the whole list
    when claims came or went or moved), and the review bar."""
    body = article.body
    touched = rendering.touched(body, change.ranges)
    near = [(start, end) for start, end in rendering.paragraphs(body) if start in touched]
    items = selectors.claim_items(article.pk, overlapping=near) if near else []
    paragraphs = "".join(
        html for _, _, html in rendering.render_paragraphs(body, _spans(items), only=touched, attrs=OOB)
    )
    context = {
        "article": article,
        "counts": selectors.claim_counts(article.pk),
        "oob": True,
        "changed_paragraphs": mark_safe(paragraphs),  # rendering escapes the text; the markup is its own
    }
    found = [c for c in items if c.pk == change.item]  # an anchored claim is among those near its own text
    if change.item is not None and not found:
        found = selectors.claim_items(article.pk, claim_id=change.item)
    if found:
        context["item_entry"] = mark_safe(claim_entry_html(found[0], oob=True))  # every value escaped there
    else:
        all_items = selectors.claim_items(article.pk)
        context |= {
            "claims": all_items,
            "claim_entries": claim_list_html(all_items),
            "unanchored": [c for c in all_items if c.anchor_state == AnchorState.ORPHANED],
        }
    return render_to_string("annotations/article_detail.html#workspace-changes", context, request)


def claim_opened_fragments(request, claim_id: int) -> str:
    """For another panel's response: the new claim's card into #detail and, out of band, what it changed."""
    context = card_context(claim_id, just_saved=True)
    html = render_to_string("annotations/claim_detail.html#detail-oob", context, request)
    article = Article.objects.select_related("signed_off_by").get(pk=context["claim"].article_id)
    return html + changes_html(request, article, Change.of(None, context["claim"]))


def card_context(claim_id: int, **extra) -> dict:
    claim = selectors.claim_get(claim_id)
    history, older = selectors.claim_history_latest(claim)
    published = selectors.published_claim_of(claim.pk)
    return {
        "claim": claim,
        "overlapping": selectors.claims_overlapping(claim),
        "history": history,
        "history_older": older,
        "published": published,
        # Approving it is a correction: the approve form asks for the public note.
        "correction_needed": published is not None and services.correction_needed(claim, published=published),
        "corrections": list(selectors.corrections(claim_id=claim.pk)[:CARD_CORRECTIONS]) if published else [],
        **extra,
    }


CARD_CORRECTIONS = 20  # a claim corrected more often than this has its full list in the API and the public log


def panel_response(
    request,
    detail_template: str,
    context: dict,
    *,
    article: Article,
    status: int = 200,
    refresh: bool = True,
    change: Change | None = None,
) -> HttpResponse:
    """The side panel's detail, plus (out of band) what changed on the page: with `change`, only that; otherwise
    the whole article text and claim list."""
    html = render_to_string(detail_template, context, request)
    if refresh:
        article = Article.objects.select_related("signed_off_by").get(pk=article.pk)  # its status may have just changed
        if change is not None:
            html += changes_html(request, article, change)
        else:
            html += render_to_string(
                "annotations/article_detail.html#workspace-oob", workspace_context(article, oob=True), request
            )
    return HttpResponse(html, status=status)
