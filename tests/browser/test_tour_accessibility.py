"""axe-core (WCAG 2.0/2.1/2.2 A and AA) finds nothing on any page state the tour shows, other than the workspace's
(tests/browser/test_accessibility.py covers those), in English, Russian and Persian.

The states are the tour's own (factcheck/tour.py, SHOTS): a page the tour photographs is a page axe checks."""

import json

import pytest

from factcheck import tour
from integrations.models import Webhook
from tests.browser import pages
from tests.browser.a11y import structure_problems, violations
from tests.factories import PASSWORD

# "__all__": list pages read from the replica that `./dev test` configures (it mirrors the test database).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

STATES = [shot for shot in tour.SHOTS if not shot.workspace]


def test_the_tour_checks_every_page_but_the_workspace():
    names = {shot.name for shot in STATES}
    assert {"login", "my-work", "articles", "review-queue", "search", "notifications", "revisions"} <= names
    assert {"claim-history", "article-history", "tokens", "webhooks", "admin-list"} <= names
    assert not any(name.startswith("workspace") for name in names)


@pytest.mark.parametrize("language", ["en", "ru", "fa"])
def test_every_page_state_of_the_tour_passes_axe(browser, live_server, editor, reviewer, admin_user, language):
    data = pages.build(editor, reviewer, admin_user)
    demo = tour.Demo(
        article=f"/articles/{data['article'].pk}/",
        claim=f"/claims/{data['draft'].pk}/",
        webhook=f"/integrations/webhooks/{Webhook.objects.get().pk}/",
    )
    taker = tour.Tour(out=None, sizes=[], languages=[language], shots=STATES, password=PASSWORD)
    found, checked = {}, []
    for user in dict.fromkeys(shot.user for shot in STATES):
        state = taker.session(browser, live_server.url, user)
        for size in (tour.SIZES["laptop"], tour.SIZES["phone"]):
            context = tour.new_context(browser, live_server.url, size, language, state)
            page = context.new_page()
            for shot in STATES:
                # Every state at laptop size; on the phone, the states only a phone has (the open menu).
                if shot.user != user or not shot.fits(size) or (size.phone and not shot.phone_only):
                    continue
                shot.go(page, live_server.url, demo)
                problems = violations(page)
                if shot.ours:  # Django's admin and Swagger UI have structures of their own
                    problems += [{"id": "structure", "problem": p} for p in structure_problems(page)]
                if problems:
                    found[f"{shot.name} ({size.name}, {page.url})"] = problems
                checked.append(shot.name)
            context.close()
    assert sorted(set(checked)) == sorted(shot.name for shot in STATES)
    assert not found, f"axe-core, {language}:\n" + json.dumps(found, indent=1, ensure_ascii=False)
