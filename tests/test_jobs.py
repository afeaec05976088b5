"""Services defer their app's jobs by the task's name (factcheck.jobs): each name is a registered task with its
own queue, and a name no task has is refused rather than queued for no worker."""

import pytest
from procrastinate.contrib.django import app
from procrastinate.exceptions import TaskNotFound

from factcheck import jobs
from integrations import webhooks
from notifications import password_reset
from notifications import services as notification_services
from suggestions import analysis


@pytest.mark.parametrize(
    ("name", "queue"),
    [
        (webhooks.DELIVERY_JOB, "webhooks"),
        (notification_services.EMAIL_JOB, "notifications"),
        (password_reset.RESET_JOB, "notifications"),
        (analysis.ANALYSIS_JOB, "suggestions"),
    ],
)
def test_each_job_a_service_defers_is_a_registered_task_on_its_queue(name, queue):
    assert app.tasks[name].queue == queue
    assert jobs.by_name(name).job.queue == queue


def test_a_name_no_task_has_is_refused():
    with pytest.raises(TaskNotFound):
        jobs.by_name("suggestions.analyse_articel")
