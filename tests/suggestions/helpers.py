from pathlib import Path

from django.conf import settings
from procrastinate.contrib.django.models import ProcrastinateJob

from annotations import services
from suggestions import tasks

DEMO_TEXT = (Path(settings.BASE_DIR) / "annotations" / "demo" / "putin-pezeshkian-ashgabat.txt").read_text(
    encoding="utf-8"
)
DEMO_TITLE = "Putin tells Pezeshkian relations with Iran are a priority for Russia"


def demo_article(user):
    """The demo article as an editor pastes it: no claims yet, its analysis deferred to the worker."""
    return services.article_create(user=user, title=DEMO_TITLE, body=DEMO_TEXT, publication="Tehran Times")


def run_worker_job(article) -> None:
    """What the worker does with the job the save deferred: the real task function, by its id."""
    job = ProcrastinateJob.objects.filter(
        task_name="suggestions.analyse_article", args={"article_id": article.pk}
    ).latest("id")
    tasks.analyse_article(**job.args)
    ProcrastinateJob.objects.filter(pk=job.pk).update(status="succeeded")
