"""Notifications: who gets a row, which e-mails the worker sends (at once, as a digest, or never), marking read."""

import pytest
from django.core.exceptions import ValidationError
from procrastinate.contrib.django.models import ProcrastinateJob

from notifications import selectors, services, tasks
from notifications.models import EmailFrequency, Notification, Verb
from tests import workflow

pytestmark = pytest.mark.django_db


def email_jobs():
    return list(
        ProcrastinateJob.objects.filter(task_name="notifications.send_notification_email").values_list(
            "args", flat=True
        )
    )


def run_email_jobs():
    """What the worker does with the deferred jobs: the real task, by the ids the request stored."""
    for job in ProcrastinateJob.objects.filter(task_name="notifications.send_notification_email", status="todo"):
        tasks.send_notification_email(**job.args)
        ProcrastinateJob.objects.filter(pk=job.pk).update(status="succeeded")


@pytest.fixture
def claim(editor):
    return workflow.claim(workflow.article(editor), editor)


def notify(claim, actor, recipients, verb=Verb.CHANGES_REQUESTED, text="Which 24 countries?"):
    return services.notify(
        recipient_ids=[u.pk for u in recipients],
        verb=verb,
        actor_id=actor.pk,
        article_id=claim.article_id,
        claim_id=claim.pk,
        text=text,
    )


def test_the_actor_is_never_notified_of_their_own_action(claim, editor, reviewer):
    rows = notify(claim, reviewer, [editor, reviewer])
    assert [n.recipient for n in rows] == [editor]


def test_notifying_only_defers_the_email_so_the_request_sends_nothing(claim, editor, reviewer, mailoutbox):
    (row,) = notify(claim, reviewer, [editor])
    assert mailoutbox == []
    assert email_jobs() == [{"notification_id": row.pk}]
    run_email_jobs()
    (mail,) = mailoutbox
    assert mail.to == [editor.email]
    assert mail.subject == "[factcheck] reviewer sent back your claim “leaders of 24 countries” in “Summit”"
    assert "Which 24 countries?" in mail.body and f"/claims/{claim.pk}/" in mail.body
    assert "Which 24 countries?" in mail.alternatives[0].content


def test_an_email_goes_out_once_even_if_its_job_runs_twice(claim, editor, reviewer, mailoutbox):
    (row,) = notify(claim, reviewer, [editor])
    assert services.email_send(row.pk) is True
    assert services.email_send(row.pk) is False
    assert len(mailoutbox) == 1


def test_digest_readers_get_no_immediate_email_but_one_digest_with_everything(claim, editor, reviewer, mailoutbox):
    services.preference_set(user=editor, email=EmailFrequency.DAILY)
    notify(claim, reviewer, [editor])
    notify(claim, reviewer, [editor], verb=Verb.APPROVED, text="")
    assert email_jobs() == []
    assert services.digests_send() == 2
    (mail,) = mailoutbox
    assert mail.subject == "[factcheck] 2 notifications today"
    assert "sent back your claim" in mail.body and "approved your claim" in mail.body
    assert services.digests_send() == 0  # nothing twice
    assert len(mailoutbox) == 1


def test_never_means_no_email_at_all(claim, editor, reviewer, mailoutbox):
    services.preference_set(user=editor, email=EmailFrequency.NEVER)
    notify(claim, reviewer, [editor])
    services.digests_send()
    assert email_jobs() == [] and mailoutbox == []
    assert selectors.unread_count(editor) == 1  # still in the app


def test_switching_to_digest_after_the_job_was_deferred_leaves_it_to_the_digest(claim, editor, reviewer, mailoutbox):
    notify(claim, reviewer, [editor])
    services.preference_set(user=editor, email=EmailFrequency.DAILY)
    run_email_jobs()
    assert mailoutbox == []
    assert services.digests_send() == 1


def test_a_user_without_an_address_gets_no_email(claim, editor, reviewer, mailoutbox):
    editor.email = ""
    editor.save()
    notify(claim, reviewer, [editor])
    run_email_jobs()
    assert mailoutbox == []


def test_an_unknown_frequency_is_refused_naming_the_field(editor):
    with pytest.raises(ValidationError) as error:
        services.preference_set(user=editor, email="hourly")
    assert "email" in error.value.message_dict


def test_mark_one_or_all_read(claim, editor, reviewer):
    (first,) = notify(claim, reviewer, [editor])
    notify(claim, reviewer, [editor], verb=Verb.APPROVED)
    notify(claim, editor, [reviewer], verb=Verb.SUBMITTED)
    assert services.notification_mark_read(user=editor, notification_ids=[first.pk]) == 1
    assert selectors.unread_count(editor) == 1
    assert services.notification_mark_read(user=editor) == 1
    assert selectors.unread_count(editor) == 0
    assert selectors.unread_count(reviewer) == 1  # someone else's stay unread


def test_someone_elses_notification_cannot_be_marked_read(claim, editor, reviewer):
    (theirs,) = notify(claim, editor, [reviewer], verb=Verb.SUBMITTED)
    assert services.notification_mark_read(user=editor, notification_ids=[theirs.pk]) == 0
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_unread_come_first_then_newest(claim, editor, reviewer):
    notify(claim, reviewer, [editor], text="old")
    (new,) = notify(claim, reviewer, [editor], text="new")
    services.notification_mark_read(user=editor, notification_ids=[new.pk])
    assert [n.text for n in selectors.notifications_for(editor)] == ["old", "new"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("@editor please check", ["editor"]),
        ("Thanks, @editor. And @reviewer2!", ["editor", "reviewer2"]),
        ("mail me at someone@example.org", []),
        ("@Editor and @editor again", ["Editor"]),
        ("(@ana.maria-x)", ["ana.maria-x"]),
    ],
)
def test_mentions_are_found_in_comment_text(text, names):
    assert selectors.mentioned_usernames(text) == names


def test_mention_candidates_are_people_with_a_role(editor, reviewer, nobody):
    assert [u.username for u in selectors.mention_candidates("")] == ["editor", "reviewer"]
    assert [u.username for u in selectors.mention_candidates("REV")] == ["reviewer"]
