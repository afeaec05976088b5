"""The article's language: detected offline when the editor leaves it empty, and carried on the article text."""

from annotations import services
from annotations.language import detect_language, text_direction
from tests import workflow


def test_english_russian_and_persian_are_told_apart():
    assert detect_language("Leaders of 24 countries will attend the summit in Kazan next week.") == "en"
    assert detect_language("Лидеры 24 стран примут участие в саммите в Казани на следующей неделе.") == "ru"
    assert detect_language("رهبران ۲۴ کشور در نشست کازان در هفته آینده شرکت خواهند کرد.") == "fa"


def test_too_little_text_is_not_guessed():
    assert detect_language("OK 24") == ""


def test_direction_follows_the_language():
    assert (text_direction("fa"), text_direction("ru"), text_direction("")) == ("rtl", "ltr", "auto")


def test_a_new_article_gets_its_language_and_an_edited_one_keeps_the_editors_choice(editor):
    article = workflow.article(editor, body="Лидеры 24 стран примут участие в саммите в Казани на следующей неделе.")
    assert article.language == "ru"
    article = services.article_update(article=article, user=editor, version=None, changes={"language": "uk"})
    assert article.language == "uk"


def test_the_workspace_text_carries_lang_and_dir(client, editor):
    article = workflow.article(editor, body="رهبران ۲۴ کشور در نشست کازان در هفته آینده شرکت خواهند کرد.")
    client.force_login(editor)
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert 'id="article-text" class="article-text" lang="fa" dir="rtl"' in html


def test_the_verdict_menu_hides_ratings_for_other_kinds(client, editor):
    article = workflow.article(editor)
    claim = workflow.claim(article, editor)
    client.force_login(editor)
    html = client.get(f"/claims/{claim.pk}/edit/", headers={"HX-Request": "true"}).content.decode()
    incorrect = next(line for line in html.splitlines() if "Incorrect" in line)
    assert 'data-kinds="name"' in incorrect and "hidden" in incorrect and "disabled" in incorrect
    name_claim = workflow.claim(article, editor, "Ashgatat", kind="name")
    html = client.get(f"/claims/{name_claim.pk}/edit/", headers={"HX-Request": "true"}).content.decode()
    incorrect = next(line for line in html.splitlines() if "Incorrect" in line)
    assert "hidden" not in incorrect
