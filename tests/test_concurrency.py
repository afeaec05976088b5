"""Conflicting saves on real parallel PostgreSQL connections: one wins, the other is told, nothing is lost."""

import threading

import pytest
from django.db import connection, connections

from annotations import permissions, services
from annotations.models import Claim, ClaimStatus
from tests import workflow
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True)
RACES = 200


def race(*calls):
    """Run the calls at the same moment, each on its own connection; return each one's result or exception."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_conflicting_saves_never_lose_an_update(editor, editor2, reviewer):
    reviewer2 = make_user("reviewer2", permissions.REVIEWER)
    article = workflow.article(editor)
    lost = 0
    for n in range(RACES):
        claim = (
            workflow.submitted_claim(article, editor, "leaders of 24 countries")
            if n % 2
            else workflow.claim(article, editor)
        )
        version = Claim.objects.get(pk=claim.pk).version
        if n % 2:
            # Approve racing an edit, or two reviewers approving at once.
            calls = [
                lambda claim=claim, version=version: services.claim_approve(
                    claim=claim, user=reviewer, version=version
                ),
                (
                    lambda claim=claim, version=version: services.claim_approve(
                        claim=claim, user=reviewer2, version=version
                    )
                )
                if n % 4 == 1
                else (
                    lambda claim=claim, version=version: services.claim_update(
                        claim=claim, user=editor2, version=version, changes={"rationale": "edited"}
                    )
                ),
            ]
        else:
            calls = [
                lambda claim=claim, version=version: services.claim_update(
                    claim=claim, user=editor, version=version, changes={"claimant": "A"}
                ),
                lambda claim=claim, version=version: services.claim_update(
                    claim=claim, user=editor2, version=version, changes={"claimant": "B"}
                ),
            ]
        results = race(*calls)
        winners = [r for r in results if isinstance(r, Claim)]
        losers = [r for r in results if not isinstance(r, Claim)]
        saved = Claim.objects.get(pk=claim.pk)
        assert len(winners) == 1, results
        # Every loser is told why: a stale version, or a claim no longer waiting for review.
        assert all(isinstance(r, (services.Conflict, services.ValidationError)) for r in losers), losers
        winner = winners[0]
        if saved.version != winner.version or (winner.status == ClaimStatus.APPROVED) != (
            saved.status == ClaimStatus.APPROVED
        ):
            lost += 1
        if saved.claimant not in ("", winner.claimant) or saved.rationale != winner.rationale:
            lost += 1
        Claim.objects.filter(pk=claim.pk).delete()
    assert lost == 0
    connection.close()
