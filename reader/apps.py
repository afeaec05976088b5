from django.apps import AppConfig


class ReaderConfig(AppConfig):
    """Plug-in: what readers outside the app see of the desk's published work. The public ClaimReview feed
    (/public/claimreview.json) and the reader embed (/public/embed.js and the claims it fetches). No log-in, no
    cookies; every answer 404s unless settings.PUBLIC_SITE (docs/embed.md)."""

    name = "reader"
    verbose_name = "Reader embed and ClaimReview feed"
