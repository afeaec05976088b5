"""gunicorn's settings for production: `gunicorn -c gunicorn.conf.py factcheck.wsgi` (see docs/production.md).

Command-line options override these (`--workers`, `--bind`). The garbage collector: everything the app
loads (Django, the URL patterns, templates, DRF, the schema) lives as long as the worker, yet every full
collection walked it again: with a few hundred thousand such objects, a full collection took ~100 ms and
showed up as the p99 of the API (issue 12). Each worker therefore loads the app, warms what Django builds
lazily on the first request, and then freezes all of it (gc.freeze): collections only walk what requests
allocate. The first generation's threshold is raised too, so a request that builds a large page triggers
fewer collections of short-lived objects.
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Keep-alive between the TLS proxy and gunicorn saves a connection per request.
keepalive = 5
# Django's own logging reports errors; an access log belongs to the proxy.
accesslog = None

GC_THRESHOLD_GEN0 = 50_000


def _warm_up() -> None:
    """Build what Django otherwise builds on the first request, so it is frozen with the rest."""
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().check()  # imports every view module and compiles the URL patterns
    for name in ("annotations/article_detail.html", "annotations/article_list.html", "annotations/claim_detail.html"):
        try:
            get_template(name)
        except Exception:  # a template renamed later must not keep a worker from starting
            pass


def post_worker_init(worker) -> None:
    _warm_up()
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD_GEN0, *gc.get_threshold()[1:])
