"""A year (or five) of newsroom work, generated: articles, claims, sources, comments and revisions.

`generate_archive(...)` adds to what the database holds; ids come from the tables' own sequences, so it can
run twice, next to real data. It writes with COPY, one transaction per batch of articles.

History: django-pghistory records changes with one row trigger per table. Fired row by row during COPY they
would date every event "now" and cost a trigger call per row, so for the generated rows they are skipped on
purpose, through pgtrigger's own switch (`pgtrigger.ignore`, set for the batch's transaction only, so any
other session keeps recording). In their place each batch writes the events itself with one INSERT ... SELECT
per table: one "insert" event per generated article, claim, source and comment carrying its final values,
dated at the row's creation and attributed (pghistory context) to the user who created it. Pass
`history=False` to leave the generated rows without history. Revisions are not tracked by pghistory.
"""

import json
import queue
import random
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pghistory.models
import pgtrigger
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, models, transaction
from django.utils import timezone
from pghistory.trigger import Event as HistoryTrigger

from annotations import permissions
from annotations.anchoring import selector_for
from annotations.demo import newsroom_text as text
from annotations.models import (
    Article,
    ArticleStatus,
    Claim,
    ClaimStatus,
    Comment,
    CommentKind,
    Rating,
    Revision,
    Source,
)
from annotations.services import article_status_for

EDITORS = [
    "amira.haddad",
    "kwame.osei",
    "ingrid.lindqvist",
    "mateo.moreno",
    "aiko.nakamura",
    "farid.rahman",
    "sofia.costa",
    "jonas.bauer",
]
REVIEWERS = ["leila.dubois", "tomasz.kowalski", "grace.mensah", "viktor.horvat"]

# Share of articles in each status; the claims of each are drawn to match it (article_status_for decides).
ARTICLE_MIX = [
    (ArticleStatus.NEW, 0.05),
    (ArticleStatus.IN_PROGRESS, 0.25),
    (ArticleStatus.IN_REVIEW, 0.15),
    (ArticleStatus.CHANGES_REQUESTED, 0.10),
    (ArticleStatus.CHECKED, 0.45),
]
CLAIM_MIX = {
    ArticleStatus.IN_PROGRESS: (
        [ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.APPROVED],
        [0.5, 0.2, 0.3],
        ClaimStatus.DRAFT,
    ),
    ArticleStatus.IN_REVIEW: ([ClaimStatus.SUBMITTED, ClaimStatus.APPROVED], [0.5, 0.5], ClaimStatus.SUBMITTED),
    ArticleStatus.CHANGES_REQUESTED: (
        [ClaimStatus.CHANGES_REQUESTED, ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.APPROVED],
        [0.3, 0.2, 0.2, 0.3],
        ClaimStatus.CHANGES_REQUESTED,
    ),
    ArticleStatus.CHECKED: ([ClaimStatus.APPROVED], [1.0], ClaimStatus.APPROVED),
}
KIND_WEIGHTS = {"number": 0.35, "name": 0.2, "quote": 0.15, "factual": 0.3}
REVISIONS = ([1, 2, 3, 4], [0.8, 0.12, 0.06, 0.02])
ANCHOR_MIX = (["exact", "moved", "fuzzy", "orphaned"], [0.8, 0.1, 0.06, 0.04])
CHANNELS = (["ui", "api", "cms"], [0.7, 0.2, 0.1])
YEARS = 5


@dataclass
class Stats:
    articles: int = 0
    claims: int = 0
    sources: int = 0
    comments: int = 0
    revisions: int = 0
    history_events: int = 0


def _columns(model) -> list[models.Field]:
    return list(model._meta.concrete_fields)


class _Table:
    """COPY rows given as dicts by attribute name; fields left out get their model default."""

    def __init__(self, model):
        self.model = model
        self.fields = _columns(model)
        self.defaults = {}
        for f in self.fields:
            if f.has_default():
                self.defaults[f.attname] = f.get_default()
            elif f.null:
                self.defaults[f.attname] = None
        self.rows: list[tuple] = []

    def add(self, row: dict) -> None:
        defaults = self.defaults
        self.rows.append(tuple(row[f.attname] if f.attname in row else defaults[f.attname] for f in self.fields))

    def copy(self, cursor) -> int:
        if not self.rows:
            return 0
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        json_columns = {i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)}
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in self.rows:
                if json_columns:
                    row = tuple(json.dumps(v) if i in json_columns else v for i, v in enumerate(row))
                copy.write_row(row)
        count = len(self.rows)
        self.rows = []
        return count


def _reserve_ids(cursor, model, n: int) -> list[int]:
    if n == 0:
        return []
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
        [model._meta.db_table, model._meta.pk.column, n],
    )
    return [row[0] for row in cursor.fetchall()]


def _tracked():
    """(model, event model, pgtrigger ids of its history triggers) for the models the generator writes."""
    out = []
    for model in (Article, Claim, Source, Comment):
        triggers = [t for m, t in pgtrigger.registered() if m is model and isinstance(t, HistoryTrigger)]
        event_models = {t.event_model for t in triggers}
        pgids = []
        for t in triggers:
            pgid = t.get_pgid(model)
            pgids += [pgid, f"{model._meta.db_table}:{pgid}"]
        out.append((model, event_models, pgids))
    return out


def _history_sql(model, event_model, user_column: str) -> str:
    q = connection.ops.quote_name
    source_columns = {f.column for f in _columns(model)}
    copied = [f.column for f in _columns(event_model) if not f.name.startswith("pgh_") and f.column in source_columns]
    return (
        f"INSERT INTO {q(event_model._meta.db_table)} ({', '.join(q(c) for c in copied)}, pgh_created_at, pgh_label, "
        f"pgh_obj_id, pgh_context_id) SELECT {', '.join('t.' + q(c) for c in copied)}, t.created, 'insert', t.id, "
        f"ctx.context_id FROM {q(model._meta.db_table)} t JOIN (SELECT * FROM unnest(%s::bigint[], %s::uuid[])) AS "
        f"ctx(user_id, context_id) ON ctx.user_id = t.{q(user_column)} WHERE t.id = ANY(%s)"
    )


HISTORY_USER_COLUMN = {Article: "created_by_id", Claim: "created_by_id", Source: "created_by_id", Comment: "author_id"}


def staff(usernames: list[str], role: str) -> list:
    User = get_user_model()
    group = Group.objects.get(name=role)
    users = []
    for username in usernames:
        first, last = username.split(".")
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first.title(), "last_name": last.title(), "email": f"{username}@newsroom.example"},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(group)
        users.append(user.pk)
    return users


def _statement_field() -> str:
    # Claim.claim is being renamed to Claim.statement; write whichever the model has.
    names = {f.attname for f in Claim._meta.concrete_fields}
    return "statement" if "statement" in names else "claim"


def assignment(article_id: int, editor_id: int, reviewers: list[int]) -> dict:
    """Who works on a generated article, decided by its id (no draw from the seeded stream, so the rest of an
    archive is the same as before assignment existed): its editor is the one who wrote it; its reviewer one of
    the reviewers in turn, except every fourth article, which has none (the review queue's "no reviewer")."""
    return {
        "assignee_id": editor_id,
        "reviewer_id": None if article_id % 4 == 0 else reviewers[(article_id // 4) % len(reviewers)],
    }


def assign_existing() -> int:
    """Give an archive generated before articles had an editor and a reviewer the assignment `assignment` gives
    new ones (one UPDATE; the history triggers skipped as for generated rows). Returns the articles changed."""
    reviewers = staff(REVIEWERS, permissions.REVIEWER)
    article = Article._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        pgids = [pgid for model, _e, ids in _tracked() if model is Article for pgid in ids]
        cursor.execute("SELECT set_config('pgtrigger.ignore', %s, true)", ["{" + ",".join(pgids) + "}"])
        cursor.execute(
            f"UPDATE {article} SET assignee_id = created_by_id, reviewer_id = CASE WHEN id %% 4 = 0 THEN NULL ELSE "
            "(%s::bigint[])[(id / 4) %% %s + 1] END WHERE assignee_id IS NULL AND reviewer_id IS NULL AND "
            "created_by_id IN (SELECT id FROM auth_user WHERE username = ANY(%s))",
            [reviewers, len(reviewers), EDITORS],
        )
        changed = cursor.rowcount
        cursor.execute(f"ANALYZE {article}")
    return changed


class Generator:
    def __init__(self, *, seed: int, claims_per_article: int, history: bool = True, today: date | None = None):
        self.rng = random.Random(seed)
        self.seed = seed
        self.k = claims_per_article
        self.history = history
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.pool: list[text.Sentence] = []
        self.editors = staff(EDITORS, permissions.EDITOR)
        self.reviewers = staff(REVIEWERS, permissions.REVIEWER)
        ratings = list(Rating.objects.values("pk", "slug", "kinds"))
        self.verdicts = {
            kind: [r["pk"] for r in ratings if not r["kinds"] or kind in r["kinds"]]
            for kind in ("factual", "number", "quote", "name")
        }
        self.incorrect = next((r["pk"] for r in ratings if r["slug"] == "incorrect"), None)
        self.statement = _statement_field()
        self.article_extra = (
            {"language": "en"} if "language" in {f.attname for f in Article._meta.concrete_fields} else {}
        )
        self.assigned = "assignee_id" in {f.attname for f in Article._meta.concrete_fields}
        self.stats = Stats()
        self.tracked = _tracked()
        self.contexts: dict[int, str] = {}

    def prepare(self, articles: int) -> None:
        year = self.today.year
        # Bodies get new sentences; the small pool serves earlier drafts and source excerpts.
        self.next_sentence = text.sentences(self.rng, today_year=year)
        self.pool = text.sentence_pool(self.rng, 5_000, today_year=year)
        self.titles = [text.title(self.rng, year)[:300] for _ in range(min(50_000, max(500, articles)))]
        self.rationales = [text.rationale(self.rng, year) for _ in range(5_000)]
        self.comments = [text.comment(self.rng, year) for _ in range(2_000)]
        if self.history:
            for user_id in self.editors + self.reviewers:
                context = pghistory.models.Context.objects.create(
                    metadata={"user": user_id, "service": "generate_archive", "seed": self.seed}
                )
                self.contexts[user_id] = str(context.pk)

    # One batch: rows built in memory (ids from the sequences), then COPY per table and the history events in
    # one transaction. build() and write() may run in two threads, each with its own database connection.

    def build(self, n: int) -> dict:
        tables = {m: _Table(m) for m in (Article, Revision, Claim, Source, Comment)}
        with connection.cursor() as cursor:
            article_ids = _reserve_ids(cursor, Article, n)
            plans = [self._plan_article(article_id) for article_id in article_ids]
            claim_ids = iter(_reserve_ids(cursor, Claim, sum(len(p["claims"]) for p in plans)))
            revision_ids = iter(_reserve_ids(cursor, Revision, sum(len(p["bodies"]) for p in plans)))
            sources, comments = [], []
            for plan in plans:
                self._rows(plan, tables, claim_ids, revision_ids, sources, comments)
            for row, pk in zip(sources, _reserve_ids(cursor, Source, len(sources)), strict=True):
                row["id"] = pk
                tables[Source].add(row)
            for row, pk in zip(comments, _reserve_ids(cursor, Comment, len(comments)), strict=True):
                row["id"] = pk
                tables[Comment].add(row)
        return tables

    def write(self, tables: dict) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            pgids = [pgid for _m, _e, ids in self.tracked for pgid in ids]
            cursor.execute("SELECT set_config('pgtrigger.ignore', %s, true)", ["{" + ",".join(pgids) + "}"])
            # A crash may lose the last batches, never corrupt anything; generated data can be generated again.
            cursor.execute("SET LOCAL synchronous_commit = off")
            new_ids = {}
            for model in (Article, Revision, Claim, Source, Comment):
                new_ids[model] = [row[0] for row in tables[model].rows]  # id is the first concrete field
                tables[model].copy(cursor)
            self.stats.articles += len(new_ids[Article])
            self.stats.revisions += len(new_ids[Revision])
            self.stats.claims += len(new_ids[Claim])
            self.stats.sources += len(new_ids[Source])
            self.stats.comments += len(new_ids[Comment])
            if self.history:
                users = list(self.contexts)
                contexts = [self.contexts[u] for u in users]
                for model, event_models, _ids in self.tracked:
                    for event_model in event_models:
                        cursor.execute(
                            _history_sql(model, event_model, HISTORY_USER_COLUMN[model]),
                            [users, contexts, new_ids[model]],
                        )
                        self.stats.history_events += cursor.rowcount

    def _clamp(self, moment: datetime) -> datetime:
        return min(moment, self.now)

    def _plan_article(self, article_id: int) -> dict:
        rng = self.rng
        status = rng.choices([s for s, _ in ARTICLE_MIX], [w for _, w in ARTICLE_MIX])[0]
        published = self.today - timedelta(days=rng.randint(0, YEARS * 365))
        created = self._clamp(
            datetime.combine(published, time(rng.randint(5, 22), rng.randint(0, 59)), UTC)
            - timedelta(hours=rng.randint(0, 36))
        )
        final, placed = text.body(rng, self.next_sentence)
        n_revisions = rng.choices(*REVISIONS)[0]
        bodies = [final]
        for _ in range(n_revisions - 1):
            bodies.insert(0, text.edited(rng, bodies[0], self.pool))
        if status == ArticleStatus.NEW:
            n_claims = 0
        else:
            n_claims = max(1, round(self.k / (1 - ARTICLE_MIX[0][1]) * rng.uniform(0.5, 1.5)))
        claims = []
        if n_claims:
            choices, weights, required = CLAIM_MIX[status]
            states = rng.choices(choices, weights, k=n_claims)
            if required not in states:
                states[rng.randrange(n_claims)] = required
            for state in states:
                claims.append(self._plan_claim(placed, state))
        counts = {}
        for claim in claims:
            counts[claim["status"]] = counts.get(claim["status"], 0) + 1
        return dict(
            id=article_id,
            status=article_status_for(counts, signed_off=status == ArticleStatus.CHECKED),
            published=published,
            created=created,
            bodies=bodies,
            claims=claims,
            editor=rng.choice(self.editors),
        )

    def _plan_claim(self, placed: list[text.Placed], state: str) -> dict:
        rng = self.rng
        where = rng.choice(placed)
        spans = where.sentence.spans
        wanted = rng.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()))[0]
        candidates = [s for s in spans if s.kind == wanted] or [s for s in spans if s.kind == "factual"]
        span = rng.choice(candidates)
        return dict(
            span=span,
            sentence=where.sentence.text,
            start=where.start + span.start,
            end=where.start + span.end,
            status=state,
        )

    def _rows(self, plan: dict, tables: dict, claim_ids, revision_ids, sources: list, comments: list) -> None:
        rng = self.rng
        body = plan["bodies"][-1]
        created = plan["created"]
        editor = plan["editor"]
        revised = len(plan["bodies"]) > 1
        last_change = created
        moment = created
        for number, revision_body in enumerate(plan["bodies"], start=1):
            tables[Revision].add(
                dict(
                    id=next(revision_ids),
                    article_id=plan["id"],
                    number=number,
                    body=revision_body,
                    channel=rng.choices(*CHANNELS)[0] if number > 1 else "ui",
                    created_by_id=rng.choice(self.editors) if number > 1 else editor,
                    created=moment,
                    anchoring={}
                    if number == 1
                    else {"exact": len(plan["claims"]), "moved": 0, "fuzzy": 0, "orphaned": 0},
                )
            )
            last_change = moment
            moment = self._clamp(moment + timedelta(hours=rng.randint(1, 30)))
        signed_off_by = signed_off_at = None
        for claim in plan["claims"]:
            claim_id = next(claim_ids)
            row, changed = self._claim_row(claim, claim_id, plan["id"], body, created, revised, sources, comments)
            tables[Claim].add(row)
            last_change = max(last_change, changed)
        if plan["status"] == ArticleStatus.CHECKED:
            signed_off_by = rng.choice(self.reviewers)
            signed_off_at = self._clamp(last_change + timedelta(hours=rng.randint(1, 48)))
            last_change = signed_off_at
        tables[Article].add(
            dict(
                id=plan["id"],
                title=text.title(rng, self.today.year)[:300],
                url=self._url(plan),
                publication=plan["publication"],
                published_at=plan["published"],
                body=body,
                status=plan["status"],
                signed_off_by_id=signed_off_by,
                signed_off_at=signed_off_at,
                version=len(plan["bodies"]) + rng.randint(0, 3) + (1 if signed_off_by else 0),
                created_by_id=editor,
                created=created,
                updated=last_change,
                **self.article_extra,
                **(assignment(plan["id"], editor, self.reviewers) if self.assigned else {}),
            )
        )

    def _url(self, plan: dict) -> str:
        rng = self.rng
        name, domain = rng.choice(text.PUBLICATIONS)
        plan["publication"] = name
        day = plan["published"]
        return f"https://{domain}/{rng.choice(text.SECTIONS)}/{day:%Y/%m/%d}/story-{plan['id']}"

    def _claim_row(
        self,
        claim: dict,
        claim_id: int,
        article_id: int,
        body: str,
        article_created,
        revised: bool,
        sources: list,
        comments: list,
    ):
        rng = self.rng
        span: text.Span = claim["span"]
        status = claim["status"]
        start, end = claim["start"], claim["end"]
        selector = selector_for(body, start, end)
        kind = span.kind
        created = self._clamp(article_created + timedelta(minutes=rng.randint(5, 72 * 60)))
        creator = rng.choice(self.editors)
        updater = creator if rng.random() < 0.7 else rng.choice(self.editors)
        updated = self._clamp(created + timedelta(minutes=rng.randint(1, 24 * 60)))
        reviewed = status in (ClaimStatus.APPROVED, ClaimStatus.CHANGES_REQUESTED)
        needs_verdict = status != ClaimStatus.DRAFT or rng.random() < 0.5
        verdict = None
        correction = ""
        if kind == "name" and span.correction:
            correction = span.correction
            verdict = self.incorrect if needs_verdict else None
        elif needs_verdict:
            verdict = rng.choice(self.verdicts[kind])
        submitted_at = (
            self._clamp(updated + timedelta(minutes=rng.randint(1, 600))) if status != ClaimStatus.DRAFT else None
        )
        reviewed_at = self._clamp(submitted_at + timedelta(minutes=rng.randint(5, 3 * 24 * 60))) if reviewed else None
        reviewer = rng.choice(self.reviewers) if reviewed else None
        anchor_state = rng.choices(*ANCHOR_MIX)[0] if revised else "exact"
        exact = selector.exact
        statement = {
            "quote": f"{span.claimant or 'The speaker'} said: {exact}",
            "name": f"The name is spelled “{correction or exact}”.",
            "number": f"{claim['sentence']}",
        }.get(kind, claim["sentence"])
        row = {
            "id": claim_id,
            "article_id": article_id,
            "start": start,
            "end": end,
            "exact": exact,
            "prefix": selector.prefix,
            "suffix": selector.suffix,
            "anchor_state": anchor_state,
            "original_exact": text.misspell(rng, exact) if anchor_state == "fuzzy" else "",
            self.statement: statement[:2000],
            "claimant": span.claimant if kind == "quote" else "",
            "kind": kind,
            "verdict_id": verdict,
            "rationale": rng.choice(self.rationales) if verdict else "",
            "correction": correction,
            "status": status,
            "submitted_at": submitted_at,
            "reviewed_by_id": reviewer,
            "reviewed_at": reviewed_at,
            "version": {"draft": 1, "submitted": 2, "changes_requested": 3, "approved": 3}[status] + rng.randint(0, 2),
            "created_by_id": creator,
            "updated_by_id": updater,
            "created": created,
            "updated": reviewed_at or submitted_at or updated,
        }
        # Sources: every claim past draft has one (a name with a correction may do without), drafts sometimes.
        n_sources = (
            rng.choice((1, 1, 1, 2, 2, 3))
            if status != ClaimStatus.DRAFT and not correction
            else rng.choice((0, 0, 0, 1, 1, 2))
        )
        for _ in range(n_sources):
            publisher, domain = rng.choice(text.PUBLISHERS)
            sources.append(
                dict(
                    claim_id=claim_id,
                    url=f"https://{domain}/{rng.choice(text.SECTIONS)}/{rng.randint(1000, 999_999)}",
                    title=rng.choice(self.titles),
                    publisher=publisher,
                    excerpt=rng.choice(self.pool).text if rng.random() < 0.3 else "",
                    accessed_at=created.date(),
                    archive_url=f"https://archive.example/{rng.randint(10**8, 10**9)}" if rng.random() < 0.2 else "",
                    version=1,
                    created_by_id=creator,
                    created=created,
                    updated=created,
                )
            )
        if status == ClaimStatus.CHANGES_REQUESTED:
            comments.append(
                dict(
                    claim_id=claim_id,
                    author_id=reviewer,
                    kind=CommentKind.CHANGES_REQUESTED,
                    text=rng.choice(self.comments),
                    created=reviewed_at,
                )
            )
        if status == ClaimStatus.DRAFT and rng.random() < 0.1:
            comments.append(
                dict(
                    claim_id=claim_id,
                    author_id=rng.choice(self.reviewers),
                    kind=CommentKind.REOPENED,
                    text="Reopened: " + rng.choice(self.comments),
                    created=updated,
                )
            )
        if rng.random() < 0.1:
            for _ in range(rng.randint(1, 2)):
                comments.append(
                    dict(
                        claim_id=claim_id,
                        author_id=rng.choice(self.editors + self.reviewers),
                        kind=CommentKind.COMMENT,
                        text=rng.choice(self.comments),
                        created=self._clamp(created + timedelta(minutes=rng.randint(1, 3000))),
                    )
                )
        return row, row["updated"]


def generate_archive(
    *, articles: int, claims_per_article: int, seed: int, batch_size: int = 500, history: bool = True, progress=None
) -> Stats:
    """Add `articles` articles with about `claims_per_article` claims each; `progress(n, stats)` hears of each batch.

    A second thread builds the next batch while this one writes the last: building is Python, writing mostly
    waits for PostgreSQL, so the two overlap. Batches are built in order, so a seed gives the same archive.
    """
    generator = Generator(seed=seed, claims_per_article=claims_per_article, history=history)
    generator.prepare(articles)
    sizes = [min(batch_size, articles - done) for done in range(0, articles, batch_size)]
    built: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def producer():
        try:
            for n in sizes:
                if stop.is_set():
                    return
                built.put(generator.build(n))
        except BaseException as error:  # handed to the writer, which raises it
            built.put(error)
        finally:
            connection.close()

    thread = threading.Thread(target=producer, name="generate_archive-build", daemon=True)
    thread.start()
    try:
        for n in sizes:
            tables = built.get()
            if isinstance(tables, BaseException):
                raise tables
            generator.write(tables)
            if progress:
                progress(n, generator.stats)
    finally:
        stop.set()
        while thread.is_alive():
            try:
                built.get(timeout=0.1)
            except queue.Empty:
                pass
        thread.join()
    with connection.cursor() as cursor:
        for model in (Article, Revision, Claim, Source, Comment):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return generator.stats
