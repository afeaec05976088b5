"""History as sentences: what a reader of the History page sees for each recorded change."""

from annotations.history_text import Names, changes_of, describe, edit_excerpt

NAMES = Names(
    users={7: "reviewer", 8: "editor"},
    ratings={3: "Mostly true", 4: "False"},
    claims={11: "leaders of 24 countries"},
    choices={
        "status": {
            "draft": "Draft",
            "submitted": "Submitted",
            "approved": "Approved",
            "changes_requested": "Changes requested",
            "in_review": "In review",
            "checked": "Checked",
        },
        "kind": {"number": "Number", "factual": "Factual claim"},
    },
)
CLAIM = {"id": 11, "exact": "leaders of 24 countries", "status": "approved", "article_id": 1}


def test_an_approval_reads_as_who_approved_which_claim():
    sentence = describe(
        model="claim",
        action="update",
        who="reviewer",
        data=CLAIM,
        diff={"status": ["submitted", "approved"], "reviewed_by_id": [None, 7], "version": [3, 4]},
        names=NAMES,
    )
    assert sentence.text() == "reviewer approved the claim “leaders of 24 countries”"
    assert [(c.label, c.before, c.after) for c in sentence.changes] == [
        ("reviewed by", "—", "reviewer"),
        ("status", "Submitted", "Approved"),
    ]


def test_sending_back_submitting_and_reopening_are_named():
    def kind(before, after):
        return describe(
            model="claim", action="update", who="x", data=CLAIM, diff={"status": [before, after]}, names=NAMES
        ).text()

    assert kind("submitted", "changes_requested") == "x sent back the claim “leaders of 24 countries”"
    assert kind("draft", "submitted") == "x submitted the claim “leaders of 24 countries” for review"
    assert kind("changes_requested", "submitted") == "x submitted the claim “leaders of 24 countries” for review"
    assert kind("approved", "draft") == "x reopened the claim “leaders of 24 countries”"
    assert (
        kind("approved", "submitted")
        == "the claim “leaders of 24 countries” went back to review after its text changed"
    )


def test_verdicts_and_kinds_show_their_labels_not_ids_or_codes():
    sentence = describe(
        model="claim",
        action="update",
        who="editor",
        data=CLAIM,
        diff={"verdict_id": [3, 4], "kind": ["factual", "number"]},
        names=NAMES,
    )
    assert sentence.text() == "editor edited the claim “leaders of 24 countries”"
    assert [(c.label, c.before, c.after) for c in sentence.changes] == [
        ("kind", "Factual claim", "Number"),
        ("verdict", "Mostly true", "False"),
    ]


def test_an_edit_to_the_body_shows_the_changed_words_not_the_whole_text():
    before = "Word " * 200 + "Ashgatat opened." + " tail" * 100
    after = "Word " * 200 + "Ashgabat opened." + " tail" * 100
    sentence = describe(
        model="article",
        action="update",
        who="editor",
        data={"title": "Summit", "body": after},
        diff={"body": [before, after]},
        names=NAMES,
    )
    assert sentence.text() == "editor edited the text of the article"
    (change,) = sentence.changes
    assert change.label == "text"
    assert "Ashgatat" in change.before and "Ashgabat" in change.after
    assert len(change.before) < 100 and change.before.startswith("…") and change.before.endswith("…")


def test_an_update_of_bookkeeping_only_is_left_out():
    assert (
        describe(
            model="claim",
            action="update",
            who="x",
            data=CLAIM,
            diff={"version": [1, 2], "updated": ["a", "b"]},
            names=NAMES,
        )
        is None
    )


def test_an_automatic_status_change_does_not_claim_someone_made_it():
    sentence = describe(
        model="article",
        action="update",
        who="editor",
        data={"title": "Summit", "status": "in_review"},
        diff={"status": ["in_progress", "in_review"]},
        names=NAMES,
    )
    assert sentence.text() == "the article's status became In review"


def test_assignment_shows_usernames_before_and_after():
    sentence = describe(
        model="article",
        action="update",
        who="admin",
        data={"title": "Summit"},
        diff={"assignee_id": [None, 8], "reviewer_id": [8, 7]},
        names=NAMES,
    )
    assert sentence.text() == "admin changed who works on the article"
    assert [(c.label, c.before, c.after) for c in sentence.changes] == [
        ("editor", "—", "editor"),
        ("reviewer", "editor", "reviewer"),
    ]


def test_sources_and_comments_name_their_claim():
    source = describe(
        model="source",
        action="insert",
        who="editor",
        data={"claim_id": 11, "title": "", "url": "https://example.org/x"},
        diff=None,
        names=NAMES,
    )
    assert source.text() == "editor added the source “https://example.org/x” to the claim “leaders of 24 countries”"
    comment = describe(
        model="comment",
        action="insert",
        who="reviewer",
        data={"claim_id": 11, "kind": "changes_requested", "text": "Which 24? @editor"},
        diff=None,
        names=NAMES,
    )
    assert comment.text() == "reviewer explained what to change in the claim “leaders of 24 countries”"
    assert comment.changes[0].after == "Which 24? @editor"


def test_the_sentence_is_translated_by_the_callers_function():
    sentence = describe(model="claim", action="delete", who="editor", data=CLAIM, diff=None, names=NAMES)
    german = {"%(who)s deleted the claim “%(quote)s”": "%(who)s hat die Behauptung „%(quote)s“ gelöscht"}
    assert sentence.text(lambda m: german.get(m, m)) == "editor hat die Behauptung „leaders of 24 countries“ gelöscht"


def test_long_quotes_are_shortened():
    data = dict(CLAIM, id=99, exact="x" * 200)
    assert (
        len(describe(model="claim", action="insert", who="e", data=data, diff=None, names=NAMES).params["quote"]) == 60
    )


def test_edit_excerpt_of_short_texts_is_the_whole_text():
    assert edit_excerpt("in Kazan", "in Ashgabat") == ("in Kazan", "in Ashgabat")


def test_a_move_shows_the_span_before_and_after():
    sentence = describe(
        model="claim",
        action="update",
        who="editor",
        data=dict(CLAIM, start=30, end=53),
        diff={"start": [10, 30], "end": [33, 53]},
        names=NAMES,
    )
    assert sentence.text() == "editor moved the claim “leaders of 24 countries” to other text"
    change = sentence.changes[0]
    assert (change.label, change.before, change.after) == ("position (characters)", "10–33", "30–53")


def test_a_changed_date_reads_as_the_pages_show_dates_not_as_iso():
    names = Names(format_date=lambda iso: {"2024-10-11": "11 Oct 2024", "2024-10-22": "22 Oct 2024"}[iso])
    (change,) = changes_of("article", {"published_at": ["2024-10-11", "2024-10-22"]}, names)
    assert (change.before, change.after, change.typed) == ("11 Oct 2024", "22 Oct 2024", False)
    (change,) = changes_of("source", {"accessed_at": [None, "2024-10-12"]}, Names())
    assert (change.before, change.after) == ("—", "2024-10-12")  # without a formatter, the date as recorded
