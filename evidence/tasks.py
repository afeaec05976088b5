"""Jobs on the `snapshots` queue, which has a worker of its own (`./dev run`, factcheck/launcher.py): a slow cited
site never holds up webhooks, text analysis or e-mail."""

from django.conf import settings
from procrastinate import RetryDecision
from procrastinate.contrib.django import app
from procrastinate.retry import BaseRetryStrategy

from evidence import fetching, services

QUEUE = "snapshots"
MAX_ATTEMPTS = 5


class RetryWhenAsked(BaseRetryStrategy):
    """The site answered 429 or 503 with Retry-After: try again when it said, a few times at most."""

    def get_retry_decision(self, *, exception, job):
        if isinstance(exception, fetching.FetchError) and exception.retry_after and job.attempts < MAX_ATTEMPTS:
            return RetryDecision(retry_in={"seconds": int(exception.retry_after) + 1})
        return None


@app.task(name=services.SNAPSHOT_JOB, queue=QUEUE, retry=RetryWhenAsked())
def take_snapshot(snapshot_id: int):
    services.snapshot_take(snapshot_id)


# The due checks run for at most nine minutes (and 10,000 sources, read at once), so one run ends before the next
# (every ten minutes) starts.
@app.periodic(cron=settings.SOURCE_CHECK_CRON)
@app.task(queue=QUEUE, queueing_lock="check_due_sources")
def check_due_sources(timestamp):
    services.sources_check(due_only=True, budget_seconds=9 * 60, limit=10_000)


# Once a day: previews never saved as an article, and stored files no copy names any more.
@app.periodic(cron="17 3 * * *")
@app.task(queue=QUEUE, queueing_lock="forget_unused_copies")
def forget_unused_copies(timestamp):
    services.unused_copies_forget()
