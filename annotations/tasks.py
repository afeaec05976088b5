"""Background jobs, run by the procrastinate worker that `./dev run` starts beside the web server."""

from procrastinate import builtin_tasks
from procrastinate.contrib.django import app


@app.periodic(cron="0 3 * * *")
@app.task(queueing_lock="remove_old_jobs", pass_context=True)
async def remove_old_jobs(context, timestamp):
    # Finished jobs older than a week are of no further use; keep the queue table small.
    return await builtin_tasks.remove_old_jobs(
        context, max_hours=24 * 7, remove_failed=False, remove_cancelled=True, remove_aborted=True
    )


def on_app_ready(app):
    app.import_paths = ["annotations.tasks"]
