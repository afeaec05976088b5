"""The Persian interface: right to left, no English left (nor in the Russian one), a Persian article end to end."""

import datetime

import pytest
from playwright.sync_api import expect

from annotations import permissions, services
from annotations.models import Article, Claim, ClaimStatus, Rating
from tests import workflow
from tests.browser.a11y import assert_accessible
from tests.browser.helpers import _SELECTION_SPY, log_in, wait_until_selection_seen
from tests.browser.i18n_check import english_left
from tests.browser.pages import editor_urls
from tests.conftest import make_user
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

TITLE = "دیدار پوتین و پزشکیان در عشق‌آباد"
BODY = (
    "رهبران ۲۴ کشور در نشست کازان شرکت خواهند کرد. این نشست روز ۲۲ اکتبر آغاز می‌شود.\n\n"
    "پوتین در عشق‌آباد با پزشکیان دیدار کرد؛ عشق‌آباد پایتخت ترکمنستان است."
)
QUOTE = "رهبران ۲۴ کشور"


@pytest.fixture
def persian_desk(db):
    from annotations import permissions

    return make_user("ویراستار", permissions.EDITOR), make_user("بازبین", permissions.REVIEWER)


# language: (direction, the login page's heading, the card's edit button)
INTERFACES = {"fa": ("rtl", "ورود", "ویرایش ادعا"), "ru": ("ltr", "Войти", "Редактировать утверждение")}


def choose_language(page, live_server, language="fa"):
    page.goto(f"{live_server.url}/login/")
    page.select_option("#language-select", language)
    page.locator(".lang-switch button").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(INTERFACES[language][1])


def choose_persian(page, live_server):
    choose_language(page, live_server, "fa")


@pytest.mark.parametrize("language", INTERFACES)
def test_the_interface_has_no_english_left_and_persian_is_right_to_left(page, live_server, persian_desk, language):
    """The same newsroom (Persian articles, a colleague who writes English) in the Persian and Russian interfaces."""
    direction, _heading, edit_claim = INTERFACES[language]
    editor, reviewer = persian_desk
    article = workflow.article(
        editor, BODY, title=TITLE, publication="تهران تایمز", published_at=datetime.date(2024, 10, 11)
    )
    submitted = workflow.submitted_claim(article, editor, QUOTE)
    draft = workflow.claim(article, editor, "عشق‌آباد", kind="name", rationale="املای درست")
    source = services.source_create(
        claim=draft, user=editor, url="https://fa.wikipedia.org/wiki/عشق‌آباد", title="ویکی‌پدیا"
    )
    # History with English beside the Persian: a colleague with a Latin username changes the verdict, the kind and
    # the rationale (in English), edits the source and comments; the reviewer sends a claim back. Every history
    # sentence and changed-field row must be Persian around what people typed.
    colleague = make_user("desk-editor", permissions.EDITOR)
    draft = services.claim_update(
        claim=draft,
        user=colleague,
        version=None,
        changes={
            "verdict": Rating.objects.get(slug="mostly-true"),
            "kind": "factual",
            "rationale": "Spelling checked in the atlas.",
        },
    )
    services.source_update(source=source, user=colleague, version=None, changes={"title": "Wikipedia (fa)"})
    services.comment_create(claim=draft, user=colleague, text="Looks right to me.")
    sent_back = workflow.submitted_claim(article, editor, "نشست کازان")
    services.claim_request_changes(claim=sent_back, user=reviewer, comment="منبع دوم لازم است.")

    choose_language(page, live_server, language)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    assert english_left(page) == [], english_left(page)
    log_in(page, live_server, editor, PASSWORD)

    pages = editor_urls(article, draft, query="عشق‌آباد")
    for name, url in pages.items():
        page.goto(live_server.url + url)
        expect(page.locator("html")).to_have_attribute("dir", direction)
        assert english_left(page) == [], (name, english_left(page))

    page.goto(f"{live_server.url}/articles/{article.pk}/")
    pane = page.locator(".article-pane").bounding_box()
    panel = page.locator("aside.panel").bounding_box()
    if direction == "rtl":  # mirrored: the claims panel sits to the left of the article
        assert panel["x"] + panel["width"] <= pane["x"] + 1
    else:
        assert pane["x"] + pane["width"] <= panel["x"] + 1
    page.locator(f'#claim-list a[data-claim="{draft.pk}"]').click()
    expect(page.locator("#claim-card")).to_have_attribute("data-claim-id", str(draft.pk))
    assert english_left(page) == [], english_left(page)
    page.locator("#timeline summary").click()  # the card's own history, open
    expect(page.locator("#timeline .history-entry").first).to_be_visible()
    assert english_left(page) == [], english_left(page)
    page.locator("#claim-card").get_by_role("button", name=edit_claim).click()
    expect(page.locator("#claim-form")).to_be_visible()
    assert english_left(page) == [], english_left(page)
    assert_accessible(page, f"claim form ({language})")

    # The reviewer's queue too.
    page.context.clear_cookies()
    choose_language(page, live_server, language)
    log_in(page, live_server, reviewer, PASSWORD)
    page.goto(f"{live_server.url}/review/")
    expect(page.locator(f"#review-{submitted.pk}")).to_be_visible()
    assert english_left(page) == [], english_left(page)


def test_a_persian_article_and_claim_end_to_end_in_the_persian_interface(page, browser, live_server, persian_desk):
    editor, reviewer = persian_desk
    page.add_init_script(_SELECTION_SPY)
    choose_persian(page, live_server)
    log_in(page, live_server, editor, PASSWORD)

    # A new article, pasted in Persian.
    page.goto(f"{live_server.url}/articles/new/")
    page.fill("#id_title", TITLE)
    page.fill("#id_body", BODY)
    page.get_by_role("button", name="ایجاد مقاله").click()
    article = Article.objects.get(title=TITLE)
    page.wait_for_url(f"{live_server.url}/articles/{article.pk}/")
    page.evaluate("() => { window.__noReload = true; }")
    expect(page.locator("#article-title")).to_have_text(TITLE)
    para = page.locator("#article-text p.para").first
    assert para.evaluate("p => getComputedStyle(p).direction") == "rtl"

    # Select the phrase with the keyboard: the first three words of the first sentence, then "a".
    para.focus()
    for _ in range(3):
        page.keyboard.press("w")
    assert page.evaluate("() => getSelection().toString()") == QUOTE
    wait_until_selection_seen(page, QUOTE)
    page.keyboard.press("a")
    form = page.locator("#claim-form")
    expect(form.locator("blockquote.quote")).to_have_text(QUOTE)
    form.locator("#id_statement").fill("در نشست کازان رهبران ۲۴ کشور حضور دارند.")
    form.locator("#id_kind").select_option("number")
    form.locator("#id_verdict").select_option(label="عمدتاً درست")
    form.locator("#id_rationale").fill("دستیار کرملین، اوشاکوف، این رقم را اعلام کرد (TASS).")
    form.get_by_role("button", name="ذخیرهٔ ادعا").click()
    card = page.locator("#claim-card")
    expect(card.locator(".saved")).to_have_text("ادعا ذخیره شد.")
    expect(page.locator("#announcer")).to_have_text("ادعا ذخیره شد.")
    claim = Claim.objects.get(article=article)
    start = BODY.index(QUOTE)
    assert (claim.start, claim.end, claim.exact) == (start, start + len(QUOTE), QUOTE)
    expect(page.locator(f'#article-text mark[data-claim="{claim.pk}"]')).to_have_text(QUOTE)
    assert card.locator(".rationale").evaluate("el => getComputedStyle(el).direction") == "rtl"

    # A source, then submit.
    card.get_by_role("button", name="افزودن منبع").click()
    page.fill(".source-form #id_url", "https://fa.wikipedia.org/wiki/نشست_بریکس_۲۰۲۴")
    page.fill(".source-form #id_title", "نشست بریکس ۲۰۲۴")
    page.locator(".source-form").get_by_role("button", name="افزودن منبع").click()
    expect(card.locator(".source-title")).to_have_text("نشست بریکس ۲۰۲۴")
    card.get_by_role("button", name="فرستادن برای بازبینی").click()
    expect(page.locator("#claim-status")).to_have_text("ارسال‌شده")
    assert english_left(page) == [], english_left(page)

    # The reviewer, in Persian too, approves it.
    other = browser.new_context(locale="fa-IR", extra_http_headers={"Accept-Language": "fa"})
    rv = log_in(other.new_page(), live_server, reviewer, PASSWORD)
    rv.goto(f"{live_server.url}/review/")
    expect(rv.locator("html")).to_have_attribute("dir", "rtl")
    rv.locator(f"#review-{claim.pk}").get_by_role("button", name="تأیید").click()
    expect(rv.locator(f"#review-{claim.pk} .done")).to_contain_text("تأییدشده")
    other.close()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
