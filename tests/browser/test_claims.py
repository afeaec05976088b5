"""Claims in the workspace, driven through Chromium: select text, add, overlap, edit, source, delete, validate."""

import re

import pytest
from playwright.sync_api import Page, expect

from annotations import services
from annotations.models import Claim, ClaimKind, Rating, Source
from tests.browser.helpers import (
    assert_not_reloaded,
    card_for,
    click_text,
    drag_select,
    open_workspace,
    set_selection,
)
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def new_claim_id(page: Page) -> int:
    """Wait for the card of a just-saved claim and return its id."""
    card = page.locator("#detail #claim-card")
    expect(card).to_be_visible()
    expect(card.locator(".saved")).to_have_text("Claim saved.")
    return int(card.get_attribute("data-claim-id"))


def mark(page: Page, claim_id: int):
    return page.locator(f'#article-text mark[data-claim="{claim_id}"]')


def test_drag_select_and_add_claim(live_server, login, editor):
    body = "At the summit, the leaders of 24 countries signed the accord.\n\nThe talks ended on Friday."
    article = ArticleFactory(created_by=editor, body=body)
    quote = "leaders of 24 countries"
    page = login(editor)
    open_workspace(page, live_server, article)

    drag_select(page, quote)
    page.get_by_role("button", name="Add claim").click()

    form = page.locator("#detail #claim-form")
    expect(form.locator("blockquote.quote")).to_have_text(quote)
    expect(form.get_by_label("Claim", exact=True)).to_have_value(quote)
    expect(form.get_by_label("Claim", exact=True)).to_be_focused()
    form.get_by_label("Kind").select_option(label="Number")
    form.get_by_role("button", name="Save claim").click()

    claim_id = new_claim_id(page)
    expect(mark(page, claim_id)).to_have_text(quote)
    expect(mark(page, claim_id)).to_be_visible()
    expect(mark(page, claim_id)).to_have_class(re.compile(r"\bkind-number\b"))
    expect(page.locator("#claim-list .count")).to_have_text("1")
    expect(page.locator(f'#claim-list a[data-claim="{claim_id}"]')).to_contain_text(quote)
    assert_not_reloaded(page)

    claim = Claim.objects.get(pk=claim_id)
    assert (claim.start, claim.end) == (body.index(quote), body.index(quote) + len(quote))
    assert claim.exact == quote
    assert claim.statement == quote
    assert claim.kind == ClaimKind.NUMBER
    assert claim.article_id == article.pk

    page.reload()
    expect(mark(page, claim_id)).to_have_text(quote)
    expect(mark(page, claim_id)).to_be_visible()


def test_overlapping_claims_are_stacked_and_each_opens_its_card(live_server, login, editor):
    body = "Officials said the leaders of 24 countries expected to sign the accord on Friday."
    article = ArticleFactory(created_by=editor, body=body)
    first_quote = "leaders of 24 countries"
    start = body.index(first_quote)
    first = services.claim_create(
        article=article,
        user=editor,
        start=start,
        end=start + len(first_quote),
        quote=first_quote,
        statement="Leaders of 24 countries attended.",
        kind=ClaimKind.NUMBER,
    )
    second_quote = "24 countries expected"
    page = login(editor)
    open_workspace(page, live_server, article)
    expect(mark(page, first.pk)).to_have_text(first_quote)

    drag_select(page, second_quote)
    page.get_by_role("button", name="Add claim").click()
    form = page.locator("#detail #claim-form")
    expect(form.locator("blockquote.quote")).to_have_text(second_quote)
    form.get_by_label("Claim", exact=True).fill("Twenty-four countries were expected to sign.")
    form.get_by_role("button", name="Save claim").click()
    second_id = new_claim_id(page)
    assert_not_reloaded(page)

    second = Claim.objects.get(pk=second_id)
    assert (second.start, second.end) == (body.index(second_quote), body.index(second_quote) + len(second_quote))

    # Both highlights are there: the first whole, the second stacked inside it and continued after it.
    expect(mark(page, first.pk)).to_have_text(first_quote)
    expect(mark(page, first.pk)).to_have_attribute("data-depth", "1")
    nested = page.locator(f'#article-text mark[data-claim="{first.pk}"] > mark[data-claim="{second_id}"]')
    expect(nested).to_have_text("24 countries")
    expect(nested).to_have_attribute("data-depth", "2")
    expect(nested).to_be_visible()
    expect(mark(page, second_id)).to_have_count(2)
    assert "".join(mark(page, second_id).all_inner_texts()) == second_quote
    expect(page.locator("#claim-list .count")).to_have_text("2")

    # The part only the first claim covers opens the first claim; the part only the second covers, the second.
    click_text(page, "leaders")
    card = card_for(page, first.pk)
    expect(card.locator(".claim-text")).to_have_text("Leaders of 24 countries attended.")
    expect(mark(page, first.pk)).to_have_class(re.compile(r"\bhl-active\b"))
    click_text(page, "expected")
    card = card_for(page, second_id)
    expect(card.locator(".claim-text")).to_have_text("Twenty-four countries were expected to sign.")

    # Each card links to the other claim on the same text.
    card.locator(".overlapping").get_by_role("link", name="Leaders of 24 countries attended.").click()
    card = card_for(page, first.pk)
    card.locator(".overlapping").get_by_role("link", name="Twenty-four countries were expected to sign.").click()
    card_for(page, second_id)
    assert_not_reloaded(page)


def test_offsets_are_code_points_after_emoji_and_in_persian(live_server, login, editor):
    persian = "رئیس‌جمهور پزشکیان گفت روابط ایران و روسیه راهبردی است."
    body = "Crowds cheered 🎉 as the leaders of 24 countries arrived.\n\n" + persian
    article = ArticleFactory(created_by=editor, body=body)
    page = login(editor)
    open_workspace(page, live_server, article)

    stored = {}
    for quote in ["leaders of 24 countries", "cheered 🎉", "پزشکیان", "رئیس‌جمهور"]:
        if "\u200c" in quote:
            # A word joined by a zero-width non-joiner, at the right edge where the paragraph starts: the pixel a
            # mouse must land on depends on the installed Persian font, so select it as the keyboard would.
            set_selection(page, quote)
        else:
            drag_select(page, quote)
        page.get_by_role("button", name="Add claim").click()
        form = page.locator("#detail #claim-form")
        expect(form.locator("blockquote.quote")).to_have_text(quote)
        form.get_by_role("button", name="Save claim").click()
        claim_id = new_claim_id(page)
        expect(mark(page, claim_id)).to_have_text(quote)
        stored[quote] = Claim.objects.get(pk=claim_id)

    assert_not_reloaded(page)
    for quote, claim in stored.items():
        start = body.index(quote)
        assert (claim.start, claim.end, claim.exact) == (start, start + len(quote), quote), quote
    # The check means something: after the emoji, UTF-16 offsets are one more than code point offsets.
    utf16_start = len(body[: body.index("leaders")].encode("utf-16-le")) // 2
    assert utf16_start == stored["leaders of 24 countries"].start + 1


def test_edit_claim_sources_and_delete(live_server, login, editor):
    article = ArticleFactory(created_by=editor)  # "... Second paragraph about Ashgatat and Ashgabat."
    body = article.body
    start = body.index("Ashgatat")
    claim = services.claim_create(article=article, user=editor, start=start, end=start + 8, quote="Ashgatat")
    page = login(editor)
    open_workspace(page, live_server, article)

    click_text(page, "Ashgatat")
    card = card_for(page, claim.pk)
    expect(card.locator(".verdict")).to_have_text("none yet")

    # Edit the claim.
    card.get_by_role("button", name="Edit claim").click()
    form = page.locator("#detail #claim-form")
    expect(form.get_by_role("heading")).to_have_text("Edit claim")
    form.get_by_label("Kind").select_option(label="Name or spelling")
    form.get_by_label("Verdict").select_option(label="Incorrect")
    form.get_by_label("Claimant (who said it)").fill("Ministry of Foreign Affairs")
    form.get_by_label("Correction").fill("Ashgabat")
    form.get_by_label("Rationale").fill("The capital of Turkmenistan is spelt Ashgabat.")
    form.get_by_role("button", name="Save", exact=True).click()

    card = card_for(page, claim.pk)
    expect(card.locator(".saved")).to_have_text("Claim saved.")
    expect(card.locator("header")).to_contain_text("Name or spelling")
    expect(card.locator(".verdict")).to_have_text("Incorrect")
    expect(card.locator(".claimant")).to_have_text("Ministry of Foreign Affairs")
    expect(card.locator(".correction del")).to_have_text("Ashgatat")
    expect(card.locator(".correction ins")).to_have_text("Ashgabat")
    expect(card.locator(".rationale")).to_have_text("The capital of Turkmenistan is spelt Ashgabat.")
    expect(mark(page, claim.pk)).to_have_class(re.compile(r"\bkind-name\b.*\bverdict-incorrect\b"))
    claim.refresh_from_db()
    assert (claim.kind, claim.verdict.slug, claim.correction) == (ClaimKind.NAME, "incorrect", "Ashgabat")

    # Add a source.
    card.get_by_role("button", name="Add source").click()
    source_form = page.locator("#detail form.source-form")
    source_form.get_by_label("URL", exact=True).fill("https://www.gov.tm/en/capital")
    source_form.get_by_label("Title").fill("The capital city")
    source_form.get_by_label("Publisher").fill("Government of Turkmenistan")
    source_form.get_by_label("Quoted excerpt").fill("Ashgabat is the capital of Turkmenistan.")
    source_form.get_by_label("Date accessed").fill("2025-03-14")
    source_form.get_by_label("Archive URL").fill("https://web.archive.org/web/2025/https://www.gov.tm/en/capital")
    source_form.get_by_role("button", name="Add source").click()

    expect(page.locator("#detail li.source")).to_have_count(1)
    # The card is replaced as a whole, not nested inside the old one.
    expect(page.locator("#detail #claim-card")).to_have_count(1)
    expect(page.locator("#detail form.source-form")).to_have_count(0)
    card = card_for(page, claim.pk)
    sources = card.locator("li.source")
    expect(sources).to_have_count(1)
    expect(card.locator(".sources .count")).to_have_text("1")
    source_item = sources.first
    expect(source_item.locator(".source-title")).to_have_text("The capital city")
    expect(source_item.locator(".source-title")).to_have_attribute("href", "https://www.gov.tm/en/capital")
    expect(source_item.locator(".publisher")).to_have_text("Government of Turkmenistan")
    expect(source_item.locator(".excerpt")).to_have_text("Ashgabat is the capital of Turkmenistan.")
    expect(source_item.locator(".meta")).to_contain_text("accessed 14 Mar 2025")
    expect(source_item.get_by_role("link", name="archived copy")).to_have_attribute(
        "href", "https://web.archive.org/web/2025/https://www.gov.tm/en/capital"
    )
    source = Source.objects.get(claim=claim)
    assert str(source.accessed_at) == "2025-03-14"

    # Edit it.
    source_item.get_by_role("button", name="Edit").click()
    edit_form = page.locator("#detail form.source-form")
    expect(edit_form.get_by_label("Title")).to_have_value("The capital city")
    edit_form.get_by_label("Title").fill("Ashgabat, the capital")
    edit_form.get_by_role("button", name="Save source").click()
    expect(page.locator("#detail li.source .source-title")).to_have_text("Ashgabat, the capital")
    expect(page.locator("#detail #claim-card")).to_have_count(1)
    expect(page.locator("#detail form.source-form")).to_have_count(0)
    card = card_for(page, claim.pk)
    expect(card.locator("li.source")).to_have_count(1)
    source.refresh_from_db()
    assert source.title == "Ashgabat, the capital"

    # Remove it, accepting the confirmation.
    dialogs = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    card.locator("li.source").get_by_role("button", name="Remove").click()
    card = card_for(page, claim.pk)
    expect(card.locator(".sources")).to_contain_text("No sources yet.")
    expect(card.locator("li.source")).to_have_count(0)
    assert dialogs == ["Remove this source?"]
    assert not Source.objects.filter(pk=source.pk).exists()

    # Delete the claim: open "Delete…", then confirm.
    card.locator("details.confirm-delete summary").click()
    card.get_by_role("button", name="Delete claim").click()
    expect(page.locator("#detail")).to_contain_text("Claim deleted.")
    expect(mark(page, claim.pk)).to_have_count(0)
    expect(page.locator("#article-text mark")).to_have_count(0)
    expect(page.locator("#claim-list")).to_contain_text("No claims yet.")
    assert not Claim.objects.filter(pk=claim.pk).exists()
    assert_not_reloaded(page)


def test_validation_error_is_inline_and_keeps_input(live_server, login, editor):
    article = ArticleFactory(created_by=editor)
    quote = "leaders of 24 countries"
    page = login(editor)
    open_workspace(page, live_server, article)

    drag_select(page, quote)
    page.get_by_role("button", name="Add claim").click()
    form = page.locator("#detail #claim-form")
    expect(form.locator("blockquote.quote")).to_have_text(quote)
    form.get_by_label("Claim", exact=True).fill("Leaders of 24 countries came.")
    form.get_by_label("Claimant (who said it)").fill("The host ministry")
    form.get_by_label("Kind").select_option(label="Factual claim")
    # The menu offers only verdicts for the chosen kind; "Incorrect" is for names and spelling.
    incorrect = form.get_by_label("Verdict").locator("option", has_text="Incorrect")
    expect(incorrect).to_be_hidden()
    expect(incorrect).to_be_disabled()
    form.get_by_label("Kind").select_option(label="Name or spelling")
    expect(incorrect).to_be_enabled()
    form.get_by_label("Kind").select_option(label="Factual claim")
    expect(incorrect).to_be_disabled()
    # The server refuses the pair whatever the page sends (a page open from before, a crafted request).
    incorrect.evaluate("option => { option.hidden = option.disabled = false; }")
    form.get_by_label("Verdict").select_option(label="Incorrect")
    form.get_by_label("Rationale").fill("Only 23 delegations were listed.")
    form.get_by_role("button", name="Save claim").click()

    error = form.locator('.field[data-field="verdict"] .error')
    expect(error).to_have_text("The verdict “Incorrect” does not apply to a claim of kind “Factual claim”.")
    expect(form.locator('.field[data-field="verdict"]')).to_have_class(re.compile(r"\bhas-error\b"))
    # Nothing typed was lost.
    expect(form.locator("blockquote.quote")).to_have_text(quote)
    expect(form.get_by_label("Claim", exact=True)).to_have_value("Leaders of 24 countries came.")
    expect(form.get_by_label("Claimant (who said it)")).to_have_value("The host ministry")
    expect(form.get_by_label("Rationale")).to_have_value("Only 23 delegations were listed.")
    expect(form.get_by_label("Kind")).to_have_value(ClaimKind.FACTUAL)
    expect(form.get_by_label("Verdict")).to_have_value(str(Rating.objects.get(slug="incorrect").pk))
    assert not Claim.objects.exists()
    assert_not_reloaded(page)

    # Choosing a verdict that applies saves the claim with everything typed before.
    form.get_by_label("Verdict").select_option(label="False")
    form.get_by_role("button", name="Save claim").click()
    claim_id = new_claim_id(page)
    claim = Claim.objects.get(pk=claim_id)
    assert (claim.statement, claim.claimant, claim.rationale, claim.verdict.slug) == (
        "Leaders of 24 countries came.",
        "The host ministry",
        "Only 23 delegations were listed.",
        "false",
    )
    assert claim.start == article.body.index(quote)
