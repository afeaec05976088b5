"""Helper of bench/scale_bench.py, run once per database with DATABASE_URL set (not meant to be run by hand).

scale_probe.py setup          -> JSON: session cookies for an editor and a reviewer, the pages to measure
scale_probe.py explain PATHS  -> for each page, EXPLAIN (ANALYZE, BUFFERS) of every query it runs
scale_probe.py publish        -> publishes the signed-off articles of a generated archive (PublishedClaim rows)
"""

import json
import os
import re
import sys
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.db.models.functions import Length  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from annotations.demo.archive import EDITORS, REVIEWERS  # noqa: E402
from annotations.models import Article  # noqa: E402

BIG_TABLES = (
    "annotations_article",
    "annotations_claim",
    "annotations_source",
    "annotations_comment",
    "annotations_revision",
    "annotations_publishedclaim",
)


def session_for(user) -> str:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def typical_article() -> int:
    """An article of median size with the usual number of claims, chosen the same way in both archives."""
    candidates = (
        Article.objects.annotate(n=Count("claims"), size=Length("body"))
        .filter(n__gte=18, n__lte=22, size__gte=7_000, size__lte=9_000)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return candidates.first() or Article.objects.order_by("pk").values_list("pk", flat=True).first()


def setup() -> dict:
    User = get_user_model()
    editor, reviewer = User.objects.get(username=EDITORS[0]), User.objects.get(username=REVIEWERS[0])
    article = typical_article()
    articles = url("article_list")
    pages = [
        ("article list, first page", articles, "editor"),
        ("article list, filtered", f"{articles}?status=in_review&editor={editor.pk}", "editor"),
        ("start page", url("my_work") or url("start") or url("home") or "/", "editor"),
        ("start page, reviewer", url("my_work") or url("start") or url("home") or "/", "reviewer"),
        ("review queue", url("review_queue"), "reviewer"),
        ("workspace of one article", url("article_detail", article), "editor"),
        ("API article list", url("api:article_list"), "editor"),
        ("API claims of one article", url("api:article_claims", article), "editor"),
    ]
    search = url("search")
    if search:
        pages.append(("search", f"{search}?q=grain+exports", "editor"))
    pages += public_pages()
    return {
        "sessions": {"editor": session_for(editor), "reviewer": session_for(reviewer)},
        "pages": pages,
        "counts": {"articles": Article.objects.count(), "claims": Article.claims.rel.related_model.objects.count()},
    }


def public_pages() -> list[tuple[str, str, str]]:
    """The reader's public answers (reader/): the ClaimReview feed's first page, a page half-way down (the keyset's
    cost must not grow with the depth) and the embed's claims of one published article."""
    feed = url("claimreview_feed")
    if not feed:
        return []
    from annotations.models import PublishedClaim

    newest_first = PublishedClaim.objects.order_by("-modified_at", "-id")
    middle = newest_first.values_list("modified_at", "id")[newest_first.count() // 2]
    micros = int(middle[0].timestamp()) * 1_000_000 + middle[0].microsecond
    article = newest_first.values_list("article_id", flat=True).first()
    return [
        ("ClaimReview feed, first page", feed, "editor"),
        ("ClaimReview feed, middle page", f"{feed}?after={micros}.{middle[1]}", "editor"),
        ("embed: one article's claims", f"{url('embed_claims')}?id={article}", "editor"),
    ]


PUBLISH_SQL = """
INSERT INTO annotations_publishedclaim (claim_id, article_id, version, published_at, modified_at, statement, claimant,
    kind, verdict_slug, verdict_label, verdict_value, rationale, correction, exact, prefix, suffix, start, "end",
    sources, correction_note)
SELECT c.id, c.article_id, c.version, a.signed_off_at, a.signed_off_at, c.statement, c.claimant, c.kind,
    coalesce(r.slug, ''), coalesce(r.label, ''), r.value, c.rationale, c.correction, c.exact, c.prefix, c.suffix,
    c.start, c."end",
    coalesce((SELECT jsonb_agg(jsonb_build_object('url', s.url, 'title', s.title, 'publisher', s.publisher,
                                                  'archive_url', s.archive_url) ORDER BY s.id)
              FROM annotations_source s WHERE s.claim_id = c.id), '[]'::jsonb),
    ''
FROM annotations_claim c
JOIN annotations_article a ON a.id = c.article_id
LEFT JOIN annotations_rating r ON r.id = c.verdict_id
WHERE a.signed_off_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM annotations_publishedclaim p WHERE p.claim_id = c.id)
"""


def publish() -> int:
    """What sign-off writes (annotations.services), in one statement for an archive that generate_archive wrote
    with COPY, which no service saw: a published copy of every claim of every signed-off article."""
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        # The rows come from the very tables they reference, so the foreign-key triggers have nothing to find; they
        # would lock every referenced claim and article row (900,000 at 100,000 articles) and take an hour here.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(PUBLISH_SQL)
        written = cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE annotations_publishedclaim")
    return written


def seq_scans(plan: str) -> list[str]:
    return [
        f"{table} ({rows} rows)"
        for table, rows in re.findall(r"Seq Scan on (\w+)\s.*?actual time=[\d.]+\.\.[\d.]+ rows=(\d+)", plan)
        if table in BIG_TABLES
    ]


def explain(pages: list[tuple[str, str, str]]) -> list[dict]:
    User = get_user_model()
    users = {"editor": User.objects.get(username=EDITORS[0]), "reviewer": User.objects.get(username=REVIEWERS[0])}
    out = []
    for label, path, role in pages:
        client = Client()
        client.force_login(users[role])
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        plans = []
        for query in queries.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or not any(t in sql for t in BIG_TABLES):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            plans.append({"sql": sql, "plan": plan, "seq_scans": seq_scans(plan)})
        out.append(
            {"page": label, "path": path, "status": status, "queries": len(queries.captured_queries), "plans": plans}
        )
    return out


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        print(json.dumps(setup()))
    elif sys.argv[1] == "publish":
        print(json.dumps(publish()))
    else:
        print(json.dumps(explain(json.loads(sys.argv[2]))))
