"""Demo users and the demo article. Idempotent: running it again creates nothing twice.

The only place demo users are made. Passwords: DEMO_PASSWORD for all three when set; otherwise each new user
gets a random password, kept in `.demo-credentials` (git-ignored) so later runs can print it again.
"""

import json
import os
import secrets
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand
from django.db import transaction

from annotations import permissions, services
from annotations.models import Article, ClaimStatus, Rating

DEMO_TEXT = Path(__file__).resolve().parents[2] / "demo" / "putin-pezeshkian-ashgabat.txt"
CREDENTIALS = Path(settings.BASE_DIR) / ".demo-credentials"
DEMO_TITLE = "Putin tells Pezeshkian relations with Iran are a priority for Russia"
USERS = [("editor", permissions.EDITOR), ("reviewer", permissions.REVIEWER), ("admin", permissions.ADMIN)]

# quote, occurrence, fields, status
CLAIMS = [
    (
        "Ashgatat",
        dict(
            kind="name",
            verdict="incorrect",
            correction="Ashgabat",
            statement="The conference takes place in “Ashgatat”.",
            rationale="The capital of Turkmenistan is spelled Ashgabat, as the article itself spells it earlier.",
        ),
        [dict(url="https://en.wikipedia.org/wiki/Ashgabat", title="Ashgabat", publisher="Wikipedia")],
        ClaimStatus.SUBMITTED,
    ),
    (
        "leaders of 24 countries",
        dict(
            kind="number",
            verdict="mostly-true",
            statement="Leaders of 24 countries were expected to attend the BRICS summit in Kazan.",
            claimant="Kremlin",
            rationale="The Kremlin announced 24 heads of state; 36 countries took part, 22 of them at the level of "
            "head of state.",
        ),
        [dict(url="https://en.wikipedia.org/wiki/2024_BRICS_summit", title="2024 BRICS summit", publisher="Wikipedia")],
        ClaimStatus.CHANGES_REQUESTED,
    ),
    (
        "The summit of emerging economies starts on October 22",
        dict(
            kind="number",
            verdict="true",
            statement="The BRICS summit starts on 22 October.",
            rationale="The summit was held in Kazan on 22–24 October 2024.",
        ),
        [
            dict(
                url="https://en.wikipedia.org/wiki/2024_BRICS_summit",
                title="2024 BRICS summit",
                publisher="Wikipedia",
                excerpt="The 16th BRICS summit was held from 22 to 24 October 2024 in Kazan.",
            )
        ],
        ClaimStatus.APPROVED,
    ),
    (
        "Pezeshkian said Iran’s relationship with Russia is “sincere and strategic”",
        dict(
            kind="quote",
            statement="Pezeshkian called Iran’s relationship with Russia “sincere and strategic”.",
            claimant="Masoud Pezeshkian",
        ),
        [],
        ClaimStatus.DRAFT,
    ),
    (
        "Turkmenistan’s capital of Ashgabat",
        dict(kind="factual", verdict="true", statement="Ashgabat is the capital of Turkmenistan."),
        [],
        ClaimStatus.DRAFT,
    ),
]


class Command(BaseCommand):
    help = "Create the demo users (editor, reviewer, admin) and the demo article with its claims."

    def handle(self, *args, **options):
        with transaction.atomic():
            passwords = self.make_users()
            article, created = self.make_article()
        self.stdout.write(f"Demo article: {article.title} ({'created' if created else 'already there'})")
        # Plug-ins add their own demo data with a command named load_demo_<app>; the core knows none by name.
        for name in sorted(n for n in get_commands() if n.startswith("load_demo_")):
            call_command(name, stdout=self.stdout)
        self.stdout.write("Demo accounts:")
        for username, password in passwords.items():
            self.stdout.write(f"  {username:<9} password: {password}")

    def make_users(self) -> dict[str, str]:
        User = get_user_model()
        stored = json.loads(CREDENTIALS.read_text()) if CREDENTIALS.exists() else {}
        shared = os.environ.get("DEMO_PASSWORD")
        shown = {}
        for username, role in USERS:
            user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.com"})
            if created or shared:
                password = shared or stored.get(username) or secrets.token_urlsafe(9)
                user.set_password(password)
                stored[username] = password
            if username == "admin":
                user.is_staff = user.is_superuser = True
            user.save()
            user.groups.add(Group.objects.get(name=role))
            shown[username] = stored.get(username, "(set earlier; not known to this machine)")
        CREDENTIALS.write_text(json.dumps(stored))
        CREDENTIALS.chmod(0o600)
        return shown

    def make_article(self):
        existing = Article.objects.filter(title=DEMO_TITLE).first()
        if existing:
            return existing, False
        User = get_user_model()
        editor = User.objects.get(username="editor")
        reviewer = User.objects.get(username="reviewer")
        article = services.article_create(
            user=editor,
            title=DEMO_TITLE,
            url="https://news.example/world/putin-pezeshkian-ashgabat",
            publication="Tehran Times",
            published_at=date(2024, 10, 11),
            body=DEMO_TEXT.read_text(encoding="utf-8"),
        )
        ratings = {r.slug: r for r in Rating.objects.all()}
        for quote, fields, sources, status in CLAIMS:
            fields = dict(fields)  # CLAIMS is shared by every call in this process
            start = article.body.index(quote)
            verdict = ratings.get(fields.pop("verdict", None))
            claim = services.claim_create(
                article=article,
                user=editor,
                start=start,
                end=start + len(quote),
                quote=quote,
                verdict=verdict,
                **fields,
            )
            for source in sources:
                services.source_create(claim=claim, user=editor, accessed_at=date(2024, 10, 12), **source)
            # The demo starts mid-way through review, reached through the same services the app uses.
            if status != ClaimStatus.DRAFT:
                claim = services.claim_submit(claim=claim, user=editor)
            if status == ClaimStatus.APPROVED:
                services.claim_approve(claim=claim, user=reviewer)
            if status == ClaimStatus.CHANGES_REQUESTED:
                services.claim_request_changes(
                    claim=claim, user=reviewer, comment="Cite the Kremlin's own announcement, not only Wikipedia."
                )
        return article, True
