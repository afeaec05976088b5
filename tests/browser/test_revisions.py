"""Editing an article's text in the browser: claims move, become fuzzy or orphaned, and orphans are re-attached."""

import pytest
from playwright.sync_api import expect

from annotations.models import AnchorState, Claim
from tests import workflow
from tests.browser.helpers import open_workspace, set_selection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "The summit starts on October 22, with the leaders of 24 countries expected to attend.\n\n"
    "The conference in Ashgatat is being attended by other regional leaders including President Asif Ali Zardari.\n\n"
    "Speaking as the forum opened, Putin said the countries want to create a new world order to counter the West."
)
NEW_BODY = (
    "The summit starts on October 22, with the leaders of 24 countries expected to attend.\n\n"
    "The meeting drew other regional leaders too.\n\n"
    "Speaking as the forum opened, Putin said the nations want to create a new world order to counter the West.\n\n"
    "Among the guests was President Asif Ali Zardari."
)


def test_claims_follow_an_edited_body_and_an_orphan_is_reattached(live_server, login, editor):
    article = workflow.article(editor, BODY)
    shifted = workflow.claim(article, editor, "leaders of 24 countries")
    moved = workflow.claim(article, editor, "President Asif Ali Zardari")
    fuzzy = workflow.claim(article, editor, "Putin said the countries want to create a new world order")
    orphan = workflow.claim(article, editor, "Ashgatat")
    page = login(editor)

    page.goto(f"{live_server.url}/articles/{article.pk}/edit/")
    page.fill("#id_body", NEW_BODY)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{live_server.url}/articles/{article.pk}/")
    open_workspace(page, live_server, article)

    # The moved claim is highlighted on its text at the new place; the fuzzy one on the edited text.
    expect(page.locator(f'mark[data-claim="{shifted.pk}"]').first).to_have_text("leaders of 24 countries")
    expect(page.locator(f'mark[data-claim="{moved.pk}"]').first).to_have_text("President Asif Ali Zardari")
    expect(page.locator(f'#claim-list a[data-claim="{moved.pk}"] .anchor-moved')).to_have_text("Moved")
    expect(page.locator(f'#claim-list a[data-claim="{fuzzy.pk}"] .anchor-fuzzy')).to_have_text("Fuzzy")
    expect(page.locator(f'mark[data-claim="{fuzzy.pk}"]').first).to_have_text(
        "Putin said the nations want to create a new world order"
    )
    expect(page.locator(f'mark[data-claim="{orphan.pk}"]')).to_have_count(0)
    expect(page.locator("#unanchored")).to_contain_text("Ashgatat")

    # The fuzzy claim's card shows the old quote and lets the editor confirm the new text.
    page.locator(f'#claim-list li a[data-claim="{fuzzy.pk}"]').first.click()
    expect(page.locator("#anchor-note .original-quote")).to_have_text(
        "Putin said the countries want to create a new world order"
    )
    page.click("#confirm-anchor")
    expect(page.locator("#anchor-note")).to_have_count(0)

    # The orphan: open it from the Unanchored list, select its new place, re-attach.
    page.locator(f'#unanchored a[data-claim="{orphan.pk}"]').click()
    expect(page.locator("#anchor-note")).to_contain_text("removed the text")
    set_selection(page, "The meeting")
    page.click("#reattach")
    expect(page.locator(f'mark[data-claim="{orphan.pk}"]').first).to_have_text("The meeting")
    expect(page.locator("#unanchored")).to_have_count(0)

    states = dict(Claim.objects.filter(article=article).values_list("id", "anchor_state"))
    assert states == {
        shifted.pk: AnchorState.EXACT,
        moved.pk: AnchorState.MOVED,
        fuzzy.pk: AnchorState.EXACT,
        orphan.pk: AnchorState.EXACT,
    }
    orphan.refresh_from_db()
    article.refresh_from_db()
    assert article.body[orphan.start : orphan.end] == "The meeting"

    # The revisions page shows the change inline, with the claims marked.
    page.goto(f"{live_server.url}/articles/{article.pk}/revisions/")
    expect(page.locator("#diff del").first).to_be_visible()
    expect(page.locator("#diff mark.diff-claim").first).to_be_visible()
